// Purge: delete every item of a table and keep the table (its indexes, stream, settings and ARN). A parallel
// scan reads only the key attributes; the keys go to the batch-write engine as deletes (25 per request, several in
// flight, unprocessed items sent again with backoff).
import { DescribeTableCommand, DynamoDBClient, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { StudioError } from '../../model/errors';
import { keyNamesOf } from '../../model/table/tableInfo';
import { BatchWriteEngine } from './batchWriteEngine';
import { adminError, sendAs } from './tableAdmin';

export interface PurgeProgress {
  deleted: number;
  scanned: number;
}

export interface PurgeOptions {
  /** Parallel scan segments (default 4); as many delete batches are in flight. */
  segments?: number;
  signal?: AbortSignal;
  onProgress?: (progress: PurgeProgress) => void;
  /** Sends of one delete before giving up on items the service keeps leaving unprocessed (default 10). */
  maxBatchAttempts?: number;
  /** Ceiling of the first pause before resending unprocessed items, doubled each time up to 5 s (default 50 ms). */
  retryBaseMs?: number;
  /** Items per Scan page (default: the service's 1 MB pages). */
  pageSize?: number;
}

export interface PurgeResult extends PurgeProgress {
  /** True when the signal stopped the purge before the table was empty. */
  cancelled: boolean;
}

type Key = Record<string, AttributeValue>;

/**
 * Deletes every item of the table. Stops between batches when the signal aborts and returns how many items were
 * deleted by then (`cancelled: true`); a failure throws a StudioError whose message says how many were deleted.
 */
export async function purgeTable(client: DynamoDBClient, tableName: string, options: PurgeOptions = {}): Promise<PurgeResult> {
  const { signal, onProgress, maxBatchAttempts = 10, retryBaseMs = 50, pageSize } = options;
  const segments = Math.max(1, Math.min(64, Math.trunc(options.segments ?? 4)));
  const operation = `Purge table "${tableName}"`;
  const { Table: table } = await sendAs(client, operation, signal, () => client.send(new DescribeTableCommand({ TableName: tableName }), { abortSignal: signal }));
  const keyNames = keyNamesOf(table ?? {});
  if (keyNames.length === 0) throw new StudioError('unknown', `${operation} failed: the table description has no key schema.`);
  const names: Record<string, string> = {};
  keyNames.forEach((n, i) => (names[`#k${i}`] = n));
  const projection = Object.keys(names).join(', ');

  let scanned = 0;
  const report = () => onProgress?.({ deleted: engine.written, scanned });
  const engine = new BatchWriteEngine(client, tableName, {
    keyNames,
    operation,
    concurrency: segments,
    maxAttempts: maxBatchAttempts,
    baseDelayMs: retryBaseMs,
    signal,
    onProgress: report,
  });
  let failed = false;
  // A delete that failed for good (not by the cancel) ends the purge: the rest would most likely fail the same way.
  const stopped = () => failed || engine.stopped || engine.failures.some((f) => f.reason !== 'cancelled');

  /** A scan page, or undefined when the signal aborted it (a read, so stopping it mid-flight loses nothing). */
  const sendScan = async (command: ScanCommand) => {
    try {
      return await client.send(command, { abortSignal: signal });
    } catch (err) {
      if (signal?.aborted) return undefined;
      throw err;
    }
  };

  const scanSegment = async (segment: number): Promise<void> => {
    let startKey: Key | undefined;
    do {
      if (stopped()) return;
      const page = await sendScan(
        new ScanCommand({
          TableName: tableName,
          Segment: segments > 1 ? segment : undefined,
          TotalSegments: segments > 1 ? segments : undefined,
          ProjectionExpression: projection,
          ExpressionAttributeNames: names,
          ExclusiveStartKey: startKey,
          Limit: pageSize,
          ConsistentRead: true,
        }),
      );
      if (!page) return;
      const keys = page.Items ?? [];
      scanned += keys.length;
      for (const key of keys) {
        if (stopped()) return;
        await engine.delete(key);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  };

  // One failing segment stops the others at their next step; all are awaited so the count is final.
  const outcomes = await Promise.allSettled(
    Array.from({ length: segments }, (_, s) =>
      scanSegment(s).catch((err: unknown) => {
        failed = true;
        throw err;
      }),
    ),
  );
  await engine.close();
  const done = `${engine.written} item${engine.written === 1 ? ' was' : 's were'} deleted before it stopped.`;
  const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  const cause: unknown = failure ? failure.reason : engine.fatal ? (engine.fatal.cause ?? engine.fatal) : undefined;
  if (cause !== undefined) {
    const e = await adminError(client, operation, cause);
    throw new StudioError(e.kind, `${e.message} ${done}`, { hint: e.hint, fixCommand: e.fixCommand, awsCode: e.awsCode, cause });
  }
  const lost = engine.failures.filter((f) => f.reason !== 'cancelled');
  if (lost.length > 0) {
    const throttled = lost.every((f) => f.reason === 'unprocessed' || f.reason === 'throttled');
    const why = throttled ? `DynamoDB left ${lost.length} deletes unprocessed after ${maxBatchAttempts} attempts` : `${lost.length} deletes failed: ${lost[0].message}`;
    throw new StudioError(throttled ? 'throttled' : 'unknown', `${operation} stopped: ${why}. ${done}`, {
      hint: throttled ? 'The table is short of write capacity: raise it or wait, then purge again to delete the rest.' : 'Fix the cause, then purge again to delete the rest.',
    });
  }
  report();
  return { deleted: engine.written, scanned, cancelled: signal?.aborted === true };
}

/** One sentence on how a purge ended, for notifications. */
export function purgeSummary(tableName: string, result: PurgeResult): string {
  const items = `${result.deleted.toLocaleString('en-US')} item${result.deleted === 1 ? '' : 's'}`;
  return result.cancelled
    ? `Purge of table "${tableName}" was stopped: ${items} deleted; the rest remain.`
    : `Table "${tableName}" was purged: ${items} deleted.`;
}
