// Drawing the results grid: rows and columns both virtualized (only the visible cells exist in the DOM), so
// 100,000 rows of any width scroll smoothly. A frame reads the scroll offsets once and only writes after, so it
// never forces a layout; row, cell and header elements are recycled, and every attribute and text is written only
// when it differs from what the element shows.
import type { WireItem } from '../../protocol/tableViewer';
import { h, oncePerFrame } from '../shared/dom';
import { ROW_HEIGHT, ownValue, type GridData } from './gridData';
import type { GridSelection } from './gridSelection';
import { previewValue, typeOf } from './values';

/**
 * Rows and columns drawn beyond the visible ones on each side: enough for a wheel step, few to redraw. After a jump
 * (nothing drawn is still on screen) a frame draws only the visible cells, and the next frame adds these.
 */
export const ROW_OVERSCAN = 2;
const COL_OVERSCAN = 1;

/** The grid's elements the painter writes into. */
export interface GridParts {
  element: HTMLElement;
  headerInner: HTMLElement;
  viewport: HTMLElement;
  canvas: HTMLElement;
  rowsLayer: HTMLElement;
  rowNumbers: HTMLElement;
  empty: HTMLElement;
}

export class GridPainter {
  /** The viewport's inner size, kept by the grid's ResizeObserver so that drawing never reads layout. */
  viewHeight = 0;
  viewWidth = 0;
  /** Counts changed since the last frame: the ARIA counts and the empty note are rewritten. */
  countsChanged = true;
  /** Rows arrived that show on screen, and no frame has drawn them yet. */
  paintPending = false;
  /** The last row index the viewport can show (whether or not that row exists). */
  lastScreenRow = 0;

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
    private readonly parts: GridParts,
    private readonly data: GridData,
    private readonly selection: GridSelection,
  ) {}

  /** Asks for a frame that draws (scrolling, rows arriving, a resize): one drawing per frame however many ask. */
  readonly scheduleRender = oncePerFrame(() => this.render());

  /** Draws the visible rows and columns (see the file's header). */
  render(): void {
    const { data, parts } = this;
    const count = data.count;
    const height = count * ROW_HEIGHT;
    const top = Math.max(0, Math.min(parts.viewport.scrollTop, height - this.viewHeight));
    const left = Math.max(0, Math.min(parts.viewport.scrollLeft, data.totalWidth - this.viewWidth));
    if (this.countsChanged) {
      this.countsChanged = false;
      parts.element.setAttribute('aria-rowcount', String(count + 1));
      parts.element.setAttribute('aria-colcount', String(data.columns.length + 1));
      parts.empty.hidden = count > 0;
    }
    if (height !== this.canvasHeight) {
      this.canvasHeight = height;
      parts.canvas.style.height = `${height}px`;
    }
    if (data.totalWidth !== this.canvasWidth) {
      this.canvasWidth = data.totalWidth;
      parts.canvas.style.width = `${data.totalWidth}px`;
      parts.headerInner.style.width = `${data.totalWidth}px`;
    }
    if (left !== this.headerLeft) {
      this.headerLeft = left;
      parts.headerInner.style.transform = `translateX(${-left}px)`;
    }
    this.paintPending = false;
    this.lastScreenRow = Math.floor((top + this.viewHeight) / ROW_HEIGHT);
    const topRow = Math.floor(top / ROW_HEIGHT);
    const bottomRow = Math.min(count - 1, this.lastScreenRow);
    const [leftCol, rightCol] = data.visibleColumns(left, this.viewWidth, 0);
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
    const [firstCol, lastCol] = colOverscan ? data.visibleColumns(left, this.viewWidth, colOverscan) : [leftCol, rightCol];

    this.headerSlots = reconcile(this.headerSlots, firstCol, lastCol, parts.headerInner, this.spareHeaders, makeHeaderCell);
    for (const slot of this.headerSlots) this.bindHeaderCell(slot);
    this.rowSlots = reconcile(this.rowSlots, firstRow, lastRow, parts.rowsLayer, this.spareRows, makeRow);
    for (const slot of this.spareRows) if (slot.numEl.isConnected) slot.numEl.remove();
    for (const slot of this.rowSlots) if (!slot.numEl.isConnected) parts.rowNumbers.append(slot.numEl);
    // Rows still on screen keep their parsed items (and so their cells, which compare items by identity).
    const wasDrawn = data.drawn;
    const drawn = new Map<number, WireItem>();
    data.drawn = drawn;
    for (const slot of this.rowSlots) {
      const rowIndex = data.rowIndexAt(slot.key);
      const item = wasDrawn.get(rowIndex) ?? (JSON.parse(data.rows[rowIndex]) as WireItem);
      drawn.set(rowIndex, item);
      this.bindRow(slot, rowIndex, item, firstCol, lastCol);
    }

    const { activeRow, activeCol } = this.selection;
    const activeShown = count > 0 && activeRow >= firstRow && activeRow <= lastRow && activeCol >= firstCol && activeCol <= lastCol;
    const activeId = activeShown ? `cell-${activeRow}-${activeCol}` : '';
    if (activeId !== this.activeDescendant) {
      this.activeDescendant = activeId;
      if (activeId) parts.viewport.setAttribute('aria-activedescendant', activeId);
      else parts.viewport.removeAttribute('aria-activedescendant');
    }
  }

  private bindRow(slot: RowSlot, rowIndex: number, item: WireItem, firstCol: number, lastCol: number): void {
    const view = slot.key;
    const selected = this.selection.selected.has(rowIndex);
    const active = view === this.selection.activeRow;
    const el = slot.el;
    const cls = selected ? (active ? 'grid-row selected active' : 'grid-row selected') : active ? 'grid-row active' : 'grid-row';
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
      slot.numEl.dataset.view = String(view);
      slot.numEl.style.transform = el.style.transform;
    }
    // Numbered from the window's first row: the rows shown may be a later stretch of a larger read.
    const number = String(this.data.rowNumberBase + view + 1);
    if (slot.num.data !== number) slot.num.data = number;
    const totalWidth = this.data.totalWidth;
    if (slot.width !== totalWidth) {
      slot.width = totalWidth;
      el.style.width = `${totalWidth}px`;
    }
    slot.cells = reconcile(slot.cells, firstCol, lastCol, el, this.spareCells, makeCell);
    for (const cell of slot.cells) this.bindCell(cell, item, view);
  }

  private bindCell(cell: CellSlot, item: WireItem, view: number): void {
    const col = cell.key;
    const name = this.data.columns[col];
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
    const active = view === this.selection.activeRow && col === this.selection.activeCol;
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
    const x = this.data.colStarts[col];
    if (cell.left !== x) {
      cell.left = x;
      el.style.left = `${x}px`;
    }
    const width = this.data.widths[col];
    if (cell.width !== width) {
      cell.width = width;
      el.style.width = `${width}px`;
    }
  }

  private bindHeaderCell(slot: HeaderSlot): void {
    const col = slot.key;
    const { data } = this;
    const name = data.columns[col];
    const sorted = data.sort?.column === name ? (data.sort.direction === 1 ? 'ascending' : 'descending') : 'none';
    const isKey = data.keyNames.includes(name);
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
    const type = data.columnTypes.get(name) ?? '';
    if (slot.type !== type) {
      slot.type = type;
      slot.typeText.data = type;
      el.setAttribute('aria-description', type ? `type ${type}` : '');
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
    const x = data.colStarts[col];
    if (slot.left !== x) {
      slot.left = x;
      el.style.left = `${x}px`;
    }
    const width = data.widths[col];
    if (slot.width !== width) {
      slot.width = width;
      el.style.width = `${width}px`;
    }
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
  typeText: Text;
  type: string;
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

function makeRow(): RowSlot {
  const num = document.createTextNode('');
  const id = `grid-rowheader-${++rowHeaderIds}`;
  const numEl = h('div', { class: 'grid-cell grid-rownum', role: 'rowheader', 'aria-colindex': 1, id }, num);
  const el = h('div', { class: 'grid-row', role: 'row', 'aria-owns': id });
  return { key: -1, el, num, numEl, cells: [], view: -1, cls: 'grid-row', selected: '', width: -1 };
}

function makeCell(): CellSlot {
  const text = document.createTextNode('');
  // The type is drawn by CSS from data-type (::before), so a cell is one element with one text node.
  const el = h('div', { class: 'grid-cell', role: 'gridcell' }, text);
  return { key: -1, el, text, item: undefined, name: undefined, type: undefined, missing: false, cls: 'grid-cell', id: '', col: -1, left: -1, width: -1 };
}

function makeHeaderCell(): HeaderSlot {
  // The parts stay; binding changes their text and classes, and only puts the key and arrow icons in or out.
  const nameText = document.createTextNode('');
  const keyIcon = h('span', { class: 'codicon codicon-key', 'aria-hidden': 'true' });
  const name = h('span', { class: 'name' }, nameText);
  // The column's type once in the header instead of a badge in every cell.
  const typeText = document.createTextNode('');
  const type = h('span', { class: 'col-type', 'aria-hidden': 'true' }, typeText);
  const arrow = h('span', { class: 'codicon', 'aria-hidden': 'true' });
  const resize = h('span', { class: 'grid-resize', 'aria-hidden': 'true' });
  const el = h('div', { class: 'grid-hcell', role: 'columnheader', tabindex: -1 }, name, type, resize);
  return { key: -1, el, nameText, typeText, type: '', keyIcon, arrow, resize, col: -1, name: undefined, sorted: '', isKey: false, left: -1, width: -1 };
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
