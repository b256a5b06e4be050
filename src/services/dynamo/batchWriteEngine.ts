// The one BatchWriteItem engine of the services: every write of many items (import, copy, purge, deleting rows in
// the table viewer, and any later multi-item write) goes through it, so they all batch, retry, cancel and account
// the same way.
//
//   const engine = new BatchWriteEngine(client, 'Orders', { keyNames: ['pk', 'sk'], operation: 'Import …' });
//   for (const item of items) await engine.put(item, { line });    // or engine.delete(key, { index })
//   await engine.close();                                          // sends the rest, waits for every batch
//   engine.written; engine.failures; engine.fatal;                 // the exact outcome
//   await engine.writeFailedItems(file);                           // the items not confirmed, ready to import again
//
// What it guarantees:
// - Batches of at most 25 requests, `concurrency` of them in flight; `put`/`delete` wait while that many are out.
// - Two requests for the same key never share a batch, and a key written again waits for its earlier batch, so
//   the later request is what stays (as with single writes).
// - Items DynamoDB leaves unprocessed, and whole requests refused by throttling or a 5xx, are sent again after
//   `backoffDelayMs` (exponential, with jitter), up to `maxAttempts` sends per item; each retry is announced to the
//   operation's retry observers (clientPool.reportRetry) before the pause.
// - A request that fails for one bad item is split into single requests, so the others are written and the bad
//   one fails alone with DynamoDB's reason.
// - Errors that would fail every request the same way (read-only connection, access denied, missing table,
//   unreachable endpoint, credentials) stop the engine: `fatal` holds the first one, and every item not written is a
//   failure. A broken connection after sending marks its items `unconfirmed` (DynamoDB may have written them).
// - The AbortSignal stops retries and new batches; requests already sent are never aborted, so `written` counts
//   exactly the items DynamoDB confirmed, also after a cancel.
// - After `close()`, every item given is either counted in `written` or listed once in `failures`.
import * as fs from 'node:fs';
import { BatchWriteItemCommand, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { reportRetry } from '../aws/clientPool';
import { backoffDelayMs, sleep } from '../retry/backoff';
import { StudioError, toStudioError } from '../../model/errors';
import { projectKey } from '../../model/items/equality';
import type { Item } from '../../model/items/types';
import { itemToDynamoJsonLine, itemToExportLine } from '../../model/transfer/lines';

/** BatchWriteItem takes at most 25 requests. */
export const BATCH_WRITE_LIMIT = 25;

export interface BatchWriteOptions {
  /** Attribute names of the table's primary key: two requests for the same key never share a batch. */
  keyNames: readonly string[];
  /** What is being done, for error messages, e.g. `Write items to table "Orders"`. */
  operation: string;
  /** Batches in flight at once; 8 by default. */
  concurrency?: number;
  /** Sends per item for unprocessed items and throttling, including the first; 10 by default. */
  maxAttempts?: number;
  /** Ceiling of the first retry's pause, doubled each retry (see backoffDelayMs); 50 ms by default. */
  baseDelayMs?: number;
  /** Largest pause ceiling; 5 s by default. */
  maxDelayMs?: number;
  /** Stops retries and new batches; requests already sent finish and are counted. */
  signal?: AbortSignal;
  /** Called after every answer (or failure) of a BatchWriteItem request, with the counts so far. */
  onProgress?: (progress: BatchWriteProgress) => void;
}

export interface BatchWriteProgress {
  /** Requests DynamoDB confirmed. */
  written: number;
  /** Requests that failed for good so far. */
  failed: number;
}

/** Something that identifies an item in a report: its line in a file, or its position in a copy. */
export interface ItemRef {
  line?: number;
  index?: number;
}

export type WriteKind = 'put' | 'delete';

/**
 * Why a request was not confirmed: DynamoDB kept it unprocessed or kept throttling; DynamoDB refused it (`rejected`,
 * a bad item); the engine stopped on a fatal error (`stopped`) or was cancelled first; or the answer never came
 * (`unconfirmed`: DynamoDB may have applied it).
 */
export type WriteFailureReason = 'unprocessed' | 'throttled' | 'rejected' | 'stopped' | 'cancelled' | 'unconfirmed';

export interface WriteFailure extends ItemRef {
  kind: WriteKind;
  /** The item of a put, the key of a delete. */
  item: Item;
  reason: WriteFailureReason;
  message: string;
  /** The request was sent but its answer never came (connection broken, timeout): DynamoDB may have applied it. */
  unconfirmed?: boolean;
}

/** Errors that no retry fixes and that would fail every other batch the same way. */
const FATAL_KINDS = new Set(['readOnly', 'accessDenied', 'notFound', 'endpointUnreachable', 'missingCredentials', 'expiredToken', 'ssoLoginRequired', 'badConfig', 'unsupported']);
/** Network failures that happen before a request is sent: nothing reached DynamoDB. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const RETRYABLE_CODES = new Set(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded', 'InternalServerError', 'ServiceUnavailable', 'LimitExceededException']);

interface Pending {
  kind: WriteKind;
  item: Item;
  ref: ItemRef;
  key: string;
  attempts: number;
}

export class BatchWriteEngine {
  /** Requests DynamoDB confirmed. */
  written = 0;
  /** Every request not confirmed, once each, in the order they failed. */
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
    private readonly options: BatchWriteOptions,
  ) {
    this.concurrency = Math.max(1, options.concurrency ?? 8);
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 10);
    this.baseDelayMs = options.baseDelayMs ?? 50;
    this.maxDelayMs = options.maxDelayMs ?? 5000;
  }

  /** True once a fatal error or the signal stopped the engine: further requests fail at once. */
  get stopped(): boolean {
    return this.fatal !== undefined || !!this.options.signal?.aborted;
  }

  get cancelled(): boolean {
    return !!this.options.signal?.aborted;
  }

  /** Queues a PutRequest; waits while the maximum number of batches is in flight. */
  put(item: Item, ref: ItemRef = {}): Promise<void> {
    return this.add('put', item, ref);
  }

  /** Queues a DeleteRequest for `key` (the key attributes only); waits while the maximum number of batches is in flight. */
  delete(key: Item, ref: ItemRef = {}): Promise<void> {
    return this.add('delete', key, ref);
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
    });
    this.inFlight.add(running);
    for (const p of batch) this.inFlightKeys.set(p.key, running);
  }

  /** Sends what is left and waits for every batch. Afterwards every request is written or in `failures`. */
  async close(): Promise<void> {
    await this.flush();
    while (this.inFlight.size > 0) await Promise.race(this.inFlight);
  }

  /**
   * Writes the failed puts to `file` as DynamoDB export lines ({"Item": …}), which an import reads back; returns the
   * file, or undefined (and writes nothing) when no put failed. Failed deletes are keys, not items, so they are
   * left out: the caller reports them.
   */
  async writeFailedItems(file: string): Promise<string | undefined> {
    const lines = this.failures.filter((f) => f.kind === 'put').map((f) => itemToExportLine(f.item));
    if (lines.length === 0) return undefined;
    await fs.promises.writeFile(file, `${lines.join('\n')}\n`, 'utf8');
    return file;
  }

  private async add(kind: WriteKind, item: Item, ref: ItemRef): Promise<void> {
    if (this.stopped) {
      this.fail({ kind, item, ref, key: '', attempts: 0 }, this.stopReason());
      return;
    }
    const key = this.keyOf(item);
    // The same key twice in one request is refused by DynamoDB; the later request must win, as with single writes.
    if (this.batchKeys.has(key)) await this.flush();
    this.batch.push({ kind, item, ref, key, attempts: 0 });
    this.batchKeys.add(key);
    if (this.batch.length >= BATCH_WRITE_LIMIT) await this.flush();
  }

  private keyOf(item: Item): string {
    return itemToDynamoJsonLine(projectKey(item, this.options.keyNames));
  }

  private stopReason(): { reason: WriteFailureReason; message: string } {
    return this.fatal
      ? { reason: 'stopped', message: `Not written: ${this.fatal.message}` }
      : { reason: 'cancelled', message: 'Not written: the operation was cancelled before this item was sent.' };
  }

  private fail(p: Pending, { reason, message }: { reason: WriteFailureReason; message: string }): void {
    this.failures.push({ ...p.ref, kind: p.kind, item: p.item, reason, message, ...(reason === 'unconfirmed' ? { unconfirmed: true } : {}) });
  }

  private progress(): void {
    this.options.onProgress?.({ written: this.written, failed: this.failures.length });
  }

  /** Writes a batch, retrying what DynamoDB leaves unprocessed until every request is written or has failed. */
  private async send(batch: Pending[]): Promise<void> {
    let pending = batch;
    while (pending.length > 0) {
      const retry = Math.max(...pending.map((p) => p.attempts));
      if (retry > 0 && !this.stopped) {
        // A cancel ends the pause early; the check below then fails what is left.
        await sleep(backoffDelayMs(retry, { baseMs: this.baseDelayMs, maxMs: this.maxDelayMs }), this.options.signal).catch(() => undefined);
      }
      if (this.stopped) {
        const why = this.stopReason();
        for (const p of pending) this.fail(p, why);
        this.progress();
        return;
      }
      for (const p of pending) p.attempts++;
      const requests: WriteRequest[] = pending.map((p) => (p.kind === 'put' ? { PutRequest: { Item: p.item } } : { DeleteRequest: { Key: p.item } }));
      let unprocessed: WriteRequest[];
      try {
        // No abort signal: once sent, the answer tells exactly what was written.
        const out = await this.client.send(new BatchWriteItemCommand({ RequestItems: { [this.table]: requests } }));
        unprocessed = out.UnprocessedItems?.[this.table] ?? [];
      } catch (err) {
        pending = await this.afterError(pending, err);
        this.progress();
        continue;
      }
      const unprocessedKeys = new Set(unprocessed.map((r) => this.keyOf((r.PutRequest?.Item ?? r.DeleteRequest?.Key ?? {}) as Item)));
      const left = pending.filter((p) => unprocessedKeys.has(p.key));
      this.written += pending.length - left.length;
      pending = this.keepRetrying(left, (p) => ({
        reason: 'unprocessed',
        message: p.kind === 'put'
          ? `DynamoDB left the item unprocessed ${this.maxAttempts} times (the table's write capacity is exhausted). Import the failed items again later.`
          : `DynamoDB left the delete unprocessed ${this.maxAttempts} times (the table's write capacity is exhausted). Delete the item again later.`,
      }));
      this.announceRetry(pending, 'unprocessed', undefined);
      this.progress();
    }
  }

  /** What to send again after a failed request: nothing when the error is fatal or belongs to one item. */
  private async afterError(pending: Pending[], err: unknown): Promise<Pending[]> {
    const error = toStudioError(err, { operation: this.options.operation });
    if (FATAL_KINDS.has(error.kind)) {
      this.fatal ??= error;
      const unconfirmed = error.kind === 'endpointUnreachable' && !NOT_SENT_CODES.has(error.awsCode ?? '');
      for (const p of pending) {
        if (!unconfirmed) this.fail(p, { reason: 'stopped', message: `Not written: ${error.message}` });
        else {
          const again = p.kind === 'put' ? 'Importing it again writes the same item.' : 'Deleting it again is harmless.';
          this.fail(p, { reason: 'unconfirmed', message: `Maybe ${p.kind === 'put' ? 'written' : 'deleted'}: the connection broke before DynamoDB answered (${error.awsCode}). ${again}` });
        }
      }
      return [];
    }
    if (error.kind === 'throttled' || (error.awsCode !== undefined && RETRYABLE_CODES.has(error.awsCode))) {
      const retry = this.keepRetrying(pending, () => ({ reason: 'throttled', message: `DynamoDB kept throttling the writes (${error.awsCode ?? 'throttled'}) after ${this.maxAttempts} attempts.` }));
      this.announceRetry(retry, error.kind === 'throttled' ? 'throttled' : 'unavailable', error.awsCode);
      return retry;
    }
    if (pending.length > 1) {
      // One bad item fails the whole request: send them one by one to find it and write the others.
      await Promise.all(pending.map((p) => this.send([{ ...p, attempts: 0 }])));
      return [];
    }
    this.fail(pending[0], { reason: 'rejected', message: error.message });
    return [];
  }

  /** Tells the operation's retry observers that these requests are sent again after a backoff. */
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

  /** Those with attempts left; the others become failures. */
  private keepRetrying(pending: Pending[], why: (p: Pending) => { reason: WriteFailureReason; message: string }): Pending[] {
    const retry: Pending[] = [];
    for (const p of pending) {
      if (p.attempts >= this.maxAttempts) this.fail(p, why(p));
      else retry.push(p);
    }
    return retry;
  }
}
