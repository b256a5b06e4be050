// Writes items with BatchWriteItem: batches of 25, several in flight, unprocessed items and throttling retried with
// exponential backoff and full jitter. Requests already sent are never aborted, so `written` counts exactly the
// items DynamoDB confirmed, also after a cancel.
import { BatchWriteItemCommand, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { reportRetry } from '../aws/clientPool';
import { StudioError, toStudioError } from '../../model/errors';
import type { Item } from '../../model/items/types';
import { itemToDynamoJsonLine } from '../../model/transfer/lines';

export const BATCH_SIZE = 25;

export interface BatchWriterOptions {
  /** Batches in flight at once; 8 by default. */
  concurrency?: number;
  /** Attempts per item for unprocessed items and throttling, including the first; 10 by default. */
  maxAttempts?: number;
  /** Backoff before the first retry, doubled each time, with full jitter; 50 ms by default. */
  baseDelayMs?: number;
  /** Longest backoff; 5 s by default. */
  maxDelayMs?: number;
  /** Stops retries and new batches; requests already sent finish. */
  signal?: AbortSignal;
  /** Attribute names of the table's primary key: two items with the same key never share a batch. */
  keyNames: readonly string[];
  /** Where the items go, for messages. */
  operation: string;
}

/** Something that identifies an item in the report: its line in the file, or its position in a copy. */
export interface ItemRef {
  line?: number;
  index?: number;
}

export interface WriteFailure extends ItemRef {
  item: Item;
  message: string;
  /** The request was sent but its answer never came (connection broken, timeout): DynamoDB may have written it. */
  unconfirmed?: boolean;
}

/** Errors that no retry fixes and that would fail every other batch the same way. */
const FATAL_KINDS = new Set(['readOnly', 'accessDenied', 'notFound', 'endpointUnreachable', 'missingCredentials', 'expiredToken', 'ssoLoginRequired', 'badConfig', 'unsupported']);
/** Network failures that happen before a request is sent: nothing reached DynamoDB. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const RETRYABLE_CODES = new Set(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded', 'InternalServerError', 'ServiceUnavailable', 'LimitExceededException']);

interface Pending {
  item: Item;
  ref: ItemRef;
  key: string;
  attempts: number;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export class BatchWriter {
  written = 0;
  readonly failures: WriteFailure[] = [];
  /** The first error that stopped all writing (read-only connection, access denied, …). */
  fatal?: StudioError;
  private batch: Pending[] = [];
  private batchKeys = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();
  /** The batch in flight for each key, so that a later write of the same key waits for it. */
  private readonly inFlightKeys = new Map<string, Promise<void>>();
  private readonly concurrency: number;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
    private readonly options: BatchWriterOptions,
    private readonly onSettled?: () => void,
  ) {
    this.concurrency = Math.max(1, options.concurrency ?? 8);
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 10);
    this.baseDelayMs = options.baseDelayMs ?? 50;
    this.maxDelayMs = options.maxDelayMs ?? 5000;
  }

  get stopped(): boolean {
    return this.fatal !== undefined || !!this.options.signal?.aborted;
  }

  /** Queues an item; waits while the maximum number of batches is in flight. */
  async add(item: Item, ref: ItemRef): Promise<void> {
    if (this.stopped) {
      this.fail({ item, ref, key: '', attempts: 0 }, this.stopReason());
      return;
    }
    const key = this.keyOf(item);
    // The same key twice in one request is refused by DynamoDB; the later item must win, as with single writes.
    if (this.batchKeys.has(key)) await this.flush();
    this.batch.push({ item, ref, key, attempts: 0 });
    this.batchKeys.add(key);
    if (this.batch.length >= BATCH_SIZE) await this.flush();
  }

  /** Sends the partial batch; waits while the maximum number of batches is in flight. */
  async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const batch = this.batch;
    this.batch = [];
    this.batchKeys = new Set();
    // Batches run in parallel and may land in any order: a key written again must wait for its earlier write.
    const earlier = new Set(batch.map((p) => this.inFlightKeys.get(p.key)).filter((x): x is Promise<void> => x !== undefined));
    if (earlier.size > 0) await Promise.all(earlier);
    while (this.inFlight.size >= this.concurrency) await Promise.race(this.inFlight);
    const running: Promise<void> = this.send(batch).finally(() => {
      this.inFlight.delete(running);
      for (const p of batch) if (this.inFlightKeys.get(p.key) === running) this.inFlightKeys.delete(p.key);
      this.onSettled?.();
    });
    this.inFlight.add(running);
    for (const p of batch) this.inFlightKeys.set(p.key, running);
  }

  /** Sends what is left and waits for every batch. */
  async close(): Promise<void> {
    await this.flush();
    while (this.inFlight.size > 0) await Promise.race(this.inFlight);
  }

  private keyOf(item: Item): string {
    const key: Item = {};
    for (const name of this.options.keyNames) if (item[name]) key[name] = item[name];
    return itemToDynamoJsonLine(key);
  }

  private stopReason(): string {
    return this.fatal ? `Not written: ${this.fatal.message}` : 'Not written: the operation was cancelled before this item was sent.';
  }

  private fail(p: Pending, message: string): void {
    this.failures.push({ ...p.ref, item: p.item, message });
  }

  private delay(attempt: number): number {
    const ceiling = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** attempt);
    return Math.random() * ceiling;
  }

  /** Writes a batch, retrying what DynamoDB leaves unprocessed until every item is written or has failed. */
  private async send(batch: Pending[]): Promise<void> {
    let pending = batch;
    while (pending.length > 0) {
      if (this.stopped) {
        for (const p of pending) this.fail(p, this.stopReason());
        return;
      }
      const attempt = Math.max(...pending.map((p) => p.attempts));
      if (attempt > 0) await sleep(this.delay(attempt - 1), this.options.signal);
      if (this.stopped) {
        for (const p of pending) this.fail(p, this.stopReason());
        return;
      }
      for (const p of pending) p.attempts++;
      const requests: WriteRequest[] = pending.map((p) => ({ PutRequest: { Item: p.item } }));
      let unprocessed: WriteRequest[];
      try {
        // No abort signal: once sent, the answer tells exactly what was written.
        const out = await this.client.send(new BatchWriteItemCommand({ RequestItems: { [this.table]: requests } }));
        unprocessed = out.UnprocessedItems?.[this.table] ?? [];
      } catch (err) {
        const error = toStudioError(err, { operation: this.options.operation });
        if (FATAL_KINDS.has(error.kind)) {
          this.fatal ??= error;
          const unconfirmed = error.kind === 'endpointUnreachable' && !NOT_SENT_CODES.has(error.awsCode ?? '');
          for (const p of pending) {
            this.failures.push({
              ...p.ref,
              item: p.item,
              message: unconfirmed ? `Maybe written: the connection broke before DynamoDB answered (${error.awsCode}). Importing it again writes the same item.` : `Not written: ${error.message}`,
              ...(unconfirmed ? { unconfirmed } : {}),
            });
          }
          return;
        }
        if (error.kind === 'throttled' || (error.awsCode !== undefined && RETRYABLE_CODES.has(error.awsCode))) {
          pending = this.keepRetrying(pending, `DynamoDB kept throttling the writes (${error.awsCode ?? 'throttled'}) after ${this.maxAttempts} attempts.`);
          this.announceRetry(pending, error.kind === 'throttled' ? 'throttled' : 'unavailable', error.awsCode);
          continue;
        }
        if (pending.length > 1) {
          // One bad item fails the whole request: send them one by one to find it and write the others.
          await Promise.all(pending.map((p) => this.send([{ ...p, attempts: 0 }])));
          return;
        }
        this.fail(pending[0], error.message);
        return;
      }
      const unprocessedKeys = new Set(unprocessed.map((r) => this.keyOf((r.PutRequest?.Item ?? {}) as Item)));
      const left = pending.filter((p) => unprocessedKeys.has(p.key));
      this.written += pending.length - left.length;
      pending = this.keepRetrying(left, `DynamoDB left the item unprocessed ${this.maxAttempts} times (the table's write capacity is exhausted). Import the failed items again later.`);
      this.announceRetry(pending, 'unprocessed', undefined);
    }
  }

  /** Tells the operation's retry observers that these items are sent again after a backoff. */
  private announceRetry(pending: Pending[], reason: 'throttled' | 'unavailable' | 'unprocessed', errorCode: string | undefined): void {
    if (pending.length === 0 || this.stopped) return;
    reportRetry({
      reason,
      operation: 'BatchWriteItem',
      table: this.table,
      attempt: Math.max(...pending.map((p) => p.attempts)),
      maxAttempts: this.maxAttempts,
      items: pending.length,
      ...(errorCode ? { errorCode } : {}),
    });
  }

  /** Those with attempts left; the others become failures with `message`. */
  private keepRetrying(pending: Pending[], message: string): Pending[] {
    const retry: Pending[] = [];
    for (const p of pending) {
      if (p.attempts >= this.maxAttempts) this.fail(p, message);
      else retry.push(p);
    }
    return retry;
  }
}
