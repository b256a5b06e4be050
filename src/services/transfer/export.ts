// Exports query results or a whole table (parallel scan) to a file as JSON Lines, DynamoDB JSON or CSV, streaming
// page by page with the file stream's backpressure, so memory stays flat whatever the table's size.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { StudioError, toStudioError } from '../../model/errors';
import type { Item } from '../../model/items/types';
import { newQuerySpec, type QuerySpec } from '../../model/query/querySpec';
import { fetchAll, FetchStoppedError, type PageCursor } from '../query/runner';
import type { RetryNotice } from '../aws/clientPool';
import { CsvColumnStats, csvCell, csvLine, type CsvColumnType } from '../../model/transfer/csv';
import { hasOwn } from '../../model/items/model';
import { keyNamesOf } from '../../model/table/tableInfo';
import { describeForTransfer, formatFromFileName, type TransferFormat } from './import';
import { itemToDynamoJsonLine, itemToExportLine, itemToPlainJsonLine } from '../../model/transfer/lines';

export interface ExportProgress {
  /** Items written to the file (for CSV: read so far; the file is written at the end). */
  items: number;
  scannedCount: number;
  consumedCapacity: number;
  pages: number;
}

export interface ExportOptions {
  format?: TransferFormat;
  signal?: AbortSignal;
  onProgress?: (progress: ExportProgress) => void;
  /** Key attribute names to put first in CSV columns; read from the table when omitted. */
  keyNames?: readonly string[];
  /** Called when a request is retried (throttling, endpoint errors), before the backoff: show it with the progress. */
  onRetry?: (notice: RetryNotice) => void;
  /**
   * Continue a stopped export (JSON Lines and DynamoDB JSON): `cursor` and `items` from the ExportStoppedError. The
   * file is appended to, so it ends up with every item once.
   */
  resume?: { cursor: PageCursor; items: number };
}

export interface ExportReport {
  file: string;
  format: TransferFormat;
  items: number;
  bytes: number;
  /** True when a cancel stopped the export; the file holds the items read before (complete lines only). */
  cancelled: boolean;
  scannedCount: number;
  consumedCapacity: number;
  /** Where a stopped or cancelled export continues (ExportOptions.resume); undefined when it read everything. */
  cursor?: PageCursor;
}

/**
 * An export that stopped on an error after writing part of the result: the file holds exactly `report.items`
 * complete items, and `report.cursor` continues after them (ExportOptions.resume).
 */
export class ExportStoppedError extends StudioError {
  constructor(
    reason: StudioError,
    readonly report: ExportReport,
    fileComplete: boolean,
  ) {
    const count = report.items.toLocaleString('en-US');
    const kept = fileComplete ? `after ${count} items, which are in the file (complete lines only)` : `after ${count} items were read, and the file could not be completed`;
    super(reason.kind, `Export to ${report.file} stopped ${kept}: ${reason.message}`, {
      hint: reason.hint,
      fixCommand: reason.fixCommand,
      awsCode: reason.awsCode,
      cause: reason,
    });
  }
}

/** Buffers lines and writes them in large chunks, waiting for 'drain' when the stream asks. */
class LineSink {
  private buffer = '';
  bytes = 0;
  private readonly stream: fs.WriteStream;
  private failure?: Error;

  constructor(file: string, append = false) {
    this.stream = fs.createWriteStream(file, { encoding: 'utf8', flags: append ? 'a' : 'w' });
    this.stream.on('error', (err) => (this.failure = err));
  }

  async write(line: string): Promise<void> {
    this.buffer += line;
    if (this.buffer.length >= 256 * 1024) await this.drain();
  }

  private async drain(): Promise<void> {
    if (this.failure) throw this.failure;
    // Encoded once here: the stream would encode the text anyway, and the byte count comes with it.
    const chunk = Buffer.from(this.buffer, 'utf8');
    this.buffer = '';
    this.bytes += chunk.length;
    if (!this.stream.write(chunk)) {
      await new Promise<void>((resolve, reject) => {
        const onError = (err: Error) => reject(err);
        this.stream.once('error', onError);
        this.stream.once('drain', () => {
          this.stream.off('error', onError);
          resolve();
        });
      });
    }
  }

