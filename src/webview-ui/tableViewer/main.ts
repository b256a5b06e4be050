// The table viewer webview: query builder, PartiQL editor, results (grid, JSON, DynamoDB JSON), history and saved
// queries, and the buttons that ask the extension to copy, open, delete, export, import and copy to a table.
// Every message from the extension is validated before use (inbox.ts); every text from a table goes in with
// textContent. This file lays the parts out and wires them: state.ts holds the state, builder.ts the form,
// runControls.ts running and paging, results.ts the result views and actions, grid*.ts the grid.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { QuerySpec, SpecProblem, ValueType } from '../../model/query/querySpec';
import type { ViewerEvent, WireItem, WireValue } from '../../protocol/tableViewer';
import { fmt, h, vscodeButton } from '../shared/dom';
import { fromSpec, newBuilderModel, renderBuilder, showProblems, toSpec } from './builder';
import { ResultGrid } from './grid';
import { renderHistory } from './history';
import { Inbox } from './inbox';
import { clearNotice, notice, noticeEl } from './notice';
import { OverflowToolbar } from './overflow';
import { Results } from './results';
import { RunControls } from './runControls';
import { WindowBar } from './windowBar';
import { post, saveState, state, type ReadMode } from './state';

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

const grid = new ResultGrid(
  {
    open: (row) => results.openRow(row),
    copy: () => results.copyDefault(),
    delete: () => results.deleteSelected(),
    selectionChanged: () => results.updateSelectionInfo(),
  },
  'Results',
);
const results = new Results(grid, { withSpec, specAsIs });
const windowBar = new WindowBar();
const runControls = new RunControls({
  run,
  ended: (e) => {
    emptyNote(e);
    // A new read that failed before its first page leaves the last read's rows: say whose they are.
    if (e.state === 'failed' && e.stats.pages === 0 && grid.rowCount > 0) runControls.noteOldRows();
  },
});

const saveButton = vscodeButton('saveQuery', 'Save…', 'save', () => withSpec((spec) => post({ type: 'saveQuery', spec })), { secondary: true, title: 'Save this query under a name' });
const cliButton = vscodeButton('copyCli', 'AWS CLI', 'terminal', () => withSpec((spec) => post({ type: 'copyCode', target: 'cli', spec })), { secondary: true, title: 'Copy as AWS CLI command' });
const sdkButton = vscodeButton('copySdk', 'SDK v3', 'symbol-method', () => withSpec((spec) => post({ type: 'copyCode', target: 'sdk', spec })), { secondary: true, title: 'Copy as SDK v3 code (JavaScript)' });

// The Run row sits outside the form's scroll area, so a tall form or a long error never hides it; the form can be
// folded away to give the rows the room.
const actions = new OverflowToolbar('Run', 'run-toolbar', [...runControls.controls, h('span', { class: 'toolbar-gap' }), saveButton, cliButton, sdkButton], [saveButton, cliButton, sdkButton]);
actions.element.classList.add('actions');
const top = h('div', { class: 'top', id: 'query-form' }, h('section', { class: 'builder-panel', 'aria-label': 'Query' }, builderHost, problemsEl), historyHost);
const collapseButton = h('button', { type: 'button', class: 'icon-button collapse', id: 'toggleForm', 'aria-controls': 'query-form' });
collapseButton.addEventListener('click', () => setFormCollapsed(!state.formCollapsed));

function setFormCollapsed(collapsed: boolean): void {
  state.formCollapsed = collapsed;
  top.hidden = collapsed;
  collapseButton.setAttribute('aria-expanded', String(!collapsed));
  const label = collapsed ? 'Show the query form' : 'Hide the query form';
  collapseButton.setAttribute('aria-label', label);
  collapseButton.title = label;
  collapseButton.replaceChildren(h('span', { class: `codicon codicon-chevron-${collapsed ? 'right' : 'down'}`, 'aria-hidden': 'true' }), collapsed ? 'Query form' : '');
  saveState();
}

