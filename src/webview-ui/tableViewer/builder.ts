// The query builder: a form model that survives hide/show (webview state), its conversion to and from the core's
// QuerySpec, and the form itself (VS Code elements), with each problem shown on the field it is about.
import type { FilterCondition, FilterOperator, QuerySpec, SortKeyOperator, SpecProblem, ValueType } from '../../model/query/querySpec';
import type { TableInfo, ViewerIndexChoice } from '../../protocol/tableViewer';
import { h } from '../shared/dom';

export const SORT_OPERATORS: SortKeyOperator[] = ['=', '<', '<=', '>', '>=', 'BETWEEN', 'begins_with'];
export const FILTER_OPERATORS: FilterOperator[] = ['=', '<>', '<', '<=', '>', '>=', 'BETWEEN', 'IN', 'begins_with', 'contains', 'attribute_exists', 'attribute_not_exists', 'attribute_type'];
const VALUE_TYPES: ValueType[] = ['S', 'N', 'B', 'BOOL', 'NULL'];

export interface FilterRow {
  path: string;
  op: FilterOperator;
  type: ValueType;
  /** Operands; for IN, one per line in `values[0]`. */
  values: string[];
  not: boolean;
  size: boolean;
  /** The person picked the value type; until then it follows the attribute's known type (key schema or rows). */
  typeChosen?: boolean;
}

export interface BuilderModel {
  kind: 'scan' | 'query' | 'partiql';
  /** '' for the table itself. */
  index: string;
  pk: string;
  /** '' for no sort key condition. */
  skOp: SortKeyOperator | '';
  skValue: string;
  skValue2: string;
  filters: FilterRow[];
  filterJoin: 'AND' | 'OR';
  /** Comma-separated attribute paths; commas inside double quotes belong to a name. */
  projection: string;
  descending: boolean;
  pageSize: string;
  consistentRead: boolean;
  segments: string;
  statement: string;
  /** Read until this many matching items ("" for no limit). */
  limit: string;
}

export function newBuilderModel(table: TableInfo | undefined): BuilderModel {
  return {
    kind: 'scan',
    index: '',
    pk: '',
    skOp: '',
    skValue: '',
    skValue2: '',
    filters: [],
    filterJoin: 'AND',
    projection: '',
    descending: false,
    pageSize: '',
    consistentRead: false,
    segments: '',
    statement: table ? `SELECT * FROM "${table.tableName.replace(/"/g, '""')}"` : '',
    limit: '',
  };
}

export const newFilter = (): FilterRow => ({ path: '', op: '=', type: 'S', values: [''], not: false, size: false, typeChosen: false });

export function indexChoice(table: TableInfo, index: string): ViewerIndexChoice | undefined {
  return table.indexes.find((c) => (c.index ?? '') === index);
}

const keyValueType = (type: string | undefined): ValueType => (type === 'N' || type === 'B' ? type : 'S');

/** Splits "a, b.c, \"x,y\"" at commas outside double quotes. */
export function splitPaths(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && quoted && i + 1 < text.length) {
      current += c + text[++i];
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === ',' && !quoted) {
      out.push(current.trim());
      current = '';
    } else current += c;
  }
  out.push(current.trim());
  return out.filter((p) => p.length > 0);
}

const wholeNumber = (text: string): number | undefined => (/^\s*\d+\s*$/.test(text) ? Number(text) : undefined);

function operandsOf(f: FilterRow): string[] {
  if (f.op === 'attribute_exists' || f.op === 'attribute_not_exists') return [];
  if (f.op === 'BETWEEN') return [f.values[0] ?? '', f.values[1] ?? ''];
  if (f.op === 'IN') return (f.values[0] ?? '').split('\n').filter((v, i, all) => v.length > 0 || all.length === 1);
  return [f.values[0] ?? ''];
}

