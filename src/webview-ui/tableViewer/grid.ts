// The results grid: the elements, the events, and what the rest of the viewer asks of it. The parts live in their
// own files: gridData.ts (rows, columns, sorting), gridSelection.ts (selection, active cell, keys) and
// gridPaint.ts (virtualized drawing). Columns are the union of attribute names, keys first; sorting by column;
// row selection with click / shift / ctrl and the keyboard; an active cell for copying; ARIA grid roles throughout.
import type { WireItem } from '../../protocol/tableViewer';
import { h } from '../shared/dom';
import { GridData, ROW_HEIGHT, ROWNUM_WIDTH, ownValue, type SortState } from './gridData';
import { GridPainter, ROW_OVERSCAN } from './gridPaint';
import { GridSelection } from './gridSelection';
import { typeOf, wholeValueText } from './values';

/** The longest hover text of a cell; the details pane shows any value whole. */
const HOVER_CHARS = 4000;

export interface GridHandlers {
  /** Enter or double-click on a row. */
  open(row: WireItem): void;
  /** Ctrl+C: the active cell when one row (or none) is selected, else the selected rows. */
  copy(): void;
  /** The Delete key with rows selected. */
  delete(): void;
  selectionChanged(): void;
}

export class ResultGrid {
  readonly element: HTMLElement;
  private readonly viewport: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly data = new GridData();
  private readonly selection = new GridSelection(this.data);
  private readonly painter: GridPainter;
  private resizeObserver: ResizeObserver | undefined;

  constructor(
    private readonly handlers: GridHandlers,
    label: string,
  ) {
    const headerInner = h('div', { class: 'grid-header-inner', role: 'row', 'aria-rowindex': 1 });
    const header = h('div', { class: 'grid-header', role: 'rowgroup' }, headerInner);
    const rowsLayer = h('div', { class: 'grid-rows', role: 'rowgroup' });
    // Row numbers stay at the left edge in one sticky column drawn after the rows (each row owns its number through
    // aria-owns). A sticky number inside each row would give every row a compositor layer of its own, which costs
    // more on every frame than all the drawing.
    const rowNumbers = h('div', { class: 'grid-rownums' });
    const canvas = h('div', { class: 'grid-canvas' }, rowsLayer, rowNumbers);
    this.viewport = h('div', { class: 'grid-viewport', tabindex: 0, 'aria-label': `${label}: use the arrow keys to move, Space to select, Enter to open` }, canvas);
    const empty = (this.empty = h('div', { class: 'grid-empty muted', role: 'status', text: 'No rows yet. Run a scan or a query.' }));
    this.element = h('div', { class: 'grid', role: 'grid', 'aria-label': label, 'aria-multiselectable': 'true', 'aria-rowcount': 1, 'aria-colcount': 1 }, header, this.viewport, empty);
    headerInner.append(h('div', { class: 'grid-hcell grid-rownum', role: 'columnheader', 'aria-colindex': 1, text: '#' }));
    this.painter = new GridPainter({ element: this.element, headerInner, viewport: this.viewport, canvas, rowsLayer, rowNumbers, empty }, this.data, this.selection);

    // Scrolling only asks for a frame; the frame reads the offsets once and redraws.
    this.viewport.addEventListener('scroll', () => this.painter.scheduleRender(), { passive: true });
    this.viewport.addEventListener('keydown', (e) => this.onKeyDown(e));
    canvas.addEventListener('mousedown', (e) => this.onMouseDown(e));
    // A cell's whole value on hover: written when the pointer reaches the cell, never while drawing.
    canvas.addEventListener('mouseover', (e) => {
      const cell = (e.target as HTMLElement).closest<HTMLElement>('[role=gridcell]');
      const view = viewIndexFromEvent(e);
      if (!cell || view === undefined) return;
      const column = this.data.columns[Number(cell.dataset.col)];
      const value = column === undefined ? undefined : ownValue(this.data.rowAt(view), column);
      cell.title = value === undefined ? `${column}: not in this item` : `${column} (${typeOf(value)}): ${wholeValueText(value).slice(0, HOVER_CHARS)}`;
    });
    canvas.addEventListener('dblclick', (e) => {
      const view = viewIndexFromEvent(e);
      if (view !== undefined) this.handlers.open(this.data.rowAt(view));
    });
    headerInner.addEventListener('click', (e) => {
      const cell = (e.target as HTMLElement).closest<HTMLElement>('[data-col]');
      if (cell && !(e.target as HTMLElement).classList.contains('grid-resize')) this.toggleSort(Number(cell.dataset.col));
    });
    headerInner.addEventListener('keydown', (e) => {
      const cell = (e.target as HTMLElement).closest<HTMLElement>('[data-col]');
      if (cell && (e.key === 'Enter' || e.key === ' ')) {
        e.preventDefault();
        this.toggleSort(Number(cell.dataset.col));
      }
    });
    headerInner.addEventListener('mousedown', (e) => this.onResizeStart(e));
  }

