// Tailing a table's DynamoDB stream live: every shard is read, a child shard (after a split) only once its parent
// has been read to its end so that the order of changes to an item is kept, and each record is turned into a
// readable view with the old and new images compared attribute by attribute.
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
  type Shard,
  type ShardIteratorType,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBClient, TableDescription } from '@aws-sdk/client-dynamodb';
import { StudioError } from '../../model/errors';
import { attributeValuesEqual, itemToPlainJson, type AttributeValue, type Item } from '../../model/items';
import { adminError } from './tableAdmin';
import { sleep } from '../retry/backoff';

export type StartPosition = 'TRIM_HORIZON' | 'LATEST';

/** What the tail needs to know of a shard. */
export interface ShardInfo {
  shardId: string;
  parentShardId?: string;
  /** A closed shard has an ending sequence number: it receives no new records. */
  closed: boolean;
}

export interface ShardReadState {
  /** Shards already opened, or skipped, by an earlier plan. */
  known: ReadonlySet<string>;
  /** Shards read to their end (or skipped). */
  finished: ReadonlySet<string>;
}

export interface ShardPlan {
  open: { shardId: string; iteratorType: ShardIteratorType }[];
  /** Shards with nothing to read for this tail (closed history when starting at LATEST). */
  skip: string[];
  /** Child shards that wait for their parent to be read to its end. */
  deferred: string[];
}

/**
 * Which shards of a DescribeStream listing to start reading and from where. On the first listing, `start`
 * applies (LATEST skips closed shards: they are history). Shards that appear later are new since the tail began,
 * so they are read from their beginning. A child waits while its parent is still listed and not yet finished.
 */
export function planShardReads(shards: readonly ShardInfo[], state: ShardReadState, firstListing: boolean, start: StartPosition): ShardPlan {
  const plan: ShardPlan = { open: [], skip: [], deferred: [] };
  const listed = new Set(shards.map((s) => s.shardId));
  for (const shard of shards) {
    if (state.known.has(shard.shardId)) continue;
    if (firstListing && start === 'LATEST') {
      if (shard.closed) plan.skip.push(shard.shardId);
      else plan.open.push({ shardId: shard.shardId, iteratorType: 'LATEST' });
      continue;
    }
    const parent = shard.parentShardId;
    const parentPending = parent !== undefined && (listed.has(parent) || state.known.has(parent)) && !state.finished.has(parent);
    if (parentPending) plan.deferred.push(shard.shardId);
    else plan.open.push({ shardId: shard.shardId, iteratorType: 'TRIM_HORIZON' });
  }
  return plan;
}

export interface TailOptions {
  signal: AbortSignal;
  /** Receives each batch of records of one shard, in order. The tail waits for it before reading on. */
  onRecords: (records: StreamRecord[], shardId: string) => void | Promise<void>;
  /** Milliseconds between polls of a shard that had nothing new (default 1000). */
  pollMs?: number;
  /** Where to begin in the shards open when the tail starts (default LATEST: only changes from now on). */
  start?: StartPosition;
  /** While this returns true, nothing is read; reading resumes where it stopped. */
  isPaused?: () => boolean;
  /** Milliseconds between DescribeStream calls looking for new shards (default 10 s; also after a shard ends). */
  describeEveryMs?: number;
  /** Called after each shard listing with the number of shards being read. */
  onShards?: (reading: number, deferred: number) => void;
}

export interface TailResult {
  records: number;
  /** `stopped`: the signal aborted; `streamDisabled`: the stream was turned off and every shard was read. */
  reason: 'stopped' | 'streamDisabled';
}

function shardInfo(s: Shard): ShardInfo {
  return { shardId: s.ShardId!, parentShardId: s.ParentShardId, closed: s.SequenceNumberRange?.EndingSequenceNumber !== undefined };
}

