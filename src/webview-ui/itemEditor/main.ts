// The item form: attributes as rows with a type selector (S, N, B, BOOL, NULL, M, L, SS, NS, BS), nested maps and
// lists, add/remove/rename, problems shown at their rows while typing. Every change is sent to the extension as
// the whole item in DynamoDB JSON; the extension puts it into the item document, so form and JSON never diverge.
import type { ItemEditorProblem, ItemEditorToHost, ItemEditorToWebview } from '../../protocol/messages';
import { h, linkStylesheet } from '../shared/dom';
import { convertFormValue as convert, formEntriesFromWire, formEntriesToText, FORM_TYPES, type FormEntry, type FormType, type FormValue } from '../../model/items/formValues';

declare function acquireVsCodeApi(): { postMessage(m: ItemEditorToHost): void; getState(): unknown; setState(s: unknown): void };
const vscode = acquireVsCodeApi();
/** The item document's URI, kept in the state for the panel serializer (a window reload brings the form back). */
let documentUri = ((vscode.getState() ?? {}) as { documentUri?: string }).documentUri;

const TYPES = FORM_TYPES;
type Type = FormType;
type Value = FormValue;
type Entry = FormEntry;

let entries: Entry[] = [];
let keyNames = new Set<string>();
let ttlAttribute: string | undefined;
let readOnly = false;
let problems: ItemEditorProblem[] = [];
let title = '';
let status: { message: string; kind: 'info' | 'error' } | undefined;

function itemText(): string {
  return formEntriesToText(entries);
}

// ---- rendering ---------------------------------------------------------------------------------------------------

const pathKey = (path: (string | number)[]) => JSON.stringify(path);

function changed(rerender = false): void {
  // "Saved." no longer describes the form once it changes again.
  if (status?.kind === 'info') {
    status = undefined;
    const line = document.getElementById('status');
    if (line) line.textContent = readOnly ? 'Read-only connection' : '';
  }
  vscode.setState({ text: itemText(), title, documentUri });
  vscode.postMessage({ type: 'edit', text: itemText() });
  if (rerender) render();
}

function problemFor(path: (string | number)[]): ItemEditorProblem | undefined {
  const key = pathKey(path);
  return problems.find((p) => pathKey(p.path) === key);
}

function ttlHint(name: string, v: Value): string {
  if (name !== ttlAttribute || v.type !== 'N' || !/^\d{1,12}$/.test(v.text)) return '';
  return ` ⏱ ${new Date(Number(v.text) * 1000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}`;
}

function typeSelect(v: Value, onChange: (t: Type) => void, disabled: boolean): HTMLSelectElement {
  const select = h('select', { class: 'type', disabled, title: 'Attribute type' });
  for (const t of TYPES) select.append(h('option', { value: t, text: t, selected: t === v.type }));
  select.addEventListener('change', () => onChange(select.value as Type));
  return select;
}

/** The editor of one value; `replace` swaps the value (type change), `path` locates problems. */
function valueEditor(v: Value, path: (string | number)[], replace: (nv: Value) => void, name: string): HTMLElement {
  const box = h('div', { class: `value value-${v.type}` });
  switch (v.type) {
    case 'S':
    case 'N':
    case 'B': {
      const input = h('input', { value: v.text, disabled: readOnly, placeholder: v.type === 'N' ? 'number' : v.type === 'B' ? 'base64' : 'text' });
      input.dataset.path = pathKey(path);
      const hint = h('span', { class: 'muted ttl', text: ttlHint(name, v) });
      input.addEventListener('input', () => {
        v.text = input.value;
        hint.textContent = ttlHint(name, v);
        changed();
      });
      box.append(input, hint);
      break;
    }
    case 'BOOL': {
      const input = h('input', { type: 'checkbox', checked: v.on, disabled: readOnly });
      input.addEventListener('change', () => {
        v.on = input.checked;
        changed();
      });
      box.append(h('label', {}, input, ' true'));
      break;
    }
    case 'NULL':
      box.append(h('span', { class: 'muted', text: 'null' }));
      break;
    case 'M':
      box.append(entriesEditor(v.entries, path));
      break;
    case 'L': {
      v.items.forEach((item, i) => {
        const row = h('div', { class: 'row' });
        row.append(
          h('span', { class: 'index muted', text: `[${i}]` }),
          typeSelect(item, (t) => {
            v.items[i] = convert(item, t);
            changed(true);
          }, readOnly),
          valueEditor(item, [...path, i], (nv) => (v.items[i] = nv), ''),
          removeButton(() => v.items.splice(i, 1)),
        );
        box.append(row, problemLine([...path, i]));
      });
      box.append(addButton('Add element', () => v.items.push({ type: 'S', text: '' })));
      break;
    }
    default: {
      const set = v;
      set.members.forEach((member, i) => {
        const input = h('input', { value: member, disabled: readOnly, class: 'member' });
        input.dataset.path = pathKey([...path, i]);
        input.addEventListener('input', () => {
          set.members[i] = input.value;
          changed();
        });
        box.append(h('div', { class: 'row' }, input, removeButton(() => set.members.splice(i, 1))), problemLine([...path, i]));
      });
      box.append(addButton('Add member', () => set.members.push('')));
    }
  }
  void replace;
  return box;
}

