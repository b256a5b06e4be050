// Runs query specs: one page at a time ("Next page"), everything ("Fetch all", with live progress and cancel),
// or until N matching items are found (filtered pages can be empty, so this may read many pages). Scans with
// segments run in parallel. PartiQL statements page with NextToken.
import {
  DescribeTableCommand,
  ExecuteStatementCommand,
  QueryCommand,
  ScanCommand,
  type ConsumedCapacity,
  type DynamoDBClient,
  type QueryCommandInput,
  type ScanCommandInput,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { abortError, joinSentences, StudioError, toStudioError } from '../../model/errors';
import { clientLocation } from '../dynamo/endpointInfo';
import { observeRetries, type RetryNotice } from '../aws/clientPool';
import type { Item } from '../../model/items/types';
import { buildRequest, describeOperation, type ReadRequest } from '../../model/query/request';
import type { QuerySpec } from '../../model/query/querySpec';
import { keyNamesOf } from '../../model/table/tableInfo';

export { buildRequest, describeOperation, type ReadRequest };

/** Where to continue reading. Kept on the extension side: keys may hold binary values. */
export interface PageCursor {
  /** Scan or query: the LastEvaluatedKey of the previous page. */
  exclusiveStartKey?: Item;
  /** PartiQL: the NextToken of the previous page. */
  nextToken?: string;
  /** Parallel scan: where each segment continues; null for a segment that is finished, {} for one not started. */
  segmentStartKeys?: (Item | null)[];
}

export interface PageOptions extends PageCursor {
  signal?: AbortSignal;
}

export interface PageResult {
  items: Item[];
  /** Items returned (after the filter). */
  count: number;
  /** Items read before the filter; PartiQL does not report it. */
  scannedCount?: number;
  /** Capacity units consumed. */
  consumedCapacity: number;
  /** The same, by table and index, and whether DynamoDB reported it at all (DynamoDB Local omits it for PartiQL). */
  capacity: CapacityBreakdown;
  lastEvaluatedKey?: Item;
  nextToken?: string;
  segmentStartKeys?: (Item | null)[];
  /** Whether another page can be read with nextCursor(). */
  hasMore: boolean;
}

/** The cursor of the page after this one, or undefined at the end. */
export function nextCursor(result: Pick<PageResult, 'lastEvaluatedKey' | 'nextToken' | 'segmentStartKeys' | 'hasMore'>): PageCursor | undefined {
  if (!result.hasMore) return undefined;
  if (result.segmentStartKeys) return { segmentStartKeys: result.segmentStartKeys };
  if (result.nextToken) return { nextToken: result.nextToken };
  return { exclusiveStartKey: result.lastEvaluatedKey };
}

interface RawPage {
  items: Item[];
  count: number;
  scannedCount?: number;
  consumedCapacity: number;
  capacity: CapacityBreakdown;
  lastEvaluatedKey?: Item;
  nextToken?: string;
}

function segmentCount(spec: QuerySpec): number {
  return spec.kind === 'scan' && spec.segments !== undefined && spec.segments > 1 ? spec.segments : 1;
}


function capacityUnits(c: ConsumedCapacity | ConsumedCapacity[] | undefined): number {
  if (!c) return 0;
  if (Array.isArray(c)) return c.reduce((sum, x) => sum + (x.CapacityUnits ?? 0), 0);
  return c.CapacityUnits ?? 0;
}

/** Consumed capacity by where it was spent (ReturnConsumedCapacity INDEXES): "table", "GSI <name>", "LSI <name>". */
export interface CapacityBreakdown {
  /** False while no response carried ConsumedCapacity. */
  reported: boolean;
  total: number;
  /** Read and write units when DynamoDB split them (it does for some operations only). */
  read: number;
  write: number;
  byTarget: Record<string, number>;
}

export const emptyCapacity = (): CapacityBreakdown => ({ reported: false, total: 0, read: 0, write: 0, byTarget: {} });

/** Adds `more` (a page's breakdown, or a response's ConsumedCapacity) into `into`. */
export function addCapacity(into: CapacityBreakdown, more: CapacityBreakdown | ConsumedCapacity | ConsumedCapacity[] | undefined): CapacityBreakdown {
  if (!more) return into;
  if ('reported' in more) {
    into.reported ||= more.reported;
    into.total += more.total;
    into.read += more.read;
    into.write += more.write;
    for (const [k, v] of Object.entries(more.byTarget)) into.byTarget[k] = (into.byTarget[k] ?? 0) + v;
    return into;
  }
  const add = (target: string, units: number | undefined) => {
    if (units !== undefined) into.byTarget[target] = (into.byTarget[target] ?? 0) + units;
  };
  for (const c of Array.isArray(more) ? more : [more]) {
    into.reported = true;
    into.total += c.CapacityUnits ?? 0;
    into.read += c.ReadCapacityUnits ?? 0;
    into.write += c.WriteCapacityUnits ?? 0;
    const prefix = Array.isArray(more) && more.length > 1 && c.TableName ? `${c.TableName} ` : '';
    add(`${prefix}table`, c.Table?.CapacityUnits);
    for (const [name, v] of Object.entries(c.GlobalSecondaryIndexes ?? {})) add(`${prefix}GSI ${name}`, v.CapacityUnits);
    for (const [name, v] of Object.entries(c.LocalSecondaryIndexes ?? {})) add(`${prefix}LSI ${name}`, v.CapacityUnits);
  }
  return into;
}

async function sendPage(client: DynamoDBClient, request: ReadRequest, cursor: { startKey?: Item; nextToken?: string; segment?: number }, signal: AbortSignal | undefined): Promise<RawPage> {
  const options = { abortSignal: signal };
  if (request.operation === 'ExecuteStatement') {
    const input = cursor.nextToken ? { ...request.input, NextToken: cursor.nextToken } : request.input;
    const out = await client.send(new ExecuteStatementCommand(input), options);
    const items = (out.Items ?? []) as Item[];
    return { items, count: items.length, consumedCapacity: capacityUnits(out.ConsumedCapacity), capacity: addCapacity(emptyCapacity(), out.ConsumedCapacity), lastEvaluatedKey: out.LastEvaluatedKey as Item | undefined, nextToken: out.NextToken };
  }
  const input: ScanCommandInput = { ...request.input };
  if (cursor.startKey && Object.keys(cursor.startKey).length > 0) input.ExclusiveStartKey = cursor.startKey;
  if (cursor.segment !== undefined) input.Segment = cursor.segment;
  const out = request.operation === 'Query' ? await client.send(new QueryCommand(input as QueryCommandInput), options) : await client.send(new ScanCommand(input), options);
  const items = (out.Items ?? []) as Item[];
  return {
    items,
    count: out.Count ?? items.length,
    scannedCount: out.ScannedCount,
    consumedCapacity: capacityUnits(out.ConsumedCapacity),
    capacity: addCapacity(emptyCapacity(), out.ConsumedCapacity),
    lastEvaluatedKey: out.LastEvaluatedKey as Item | undefined,
  };
}

/** Every failure as a StudioError; an aborted signal always reads as a cancellation, however the SDK reported it. */
async function requestError(client: DynamoDBClient, operation: string, err: unknown, signal?: AbortSignal): Promise<StudioError> {
  if (err instanceof StudioError) return err;
  const location = await clientLocation(client);
  return toStudioError(signal?.aborted ? abortError() : err, { operation, ...location });
}

/** Reads one page. With parallel segments, one page of every segment that is not finished, read at the same time. */
export async function runPage(client: DynamoDBClient, spec: QuerySpec, options: PageOptions = {}): Promise<PageResult> {
  const operation = describeOperation(spec);
  const { signal } = options;
  try {
    if (signal?.aborted) throw abortError();
    const request = buildRequest(spec);
    const segments = segmentCount(spec);
    if (segments === 1) {
      const page = await sendPage(client, request, { startKey: options.exclusiveStartKey, nextToken: options.nextToken }, signal);
      return { ...page, hasMore: request.operation === 'ExecuteStatement' ? !!page.nextToken : !!page.lastEvaluatedKey };
    }
    const starts: (Item | null)[] = options.segmentStartKeys ?? new Array<Item | null>(segments).fill({});
    if (starts.length !== segments) {
      throw new StudioError('validation', `${operation} failed: the cursor has ${starts.length} segments but the scan has ${segments}.`, { hint: 'Start again from the first page.' });
    }
    const pages = await Promise.all(
      starts.map((start, segment) => (start === null ? Promise.resolve(undefined) : sendPage(client, request, { startKey: start, segment }, signal))),
    );
    const result: PageResult = { items: [], count: 0, scannedCount: 0, consumedCapacity: 0, capacity: emptyCapacity(), segmentStartKeys: [], hasMore: false };
    pages.forEach((page) => {
      result.segmentStartKeys!.push(page?.lastEvaluatedKey ?? null);
      if (!page) return;
      for (const item of page.items) result.items.push(item);
      result.count += page.count;
      result.scannedCount! += page.scannedCount ?? 0;
      result.consumedCapacity += page.consumedCapacity;
      addCapacity(result.capacity, page.capacity);
    });
    result.hasMore = result.segmentStartKeys!.some((k) => k !== null);
    return result;
  } catch (err) {
    throw await requestError(client, operation, err, signal);
  }
}

export interface FetchProgress {
  /** Matching items so far. */
  count: number;
  /** Items read before the filter so far (PartiQL pages add nothing). */
  scannedCount: number;
  consumedCapacity: number;
  capacity: CapacityBreakdown;
  pages: number;
  /** Parallel scans: segments finished so far, of `segments`. */
  segmentsDone: number;
  segments: number;
}

export interface FetchOptions extends PageCursor {
  signal?: AbortSignal;
  /** Called after every page, including pages the filter left empty. */
  onProgress?: (progress: FetchProgress) => void;
  /** Called with the matching items of every page, in the order they are kept, before onProgress. */
  onItems?: (items: Item[]) => void | Promise<void>;
  /** Stop once this many matching items are found; exactly this many are kept. */
  limit?: number;
  /** Keep the items in the result (default true); false when onItems consumes them, as an export does. */
  collect?: boolean;
  /** The table's description, used to resume exactly after the last kept item when a limit cuts a page. Read when needed. */
  table?: TableDescription;
  /** Called when a request of this fetch is retried (throttling, endpoint errors), before the backoff: show it. */
  onRetry?: (notice: RetryNotice) => void;
}

export interface FetchResult extends FetchProgress {
  items: Item[];
  /** True when the signal stopped the fetch; items holds what was read before. */
  cancelled: boolean;
  /** True when a limit stopped the fetch before the end. */
  limited: boolean;
  /** Where to continue (Next page / Fetch all again) when the fetch stopped before the end; undefined at the end. */
  cursor?: PageCursor;
}

/**
 * A fetch that failed after reading part of the result: `partial` holds what was read (the items, when collected)
 * and the cursor that continues exactly after the last item handed to onItems, so nothing is read twice.
 */
export class FetchStoppedError extends StudioError {
  constructor(
    readonly reason: StudioError,
    readonly partial: FetchResult,
  ) {
    super(reason.kind, joinSentences(reason.message, `${partial.count.toLocaleString('en-US')} items were read before it stopped.`), {
      hint: reason.hint,
      fixCommand: reason.fixCommand,
      awsCode: reason.awsCode,
      cause: reason,
    });
  }
}

/**
 * Reads pages until the end, the limit or a cancel. A cancel resolves (with cancelled: true and what was read),
 * every other failure rejects with a FetchStoppedError that keeps what was read and where to continue. Pages in
 * flight when the limit is reached, the signal fires or a request fails are dropped, so `cursor` continues exactly
 * after the last kept item.
 */
export function fetchAll(client: DynamoDBClient, spec: QuerySpec, options: FetchOptions = {}): Promise<FetchResult> {
  return observeRetries(options.onRetry, () => fetchEverything(client, spec, options));
}

async function fetchEverything(client: DynamoDBClient, spec: QuerySpec, options: FetchOptions): Promise<FetchResult> {
  const operation = describeOperation(spec);
  const limit = options.limit;
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) {
    throw new StudioError('validation', `${operation} was refused: the limit must be a whole number of 1 or more, not ${limit}.`);
  }
  const request = buildRequest(spec);
  const segments = segmentCount(spec);
  const collect = options.collect !== false;
  const items: Item[] = [];
  const progress: FetchProgress = { count: 0, scannedCount: 0, consumedCapacity: 0, capacity: emptyCapacity(), pages: 0, segmentsDone: 0, segments };
  // One controller for every request: the caller's cancel, or this fetch reaching its limit, stops them all.
  const inner = new AbortController();
  const outerSignal = options.signal;
  const onOuterAbort = () => inner.abort();
  outerSignal?.addEventListener('abort', onOuterAbort, { once: true });
  let limited = false;
  let resumeKeyNames: Promise<string[]> | undefined;
  const keyNames = () => (resumeKeyNames ??= readResumeKeyNames(client, spec, options.table, outerSignal));
  /** Where each segment (or the sequential read, at 0) continues after the items counted so far; null: finished. */
  const positions: ({ key?: Item; token?: string } | null)[] = [];

  /** Reads one segment (or the whole sequential read) from `start`; returns where it stopped (null: at the end). */
  const readFrom = async (
    start: { key?: Item; token?: string },
    segment: number | undefined,
  ): Promise<{ key?: Item; token?: string } | null> => {
    let position = start;
    const at = segment ?? 0;
    positions[at] = position;
    for (;;) {
      if (inner.signal.aborted) return position;
      let page: RawPage;
      try {
        page = await sendPage(client, request, { startKey: position.key, nextToken: position.token, segment }, inner.signal);
      } catch (err) {
        if (inner.signal.aborted) return position;
        throw err;
      }
      if (inner.signal.aborted) return position;
      let kept = page.items;
      let cutAt: Item | undefined;
      if (limit !== undefined && progress.count + kept.length >= limit) {
        const room = limit - progress.count;
        if (room < kept.length) {
          kept = kept.slice(0, room);
          cutAt = kept[kept.length - 1];
        }
        limited = true;
        inner.abort();
      }
      const next = page.lastEvaluatedKey || page.nextToken ? { key: page.lastEvaluatedKey, token: page.nextToken } : null;
      // PartiQL has no key to restart from mid-page: a cut page continues after the page instead.
      const resumeAt = cutAt && request.operation !== 'ExecuteStatement' ? { key: pick(cutAt, await keyNames()) } : next;
      progress.pages++;
      progress.count += kept.length;
      progress.scannedCount += page.scannedCount ?? 0;
      progress.consumedCapacity += page.consumedCapacity;
      addCapacity(progress.capacity, page.capacity);
      if (collect) for (const item of kept) items.push(item);
      if (!next && !cutAt) progress.segmentsDone++;
      // Counted from here on: a failure after this point resumes after this page.
      positions[at] = resumeAt;
      if (kept.length > 0) await options.onItems?.(kept);
      options.onProgress?.({ ...progress, capacity: addCapacity(emptyCapacity(), progress.capacity) });
      if (cutAt) return resumeAt;
      if (!next) return null;
      if (limited) return next;
      position = next;
    }
  };

  const finish = (cursor: PageCursor | undefined): FetchResult => ({
    ...progress,
    items,
    cancelled: !!outerSignal?.aborted && !limited,
    // A limit met by the very last items is not a stop before the end.
    limited: limited && cursor !== undefined,
    cursor,
  });

  try {
    if (outerSignal?.aborted) return finish(startCursor(options));
    if (segments === 1) {
      const end = await readFrom({ key: options.exclusiveStartKey, token: options.nextToken }, undefined);
      const cursor = end === null ? undefined : end.token ? { nextToken: end.token } : { exclusiveStartKey: end.key };
      return finish(cursor);
    }
    const starts: (Item | null)[] = options.segmentStartKeys ?? new Array<Item | null>(segments).fill({});
    if (starts.length !== segments) {
      throw new StudioError('validation', `${operation} failed: the cursor has ${starts.length} segments but the scan has ${segments}.`, { hint: 'Start again from the first page.' });
    }
    progress.segmentsDone = starts.filter((s) => s === null).length;
    starts.forEach((start, segment) => (positions[segment] = start === null ? null : { key: start }));
    const settled = await Promise.allSettled(
      starts.map(async (start, segment) => {
        if (start === null) return null;
        try {
          return await readFrom({ key: start }, segment);
        } catch (err) {
          inner.abort(); // one failed segment fails the fetch: stop the others
          throw err;
        }
      }),
    );
    // Every segment has settled, so no onItems call is still running when the failure is reported.
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    const ends = settled.map((r) => (r as PromiseFulfilledResult<{ key?: Item; token?: string } | null>).value);
    // A segment that stopped before its first page continues from its start: an empty key says so.
    const unfinished = ends.some((e) => e !== null);
    return finish(unfinished ? { segmentStartKeys: ends.map((e) => (e === null ? null : (e.key ?? {}))) } : undefined);
  } catch (err) {
    const reason = await requestError(client, operation, err, outerSignal);
    if (reason.kind === 'cancelled') throw reason;
    throw new FetchStoppedError(reason, finish(resumeCursor(positions, segments)));
  } finally {
    outerSignal?.removeEventListener('abort', onOuterAbort);
  }
}

