// Running and paging: Run, Fetch all, Next page, Fetch rest and Cancel, and the status line with what the run
// read (items returned and scanned, capacity, pages, segments) and how it ended.
import type { ViewerEvent } from '../../protocol/tableViewer';
import { fmt, h, vscodeButton } from '../shared/dom';
import { notice } from './notice';
import { post, state } from './state';

export class RunControls {
  readonly statusLine: HTMLElement;
  readonly buttons: HTMLElement[];
  private readonly statusEl = h('div', { class: 'run-status', role: 'status', 'aria-live': 'polite' });
  private readonly progressEl = h('div', { class: 'progress', hidden: true }, h('div', { class: 'progress-bar' }));
  private readonly runButton;
  private readonly fetchAllButton;
  private readonly nextPageButton = vscodeButton('nextPage', 'Next page', 'arrow-down', () => post({ type: 'continue', mode: 'page' }), { secondary: true });
  private readonly fetchRestButton = vscodeButton('fetchRest', 'Fetch rest', 'fold-down', () => post({ type: 'continue', mode: 'all' }), { secondary: true, title: 'Read every page left' });
  private readonly cancelButton = vscodeButton('cancel', 'Cancel', 'debug-stop', () => post({ type: 'cancel' }), { secondary: true });

  constructor(run: (mode: 'page' | 'all') => void) {
    this.runButton = vscodeButton('run', 'Run', 'play', () => run('page'), { title: 'Run: one page, or until the limit (Ctrl+Enter)' });
    this.fetchAllButton = vscodeButton('fetchAll', 'Fetch all', 'cloud-download', () => run('all'), { secondary: true, title: 'Read every page' });
    this.buttons = [this.runButton, this.fetchAllButton, this.nextPageButton, this.fetchRestButton, this.cancelButton];
    this.statusLine = h('div', { class: 'status-line' }, this.statusEl, this.progressEl);
  }

  setRunning(on: boolean): void {
    state.running = on;
    this.progressEl.hidden = !on;
    this.cancelButton.disabled = !on;
    this.runButton.disabled = on;
    this.fetchAllButton.disabled = on;
    this.nextPageButton.disabled = on || !state.hasMore;
    this.fetchRestButton.disabled = on || !state.hasMore;
  }

  onRunState(e: Extract<ViewerEvent, { type: 'runState' }>): void {
    if (e.runId < state.runId) return;
    state.runId = e.runId;
    state.hasMore = e.hasMore;
    const s = e.stats;
    const parts = [`${fmt(s.count)} item${s.count === 1 ? '' : 's'} returned`];
    if (s.scannedCount !== undefined && e.operation.startsWith('Run the PartiQL') === false) parts.push(`${fmt(s.scannedCount)} scanned`);
    parts.push(`${Number(s.consumedCapacity.toFixed(2))} RCU consumed`, `${fmt(s.pages)} page${s.pages === 1 ? '' : 's'}`);
    if (e.segments) parts.push(`${e.segmentsDone ?? 0} of ${e.segments} segments done`);
    // While running, a message is a retry notice (throttling, a slow endpoint).
    if (e.state === 'running' && e.message) parts.push(e.message);
    const lead = e.state === 'running' ? (e.mode === 'page' ? 'Reading a page…' : 'Reading…') : e.state === 'cancelled' ? 'Cancelled.' : e.state === 'failed' ? 'Failed.' : e.limited ? 'Limit reached.' : e.hasMore ? 'More available.' : 'All read.';
    this.statusEl.replaceChildren(h('strong', { text: lead }), ` ${parts.join(' · ')}`);
    this.statusEl.dataset.state = e.state;
    this.setRunning(e.state === 'running');
    if (e.state === 'failed' && e.message) notice('error', e.message);
    if (e.state === 'cancelled' && e.message) notice('info', e.message);
  }
}
