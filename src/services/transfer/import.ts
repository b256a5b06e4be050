// Imports a JSON Lines, DynamoDB JSON or CSV file into a table. Every row is checked against the table's key schema
// first; bad rows are reported by line and never written. Good rows go out in parallel BatchWriteItem batches.
// The report counts exactly what DynamoDB confirmed; items it refused or never processed go to a file in DynamoDB
// JSON, ready to be imported again.
import * as fs from 'node:fs';
import * as readline from 'node:readline';
import { DescribeTableCommand, type DynamoDBClient, type TableDescription } from '@aws-sdk/client-dynamodb';
import { observeRetries, type RetryNotice } from '../aws/clientPool';
import { joinSentences, StudioError, toStudioError } from '../../model/errors';
import { dynamoJsonToItem } from '../../model/items/dynamoJson';
import { parseJson } from '../../model/items/json';
import { plainJsonToItem } from '../../model/items/plainJson';
import type { Item, KeyAttribute, Problem } from '../../model/items/types';
import { validateItem } from '../../model/items/validate';
import { BatchWriteEngine, type WriteFailure } from '../dynamo/batchWriteEngine';
import { csvLayout, csvRowToItem, CsvRowReader, type CsvLayout, type CsvRow } from '../../model/transfer/csv';

/** jsonl: plain JSON, one item per line. dynamodb-json: one {"Item": …} (or bare item) per line. csv: see csv.ts. */
export type TransferFormat = 'jsonl' | 'dynamodb-json' | 'csv';
export const TRANSFER_FORMATS: readonly TransferFormat[] = ['jsonl', 'dynamodb-json', 'csv'];

/** The format a file name suggests: .csv is CSV, .ddb.json/.ddbjson/.dynamodb.json… is DynamoDB JSON, else JSON Lines. */
export function formatFromFileName(file: string): TransferFormat {
  const lower = file.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (/(dynamodb|ddb)[^/\\]*$/.test(lower)) return 'dynamodb-json';
  return 'jsonl';
}

export interface BadRow {
  /** 1-based line of the file where the row starts. */
  line: number;
  message: string;
}

export interface TransferProgress {
  /** Rows (or source items) read so far. */
  read: number;
  written: number;
  failed: number;
  badRows: number;
  /** For an import: bytes of the file read so far, of `totalBytes`. */
  bytesRead?: number;
  totalBytes?: number;
}

export interface TransferReport {
  read: number;
  /** Items DynamoDB confirmed written. */
  written: number;
  /** Items sent (or about to be) that were not written: refused, left unprocessed after every retry, or stopped by a cancel or an error. */
  failed: number;
  /** Of the failed items, those whose request got no answer (connection broken, timeout): DynamoDB may have written them. */
  unconfirmed: number;
  /** Rows that were never sent because they are not valid items for the table; the first 1,000 with line and reason. */
  badRows: BadRow[];
  badRowCount: number;
  /** Why items failed, the first 1,000. */
  failures: { line?: number; index?: number; message: string; unconfirmed?: boolean }[];
  /** The failed items as DynamoDB JSON lines, when there were any. */
  failedItemsFile?: string;
  cancelled: boolean;
  /** A copy that stopped before reading the whole source: the file Resume Copy continues from. */
  resumeFile?: string;
  /** Of that copy's read: the segments not read to their end, of how many (1 of 1 for a sequential read). */
  unreadSegments?: { unfinished: number; total: number };
}

/** Thrown when writing had to stop for a reason no retry fixes (read-only connection, access denied, …); carries the report so far. */
export class TransferStoppedError extends StudioError {
  constructor(
    cause: StudioError,
    readonly report: TransferReport,
  ) {
    super(cause.kind, joinSentences(cause.message, stoppedSummary(report)), {
      hint: cause.hint,
      fixCommand: cause.fixCommand,
      awsCode: cause.awsCode,
      cause,
    });
  }
}