/** The cursor after the items counted so far; undefined when every part was read to its end. */
function resumeCursor(positions: ({ key?: Item; token?: string } | null)[], segments: number): PageCursor | undefined {
  if (segments === 1) {
    const p = positions[0];
    if (p === null) return undefined;
    if (!p) return {};
    return p.token ? { nextToken: p.token } : p.key ? { exclusiveStartKey: p.key } : {};
  }
  const keys = Array.from({ length: segments }, (_, i) => (positions[i] === null ? null : (positions[i]?.key ?? {})));
  return keys.every((k) => k === null) ? undefined : { segmentStartKeys: keys };
}

function startCursor(options: PageCursor): PageCursor | undefined {
  if (options.segmentStartKeys) return { segmentStartKeys: options.segmentStartKeys };
  if (options.nextToken) return { nextToken: options.nextToken };
  if (options.exclusiveStartKey) return { exclusiveStartKey: options.exclusiveStartKey };
  return {};
}

function pick(item: Item, names: readonly string[]): Item {
  const key: Item = {};
  for (const name of names) if (Object.prototype.hasOwnProperty.call(item, name)) key[name] = item[name];
  return key;
}

/** The attributes of an ExclusiveStartKey: the table's key, plus the index's key when reading an index. */
async function readResumeKeyNames(client: DynamoDBClient, spec: QuerySpec, known: TableDescription | undefined, signal?: AbortSignal): Promise<string[]> {
  const table = known ?? (await client.send(new DescribeTableCommand({ TableName: spec.table }), { abortSignal: signal })).Table;
  return keyNamesOf(table ?? {}, spec.index);
}
