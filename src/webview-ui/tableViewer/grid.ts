// The results grid: rows and columns both virtualized (only the visible cells exist in the DOM), so 100,000 rows
// of any width scroll smoothly. Columns are the union of attribute names, keys first. Sorting by column, row
// selection with click / shift / ctrl and the keyboard, an active cell for copying, ARIA grid roles throughout.
import { Virtualizer, elementScroll, observeElementOffset, observeElementRect, type VirtualItem } from '@tanstack/virtual-core';
import type { WireItem } from '../../shared/tableViewerProtocol';
import { h } from './dom';
import { compareSortKeys, previewValue, sortKeyOf, typeOf } from './values';

export const ROW_HEIGHT = 24;
const ROWNUM_WIDTH = 64;
const DEFAULT_WIDTH = 180;
const MIN_WIDTH = 60;

export interface GridHandlers {
  /** Enter or double-click on a row. */
  open(row: WireItem): void;
  /** Ctrl+C: the active cell when one row (or none) is selected, else the selected rows. */
  copy(): void;
  /** The Delete key with rows selected. */
  delete(): void;
  selectionChanged(): void;
}

type SortState = { column: string; direction: 1 | -1 } | undefined;

export class ResultGrid {
  readonly element: HTMLElement;
  private readonly headerInner: HTMLElement;
  private readonly viewport: HTMLElement;
  private readonly canvas: HTMLElement;
  private readonly rowsLayer: HTMLElement;
  private readonly empty: HTMLElement;

  /** Rows in arrival order; `order` maps view positions to them when sorted. */
  private rows: WireItem[] = [];
  private order: number[] | undefined;
  columns: string[] = [];
  private readonly columnSet = new Set<string>();
  private widths: number[] = [];
  private keyNames: string[] = [];
  private sort: SortState;

  /** Selected rows, by index into `rows` (stable across sorting). */
  private readonly selected = new Set<number>();
  private anchor = 0;
  private activeRow = 0;
  private activeCol = 0;

  private readonly rowVirtualizer: Virtualizer<HTMLElement, HTMLElement>;
  private readonly colVirtualizer: Virtualizer<HTMLElement, HTMLElement>;
  private renderQueued = false;
  private readonly cleanups: (() => void)[] = [];

  constructor(
    private readonly handlers: GridHandlers,
    label: string,
  ) {
    this.headerInner = h('div', { class: 'grid-header-inner', role: 'row', 'aria-rowindex': 1 });
    const header = h('div', { class: 'grid-header', role: 'rowgroup' }, this.headerInner);
    this.rowsLayer = h('div', { class: 'grid-rows', role: 'rowgroup' });
    this.canvas = h('div', { class: 'grid-canvas' }, this.rowsLayer);
    this.viewport = h('div', { class: 'grid-viewport', tabindex: 0, 'aria-label': `${label}: use the arrow keys to move, Space to select, Enter to open` }, this.canvas);
    this.empty = h('div', { class: 'grid-empty muted', text: 'No rows. Run a scan or a query.' });
    this.element = h('div', { class: 'grid', role: 'grid', 'aria-label': label, 'aria-multiselectable': 'true', 'aria-rowcount': 1, 'aria-colcount': 1 }, header, this.viewport, this.empty);

    const common = {
      getScrollElement: () => this.viewport,
      scrollToFn: elementScroll,
      observeElementRect,
      observeElementOffset,
      onChange: () => this.scheduleRender(),
    };
    this.rowVirtualizer = new Virtualizer<HTMLElement, HTMLElement>({ ...common, count: 0, estimateSize: () => ROW_HEIGHT, overscan: 10 });
    this.colVirtualizer = new Virtualizer<HTMLElement, HTMLElement>({
      ...common,
      count: 0,
      horizontal: true,
      paddingStart: ROWNUM_WIDTH,
      estimateSize: (i) => this.widths[i] ?? DEFAULT_WIDTH,
      overscan: 2,
    });

    this.viewport.addEventListener('scroll', () => {
      this.headerInner.style.transform = `translateX(${-this.viewport.scrollLeft}px)`;
    });
    this.viewport.addEventListener('keydown', (e) => this.onKeyDown(e));
    this.rowsLayer.addEventListener('mousedown', (e) => this.onMouseDown(e));
    this.rowsLayer.addEventListener('dblclick', (e) => {
      const view = this.viewIndexFromEvent(e);
      if (view !== undefined) this.handlers.open(this.rowAt(view));
    });
    this.headerInner.addEventListener('click', (e) => {
      const cell = (e.target as HTMLElement).closest<HTMLElement>('[data-col]');
      if (cell && !(e.target as HTMLElement).classList.contains('grid-resize')) this.toggleSort(Number(cell.dataset.col));
    });
    this.headerInner.addEventListener('keydown', (e) => {
      const cell = (e.target as HTMLElement).closest<HTMLElement>('[data-col]');
      if (cell && (e.key === 'Enter' || e.key === ' ')) {
        e.preventDefault();
        this.toggleSort(Number(cell.dataset.col));
      }
    });
    this.headerInner.addEventListener('mousedown', (e) => this.onResizeStart(e));
  }

