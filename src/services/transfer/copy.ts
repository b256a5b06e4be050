// Copies items to another table, on the same or any other connection: reads with the spec (a parallel scan for a
// whole table), checks each item against the target's keys, writes with the same batches, retries and report as
// an import. Items are numbered in the order they are read; bad ones are reported by that number as `line`.
import * as os from 'node:os';
import * as path from 'node:path';
import type { DynamoDBClient, TableDescription } from '@aws-sdk/client-dynamodb';
import { observeRetries, type RetryNotice } from '../aws/clientPool';
import { toStudioError } from '../../model/errors';
import { newQuerySpec, type QuerySpec } from '../../model/query/querySpec';
import { fetchAll } from '../query/runner';
import { BatchWriteEngine } from '../dynamo/batchWriteEngine';
import { describeForTransfer, itemProblem, tableKeys, TransferAccounting, TransferStoppedError, type TransferProgress, type TransferReport } from './import';
import { itemToDynamoJsonLine } from '../../model/transfer/lines';
import { projectKey } from '../../model/items/equality';
import type { Item } from '../../model/items/types';

export interface CopyOptions {
  signal?: AbortSignal;
  onProgress?: (progress: TransferProgress) => void;
  concurrency?: number;
  maxAttempts?: number;
  /** Where failed items go (DynamoDB JSON lines); a file in the temporary folder by default. */
  failedItemsFile?: string;
  /** The target table's description; read with DescribeTable when omitted. */
  targetTable?: TableDescription;
  /** Called when a read or a write is retried (throttling, unprocessed items, endpoint errors), before the backoff. */
  onRetry?: (notice: RetryNotice) => void;
}

/** A spec that reads a whole table with a parallel scan. */
export function wholeTableSpec(table: string, segments = 4): QuerySpec {
  return { ...newQuerySpec(table), segments };
}

/** Copies what `source` finds to `targetTable`. Resolves with the report (also after a cancel); rejects with TransferStoppedError when writing had to stop. */
export function copyItems(sourceClient: DynamoDBClient, source: QuerySpec, targetClient: DynamoDBClient, targetTable: string, options: CopyOptions = {}): Promise<TransferReport> {
  return observeRetries(options.onRetry, () => copyAll(sourceClient, source, targetClient, targetTable, options));
}

async function copyAll(sourceClient: DynamoDBClient, source: QuerySpec, targetClient: DynamoDBClient, targetTable: string, options: CopyOptions): Promise<TransferReport> {
  const operation = `Copy items to table "${targetTable}"`;
  const target = options.targetTable ?? (await describeForTransfer(targetClient, targetTable, operation, options.signal));
  const keys = tableKeys(target);
  const writer = new BatchWriteEngine(targetClient, targetTable, {
    concurrency: options.concurrency,
    maxAttempts: options.maxAttempts,
    signal: options.signal,
    keyNames: keys.keySchema.map((k) => k.name),
    operation: `Write items to table "${targetTable}"`,
    onProgress: () => accounting.progress(),
  });
  const accounting = new TransferAccounting(writer, options.onProgress);
  // Reading stops with the first write error that stops everything.
  const reading = new AbortController();
  const stopReading = () => reading.abort();
  options.signal?.addEventListener('abort', stopReading, { once: true });
  try {
    await fetchAll(sourceClient, source, {
      signal: reading.signal,
      collect: false,
      onItems: async (items) => {
        for (const item of items) {
          if (writer.stopped) {
            reading.abort();
            return;
          }
          const index = ++accounting.read;
          const problem = itemProblem(item, keys);
          if (problem) {
            accounting.badRow(index, `Item ${index} (${keySummary(item, keys.keySchema.map((k) => k.name))}): ${problem}`);
            continue;
          }
          await writer.put(item, { index });
        }
      },
    });
    await writer.close();
  } catch (err) {
    await writer.close().catch(() => undefined);
    // Reading the source failed: what was written so far stays, and the report says exactly how much.
    const reason = toStudioError(err, { operation });
    throw new TransferStoppedError(writer.fatal ?? reason, await accounting.report(failedItemsFileFor(targetTable, options), false));
  } finally {
    options.signal?.removeEventListener('abort', stopReading);
  }
  accounting.progress();
  const failedItemsFile = failedItemsFileFor(targetTable, options);
  const report = await accounting.report(failedItemsFile, !!options.signal?.aborted);
  if (writer.fatal) throw new TransferStoppedError(writer.fatal, report);
  return report;
}

function failedItemsFileFor(targetTable: string, options: CopyOptions): string {
  return options.failedItemsFile ?? path.join(os.tmpdir(), `dynamodb-studio-copy-${encodeURIComponent(targetTable)}-${Date.now()}.failed.ddb.jsonl`);
}

function keySummary(item: Item, names: string[]): string {
  const key = projectKey(item, names);
  return Object.keys(key).length === 0 ? 'no key attributes' : itemToDynamoJsonLine(key);
}
