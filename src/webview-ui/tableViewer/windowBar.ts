// Paging through a read larger than the viewer's window: the extension keeps one window of rows in memory (and in
// the grid) and all of them in a temporary file. The bar says which rows are shown, of how many fetched, that a
// sort orders the rows shown only, and pages with Previous window / Next window. Hidden while everything fits.
import type { ViewerEvent } from '../../protocol/tableViewer';
import { fmt, h, vscodeButton } from '../shared/dom';
import { post } from './state';

type WindowEvent = Extract<ViewerEvent, { type: 'window' }>;

export class WindowBar {
  readonly element = h('div', { class: 'window-bar', id: 'window-bar', role: 'navigation', 'aria-label': 'Fetched rows', hidden: true });
  private readonly text = h('span', { class: 'window-text', id: 'window-text', 'aria-live': 'polite' });
  private readonly previous = vscodeButton('previousWindow', 'Previous window', 'arrow-left', () => this.go(-1), { secondary: true, title: 'Show the rows fetched before these' });
  private readonly next = vscodeButton('nextWindow', 'Next window', 'arrow-right', () => this.go(1), { secondary: true, title: 'Show the rows fetched after these' });
  private shown: WindowEvent | undefined;

  constructor() {
    this.element.append(this.text, this.previous, this.next);
  }

  update(w: WindowEvent): void {
    this.shown = w;
    const windowed = w.start > 0 || w.fetched + w.deleted > w.size;
    this.element.hidden = !windowed;
    if (!windowed) return;
    const first = w.rows === 0 ? w.start : w.start + 1;
    const last = w.start + w.rows;
    const deleted = w.deleted ? ` (${fmt(w.deleted)} deleted)` : '';
    this.text.textContent = `Rows ${fmt(first)}–${fmt(last)} of ${fmt(w.fetched)} fetched${deleted} · ${fmt(w.size)} at a time · sorting orders these rows only; Export results… writes every fetched row.`;
    this.previous.disabled = w.start === 0;
    this.next.disabled = w.start + w.size >= w.fetched + w.deleted;
  }

  private go(step: -1 | 1): void {
    const w = this.shown;
    if (!w) return;
    const index = Math.max(0, Math.floor(w.start / w.size) + step);
    // Disabled until the extension says where the new window is.
    this.previous.disabled = true;
    this.next.disabled = true;
    post({ type: 'showWindow', index });
  }
}
