// The Create Table form: table name, partition and sort key, billing, global and local secondary indexes, stream and
// time to live, with the `aws dynamodb create-table …` line it will run shown live underneath. Every field is checked
// while typing by the same model code the extension runs again before it sends anything. Enter submits; every
// control has a label. Messages from the extension are validated with zod before use.
import { CreateTableToWebview, type CreateTableToHost } from '../../protocol/createTable';
import { parseMessage } from '../../protocol/messages';
import {
  checkCreateTableForm,
  emptyCreateTableForm,
  emptyGlobalIndexForm,
  emptyLocalIndexForm,
  type CreateTableForm,
  type FormCheck,
  type KeyFieldForm,
  type ProjectionType,
} from '../../model/table/createTableForm';
import { STREAM_VIEW_TYPES, TABLE_CLASSES, type CliTarget, type ScalarAttributeType } from '../../model/table/createTableSpec';
import { h, icon, linkStylesheet } from '../shared/dom';

interface SavedState {
  connectionId?: string;
  region?: string;
  form?: CreateTableForm;
}

declare function acquireVsCodeApi(): { postMessage(m: CreateTableToHost): void; getState(): unknown; setState(s: SavedState): void };
const vscode = acquireVsCodeApi();
const saved = (vscode.getState() ?? {}) as SavedState;

let form: CreateTableForm = saved.form ?? emptyCreateTableForm();
let context: { existingTables: string[]; location: string; target: CliTarget; connectionId?: string; region?: string } = {
  existingTables: [],
  location: '',
  target: {},
  connectionId: saved.connectionId,
  region: saved.region,
};
let check: FormCheck = checkCreateTableForm(form, context);
/** Problem slots the person has typed in; the others show their problems only after a Create attempt. */
const touched = new Set<string>();
let showAll = false;
let busy = false;

const TYPE_LABELS: Record<ScalarAttributeType, string> = { S: 'S (string)', N: 'N (number)', B: 'B (binary)' };
const PROJECTIONS: { value: ProjectionType; label: string }[] = [
  { value: 'ALL', label: 'ALL attributes' },
  { value: 'KEYS_ONLY', label: 'KEYS_ONLY' },
  { value: 'INCLUDE', label: 'INCLUDE (keys and named attributes)' },
];

let idCounter = 0;
const nextId = (prefix: string) => `${prefix}-${++idCounter}`;

// ---- state and checks --------------------------------------------------------------------------------------------

function persist(): void {
  vscode.setState({ connectionId: context.connectionId, region: context.region, form });
}

/** The slot a problem's field is shown in: the field itself or the nearest enclosing one that has a slot. */
function slotOf(field: string): string {
  let f = field;
  for (;;) {
    if (document.querySelector(`[data-slot="${CSS.escape(f)}"]`)) return f;
    const cut = Math.max(f.lastIndexOf('.'), f.lastIndexOf('['));
    if (cut <= 0) return 'general';
    f = f.slice(0, cut);
  }
}

function changed(slot: string): void {
  touched.add(slot);
  // A refusal or failure no longer describes the form once it changes.
  if (statusEl.classList.contains('error-text')) setStatus('info', '');
  persist();
  refresh();
}