/** What a stopped transfer wrote, and where the rest is. */
function stoppedSummary(report: TransferReport): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const parts = [`${n(report.written)} items were written before it stopped`];
  if (report.unconfirmed > 0) parts.push(`${n(report.unconfirmed)} more may have been written (the connection broke before DynamoDB answered)`);
  let text = `${parts.join('; ')}.`;
  if (report.resumeFile && report.unreadSegments) {
    const { unfinished, total } = report.unreadSegments;
    const part = total > 1 ? `${n(unfinished)} of ${n(total)} segments of the source were not read to their end` : 'the source was not read to its end';
    const resend = report.failed > 0 ? ` and sends the ${n(report.failed)} items not confirmed again` : '';
    text += ` ${part.charAt(0).toUpperCase()}${part.slice(1)}: Resume Copy (${report.resumeFile}) reads the rest from where it stopped${resend}.`;
  } else if (report.failedItemsFile && report.failed > 0) text += ` The ${n(report.failed)} items not confirmed are in ${report.failedItemsFile}, ready to import again (an item written twice is the same item).`;
  return text;
}

export interface ImportOptions {
  format?: TransferFormat;
  signal?: AbortSignal;
  onProgress?: (progress: TransferProgress) => void;
  /** Batches in flight; 8 by default. */
  concurrency?: number;
  /** Attempts per item for throttling and unprocessed items; 10 by default. */
  maxAttempts?: number;
  /** Where failed items go; `<file>.failed.ddb.jsonl` by default. */
  failedItemsFile?: string;
  /** The target table's description; read with DescribeTable when omitted. */
  table?: TableDescription;
  /** Called when writes are retried (throttling, unprocessed items, endpoint errors), before the backoff: show it. */
  onRetry?: (notice: RetryNotice) => void;
}

export const REPORTED_ROWS = 1000;

/** Primary key and index keys of a description, in the item core's terms. */
export function tableKeys(table: TableDescription): { keySchema: KeyAttribute[]; indexKeys: KeyAttribute[] } {
  const types = new Map((table.AttributeDefinitions ?? []).map((d) => [d.AttributeName, d.AttributeType as KeyAttribute['type']]));
  const keySchema = (table.KeySchema ?? []).map((k) => ({ name: k.AttributeName as string, type: types.get(k.AttributeName) ?? 'S', keyType: k.KeyType as 'HASH' | 'RANGE' }));
  const primary = new Set(keySchema.map((k) => k.name));
  const indexKeys: KeyAttribute[] = [];
  for (const index of [...(table.GlobalSecondaryIndexes ?? []), ...(table.LocalSecondaryIndexes ?? [])]) {
    for (const k of index.KeySchema ?? []) {
      const name = k.AttributeName as string;
      if (!primary.has(name) && !indexKeys.some((x) => x.name === name)) indexKeys.push({ name, type: types.get(name) ?? 'S' });
    }
  }
  return { keySchema, indexKeys };
}

export async function describeForTransfer(client: DynamoDBClient, tableName: string, operation: string, signal?: AbortSignal): Promise<TableDescription> {
  try {
    const out = await client.send(new DescribeTableCommand({ TableName: tableName }), { abortSignal: signal });
    if (!out.Table) throw new Error('the endpoint returned no table description');
    return out.Table;
  } catch (err) {
    throw toStudioError(err, { operation });
  }
}

/** A reason a row is not a valid item for the table, in one line, or undefined when it is one. */
export function itemProblem(item: Item, keys: { keySchema: KeyAttribute[]; indexKeys: KeyAttribute[] }): string | undefined {
  const errors = validateItem(item, keys).filter((p) => p.severity === 'error');
  return errors.length === 0 ? undefined : errors.map((p) => p.message).join(' ');
}

function describeProblem(problem: Problem, columnOffset: number): string {
  const column = problem.range.start.column + columnOffset + 1;
  return `${problem.message}${problem.code === 'syntax' || problem.code === 'notation' ? ` (column ${column})` : ''}`;
}