  async close(): Promise<void> {
    if (this.buffer.length > 0) await this.drain();
    await new Promise<void>((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.stream.end((err?: Error | null) => (err ? reject(err) : resolve()));
    });
  }

  destroy(): void {
    this.stream.destroy();
  }
}

/** Writes items in one format; CSV goes through a temporary file first, because its header needs every column. */
interface ItemSink {
  add(items: Item[]): Promise<void>;
  close(): Promise<number>;
  destroy(): void;
}

function lineSink(file: string, toLine: (item: Item) => string, append: boolean): ItemSink {
  const sink = new LineSink(file, append);
  return {
    async add(items) {
      // One string per page: a write (and its await) per item cost more than the conversion.
      let lines = '';
      for (const item of items) lines += toLine(item) + '\n';
      await sink.write(lines);
    },
    async close() {
      await sink.close();
      return sink.bytes;
    },
    destroy: () => sink.destroy(),
  };
}

function csvSink(file: string, keyNames: readonly string[]): ItemSink {
  const spoolFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dynamodb-studio-csv-')), 'items.ddb.jsonl');
  const spool = new LineSink(spoolFile);
  const columns = new Map<string, CsvColumnStats>(keyNames.map((k) => [k, new CsvColumnStats()]));
  const removeSpool = () => fs.rmSync(path.dirname(spoolFile), { recursive: true, force: true });
  return {
    async add(items) {
      for (const item of items) {
        for (const name of Object.keys(item)) {
          let stats = columns.get(name);
          if (!stats) columns.set(name, (stats = new CsvColumnStats()));
          stats.add(item[name]);
        }
        await spool.write(itemToDynamoJsonLine(item) + '\n');
      }
    },
    async close() {
      try {
        await spool.close();
        const names = [...columns.keys()].filter((n) => columns.get(n)!.types.size > 0 || keyNames.includes(n));
        const types: CsvColumnType[] = names.map((n) => columns.get(n)!.columnType());
        const out = new LineSink(file);
        try {
          await out.write(csvLine(names));
          await out.write(csvLine(types));
          const lines = readline.createInterface({ input: fs.createReadStream(spoolFile, { encoding: 'utf8' }), crlfDelay: Infinity });
          for await (const text of lines) {
            if (text.length === 0) continue;
            // DynamoDB JSON keeps numbers as strings and binary as base64, so JSON.parse reads it exactly.
            const wire = JSON.parse(text) as Record<string, Record<string, unknown>>;
            // Own fields only: an item without a "toString" attribute must not export Object.prototype.toString.
            await out.write(csvLine(names.map((n, i) => csvCell(hasOwn(wire, n) ? wire[n] : undefined, types[i]))));
          }
          await out.close();
        } catch (err) {
          out.destroy();
          throw err;
        }
        return out.bytes;
      } finally {
        removeSpool();
      }
    },
    destroy() {
      spool.destroy();
      removeSpool();
    },
  };
}

function openSink(file: string, format: TransferFormat, keyNames: readonly string[], append = false): ItemSink {
  switch (format) {
    case 'jsonl':
      return lineSink(file, itemToPlainJsonLine, append);
    case 'dynamodb-json':
      return lineSink(file, itemToExportLine, append);
    case 'csv':
      if (append) throw new StudioError('validation', `A CSV export cannot be continued: its header is written last, from every column.`, { hint: 'Export to CSV again from the start, or continue as JSON Lines.' });
      return csvSink(file, keyNames);
    default:
      throw new StudioError('validation', `Unknown export format '${String(format)}'.`, { hint: 'Choose JSON Lines, DynamoDB JSON or CSV.' });
  }
}

