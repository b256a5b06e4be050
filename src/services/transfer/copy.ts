// Copies items to another table, on the same or any other connection: reads with the spec (a parallel scan for a
// whole table), checks each item against the target's keys, writes with the same batches, retries and report as
// an import. Items are numbered in the order they are read; bad ones are reported by that number as `line`.
//
// A copy that stops before it has read the whole source (the source endpoint dies, access is denied or the
// credentials expire part way, the target refuses every write, or a cancel) writes a resume file next to its
// failed-items file: where each segment of the read stopped, the tables and connections, and the counts so far.
// resumeCopy() reads the rest from there and sends the failed items again, so the copy can always be finished.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DynamoDBClient, TableDescription } from '@aws-sdk/client-dynamodb';
import { observeRetries, type RetryNotice } from '../aws/clientPool';
import { StudioError, toStudioError } from '../../model/errors';
import { newQuerySpec, type QuerySpec } from '../../model/query/querySpec';
import { fetchAll, FetchStoppedError, type PageCursor } from '../query/runner';
import { BatchWriteEngine } from '../dynamo/batchWriteEngine';
import { keyNamesOf } from '../../model/table/tableInfo';
import { describeForTransfer, itemProblem, parseJsonLine, tableKeys, TransferAccounting, TransferStoppedError, type TransferProgress, type TransferReport } from './import';
import { itemToDynamoJsonLine } from '../../model/transfer/lines';
import { projectKey } from '../../model/items/equality';
import type { Item } from '../../model/items/types';
import {
  COPY_RESUME_KIND,
  COPY_RESUME_SUFFIX,
  COPY_RESUME_VERSION,
  cursorToPosition,
  parseCopyResume,
  positionToCursor,
  unfinishedSegments,
  type CopyResumeCounts,
  type CopyResumeState,
} from '../../model/transfer/copyResume';

/** The connection and region of each side, as the resume file names them. */
export interface CopyEnds {
  source: { connectionId: string; region: string };
  target: { connectionId: string; region: string };
}

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
  /** The connections of both sides: with them, a copy that stops before reading everything writes a resume file. */
  ends?: CopyEnds;
  /** Where that resume file goes; next to the failed-items file by default. */
  resumeFile?: string;
}

/** What a resumed run starts from: where to read on, the failed items to send again, and the counts before. */
interface Continuation {
  cursor: PageCursor;
  retry: Item[];
  before: CopyResumeCounts;
  /** The resume file this run consumes: removed once a report replaces it. */
  consumed: string;
}

const NONE: CopyResumeCounts = { read: 0, written: 0, failed: 0, unconfirmed: 0, badRows: 0 };

/** A spec that reads a whole table with a parallel scan. */
export function wholeTableSpec(table: string, segments = 4): QuerySpec {
  return { ...newQuerySpec(table), segments };
}

/** Copies what `source` finds to `targetTable`. Resolves with the report (also after a cancel); rejects with TransferStoppedError when writing had to stop. */
export function copyItems(sourceClient: DynamoDBClient, source: QuerySpec, targetClient: DynamoDBClient, targetTable: string, options: CopyOptions = {}): Promise<TransferReport> {
  return observeRetries(options.onRetry, () => copyAll(sourceClient, source, targetClient, targetTable, options));
}

