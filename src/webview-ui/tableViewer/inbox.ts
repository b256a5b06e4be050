// The viewer's inbox: every message from the extension, checked against the protocol, handled strictly in arrival
// order. A page of rows (2,000 items) takes tens of milliseconds to read and check, so messages are handled in
// slices of about SLICE_MS between which the browser draws and scrolls. A page is split into the text of each item
// (RowSplitter, a bounded stretch of text per step), then each item is parsed and checked on its own, a few dozen
// at a time, so no step takes long; the grid keeps the items' texts. Rows join the grid only once checked: a page
// joins whole, except that while the screen lacks rows, the rows that fill it join first (and draw at once) and the
// rest of the page joins after. A page with an item that fails the check is ignored from that part on; a new run's
// page that fails before any of it joined leaves the old rows shown.
// A message's data is only deserialized when its turn comes, so a burst of pages costs nothing on arrival; a
// message alone (the usual case) is handled at once. Pages of a run that a newer run's first page in the inbox
// will clear are skipped.
import { ViewerEvent, wireItemProblem, wireType, type WireItem } from '../../protocol/tableViewer';
import type { ResultGrid } from './grid';
import { RowSplitter } from './rowText';

type RowsEvent = Extract<ViewerEvent, { type: 'rows' }>;

interface InboxEntry {
  event: MessageEvent;
  /** The message once checked against the protocol; null when it does not match. */
  message?: ViewerEvent | null;
  /** A rows message in progress. */
  intake?: RowIntake;
}
interface RowIntake {
  splitter: RowSplitter;
  /** How many of the items passed the check, and how many of those joined the grid. */
  checked: number;
  joined: number;
  /** Rows to join before the rest (those that fill an empty screen), or 0. */
  firstPart: number;
  /** Attribute names of the checked items not yet joined, in order of first use, with their first value's type; every name seen so far. */
  names: string[];
  types: string[];
  seen: Set<string>;
}

const SLICE_MS = 6;
/** Characters of a page split, and items checked, between looks at the clock. */
const SPLIT_CHARS = 32_768;
const CHECK_BATCH = 50;
/** The longest wait for a frame before reading on (frames stop while the panel is hidden). */
const FRAME_WAIT_MS = 100;

export interface InboxTarget {
  /** Every message but rows, in order. */
  handle(message: ViewerEvent): void;
  /** The run whose rows are shown (rows of older runs are dropped); rows of a newer run make it the current one. */
  runId: number;
  /** Rows of run `runId` joined the grid (the first page of a run clears it first). */
  rowsJoined(m: RowsEvent): void;
}

export class Inbox {
  private readonly entries: InboxEntry[] = [];
  private next = 0;
  /** Non-zero while the inbox waits for its next slice (messages arriving meanwhile queue up); names that wait. */
  private waiting = 0;
  private waits = 0;
  private readonly nextSlice = new MessageChannel();

  constructor(
    private readonly grid: ResultGrid,
    private readonly target: InboxTarget,
  ) {
    this.nextSlice.port1.onmessage = (e: MessageEvent<number>) => {
      if (this.waiting !== e.data) return;
      this.waiting = 0;
      this.drain();
    };
  }

  listen(): void {
    window.addEventListener('message', (event: MessageEvent) => {
      this.entries.push({ event });
      if (!this.waiting) this.drain();
    });
  }

  private waitForNextSlice(): void {
    const wait = (this.waiting = ++this.waits);
    const go = () => this.nextSlice.port2.postMessage(wait);
    if (this.grid.paintPending) {
      // New rows are on their way to the screen: that frame is drawn before the inbox goes on.
      requestAnimationFrame(go);
      setTimeout(go, FRAME_WAIT_MS);
    } else go();
  }

