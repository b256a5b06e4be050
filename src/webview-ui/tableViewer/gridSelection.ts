// Selection in the results grid: the selected rows (by row index, so sorting keeps them), the anchor of a shift
// range, and the active cell that the keyboard moves and Ctrl+C copies. Mouse and keys are read here into what
// they mean; the grid then scrolls, draws and calls its handlers.
import type { WireItem } from '../../protocol/tableViewer';
import type { GridData } from './gridData';

/** What a key press asks of the grid, once the selection has taken it. */
export type KeyAction = 'moved' | 'selection' | 'open' | 'delete' | 'copy' | undefined;

export class GridSelection {
  /** Selected rows, by index into the data's rows (stable across sorting). */
  readonly selected = new Set<number>();
  private anchor = 0;
  activeRow = 0;
  activeCol = 0;

  constructor(private readonly data: GridData) {}

  get size(): number {
    return this.selected.size;
  }

  reset(): void {
    this.selected.clear();
    this.anchor = this.activeRow = this.activeCol = 0;
  }

  /** After rows were removed: the selection that stays, and the active row kept in range. */
  replace(selected: ReadonlySet<number>): void {
    this.selected.clear();
    for (const i of selected) this.selected.add(i);
    this.activeRow = Math.min(this.activeRow, Math.max(0, this.data.count - 1));
  }

  /** Selected rows in view order. */
  rows(limit = Infinity): WireItem[] {
    return this.data.inViewOrder(this.selected).slice(0, limit).map((i) => this.data.itemAt(i));
  }

  activeCell(): { row: WireItem; column: string } | undefined {
    if (this.data.count === 0 || this.data.columns.length === 0) return undefined;
    return { row: this.data.rowAt(this.activeRow), column: this.data.columns[this.activeCol] };
  }

  activeRowItem(): WireItem | undefined {
    return this.data.count ? this.data.rowAt(this.activeRow) : undefined;
  }

  selectAll(): void {
    this.selected.clear();
    for (let i = 0; i < this.data.count; i++) this.selected.add(i);
  }

  private selectOnly(view: number): void {
    this.selected.clear();
    this.selected.add(this.data.rowIndexAt(view));
    this.anchor = view;
  }

  private selectRange(from: number, to: number, add: boolean): void {
    if (!add) this.selected.clear();
    const [a, b] = from <= to ? [from, to] : [to, from];
    for (let v = a; v <= b; v++) this.selected.add(this.data.rowIndexAt(v));
  }

  private toggle(view: number): void {
    const i = this.data.rowIndexAt(view);
    if (this.selected.has(i)) this.selected.delete(i);
    else this.selected.add(i);
    this.anchor = view;
  }

  /** A click on row `view` (in column `col` when on a cell): select it, a range, or toggle it. */
  click(view: number, col: number | undefined, e: MouseEvent): void {
    if (col !== undefined) this.activeCol = col;
    if (e.shiftKey) this.selectRange(this.anchor, view, e.ctrlKey || e.metaKey);
    else if (e.ctrlKey || e.metaKey) this.toggle(view);
    else this.selectOnly(view);
    this.activeRow = view;
  }

  /** Keeps the active row where its row went after the order changed (a sort). */
  follow(rowIndex: number): void {
    this.activeRow = this.data.count ? this.data.viewIndexOf(rowIndex) : 0;
  }

  /** Reads a key: moves the active cell or changes the selection; says what else the grid must do. */
  onKey(e: KeyboardEvent, pageRows: number): KeyAction {
    const count = this.data.count;
    const ctrl = e.ctrlKey || e.metaKey;
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
      case 'End': if (ctrl) row = count - 1; else col = this.data.columns.length - 1; break;
      case ' ':
        if (count === 0) return undefined;
        e.preventDefault();
        this.toggle(this.activeRow);
        return 'selection';
      case 'Enter':
        if (count === 0) return undefined;
        e.preventDefault();
        return 'open';
      case 'Escape':
        if (this.selected.size === 0) return undefined;
        e.preventDefault();
        this.selected.clear();
        return 'selection';
      case 'Delete':
        if (this.selected.size === 0) return undefined;
        e.preventDefault();
        return 'delete';
      default:
        if (ctrl && (e.key === 'a' || e.key === 'A')) {
          e.preventDefault();
          this.selectAll();
          return 'selection';
        }
        if (ctrl && (e.key === 'c' || e.key === 'C')) {
          e.preventDefault();
          return 'copy';
        }
        return undefined;
    }
    e.preventDefault();
    if (count === 0) return undefined;
    row = Math.max(0, Math.min(count - 1, row));
    col = Math.max(0, Math.min(this.data.columns.length - 1, col));
    const rowMoved = row !== this.activeRow;
    // Ctrl with an arrow or page key moves the active row without changing the selection (then Space toggles).
    const moveOnly = ctrl && e.key !== 'Home' && e.key !== 'End';
    this.activeRow = row;
    this.activeCol = col;
    if (rowMoved) {
      if (e.shiftKey) this.selectRange(this.anchor, row, false);
      else if (!moveOnly) this.selectOnly(row);
    }
    return 'moved';
  }
}
