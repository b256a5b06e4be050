// Deletes items by key for the table viewer's "Delete selected", through the batch-write engine. No 'vscode'
// import: a read-only connection's client refuses the request in its guard, whatever calls this.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { StudioError } from '../../model/errors';
import type { Item } from '../../model/items/types';
import { itemToDynamoJsonLine } from '../../model/transfer/lines';
import { BatchWriteEngine } from '../dynamo/batchWriteEngine';

export interface DeleteReport {
  /** Keys DynamoDB confirmed deleted (or that were already absent: a delete of a missing key succeeds). */
  deleted: Item[];
  /** Keys left unprocessed after every retry, or not sent because of a cancel. */
  failed: Item[];
}

/**
 * Deletes every key; rejects with a StudioError when DynamoDB refuses a request (read-only connection, access
 * denied, a key that does not match the table, …), saying how many were deleted before.
 */
export async function deleteItemsByKey(client: DynamoDBClient, table: string, keys: readonly Item[], signal?: AbortSignal): Promise<DeleteReport> {
  // The same key twice would be deleted (and counted) twice.
  const unique = new Map<string, Item>();
  for (const key of keys) unique.set(itemToDynamoJsonLine(key), key);
  const all = [...unique.values()];
  const keyNames = [...new Set(all.flatMap((k) => Object.keys(k)))];
  const operation = `Deleting ${keys.length === 1 ? 'the item' : `${keys.length} items`} from table "${table}"`;
  const engine = new BatchWriteEngine(client, table, { keyNames, operation, concurrency: 1, maxAttempts: 8, baseDelayMs: 100, maxDelayMs: 2000, signal });
  for (let index = 0; index < all.length; index++) await engine.delete(all[index], { index });
  await engine.close();
  const before = `${engine.written} item${engine.written === 1 ? ' was' : 's were'} deleted before it stopped.`;
  if (engine.fatal) {
    const { kind, message, hint, fixCommand, awsCode } = engine.fatal;
    throw new StudioError(kind, `${message} ${before}`, { hint, fixCommand, awsCode, cause: engine.fatal });
  }
  const rejected = engine.failures.find((f) => f.reason === 'rejected');
  if (rejected) throw new StudioError('validation', `${rejected.message} ${before}`, { hint: 'Check that the selected rows still match the table\'s key schema, then delete them again.' });
  const failed = new Set(engine.failures.map((f) => f.index));
  return { deleted: all.filter((_, i) => !failed.has(i)), failed: all.filter((_, i) => failed.has(i)) };
}