/** The spec the form describes, or the problems that keep it from being one (fields the core cannot check). */
export function toSpec(model: BuilderModel, table: TableInfo): { spec: QuerySpec; problems: SpecProblem[]; limit?: number } {
  const problems: SpecProblem[] = [];
  const pageSize = model.pageSize.trim() ? wholeNumber(model.pageSize) : undefined;
  if (model.pageSize.trim() && !pageSize) problems.push({ field: 'pageSize', message: 'The page size is a whole number of 1 or more, or empty for DynamoDB’s 1 MB pages.' });
  const limit = model.limit.trim() ? wholeNumber(model.limit) : undefined;
  if (model.limit.trim() && !limit) problems.push({ field: 'limit', message: 'The limit is a whole number of 1 or more, or empty to read one page at a time.' });
  if (model.kind === 'partiql') {
    const spec: QuerySpec = { kind: 'partiql', table: table.tableName, filters: [], filterJoin: 'AND', statement: model.statement };
    if (pageSize) spec.pageSize = pageSize;
    if (model.consistentRead) spec.consistentRead = true;
    return { spec, problems, limit };
  }
  const choice = indexChoice(table, model.index);
  const spec: QuerySpec = { kind: model.kind, table: table.tableName, filters: [], filterJoin: model.filterJoin };
  if (model.index) spec.index = model.index;
  if (model.kind === 'query') {
    const pk = choice?.partitionKey;
    if (pk) spec.partitionKey = { name: pk.name, type: keyValueType(pk.type), value: model.pk };
    const sk = choice?.sortKey;
    if (sk && model.skOp) {
      spec.sortKey = { name: sk.name, op: model.skOp, type: keyValueType(sk.type), value: model.skValue };
      if (model.skOp === 'BETWEEN') spec.sortKey.value2 = model.skValue2;
    }
    if (model.descending) spec.scanIndexForward = false;
  } else {
    const segments = model.segments.trim() ? wholeNumber(model.segments) : undefined;
    if (model.segments.trim() && !segments) problems.push({ field: 'segments', message: 'Segments is a whole number of 1 or more, or empty for a plain scan.' });
    if (segments && segments > 1) spec.segments = segments;
  }
  spec.filters = model.filters.map((f): FilterCondition => {
    const condition: FilterCondition = { path: f.path.trim(), op: f.op, values: operandsOf(f) };
    if (f.op !== 'attribute_type' && f.op !== 'attribute_exists' && f.op !== 'attribute_not_exists') condition.type = f.type;
    if (f.size) condition.size = true;
    if (f.not) condition.not = true;
    return condition;
  });
  const projection = splitPaths(model.projection);
  if (projection.length) spec.projection = projection;
  if (pageSize) spec.pageSize = pageSize;
  if (model.consistentRead && (choice?.consistentReadAllowed ?? true)) spec.consistentRead = true;
  return { spec, problems, limit };
}

/** The form model of a spec (from history or saved queries). */
export function fromSpec(spec: QuerySpec, table: TableInfo | undefined, limit = ''): BuilderModel {
  const model = newBuilderModel(table);
  model.kind = spec.kind;
  model.index = spec.index ?? '';
  model.pk = spec.partitionKey?.value ?? '';
  model.skOp = spec.sortKey?.op ?? '';
  model.skValue = spec.sortKey?.value ?? '';
  model.skValue2 = spec.sortKey?.value2 ?? '';
  model.filters = spec.filters.map((f) => ({
    path: f.path,
    op: f.op,
    type: f.type ?? 'S',
    values: f.op === 'IN' ? [f.values.join('\n')] : f.values.length ? [...f.values] : [''],
    not: !!f.not,
    size: !!f.size,
    typeChosen: true,
  }));
  model.filterJoin = spec.filterJoin;
  model.projection = (spec.projection ?? []).join(', ');
  model.descending = spec.scanIndexForward === false;
  model.pageSize = spec.pageSize ? String(spec.pageSize) : '';
  model.consistentRead = !!spec.consistentRead;
  model.segments = spec.segments && spec.segments > 1 ? String(spec.segments) : '';
  if (spec.statement !== undefined) model.statement = spec.statement;
  model.limit = limit;
  return model;
}

// ---------------------------------------------------------------------------------------------- the form

type FieldElement = HTMLElement & { value: string; checked?: boolean; disabled?: boolean; invalid?: boolean };

function textfield(id: string, label: string, value: string, onInput: (v: string) => void, placeholder = ''): FieldElement {
  const el = h('vscode-textfield', { id, placeholder, 'data-field-input': id }) as FieldElement & { label: string };
  // The toolkit names its inner input from the `label` property only (no attribute): without it the placeholder
  // would be the field's accessible name.
  el.label = label;
  el.value = value;
  el.addEventListener('input', () => onInput(el.value));
  return el;
}

