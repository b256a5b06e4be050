// The results grid: rows and columns both virtualized (only the visible cells exist in the DOM), so 100,000 rows
// of any width scroll smoothly. Columns are the union of attribute names, keys first. Sorting by column, row
// selection with click / shift / ctrl and the keyboard, an active cell for copying, ARIA grid roles throughout.
// Rows have one fixed height and columns fixed widths, so the visible range is arithmetic on the scroll offsets:
// adding rows costs nothing per row already there, and nothing is ever measured. Each row is kept as its item's
// JSON text (see rowText.ts) and parsed when it is drawn, copied or opened.
import type { WireItem, WireValue } from '../../protocol/tableViewer';
import { h } from './dom';
import { attributeText } from './rowText';
import { compareSortKeys, previewValue, sortKeyOf, typeOf, type SortKey } from './values';

export const ROW_HEIGHT = 24;
const ROWNUM_WIDTH = 64;
const DEFAULT_WIDTH = 180;
const MIN_WIDTH = 60;
/**
 * Rows and columns drawn beyond the visible ones on each side: enough for a wheel step, few to redraw. After a jump
 * (nothing drawn is still on screen) a frame draws only the visible cells, and the next frame adds these.
 */
const ROW_OVERSCAN = 2;
const COL_OVERSCAN = 1;

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
  private readonly rowNumbers: HTMLElement;
  private readonly empty: HTMLElement;

  /** Rows (each item's JSON text) in arrival order; `order` maps view positions to them when sorted. */
  private rows: string[] = [];
  /** Parsed items of the rows drawn by the last frame, by row index. */
  private drawn = new Map<number, WireItem>();
  private order: number[] | undefined;
  columns: string[] = [];
  private readonly columnSet = new Set<string>();
  private widths: number[] = [];
  /** x of each column's left edge (after the row numbers), and the width of all. */
  private colStarts: number[] = [];
  private totalWidth = ROWNUM_WIDTH;
  private keyNames: string[] = [];
  private sort: SortState;
  /** Sort keys of the sorted column, by row index (computed once per sort, extended as rows arrive). */
  private sortKeys: SortKey[] = [];

  /** Selected rows, by index into `rows` (stable across sorting). */
  private readonly selected = new Set<number>();
  private anchor = 0;
  private activeRow = 0;
  private activeCol = 0;

  /** The viewport's inner size, kept by a ResizeObserver so that drawing never reads layout. */
  private viewHeight = 0;
  private viewWidth = 0;
  private resizeObserver: ResizeObserver | undefined;
  private renderQueued = false;

  /** What is in the document: rows and header cells in order, and recycled elements out of it. */
  private rowSlots: RowSlot[] = [];
  private headerSlots: HeaderSlot[] = [];
  private readonly spareRows: RowSlot[] = [];
  private readonly spareCells: CellSlot[] = [];
  private readonly spareHeaders: HeaderSlot[] = [];
  private canvasHeight = -1;
  private canvasWidth = -1;
  private headerLeft = 0;
  private activeDescendant = '';

  constructor(
    private readonly handlers: GridHandlers,
    label: string,
  ) {
    this.headerInner = h('div', { class: 'grid-header-inner', role: 'row', 'aria-rowindex': 1 });
    const header = h('div', { class: 'grid-header', role: 'rowgroup' }, this.headerInner);
    this.rowsLayer = h('div', { class: 'grid-rows', role: 'rowgroup' });
    // Row numbers stay at the left edge in one sticky column drawn after the rows (each row owns its number through
    // aria-owns). A sticky number inside each row would give every row a compositor layer of its own, which costs
    // more on every frame than all the drawing.
    this.rowNumbers = h('div', { class: 'grid-rownums' });
    this.canvas = h('div', { class: 'grid-canvas' }, this.rowsLayer, this.rowNumbers);
    this.viewport = h('div', { class: 'grid-viewport', tabindex: 0, 'aria-label': `${label}: use the arrow keys to move, Space to select, Enter to open` }, this.canvas);
    this.empty = h('div', { class: 'grid-empty muted', text: 'No rows. Run a scan or a query.' });
    this.element = h('div', { class: 'grid', role: 'grid', 'aria-label': label, 'aria-multiselectable': 'true', 'aria-rowcount': 1, 'aria-colcount': 1 }, header, this.viewport, this.empty);

    this.headerInner.append(h('div', { class: 'grid-hcell grid-rownum', role: 'columnheader', 'aria-colindex': 1, text: '#' }));

    // Scrolling only asks for a frame; the frame reads the offsets once and redraws.
    this.viewport.addEventListener('scroll', () => this.scheduleRender(), { passive: true });
    this.viewport.addEventListener('keydown', (e) => this.onKeyDown(e));
    this.canvas.addEventListener('mousedown', (e) => this.onMouseDown(e));
    this.canvas.addEventListener('dblclick', (e) => {
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
    this.viewHeight = this.viewport.clientHeight;
    this.viewWidth = this.viewport.clientWidth;
    this.resizeObserver = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1].contentRect;
      if (box.height === this.viewHeight && box.width === this.viewWidth) return;
      this.viewHeight = box.height;
      this.viewWidth = box.width;
      this.scheduleRender();
    });
    this.resizeObserver.observe(this.viewport);
    this.render();
  }

  dispose(): void {
    this.resizeObserver?.disconnect();
  }

  // ---- data ----------------------------------------------------------------------------------------------------

  /** Key attributes come first among the columns: the table's keys, then the index keys. */
  setKeyNames(names: string[]): void {
    this.keyNames = names;
  }

  get rowCount(): number {
    return this.rows.length;
  }

  /** The first `limit` rows in view order. */
  viewRows(limit = Infinity): WireItem[] {
    const out: WireItem[] = [];
    const n = Math.min(limit, this.rows.length);
    for (let view = 0; view < n; view++) out.push(this.rowAt(view));
    return out;
  }

  hasColumn(name: string): boolean {
    return this.columnSet.has(name);
  }

  clear(): void {
    this.rows = [];
    this.drawn = new Map();
    this.order = undefined;
    this.sortKeys = [];
    this.columns = [];
    this.columnSet.clear();
    this.widths = [];
    this.selected.clear();
    this.anchor = this.activeRow = this.activeCol = 0;
    this.addColumns(this.keyNames);
    this.viewport.scrollTop = 0;
    this.viewport.scrollLeft = 0;
    this.refresh();
  }

  /**
   * Adds rows: the JSON texts of checked wire items, and the attribute names they use (in order of first use; names
   * the grid has already are skipped).
   */
  append(rows: readonly string[], names: readonly string[]): void {
    const start = this.rows.length;
    const columnsBefore = this.columns.length;
    for (const row of rows) this.rows.push(row);
    for (const name of names) this.addColumn(name);
    if (columnsBefore !== this.columns.length) this.layoutColumns();
    if (this.order) this.mergeSorted(start);
    if (start <= this.lastScreenRow) this.paintPending = true;
    // Pages arrive in bursts: one drawing per frame, not one per message.
    this.countsChanged = true;
    this.scheduleRender();
  }

  /** Removes rows whose key (the given attributes) equals one of `keys`. */
  remove(keys: readonly WireItem[], keyNames: readonly string[]): number {
    // Values compared as JSON.stringify writes them, whatever the spacing or escapes of the row's text.
    const identity = (values: (WireValue | undefined)[]) => JSON.stringify(values.map((v) => v ?? null));
    const gone = new Set(keys.map((key) => identity(keyNames.map((n) => ownValue(key, n)))));
    const before = this.rows.length;
    const kept: string[] = [];
    const selected = new Set<number>();
    for (let i = 0; i < before; i++) {
      const row = this.rows[i];
      if (gone.has(identity(keyNames.map((n) => attributeValue(row, n))))) continue;
      if (this.selected.has(i)) selected.add(kept.length);
      kept.push(row);
    }
    this.rows = kept;
    this.drawn = new Map();
    this.selected.clear();
    for (const i of selected) this.selected.add(i);
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
    for (const name of names) this.addColumn(name);
    this.layoutColumns();
  }

  private addColumn(name: string): void {
    if (this.columnSet.has(name)) return;
    this.columnSet.add(name);
    this.columns.push(name);
    this.widths.push(this.keyNames.includes(name) ? DEFAULT_WIDTH + 20 : DEFAULT_WIDTH);
  }

  private rowAt(view: number): WireItem {
    return this.itemAt(this.rowIndexAt(view));
  }

  /** The item of a row: the one drawn on screen, or parsed from the row's text (checked when it arrived). */
  private itemAt(rowIndex: number): WireItem {
    return this.drawn.get(rowIndex) ?? (JSON.parse(this.rows[rowIndex]) as WireItem);
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
    const column = this.sort.column;
    this.sortKeys = this.rows.map((r) => sortKeyOf(attributeValue(r, column)));
    this.order.sort(this.rowComparator());
  }

  /** Missing values stay last in both directions; equal values keep arrival order (a total order on rows). */
  private rowComparator(): (a: number, b: number) => number {
    const keys = this.sortKeys;
    const direction = this.sort?.direction ?? 1;
    return (a, b) => {
      const ka = keys[a];
      const kb = keys[b];
      if (ka.rank === 99 || kb.rank === 99) return ka.rank === kb.rank ? a - b : ka.rank === 99 ? 1 : -1;
      return direction * compareSortKeys(ka, kb) || a - b;
    };
  }

  /** Rows from `start` on join the sorted view at their places: sorted among themselves, then merged. */
  private mergeSorted(start: number): void {
    if (!this.sort || !this.order) return;
    const column = this.sort.column;
    for (let i = start; i < this.rows.length; i++) this.sortKeys[i] = sortKeyOf(attributeValue(this.rows[i], column));
    const compare = this.rowComparator();
    const added: number[] = [];
    for (let i = start; i < this.rows.length; i++) added.push(i);
    added.sort(compare);
    const old = this.order;
    const merged: number[] = new Array(old.length + added.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < old.length && j < added.length) merged[k++] = compare(old[i], added[j]) <= 0 ? old[i++] : added[j++];
    while (i < old.length) merged[k++] = old[i++];
    while (j < added.length) merged[k++] = added[j++];
    this.order = merged;
  }

  // ---- selection -----------------------------------------------------------------------------------------------

  /** Selected rows in view order. */
  selectedRows(limit = Infinity): WireItem[] {
    const indexes = this.order ? this.order.filter((i) => this.selected.has(i)) : [...this.selected].sort((a, b) => a - b);
    return indexes.slice(0, limit).map((i) => this.itemAt(i));
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
    if (scroll) this.scrollToActive();
    this.render();
    this.handlers.selectionChanged();
  }

  /** Scrolls the least that shows the active cell (not under the sticky row numbers). */
  private scrollToActive(): void {
    const top = this.activeRow * ROW_HEIGHT;
    const scrollTop = this.viewport.scrollTop;
    if (top < scrollTop) this.viewport.scrollTop = top;
    else if (top + ROW_HEIGHT > scrollTop + this.viewHeight) this.viewport.scrollTop = top + ROW_HEIGHT - this.viewHeight;
    if (!this.columns.length) return;
    const start = this.colStarts[this.activeCol];
    const end = start + this.widths[this.activeCol];
    const scrollLeft = this.viewport.scrollLeft;
    if (start < scrollLeft + ROWNUM_WIDTH) this.viewport.scrollLeft = start - ROWNUM_WIDTH;
    else if (end > scrollLeft + this.viewWidth) this.viewport.scrollLeft = end - this.viewWidth;
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
    const pageRows = Math.max(1, Math.floor(this.viewHeight / ROW_HEIGHT) - 1);
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
      this.layoutColumns();
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

  /** Counts changed: draw, and say so to assistive technology. */
  private refresh(): void {
    this.countsChanged = true;
    this.render();
  }
  private countsChanged = true;
  /** Rows arrived that show on screen, and no frame has drawn them yet. */
  paintPending = false;
  /** The last row index the viewport can show (whether or not that row exists). */
  private lastScreenRow = 0;

  /** How many rows fill the screen from the top after a reset, or else how many more it lacks (with overscan). */
  rowsToFill(afterReset: boolean): number {
    const screen = afterReset ? Math.floor(this.viewHeight / ROW_HEIGHT) : this.lastScreenRow;
    return Math.max(0, screen + 1 + ROW_OVERSCAN - (afterReset ? 0 : this.rows.length));
  }

  /** Every row the viewport can show exists: more rows change only the scroll range. */
  get screenFilled(): boolean {
    return this.rows.length > this.lastScreenRow;
  }

  private scheduleRender(): void {
    if (this.renderQueued) return;
    this.renderQueued = true;
    requestAnimationFrame(() => {
      this.renderQueued = false;
      this.render();
    });
  }

  /** Column x offsets, after the row number column; recomputed when columns or widths change (few, so cheap). */
  private layoutColumns(): void {
    let x = ROWNUM_WIDTH;
    this.colStarts.length = this.columns.length;
    for (let i = 0; i < this.columns.length; i++) {
      this.colStarts[i] = x;
      x += this.widths[i];
    }
    this.totalWidth = x;
  }

  /** Columns that overlap [left, left + viewWidth), and `overscan` more each side; first > last when there are none. */
  private visibleColumns(left: number, overscan: number): [number, number] {
    const n = this.columns.length;
    if (n === 0) return [0, -1];
    // The first column whose right edge is past `left` (binary search: widths vary).
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.colStarts[mid] + this.widths[mid] > left) hi = mid;
      else lo = mid + 1;
    }
    let last = lo;
    const right = left + this.viewWidth;
    while (last + 1 < n && this.colStarts[last + 1] < right) last++;
    return [Math.max(0, lo - overscan), Math.min(n - 1, last + overscan)];
  }

  /**
   * Draws the visible rows and columns. Reads the scroll offsets first and only writes after, so it never forces a
   * layout. Row and cell elements are recycled: a row scrolled out becomes a row scrolled in, each cell keeps its
   * column while it stays visible, and every attribute and text is written only when it differs from what the
   * element shows.
   */
  render(): void {
    const count = this.rows.length;
    const height = count * ROW_HEIGHT;
    const top = Math.max(0, Math.min(this.viewport.scrollTop, height - this.viewHeight));
    const left = Math.max(0, Math.min(this.viewport.scrollLeft, this.totalWidth - this.viewWidth));
    if (this.countsChanged) {
      this.countsChanged = false;
      this.element.setAttribute('aria-rowcount', String(count + 1));
      this.element.setAttribute('aria-colcount', String(this.columns.length + 1));
      this.empty.hidden = count > 0;
    }
    if (height !== this.canvasHeight) {
      this.canvasHeight = height;
      this.canvas.style.height = `${height}px`;
    }
    if (this.totalWidth !== this.canvasWidth) {
      this.canvasWidth = this.totalWidth;
      this.canvas.style.width = `${this.totalWidth}px`;
      this.headerInner.style.width = `${this.totalWidth}px`;
    }
    if (left !== this.headerLeft) {
      this.headerLeft = left;
      this.headerInner.style.transform = `translateX(${-left}px)`;
    }
    this.paintPending = false;
    this.lastScreenRow = Math.floor((top + this.viewHeight) / ROW_HEIGHT);
    const topRow = Math.floor(top / ROW_HEIGHT);
    const bottomRow = Math.min(count - 1, this.lastScreenRow);
    const [leftCol, rightCol] = this.visibleColumns(left, 0);
    // Overscan only when some drawn rows and columns stay on screen: after a jump a frame draws only the visible
    // cells, and the next frame adds the overscan.
    const rowsStay = topRow > bottomRow || (this.rowSlots.length > 0 && this.rowSlots[0].key <= bottomRow && this.rowSlots[this.rowSlots.length - 1].key >= topRow);
    const colsStay = leftCol > rightCol || (this.headerSlots.length > 0 && this.headerSlots[0].key <= rightCol && this.headerSlots[this.headerSlots.length - 1].key >= leftCol);
    const stay = rowsStay && colsStay;
    if (!stay) this.scheduleRender();
    const rowOverscan = stay ? ROW_OVERSCAN : 0;
    const colOverscan = stay ? COL_OVERSCAN : 0;
    const firstRow = Math.max(0, topRow - rowOverscan);
    const lastRow = Math.min(count - 1, bottomRow + rowOverscan);
    const [firstCol, lastCol] = colOverscan ? this.visibleColumns(left, colOverscan) : [leftCol, rightCol];

    this.headerSlots = reconcile(this.headerSlots, firstCol, lastCol, this.headerInner, this.spareHeaders, () => this.makeHeaderCell());
    for (const slot of this.headerSlots) this.bindHeaderCell(slot);
    this.rowSlots = reconcile(this.rowSlots, firstRow, lastRow, this.rowsLayer, this.spareRows, () => this.makeRow());
    for (const slot of this.spareRows) if (slot.numEl.isConnected) slot.numEl.remove();
    for (const slot of this.rowSlots) if (!slot.numEl.isConnected) this.rowNumbers.append(slot.numEl);
    // Rows still on screen keep their parsed items (and so their cells, which compare items by identity).
    const wasDrawn = this.drawn;
    this.drawn = new Map();
    for (const slot of this.rowSlots) {
      const rowIndex = this.rowIndexAt(slot.key);
      const item = wasDrawn.get(rowIndex) ?? (JSON.parse(this.rows[rowIndex]) as WireItem);
      this.drawn.set(rowIndex, item);
      this.bindRow(slot, rowIndex, item, firstCol, lastCol);
    }

    const activeShown = count > 0 && this.activeRow >= firstRow && this.activeRow <= lastRow && this.activeCol >= firstCol && this.activeCol <= lastCol;
    const activeId = activeShown ? `cell-${this.activeRow}-${this.activeCol}` : '';
    if (activeId !== this.activeDescendant) {
      this.activeDescendant = activeId;
      if (activeId) this.viewport.setAttribute('aria-activedescendant', activeId);
      else this.viewport.removeAttribute('aria-activedescendant');
    }
  }

  private makeRow(): RowSlot {
    const num = document.createTextNode('');
    const id = `grid-rowheader-${++rowHeaderIds}`;
    const numEl = h('div', { class: 'grid-cell grid-rownum', role: 'rowheader', 'aria-colindex': 1, id }, num);
    const el = h('div', { class: 'grid-row', role: 'row', 'aria-owns': id });
    return { key: -1, el, num, numEl, cells: [], view: -1, cls: 'grid-row', selected: '', width: -1 };
  }

  private bindRow(slot: RowSlot, rowIndex: number, item: WireItem, firstCol: number, lastCol: number): void {
    const view = slot.key;
    const selected = this.selected.has(rowIndex);
    const el = slot.el;
    const cls = selected ? (view === this.activeRow ? 'grid-row selected active' : 'grid-row selected') : view === this.activeRow ? 'grid-row active' : 'grid-row';
    if (slot.cls !== cls) {
      slot.cls = cls;
      el.className = cls;
      slot.numEl.className = selected ? 'grid-cell grid-rownum selected' : 'grid-cell grid-rownum';
    }
    const ariaSelected = selected ? 'true' : 'false';
    if (slot.selected !== ariaSelected) {
      slot.selected = ariaSelected;
      el.setAttribute('aria-selected', ariaSelected);
    }
    if (slot.view !== view) {
      slot.view = view;
      el.setAttribute('aria-rowindex', String(view + 2));
      el.dataset.view = String(view);
      el.style.transform = `translateY(${view * ROW_HEIGHT}px)`;
      slot.num.data = String(view + 1);
      slot.numEl.dataset.view = String(view);
      slot.numEl.style.transform = el.style.transform;
    }
    if (slot.width !== this.totalWidth) {
      slot.width = this.totalWidth;
      el.style.width = `${this.totalWidth}px`;
    }
    slot.cells = reconcile(slot.cells, firstCol, lastCol, el, this.spareCells, () => this.makeCell());
    for (const cell of slot.cells) this.bindCell(cell, item, view);
  }

  private makeCell(): CellSlot {
    const text = document.createTextNode('');
    // The type is drawn by CSS from data-type (::before), so a cell is one element with one text node.
    const el = h('div', { class: 'grid-cell', role: 'gridcell' }, text);
    return { key: -1, el, text, item: undefined, name: undefined, type: undefined, missing: false, cls: 'grid-cell', id: '', col: -1, left: -1, width: -1 };
  }

  private bindCell(cell: CellSlot, item: WireItem, view: number): void {
    const col = cell.key;
    const name = this.columns[col];
    const el = cell.el;
    if (cell.item !== item || cell.name !== name) {
      cell.item = item;
      cell.name = name;
      const value = ownValue(item, name);
      cell.missing = value === undefined;
      const text = value === undefined ? '' : previewValue(value);
      if (cell.text.data !== text) cell.text.data = text;
      const type = value === undefined ? undefined : typeOf(value);
      if (cell.type !== type) {
        cell.type = type;
        if (type === undefined) el.removeAttribute('data-type');
        else el.setAttribute('data-type', type);
      }
    }
    const active = view === this.activeRow && col === this.activeCol;
    const cls = cell.missing ? (active ? 'grid-cell missing active-cell' : 'grid-cell missing') : active ? 'grid-cell active-cell' : 'grid-cell';
    if (cell.cls !== cls) {
      cell.cls = cls;
      el.className = cls;
    }
    // Only the active cell has an id (for aria-activedescendant): the stylesheets select on ids, so changing
    // every cell's id while scrolling would restyle every cell.
    const id = active ? `cell-${view}-${col}` : '';
    if (cell.id !== id) {
      cell.id = id;
      if (id) el.id = id;
      else el.removeAttribute('id');
    }
    if (cell.col !== col) {
      cell.col = col;
      el.setAttribute('aria-colindex', String(col + 2));
      el.dataset.col = String(col);
    }
    const x = this.colStarts[col];
    if (cell.left !== x) {
      cell.left = x;
      el.style.left = `${x}px`;
    }
    const width = this.widths[col];
    if (cell.width !== width) {
      cell.width = width;
      el.style.width = `${width}px`;
    }
  }

  private makeHeaderCell(): HeaderSlot {
    // The parts stay; binding changes their text and classes, and only puts the key and arrow icons in or out.
    const nameText = document.createTextNode('');
    const keyIcon = h('span', { class: 'codicon codicon-key', 'aria-hidden': 'true' });
    const name = h('span', { class: 'name' }, nameText);
    const arrow = h('span', { class: 'codicon', 'aria-hidden': 'true' });
    const resize = h('span', { class: 'grid-resize', 'aria-hidden': 'true' });
    const el = h('div', { class: 'grid-hcell', role: 'columnheader', tabindex: -1 }, name, resize);
    return { key: -1, el, nameText, keyIcon, arrow, resize, col: -1, name: undefined, sorted: '', isKey: false, left: -1, width: -1 };
  }

  private bindHeaderCell(slot: HeaderSlot): void {
    const col = slot.key;
    const name = this.columns[col];
    const sorted = this.sort?.column === name ? (this.sort.direction === 1 ? 'ascending' : 'descending') : 'none';
    const isKey = this.keyNames.includes(name);
    const el = slot.el;
    if (slot.col !== col) {
      slot.col = col;
      el.setAttribute('aria-colindex', String(col + 2));
      el.dataset.col = String(col);
      slot.resize.dataset.col = String(col);
    }
    if (slot.name !== name || slot.isKey !== isKey) {
      slot.name = name;
      slot.nameText.data = name;
      el.title = `${name}${isKey ? ' (key)' : ''}: click to sort`;
    }
    if (slot.isKey !== isKey) {
      slot.isKey = isKey;
      el.className = `grid-hcell${isKey ? ' key' : ''}`;
      if (isKey) el.prepend(slot.keyIcon);
      else slot.keyIcon.remove();
    }
    if (slot.sorted !== sorted) {
      slot.sorted = sorted;
      el.setAttribute('aria-sort', sorted);
      if (sorted === 'none') slot.arrow.remove();
      else {
        slot.arrow.className = `codicon codicon-arrow-${sorted === 'ascending' ? 'up' : 'down'}`;
        slot.resize.before(slot.arrow);
      }
    }
    const x = this.colStarts[col];
    if (slot.left !== x) {
      slot.left = x;
      el.style.left = `${x}px`;
    }
    const width = this.widths[col];
    if (slot.width !== width) {
      slot.width = width;
      el.style.width = `${width}px`;
    }
  }

  focus(): void {
    this.viewport.focus();
  }
}