function removeButton(remove: () => void): HTMLButtonElement {
  const b = h('button', { class: 'icon codicon codicon-close', title: 'Remove', disabled: readOnly });
  b.setAttribute('aria-label', 'Remove');
  b.addEventListener('click', () => {
    remove();
    changed(true);
  });
  return b;
}

function addButton(label: string, add: () => void): HTMLButtonElement {
  const b = h('button', { class: 'add', text: `+ ${label}`, disabled: readOnly });
  b.addEventListener('click', () => {
    add();
    changed(true);
  });
  return b;
}

function problemLine(path: (string | number)[]): HTMLElement {
  const line = h('div', { class: 'problem' });
  line.dataset.problem = pathKey(path);
  showProblem(line);
  return line;
}

function showProblem(line: HTMLElement): void {
  const p = problemFor(JSON.parse(line.dataset.problem ?? '[]') as (string | number)[]);
  line.className = p ? `problem ${p.severity}` : 'problem';
  line.textContent = p?.message ?? '';
}

function entriesEditor(list: Entry[], path: (string | number)[]): HTMLElement {
  const box = h('div', { class: 'entries' });
  const top = path.length === 0;
  list.forEach((entry, i) => {
    const isKey = top && keyNames.has(entry.name);
    const name = h('input', { value: entry.name, class: 'name', disabled: readOnly, title: isKey ? `Key attribute: ${entry.name}` : entry.name });
    name.dataset.name = entry.name;
    name.addEventListener('change', () => {
      if (list.some((other) => other !== entry && other.name === name.value)) {
        status = { kind: 'error', message: `"${name.value}" is already an attribute here; the name stays "${entry.name}". Remove or rename the other one first.` };
        name.value = entry.name;
        render();
        return;
      }
      entry.name = name.value;
      changed(true);
    });
    const row = h('div', { class: `row${isKey ? ' key' : ''}` });
    row.append(
      name,
      typeSelect(entry.value, (t) => {
        entry.value = convert(entry.value, t);
        changed(true);
      }, readOnly),
      valueEditor(entry.value, [...path, entry.name], (nv) => (entry.value = nv), top ? entry.name : ''),
      removeButton(() => list.splice(i, 1)),
    );
    box.append(row, problemLine([...path, entry.name]));
  });
  box.append(
    addButton(top ? 'Add attribute' : 'Add entry', () => {
      let n = list.length + 1;
      while (list.some((e) => e.name === `attribute${n}`)) n++;
      list.push({ name: `attribute${n}`, value: { type: 'S', text: '' } });
    }),
  );
  return box;
}

