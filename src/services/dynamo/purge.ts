// Purge: delete every item of a table and keep the table (its indexes, stream, settings and ARN). A parallel
// scan reads only the key attributes; keys are deleted 25 at a time with BatchWriteItem, and items the service
// leaves unprocessed are sent again with growing pauses.
import {
  BatchWriteItemCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ScanCommand,
  type AttributeValue,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { StudioError } from '../../model/errors';
import { adminError, sendAs, sleep } from './tableAdmin';

/** BatchWriteItem takes at most 25 requests. */
export const BATCH_WRITE_LIMIT = 25;

export interface PurgeProgress {
  deleted: number;
  scanned: number;
}

export interface PurgeOptions {
  /** Parallel scan segments (default 4). */
  segments?: number;
  signal?: AbortSignal;
  onProgress?: (progress: PurgeProgress) => void;
  /** Sends of one batch before giving up on items the service keeps leaving unprocessed (default 10). */
  maxBatchAttempts?: number;
  /** First pause before resending unprocessed items, doubled each time up to 5 s (default 50 ms). */
  retryBaseMs?: number;
  /** Items per Scan page (default: the service's 1 MB pages). */
  pageSize?: number;
}

export interface PurgeResult extends PurgeProgress {
  /** True when the signal stopped the purge before the table was empty. */
  cancelled: boolean;
}

type Key = Record<string, AttributeValue>;

/** Backoff before the n-th resend (n ≥ 1): base·2^(n-1), at most 5 s, with jitter in its upper half. */
export function retryDelayMs(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(5000, baseMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Deletes every item of the table. Stops between batches when the signal aborts and returns how many items were
 * deleted by then (`cancelled: true`); a failure throws a StudioError whose message says how many were deleted.
 */
export async function purgeTable(client: DynamoDBClient, tableName: string, options: PurgeOptions = {}): Promise<PurgeResult> {
  const { signal, onProgress, maxBatchAttempts = 10, retryBaseMs = 50, pageSize } = options;
  const segments = Math.max(1, Math.min(64, Math.trunc(options.segments ?? 4)));
  const operation = `Purge table "${tableName}"`;
  const { Table: table } = await sendAs(client, operation, signal, () => client.send(new DescribeTableCommand({ TableName: tableName }), { abortSignal: signal }));
  const keyNames = (table?.KeySchema ?? []).map((k) => k.AttributeName!);
  if (keyNames.length === 0) throw new StudioError('unknown', `${operation} failed: the table description has no key schema.`);
  const names: Record<string, string> = {};
  keyNames.forEach((n, i) => (names[`#k${i}`] = n));
  const projection = Object.keys(names).join(', ');

  const progress: PurgeProgress = { deleted: 0, scanned: 0 };
  const report = () => onProgress?.({ ...progress });
  let failed = false;
  const stopped = () => failed || signal?.aborted === true;

  const deleteBatch = async (keys: Key[]): Promise<void> => {
    let pending: WriteRequest[] = keys.map((Key) => ({ DeleteRequest: { Key } }));
    for (let attempt = 1; pending.length > 0; attempt++) {
      const sent = pending.length;
      // Not aborted mid-request: a batch in flight either lands or fails, so the count stays true.
      const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }));
      pending = out.UnprocessedItems?.[tableName] ?? [];
      progress.deleted += sent - pending.length;
      report();
      if (pending.length === 0) return;
      if (attempt >= maxBatchAttempts) {
        throw new StudioError('throttled', `${operation} stopped: DynamoDB left ${pending.length} deletes unprocessed after ${attempt} attempts.`, {
          hint: 'The table is short of write capacity: raise it or wait, then purge again to delete the rest.',
        });
      }
      await sleep(retryDelayMs(attempt, retryBaseMs));
    }
  };

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
      progress.scanned += keys.length;
      for (let i = 0; i < keys.length; i += BATCH_WRITE_LIMIT) {
        if (stopped()) return;
        await deleteBatch(keys.slice(i, i + BATCH_WRITE_LIMIT));
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
  const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failure) {
    const err: unknown = failure.reason;
    const e = await adminError(client, operation, err);
    const done = `${progress.deleted} item${progress.deleted === 1 ? ' was' : 's were'} deleted before it stopped.`;
    throw new StudioError(e.kind, `${e.message} ${done}`, { hint: e.hint, fixCommand: e.fixCommand, awsCode: e.awsCode, cause: err });
  }
  report();
  return { ...progress, cancelled: signal?.aborted === true };
}

/** One sentence on how a purge ended, for notifications. */
export function purgeSummary(tableName: string, result: PurgeResult): string {
  const items = `${result.deleted.toLocaleString('en-US')} item${result.deleted === 1 ? '' : 's'}`;
  return result.cancelled
    ? `Purge of table "${tableName}" was stopped: ${items} deleted; the rest remain.`
    : `Table "${tableName}" was purged: ${items} deleted.`;
}
