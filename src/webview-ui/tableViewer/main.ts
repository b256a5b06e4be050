// The table viewer webview: query builder, PartiQL editor, results (grid, JSON, DynamoDB JSON), history and saved
// queries, and the buttons that ask the extension to copy, open, delete, export, import and copy to a table.
// Every message from the extension is validated before use; every text from a table goes in with textContent.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { QuerySpec, SpecProblem } from '../../model/query/querySpec';
import { ViewerEvent, wireItemProblem, type TableInfo, type ViewerRequest, type WireItem } from '../../protocol/tableViewer';
import { fromSpec, newBuilderModel, renderBuilder, showProblems, toSpec, type BuilderModel } from './builder';
import { fmt, h } from './dom';
import { ResultGrid } from './grid';
import { RowSplitter } from './rowText';
import { cellCopyText, rowsAsLines, rowsCopyText, type CopyFormat } from './values';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;
const vscode = acquireVsCodeApi();

type ResultView = 'grid' | 'json' | 'dynamodb';
interface SavedState {
  model?: BuilderModel;
  view?: ResultView;
  copyFormat?: CopyFormat;
}

/** JSON views show this many rows; the grid shows every row, exports write every row. */
const JSON_VIEW_ROWS = 1000;
/** Copying more rows than this writes one compact line per row. */
const PRETTY_COPY_ROWS = 1000;

const state: SavedState = (vscode.getState() as SavedState | undefined) ?? {};
let table: TableInfo | undefined;
let model: BuilderModel | undefined = state.model;
let view: ResultView = state.view ?? 'grid';
let copyFormat: CopyFormat = state.copyFormat ?? 'json';
let runId = -1;
let running = false;
let hasMore = false;
let lastProblems: SpecProblem[] = [];
let history: Extract<ViewerEvent, { type: 'history' }> | undefined;

const post = (message: ViewerRequest) => vscode.postMessage(message);
const saveState = () => vscode.setState({ model, view, copyFormat } satisfies SavedState);