let rowHeaderIds = 0;

interface Slot {
  /** The row's view index or the cell's column. */
  key: number;
  el: HTMLElement;
}
interface RowSlot extends Slot {
  num: Text;
  /** The row number cell, in the sticky column. */
  numEl: HTMLElement;
  cells: CellSlot[];
  view: number;
  cls: string;
  selected: string;
  width: number;
}
interface CellSlot extends Slot {
  text: Text;
  /** What the cell shows: this item's value of this attribute. */
  item: WireItem | undefined;
  name: string | undefined;
  type: string | undefined;
  missing: boolean;
  cls: string;
  id: string;
  col: number;
  left: number;
  width: number;
}
interface HeaderSlot extends Slot {
  nameText: Text;
  keyIcon: HTMLElement;
  arrow: HTMLElement;
  resize: HTMLElement;
  col: number;
  name: string | undefined;
  sorted: string;
  isKey: boolean;
  left: number;
  width: number;
}

/** An item's own attribute: an item without an attribute named "__proto__" must not show Object.prototype. */
function ownValue(item: WireItem, name: string): WireValue | undefined {
  return Object.prototype.hasOwnProperty.call(item, name) ? item[name] : undefined;
}

/** One attribute of a row, parsed from the row's text without parsing the rest. */
function attributeValue(row: string, name: string): WireValue | undefined {
  const text = attributeText(row, name);
  return text === undefined ? undefined : (JSON.parse(text) as WireValue);
}