type ParsedRow = { line: number; item: Item } | { line: number; error: string };

/** Reads one line of JSON Lines or DynamoDB JSON. */
export function parseJsonLine(text: string, format: 'jsonl' | 'dynamodb-json', keyNames: ReadonlySet<string>): { ok: true; item: Item } | { ok: false; message: string } {
  if (format === 'jsonl') {
    const parsed = plainJsonToItem(text);
    return parsed.ok ? { ok: true, item: parsed.item } : { ok: false, message: describeProblem(parsed.problems[0], 0) };
  }
  let body = text;
  let offset = 0;
  // DynamoDB's export wraps each item as {"Item": {…}}; a bare item is read too. An item whose only attribute
  // is "Item" would have to be the table's key, so the wrapper is recognised unless "Item" is a key attribute.
  if (!keyNames.has('Item') && /^\s*\{\s*"Item"\s*:/.test(text)) {
    const tree = parseJson(text);
    if (!tree.ok) return { ok: false, message: describeProblem(tree.problems[0], 0) };
    const root = tree.value;
    if (root.kind === 'object' && root.members.length === 1 && root.members[0].value.kind === 'object') {
      const range = root.members[0].value.range;
      body = text.slice(range.start.offset, range.end.offset);
      offset = range.start.column;
    }
  }
  const parsed = dynamoJsonToItem(body);
  return parsed.ok ? { ok: true, item: parsed.item } : { ok: false, message: describeProblem(parsed.problems[0], offset) };
}

async function* jsonRows(stream: fs.ReadStream, format: 'jsonl' | 'dynamodb-json', keyNames: ReadonlySet<string>): AsyncGenerator<ParsedRow> {
  const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim().length === 0) continue;
    const parsed = parseJsonLine(line === 1 ? text.replace(/^\uFEFF/, '') : text, format, keyNames);
    yield parsed.ok ? { line, item: parsed.item } : { line, error: parsed.message };
  }
}

async function* csvRows(stream: fs.ReadStream, keySchema: KeyAttribute[]): AsyncGenerator<ParsedRow> {
  const reader = new CsvRowReader();
  let header: CsvRow | undefined;
  let layout: CsvLayout | undefined;
  let first = true;
  const handle = function* (rows: CsvRow[]): Generator<ParsedRow> {
    for (const row of rows) {
      if (!header) {
        header = row;
        continue;
      }
      if (!layout) {
        const result = csvLayout(header.fields, row.fields, keySchema);
        if (!result.ok) throw new StudioError('validation', `The CSV header on line ${header.line} cannot be used: ${result.message}`, { hint: 'Fix the header line and import again.' });
        layout = result.layout;
        if (layout.typed) continue;
      }
      const converted = csvRowToItem(row.fields, layout);
      yield converted.ok ? { line: row.line, item: converted.item } : { line: row.line, error: converted.message };
    }
  };
  for await (const chunk of stream) {
    let text = chunk as string;
    if (first) {
      text = text.replace(/^\uFEFF/, '');
      first = false;
    }
    yield* handle(reader.push(text));
  }
  const end = reader.end();
  yield* handle(end.rows);
  if (end.unclosedQuoteLine !== undefined) yield { line: end.unclosedQuoteLine, error: 'A quoted field that starts on this line is never closed, so the rest of the file was read into it. Add the closing quote.' };
  if (header && !layout) {
    const result = csvLayout(header.fields, undefined, keySchema);
    if (!result.ok) throw new StudioError('validation', `The CSV header on line ${header.line} cannot be used: ${result.message}`, { hint: 'Fix the header line and import again.' });
  }
}

/** Collects counts, bad rows and failures into a report, and writes the failed items file. */
export class TransferAccounting {
  read = 0;
  badRowCount = 0;
  readonly badRows: BadRow[] = [];

  constructor(
    readonly writer: BatchWriteEngine,
    private readonly onProgress?: (progress: TransferProgress) => void,
  ) {}

