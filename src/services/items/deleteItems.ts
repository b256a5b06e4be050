// Deletes items by key with BatchWriteItem (25 per request), retrying what DynamoDB leaves unprocessed. The core's
// BatchWriter only puts items, so the viewer's "Delete selected" has its own small writer here. No 'vscode'
// import: a read-only connection's client refuses the request in its guard, whatever calls this.
import { BatchWriteItemCommand, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { toStudioError } from '../../model/errors';
import type { Item } from '../../model/items/types';
import { itemToDynamoJsonLine } from '../../model/transfer/lines';

const BATCH_SIZE = 25;
const MAX_ATTEMPTS = 8;

export interface DeleteReport {
  /** Keys DynamoDB confirmed deleted (or that were already absent: a delete of a missing key succeeds). */
  deleted: Item[];
  /** Keys left unprocessed after every retry. */
  failed: Item[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Deletes every key; rejects with a StudioError when a request fails (read-only connection, access denied, …). */
export async function deleteItemsByKey(client: DynamoDBClient, table: string, keys: readonly Item[], signal?: AbortSignal): Promise<DeleteReport> {
  const report: DeleteReport = { deleted: [], failed: [] };
  // The same key twice in one request is refused by DynamoDB.
  const unique = new Map<string, Item>();
  for (const key of keys) unique.set(itemToDynamoJsonLine(key), key);
  const all = [...unique.values()];
  for (let start = 0; start < all.length; start += BATCH_SIZE) {
    if (signal?.aborted) {
      report.failed.push(...all.slice(start));
      break;
    }
    let pending = all.slice(start, start + BATCH_SIZE);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= MAX_ATTEMPTS) {
        report.failed.push(...pending);
        break;
      }
      if (attempt > 0) await sleep(Math.random() * Math.min(2000, 50 * 2 ** attempt));
      const requests: WriteRequest[] = pending.map((key) => ({ DeleteRequest: { Key: key } }));
      let unprocessed: WriteRequest[];
      try {
        const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
        unprocessed = out.UnprocessedItems?.[table] ?? [];
      } catch (err) {
        throw toStudioError(err, { operation: `Deleting ${keys.length === 1 ? 'the item' : `${keys.length} items`} from table "${table}" (${report.deleted.length} deleted before)` });
      }
      const left = new Set(unprocessed.map((r) => itemToDynamoJsonLine((r.DeleteRequest?.Key ?? {}) as Item)));
      for (const key of pending) if (!left.has(itemToDynamoJsonLine(key))) report.deleted.push(key);
      pending = pending.filter((key) => left.has(itemToDynamoJsonLine(key)));
    }
  }
  return report;
}