/** Problems, field states and the CLI line, from the form as it is now (the DOM of the fields is not rebuilt). */
function refresh(): void {
  check = checkCreateTableForm(form, context);
  if (!document.getElementById('cli-line')) return; // before the first init
  const bySlot = new Map<string, string[]>();
  for (const p of check.problems) {
    const slot = slotOf(p.field);
    if (!showAll && !touched.has(slot)) continue;
    bySlot.set(slot, [...(bySlot.get(slot) ?? []), p.message]);
  }
  document.querySelectorAll<HTMLElement>('[data-slot]').forEach((el) => {
    const messages = bySlot.get(el.dataset.slot ?? '') ?? [];
    el.replaceChildren(...messages.map((m) => h('div', { text: m })));
    el.className = messages.length ? 'problem error' : 'problem';
  });
  document.querySelectorAll<HTMLElement>('[data-field]').forEach((el) => {
    const field = el.dataset.field ?? '';
    const invalid = check.problems.some((p) => (p.field === field || p.field.startsWith(`${field}.`)) && (showAll || touched.has(slotOf(p.field))));
    if (invalid) el.setAttribute('aria-invalid', 'true');
    else el.removeAttribute('aria-invalid');
  });
  const cli = document.getElementById('cli-line')!;
  const copy = document.getElementById('copy-cli') as HTMLButtonElement;
  if (check.cliLine) {
    cli.textContent = check.cliLine;
    cli.classList.remove('muted');
    copy.disabled = busy;
  } else {
    const n = check.problems.length;
    cli.textContent = `The command appears here once the form is complete (${n} ${n === 1 ? 'field needs' : 'fields need'} attention).`;
    cli.classList.add('muted');
    copy.disabled = true;
  }
  const submit = document.getElementById('create') as HTMLButtonElement;
  submit.disabled = busy;
  (document.getElementById('fields') as HTMLFieldSetElement).disabled = busy;
  document.getElementById('billing-capacity')!.hidden = form.billing !== 'PROVISIONED';
}

// ---- controls ------------------------------------------------------------------------------------------------------

/** A labelled text input bound to a getter and setter; `field` is the spec field its problems belong to. */
function textInput(label: string, field: string, get: () => string, set: (v: string) => void, opts: { placeholder?: string; slot?: string; inputmode?: string; width?: string } = {}): HTMLElement {
  const id = nextId('in');
  const input = h('input', { id, type: 'text', value: get(), placeholder: opts.placeholder, spellcheck: 'false', autocomplete: 'off', inputmode: opts.inputmode });
  input.dataset.field = field;
  input.setAttribute('aria-describedby', `problem-${opts.slot ?? field}`);
  input.addEventListener('input', () => {
    set(input.value);
    changed(opts.slot ?? field);
  });
  return h('div', { class: 'control', style: opts.width ? `width: ${opts.width}` : undefined }, h('label', { for: id, text: label }), input);
}

function select<T extends string>(label: string, field: string, options: { value: T; label: string }[], get: () => T, set: (v: T) => void, slot: string, after?: () => void): HTMLElement {
  const id = nextId('sel');
  const el = h('select', { id });
  el.dataset.field = field;
  el.setAttribute('aria-describedby', `problem-${slot}`);
  for (const o of options) el.append(h('option', { value: o.value, text: o.label, selected: o.value === get() }));
  el.addEventListener('change', () => {
    set(el.value as T);
    after?.();
    changed(slot);
  });
  return h('div', { class: 'control' }, h('label', { for: id, text: label }), el);
}

function keyControls(what: string, field: string, k: KeyFieldForm, slot: string, placeholder: string): HTMLElement[] {
  return [
    textInput(`${what} name`, `${field}.name`, () => k.name, (v) => (k.name = v), { placeholder, slot }),
    select(`${what} type`, `${field}.type`, (['S', 'N', 'B'] as const).map((t) => ({ value: t, label: TYPE_LABELS[t] })), () => k.type, (v) => (k.type = v), slot),
  ];
}

function checkbox(label: string, field: string, get: () => boolean, set: (v: boolean) => void): HTMLElement {
  const id = nextId('chk');
  const input = h('input', { id, type: 'checkbox', checked: get() });
  input.dataset.field = field;
  input.addEventListener('change', () => {
    set(input.checked);
    changed(field);
  });
  return h('div', { class: 'radio' }, input, h('label', { for: id, text: label }));
}

function problemSlot(slot: string): HTMLElement {
  const el = h('div', { class: 'problem', id: `problem-${slot}`, 'aria-live': 'polite' });
  el.dataset.slot = slot;
  return el;
}

function section(title: string, id: string, ...children: (Node | false | undefined)[]): HTMLElement {
  return h('section', { 'aria-labelledby': id }, h('h2', { id, text: title }), ...children);
}