  badRow(line: number, message: string): void {
    this.badRowCount++;
    if (this.badRows.length < REPORTED_ROWS) this.badRows.push({ line, message });
  }

  progress(extra: Partial<TransferProgress> = {}): void {
    this.onProgress?.({ read: this.read, written: this.writer.written, failed: this.writer.failures.length, badRows: this.badRowCount, ...extra });
  }

  async report(failedItemsFile: string, cancelled: boolean): Promise<TransferReport> {
    const failures = this.writer.failures;
    const report: TransferReport = {
      read: this.read,
      written: this.writer.written,
      failed: failures.length,
      unconfirmed: failures.filter((f) => f.unconfirmed).length,
      badRows: this.badRows,
      badRowCount: this.badRowCount,
      failures: failures
        .slice(0, REPORTED_ROWS)
        .map(({ line, index, message, unconfirmed }: WriteFailure) => ({ ...(line === undefined ? {} : { line }), ...(index === undefined ? {} : { index }), message, ...(unconfirmed ? { unconfirmed } : {}) })),
      cancelled,
    };
    const written = await this.writer.writeFailedItems(failedItemsFile);
    if (written) report.failedItemsFile = written;
    return report;
  }
}

/**
 * Imports a file into a table. Resolves with the report (also after a cancel); rejects with TransferStoppedError when
 * writing had to stop. After such a stop the rest of the file is still read, so the failed items file holds every
 * item that was not confirmed written: importing it finishes the import.
 */
export function importFile(client: DynamoDBClient, tableName: string, file: string, options: ImportOptions = {}): Promise<TransferReport> {
  return observeRetries(options.onRetry, () => importRows(client, tableName, file, options));
}

async function importRows(client: DynamoDBClient, tableName: string, file: string, options: ImportOptions): Promise<TransferReport> {
  const format = options.format ?? formatFromFileName(file);
  const operation = `Import ${file} into table "${tableName}"`;
  const table = options.table ?? (await describeForTransfer(client, tableName, operation, options.signal));
  const keys = tableKeys(table);
  const keyNames = new Set(keys.keySchema.map((k) => k.name));
  let totalBytes: number;
  try {
    totalBytes = (await fs.promises.stat(file)).size;
  } catch (err) {
    throw new StudioError('notFound', `${operation} failed: the file cannot be read (${(err as Error).message}).`, { hint: 'Check the path and that the file exists.', cause: err });
  }
  const writer = new BatchWriteEngine(client, tableName, {
    concurrency: options.concurrency,
    maxAttempts: options.maxAttempts,
    signal: options.signal,
    keyNames: [...keyNames],
    operation: `Write items to table "${tableName}"`,
    onProgress: () => accounting.progress({ bytesRead: stream.bytesRead, totalBytes }),
  });
  const accounting = new TransferAccounting(writer, options.onProgress);
  const stream = fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 });
  const rows = format === 'csv' ? csvRows(stream, keys.keySchema) : jsonRows(stream, format, keyNames);
  try {
    for await (const row of rows) {
      // A cancel stops reading; an error that stops writing does not, so the rest lands in the failed items file.
      if (options.signal?.aborted) break;
      accounting.read++;
      if ('error' in row) {
        accounting.badRow(row.line, row.error);
        continue;
      }
      const problem = itemProblem(row.item, keys);
      if (problem) {
        accounting.badRow(row.line, problem);
        continue;
      }
      await writer.put(row.item, { line: row.line });
    }
    await writer.close();
  } catch (err) {
    stream.destroy();
    await writer.close().catch(() => undefined);
    throw toStudioError(err, { operation });
  } finally {
    stream.destroy();
  }
  accounting.progress({ bytesRead: stream.bytesRead, totalBytes });
  const report = await accounting.report(options.failedItemsFile ?? `${file}.failed.ddb.jsonl`, !!options.signal?.aborted);
  if (writer.fatal) throw new TransferStoppedError(writer.fatal, report);
  return report;
}