function render(): void {
  const root = document.getElementById('app')!;
  const focusedPath = (document.activeElement as HTMLElement | null)?.dataset?.path;
  const general = problems.filter((p) => p.path.length === 0);
  root.replaceChildren(
    h(
      'div',
      { class: 'toolbar' },
      h('strong', { text: title }),
      (() => {
        const b = h('button', { class: 'primary', text: 'Save', disabled: readOnly, title: 'Save the item (the same safe save as the document)' });
        b.addEventListener('click', () => vscode.postMessage({ type: 'save' }));
        return b;
      })(),
      (() => {
        const b = h('button', { text: 'Show JSON', title: 'The same item as a JSON document; edits in either view appear in the other' });
        b.addEventListener('click', () => vscode.postMessage({ type: 'showJson' }));
        return b;
      })(),
      h('span', { id: 'status', class: status?.kind === 'error' ? 'error-text' : 'muted', text: status?.message ?? (readOnly ? 'Read-only connection' : '') }),
    ),
    h('div', { id: 'general-problems' }, ...general.map((p) => h('div', { class: `problem ${p.severity}`, text: p.message }))),
    entriesEditor(entries, []),
  );
  if (focusedPath) (root.querySelector(`[data-path='${CSS.escape(focusedPath)}']`) as HTMLElement | null)?.focus();
}

function injectStyle(): void {
  const nonce = document.getElementById('app')?.dataset.nonce;
  const style = document.createElement('style');
  if (nonce) style.nonce = nonce;
  // The controls' look (inputs, dropdowns, buttons in the workbench's theme colours) is media/controls.css, shared
  // with the Create Table form. Direct-child selectors keep nested maps laid out alike.
  style.textContent = `
.toolbar { position: sticky; top: 0; z-index: 1; background: var(--vscode-editor-background); }
.toolbar strong { margin-right: 6px; }
.entries { display: flex; flex-direction: column; gap: 4px; }
.value > .entries, .value-L, .value-SS, .value-NS, .value-BS { display: flex; flex-direction: column; gap: 4px; padding-left: 8px; border-left: 1px solid var(--vscode-tree-indentGuidesStroke); }
.row { display: flex; gap: 6px; align-items: flex-start; min-width: 0; }
.row.key > .name { font-weight: 600; }
.row > .name { flex: 0 0 14em; width: 14em; }
.value .row > .name { flex-basis: 10em; width: 10em; }
.row > select.type { flex: 0 0 6.5em; }
.row > .value { flex: 1 1 auto; min-width: 0; }
.row > .member { flex: 1 1 auto; min-width: 0; }
.row > .index { flex: 0 0 2.5em; line-height: 26px; text-align: right; }
.value-S, .value-N, .value-B { display: flex; align-items: center; gap: 6px; }
.value-S > input, .value-N > input, .value-B > input { flex: 1 1 auto; min-width: 0; }
.value-NULL, .value-BOOL { display: flex; align-items: center; height: 26px; }
.value-BOOL label { display: flex; align-items: center; gap: 4px; }
.ttl { flex: 0 0 auto; font-size: 0.92em; white-space: nowrap; }
.ttl:empty { display: none; }`;
  document.head.append(style);
}

window.addEventListener('message', (event: MessageEvent<ItemEditorToWebview>) => {
  const message = event.data;
  switch (message.type) {
    case 'load': {
      title = message.title;
      documentUri = message.documentUri ?? documentUri;
      keyNames = new Set(message.keySchema.map((k) => k.name));
      ttlAttribute = message.ttlAttribute;
      readOnly = message.readOnly;
      if (!message.unreadable) {
        const wire = JSON.parse(message.text) as Record<string, Record<string, unknown>>;
        entries = formEntriesFromWire(wire);
      }
      status = message.unreadable ? { kind: 'error', message: 'The JSON document has problems; fix them there (Show JSON).' } : undefined;
      vscode.setState({ text: itemText(), title, documentUri });
      render();
      return;
    }
    case 'problems': {
      problems = message.problems;
      // Only the problem lines change, so the field being typed in keeps its caret.
      document.querySelectorAll<HTMLElement>('.problem[data-problem]').forEach(showProblem);
      const general = document.getElementById('general-problems');
      general?.replaceChildren(...problems.filter((p) => p.path.length === 0).map((p) => h('div', { class: `problem ${p.severity}`, text: p.message })));
      return;
    }
    case 'status':
      status = { message: message.message, kind: message.kind };
      render();
      return;
  }
});

linkStylesheet('controls.css');
injectStyle();
render();
vscode.postMessage({ type: 'ready' });