function select<T extends string>(id: string, label: string, options: readonly { value: T; label: string }[], value: T, onChange: (v: T) => void): FieldElement {
  const el = h('vscode-single-select', { id, label }) as FieldElement;
  for (const o of options) el.append(h('vscode-option', { value: o.value, selected: o.value === value, text: o.label }));
  el.value = value;
  el.addEventListener('change', () => onChange(el.value as T));
  return el;
}

function checkbox(id: string, label: string, checked: boolean, onChange: (v: boolean) => void, disabled = false): FieldElement {
  const el = h('vscode-checkbox', { id, label, checked, disabled }) as FieldElement;
  el.addEventListener('change', () => onChange(!!el.checked));
  return el;
}

function field(fieldPath: string, label: string, ...controls: HTMLElement[]): HTMLElement {
  return h('div', { class: 'field', 'data-field': fieldPath }, h('span', { class: 'field-label', text: label }), h('div', { class: 'field-controls' }, ...controls));
}

const options = <T extends string>(values: readonly T[]) => values.map((v) => ({ value: v, label: v }));

export interface BuilderCallbacks {
  /** Something changed that alters the form's shape (kind, index, operators, filters added or removed). */
  restructure(): void;
  /** A value changed; the form stays as it is. */
  changed(): void;
  /** The type an attribute path is known to have (the key schema, else the rows read), if any. */
  typeOf(path: string): ValueType | undefined;
}

/** The PartiQL box grows with its statement between these many lines. */
const STATEMENT_MIN_ROWS = 5;
const STATEMENT_MAX_ROWS = 20;
const statementRows = (text: string) => Math.min(STATEMENT_MAX_ROWS, Math.max(STATEMENT_MIN_ROWS, text.split('\n').length + 1));

