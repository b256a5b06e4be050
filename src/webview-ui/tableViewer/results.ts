// The results: the grid or a JSON view of the same rows, and what can be done with them (copy a cell or rows,
// open a row as an item document, delete the selected rows, export or import, copy to another table).
import type { QuerySpec } from '../../model/query/querySpec';
import type { WireItem } from '../../protocol/tableViewer';
import { fmt, h, oncePerFrame, vscodeButton } from '../shared/dom';
import type { ResultGrid } from './grid';
import { notice } from './notice';
import { post, saveState, state, type ResultView } from './state';
import { OverflowToolbar } from './overflow';
import { attributeDetailsText, cellCopyText, rowsAsLines, rowsCopyText, typeOf } from './values';

/** JSON views show this many rows; the grid shows every row, exports write every row. */
const JSON_VIEW_ROWS = 1000;
/** Copying more rows than this writes one compact line per row. */
const PRETTY_COPY_ROWS = 1000;

export interface ResultsNeeds {
  /** The spec of the form when it is valid (its problems are shown otherwise). */
  withSpec(use: (spec: QuerySpec) => void): void;
  /** The spec of the form as it is, valid or not. */
  specAsIs(): QuerySpec | undefined;
}

export class Results {
  readonly host = h('div', { class: 'results', id: 'results' });
  readonly toolbar: OverflowToolbar;
  /** The active cell's attribute, its type and its whole value, beside the grid. */
  private readonly details = h('aside', { class: 'details', id: 'details', role: 'region', 'aria-label': 'Cell details', tabindex: 0, hidden: true });
  private readonly detailsButton = vscodeButton('showDetails', 'Details', 'open-preview', () => this.toggleDetails(), { secondary: true, title: 'Show the active cell’s whole value beside the grid' });
  private readonly jsonView = h('pre', { class: 'json-view', tabindex: 0, role: 'document', 'aria-label': 'Results as JSON', hidden: true });
  private readonly selectionEl = h('span', { class: 'muted selection-info', 'aria-live': 'polite' });
  private readonly viewTabs = h('div', { class: 'segmented', role: 'tablist', 'aria-label': 'Result view' });
  private readonly copyRowsButton = vscodeButton('copyRows', 'Copy rows', 'files', () => this.copyRows(), { secondary: true, title: 'Copy the selected rows (Ctrl+C)' });
  private readonly deleteButton = vscodeButton('deleteRows', 'Delete…', 'trash', () => this.deleteSelected(), { secondary: true, title: 'Delete the selected rows (Delete)' });
  readonly importButton = vscodeButton('importItems', 'Import…', 'cloud-upload', () => post({ type: 'transfer', action: 'import' }), { secondary: true, title: 'Import a JSON Lines, DynamoDB JSON or CSV file into this table' });