/** Reads a stream until the signal aborts (or the stream is turned off and drained). */
export async function tailStream(client: DynamoDBStreamsClient, streamArn: string, options: TailOptions): Promise<TailResult> {
  const { signal, onRecords, pollMs = 1000, start = 'LATEST', isPaused, describeEveryMs = 10_000, onShards } = options;
  const operation = 'Watch stream';
  const iterators = new Map<string, string>();
  const openedAs = new Map<string, ShardIteratorType>();
  const lastSequence = new Map<string, string>();
  const known = new Set<string>();
  const finished = new Set<string>();
  let deferred: string[] = [];
  let firstListing = true;
  let describeDue = true;
  let lastDescribe = 0;
  let streamOff = false;
  let total = 0;

  const iteratorFor = async (shardId: string, type: ShardIteratorType, sequenceNumber?: string): Promise<string | undefined> => {
    const out = await client.send(
      new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: type, SequenceNumber: sequenceNumber }),
      { abortSignal: signal },
    );
    return out.ShardIterator;
  };

  const listShards = async (): Promise<void> => {
    const shards: ShardInfo[] = [];
    let startAfter: string | undefined;
    let status: string | undefined;
    do {
      const out = await client.send(new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: startAfter }), { abortSignal: signal });
      status = out.StreamDescription?.StreamStatus;
      shards.push(...(out.StreamDescription?.Shards ?? []).map(shardInfo));
      const last = out.StreamDescription?.LastEvaluatedShardId;
      startAfter = last && last !== startAfter ? last : undefined;
    } while (startAfter);
    streamOff = status === 'DISABLED' || status === 'DISABLING';
    const plan = planShardReads(shards, { known, finished }, firstListing, start);
    firstListing = false;
    for (const id of plan.skip) {
      known.add(id);
      finished.add(id);
    }
    for (const { shardId, iteratorType } of plan.open) {
      known.add(shardId);
      openedAs.set(shardId, iteratorType);
      const it = await iteratorFor(shardId, iteratorType);
      if (it) iterators.set(shardId, it);
      else finished.add(shardId);
    }
    deferred = plan.deferred;
    lastDescribe = Date.now();
    describeDue = false;
    onShards?.(iterators.size, deferred.length);
  };

  const readShard = async (shardId: string, iterator: string): Promise<number> => {
    let out;
    try {
      out = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }), { abortSignal: signal });
    } catch (err) {
      const name = (err as { name?: string }).name;
      if (name === 'ExpiredIteratorException' || name === 'TrimmedDataAccessException') {
        // Iterators last 15 minutes (a long pause); trimmed data is older than 24 hours. Resume from what is left.
        const seq = lastSequence.get(shardId);
        const it =
          name === 'ExpiredIteratorException' && seq
            ? await iteratorFor(shardId, 'AFTER_SEQUENCE_NUMBER', seq)
            : await iteratorFor(shardId, name === 'TrimmedDataAccessException' ? 'TRIM_HORIZON' : (openedAs.get(shardId) ?? 'TRIM_HORIZON'));
        if (it) iterators.set(shardId, it);
        else iterators.delete(shardId);
        return 0;
      }
      throw err;
    }
    const records = out.Records ?? [];
    if (records.length) {
      const seq = records[records.length - 1].dynamodb?.SequenceNumber;
      if (seq) lastSequence.set(shardId, seq);
      total += records.length;
      await onRecords(records, shardId);
    }
    if (out.NextShardIterator) {
      iterators.set(shardId, out.NextShardIterator);
    } else {
      // The shard is closed and read to its end: its children may start now.
      iterators.delete(shardId);
      finished.add(shardId);
      describeDue = true;
    }
    return records.length;
  };

  try {
    for (;;) {
      if (signal.aborted) return { records: total, reason: 'stopped' };
      if (isPaused?.()) {
        await sleep(pollMs, signal);
        continue;
      }
      if (describeDue || Date.now() - lastDescribe >= describeEveryMs) await listShards();
      if (streamOff && iterators.size === 0 && deferred.length === 0) return { records: total, reason: 'streamDisabled' };
      let received = 0;
      for (const [shardId, iterator] of [...iterators]) {
        if (signal.aborted || isPaused?.()) break;
        received += await readShard(shardId, iterator);
      }
      // Keep polling a busy stream briskly, but stay under the per-shard read rate of the service.
      await sleep(received > 0 ? Math.min(pollMs, 250) : pollMs, signal);
    }
  } catch (err) {
    if (signal.aborted) return { records: total, reason: 'stopped' };
    throw await adminError(client, operation, err);
  }
}

/** The stream ARN of a table, or a validation error saying how to turn the stream on. */
export function streamArnOf(desc: TableDescription): string {
  if (desc.StreamSpecification?.StreamEnabled && desc.LatestStreamArn) return desc.LatestStreamArn;
  throw new StudioError('validation', `Table "${desc.TableName}" has no stream turned on, so there is nothing to watch.`, {
    hint: 'Turn the stream on first (Update Table → Stream, with NEW_AND_OLD_IMAGES to see changes), then watch it.',
  });
}

/** A DynamoDB Streams client for the same place and identity as a DynamoDB client. */
export function streamsClientFor(dynamo: DynamoDBClient): DynamoDBStreamsClient {
  const config = dynamo.config as DynamoDBClient['config'] & { isCustomEndpoint?: boolean };
  return new DynamoDBStreamsClient({
    region: config.region,
    credentials: config.credentials,
    // On AWS, streams have their own host name (streams.dynamodb.<region>.amazonaws.com); a custom endpoint
    // such as DynamoDB Local serves both APIs.
    endpoint: config.isCustomEndpoint ? config.endpoint : undefined,
    maxAttempts: 3,
  });
}