/** Builds the form for the model; values are written into `model` as the user types. */
export function renderBuilder(model: BuilderModel, table: TableInfo, cb: BuilderCallbacks): HTMLElement {
  const set = <K extends keyof BuilderModel>(key: K, restructure = false) => (v: BuilderModel[K]) => {
    model[key] = v;
    if (restructure) cb.restructure();
    else cb.changed();
  };
  const form = h('div', { class: 'builder', role: 'form', 'aria-label': 'Query builder' });

  const kinds = h('div', { class: 'segmented', role: 'radiogroup', 'aria-label': 'Operation' });
  for (const [kind, label, icon] of [['scan', 'Scan', 'list-flat'], ['query', 'Query', 'search'], ['partiql', 'PartiQL', 'code']] as const) {
    const b = h('button', { class: `segment${model.kind === kind ? ' on' : ''}`, role: 'radio', 'aria-checked': String(model.kind === kind), id: `kind-${kind}`, type: 'button', tabindex: model.kind === kind ? 0 : -1 }, h('span', { class: `codicon codicon-${icon}`, 'aria-hidden': 'true' }), label);
    b.addEventListener('click', () => set('kind', true)(kind));
    b.addEventListener('keydown', (e) => {
      const order = ['scan', 'query', 'partiql'] as const;
      const at = order.indexOf(model.kind);
      if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
        e.preventDefault();
        const next = order[(at + (e.key === 'ArrowRight' ? 1 : 2)) % 3];
        set('kind', true)(next);
        requestAnimationFrame(() => document.getElementById(`kind-${next}`)?.focus());
      }
    });
    kinds.append(b);
  }
  form.append(h('div', { class: 'builder-row' }, kinds));

  if (model.kind === 'partiql') {
    const prefilled = newBuilderModel(table).statement;
    const statement = h('vscode-textarea', {
      id: 'statement',
      rows: statementRows(model.statement),
      resize: 'vertical',
      class: 'statement',
      spellcheck: 'false',
      placeholder: `${prefilled} WHERE …`,
    }) as FieldElement & { rows: number; label: string; wrappedElement?: HTMLTextAreaElement };
    statement.label = 'PartiQL statement';
    statement.value = model.statement;
    statement.addEventListener('input', () => {
      set('statement')(statement.value);
      const rows = statementRows(statement.value);
      if (statement.rows !== rows) statement.rows = rows;
    });
    // The prefilled statement is a suggestion: focusing it selects it, so typing replaces it instead of appending.
    statement.addEventListener('focusin', () => {
      if (statement.value === prefilled) setTimeout(() => statement.wrappedElement?.select(), 0);
    });
    form.append(field('statement', 'Statement', statement));
    form.append(
      h('div', { class: 'builder-row' },
        field('pageSize', 'Page size', textfield('pageSize', 'Page size', model.pageSize, set('pageSize'), '1 MB pages')),
        field('limit', 'Stop after', textfield('limit', 'Stop after this many items', model.limit, set('limit'), 'no limit')),
        field('consistentRead', '', checkbox('consistentRead', 'Consistent read', model.consistentRead, set('consistentRead'))),
      ),
    );
    return form;
  }

  const choice = indexChoice(table, model.index) ?? table.indexes[0];
  const indexOptions = table.indexes.map((c) => ({ value: c.index ?? '', label: c.label }));
  form.append(field('index', 'Index', select('index', 'Table or index', indexOptions, model.index, set('index', true))));

  if (model.kind === 'query') {
    const pk = choice?.partitionKey;
    const sk = choice?.sortKey;
    form.append(field('partitionKey', pk ? `${pk.name} (${pk.type}) =` : 'Partition key', textfield('pk', `Partition key ${pk?.name ?? ''} value`, model.pk, set('pk'), 'partition key value')));
    if (sk) {
      const skControls: HTMLElement[] = [
        select('skOp', `Sort key ${sk.name} condition`, [{ value: '' as const, label: 'any' }, ...options(SORT_OPERATORS)], model.skOp, set('skOp', true)),
      ];
      if (model.skOp) skControls.push(textfield('skValue', `Sort key ${sk.name} value`, model.skValue, set('skValue'), model.skOp === 'BETWEEN' ? 'from' : 'value'));
      if (model.skOp === 'BETWEEN') skControls.push(h('span', { class: 'muted', text: 'and' }), textfield('skValue2', `Sort key ${sk.name} upper bound`, model.skValue2, set('skValue2'), 'to'));
      form.append(field('sortKey', `${sk.name} (${sk.type})`, ...skControls));
    }
  }

  // Filters: any number, on nested paths, joined with AND or OR.
  const filters = h('div', { class: 'filters', role: 'group', 'aria-label': 'Filter conditions' });
  model.filters.forEach((f, i) => {
    const row = h('div', { class: 'filter-row', 'data-field': `filters[${i}]` });
    const setF = <K extends keyof FilterRow>(key: K, restructure = false) => (v: FilterRow[K]) => {
      f[key] = v;
      if (restructure) cb.restructure();
      else cb.changed();
    };
    let typeSelect: FieldElement | undefined;
    const setPath = (path: string) => {
      f.path = path;
      // A number attribute filtered as a string matches nothing: the type follows the attribute until picked.
      const known = f.typeChosen ? undefined : cb.typeOf(path.trim());
      if (known && known !== f.type) {
        f.type = known;
        if (typeSelect) typeSelect.value = known;
      }
      cb.changed();
    };
    row.append(
      checkbox(`filter-${i}-not`, 'NOT', f.not, setF('not')),
      textfield(`filter-${i}-path`, `Filter ${i + 1} attribute path`, f.path, setPath, 'path, e.g. Address.City or Lines[0].Sku'),
      checkbox(`filter-${i}-size`, 'size()', f.size, setF('size')),
      select(`filter-${i}-op`, `Filter ${i + 1} operator`, options(FILTER_OPERATORS), f.op, setF('op', true)),
    );
    const noOperand = f.op === 'attribute_exists' || f.op === 'attribute_not_exists';
    if (!noOperand && f.op !== 'attribute_type' && !f.size) {
      typeSelect = select(`filter-${i}-type`, `Filter ${i + 1} value type`, options(VALUE_TYPES), f.type, (t) => {
        f.typeChosen = true;
        setF('type')(t);
      });
      row.append(typeSelect);
    }
    const setValue = (at: number) => (v: string) => {
      f.values[at] = v;
      cb.changed();
    };
    if (f.op === 'IN') {
      const area = h('vscode-textarea', { id: `filter-${i}-values`, rows: 2, placeholder: 'one value per line' }) as FieldElement & { label: string };
      area.label = `Filter ${i + 1} values, one per line`;
      area.value = f.values[0] ?? '';
      area.addEventListener('input', () => setValue(0)(area.value));
      row.append(area);
    } else if (f.op === 'attribute_type') {
      row.append(select(`filter-${i}-value`, `Filter ${i + 1} type name`, options(['S', 'N', 'B', 'BOOL', 'NULL', 'M', 'L', 'SS', 'NS', 'BS']), (f.values[0] || 'S') as string, setValue(0)));
      if (!f.values[0]) f.values[0] = 'S';
    } else if (!noOperand) {
      row.append(textfield(`filter-${i}-value`, `Filter ${i + 1} value`, f.values[0] ?? '', setValue(0), f.op === 'BETWEEN' ? 'from' : 'value'));
      if (f.op === 'BETWEEN') row.append(h('span', { class: 'muted', text: 'and' }), textfield(`filter-${i}-value2`, `Filter ${i + 1} upper bound`, f.values[1] ?? '', setValue(1), 'to'));
    }
    const remove = h('vscode-button', { icon: 'close', secondary: true, title: `Remove filter ${i + 1}`, 'aria-label': `Remove filter ${i + 1}`, id: `filter-${i}-remove` });
    remove.addEventListener('click', () => {
      model.filters.splice(i, 1);
      cb.restructure();
    });
    row.append(remove);
    filters.append(row);
  });
  const addFilter = h('vscode-button', { icon: 'add', secondary: true, id: 'addFilter', text: 'Add filter' });
  addFilter.addEventListener('click', () => {
    model.filters.push(newFilter());
    cb.restructure();
    requestAnimationFrame(() => (document.querySelector(`#filter-${model.filters.length - 1}-path`) as HTMLElement | null)?.focus());
  });
  const filterHead: HTMLElement[] = [addFilter];
  if (model.filters.length > 1) filterHead.unshift(select('filterJoin', 'Join filters with', options(['AND', 'OR'] as const), model.filterJoin, set('filterJoin')));
  form.append(field('filters', 'Filters', h('div', { class: 'filters-block' }, filters, h('div', { class: 'builder-row' }, ...filterHead))));

  form.append(field('projection', 'Attributes', textfield('projection', 'Attributes to return, separated by commas', model.projection, set('projection'), 'all attributes (or e.g. CustomerId, Address.City)')));

  const options2: HTMLElement[] = [];
  if (model.kind === 'query') options2.push(field('scanIndexForward', 'Order', select('direction', 'Order', [{ value: 'asc', label: 'Ascending' }, { value: 'desc', label: 'Descending' }], model.descending ? 'desc' : 'asc', (v) => set('descending')(v === 'desc'))));
  options2.push(field('pageSize', 'Page size', textfield('pageSize', 'Page size (items per request)', model.pageSize, set('pageSize'), '1 MB pages')));
  options2.push(field('limit', 'Stop after', textfield('limit', 'Stop after this many matching items', model.limit, set('limit'), 'no limit')));
  if (model.kind === 'scan') options2.push(field('segments', 'Segments', textfield('segments', 'Parallel scan segments', model.segments, set('segments'), '1')));
  const consistentAllowed = choice?.consistentReadAllowed ?? true;
  options2.push(
    field('consistentRead', '', checkbox('consistentRead', consistentAllowed ? 'Consistent read' : 'Consistent read (not on a global index)', model.consistentRead && consistentAllowed, set('consistentRead'), !consistentAllowed)),
  );
  form.append(h('div', { class: 'builder-row options' }, ...options2));
  return form;
}

/** Shows problems next to their fields (the closest field whose path is a prefix); returns those with no field. */
export function showProblems(root: HTMLElement, problems: readonly SpecProblem[]): SpecProblem[] {
  for (const old of root.querySelectorAll('.field-problem')) old.remove();
  for (const el of root.querySelectorAll('[invalid]')) el.removeAttribute('invalid');
  const unplaced: SpecProblem[] = [];
  for (const p of problems) {
    let target: HTMLElement | null = null;
    let path = p.field;
    for (;;) {
      target = root.querySelector<HTMLElement>(`[data-field="${CSS.escape(path)}"]`);
      if (target || !path) break;
      const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
      path = cut > 0 ? path.slice(0, cut) : '';
    }
    if (!target) {
      unplaced.push(p);
      continue;
    }
    target.append(h('div', { class: 'field-problem error-text', role: 'alert', text: p.message }));
    for (const input of target.querySelectorAll('vscode-textfield, vscode-textarea, vscode-single-select')) input.setAttribute('invalid', '');
  }
  return unplaced;
}