  constructor(
    private readonly grid: ResultGrid,
    needs: ResultsNeeds,
  ) {
    for (const [v, label] of [['grid', 'Grid'], ['json', 'JSON'], ['dynamodb', 'DynamoDB JSON']] as const) {
      const tab = h('button', { type: 'button', class: 'segment', role: 'tab', id: `view-${v}`, 'aria-controls': 'results', text: label });
      tab.addEventListener('click', () => this.setView(v));
      tab.addEventListener('keydown', (e) => {
        const order: ResultView[] = ['grid', 'json', 'dynamodb'];
        if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
        e.preventDefault();
        const next = order[(order.indexOf(state.view) + (e.key === 'ArrowRight' ? 1 : 2)) % 3];
        this.setView(next);
        document.getElementById(`view-${next}`)?.focus();
      });
      this.viewTabs.append(tab);
    }
    const copyFormatSelect = h('vscode-single-select', { id: 'copyFormat', label: 'Copy and view notation' }) as HTMLElement & { value: string };
    copyFormatSelect.append(h('vscode-option', { value: 'json', text: 'Copy as JSON' }), h('vscode-option', { value: 'dynamodb', text: 'Copy as DynamoDB JSON' }));
    copyFormatSelect.value = state.copyFormat;
    copyFormatSelect.addEventListener('change', () => {
      state.copyFormat = copyFormatSelect.value === 'dynamodb' ? 'dynamodb' : 'json';
      saveState();
    });
    const copyCellButton = vscodeButton('copyCell', 'Copy cell', 'copy', () => this.copyCell(), { secondary: true });
    const openButton = vscodeButton('openItem', 'Open item', 'go-to-file', () => {
      const row = grid.activeRowItem();
      if (row) this.openRow(row);
    }, { secondary: true, title: 'Open the active row in the item editor (Enter)' });
    const exportResultsButton = vscodeButton('exportResults', 'Export results…', 'export', () => post({ type: 'transfer', action: 'exportResults' }), { secondary: true, title: 'Export every row read by the last run (all of them, not only the window shown) to a file' });
    const exportQueryButton = vscodeButton('exportQuery', 'Export query…', 'export', () => needs.withSpec((spec) => post({ type: 'transfer', action: 'exportQuery', spec })), { secondary: true, title: 'Export everything the query finds (every page)' });
    const exportTableButton = vscodeButton('exportTable', 'Export table…', 'database', () => post({ type: 'transfer', action: 'exportTable' }), { secondary: true, title: 'Export the whole table (parallel scan)' });
    const copyTableButton = vscodeButton('copyToTable', 'Copy to table…', 'arrow-swap', () => post({ type: 'transfer', action: 'copyTable', spec: needs.specAsIs() }), { secondary: true, title: 'Copy items into another table' });
    const movable = [copyCellButton, this.copyRowsButton, openButton, this.deleteButton, exportResultsButton, exportQueryButton, exportTableButton, this.importButton, copyTableButton];
    this.toolbar = new OverflowToolbar('Results', 'results-toolbar', [
      this.viewTabs, copyFormatSelect, this.detailsButton, copyCellButton, this.copyRowsButton, openButton, this.deleteButton, this.selectionEl,
      h('span', { class: 'toolbar-gap' }), exportResultsButton, exportQueryButton, exportTableButton, this.importButton, copyTableButton,
    ], movable);
    this.toolbar.element.classList.add('results-toolbar');
    this.detailsButton.setAttribute('aria-pressed', 'false');
    this.detailsButton.setAttribute('aria-controls', 'details');
    this.host.append(grid.element, this.details, this.jsonView);
  }

  setView(v: ResultView): void {
    state.view = v;
    saveState();
    for (const tab of this.viewTabs.querySelectorAll<HTMLElement>('[role=tab]')) {
      const on = tab.id === `view-${v}`;
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
      tab.classList.toggle('on', on);
    }
    // The JSON view covers the grid instead of hiding it: the grid keeps its size and scroll position, so its
    // virtualizers stay right, and it is inert (out of the tab order and the accessibility tree) meanwhile.
    this.grid.element.toggleAttribute('inert', v !== 'grid');
    this.grid.element.setAttribute('aria-hidden', String(v !== 'grid'));
    this.jsonView.hidden = v === 'grid';
    if (v !== 'grid') this.renderJsonView();
  }

  /** The JSON view follows the rows and the selection, once per frame. */
  renderJsonView(): void {
    if (state.view !== 'grid') this.queueJsonView();
  }

  private readonly queueJsonView = oncePerFrame(() => {
    if (state.view === 'grid') return;
    const grid = this.grid;
    const total = grid.selectionSize > 0 ? grid.selectionSize : grid.rowCount;
    const shown = grid.selectionSize > 0 ? grid.selectedRows(JSON_VIEW_ROWS) : grid.viewRows(JSON_VIEW_ROWS);
    const text = shown.length ? rowsCopyText(shown, state.view === 'dynamodb' ? 'dynamodb' : 'json', state.table?.keySchema ?? []) : '';
    const note = total > shown.length ? `\n\n// ${fmt(shown.length)} of ${fmt(total)} rows shown; export them all with “Export results…”.` : '';
    this.jsonView.textContent = text + note;
  });