function projectionControls(field: string, index: { projection: ProjectionType; include: string }, slot: string): HTMLElement[] {
  const include = textInput('Included attributes (comma-separated)', `${field}.projection.nonKeyAttributes`, () => index.include, (v) => (index.include = v), { placeholder: 'total, status', slot });
  include.hidden = index.projection !== 'INCLUDE';
  return [
    select('Projection', `${field}.projection`, PROJECTIONS, () => index.projection, (v) => (index.projection = v), slot, () => {
      include.hidden = index.projection !== 'INCLUDE';
    }),
    include,
  ];
}

function removeButton(label: string, remove: () => void): HTMLButtonElement {
  const b = h('button', { type: 'button', class: 'icon', title: label, 'aria-label': label }, icon('trash'));
  b.addEventListener('click', () => {
    remove();
    renderIndexes();
    persist();
    refresh();
  });
  return b;
}

function addButton(id: string, label: string, add: () => void): HTMLButtonElement {
  const b = h('button', { type: 'button', class: 'add', id, text: `+ ${label}` });
  b.addEventListener('click', () => {
    add();
    renderIndexes();
    persist();
    refresh();
    // Focus the new row's first field, so the keyboard goes on where the row appeared.
    const rows = document.querySelectorAll<HTMLElement>(id === 'add-gsi' ? '.index-row.gsi' : '.index-row.lsi');
    rows[rows.length - 1]?.querySelector('input')?.focus();
  });
  return b;
}

const indexesHost = h('div', { class: 'indexes' });

/** One index row: a labelled group of its fields, its remove button, and its problems. */
function indexRow(kind: 'gsi' | 'lsi', i: number, field: string, list: unknown[], name: { get: () => string; set: (v: string) => void; placeholder: string }, controls: HTMLElement[]): HTMLElement {
  const what = kind === 'gsi' ? 'global' : 'local';
  return h(
    'div',
    { class: `index-row ${kind}`, role: 'group', 'aria-label': `${kind === 'gsi' ? 'Global' : 'Local'} secondary index ${i + 1}` },
    h('div', { class: 'index-kind', text: `${kind.toUpperCase()} ${i + 1}` }),
    h(
      'div',
      { class: 'fields' },
      textInput('Index name', `${field}.name`, name.get, name.set, { placeholder: name.placeholder, slot: field }),
      ...controls,
      removeButton(`Remove ${what} index ${i + 1}`, () => list.splice(i, 1)),
    ),
    problemSlot(field),
  );
}

function renderIndexes(): void {
  const rows: HTMLElement[] = [
    ...form.globalIndexes.map((g, i) => {
      const field = `globalIndexes[${i}]`;
      return indexRow('gsi', i, field, form.globalIndexes, { get: () => g.name, set: (v) => (g.name = v), placeholder: 'ByStatus' }, [
        ...keyControls('Partition key', `${field}.partitionKey`, g.partitionKey, field, 'status'),
        ...keyControls('Sort key (optional)', `${field}.sortKey`, g.sortKey, field, 'empty: no sort key'),
        ...projectionControls(field, g, field),
      ]);
    }),
    ...form.localIndexes.map((l, i) => {
      const field = `localIndexes[${i}]`;
      return indexRow('lsi', i, field, form.localIndexes, { get: () => l.name, set: (v) => (l.name = v), placeholder: 'ByCreatedAt' }, [
        ...keyControls('Sort key', `${field}.sortKey`, l.sortKey, field, 'createdAt'),
        ...projectionControls(field, l, field),
      ]);
    }),
  ];
  if (rows.length === 0) rows.push(h('p', { class: 'muted', text: 'No secondary indexes. Indexes can also be added later with Update Table.' }));
  indexesHost.replaceChildren(...rows);
}

// ---- layout --------------------------------------------------------------------------------------------------------

