// What the results grid holds, apart from the screen: the rows (each item's JSON text, see rowText.ts), the
// columns (the union of attribute names, keys first) with their widths and x offsets, and the sort (an order of
// row indexes, kept exact as rows arrive). Rows have one fixed height and columns fixed widths, so the visible
// range is arithmetic on the scroll offsets and nothing is ever measured.
import type { WireItem, WireValue } from '../../protocol/tableViewer';
import { attributeText } from './rowText';
import { compareSortKeys, sortKeyOf, type SortKey } from './values';

export const ROW_HEIGHT = 24;
export const ROWNUM_WIDTH = 64;
const DEFAULT_WIDTH = 180;
export const MIN_WIDTH = 60;

export type SortState = { column: string; direction: 1 | -1 } | undefined;

export class GridData {
  /** Rows (each item's JSON text) in arrival order; `order` maps view positions to them when sorted. */
  rows: string[] = [];
  /** Parsed items of the rows drawn by the last frame, by row index (the painter keeps it current). */
  drawn = new Map<number, WireItem>();
  order: number[] | undefined;
  readonly columns: string[] = [];
  private readonly columnSet = new Set<string>();
  readonly widths: number[] = [];
  /** x of each column's left edge (after the row numbers), and the width of all. */
  readonly colStarts: number[] = [];
  totalWidth = ROWNUM_WIDTH;
  /** Key attributes come first among the columns: the table's keys, then the index keys. */
  keyNames: string[] = [];
  /** The type of each column as the header shows it: a key's declared type, else the first value's type. */
  readonly columnTypes = new Map<string, string>();
  private keyTypes = new Map<string, string>();
  sort: SortState;
  /** Rows before the first one held (a later window of a larger read): row numbers count on from there. */
  rowNumberBase = 0;
  /** Sort keys of the sorted column, by row index (computed once per sort, extended as rows arrive). */
  private sortKeys: SortKey[] = [];

  get count(): number {
    return this.rows.length;
  }

  clear(): void {
    this.rows = [];
    this.drawn = new Map();
    this.order = undefined;
    this.sortKeys = [];
    this.columns.length = 0;
    this.columnSet.clear();
    this.columnTypes.clear();
    for (const [name, type] of this.keyTypes) this.columnTypes.set(name, type);
    this.widths.length = 0;
    for (const name of this.keyNames) this.addColumn(name);
    this.layoutColumns();
  }

  setKeys(keys: readonly { name: string; type: string }[]): void {
    this.keyNames = keys.map((k) => k.name);
    this.keyTypes = new Map(keys.map((k) => [k.name, k.type]));
    for (const [name, type] of this.keyTypes) this.columnTypes.set(name, type);
  }

  /**
   * Adds rows and the attribute names they use, with the type of each name's first value; returns the index of the
   * first new row.
   */
  append(rows: readonly string[], names: readonly string[], types: readonly string[]): number {
    const start = this.rows.length;
    const columnsBefore = this.columns.length;
    for (const row of rows) this.rows.push(row);
    for (let i = 0; i < names.length; i++) {
      this.addColumn(names[i]);
      if (!this.columnTypes.has(names[i])) this.columnTypes.set(names[i], types[i]);
    }
    if (columnsBefore !== this.columns.length) this.layoutColumns();
    if (this.order) this.mergeSorted(start);
    return start;
  }

  /**
   * Removes rows whose key (the given attributes) equals one of `keys`; returns the new indexes of the rows in
   * `selected` that stay.
   */
  remove(keys: readonly WireItem[], keyNames: readonly string[], selected: ReadonlySet<number>): Set<number> {
    // Values compared as JSON.stringify writes them, whatever the spacing or escapes of the row's text.
    const identity = (values: (WireValue | undefined)[]) => JSON.stringify(values.map((v) => v ?? null));
    const gone = new Set(keys.map((key) => identity(keyNames.map((n) => ownValue(key, n)))));
    const kept: string[] = [];
    const stillSelected = new Set<number>();
    for (let i = 0; i < this.rows.length; i++) {
      const row = this.rows[i];
      if (gone.has(identity(keyNames.map((n) => attributeValue(row, n))))) continue;
      if (selected.has(i)) stillSelected.add(kept.length);
      kept.push(row);
    }
    this.rows = kept;
    this.drawn = new Map();
    if (this.order) {
      this.order = this.rows.map((_, i) => i);
      this.applySort();
    }
    return stillSelected;
  }

  hasColumn(name: string): boolean {
    return this.columnSet.has(name);
  }

  private addColumn(name: string): void {
    if (this.columnSet.has(name)) return;
    this.columnSet.add(name);
    this.columns.push(name);
    this.widths.push(this.keyNames.includes(name) ? DEFAULT_WIDTH + 20 : DEFAULT_WIDTH);
  }

  setWidth(col: number, width: number): void {
    this.widths[col] = Math.max(MIN_WIDTH, width);
    this.layoutColumns();
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

  /** Columns that overlap [left, left + width), and `overscan` more each side; first > last when there are none. */
  visibleColumns(left: number, width: number, overscan: number): [number, number] {
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
    const right = left + width;
    while (last + 1 < n && this.colStarts[last + 1] < right) last++;
    return [Math.max(0, lo - overscan), Math.min(n - 1, last + overscan)];
  }

  // ---- rows by view position ------------------------------------------------------------------------------------

  rowAt(view: number): WireItem {
    return this.itemAt(this.rowIndexAt(view));
  }

  /** The item of a row: the one drawn on screen, or parsed from the row's text (checked when it arrived). */
  itemAt(rowIndex: number): WireItem {
    return this.drawn.get(rowIndex) ?? (JSON.parse(this.rows[rowIndex]) as WireItem);
  }

  rowIndexAt(view: number): number {
    return this.order ? this.order[view] : view;
  }

  viewIndexOf(rowIndex: number): number {
    return this.order ? this.order.indexOf(rowIndex) : rowIndex;
  }

  /** The first `limit` rows in view order. */
  viewRows(limit = Infinity): WireItem[] {
    const out: WireItem[] = [];
    const n = Math.min(limit, this.rows.length);
    for (let view = 0; view < n; view++) out.push(this.rowAt(view));
    return out;
  }

  /** Row indexes of `selected`, in view order. */
  inViewOrder(selected: ReadonlySet<number>): number[] {
    return this.order ? this.order.filter((i) => selected.has(i)) : [...selected].sort((a, b) => a - b);
  }

  // ---- sorting -------------------------------------------------------------------------------------------------

  /** Ascending, then descending, then arrival order. */
  toggleSort(column: string): void {
    if (this.sort?.column !== column) this.sort = { column, direction: 1 };
    else if (this.sort.direction === 1) this.sort = { column, direction: -1 };
    else this.sort = undefined;
    if (this.sort) {
      this.order = this.rows.map((_, i) => i);
      this.applySort();
    } else {
      this.order = undefined;
    }
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
}

/** An item's own attribute: an item without an attribute named "__proto__" must not show Object.prototype. */
export function ownValue(item: WireItem, name: string): WireValue | undefined {
  return Object.prototype.hasOwnProperty.call(item, name) ? item[name] : undefined;
}

/** One attribute of a row, parsed from the row's text without parsing the rest. */
function attributeValue(row: string, name: string): WireValue | undefined {
  const text = attributeText(row, name);
  return text === undefined ? undefined : (JSON.parse(text) as WireValue);
}