async function copyAll(sourceClient: DynamoDBClient, source: QuerySpec, targetClient: DynamoDBClient, targetTable: string, options: CopyOptions, resume?: Continuation): Promise<TransferReport> {
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
  const failedItemsFile = options.failedItemsFile ?? path.join(os.tmpdir(), `dynamodb-studio-copy-${encodeURIComponent(targetTable)}-${Date.now()}.failed.ddb.jsonl`);
  /** Where reading stopped; undefined once the source was read to its end. */
  let unread: PageCursor | undefined = resume?.cursor ?? {};
  const finish = async (cancelled: boolean): Promise<TransferReport> => {
    const report = await accounting.report(failedItemsFile, cancelled);
    if (options.ends && unread) {
      report.resumeFile = await writeResumeFile(resumeFileFor(failedItemsFile, options), { source, targetTable, target, ends: options.ends, cursor: unread, report, before: resume?.before ?? NONE });
      report.unreadSegments = unfinishedSegments(cursorToPosition(unread));
    }
    if (resume && resume.consumed !== report.resumeFile) await fs.promises.rm(resume.consumed, { force: true });
    return report;
  };
  // Reading stops with the first write error that stops everything.
  const reading = new AbortController();
  const stopReading = () => reading.abort();
  options.signal?.addEventListener('abort', stopReading, { once: true });
  try {
    // The failed items of the stopped run go first. Every write here is a whole-item put, which is idempotent per
    // key: writing an item that is already stored (an unconfirmed write DynamoDB did apply) leaves the same item,
    // so sending them again cannot lose or double anything. A scan lists each key once, so these keys are not in
    // the rest read below; if a key is (a Query of an index whose key changed in between), the later read is the
    // newer item, and the engine makes a later write of a key wait for the earlier one, so the newer item stays.
    for (const [i, item] of (resume?.retry ?? []).entries()) await writer.put(item, { line: i + 1 });
    const result = await fetchAll(sourceClient, source, {
      ...resume?.cursor,
      signal: reading.signal,
      collect: false,
      onItems: async (items) => {
        // The runner's cursor is already past this page: every item of it must reach the writer, which lists the
        // ones it cannot send (stopped, cancelled) as failures, so they land in the failed-items file.
        for (const item of items) {
          const index = ++accounting.read;
          const problem = itemProblem(item, keys);
          if (problem) {
            accounting.badRow(index, `Item ${index} (${keySummary(item, keys.keySchema.map((k) => k.name))}): ${problem}`);
            continue;
          }
          await writer.put(item, { index });
        }
        if (writer.stopped) reading.abort();
      },
    });
    unread = result.cursor;
    await writer.close();
  } catch (err) {
    await writer.close().catch(() => undefined);
    if (err instanceof FetchStoppedError) unread = err.partial.cursor;
    // Reading the source failed: what was written so far stays, and the report says exactly how much.
    const reason = toStudioError(err, { operation });
    throw new TransferStoppedError(writer.fatal ?? reason, await finish(false));
  } finally {
    options.signal?.removeEventListener('abort', stopReading);
  }
  accounting.progress();
  const report = await finish(!!options.signal?.aborted);
  if (writer.fatal) throw new TransferStoppedError(writer.fatal, report);
  return report;
}

function resumeFileFor(failedItemsFile: string, options: CopyOptions): string {
  if (options.resumeFile) return options.resumeFile;
  const base = failedItemsFile.endsWith('.failed.ddb.jsonl') ? failedItemsFile.slice(0, -'.failed.ddb.jsonl'.length) : failedItemsFile;
  return `${base}${COPY_RESUME_SUFFIX}`;
}

async function writeResumeFile(
  file: string,
  run: { source: QuerySpec; targetTable: string; target: TableDescription; ends: CopyEnds; cursor: PageCursor; report: TransferReport; before: CopyResumeCounts },
): Promise<string> {
  const { report, before } = run;
  const state: CopyResumeState = {
    kind: COPY_RESUME_KIND,
    version: COPY_RESUME_VERSION,
    savedAt: new Date().toISOString(),
    source: { ...run.ends.source, table: run.source.table, spec: run.source },
    target: { ...run.ends.target, table: run.targetTable, keySchema: tableKeys(run.target).keySchema.map(({ name, type, keyType }) => ({ name, type, keyType: keyType ?? 'HASH' })) },
    position: cursorToPosition(run.cursor),
    ...(report.failedItemsFile ? { failedItemsFile: report.failedItemsFile } : {}),
    // The failed items of earlier runs were sent again in this one, so this run's failures are all that is left.
    done: { read: before.read + report.read, written: before.written + report.written, failed: report.failed, unconfirmed: report.unconfirmed, badRows: before.badRows + report.badRowCount },
  };
  await fs.promises.writeFile(file, `${JSON.stringify(state, null, 2)}\n`, 'utf8');
  return file;
}

/** Reads and checks a resume file; a file that cannot be used is refused with what is wrong. */
export async function readCopyResumeFile(file: string): Promise<CopyResumeState> {
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (err) {
    throw new StudioError('notFound', `The copy cannot be resumed: the resume file ${file} cannot be read (${(err as Error).message}). Nothing was written.`, { hint: 'Choose the resume file the stopped copy named, or copy again from the start.', cause: err });
  }
  const parsed = parseCopyResume(text);
  if (!parsed.ok) {
    throw new StudioError('validation', `The copy cannot be resumed: ${file} is not a resume file of a copy (${parsed.problem}). Nothing was written.`, { hint: 'Choose the resume file the stopped copy named, or copy again from the start.' });
  }
  return parsed.state;
}