/** Exports everything a spec finds (all pages; parallel segments for a scan with segments). */
export async function exportQuery(client: DynamoDBClient, spec: QuerySpec, file: string, options: ExportOptions = {}): Promise<ExportReport> {
  const format = options.format ?? formatFromFileName(file);
  const operation = `Export to ${file}`;
  let keyNames = options.keyNames;
  if (!keyNames && format === 'csv' && spec.kind !== 'partiql') keyNames = keyNamesOf(await describeForTransfer(client, spec.table, operation, options.signal), spec.index);
  const resume = options.resume;
  const sink = openSink(file, format, keyNames ?? [], resume !== undefined);
  const before = resume?.items ?? 0;
  /** Items handed to the sink: after close(), exactly the items in the file. */
  let written = 0;
  try {
    const result = await fetchAll(client, spec, {
      ...resume?.cursor,
      signal: options.signal,
      collect: false,
      onRetry: options.onRetry,
      onItems: async (items) => {
        await sink.add(items);
        written += items.length;
      },
      onProgress: (p) => options.onProgress?.({ items: before + p.count, scannedCount: p.scannedCount, consumedCapacity: p.consumedCapacity, pages: p.pages }),
    });
    let bytes = await sink.close();
    if (resume) bytes = (await fs.promises.stat(file)).size;
    return { file, format, items: before + result.count, bytes, cancelled: result.cancelled, scannedCount: result.scannedCount, consumedCapacity: result.consumedCapacity, cursor: result.cursor };
  } catch (err) {
    const reason = err instanceof FetchStoppedError ? err.reason : toStudioError(err, { operation });
    // What was read stays in the file, so the export can continue from the cursor instead of starting over.
    let bytes = 0;
    let fileComplete = true;
    try {
      bytes = await sink.close();
    } catch {
      sink.destroy();
      fileComplete = false;
    }
    const partial = err instanceof FetchStoppedError ? err.partial : undefined;
    const report: ExportReport = {
      file,
      format,
      items: before + written,
      bytes,
      cancelled: false,
      scannedCount: partial?.scannedCount ?? 0,
      consumedCapacity: partial?.consumedCapacity ?? 0,
      // A failure of the file itself (not of the read) leaves no exact place to continue from.
      cursor: partial && written === partial.count ? partial.cursor : undefined,
    };
    throw new ExportStoppedError(reason, report, fileComplete);
  }
}

/** Exports a whole table with a parallel scan (4 segments unless told). */
export function exportTable(client: DynamoDBClient, table: string, file: string, options: ExportOptions & { segments?: number } = {}): Promise<ExportReport> {
  return exportQuery(client, { ...newQuerySpec(table), segments: options.segments ?? 4 }, file, options);
}

/**
 * Exports items already read: a list, or a stream of them (the rows a viewer fetched, read back from its temporary
 * file). A cancel stops after the items written so far.
 */
export async function exportItems(items: Iterable<Item> | AsyncIterable<Item>, file: string, options: Omit<ExportOptions, 'resume'> = {}): Promise<ExportReport> {
  const format = options.format ?? formatFromFileName(file);
  const sink = openSink(file, format, options.keyNames ?? []);
  let count = 0;
  try {
    let chunk: Item[] = [];
    let cancelled = false;
    for await (const item of items) {
      if (options.signal?.aborted) {
        cancelled = true;
        break;
      }
      chunk.push(item);
      if (chunk.length === 1000) {
        await sink.add(chunk);
        count += chunk.length;
        chunk = [];
        options.onProgress?.({ items: count, scannedCount: 0, consumedCapacity: 0, pages: 0 });
      }
    }
    await sink.add(chunk);
    count += chunk.length;
    const bytes = await sink.close();
    return { file, format, items: count, bytes, cancelled, scannedCount: 0, consumedCapacity: 0 };
  } catch (err) {
    sink.destroy();
    throw toStudioError(err, { operation: `Export to ${file}` });
  }
}
