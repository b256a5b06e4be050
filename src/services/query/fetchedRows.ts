// The rows a table viewer has fetched, with memory that does not grow with them: every fetched item is written to
// a temporary file (one DynamoDB JSON line per item, the codec's wire form: numbers as text, binary as base64), and
// only one window of at most `windowSize` rows is kept in memory, as those same lines. The viewer shows the window
// and pages through the file; "export what I fetched" streams the whole file. The file is private to the user
// (0600, in its own temporary folder) and removed by dispose().
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { promisify } from 'node:util';
import { StudioError } from '../../model/errors';
import { projectKey } from '../../model/items/equality';
import type { Item } from '../../model/items/types';
import { itemFromDynamoJsonLine, itemToDynamoJsonLine } from '../../model/transfer/lines';

const writeFd = promisify(fs.write);

/** The window size when none is given (the viewer's setting `dynamodbStudio.viewerWindowRows` has the same default). */
export const DEFAULT_WINDOW_ROWS = 50_000;

export interface FetchedRowsOptions {
  /** Rows kept in memory at most (one window). */
  windowSize?: number;
  /** The table's key attribute names: deleted rows are known by their key. */
  keyNames: readonly string[];
  /** Folder for the temporary folder (default: the system's temporary folder). */
  tempDir?: string;
}

/** Where the window is: rows `start` to `start + rows - 1` (0-based, in fetched order) of `fetched`. */
export interface WindowInfo {
  /** 0-based position of the window's first row among the fetched rows. */
  start: number;
  /** Rows in the window now (deleted rows are gone from it). */
  rows: number;
  /** Rows fetched so far, deleted ones not counted. */
  fetched: number;
  /** The window's size: rows kept in memory at most. */
  size: number;
  /** Rows deleted from the fetched result. */
  deleted: number;
}

export class FetchedRows {
  readonly windowSize: number;
  private readonly keyNames: readonly string[];
  private readonly dir: string;
  readonly file: string;
  private fd: number | undefined;
  /** Lines written to the file (deleted rows included: they stay in the file and are skipped on reading). */
  private written = 0;
  private bytes = 0;
  /** Byte offset of every window's first line: windowOffsets[k] is where line k × windowSize starts. */
  private readonly windowOffsets: number[] = [];
  /** The window shown: its number, and its rows as DynamoDB JSON lines in fetched order. */
  private windowIndex = 0;
  private window: string[] = [];
  /** Keys (as DynamoDB JSON of the key attributes) of the rows deleted since they were fetched. */
  private readonly deletedKeys = new Set<string>();
  private deletedCount = 0;
  /** Every operation runs after the one before: appends, window loads and snapshots never interleave. */
  private tail: Promise<unknown> = Promise.resolve();
  private disposed = false;
  /** A write in flight: the descriptor is closed only after it, so it can never write into a file opened later. */
  private writing: Promise<unknown> | undefined;

  constructor(options: FetchedRowsOptions) {
    const size = options.windowSize ?? DEFAULT_WINDOW_ROWS;
    if (!Number.isInteger(size) || size < 1) throw new StudioError('validation', `The viewer's window must hold a whole number of rows of 1 or more, not ${size}.`, { hint: 'Fix dynamodbStudio.viewerWindowRows in your settings.' });
    this.windowSize = size;
    this.keyNames = options.keyNames;
    this.dir = fs.mkdtempSync(path.join(options.tempDir ?? os.tmpdir(), 'dynamodb-studio-rows-'));
    this.file = path.join(this.dir, 'fetched.ddb.jsonl');
    // Only the user can read it: the rows may hold anything the table holds.
    this.fd = fs.openSync(this.file, 'wx', 0o600);
  }

  /** Where the window is and how many rows were fetched. */
  info(): WindowInfo {
    return { start: this.windowIndex * this.windowSize, rows: this.window.length, fetched: this.count, size: this.windowSize, deleted: this.deletedCount };
  }

  /** Rows fetched so far, deleted ones not counted. */
  get count(): number {
    return this.written - this.deletedCount;
  }

  /** The window's rows as DynamoDB JSON lines (wire items), in fetched order. */
  windowLines(): readonly string[] {
    return this.window;
  }

  /** Number of windows the fetched rows fill (at least 1). */
  get windowCount(): number {
    return Math.max(1, Math.ceil(this.written / this.windowSize));
  }