const titleEl = h('h1', { text: 'Create table' });
const banner = h('div', { class: 'banner', role: 'note', hidden: true });
const statusEl = h('div', { id: 'status', role: 'status', 'aria-live': 'polite' });

function billingRadios(): HTMLElement {
  const radio = (value: CreateTableForm['billing'], label: string, hint: string) => {
    const id = `billing-${value}`;
    const input = h('input', { type: 'radio', name: 'billing', id, value, checked: form.billing === value });
    input.dataset.field = 'billing.mode';
    input.addEventListener('change', () => {
      if (!input.checked) return;
      form.billing = value;
      changed('billing');
    });
    return h('div', { class: 'radio' }, input, h('label', { for: id, text: label }), h('span', { class: 'muted', text: hint }));
  };
  return h(
    'div',
    { role: 'radiogroup', 'aria-labelledby': 'billing-title' },
    radio('PAY_PER_REQUEST', 'On-demand', 'pay per request; no capacity to plan'),
    radio('PROVISIONED', 'Provisioned', 'fixed read and write capacity units per second'),
    h(
      'div',
      { id: 'billing-capacity', class: 'fields' },
      textInput('Read capacity units', 'billing.readCapacityUnits', () => form.readCapacity, (v) => (form.readCapacity = v), { slot: 'billing', inputmode: 'numeric', width: '11em' }),
      textInput('Write capacity units', 'billing.writeCapacityUnits', () => form.writeCapacity, (v) => (form.writeCapacity = v), { slot: 'billing', inputmode: 'numeric', width: '11em' }),
      h('span', { class: 'muted hint', text: 'Global indexes get the same capacity.' }),
    ),
  );
}

function build(): void {
  idCounter = 0;
  const formEl = h('form', { id: 'create-table-form', 'aria-labelledby': 'form-title', novalidate: true });
  titleEl.id = 'form-title';
  const copy = h('button', { type: 'button', id: 'copy-cli', title: 'Copy the command to the clipboard' }, icon('copy'), ' Copy');
  copy.addEventListener('click', () => vscode.postMessage({ type: 'copyCli', form }));
  const cancel = h('button', { type: 'button', id: 'cancel', text: 'Cancel' });
  cancel.addEventListener('click', () => vscode.postMessage({ type: 'close' }));
  renderIndexes();
  const fields = h(
    'fieldset',
    { id: 'fields' },
    h('legend', { class: 'visually-hidden', text: 'Table settings' }),
    section(
      'Table',
      'table-title',
      h('div', { class: 'fields' }, textInput('Table name', 'tableName', () => form.tableName, (v) => (form.tableName = v), { placeholder: '3 to 255 of a-z A-Z 0-9 _ - .', width: '26em' })),
      problemSlot('tableName'),
    ),
    section(
      'Primary key',
      'key-title',
      h('div', { class: 'fields' }, ...keyControls('Partition key', 'partitionKey', form.partitionKey, 'partitionKey', 'e.g. customerId')),
      problemSlot('partitionKey'),
      h('div', { class: 'fields' }, ...keyControls('Sort key (optional)', 'sortKey', form.sortKey, 'sortKey', 'empty: no sort key')),
      problemSlot('sortKey'),
    ),
    section('Capacity', 'billing-title', billingRadios(), problemSlot('billing')),
    section(
      'Secondary indexes',
      'indexes-title',
      indexesHost,
      problemSlot('globalIndexes'),
      problemSlot('localIndexes'),
      h('div', { class: 'fields' }, addButton('add-gsi', 'Add global index', () => form.globalIndexes.push(emptyGlobalIndexForm())), addButton('add-lsi', 'Add local index', () => form.localIndexes.push(emptyLocalIndexForm()))),
    ),
    section(
      'Stream and time to live',
      'more-title',
      h(
        'div',
        { class: 'fields' },
        select(
          'Stream',
          'stream',
          [{ value: '' as const, label: 'Off' }, ...STREAM_VIEW_TYPES.map((t) => ({ value: t, label: t }))],
          () => form.stream,
          (v) => (form.stream = v),
          'stream',
        ),
        textInput('Time-to-live attribute (optional)', 'timeToLiveAttribute', () => form.timeToLiveAttribute, (v) => (form.timeToLiveAttribute = v), { placeholder: 'empty: no time to live', width: '18em' }),
      ),
      problemSlot('stream'),
      problemSlot('timeToLiveAttribute'),
    ),
    section(
      'Protection, class and tags',
      'extra-title',
      h(
        'div',
        { class: 'fields' },
        checkbox('Deletion protection', 'deletionProtection', () => form.deletionProtection, (v) => (form.deletionProtection = v)),
        select(
          'Table class',
          'tableClass',
          TABLE_CLASSES.map((c) => ({ value: c, label: c })),
          () => form.tableClass,
          (v) => (form.tableClass = v),
          'tableClass',
        ),
        textInput('Tags (key=value, comma-separated)', 'tags', () => form.tags, (v) => (form.tags = v), { placeholder: 'empty: no tags', width: '24em' }),
      ),
      problemSlot('tableClass'),
      problemSlot('tags'),
    ),
  );
  formEl.append(
    fields,
    section('AWS CLI', 'cli-title', h('div', { class: 'cli' }, h('pre', { id: 'cli-line', tabindex: '0', 'aria-labelledby': 'cli-title' }), copy)),
    problemSlot('general'),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'create', text: 'Create table' }), cancel, statusEl),
  );
  formEl.addEventListener('submit', (e) => {
    e.preventDefault();
    submit();
  });
  document.getElementById('app')!.replaceChildren(h('header', {}, titleEl, banner), formEl);
}