  /** Call once the element is in the document. */
  attach(): void {
    for (const v of [this.rowVirtualizer, this.colVirtualizer]) {
      this.cleanups.push(v._didMount());
      v._willUpdate();
    }
    this.render();
  }

  dispose(): void {
    for (const c of this.cleanups) c();
  }

  // ---- data ----------------------------------------------------------------------------------------------------

  /** Key attributes come first among the columns: the table's keys, then the index keys. */
  setKeyNames(names: string[]): void {
    this.keyNames = names;
  }

  get rowCount(): number {
    return this.rows.length;
  }

  /** Rows in view order. */
  viewRows(): WireItem[] {
    return this.order ? this.order.map((i) => this.rows[i]) : this.rows.slice();
  }

  clear(): void {
    this.rows = [];
    this.order = undefined;
    this.columns = [];
    this.columnSet.clear();
    this.widths = [];
    this.selected.clear();
    this.anchor = this.activeRow = this.activeCol = 0;
    this.addColumns(this.keyNames);
    this.refresh();
    this.rowVirtualizer.scrollToOffset(0);
    this.colVirtualizer.scrollToOffset(0);
  }

  append(items: readonly WireItem[]): void {
    const start = this.rows.length;
    for (const item of items) {
      this.rows.push(item);
      for (const name of Object.keys(item)) if (!this.columnSet.has(name)) this.addColumns([name]);
    }
    if (this.order) {
      // New rows join the sorted view at their place.
      for (let i = start; i < this.rows.length; i++) this.order.push(i);
      this.applySort();
    }
    // Pages arrive in bursts: one refresh per frame, not one per message (each recounts every row's position).
    if (!this.refreshQueued) {
      this.refreshQueued = true;
      requestAnimationFrame(() => {
        this.refreshQueued = false;
        this.refresh();
      });
    }
  }
  private refreshQueued = false;

  /** Removes rows whose key (the given attributes) equals one of `keys`. */
  remove(keys: readonly WireItem[], keyNames: readonly string[]): number {
    const identity = (item: WireItem) => JSON.stringify(keyNames.map((n) => item[n] ?? null));
    const gone = new Set(keys.map(identity));
    const selectedRows = new Set([...this.selected].map((i) => this.rows[i]));
    const before = this.rows.length;
    this.rows = this.rows.filter((r) => !gone.has(identity(r)));
    this.selected.clear();
    this.rows.forEach((r, i) => selectedRows.has(r) && this.selected.add(i));
    if (this.order) {
      this.order = this.rows.map((_, i) => i);
      this.applySort();
    }
    this.activeRow = Math.min(this.activeRow, Math.max(0, this.rows.length - 1));
    this.refresh();
    this.handlers.selectionChanged();
    return before - this.rows.length;
  }

  private addColumns(names: readonly string[]): void {
    for (const name of names) {
      if (this.columnSet.has(name)) continue;
      this.columnSet.add(name);
      this.columns.push(name);
      this.widths.push(this.keyNames.includes(name) ? DEFAULT_WIDTH + 20 : DEFAULT_WIDTH);
    }
  }

  private rowAt(view: number): WireItem {
    return this.rows[this.order ? this.order[view] : view];
  }

  private rowIndexAt(view: number): number {
    return this.order ? this.order[view] : view;
  }

  private viewIndexOf(rowIndex: number): number {
    return this.order ? this.order.indexOf(rowIndex) : rowIndex;
  }

