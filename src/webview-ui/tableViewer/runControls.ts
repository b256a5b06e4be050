// Running and paging. One Run button, one choice of how much a run reads (the first page, or every page), and one
// "more" button that appears only when the last read stopped with more to read, saying what it will do; Cancel
// appears while a read runs. The status line says what the run read (items returned and scanned, capacity, pages,
// segments), how it ended, and what a write statement did.
import type { ViewerEvent } from '../../protocol/tableViewer';
import { fmt, h, vscodeButton } from '../shared/dom';
import { clearNotice, notice } from './notice';
import { post, saveState, state, type ReadMode } from './state';

type RunState = Extract<ViewerEvent, { type: 'runState' }>;

export interface RunNeeds {
  /** Runs the form's query, reading as `mode` says. */
  run(mode: ReadMode): void;
  /** A read ended (done, failed or cancelled) with `count` rows: the grid's empty note says why there are none. */
  ended(e: RunState): void;
}

export class RunControls {
  readonly statusLine: HTMLElement;
  readonly controls: HTMLElement[];
  private readonly statusEl = h('div', { class: 'run-status', role: 'status', 'aria-live': 'polite' });
  private readonly progressEl = h('div', { class: 'progress', hidden: true }, h('div', { class: 'progress-bar' }));
  private readonly runButton: ReturnType<typeof vscodeButton>;
  private readonly moreButton = vscodeButton('more', 'Next page', 'arrow-down', () => post({ type: 'continue', mode: state.readMode }), { secondary: true });
  private readonly cancelButton = vscodeButton('cancel', 'Cancel', 'debug-stop', () => post({ type: 'cancel' }), { secondary: true, title: 'Stop reading; the rows read so far stay' });
  /** Whether the rows shown still belong to the form as it is (a changed operation or index makes them stale). */
  private stale = false;

  constructor(private readonly needs: RunNeeds) {
    this.runButton = vscodeButton('run', 'Run', 'play', () => needs.run(state.readMode), { title: 'Run (Ctrl+Enter or Enter in a field): reads the first page, every page, or until “Stop after”, as chosen beside it' });
    const select = h('vscode-single-select', { id: 'readMode', label: 'How much a run reads', title: 'How much a run reads' }) as HTMLElement & { value: string; disabled: boolean };
    select.append(h('vscode-option', { value: 'page', text: 'First page' }), h('vscode-option', { value: 'all', text: 'All pages' }));
    select.value = state.readMode;
    select.addEventListener('change', () => {
      state.readMode = select.value === 'all' ? 'all' : 'page';
      saveState();
      this.showMore();
    });
    this.controls = [this.runButton, select, this.moreButton, this.cancelButton];
    this.statusLine = h('div', { class: 'status-line' }, this.statusEl, this.progressEl);
  }

  setRunning(on: boolean): void {
    state.running = on;
    this.progressEl.hidden = !on;
    this.cancelButton.hidden = !on;
    this.cancelButton.disabled = !on;
    this.runButton.disabled = on;
    this.showMore();
  }

  /** The "more" button: shown only when the last read can go on, and named for what it reads. */
  private showMore(): void {
    const can = !state.running && state.hasMore && !this.stale;
    this.moreButton.hidden = !can;
    this.moreButton.disabled = !can;
    const all = state.readMode === 'all';
    this.moreButton.textContent = all ? 'Read all remaining pages' : 'Next page';
    this.moreButton.setAttribute('icon', all ? 'fold-down' : 'arrow-down');
    this.moreButton.title = all ? 'Go on reading every page left, after the rows shown' : 'Read one more page, after the rows shown';
  }

  /**
   * The form now describes another read than the rows shown (the operation or the index changed): the rows stay
   * for reference, but they cannot be continued, and the status line says so.
   */
  formChanged(what: string): void {
    if (state.running || this.stale || state.runId < 0) return;
    this.stale = true;
    this.statusEl.replaceChildren(h('strong', { text: 'Not run yet.' }), ` The rows below are from the previous ${what}; Run reads the new one.`);
    this.statusEl.dataset.state = 'stale';
    this.showMore();
  }

  /** The rows shown are not the failed read's: the status line says so after "Failed.". */
  noteOldRows(): void {
    this.statusEl.append(h('span', { class: 'old-rows', text: ' · The rows below are from the previous read.' }));
  }

  onRunState(e: RunState): void {
    if (e.runId < state.runId) return;
    if (e.runId > state.runId || e.state === 'running') {
      // A new read: the errors of the last one no longer apply.
      if (e.runId > state.runId) clearNotice();
      this.stale = false;
    }
    state.runId = e.runId;
    state.hasMore = e.hasMore;
    const s = e.stats;
    const parts: string[] = [];
    if (e.outcome) parts.push(e.outcome);
    else {
      parts.push(`${fmt(s.count)} item${s.count === 1 ? '' : 's'} returned`);
      if (s.scannedCount !== undefined && e.operation.startsWith('Run the PartiQL') === false) parts.push(`${fmt(s.scannedCount)} scanned`);
    }
    parts.push(`${Number(s.consumedCapacity.toFixed(2))} RCU consumed`, `${fmt(s.pages)} page${s.pages === 1 ? '' : 's'}`);
    if (e.segments) parts.push(`${e.segmentsDone ?? 0} of ${e.segments} segments done`);
    // While running, a message is a retry notice (throttling, a slow endpoint).
    if (e.state === 'running' && e.message) parts.push(e.message);
    const lead =
      e.state === 'running' ? (e.mode === 'page' ? 'Reading a page…' : 'Reading…')
      : e.state === 'cancelled' ? 'Cancelled.'
      : e.state === 'failed' ? 'Failed.'
      : e.outcome ? 'Done.'
      : e.limited ? 'Limit reached.'
      : e.hasMore ? 'More available.'
      : 'All read.';
    this.statusEl.replaceChildren(h('strong', { text: lead }), ` ${parts.join(' · ')}`);
    this.statusEl.dataset.state = e.state;
    this.statusEl.dataset.runId = String(e.runId);
    this.setRunning(e.state === 'running');
    if (e.state !== 'running') this.needs.ended(e);
    if (e.state === 'failed' && e.message) notice('error', e.message);
    if (e.state === 'cancelled' && e.message) notice('info', e.message);
  }
}