  private toggleDetails(): void {
    this.details.hidden = !this.details.hidden;
    this.detailsButton.setAttribute('aria-pressed', String(!this.details.hidden));
    this.updateDetails();
  }

  private updateDetails(): void {
    if (this.details.hidden) return;
    const active = this.grid.activeCell();
    if (!active) {
      this.details.replaceChildren(h('div', { class: 'muted', text: 'Select a cell to see its whole value here.' }));
      return;
    }
    const value = Object.prototype.hasOwnProperty.call(active.row, active.column) ? active.row[active.column] : undefined;
    this.details.replaceChildren(
      h('h2', {}, active.column, value ? h('span', { class: 'col-type', text: typeOf(value) }) : undefined),
      value ? h('pre', { class: 'details-value', text: attributeDetailsText(active.column, value) }) : h('div', { class: 'muted', text: 'This item has no such attribute.' }),
    );
  }

  updateSelectionInfo(): void {
    const n = this.grid.selectionSize;
    this.updateDetails();
    this.selectionEl.textContent = n ? `${fmt(n)} selected` : '';
    this.deleteButton.disabled = n === 0 || !!state.table?.readOnly;
    this.copyRowsButton.disabled = n === 0;
    if (state.view !== 'grid') this.renderJsonView();
  }

  openRow(row: WireItem): void {
    const key = keyOf(row);
    if (!key) return notice('error', missingKeyMessage('The item cannot be opened'));
    post({ type: 'openItem', key });
  }

  deleteSelected(): void {
    const table = state.table;
    if (table?.readOnly) return notice('error', `The connection ${table.connectionName} is read-only: rows cannot be deleted. Turn read-only off for it in the explorer first.`);
    const rows = this.grid.selectedRows();
    if (rows.length === 0) return;
    const keys: WireItem[] = [];
    for (const r of rows) {
      const key = keyOf(r);
      if (!key) return notice('error', missingKeyMessage('The rows cannot be deleted'));
      keys.push(key);
    }
    post({ type: 'deleteItems', keys });
  }

  private copyCell(): void {
    const active = this.grid.activeCell();
    if (!active) return;
    const value = active.row[active.column];
    if (value === undefined) return notice('info', `This row has no attribute ${active.column}.`);
    post({ type: 'copyText', text: cellCopyText(value, state.copyFormat), description: `the ${active.column} value` });
  }

  private copyRows(): void {
    const rows = this.grid.selectionSize ? this.grid.selectedRows() : [];
    if (rows.length === 0) return;
    const format = state.copyFormat;
    const notation = format === 'dynamodb' ? 'DynamoDB JSON' : 'JSON';
    if (rows.length > PRETTY_COPY_ROWS) {
      post({ type: 'copyText', text: rowsAsLines(rows, format), description: `${fmt(rows.length)} rows as ${notation}, one per line` });
    } else {
      post({ type: 'copyText', text: rowsCopyText(rows, format, state.table?.keySchema ?? []), description: `${rows.length === 1 ? 'the row' : `${fmt(rows.length)} rows`} as ${notation}` });
    }
  }

  /** Ctrl+C: the selected rows when several are selected, else the active cell. */
  copyDefault(): void {
    if (this.grid.selectionSize > 1) this.copyRows();
    else this.copyCell();
  }
}

function keyOf(row: WireItem): WireItem | undefined {
  if (!state.table) return undefined;
  const key: WireItem = {};
  for (const k of state.table.keySchema) {
    const v = row[k.name];
    if (v === undefined) return undefined;
    Object.defineProperty(key, k.name, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return key;
}

function missingKeyMessage(what: string): string {
  const names = state.table?.keySchema.map((k) => k.name).join(' and ') ?? 'its key';
  return `${what}: the row lacks the key attribute ${names}. Include the key attributes in “Attributes”, or clear it to return all attributes.`;
}