function submit(): void {
  if (busy) return;
  showAll = true;
  refresh();
  if (check.problems.length) {
    setStatus('error', `Not created: ${check.problems.length === 1 ? 'one field needs' : `${check.problems.length} fields need`} attention (shown in red).`);
    const first = document.querySelector<HTMLElement>('[aria-invalid="true"]');
    first?.focus();
    return;
  }
  vscode.postMessage({ type: 'create', form });
}

function setStatus(kind: 'busy' | 'error' | 'done' | 'info', message: string): void {
  statusEl.className = kind === 'error' ? 'error-text' : kind === 'done' ? 'done' : 'muted';
  statusEl.replaceChildren(...(kind === 'busy' ? [icon('loading codicon-modifier-spin'), ' '] : []), message);
}

// ---- messages ------------------------------------------------------------------------------------------------------

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const parsed = parseMessage(CreateTableToWebview, event.data);
  if (!parsed.ok) {
    setStatus('error', parsed.error);
    return;
  }
  const message = parsed.message;
  switch (message.type) {
    case 'init': {
      context = { existingTables: message.existingTables, location: message.location, target: message.target, connectionId: message.connectionId, region: message.region };
      if (message.form) form = message.form;
      titleEl.textContent = `Create table in ${message.location}`;
      banner.hidden = message.mode === 'normal';
      banner.textContent =
        message.mode === 'readOnly'
          ? `${message.connectionName} is read-only: the form shows the command, but Create will be refused.`
          : message.mode === 'confirmWrites'
            ? `${message.connectionName} confirms every write: Create shows the request and asks before it is sent.`
            : '';
      build();
      persist();
      refresh();
      document.querySelector<HTMLInputElement>('input[data-field="tableName"]')?.focus();
      return;
    }
    case 'tables':
      context = { ...context, existingTables: message.existingTables };
      refresh();
      return;
    case 'status': {
      busy = message.kind === 'busy';
      setStatus(message.kind, message.message);
      if (message.field) {
        touched.add(slotOf(message.field));
      }
      refresh();
      if (message.kind === 'error') document.getElementById('create')?.focus();
      return;
    }
  }
});

linkStylesheet('controls.css');
linkStylesheet('createTable.css');
vscode.postMessage({ type: 'ready' });