  /** The entry's message, checked against the protocol once. */
  private messageOf(entry: InboxEntry): ViewerEvent | null {
    if (entry.message === undefined) {
      const parsed = ViewerEvent.safeParse(entry.event.data);
      if (!parsed.success) console.warn('Table viewer: ignored a message that does not match the protocol.', parsed.error.issues[0]?.message);
      entry.message = parsed.success ? parsed.data : null;
    }
    return entry.message;
  }

  private drain(): void {
    const started = performance.now();
    const overBudget = () => performance.now() - started >= SLICE_MS;
    const entries = this.entries;
    while (this.next < entries.length) {
      const entry = entries[this.next];
      const m = this.messageOf(entry);
      if (m?.type !== 'rows') {
        this.next++;
        if (m) this.target.handle(m);
        continue;
      }
      const done = this.takeRows(entry, m, overBudget);
      if (done) {
        entry.intake = undefined;
        this.next++;
      }
      if (!done || overBudget()) {
        this.waitForNextSlice();
        break;
      }
    }
    if (this.next === entries.length) {
      entries.length = 0;
      this.next = 0;
    }
  }

  /** Whether a newer run's first page waits in the inbox (it clears the grid, so rows of run `id` need no reading). */
  private newerRunQueued(id: number): boolean {
    for (let i = this.entries.length - 1; i > this.next; i--) {
      const later = this.messageOf(this.entries[i]);
      if (later?.type !== 'rows') continue;
      if (later.runId <= id) return false;
      if (later.reset) return true;
    }
    return false;
  }

  /**
   * Advances a rows message until `stop` says so or a part of it joins the screen; true when it is finished (added
   * to the grid or ignored).
   */
  private takeRows(entry: InboxEntry, m: RowsEvent, stop: () => boolean): boolean {
    const grid = this.grid;
    if (m.runId < this.target.runId || this.newerRunQueued(m.runId)) return true;
    const intake = (entry.intake ??= {
      splitter: new RowSplitter(m.itemsJson),
      checked: 0,
      joined: 0,
      firstPart: m.reset || !grid.screenFilled ? grid.rowsToFill(m.reset) : 0,
      names: [],
      types: [],
      seen: new Set(),
    });
    const { splitter, seen } = intake;
    const goal = intake.joined < intake.firstPart ? intake.firstPart : Infinity;
    // The rows that fill an empty screen are few: they are taken in one go.
    if (goal !== Infinity) stop = () => false;
    while (splitter.rows.length < goal && !splitter.step(SPLIT_CHARS, goal)) if (stop()) return false;
    if (splitter.problem !== undefined && splitter.rows.length < goal) return ignoreRows(splitter.problem);
    const rows = splitter.rows;
    const until = Math.min(goal, rows.length);
    while (intake.checked < until) {
      const end = Math.min(until, intake.checked + CHECK_BATCH);
      for (let i = intake.checked; i < end; i++) {
        // The same checks as parseWireItems, one item at a time.
        let item: unknown;
        try {
          item = JSON.parse(rows[i]);
        } catch (err) {
          return ignoreRows(`the rows are not JSON (row ${i}: ${(err as Error).message})`);
        }
        const problem = wireItemProblem(item, `row ${i}`);
        if (problem) return ignoreRows(problem);
        for (const name of Object.keys(item as WireItem)) {
          if (seen.has(name)) continue;
          seen.add(name);
          intake.names.push(name);
          intake.types.push(wireType((item as WireItem)[name]));
        }
      }
      intake.checked = end;
      if (intake.checked < until && stop()) return false;
    }
    this.target.runId = m.runId;
    if (m.reset && intake.joined === 0) grid.clear();
    grid.append(intake.joined === 0 && until === rows.length ? rows : rows.slice(intake.joined, until), intake.names, intake.types);
    intake.joined = until;
    intake.names = [];
    intake.types = [];
    this.target.rowsJoined(m);
    // The first part draws before the rest is read.
    return splitter.done && intake.joined === rows.length;
  }
}

function ignoreRows(problem: string): true {
  console.warn(`Table viewer: ignored rows that are not AttributeValue JSON: ${problem}.`);
  return true;
}