app.append(
  h('header', { class: 'viewer-header' }, collapseButton, titleEl, subtitleEl),
  top,
  actions.element,
  runControls.statusLine,
  noticeEl,
  results.toolbar.element,
  windowBar.element,
  results.host,
);

// ---------------------------------------------------------------------------------------------- builder

function renderForm(): void {
  const { table, model } = state;
  if (!table || !model) return;
  const focused = document.activeElement?.id;
  builderHost.replaceChildren(
    renderBuilder(model, table, {
      restructure: () => {
        saveState();
        renderForm();
        noteStaleRows();
      },
      changed: saveState,
      typeOf: knownType,
    }),
  );
  renderProblems(state.lastProblems);
  if (focused) (document.getElementById(focused) as HTMLElement | null)?.focus();
  saveState();
}

function renderProblems(problems: SpecProblem[]): void {
  state.lastProblems = problems;
  const unplaced = showProblems(builderHost, problems);
  problemsEl.replaceChildren(...unplaced.map((p) => h('div', { class: 'error-text', text: p.message })));
}

function currentSpec(): { spec: QuerySpec; limit?: number } | undefined {
  const { table, model } = state;
  if (!table || !model) return undefined;
  const { spec, problems, limit } = toSpec(model, table);
  if (problems.length) {
    renderProblems(problems);
    return undefined;
  }
  return { spec, limit };
}

function specAsIs(): QuerySpec | undefined {
  return state.table && state.model ? toSpec(state.model, state.table).spec : undefined;
}

function withSpec(use: (spec: QuerySpec) => void): void {
  const current = currentSpec();
  if (current) use(current.spec);
}

/** The form now asks for another operation or index than the rows shown: they cannot be continued. */
function noteStaleRows(): void {
  const model = state.model;
  const shownRead = state.shownRead;
  if (!model || !shownRead || (shownRead.kind === model.kind && shownRead.index === model.index)) return;
  runControls.formChanged(shownRead.kind === 'partiql' ? 'PartiQL statement' : shownRead.kind === 'query' ? 'Query' : 'Scan');
}

function run(mode: ReadMode): void {
  const current = currentSpec();
  if (!current) return;
  // A new run starts clean: the last run's error and problems no longer apply.
  renderProblems([]);
  clearNotice();
  state.shownRead = { kind: current.spec.kind, index: current.spec.index ?? '' };
  if (mode === 'page' && current.limit !== undefined) post({ type: 'run', spec: current.spec, mode: 'limit', limit: current.limit });
  else post({ type: 'run', spec: current.spec, mode });
}

builderHost.addEventListener('keydown', (e) => {
  // Ctrl+Enter anywhere in the form runs it; Enter does in a one-line field (a key value, a filter value, …).
  const inField = (e.target as HTMLElement).tagName === 'VSCODE-TEXTFIELD';
  if (e.key === 'Enter' && !e.shiftKey && !e.altKey && (e.ctrlKey || e.metaKey || inField)) {
    e.preventDefault();
    run('page');
  }
});

/**
 * The type a filter path is known to have: a key attribute's declared type, else the type of its value in the
 * first rows read (a nested path a.b.c through maps). Undefined when unknown or not a filter value type.
 */
function knownType(path: string): ValueType | undefined {
  const table = state.table;
  if (!table || !path) return undefined;
  const asValueType = (t: string | undefined): ValueType | undefined => (t === 'S' || t === 'N' || t === 'B' || t === 'BOOL' || t === 'NULL' ? t : undefined);
  for (const c of table.indexes) for (const k of [c.partitionKey, c.sortKey]) if (k?.name === path) return asValueType(k.type);
  const parts = path.split('.');
  for (const row of grid.viewRows(SAMPLE_ROWS)) {
    let value: WireValue | undefined;
    let map: WireItem | undefined = row;
    for (const part of parts) {
      value = map && Object.prototype.hasOwnProperty.call(map, part) ? map[part] : undefined;
      map = value && 'M' in value ? value.M : undefined;
    }
    if (value) return asValueType(Object.keys(value)[0]);
  }
  return undefined;
}
/** Rows looked at for an attribute's type. */
const SAMPLE_ROWS = 50;

