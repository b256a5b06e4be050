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
import type { QuerySpec, SpecProblem } from '../../model/query/querySpec';
import type { ViewerEvent } from '../../protocol/tableViewer';
import { fmt, h, vscodeButton } from '../shared/dom';
import { fromSpec, newBuilderModel, renderBuilder, showProblems, toSpec } from './builder';
import { ResultGrid } from './grid';
import { renderHistory } from './history';
import { Inbox } from './inbox';
import { notice, noticeEl } from './notice';
import { Results } from './results';
import { RunControls } from './runControls';
import { post, saveState, state } from './state';

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
const runControls = new RunControls(run);

const saveButton = vscodeButton('saveQuery', 'Save…', 'save', () => withSpec((spec) => post({ type: 'saveQuery', spec })), { secondary: true, title: 'Save this query under a name' });
const cliButton = vscodeButton('copyCli', 'AWS CLI', 'terminal', () => withSpec((spec) => post({ type: 'copyCode', target: 'cli', spec })), { secondary: true, title: 'Copy as AWS CLI command' });
const sdkButton = vscodeButton('copySdk', 'SDK v3', 'symbol-method', () => withSpec((spec) => post({ type: 'copyCode', target: 'sdk', spec })), { secondary: true, title: 'Copy as SDK v3 code (JavaScript)' });

app.append(
  h('header', { class: 'viewer-header' }, titleEl, subtitleEl),
  h('div', { class: 'top' },
    h('section', { class: 'builder-panel', 'aria-label': 'Query' },
      builderHost,
      problemsEl,
      h('div', { class: 'toolbar actions' }, ...runControls.buttons, h('span', { class: 'toolbar-gap' }), saveButton, cliButton, sdkButton),
    ),
    historyHost,
  ),
  runControls.statusLine,
  noticeEl,
  results.toolbar,
  results.host,
);

// ---------------------------------------------------------------------------------------------- builder

function renderForm(): void {
  const { table, model } = state;
  if (!table || !model) return;
  const focused = document.activeElement?.id;
  builderHost.replaceChildren(renderBuilder(model, table, { restructure: () => { saveState(); renderForm(); }, changed: saveState }));
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
      const keyNames = [...table.keySchema.map((k) => k.name)];
      for (const c of table.indexes) for (const k of [c.partitionKey, c.sortKey]) if (k && !keyNames.includes(k.name)) keyNames.push(k.name);
      grid.setKeyNames(keyNames);
      const model = (state.model ??= newBuilderModel(table));
      if (!table.indexes.some((c) => (c.index ?? '') === model.index)) model.index = '';
      results.importButton.disabled = table.readOnly;
      state.history = { type: 'history', history: m.history, saved: m.saved };
      renderForm();
      showHistory();
      results.updateSelectionInfo();
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
    case 'removed':
      grid.remove(m.keys, state.table?.keySchema.map((k) => k.name) ?? []);
      results.renderJsonView();
      break;
    case 'notice':
      notice(m.level, m.message);
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

linkStylesheet();
grid.attach();
results.setView(state.view);
runControls.setRunning(false);
results.updateSelectionInfo();
inbox.listen();
post({ type: 'ready' });