/**
 * Finishes a stopped copy: checks that the tables still match the resume file (else refuses, writing nothing), sends
 * the failed items of the stopped run again, then reads every unfinished segment on from where it stopped. Resolves
 * or rejects like copyItems; a run that stops again writes a new resume file and removes the one it consumed.
 */
export function resumeCopy(sourceClient: DynamoDBClient, targetClient: DynamoDBClient, state: CopyResumeState, resumeFile: string, options: Omit<CopyOptions, 'ends'> = {}): Promise<TransferReport> {
  return observeRetries(options.onRetry, async () => {
    const operation = `Resume the copy of table "${state.source.table}" into table "${state.target.table}"`;
    const refuse = (why: string, hint: string) => new StudioError('validation', `${operation} was refused: ${why}. Nothing was written.`, { hint });
    const target = options.targetTable ?? (await describeForTransfer(targetClient, state.target.table, operation, options.signal));
    const targetKeys = tableKeys(target).keySchema;
    const keyText = (k: readonly { name: string; type: string }[]) => k.map((a) => `${a.name} (${a.type})`).join(', ');
    if (keyText(targetKeys) !== keyText(state.target.keySchema)) {
      throw refuse(`the resume file was written for a target table keyed by ${keyText(state.target.keySchema)}, but "${state.target.table}" is keyed by ${keyText(targetKeys)}`, 'Resume into the table the copy was writing to, or copy again from the start.');
    }
    const cursor = positionToCursor(state.position);
    const sourceTable = await describeForTransfer(sourceClient, state.source.table, operation, options.signal);
    const sourceKeyNames = keyNamesOf(sourceTable, state.source.spec.index);
    const startKeys = [...(cursor.segmentStartKeys ?? []), cursor.exclusiveStartKey].filter((k): k is Item => !!k && Object.keys(k).length > 0);
    for (const key of startKeys) {
      const names = Object.keys(key).sort();
      if (names.join('\u0000') !== [...sourceKeyNames].sort().join('\u0000')) {
        throw refuse(`the resume file continues the read after keys of ${names.join(', ')}, but "${state.source.table}"${state.source.spec.index ? ` (index ${state.source.spec.index})` : ''} is keyed by ${sourceKeyNames.join(', ')}`, 'Resume from the table the copy was reading, or copy again from the start.');
      }
    }
    const retry = state.failedItemsFile ? await readFailedItems(state.failedItemsFile, target, refuse) : [];
    return copyAll(sourceClient, state.source.spec, targetClient, state.target.table, { ...options, targetTable: target, ends: { source: state.source, target: state.target } }, {
      cursor,
      retry,
      before: { ...state.done, failed: 0, unconfirmed: 0 },
      consumed: resumeFile,
    });
  });
}

/** Every item of a failed-items file, all checked before anything is sent. */
async function readFailedItems(file: string, target: TableDescription, refuse: (why: string, hint: string) => StudioError): Promise<Item[]> {
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (err) {
    throw refuse(`its failed-items file ${file} cannot be read (${(err as Error).message})`, 'Put the failed-items file back where the resume file names it, or copy again from the start.');
  }
  const keys = tableKeys(target);
  const keyNames = new Set(keys.keySchema.map((k) => k.name));
  const items: Item[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim().length === 0) continue;
    const parsed = parseJsonLine(lines[i], 'dynamodb-json', keyNames);
    const problem = parsed.ok ? itemProblem(parsed.item, keys) : parsed.message;
    if (problem || !parsed.ok) throw refuse(`line ${i + 1} of its failed-items file ${file} is not an item for the target: ${problem}`, 'Restore the failed-items file as the copy wrote it, or copy again from the start.');
    items.push(parsed.item);
  }
  return items;
}

function keySummary(item: Item, names: string[]): string {
  const key = projectKey(item, names);
  return Object.keys(key).length === 0 ? 'no key attributes' : itemToDynamoJsonLine(key);
}