function linkStylesheet(): void {
  // The shared HTML shell links webview.css; the viewer's own sheet sits next to it in media/.
  const base = document.querySelector<HTMLLinkElement>('link[href*="webview.css"]');
  if (!base) return;
  const link = h('link', { rel: 'stylesheet', href: base.href.replace(/webview\.css(?=$|[?#])/, 'tableViewer.css') });
  base.after(link);
}

// ---------------------------------------------------------------------------------------------- layout

const app = document.getElementById('app') ?? document.body.appendChild(h('div', { id: 'app' }));
const titleEl = h('h1', { class: 'viewer-title', text: 'Loading the table…' });
const subtitleEl = h('span', { class: 'muted viewer-subtitle' });
const builderHost = h('div', { class: 'builder-host' });
const historyHost = h('div', { class: 'history', role: 'region', 'aria-label': 'History and saved queries' });
const problemsEl = h('div', { class: 'problems', role: 'alert' });
const noticeEl = h('div', { class: 'notice', role: 'status', 'aria-live': 'polite' });
const statusEl = h('div', { class: 'run-status', role: 'status', 'aria-live': 'polite' });
const progressEl = h('div', { class: 'progress', hidden: true }, h('div', { class: 'progress-bar' }));
const resultsHost = h('div', { class: 'results' });
const jsonView = h('pre', { class: 'json-view', tabindex: 0, role: 'document', 'aria-label': 'Results as JSON', hidden: true });
const selectionEl = h('span', { class: 'muted selection-info', 'aria-live': 'polite' });

function button(id: string, label: string, icon: string, onClick: () => void, opts: { secondary?: boolean; title?: string } = {}): HTMLElement & { disabled: boolean } {
  const b = h('vscode-button', { id, icon, secondary: opts.secondary, title: opts.title ?? label, text: label }) as HTMLElement & { disabled: boolean };
  b.addEventListener('click', () => {
    if (!b.disabled) onClick();
  });
  return b;
}

const grid = new ResultGrid(
  {
    open: (row) => openRow(row),
    copy: () => copyDefault(),
    delete: () => deleteSelected(),
    selectionChanged: () => updateSelectionInfo(),
  },
  'Results',
);

const runButton = button('run', 'Run', 'play', () => run('page'), { title: 'Run: one page, or until the limit (Ctrl+Enter)' });
const fetchAllButton = button('fetchAll', 'Fetch all', 'cloud-download', () => run('all'), { secondary: true, title: 'Read every page' });
const nextPageButton = button('nextPage', 'Next page', 'arrow-down', () => post({ type: 'continue', mode: 'page' }), { secondary: true });
const fetchRestButton = button('fetchRest', 'Fetch rest', 'fold-down', () => post({ type: 'continue', mode: 'all' }), { secondary: true, title: 'Read every page left' });
const cancelButton = button('cancel', 'Cancel', 'debug-stop', () => post({ type: 'cancel' }), { secondary: true });
const saveButton = button('saveQuery', 'Save…', 'save', () => withSpec((spec) => post({ type: 'saveQuery', spec })), { secondary: true, title: 'Save this query under a name' });
const cliButton = button('copyCli', 'AWS CLI', 'terminal', () => withSpec((spec) => post({ type: 'copyCode', target: 'cli', spec })), { secondary: true, title: 'Copy as AWS CLI command' });
const sdkButton = button('copySdk', 'SDK v3', 'symbol-method', () => withSpec((spec) => post({ type: 'copyCode', target: 'sdk', spec })), { secondary: true, title: 'Copy as SDK v3 code (JavaScript)' });

const copyCellButton = button('copyCell', 'Copy cell', 'copy', () => copyCell(), { secondary: true });
const copyRowsButton = button('copyRows', 'Copy rows', 'files', () => copyRows(), { secondary: true, title: 'Copy the selected rows (Ctrl+C)' });
const openButton = button('openItem', 'Open item', 'go-to-file', () => {
  const row = grid.activeRowItem();
  if (row) openRow(row);
}, { secondary: true, title: 'Open the active row in the item editor (Enter)' });
const deleteButton = button('deleteRows', 'Delete…', 'trash', () => deleteSelected(), { secondary: true, title: 'Delete the selected rows (Delete)' });
const exportResultsButton = button('exportResults', 'Export results…', 'export', () => post({ type: 'transfer', action: 'exportResults' }), { secondary: true, title: 'Export the loaded rows to a file' });
const exportQueryButton = button('exportQuery', 'Export query…', 'export', () => withSpec((spec) => post({ type: 'transfer', action: 'exportQuery', spec })), { secondary: true, title: 'Export everything the query finds (every page)' });
const exportTableButton = button('exportTable', 'Export table…', 'database', () => post({ type: 'transfer', action: 'exportTable' }), { secondary: true, title: 'Export the whole table (parallel scan)' });
const importButton = button('importItems', 'Import…', 'cloud-upload', () => post({ type: 'transfer', action: 'import' }), { secondary: true, title: 'Import a JSON Lines, DynamoDB JSON or CSV file into this table' });
const copyTableButton = button('copyToTable', 'Copy to table…', 'arrow-swap', () => post({ type: 'transfer', action: 'copyTable', spec: currentSpecOrUndefined() }), { secondary: true, title: 'Copy items into another table' });

const viewTabs = h('div', { class: 'segmented', role: 'tablist', 'aria-label': 'Result view' });
for (const [v, label] of [['grid', 'Grid'], ['json', 'JSON'], ['dynamodb', 'DynamoDB JSON']] as const) {
  const tab = h('button', { type: 'button', class: 'segment', role: 'tab', id: `view-${v}`, 'aria-controls': 'results', text: label });
  tab.addEventListener('click', () => setView(v));
  tab.addEventListener('keydown', (e) => {
    const order: ResultView[] = ['grid', 'json', 'dynamodb'];
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    e.preventDefault();
    const next = order[(order.indexOf(view) + (e.key === 'ArrowRight' ? 1 : 2)) % 3];
    setView(next);
    document.getElementById(`view-${next}`)?.focus();
  });
  viewTabs.append(tab);
}
const copyFormatSelect = h('vscode-single-select', { id: 'copyFormat', label: 'Copy and view notation' }) as HTMLElement & { value: string };
copyFormatSelect.append(h('vscode-option', { value: 'json', text: 'Copy as JSON' }), h('vscode-option', { value: 'dynamodb', text: 'Copy as DynamoDB JSON' }));
copyFormatSelect.value = copyFormat;
copyFormatSelect.addEventListener('change', () => {
  copyFormat = copyFormatSelect.value === 'dynamodb' ? 'dynamodb' : 'json';
  saveState();
});

resultsHost.id = 'results';
resultsHost.append(grid.element, jsonView);

app.append(
  h('header', { class: 'viewer-header' }, titleEl, subtitleEl),
  h('div', { class: 'top' },
    h('section', { class: 'builder-panel', 'aria-label': 'Query' },
      builderHost,
      problemsEl,
      h('div', { class: 'toolbar actions' }, runButton, fetchAllButton, nextPageButton, fetchRestButton, cancelButton, h('span', { class: 'toolbar-gap' }), saveButton, cliButton, sdkButton),
    ),
    historyHost,
  ),
  h('div', { class: 'status-line' }, statusEl, progressEl),
  noticeEl,
  h('div', { class: 'toolbar results-toolbar', role: 'toolbar', 'aria-label': 'Results' },
    viewTabs, copyFormatSelect, copyCellButton, copyRowsButton, openButton, deleteButton, selectionEl,
    h('span', { class: 'toolbar-gap' }), exportResultsButton, exportQueryButton, exportTableButton, importButton, copyTableButton,
  ),
  resultsHost,
);

// ---------------------------------------------------------------------------------------------- builder

function renderForm(): void {
  if (!table || !model) return;
  const focused = document.activeElement?.id;
  builderHost.replaceChildren(renderBuilder(model, table, { restructure: () => { saveState(); renderForm(); }, changed: saveState }));
  renderProblems(lastProblems);
  if (focused) (document.getElementById(focused) as HTMLElement | null)?.focus();
  saveState();
}

function renderProblems(problems: SpecProblem[]): void {
  lastProblems = problems;
  const unplaced = showProblems(builderHost, problems);
  problemsEl.replaceChildren(...unplaced.map((p) => h('div', { class: 'error-text', text: p.message })));
}

function currentSpec(): { spec: QuerySpec; limit?: number } | undefined {
  if (!table || !model) return undefined;
  const { spec, problems, limit } = toSpec(model, table);
  if (problems.length) {
    renderProblems(problems);
    return undefined;
  }
  return { spec, limit };
}

function currentSpecOrUndefined(): QuerySpec | undefined {
  return table && model ? toSpec(model, table).spec : undefined;
}

function withSpec(use: (spec: QuerySpec) => void): void {
  const current = currentSpec();
  if (current) use(current.spec);
}

function run(mode: 'page' | 'all'): void {
  const current = currentSpec();
  if (!current) return;
  renderProblems([]);
  if (mode === 'page' && current.limit !== undefined) post({ type: 'run', spec: current.spec, mode: 'limit', limit: current.limit });
  else post({ type: 'run', spec: current.spec, mode });
}

builderHost.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    run('page');
  }
});

// ---------------------------------------------------------------------------------------------- history

function renderHistory(): void {
  if (!history) return;
  const entry = (spec: QuerySpec, title: string, detail: string, extra?: HTMLElement) => {
    const load = h('button', { type: 'button', class: 'link', title: 'Load into the builder', text: title });
    load.addEventListener('click', () => loadSpec(spec));
    const runIt = h('button', { type: 'button', class: 'icon-button', title: 'Run again', 'aria-label': `Run ${title} again` }, h('span', { class: 'codicon codicon-play', 'aria-hidden': 'true' }));
    runIt.addEventListener('click', () => {
      loadSpec(spec);
      run('page');
    });
    return h('li', {}, runIt, h('div', { class: 'entry' }, load, h('div', { class: 'muted', text: detail })), extra);
  };
  const describe = (spec: QuerySpec) =>
    spec.kind === 'partiql'
      ? (spec.statement ?? '').slice(0, 120)
      : [spec.kind === 'query' ? 'Query' : 'Scan', spec.index ? `on ${spec.index}` : '', spec.partitionKey ? `${spec.partitionKey.name} = ${spec.partitionKey.value}` : '', spec.sortKey ? `${spec.sortKey.name} ${spec.sortKey.op} ${spec.sortKey.value}${spec.sortKey.op === 'BETWEEN' ? ` and ${spec.sortKey.value2 ?? ''}` : ''}` : '', spec.filters.length ? `${spec.filters.length} filter${spec.filters.length > 1 ? 's' : ''}` : '']
          .filter(Boolean)
          .join(' · ');
  const saved = history.saved.map((q) => {
    const del = h('button', { type: 'button', class: 'icon-button', title: `Delete saved query ${q.name}`, 'aria-label': `Delete saved query ${q.name}` }, h('span', { class: 'codicon codicon-trash', 'aria-hidden': 'true' }));
    del.addEventListener('click', () => post({ type: 'deleteSavedQuery', name: q.name }));
    return entry(q.spec, q.name, describe(q.spec), del);
  });
  const recent = history.history.map((e) => entry(e.spec, describe(e.spec) || 'Scan', `${new Date(e.ranAt).toLocaleString()}${e.summary ? ` · ${e.summary}` : ''}`));
  const clear = h('button', { type: 'button', class: 'link', text: 'Clear history' });
  clear.addEventListener('click', () => post({ type: 'clearHistory' }));
  historyHost.replaceChildren(
    h('h2', { text: 'Saved queries' }),
    saved.length ? h('ul', { class: 'history-list' }, ...saved) : h('div', { class: 'muted', text: 'None yet: “Save…” keeps the current query.' }),
    h('h2', {}, 'History ', recent.length ? clear : undefined),
    recent.length ? h('ul', { class: 'history-list' }, ...recent) : h('div', { class: 'muted', text: 'Queries you run appear here.' }),
  );
}

function loadSpec(spec: QuerySpec): void {
  model = fromSpec(spec, table, model?.limit ?? '');
  renderForm();
}

// ---------------------------------------------------------------------------------------------- results

function setView(v: ResultView): void {
  view = v;
  saveState();
  for (const tab of viewTabs.querySelectorAll<HTMLElement>('[role=tab]')) {
    const on = tab.id === `view-${v}`;
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
    tab.classList.toggle('on', on);
  }
  // The JSON view covers the grid instead of hiding it: the grid keeps its size and scroll position, so its
  // virtualizers stay right, and it is inert (out of the tab order and the accessibility tree) meanwhile.
  grid.element.toggleAttribute('inert', v !== 'grid');
  grid.element.setAttribute('aria-hidden', String(v !== 'grid'));
  jsonView.hidden = v === 'grid';
  if (v !== 'grid') renderJsonView();
}

let jsonQueued = false;
function renderJsonView(): void {
  if (view === 'grid' || jsonQueued) return;
  jsonQueued = true;
  requestAnimationFrame(() => {
    jsonQueued = false;
    const total = grid.selectionSize > 0 ? grid.selectionSize : grid.rowCount;
    const shown = grid.selectionSize > 0 ? grid.selectedRows(JSON_VIEW_ROWS) : grid.viewRows(JSON_VIEW_ROWS);
    const text = shown.length ? rowsCopyText(shown, view === 'dynamodb' ? 'dynamodb' : 'json', table?.keySchema ?? []) : '';
    const note = total > shown.length ? `\n\n// ${fmt(shown.length)} of ${fmt(total)} rows shown; export them all with “Export results…”.` : '';
    jsonView.textContent = text + note;
  });
}

function updateSelectionInfo(): void {
  const n = grid.selectionSize;
  selectionEl.textContent = n ? `${fmt(n)} selected` : '';
  deleteButton.disabled = n === 0 || !!table?.readOnly;
  copyRowsButton.disabled = n === 0;
  if (view !== 'grid' ) renderJsonView();
}

function keyOf(row: WireItem): WireItem | undefined {
  if (!table) return undefined;
  const key: WireItem = {};
  for (const k of table.keySchema) {
    const v = row[k.name];
    if (v === undefined) return undefined;
    Object.defineProperty(key, k.name, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return key;
}

function missingKeyMessage(what: string): string {
  const names = table?.keySchema.map((k) => k.name).join(' and ') ?? 'its key';
  return `${what}: the row lacks the key attribute ${names}. Include the key attributes in “Attributes”, or clear it to return all attributes.`;
}

function openRow(row: WireItem): void {
  const key = keyOf(row);
  if (!key) return notice('error', missingKeyMessage('The item cannot be opened'));
  post({ type: 'openItem', key });
}

function deleteSelected(): void {
  if (table?.readOnly) return notice('error', `The connection ${table.connectionName} is read-only: rows cannot be deleted. Turn read-only off for it in the explorer first.`);
  const rows = grid.selectedRows();
  if (rows.length === 0) return;
  const keys: WireItem[] = [];
  for (const r of rows) {
    const key = keyOf(r);
    if (!key) return notice('error', missingKeyMessage('The rows cannot be deleted'));
    keys.push(key);
  }
  post({ type: 'deleteItems', keys });
}

function copyCell(): void {
  const active = grid.activeCell();
  if (!active) return;
  const value = active.row[active.column];
  if (value === undefined) return notice('info', `This row has no attribute ${active.column}.`);
  post({ type: 'copyText', text: cellCopyText(value, copyFormat), description: `the ${active.column} value` });
}

function copyRows(): void {
  const rows = grid.selectionSize ? grid.selectedRows() : [];
  if (rows.length === 0) return;
  const notation = copyFormat === 'dynamodb' ? 'DynamoDB JSON' : 'JSON';
  if (rows.length > PRETTY_COPY_ROWS) {
    post({ type: 'copyText', text: rowsAsLines(rows, copyFormat), description: `${fmt(rows.length)} rows as ${notation}, one per line` });
  } else {
    post({ type: 'copyText', text: rowsCopyText(rows, copyFormat, table?.keySchema ?? []), description: `${rows.length === 1 ? 'the row' : `${fmt(rows.length)} rows`} as ${notation}` });
  }
}

/** Ctrl+C: the selected rows when several are selected, else the active cell. */
function copyDefault(): void {
  if (grid.selectionSize > 1) copyRows();
  else copyCell();
}

let noticeTimer: ReturnType<typeof setTimeout> | undefined;
function notice(level: 'info' | 'error', message: string): void {
  clearTimeout(noticeTimer);
  noticeEl.className = `notice ${level}`;
  noticeEl.setAttribute('role', level === 'error' ? 'alert' : 'status');
  const close = h('button', { type: 'button', class: 'icon-button', title: 'Dismiss', 'aria-label': 'Dismiss' }, h('span', { class: 'codicon codicon-close', 'aria-hidden': 'true' }));
  close.addEventListener('click', () => noticeEl.replaceChildren());
  noticeEl.replaceChildren(h('span', { class: `codicon codicon-${level === 'error' ? 'error' : 'info'}`, 'aria-hidden': 'true' }), h('span', { text: message }), close);
  if (level === 'info') noticeTimer = setTimeout(() => noticeEl.replaceChildren(), 8000);
}

function setRunning(on: boolean): void {
  running = on;
  progressEl.hidden = !on;
  cancelButton.disabled = !on;
  runButton.disabled = on;
  fetchAllButton.disabled = on;
  nextPageButton.disabled = on || !hasMore;
  fetchRestButton.disabled = on || !hasMore;
}

function onRunState(e: Extract<ViewerEvent, { type: 'runState' }>): void {
  if (e.runId < runId) return;
  runId = e.runId;
  hasMore = e.hasMore;
  const s = e.stats;
  const parts = [`${fmt(s.count)} item${s.count === 1 ? '' : 's'} returned`];
  if (s.scannedCount !== undefined && e.operation.startsWith('Run the PartiQL') === false) parts.push(`${fmt(s.scannedCount)} scanned`);
  parts.push(`${Number(s.consumedCapacity.toFixed(2))} RCU consumed`, `${fmt(s.pages)} page${s.pages === 1 ? '' : 's'}`);
  if (e.segments) parts.push(`${e.segmentsDone ?? 0} of ${e.segments} segments done`);
  // While running, a message is a retry notice (throttling, a slow endpoint).
  if (e.state === 'running' && e.message) parts.push(e.message);
  const lead = e.state === 'running' ? (e.mode === 'page' ? 'Reading a page…' : 'Reading…') : e.state === 'cancelled' ? 'Cancelled.' : e.state === 'failed' ? 'Failed.' : e.limited ? 'Limit reached.' : e.hasMore ? 'More available.' : 'All read.';
  statusEl.replaceChildren(h('strong', { text: lead }), ` ${parts.join(' · ')}`);
  statusEl.dataset.state = e.state;
  setRunning(e.state === 'running');
  if (e.state === 'failed' && e.message) notice('error', e.message);
  if (e.state === 'cancelled' && e.message) notice('info', e.message);
}

// ---------------------------------------------------------------------------------------------- messages

// A page of rows (2,000 items) takes tens of milliseconds to read and check. Messages go through an inbox handled
// strictly in arrival order, in slices of about SLICE_MS between which the browser draws and scrolls. A page is
// split into the text of each item (RowSplitter, a bounded stretch of text per step), then each item is parsed and
// checked on its own, a few dozen at a time, so no step takes long; the grid keeps the items' texts. Rows join the
// grid only once checked: a page joins whole, except that while the screen lacks rows, the rows that fill it join
// first (and draw at once) and the rest of the page joins after. A page with an item that fails the check is
// ignored from that part on; a new run's page that fails before any of it joined leaves the old rows shown.
// A message's data is only deserialized when its turn comes, so a burst of pages costs nothing on arrival; a
// message alone (the usual case) is handled at once. Pages of a run that a newer run's first page in the inbox
// will clear are skipped.
interface InboxEntry {
  event: MessageEvent;
  /** The message once checked against the protocol; null when it does not match. */
  message?: ViewerEvent | null;
  /** A rows message in progress. */
  intake?: RowIntake;
}
interface RowIntake {
  splitter: RowSplitter;
  /** How many of the items passed the check, and how many of those joined the grid. */
  checked: number;
  joined: number;
  /** Rows to join before the rest (those that fill an empty screen), or 0. */
  firstPart: number;
  /** Attribute names of the checked items not yet joined, in order of first use; every name seen so far. */
  names: string[];
  seen: Set<string>;
}
const inbox: InboxEntry[] = [];
let inboxNext = 0;
/** Non-zero while the inbox waits for its next slice (messages arriving meanwhile queue up); names that wait. */
let inboxWaiting = 0;
let waits = 0;
const SLICE_MS = 6;
/** Characters of a page split, and items checked, between looks at the clock. */
const SPLIT_CHARS = 32_768;
const CHECK_BATCH = 50;
/** The longest wait for a frame before reading on (frames stop while the panel is hidden). */
const FRAME_WAIT_MS = 100;
const nextSlice = new MessageChannel();
nextSlice.port1.onmessage = (e: MessageEvent<number>) => {
  if (inboxWaiting !== e.data) return;
  inboxWaiting = 0;
  drainInbox();
};

window.addEventListener('message', (event: MessageEvent) => {
  inbox.push({ event });
  if (!inboxWaiting) drainInbox();
});

function waitForNextSlice(): void {
  const wait = (inboxWaiting = ++waits);
  const go = () => nextSlice.port2.postMessage(wait);
  if (grid.paintPending) {
    // New rows are on their way to the screen: that frame is drawn before the inbox goes on.
    requestAnimationFrame(go);
    setTimeout(go, FRAME_WAIT_MS);
  } else go();
}

/** The entry's message, checked against the protocol once. */
function messageOf(entry: InboxEntry): ViewerEvent | null {
  if (entry.message === undefined) {
    const parsed = ViewerEvent.safeParse(entry.event.data);
    if (!parsed.success) console.warn('Table viewer: ignored a message that does not match the protocol.', parsed.error.issues[0]?.message);
    entry.message = parsed.success ? parsed.data : null;
  }
  return entry.message;
}

function drainInbox(): void {
  const started = performance.now();
  const overBudget = () => performance.now() - started >= SLICE_MS;
  while (inboxNext < inbox.length) {
    const entry = inbox[inboxNext];
    const m = messageOf(entry);
    if (m?.type !== 'rows') {
      inboxNext++;
      if (m) handleMessage(m);
      continue;
    }
    const done = takeRows(entry, m, overBudget);
    if (done) {
      entry.intake = undefined;
      inboxNext++;
    }
    if (!done || overBudget()) {
      waitForNextSlice();
      break;
    }
  }
  if (inboxNext === inbox.length) {
    inbox.length = 0;
    inboxNext = 0;
  }
}

/** Whether a newer run's first page waits in the inbox (it clears the grid, so rows of run `id` need no reading). */
function newerRunQueued(id: number): boolean {
  for (let i = inbox.length - 1; i > inboxNext; i--) {
    const later = messageOf(inbox[i]);
    if (later?.type !== 'rows') continue;
    if (later.runId <= id) return false;
    if (later.reset) return true;
  }
  return false;
}

/**
 * Advances a rows message until `stop` says so or a part of it joins the screen; true when it is finished (added
 * to the grid or ignored).
 */
function takeRows(entry: InboxEntry, m: Extract<ViewerEvent, { type: 'rows' }>, stop: () => boolean): boolean {
  if (m.runId < runId || newerRunQueued(m.runId)) return true;
  const intake = (entry.intake ??= {
    splitter: new RowSplitter(m.itemsJson),
    checked: 0,
    joined: 0,
    firstPart: m.reset || !grid.screenFilled ? grid.rowsToFill(m.reset) : 0,
    names: [],
    seen: new Set(),
  });
  const { splitter, seen } = intake;
  const goal = intake.joined < intake.firstPart ? intake.firstPart : Infinity;
  // The rows that fill an empty screen are few: they are taken in one go.
  if (goal !== Infinity) stop = () => false;
  while (splitter.rows.length < goal && !splitter.step(SPLIT_CHARS, goal)) if (stop()) return false;
  if (splitter.problem !== undefined && splitter.rows.length < goal) return ignoreRows(splitter.problem);
  const rows = splitter.rows;
  const until = Math.min(goal, rows.length);
  while (intake.checked < until) {
    const end = Math.min(until, intake.checked + CHECK_BATCH);
    for (let i = intake.checked; i < end; i++) {
      // The same checks as parseWireItems, one item at a time.
      let item: unknown;
      try {
        item = JSON.parse(rows[i]);
      } catch (err) {
        return ignoreRows(`the rows are not JSON (row ${i}: ${(err as Error).message})`);
      }
      const problem = wireItemProblem(item, `row ${i}`);
      if (problem) return ignoreRows(problem);
      for (const name of Object.keys(item as WireItem)) {
        if (seen.has(name)) continue;
        seen.add(name);
        intake.names.push(name);
      }
    }
    intake.checked = end;
    if (intake.checked < until && stop()) return false;
  }
  runId = m.runId;
  if (m.reset && intake.joined === 0) grid.clear();
  grid.append(intake.joined === 0 && until === rows.length ? rows : rows.slice(intake.joined, until), intake.names);
  intake.joined = until;
  intake.names = [];
  renderJsonView();
  // The first part draws before the rest is read.
  return splitter.done && intake.joined === rows.length;
}

function ignoreRows(problem: string): true {
  console.warn(`Table viewer: ignored rows that are not AttributeValue JSON: ${problem}.`);
  return true;
}

function handleMessage(m: ViewerEvent): void {
  switch (m.type) {
    case 'init': {
      table = m.table;
      titleEl.textContent = table.tableName;
      subtitleEl.textContent = `${table.connectionName} · ${table.region}${table.itemCount !== undefined ? ` · about ${fmt(table.itemCount)} items` : ''}${table.readOnly ? ' · read-only' : ''}`;
      document.title = table.tableName;
      const keyNames = [...table.keySchema.map((k) => k.name)];
      for (const c of table.indexes) for (const k of [c.partitionKey, c.sortKey]) if (k && !keyNames.includes(k.name)) keyNames.push(k.name);
      grid.setKeyNames(keyNames);
      if (!model) model = newBuilderModel(table);
      if (!table.indexes.some((c) => (c.index ?? '') === model!.index)) model.index = '';
      importButton.disabled = table.readOnly;
      history = { type: 'history', history: m.history, saved: m.saved };
      renderForm();
      renderHistory();
      updateSelectionInfo();
      break;
    }
    case 'rows':
      // Taken in by the inbox (takeRows), in steps.
      break;
    case 'runState':
      onRunState(m);
      break;
    case 'problems':
      renderProblems(m.problems);
      break;
    case 'history':
      history = m;
      renderHistory();
      break;
    case 'removed':
      grid.remove(m.keys, table?.keySchema.map((k) => k.name) ?? []);
      renderJsonView();
      break;
    case 'notice':
      notice(m.level, m.message);
      break;
    case 'loadSpec':
      loadSpec(m.spec);
      break;
  }
}

linkStylesheet();
grid.attach();
setView(view);
setRunning(false);
updateSelectionInfo();
post({ type: 'ready' });
void running;