/**
 * Gives the slots (children of `parent` in document order, keys ascending and consecutive) the keys first..last.
 * Slots whose key stays in the range are not touched; the others take the new keys, moving in the document only
 * where that keeps document order equal to key order; extra slots leave the document for `spare`.
 */
function reconcile<S extends Slot>(slots: S[], first: number, last: number, parent: HTMLElement, spare: S[], make: () => S): S[] {
  const out: S[] = [];
  let lo = 0;
  while (lo < slots.length && slots[lo].key < first) lo++;
  let hi = lo;
  while (hi < slots.length && slots[hi].key <= last) hi++;
  if (lo === hi) {
    // Nothing in common (a jump): reuse the slots where they are, in order.
    let i = 0;
    for (let key = first; key <= last; key++, i++) {
      let slot = slots[i];
      if (!slot) {
        slot = spare.pop() ?? make();
        parent.append(slot.el);
      }
      slot.key = key;
      out.push(slot);
    }
    for (; i < slots.length; i++) {
      slots[i].el.remove();
      spare.push(slots[i]);
    }
    return out;
  }
  // slots[lo, hi) keep their keys; those before them are free and already above, those after already below.
  const firstKept = slots[lo];
  let above = 0;
  let below = hi;
  let belowEnd = slots.length;
  for (let key = first; key < firstKept.key; key++) {
    let slot: S;
    if (above < lo) slot = slots[above++];
    else {
      slot = below < belowEnd ? slots[--belowEnd] : (spare.pop() ?? make());
      parent.insertBefore(slot.el, firstKept.el);
    }
    slot.key = key;
    out.push(slot);
  }
  for (let i = lo; i < hi; i++) out.push(slots[i]);
  for (let key = slots[hi - 1].key + 1; key <= last; key++) {
    let slot: S;
    if (below < belowEnd) slot = slots[below++];
    else {
      slot = above < lo ? slots[above++] : (spare.pop() ?? make());
      parent.append(slot.el);
    }
    slot.key = key;
    out.push(slot);
  }
  for (const rest of [...slots.slice(above, lo), ...slots.slice(below, belowEnd)]) {
    rest.el.remove();
    spare.push(rest);
  }
  return out;
}