  // ---- sorting -------------------------------------------------------------------------------------------------

  get sortState(): SortState {
    return this.sort;
  }

  /** Ascending, then descending, then arrival order. */
  toggleSort(col: number): void {
    const column = this.columns[col];
    if (column === undefined) return;
    if (this.sort?.column !== column) this.sort = { column, direction: 1 };
    else if (this.sort.direction === 1) this.sort = { column, direction: -1 };
    else this.sort = undefined;
    const activeRowIndex = this.rows.length ? this.rowIndexAt(this.activeRow) : 0;
    if (this.sort) {
      this.order = this.rows.map((_, i) => i);
      this.applySort();
    } else {
      this.order = undefined;
    }
    this.activeRow = this.rows.length ? this.viewIndexOf(activeRowIndex) : 0;
    this.refresh();
  }

  private applySort(): void {
    if (!this.sort || !this.order) return;
    const { column, direction } = this.sort;
    const keys = this.rows.map((r) => sortKeyOf(r[column]));
    // Missing values stay last in both directions; equal values keep arrival order.
    this.order.sort((a, b) => {
      const ka = keys[a];
      const kb = keys[b];
      if (ka.rank === 99 || kb.rank === 99) return ka.rank === kb.rank ? a - b : ka.rank === 99 ? 1 : -1;
      return direction * compareSortKeys(ka, kb) || a - b;
    });
  }

  // ---- selection -----------------------------------------------------------------------------------------------

  /** Selected rows in view order. */
  selectedRows(): WireItem[] {
    if (!this.order) return [...this.selected].sort((a, b) => a - b).map((i) => this.rows[i]);
    return this.order.filter((i) => this.selected.has(i)).map((i) => this.rows[i]);
  }

  get selectionSize(): number {
    return this.selected.size;
  }

  activeCell(): { row: WireItem; column: string } | undefined {
    if (this.rows.length === 0 || this.columns.length === 0) return undefined;
    return { row: this.rowAt(this.activeRow), column: this.columns[this.activeCol] };
  }

  activeRowItem(): WireItem | undefined {
    return this.rows.length ? this.rowAt(this.activeRow) : undefined;
  }

  selectAll(): void {
    this.selected.clear();
    for (let i = 0; i < this.rows.length; i++) this.selected.add(i);
    this.afterSelection(false);
  }

  private selectOnly(view: number): void {
    this.selected.clear();
    this.selected.add(this.rowIndexAt(view));
    this.anchor = view;
  }

  private selectRange(from: number, to: number, add: boolean): void {
    if (!add) this.selected.clear();
    const [a, b] = from <= to ? [from, to] : [to, from];
    for (let v = a; v <= b; v++) this.selected.add(this.rowIndexAt(v));
  }

  private toggle(view: number): void {
    const i = this.rowIndexAt(view);
    if (this.selected.has(i)) this.selected.delete(i);
    else this.selected.add(i);
    this.anchor = view;
  }

  private afterSelection(scroll = true): void {
    this.version++;
    if (scroll) {
      this.rowVirtualizer.scrollToIndex(this.activeRow);
      if (this.columns.length) this.colVirtualizer.scrollToIndex(this.activeCol);
    }
    this.render();
    this.handlers.selectionChanged();
  }

  private viewIndexFromEvent(e: Event): number | undefined {
    const row = (e.target as HTMLElement).closest<HTMLElement>('[data-view]');
    return row ? Number(row.dataset.view) : undefined;
  }

  private onMouseDown(e: MouseEvent): void {
    if (e.button !== 0) return;
    const view = this.viewIndexFromEvent(e);
    if (view === undefined) return;
    const cell = (e.target as HTMLElement).closest<HTMLElement>('[data-col]');
    if (cell) this.activeCol = Number(cell.dataset.col);
    if (e.shiftKey) {
      e.preventDefault();
      this.selectRange(this.anchor, view, e.ctrlKey || e.metaKey);
    } else if (e.ctrlKey || e.metaKey) {
      this.toggle(view);
    } else {
      this.selectOnly(view);
    }
    this.activeRow = view;
    this.viewport.focus({ preventScroll: true });
    this.afterSelection(false);
  }

