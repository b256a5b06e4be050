// The notebook renderer of cell results (an ES module VS Code loads into the notebook's output webview). It checks
// each result with the protocol's schema, then draws the summary (operation, items returned vs scanned, pages,
// consumed capacity by table and index, the on-demand cost estimate), the request sent, and the rows: numbers as
// their exact text, sets as sets, binary as base64. A click on a row asks the extension to open the item.
// All text goes through textContent (h()), never markup.
import { NotebookResult, type NotebookRendererMessage } from '../../protocol/notebookOutput';
import type { WireItem } from '../../protocol/tableViewer';
import { h, fmt } from '../shared/dom';
import { previewValue, typeOf } from '../tableViewer/values';

/** The part of VS Code's renderer API this renderer uses (vscode-notebook-renderer). */
interface OutputItem {
  json(): unknown;
}
interface RendererContext {
  postMessage?(message: unknown): void;
}

/** Columns shown at most; the rest are named in a note. */
const MAX_COLUMNS = 40;

const STYLE = `
.ddb-result { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); }
.ddb-summary { margin: 2px 0 6px; }
.ddb-summary span + span::before { content: " · "; opacity: 0.6; }
.ddb-note { margin: 2px 0; color: var(--vscode-descriptionForeground); }
.ddb-error { color: var(--vscode-errorForeground); }
.ddb-request pre { margin: 4px 0; padding: 6px; background: var(--vscode-textCodeBlock-background); overflow: auto; max-height: 240px; font-family: var(--vscode-editor-font-family); }
.ddb-grid { border-collapse: collapse; margin-top: 6px; font-family: var(--vscode-editor-font-family); font-size: 12px; }
.ddb-grid th, .ddb-grid td { border: 1px solid var(--vscode-panel-border, #8884); padding: 2px 6px; text-align: left; vertical-align: top; white-space: nowrap; max-width: 420px; overflow: hidden; text-overflow: ellipsis; }
.ddb-grid th { background: var(--vscode-editorWidget-background); position: sticky; top: 0; }
.ddb-grid th.key { color: var(--vscode-symbolIcon-keyForeground, var(--vscode-foreground)); }
.ddb-grid tbody tr.openable { cursor: pointer; }
.ddb-grid tbody tr:hover { background: var(--vscode-list-hoverBackground); }
.ddb-type { opacity: 0.6; font-size: 10px; margin-left: 4px; }
.ddb-scroll { max-height: 480px; overflow: auto; }
`;

function columnsOf(items: WireItem[], keyNames: string[]): string[] {
  const seen = new Set<string>(keyNames.filter((k) => items.some((i) => k in i)));
  for (const item of items) for (const name of Object.keys(item)) seen.add(name);
  return [...seen];
}

function capacityText(r: NotebookResult): string {
  const c = r.capacity;
  if (!c.reported) return 'consumed capacity not reported';
  const units = Number(c.total.toFixed(4));
  const parts = Object.entries(c.byTarget).map(([target, u]) => `${target} ${Number(u.toFixed(4))}`);
  const kind = c.read || c.write ? `${Number(c.read.toFixed(4))} RCU, ${Number(c.write.toFixed(4))} WCU` : `${units} ${r.isWrite ? 'WCU' : 'RCU'}`;
  return `${kind} consumed${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

function render(result: NotebookResult, element: HTMLElement, ctx: RendererContext): void {
  const root = h('div', { class: 'ddb-result' });
  const style = document.createElement('style');
  style.textContent = STYLE;
  root.append(style);
  const where = `${result.location.connectionName} · ${result.location.region}${result.location.tableName ? ` · ${result.location.tableName}` : ''}`;
  const summary = h(
    'div',
    { class: 'ddb-summary', 'data-testid': 'summary' },
    h('span', { text: `${result.operation}${result.name ? ` → :${result.name}` : ''}` }),
    h('span', { text: where }),
    h('span', { text: `${fmt(result.count)} item${result.count === 1 ? '' : 's'} returned` }),
    result.scannedCount !== undefined ? h('span', { text: `${fmt(result.scannedCount)} scanned` }) : undefined,
    h('span', { text: `${fmt(result.pages)} page${result.pages === 1 ? '' : 's'}` }),
    h('span', { 'data-testid': 'capacity', text: capacityText(result) }),
    'text' in result.cost
      ? h('span', { 'data-testid': 'cost', title: result.cost.basis, text: `≈ ${result.cost.text} on-demand (estimate)` })
      : h('span', { 'data-testid': 'cost', title: result.cost.reason, text: 'no cost estimate for this region' }),
  );
  root.append(summary);
  for (const note of result.notes) root.append(h('div', { class: 'ddb-note', text: note }));
  root.append(h('details', { class: 'ddb-request' }, h('summary', { text: 'Request sent' }), h('pre', { text: result.request })));

  if (result.items.length === 0) {
    root.append(h('div', { class: 'ddb-note', text: result.isWrite ? 'The statement returned no items.' : 'No items.' }));
    element.replaceChildren(root);
    return;
  }
  const all = columnsOf(result.items, result.keyNames);
  const columns = all.slice(0, MAX_COLUMNS);
  if (all.length > columns.length) root.append(h('div', { class: 'ddb-note', text: `${all.length - columns.length} more attributes are not shown as columns; open an item to see them all.` }));
  const keyNames = new Set(result.keyNames);
  const canOpen = !!result.location.tableName && result.keyNames.length > 0 && !!ctx.postMessage;
  const head = h('tr', {}, ...columns.map((c) => h('th', { class: keyNames.has(c) ? 'key' : undefined, text: c })));
  const body = h('tbody');
  result.items.forEach((item, row) => {
    const key: WireItem = {};
    for (const k of result.keyNames) if (item[k]) key[k] = item[k];
    const openable = canOpen && Object.keys(key).length === result.keyNames.length;
    const tr = h('tr', { class: openable ? 'openable' : undefined, 'data-row': row, title: openable ? 'Click to open the item as a document' : undefined });
    for (const c of columns) {
      const v = item[c];
      tr.append(v ? h('td', { title: previewValue(v) }, previewValue(v), h('span', { class: 'ddb-type', text: typeOf(v) })) : h('td'));
    }
    if (openable) {
      tr.addEventListener('click', () => {
        const message: NotebookRendererMessage = { type: 'openItem', connectionId: result.location.connectionId, region: result.location.region, tableName: result.location.tableName!, key };
        ctx.postMessage!(message);
      });
    }
    body.append(tr);
  });
  root.append(h('div', { class: 'ddb-scroll' }, h('table', { class: 'ddb-grid', 'data-testid': 'grid' }, h('thead', {}, head), body)));
  element.replaceChildren(root);
}

export function activate(ctx: RendererContext) {
  return {
    renderOutputItem(outputItem: OutputItem, element: HTMLElement): void {
      const parsed = NotebookResult.safeParse(outputItem.json());
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        element.replaceChildren(h('div', { class: 'ddb-error', text: `This output is not a DynamoDB result this version can show (${issue?.path.join('.') || 'result'}: ${issue?.message ?? 'invalid'}). Run the cell again.` }));
        return;
      }
      render(parsed.data, element, ctx);
    },
  };
}