// ---- records for people ----------------------------------------------------------------------------------------

export type AttributeChangeKind = 'added' | 'removed' | 'changed';

export interface AttributeChange {
  attribute: string;
  change: AttributeChangeKind;
  /** Values in plain JSON notation, on one line. */
  oldValue?: string;
  newValue?: string;
}

export interface StreamRecordView {
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE' | string;
  sequenceNumber?: string;
  time?: Date;
  /** The item's key in plain JSON notation, on one line. */
  keys: string;
  hasOldImage: boolean;
  hasNewImage: boolean;
  /** Attribute-level differences between the old and the new image (all of one side when the other is absent). */
  changes: AttributeChange[];
  /** Set when the record came from time to live deleting the item. */
  expiredByTtl: boolean;
}

/** One attribute value in plain JSON notation on one line, e.g. `"a"`, `12.50`, `{"$SS": ["x"]}`. */
export function plainValueText(value: AttributeValue): string {
  const text = itemToPlainJson({ v: value }, { indent: '' });
  // `{\n"v": <value>\n}\n` → the value, with any line breaks of nested containers folded.
  return text.slice(text.indexOf(':') + 1, text.lastIndexOf('}')).replace(/\s*\n\s*/g, ' ').trim();
}

/** Attribute-level differences between two images; attributes only in one are added or removed. */
export function imageDiff(oldImage: Item | undefined, newImage: Item | undefined): AttributeChange[] {
  const names = [...new Set([...Object.keys(oldImage ?? {}), ...Object.keys(newImage ?? {})])].sort();
  const changes: AttributeChange[] = [];
  for (const attribute of names) {
    const before = oldImage?.[attribute];
    const after = newImage?.[attribute];
    if (before && !after) changes.push({ attribute, change: 'removed', oldValue: plainValueText(before) });
    else if (!before && after) changes.push({ attribute, change: 'added', newValue: plainValueText(after) });
    else if (before && after && !attributeValuesEqual(before, after)) {
      changes.push({ attribute, change: 'changed', oldValue: plainValueText(before), newValue: plainValueText(after) });
    }
  }
  return changes;
}

export function streamRecordView(record: StreamRecord): StreamRecordView {
  const data = record.dynamodb ?? {};
  const keys = (data.Keys ?? {}) as Item;
  const oldImage = data.OldImage as Item | undefined;
  const newImage = data.NewImage as Item | undefined;
  const keyText = Object.keys(keys)
    .sort()
    .map((k) => `${JSON.stringify(k)}: ${plainValueText(keys[k])}`)
    .join(', ');
  return {
    eventName: record.eventName ?? 'UNKNOWN',
    sequenceNumber: data.SequenceNumber,
    time: data.ApproximateCreationDateTime ? new Date(data.ApproximateCreationDateTime) : undefined,
    keys: `{ ${keyText} }`,
    hasOldImage: oldImage !== undefined,
    hasNewImage: newImage !== undefined,
    changes: imageDiff(oldImage, newImage),
    expiredByTtl: record.userIdentity?.PrincipalId === 'dynamodb.amazonaws.com' && record.userIdentity?.Type === 'Service',
  };
}

const CHANGE_MARK: Record<AttributeChangeKind, string> = { added: '+', removed: '-', changed: '~' };

/** Lines for an output channel: a header with event, key and time, then one line per changed attribute. */
export function formatStreamRecord(view: StreamRecordView): string[] {
  const time = view.time ? view.time.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '';
  const header = [view.eventName.padEnd(6), view.keys, time, view.expiredByTtl ? '(expired by time to live)' : '', view.sequenceNumber ? `seq ${view.sequenceNumber}` : '']
    .filter(Boolean)
    .join('  ');
  const lines = [header];
  if (!view.hasOldImage && !view.hasNewImage) {
    lines.push('    (the stream carries keys only: turn on NEW_AND_OLD_IMAGES to see the changes)');
  } else if (view.eventName === 'MODIFY' && !(view.hasOldImage && view.hasNewImage)) {
    lines.push(`    (the stream carries only the ${view.hasNewImage ? 'new' : 'old'} image: NEW_AND_OLD_IMAGES shows what changed)`);
  }
  for (const c of view.changes) {
    const value = c.change === 'changed' ? `${c.oldValue} → ${c.newValue}` : (c.newValue ?? c.oldValue);
    lines.push(`    ${CHANGE_MARK[c.change]} ${c.attribute}: ${value}`);
  }
  if (view.eventName === 'MODIFY' && view.hasOldImage && view.hasNewImage && view.changes.length === 0) lines.push('    (no attribute changed)');
  return lines;
}