  private onKeyDown(e: KeyboardEvent): void {
    const count = this.rows.length;
    const ctrl = e.ctrlKey || e.metaKey;
    const pageRows = Math.max(1, Math.floor(this.viewport.clientHeight / ROW_HEIGHT) - 1);
    let row = this.activeRow;
    let col = this.activeCol;
    switch (e.key) {
      case 'ArrowDown': row++; break;
      case 'ArrowUp': row--; break;
      case 'PageDown': row += pageRows; break;
      case 'PageUp': row -= pageRows; break;
      case 'ArrowRight': col++; break;
      case 'ArrowLeft': col--; break;
      case 'Home': if (ctrl) row = 0; else col = 0; break;
      case 'End': if (ctrl) row = count - 1; else col = this.columns.length - 1; break;
      case ' ':
        if (count === 0) return;
        e.preventDefault();
        this.toggle(this.activeRow);
        this.afterSelection(false);
        return;
      case 'Enter':
        if (count === 0) return;
        e.preventDefault();
        this.handlers.open(this.rowAt(this.activeRow));
        return;
      case 'Escape':
        if (this.selected.size === 0) return;
        e.preventDefault();
        this.selected.clear();
        this.afterSelection(false);
        return;
      case 'Delete':
        if (this.selected.size === 0) return;
        e.preventDefault();
        this.handlers.delete();
        return;
      default:
        if (ctrl && (e.key === 'a' || e.key === 'A')) {
          e.preventDefault();
          this.selectAll();
          return;
        }
        if (ctrl && (e.key === 'c' || e.key === 'C')) {
          e.preventDefault();
          this.handlers.copy();
        }
        return;
    }
    e.preventDefault();
    if (count === 0) return;
    row = Math.max(0, Math.min(count - 1, row));
    col = Math.max(0, Math.min(this.columns.length - 1, col));
    const rowMoved = row !== this.activeRow;
    // Ctrl with an arrow or page key moves the active row without changing the selection (then Space toggles).
    const moveOnly = ctrl && e.key !== 'Home' && e.key !== 'End';
    this.activeRow = row;
    this.activeCol = col;
    if (rowMoved) {
      if (e.shiftKey) this.selectRange(this.anchor, row, false);
      else if (!moveOnly) this.selectOnly(row);
    }
    this.afterSelection();
  }

  // ---- column resizing -------------------------------------------------------------------------------------------

  private onResizeStart(e: MouseEvent): void {
    const handle = e.target as HTMLElement;
    if (!handle.classList.contains('grid-resize')) return;
    e.preventDefault();
    const col = Number(handle.dataset.col);
    const startX = e.clientX;
    const startWidth = this.widths[col];
    const move = (ev: MouseEvent) => {
      this.widths[col] = Math.max(MIN_WIDTH, startWidth + ev.clientX - startX);
      this.colVirtualizer.measure();
      this.version++;
      this.scheduleRender();
    };
    const up = () => {
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
    };
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
  }

  // ---- rendering -------------------------------------------------------------------------------------------------

  /** Counts changed: tell the virtualizers, then draw. */
  private refresh(): void {
    this.version++;
    this.rowVirtualizer.setOptions({ ...this.rowVirtualizer.options, count: this.rows.length });
    this.colVirtualizer.setOptions({ ...this.colVirtualizer.options, count: this.columns.length });
    this.element.setAttribute('aria-rowcount', String(this.rows.length + 1));
    this.element.setAttribute('aria-colcount', String(this.columns.length + 1));
    this.empty.hidden = this.rows.length > 0;
    this.render();
  }

  private scheduleRender(): void {
    if (this.renderQueued) return;
    this.renderQueued = true;
    requestAnimationFrame(() => {
      this.renderQueued = false;
      this.render();
    });
  }

  /** Rows on screen by view index, reused while only the scroll position changes. */
  private rowCache = new Map<number, HTMLElement>();
  /** Bumped by every change other than scrolling (data, selection, sort, widths): rows drawn before are stale. */
  private version = 0;
  private columnRange = '';