/** Why the grid has no rows after a read, in the grid itself. */
function emptyNote(e: Extract<ViewerEvent, { type: 'runState' }>): void {
  const s = e.stats;
  if (e.outcome) return grid.setEmptyText(e.outcome);
  if (e.state === 'failed') return grid.setEmptyText('The read failed: see the message above.');
  if (e.state === 'cancelled') return grid.setEmptyText('Cancelled before any item was read.');
  const scanned = s.scannedCount !== undefined ? `0 of ${fmt(s.scannedCount)} scanned matched` : 'No items matched';
  grid.setEmptyText(`${scanned}${e.hasMore ? '; more pages remain (Next page reads on)' : ''}.`);
}

function loadSpec(spec: QuerySpec): void {
  state.model = fromSpec(spec, state.table, state.model?.limit ?? '');
  renderForm();
}

function showHistory(): void {
  if (!state.history) return;
  renderHistory(historyHost, state.history, {
    load: loadSpec,
    runAgain: (spec) => {
      loadSpec(spec);
      run('page');
    },
  });
}

// ---------------------------------------------------------------------------------------------- messages

function handleMessage(m: ViewerEvent): void {
  switch (m.type) {
    case 'init': {
      const table = (state.table = m.table);
      titleEl.textContent = table.tableName;
      subtitleEl.textContent = `${table.connectionName} · ${table.region}${table.itemCount !== undefined ? ` · about ${fmt(table.itemCount)} items` : ''}${table.readOnly ? ' · read-only' : ''}`;
      document.title = table.tableName;
      const keys = [...table.keySchema];
      for (const c of table.indexes) for (const k of [c.partitionKey, c.sortKey]) if (k && !keys.some((known) => known.name === k.name)) keys.push(k);
      grid.setKeys(keys);
      const model = (state.model ??= newBuilderModel(table));
      if (!table.indexes.some((c) => (c.index ?? '') === model.index)) model.index = '';
      // Rows the extension sends again (a reloaded webview) are those of the form as it was kept.
      state.shownRead = { kind: model.kind, index: model.index };
      results.importButton.disabled = table.readOnly;
      state.history = { type: 'history', history: m.history, saved: m.saved };
      renderForm();
      showHistory();
      results.updateSelectionInfo();
      if (m.restore) state.restore = m.restore;
      saveState();
      if (m.firstRead) firstRead();
      break;
    }
    case 'rows':
      // Taken in by the inbox, in steps.
      break;
    case 'runState':
      runControls.onRunState(m);
      break;
    case 'problems':
      renderProblems(m.problems);
      break;
    case 'history':
      state.history = m;
      showHistory();
      break;
    case 'window':
      windowBar.update(m);
      grid.setRowNumberBase(m.start);
      break;
    case 'removed':
      grid.remove(m.keys, state.table?.keySchema.map((k) => k.name) ?? []);
      results.renderJsonView();
      break;
    case 'notice':
      notice(m.level, m.message);
      break;
    case 'loadSpec':
      loadSpec(m.spec);
      break;
  }
}

const inbox = new Inbox(grid, {
  handle: handleMessage,
  get runId() {
    return state.runId;
  },
  set runId(id: number) {
    state.runId = id;
  },
  rowsJoined: () => results.renderJsonView(),
});

/**
 * A new panel shows rows at once, as the AWS console does: the last Scan or Query of this table when there is one,
 * else the form's Scan — one page either way. A PartiQL statement is never run unasked (it may be a write).
 */
function firstRead(): void {
  const last = state.history?.history.find((e) => e.spec.kind !== 'partiql');
  if (last) loadSpec(last.spec);
  else if (state.model?.kind === 'partiql' && state.table) state.model = { ...newBuilderModel(state.table), limit: state.model.limit };
  if (state.model?.kind === 'partiql') return;
  renderForm();
  run('page');
}

linkStylesheet();
setFormCollapsed(state.formCollapsed);
actions.attach();
results.toolbar.attach();
grid.attach();
results.setView(state.view);
runControls.setRunning(false);
results.updateSelectionInfo();
inbox.listen();
post({ type: 'ready' });