  private exclusive<T>(work: () => Promise<T> | T): Promise<T> {
    const run = this.tail.then(() => {
      if (this.disposed) throw new StudioError('cancelled', 'The fetched rows were closed.');
      return work();
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  /**
   * Writes fetched items to the file, in order; returns the lines of those that fall in the window shown (the rows
   * the grid gains). Items of several calls made at once are written one call after the other.
   */
  append(items: readonly Item[]): Promise<string[]> {
    // Converted before waiting: the items are the caller's page, which it may reuse.
    const lines = items.map(itemToDynamoJsonLine);
    return this.exclusive(async () => {
      const joined: string[] = [];
      const windowFrom = this.windowIndex * this.windowSize;
      const windowTo = windowFrom + this.windowSize;
      let text = '';
      let offset = this.bytes;
      for (const line of lines) {
        const position = this.written++;
        if (position % this.windowSize === 0) this.windowOffsets.push(offset);
        if (position >= windowFrom && position < windowTo) joined.push(line);
        text += line + '\n';
        offset += Buffer.byteLength(line) + 1;
      }
      if (text) await this.writeAll(text);
      for (const line of joined) this.window.push(line);
      return joined;
    });
  }

  private async writeAll(text: string): Promise<void> {
    const buffer = Buffer.from(text, 'utf8');
    let done = 0;
    while (done < buffer.length) {
      if (this.disposed || this.fd === undefined) throw new StudioError('cancelled', 'The fetched rows were closed.');
      const write = writeFd(this.fd, buffer, done, buffer.length - done, this.bytes + done);
      this.writing = write;
      try {
        done += (await write).bytesWritten;
      } finally {
        this.writing = undefined;
      }
    }
    this.bytes += buffer.length;
  }

  /**
   * Makes window `index` (0-based) the one in memory: its rows are read back from the file, deleted rows skipped.
   * Returns its lines. An index past the last window shows the last one.
   */
  showWindow(index: number): Promise<readonly string[]> {
    return this.exclusive(async () => {
      const target = Math.max(0, Math.min(Math.floor(index), this.windowCount - 1));
      if (target === this.windowIndex) return this.window;
      const lines: string[] = [];
      if (target < this.windowOffsets.length) {
        const want = Math.min(this.windowSize, this.written - target * this.windowSize);
        let seen = 0;
        for await (const line of this.readLines(this.windowOffsets[target])) {
          if (seen++ >= want) break;
          if (!this.isDeleted(line)) lines.push(line);
        }
      }
      // The old window is dropped only now, so a failed read leaves it shown.
      this.windowIndex = target;
      this.window = lines;
      return lines;
    });
  }

  /** Whether the row of `line` was deleted; the line is parsed only when something was deleted (`item`: parsed already). */
  private isDeleted(line: string, item?: Item): boolean {
    return this.deletedKeys.size > 0 && this.deletedKeys.has(this.keyText(item ?? itemFromDynamoJsonLine(line)));
  }

  private keyText(item: Item): string {
    return itemToDynamoJsonLine(projectKey(item, this.keyNames));
  }

  private async *readLines(start: number): AsyncGenerator<string> {
    const input = fs.createReadStream(this.file, { encoding: 'utf8', start });
    const lines = readline.createInterface({ input, crlfDelay: Infinity });
    try {
      for await (const line of lines) if (line.length > 0) yield line;
    } finally {
      lines.close();
      input.destroy();
    }
  }

  /** Forgets deleted items: they leave the window now and are skipped in other windows and exports. */
  remove(keys: readonly Item[]): Promise<number> {
    return this.exclusive(() => {
      const gone = new Set(keys.map((k) => this.keyText(k)));
      const before = this.window.length;
      this.window = this.window.filter((line) => !gone.has(this.keyText(itemFromDynamoJsonLine(line))));
      const removedHere = before - this.window.length;
      // A deleted row of another window is not counted: only the shown window's rows can be selected and deleted.
      for (const key of gone) this.deletedKeys.add(key);
      this.deletedCount += removedHere;
      return removedHere;
    });
  }

  /**
   * Every fetched row (deleted ones skipped), in fetched order, streamed from the file: what "export what I
   * fetched" writes. It reads the rows fetched when it starts; a fetch still running adds rows after them.
   */
  async *items(): AsyncGenerator<Item> {
    const upTo = await this.exclusive(() => this.written);
    if (upTo === 0) return;
    let seen = 0;
    for await (const line of this.readLines(0)) {
      if (seen++ >= upTo) break;
      const item = itemFromDynamoJsonLine(line);
      if (!this.isDeleted(line, item)) yield item;
    }
  }

  /**
   * Removes the file at once (synchronously, so it also works while the extension host shuts down) and closes it;
   * a write in flight finishes into the removed file first.
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.window = [];
    fs.rmSync(this.dir, { recursive: true, force: true });
    const fd = this.fd;
    this.fd = undefined;
    if (fd === undefined) return;
    const close = () => fs.close(fd, () => undefined);
    if (this.writing) void this.writing.then(close, close);
    else fs.closeSync(fd);
  }
}
