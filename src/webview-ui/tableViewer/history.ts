// History and saved queries beside the builder: load one into the form, run it again, delete a saved one.
import type { QuerySpec } from '../../model/query/querySpec';
import type { ViewerEvent } from '../../protocol/tableViewer';
import { h, icon } from '../shared/dom';
import { post } from './state';

export interface HistoryActions {
  load(spec: QuerySpec): void;
  runAgain(spec: QuerySpec): void;
}

/** One line of a spec, as the history shows it. */
export function describeSpec(spec: QuerySpec): string {
  if (spec.kind === 'partiql') return (spec.statement ?? '').slice(0, 120);
  const sk = spec.sortKey;
  return [
    spec.kind === 'query' ? 'Query' : 'Scan',
    spec.index ? `on ${spec.index}` : '',
    spec.partitionKey ? `${spec.partitionKey.name} = ${spec.partitionKey.value}` : '',
    sk ? `${sk.name} ${sk.op} ${sk.value}${sk.op === 'BETWEEN' ? ` and ${sk.value2 ?? ''}` : ''}` : '',
    spec.filters.length ? `${spec.filters.length} filter${spec.filters.length > 1 ? 's' : ''}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

export function renderHistory(host: HTMLElement, history: Extract<ViewerEvent, { type: 'history' }>, actions: HistoryActions): void {
  const entry = (spec: QuerySpec, title: string, detail: string, extra?: HTMLElement) => {
    const load = h('button', { type: 'button', class: 'link', title: 'Load into the builder', text: title });
    load.addEventListener('click', () => actions.load(spec));
    const runIt = h('button', { type: 'button', class: 'icon-button', title: 'Run again', 'aria-label': `Run ${title} again` }, icon('play'));
    runIt.addEventListener('click', () => actions.runAgain(spec));
    return h('li', {}, runIt, h('div', { class: 'entry' }, load, h('div', { class: 'muted', text: detail })), extra);
  };
  const saved = history.saved.map((q) => {
    const del = h('button', { type: 'button', class: 'icon-button', title: `Delete saved query ${q.name}`, 'aria-label': `Delete saved query ${q.name}` }, icon('trash'));
    del.addEventListener('click', () => post({ type: 'deleteSavedQuery', name: q.name }));
    return entry(q.spec, q.name, describeSpec(q.spec), del);
  });
  const recent = history.history.map((e) => entry(e.spec, describeSpec(e.spec) || 'Scan', `${new Date(e.ranAt).toLocaleString()}${e.summary ? ` · ${e.summary}` : ''}`));
  const clear = h('button', { type: 'button', class: 'link', text: 'Clear history' });
  clear.addEventListener('click', () => post({ type: 'clearHistory' }));
  host.replaceChildren(
    h('h2', { text: 'Saved queries' }),
    saved.length ? h('ul', { class: 'history-list' }, ...saved) : h('div', { class: 'muted', text: 'None yet: “Save…” keeps the current query.' }),
    h('h2', {}, 'History ', recent.length ? clear : undefined),
    recent.length ? h('ul', { class: 'history-list' }, ...recent) : h('div', { class: 'muted', text: 'Queries you run appear here.' }),
  );
}