  /** Call once the element is in the document. */
  attach(): void {
    const painter = this.painter;
    painter.viewHeight = this.viewport.clientHeight;
    painter.viewWidth = this.viewport.clientWidth;
    this.resizeObserver = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1].contentRect;
      if (box.height === painter.viewHeight && box.width === painter.viewWidth) return;
      painter.viewHeight = box.height;
      painter.viewWidth = box.width;
      painter.scheduleRender();
    });
    this.resizeObserver.observe(this.viewport);
    painter.render();
  }

  dispose(): void {
    this.resizeObserver?.disconnect();
  }

  focus(): void {
    this.viewport.focus();
  }

  // ---- data ----------------------------------------------------------------------------------------------------

  /** Key attributes come first among the columns: the table's keys, then the index keys (with their types). */
  setKeys(keys: readonly { name: string; type: string }[]): void {
    this.data.setKeys(keys);
  }

  /** What the grid says when it has no rows (before a run, or why a run found none). */
  setEmptyText(text: string): void {
    this.empty.textContent = text;
  }

  get columns(): readonly string[] {
    return this.data.columns;
  }

  get rowCount(): number {
    return this.data.count;
  }

  /** The first `limit` rows in view order. */
  viewRows(limit = Infinity): WireItem[] {
    return this.data.viewRows(limit);
  }

  hasColumn(name: string): boolean {
    return this.data.hasColumn(name);
  }

  clear(): void {
    this.data.clear();
    this.selection.reset();
    this.viewport.scrollTop = 0;
    this.viewport.scrollLeft = 0;
    this.refresh();
  }

  /**
   * Adds rows: the JSON texts of checked wire items, and the attribute names they use (in order of first use; names
   * the grid has already are skipped).
   */
  append(rows: readonly string[], names: readonly string[], types: readonly string[]): void {
    const start = this.data.append(rows, names, types);
    if (start <= this.painter.lastScreenRow) this.painter.paintPending = true;
    // Pages arrive in bursts: one drawing per frame, not one per message.
    this.painter.countsChanged = true;
    this.painter.scheduleRender();
  }

  /** Removes rows whose key (the given attributes) equals one of `keys`. */
  remove(keys: readonly WireItem[], keyNames: readonly string[]): number {
    const before = this.data.count;
    this.selection.replace(this.data.remove(keys, keyNames, this.selection.selected));
    this.refresh();
    this.handlers.selectionChanged();
    return before - this.data.count;
  }

  /** Rows arrived that show on screen, and no frame has drawn them yet. */
  get paintPending(): boolean {
    return this.painter.paintPending;
  }

  /** How many rows fill the screen from the top after a reset, or else how many more it lacks (with overscan). */
  rowsToFill(afterReset: boolean): number {
    const screen = afterReset ? Math.floor(this.painter.viewHeight / ROW_HEIGHT) : this.painter.lastScreenRow;
    return Math.max(0, screen + 1 + ROW_OVERSCAN - (afterReset ? 0 : this.data.count));
  }

  /** Every row the viewport can show exists: more rows change only the scroll range. */
  get screenFilled(): boolean {
    return this.data.count > this.painter.lastScreenRow;
  }

  /** The rows held start after `base` rows of a larger read: row numbers count on from there. */
  setRowNumberBase(base: number): void {
    if (this.data.rowNumberBase === base) return;
    this.data.rowNumberBase = base;
    this.painter.render();
  }

  // ---- sorting -------------------------------------------------------------------------------------------------

  get sortState(): SortState {
    return this.data.sort;
  }

  /** Ascending, then descending, then arrival order; the active row stays on its row. */
  toggleSort(col: number): void {
    const column = this.data.columns[col];
    if (column === undefined) return;
    const activeRowIndex = this.data.count ? this.data.rowIndexAt(this.selection.activeRow) : 0;
    this.data.toggleSort(column);
    this.selection.follow(activeRowIndex);
    this.refresh();
  }

  // ---- selection -----------------------------------------------------------------------------------------------

  /** Selected rows in view order. */
  selectedRows(limit = Infinity): WireItem[] {
    return this.selection.rows(limit);
  }

  get selectionSize(): number {
    return this.selection.size;
  }

  activeCell(): { row: WireItem; column: string } | undefined {
    return this.selection.activeCell();
  }

  activeRowItem(): WireItem | undefined {
    return this.selection.activeRowItem();
  }

  selectAll(): void {
    this.selection.selectAll();
    this.afterSelection(false);
  }

  private afterSelection(scroll = true): void {
    if (scroll) this.scrollToActive();
    this.painter.render();
    this.handlers.selectionChanged();
  }

  /** Scrolls the least that shows the active cell (not under the sticky row numbers). */
  private scrollToActive(): void {
    const { activeRow, activeCol } = this.selection;
    const top = activeRow * ROW_HEIGHT;
    const scrollTop = this.viewport.scrollTop;
    if (top < scrollTop) this.viewport.scrollTop = top;
    else if (top + ROW_HEIGHT > scrollTop + this.painter.viewHeight) this.viewport.scrollTop = top + ROW_HEIGHT - this.painter.viewHeight;
    if (!this.data.columns.length) return;
    const start = this.data.colStarts[activeCol];
    const end = start + this.data.widths[activeCol];
    const scrollLeft = this.viewport.scrollLeft;
    if (start < scrollLeft + ROWNUM_WIDTH) this.viewport.scrollLeft = start - ROWNUM_WIDTH;
    else if (end > scrollLeft + this.painter.viewWidth) this.viewport.scrollLeft = end - this.painter.viewWidth;
  }

  private onMouseDown(e: MouseEvent): void {
    if (e.button !== 0) return;
    const view = viewIndexFromEvent(e);
    if (view === undefined) return;
    const cell = (e.target as HTMLElement).closest<HTMLElement>('[data-col]');
    if (e.shiftKey) e.preventDefault();
    this.selection.click(view, cell ? Number(cell.dataset.col) : undefined, e);
    this.viewport.focus({ preventScroll: true });
    this.afterSelection(false);
  }

  private onKeyDown(e: KeyboardEvent): void {
    const pageRows = Math.max(1, Math.floor(this.painter.viewHeight / ROW_HEIGHT) - 1);
    switch (this.selection.onKey(e, pageRows)) {
      case 'moved':
        return this.afterSelection();
      case 'selection':
        return this.afterSelection(false);
      case 'open':
        return this.handlers.open(this.data.rowAt(this.selection.activeRow));
      case 'delete':
        return this.handlers.delete();
      case 'copy':
        return this.handlers.copy();
    }
  }

  // ---- column resizing -------------------------------------------------------------------------------------------

  private onResizeStart(e: MouseEvent): void {
    const handle = e.target as HTMLElement;
    if (!handle.classList.contains('grid-resize')) return;
    e.preventDefault();
    const col = Number(handle.dataset.col);
    const startX = e.clientX;
    const startWidth = this.data.widths[col];
    const move = (ev: MouseEvent) => {
      this.data.setWidth(col, startWidth + ev.clientX - startX);
      this.painter.scheduleRender();
    };
    const up = () => {
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
    };
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
  }

  /** Counts changed: draw, and say so to assistive technology. */
  private refresh(): void {
    this.painter.countsChanged = true;
    this.painter.render();
  }
}

function viewIndexFromEvent(e: Event): number | undefined {
  const row = (e.target as HTMLElement).closest<HTMLElement>('[data-view]');
  return row ? Number(row.dataset.view) : undefined;
}