  render(): void {
    const rows = this.rowVirtualizer.getVirtualItems();
    const cols = this.colVirtualizer.getVirtualItems();
    const width = this.colVirtualizer.getTotalSize();
    this.canvas.style.height = `${this.rowVirtualizer.getTotalSize()}px`;
    this.canvas.style.width = `${width}px`;
    this.renderHeader(cols, width);
    const range = `${cols[0]?.index}:${cols[cols.length - 1]?.index}:${width}`;
    if (range !== this.columnRange) {
      this.columnRange = range;
      this.version++;
    }
    const version = String(this.version);
    const activeId = this.rows.length ? `cell-${this.activeRow}-${this.activeCol}` : undefined;
    const next = new Map<number, HTMLElement>();
    for (const vr of rows) {
      let rowEl = this.rowCache.get(vr.index);
      if (!rowEl || rowEl.dataset.version !== version) rowEl = this.buildRow(vr.index, cols, width, activeId);
      if (!rowEl) continue;
      rowEl.dataset.version = version;
      rowEl.style.transform = `translateY(${vr.start}px)`;
      next.set(vr.index, rowEl);
    }
    for (const [view, el] of this.rowCache) if (next.get(view) !== el) el.remove();
    for (const el of next.values()) if (el.parentNode !== this.rowsLayer) this.rowsLayer.append(el);
    this.rowCache = next;
    if (activeId && document.getElementById(activeId)) this.viewport.setAttribute('aria-activedescendant', activeId);
    else this.viewport.removeAttribute('aria-activedescendant');
  }

  private buildRow(view: number, cols: VirtualItem[], width: number, activeId: string | undefined): HTMLElement | undefined {
    const rowIndex = this.rowIndexAt(view);
    const item = this.rows[rowIndex];
    if (!item) return undefined;
    const selected = this.selected.has(rowIndex);
    const rowEl = h('div', {
      class: `grid-row${selected ? ' selected' : ''}${view === this.activeRow ? ' active' : ''}`,
      role: 'row',
      'aria-rowindex': view + 2,
      'aria-selected': String(selected),
      'data-view': view,
    });
    rowEl.style.width = `${width}px`;
    rowEl.append(h('div', { class: 'grid-cell grid-rownum', role: 'rowheader', 'aria-colindex': 1, text: String(view + 1) }));
    for (const vc of cols) {
      const name = this.columns[vc.index];
      const value = item[name];
      const id = `cell-${view}-${vc.index}`;
      // The type is drawn by CSS from data-type (::before), so a cell is one element with one text node.
      const cell = h('div', {
        class: `grid-cell${value === undefined ? ' missing' : ''}${id === activeId ? ' active-cell' : ''}`,
        role: 'gridcell',
        id,
        'aria-colindex': vc.index + 2,
        'data-col': vc.index,
        'data-type': value === undefined ? undefined : typeOf(value),
        text: value === undefined ? undefined : previewValue(value),
      });
      cell.style.left = `${vc.start}px`;
      cell.style.width = `${vc.size}px`;
      rowEl.append(cell);
    }
    return rowEl;
  }

  private renderHeader(cols: VirtualItem[], width: number): void {
    this.headerInner.style.width = `${width}px`;
    const cells: HTMLElement[] = [h('div', { class: 'grid-hcell grid-rownum', role: 'columnheader', 'aria-colindex': 1, text: '#' })];
    for (const vc of cols) {
      const name = this.columns[vc.index];
      const sorted = this.sort?.column === name ? (this.sort.direction === 1 ? 'ascending' : 'descending') : undefined;
      const isKey = this.keyNames.includes(name);
      const cell = h(
        'div',
        { class: `grid-hcell${isKey ? ' key' : ''}`, role: 'columnheader', 'aria-colindex': vc.index + 2, 'aria-sort': sorted ?? 'none', 'data-col': vc.index, tabindex: -1, title: `${name}${isKey ? ' (key)' : ''}: click to sort` },
        isKey ? h('span', { class: 'codicon codicon-key', 'aria-hidden': 'true' }) : undefined,
        h('span', { class: 'name', text: name }),
        sorted ? h('span', { class: `codicon codicon-arrow-${sorted === 'ascending' ? 'up' : 'down'}`, 'aria-hidden': 'true' }) : undefined,
        h('span', { class: 'grid-resize', 'data-col': vc.index, 'aria-hidden': 'true' }),
      );
      cell.style.left = `${vc.start}px`;
      cell.style.width = `${vc.size}px`;
      cells.push(cell);
    }
    this.headerInner.replaceChildren(...cells);
  }

  focus(): void {
    this.viewport.focus();
  }
}
