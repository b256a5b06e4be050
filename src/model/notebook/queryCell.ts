// Query and scan cells: a small readable JSON form of the viewer's query spec, parsed with the source range of every
// part so problems show where they are, then turned into a QuerySpec against the table's description.
//
//   {
//     "name": "orders",                          result name for later cells (optional)
//     "table": "CustomerOrders", "index": "ByStatus",
//     "key": { "Status": "SHIPPED", "OrderDate": { "between": ["2024-03-01", "2024-03-31"] } },
//     "filter": { "Total": { ">": 100 }, "Tags": { "contains": "gift" } },
//     "projection": ["OrderId", "Total"], "limit": 20, "direction": "desc", "consistentRead": false,
//     "params": { "status": "SHIPPED" }, "startKey": ":previous.$lastKey",
//     "connection": "Local", "region": "us-east-1"
//   }
//
// Values: a JSON string is S, a number is N (its digits kept exactly), true/false BOOL, null NULL, {"B": base64}
// binary, {"S"|"N": text} an explicit type; a string ":name…" is a variable (see variables.ts).
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import { parseJson, type JsonMember, type JsonNode } from '../items/json';
import { decodeBase64 } from '../items/base64';
import { encodeBase64 } from '../items/base64';
import type { AttributeValue, Item, TextRange } from '../items/types';
import { ZERO_RANGE } from '../items/types';
import {
  ATTRIBUTE_TYPE_NAMES,
  findIndexChoice,
  indexChoices,
  validateQuerySpec,
  type FilterCondition,
  type FilterOperator,
  type QuerySpec,
  type SortKeyOperator,
  type ValueType,
} from '../query/querySpec';
import { parseRef, resolveRef, scopeNames, VARIABLE_NAME, type VariableRef, type VariableScope } from './variables';

export interface CellProblem {
  message: string;
  range: TextRange;
  severity: 'error' | 'warning';
}

export type ValueSource = { kind: 'literal'; value: AttributeValue; range: TextRange } | { kind: 'ref'; ref: VariableRef; range: TextRange };

export interface KeyPart {
  name: string;
  /** '=' for a bare value. */
  op: SortKeyOperator;
  values: ValueSource[];
  range: TextRange;
}

export interface FilterPart {
  path: string;
  op: FilterOperator;
  values: ValueSource[];
  size?: boolean;
  not?: boolean;
  range: TextRange;
}

/** Where a cell runs: each part overrides the notebook's default. */
export interface CellTarget {
  connection?: string;
  region?: string;
  table?: string;
}

export interface QueryCell extends CellTarget {
  name?: string;
  index?: string;
  operation?: 'query' | 'scan';
  key: KeyPart[];
  filters: FilterPart[];
  filterJoin: 'AND' | 'OR';
  projection?: string[];
  /** Matching items to read at most. */
  limit?: number;
  pageSize?: number;
  direction?: 'asc' | 'desc';
  consistentRead?: boolean;
  startKey?: ValueSource;
  params: Map<string, ValueSource>;
  /** Source range of each field, for problems: "table", "index", "key", "filter", "projection", "params.x", … */
  ranges: Map<string, TextRange>;
}

export const QUERY_CELL_FIELDS: Record<string, string> = {
  name: 'Names the result, so later cells can use :name.<attribute>, :name[*].<attribute>, :name.$lastKey',
  table: 'The table (default: the notebook\'s table)',
  index: 'A global or local secondary index of the table',
  operation: '"query" (the default when a key is given) or "scan"',
  key: 'Key condition: { "<partition key>": value, "<sort key>": value or { "<op>": value } }',
  filter: 'Filter: { "<attribute path>": { "<op>": value } }',
  filterJoin: '"and" (default) or "or": how the filter conditions are joined',
  projection: 'Attribute paths to return',
  limit: 'Matching items to read at most (default 1000)',
  pageSize: 'Items DynamoDB evaluates per request (its Limit)',
  direction: '"asc" (default) or "desc": order of a query by sort key',
  consistentRead: 'true for strongly consistent reads (not on a GSI)',
  startKey: 'Where to start: a result\'s :name.$lastKey',
  params: 'Placeholders this cell uses: { "status": "SHIPPED" } is used as ":status"',
  connection: 'Connection name (default: the notebook\'s)',
  region: 'Region (default: the notebook\'s)',
};

export const SORT_KEY_OPS: Record<string, SortKeyOperator> = { '=': '=', '<': '<', '<=': '<=', '>': '>', '>=': '>=', between: 'BETWEEN', begins_with: 'begins_with' };
export const FILTER_OPS: Record<string, FilterOperator> = {
  '=': '=',
  '<>': '<>',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  between: 'BETWEEN',
  in: 'IN',
  begins_with: 'begins_with',
  contains: 'contains',
  attribute_exists: 'attribute_exists',
  attribute_not_exists: 'attribute_not_exists',
  attribute_type: 'attribute_type',
};
/** Filter words that wrap other operators. */
export const FILTER_WRAPPERS = ['size', 'not'] as const;

/** Matching items a cell reads when it sets no limit: enough to look at, never a whole large table by surprise. */
export const DEFAULT_CELL_LIMIT = 1000;

export type QueryCellParse = { ok: true; cell: QueryCell; problems: CellProblem[] } | { ok: false; problems: CellProblem[] };

class Problems {
  readonly list: CellProblem[] = [];
  error(message: string, range: TextRange): void {
    this.list.push({ message, range, severity: 'error' });
  }
  warning(message: string, range: TextRange): void {
    this.list.push({ message, range, severity: 'warning' });
  }
}

const fullRange = (node: JsonNode): TextRange => node.range;

function stringOf(node: JsonNode, field: string, p: Problems): string | undefined {
  if (node.kind === 'string') return node.value;
  p.error(`"${field}" must be a string.`, node.range);
  return undefined;
}

/** A literal or a reference. */
function valueOf(node: JsonNode, field: string, p: Problems): ValueSource | undefined {
  switch (node.kind) {
    case 'string': {
      const ref = node.value.startsWith(':') ? parseRef(node.value) : undefined;
      if (ref) return { kind: 'ref', ref, range: node.range };
      if (node.value.startsWith(':')) {
        p.error(`${field}: "${node.value}" is not a variable reference. Write :name, :name.<attribute>, :name[*].<attribute> or :name.$lastKey; for a string that starts with a colon write {"S": "${node.value}"}.`, node.range);
        return undefined;
      }
      return { kind: 'literal', value: { S: node.value }, range: node.range };
    }
    case 'number':
      return { kind: 'literal', value: { N: node.text }, range: node.range };
    case 'boolean':
      return { kind: 'literal', value: { BOOL: node.value }, range: node.range };
    case 'null':
      return { kind: 'literal', value: { NULL: true }, range: node.range };
    case 'object': {
      if (node.members.length === 1) {
        const [m] = node.members;
        if ((m.key === 'S' || m.key === 'N') && m.value.kind === 'string') return { kind: 'literal', value: m.key === 'S' ? { S: m.value.value } : { N: m.value.value }, range: node.range };
        if (m.key === 'B' && m.value.kind === 'string') {
          const bytes = decodeBase64(m.value.value);
          if (bytes.ok) return { kind: 'literal', value: { B: bytes.bytes }, range: node.range };
          p.error(`${field}: the binary value is not base64 (${bytes.reason}).`, m.value.range);
          return undefined;
        }
      }
      p.error(`${field}: an object here must be a typed value: {"S": "text"}, {"N": "123"} or {"B": "base64"}.`, node.range);
      return undefined;
    }
    case 'array':
      p.error(`${field}: a list is not a single value. Lists are for "between" (two values) and "in".`, node.range);
      return undefined;
  }
}

function valuesOf(node: JsonNode, field: string, p: Problems, list: boolean): ValueSource[] {
  if (list && node.kind === 'array') return node.elements.map((e, i) => valueOf(e, `${field}[${i}]`, p)).filter((v): v is ValueSource => !!v);
  const v = valueOf(node, field, p);
  return v ? [v] : [];
}

function positiveInteger(node: JsonNode, field: string, p: Problems): number | undefined {
  if (node.kind === 'number' && /^[1-9][0-9]{0,8}$/.test(node.text)) return Number(node.text);
  p.error(`"${field}" must be a whole number of 1 or more.`, node.range);
  return undefined;
}

function parseKey(node: JsonNode, p: Problems): KeyPart[] {
  if (node.kind !== 'object') {
    p.error('"key" must be an object: { "<partition key>": value, "<sort key>": { "<op>": value } }.', node.range);
    return [];
  }
  const parts: KeyPart[] = [];
  for (const m of node.members) {
    const field = `key.${m.key}`;
    if (m.value.kind === 'object' && !isTypedValue(m.value)) {
      if (m.value.members.length !== 1) {
        p.error(`${field}: write one condition, e.g. { "begins_with": "ORD#" }; the operators are ${Object.keys(SORT_KEY_OPS).join(', ')}.`, m.value.range);
        continue;
      }
      const [cond] = m.value.members;
      const op = SORT_KEY_OPS[cond.key];
      if (!op) {
        p.error(`${field}: unknown key condition "${cond.key}". Use one of ${Object.keys(SORT_KEY_OPS).join(', ')}.`, cond.keyRange);
        continue;
      }
      const values = valuesOf(cond.value, `${field}.${cond.key}`, p, op === 'BETWEEN');
      if (op === 'BETWEEN' && values.length !== 2) p.error(`${field}: between needs two values, [low, high].`, cond.value.range);
      parts.push({ name: m.key, op, values, range: spanOf(m) });
    } else {
      const values = valuesOf(m.value, field, p, false);
      parts.push({ name: m.key, op: '=', values, range: spanOf(m) });
    }
  }
  return parts;
}

function isTypedValue(node: JsonNode): boolean {
  return node.kind === 'object' && node.members.length === 1 && ['S', 'N', 'B'].includes(node.members[0].key) && node.members[0].value.kind === 'string';
}

const spanOf = (m: JsonMember): TextRange => ({ start: m.keyRange.start, end: m.value.range.end });

function parseFilterConditions(path: string, node: JsonNode, p: Problems, wrap: { size?: boolean; not?: boolean }, range: TextRange, out: FilterPart[]): void {
  const field = `filter.${path}`;
  if (node.kind !== 'object' || isTypedValue(node)) {
    // A bare value means equality.
    const values = valuesOf(node, field, p, false);
    out.push({ path, op: '=', values, ...wrap, range });
    return;
  }
  if (node.members.length === 0) p.error(`${field}: write a condition, e.g. { ">": 100 }.`, node.range);
  for (const cond of node.members) {
    if (cond.key === 'size' || cond.key === 'not') {
      if ((cond.key === 'size' && wrap.size) || (cond.key === 'not' && wrap.not)) {
        p.error(`${field}: "${cond.key}" appears twice.`, cond.keyRange);
        continue;
      }
      parseFilterConditions(path, cond.value, p, { ...wrap, [cond.key]: true }, spanOf(cond), out);
      continue;
    }
    const op = FILTER_OPS[cond.key];
    if (!op) {
      p.error(`${field}: unknown operator "${cond.key}". Use one of ${[...Object.keys(FILTER_OPS), ...FILTER_WRAPPERS].join(', ')}.`, cond.keyRange);
      continue;
    }
    if (op === 'attribute_exists' || op === 'attribute_not_exists') {
      if (!(cond.value.kind === 'boolean' && cond.value.value)) p.error(`${field}: write { "${cond.key}": true }.`, cond.value.range);
      out.push({ path, op, values: [], ...wrap, range: spanOf(cond) });
      continue;
    }
    const values = valuesOf(cond.value, `${field}.${cond.key}`, p, op === 'BETWEEN' || op === 'IN');
    out.push({ path, op, values, ...wrap, range: spanOf(cond) });
  }
}

function parseFilter(node: JsonNode, p: Problems): FilterPart[] {
  if (node.kind !== 'object') {
    p.error('"filter" must be an object: { "<attribute path>": { "<op>": value } }.', node.range);
    return [];
  }
  const out: FilterPart[] = [];
  for (const m of node.members) parseFilterConditions(m.key, m.value, p, {}, spanOf(m), out);
  return out;
}

/** Parses a query cell's text. Syntax errors and misspelt fields are problems with their place; nothing throws. */
export function parseQueryCell(text: string): QueryCellParse {
  const parsed = parseJson(text.trim().length === 0 ? '{}' : text);
  if (!parsed.ok) return { ok: false, problems: parsed.problems.map((x) => ({ message: x.message, range: x.range, severity: 'error' as const })) };
  const root = parsed.value;
  const p = new Problems();
  if (root.kind !== 'object') {
    p.error('A query cell is one JSON object, e.g. { "table": "Orders", "key": { "CustomerId": "C1" } }.', root.range);
    return { ok: false, problems: p.list };
  }
  const cell: QueryCell = { key: [], filters: [], filterJoin: 'AND', params: new Map(), ranges: new Map() };
  for (const m of root.members) {
    cell.ranges.set(m.key, spanOf(m));
    const v = m.value;
    switch (m.key) {
      case 'name': {
        const name = stringOf(v, 'name', p);
        if (name !== undefined && !VARIABLE_NAME.test(name)) p.error(`"name" must be letters, digits and _ (not starting with a digit), to be used as :${name}.x.`, v.range);
        else cell.name = name;
        break;
      }
      case 'table':
      case 'index':
      case 'connection':
      case 'region':
        cell[m.key] = stringOf(v, m.key, p);
        break;
      case 'operation': {
        const op = stringOf(v, 'operation', p)?.toLowerCase();
        if (op === 'query' || op === 'scan') cell.operation = op;
        else if (op !== undefined) p.error('"operation" is "query" or "scan".', v.range);
        break;
      }
      case 'key':
        cell.key = parseKey(v, p);
        break;
      case 'filter':
        cell.filters = parseFilter(v, p);
        break;
      case 'filterJoin': {
        const join = stringOf(v, 'filterJoin', p)?.toUpperCase();
        if (join === 'AND' || join === 'OR') cell.filterJoin = join;
        else if (join !== undefined) p.error('"filterJoin" is "and" or "or".', v.range);
        break;
      }
      case 'projection':
        if (v.kind === 'array' && v.elements.every((e) => e.kind === 'string')) cell.projection = v.elements.map((e) => (e as { value: string }).value);
        else p.error('"projection" is a list of attribute paths, e.g. ["OrderId", "Total"].', v.range);
        break;
      case 'limit':
        cell.limit = positiveInteger(v, 'limit', p);
        break;
      case 'pageSize':
        cell.pageSize = positiveInteger(v, 'pageSize', p);
        break;
      case 'direction': {
        const d = stringOf(v, 'direction', p)?.toLowerCase();
        if (d === 'asc' || d === 'desc') cell.direction = d;
        else if (d !== undefined) p.error('"direction" is "asc" or "desc".', v.range);
        break;
      }
      case 'consistentRead':
        if (v.kind === 'boolean') cell.consistentRead = v.value;
        else p.error('"consistentRead" is true or false.', v.range);
        break;
      case 'startKey':
        if (v.kind === 'string' && parseRef(v.value)) cell.startKey = { kind: 'ref', ref: parseRef(v.value)!, range: v.range };
        else p.error('"startKey" is a reference to where an earlier result stopped, e.g. ":orders.$lastKey".', v.range);
        break;
      case 'params':
        if (v.kind !== 'object') {
          p.error('"params" is an object of placeholder names and values: { "status": "SHIPPED" }, used as ":status".', v.range);
          break;
        }
        for (const param of v.members) {
          const name = param.key.replace(/^:/, '');
          if (!VARIABLE_NAME.test(name)) {
            p.error(`The placeholder name "${param.key}" must be letters, digits and _ (not starting with a digit).`, param.keyRange);
            continue;
          }
          const value = valueOf(param.value, `params.${name}`, p);
          if (value?.kind === 'ref') p.error(`params.${name}: a placeholder holds a value, not another reference.`, param.value.range);
          else if (value) {
            cell.params.set(name, value);
            cell.ranges.set(`params.${name}`, spanOf(param));
          }
        }
        break;
      default: {
        const near = Object.keys(QUERY_CELL_FIELDS).find((f) => f.toLowerCase() === m.key.toLowerCase());
        p.error(`Unknown field "${m.key}".${near ? ` Did you mean "${near}"?` : ` The fields are ${Object.keys(QUERY_CELL_FIELDS).join(', ')}.`}`, m.keyRange);
      }
    }
  }
  if (cell.operation === 'query' && cell.key.length === 0) p.error('A query needs "key" with the partition key value. Add it, or write "operation": "scan".', fullRange(root));
  if (cell.operation === 'scan' && cell.key.length > 0) p.error('A scan takes no "key". Remove it, or write "operation": "query".', cell.ranges.get('key') ?? fullRange(root));
  return { ok: true, cell, problems: p.list };
}

// ---------------------------------------------------------------------------------------------- to a QuerySpec

/** The references a cell uses, with where they are. */
export function cellRefs(cell: QueryCell): { ref: VariableRef; range: TextRange }[] {
  const refs: { ref: VariableRef; range: TextRange }[] = [];
  const add = (v: ValueSource | undefined) => {
    if (v?.kind === 'ref') refs.push({ ref: v.ref, range: v.range });
  };
  for (const k of cell.key) k.values.forEach(add);
  for (const f of cell.filters) f.values.forEach(add);
  add(cell.startKey);
  return refs;
}

/**
 * Placeholder problems that need no run: a reference to a name that is neither declared in "params" nor the result
 * of a cell above, and a declared placeholder the cell never uses.
 */
export function checkPlaceholders(cell: QueryCell, namesAbove: readonly string[]): CellProblem[] {
  const problems: CellProblem[] = [];
  const known = new Set([...cell.params.keys(), ...namesAbove]);
  const used = new Set<string>();
  for (const { ref, range } of cellRefs(cell)) {
    used.add(ref.name);
    if (!known.has(ref.name)) {
      problems.push({
        message: `${ref.text}: "${ref.name}" is not declared. Add it to "params" (e.g. "params": { "${ref.name}": "value" }), or name the result of a cell above "${ref.name}".`,
        range,
        severity: 'error',
      });
    } else if (cell.params.has(ref.name) && (ref.member || ref.all)) {
      problems.push({ message: `${ref.text}: ":${ref.name}" is a placeholder holding one value; use it as ":${ref.name}".`, range, severity: 'error' });
    }
  }
  for (const name of cell.params.keys()) {
    if (!used.has(name)) problems.push({ message: `The placeholder ":${name}" is declared but not used. Use it as a value (":${name}") or remove it.`, range: cell.ranges.get(`params.${name}`) ?? ZERO_RANGE, severity: 'warning' });
  }
  return problems;
}

function typedText(v: AttributeValue): { value: string; type: ValueType } | undefined {
  if (v.S !== undefined) return { value: v.S, type: 'S' };
  if (v.N !== undefined) return { value: v.N, type: 'N' };
  if (v.B !== undefined) return { value: encodeBase64(v.B), type: 'B' };
  if (v.BOOL !== undefined) return { value: String(v.BOOL), type: 'BOOL' };
  if (v.NULL !== undefined) return { value: '', type: 'NULL' };
  return undefined;
}

export interface CellRun {
  spec: QuerySpec;
  /** Where to start (from :name.$lastKey). */
  startKey?: Item;
  /** Matching items to read at most. */
  limit: number;
}

export type CellSpecResult = { ok: true; run: CellRun } | { ok: false; problems: CellProblem[] };

/**
 * The spec a parsed cell runs, with its references resolved against what the cells above left, checked against the
 * table's description. Any problem means nothing is sent.
 */
export function toQuerySpec(cell: QueryCell, tableName: string, table: TableDescription, scope: VariableScope): CellSpecResult {
  const p = new Problems();
  const paramScope: VariableScope = { results: scope.results, params: new Map([...scope.params]) };
  for (const [name, v] of cell.params) if (v.kind === 'literal') (paramScope.params as Map<string, AttributeValue>).set(name, v.value);

  const resolveOne = (v: ValueSource, field: string): { value: string; type: ValueType } | undefined => {
    let av: AttributeValue;
    if (v.kind === 'literal') av = v.value;
    else {
      const r = resolveRef(v.ref, paramScope);
      if (!r.ok) return void p.error(r.message, v.range);
      if (r.kind !== 'value') return void p.error(`${field}: ${v.ref.text} is ${r.kind === 'list' ? 'a list of values; use it with "in"' : 'a key; use it as "startKey"'}.`, v.range);
      av = r.value;
    }
    const typed = typedText(av);
    if (!typed) p.error(`${field}: a ${Object.keys(av)[0]} value cannot be compared here; use a string, number, binary, boolean or null.`, v.range);
    return typed;
  };
  const resolveMany = (values: ValueSource[], field: string, list: boolean) => {
    const out: { value: string; type: ValueType }[] = [];
    for (const v of values) {
      if (list && v.kind === 'ref' && v.ref.all) {
        const r = resolveRef(v.ref, paramScope);
        if (!r.ok) p.error(r.message, v.range);
        else if (r.kind === 'list') for (const x of r.values) {
          const t = typedText(x);
          if (t) out.push(t);
        }
        continue;
      }
      const t = resolveOne(v, field);
      if (t) out.push(t);
    }
    return out;
  };

  const choice = findIndexChoice(table, cell.index);
  const spec: QuerySpec = { kind: cell.operation ?? (cell.key.length > 0 ? 'query' : 'scan'), table: tableName, filters: [], filterJoin: cell.filterJoin };
  if (cell.index) spec.index = cell.index;
  if (!choice) {
    p.error(`The table ${tableName} has no index named ${cell.index}. Its indexes: ${indexChoices(table).filter((c) => c.index).map((c) => c.index).join(', ') || 'none'}.`, cell.ranges.get('index') ?? ZERO_RANGE);
    return { ok: false, problems: p.list };
  }
  const where = cell.index ? `index ${cell.index}` : `table ${tableName}`;
  for (const part of cell.key) {
    const field = `key.${part.name}`;
    if (part.name === choice.partitionKey?.name) {
      if (part.op !== '=') p.error(`${field}: the partition key takes one value (equality), not ${part.op}.`, part.range);
      const [v] = resolveMany(part.values, field, false);
      if (v) spec.partitionKey = { name: part.name, ...v };
    } else if (part.name === choice.sortKey?.name) {
      const vs = resolveMany(part.values, field, false);
      if (vs.length > 0) spec.sortKey = { name: part.name, op: part.op, type: vs[0].type, value: vs[0].value, value2: vs[1]?.value };
    } else {
      const keys = [choice.partitionKey, choice.sortKey].filter((k) => !!k).map((k) => `${k!.name} (${k!.type})`).join(', ');
      p.error(`${field}: ${part.name} is not a key of the ${where}, whose keys are ${keys}. Put the condition in "filter", or query an index keyed on ${part.name}.`, part.range);
    }
  }
  if (spec.kind === 'query' && !spec.partitionKey && choice.partitionKey && !p.list.length) {
    p.error(`The query needs the partition key of the ${where}: "key": { "${choice.partitionKey.name}": value }.`, cell.ranges.get('key') ?? ZERO_RANGE);
  }
  for (const f of cell.filters) {
    const field = `filter.${f.path}`;
    const values = resolveMany(f.values, field, f.op === 'IN');
    const filter: FilterCondition = { path: f.path, op: f.op, values: values.map((v) => v.value), type: values[0]?.type ?? 'S' };
    if (f.op === 'attribute_type') {
      filter.values = values.map((v) => v.value);
      if (values[0] && !(ATTRIBUTE_TYPE_NAMES as readonly string[]).includes(values[0].value)) {
        p.error(`${field}: "${values[0].value}" is not a DynamoDB type; use one of ${ATTRIBUTE_TYPE_NAMES.join(', ')}.`, f.range);
      }
    }
    if (values.some((v) => v.type !== filter.type)) p.error(`${field}: the values of one condition must all have the same type.`, f.range);
    if (f.size) filter.size = true;
    if (f.not) filter.not = true;
    spec.filters.push(filter);
  }
  if (cell.projection?.length) spec.projection = cell.projection;
  const limit = cell.limit ?? DEFAULT_CELL_LIMIT;
  if (cell.pageSize !== undefined) spec.pageSize = cell.pageSize;
  // Without a filter every item DynamoDB evaluates is returned, so asking for the limit reads (and is billed for)
  // no more than the cell keeps; with a filter, pages stay DynamoDB's 1 MB unless the cell says otherwise.
  else if (spec.filters.length === 0) spec.pageSize = limit;
  if (cell.direction === 'desc') spec.scanIndexForward = false;
  if (cell.consistentRead) spec.consistentRead = true;

  let startKey: Item | undefined;
  if (cell.startKey?.kind === 'ref') {
    const r = resolveRef(cell.startKey.ref, paramScope);
    if (!r.ok) p.error(r.message, cell.startKey.range);
    else if (r.kind !== 'key') p.error(`"startKey": ${cell.startKey.ref.text} is not a key; use :name.$lastKey.`, cell.startKey.range);
    else startKey = r.key;
  }
  if (p.list.length > 0) return { ok: false, problems: p.list };

  // What the viewer's own check finds, placed on the part of the cell it is about.
  const specProblems = validateQuerySpec(spec, table);
  if (specProblems.length > 0) {
    return { ok: false, problems: specProblems.map((sp) => ({ message: sp.message, range: rangeOfSpecField(cell, sp.field), severity: 'error' as const })) };
  }
  return { ok: true, run: { spec, startKey, limit } };
}

function rangeOfSpecField(cell: QueryCell, field: string): TextRange {
  const filter = /^filters\[(\d+)\]/.exec(field);
  if (filter) return cell.filters[Number(filter[1])]?.range ?? cell.ranges.get('filter') ?? ZERO_RANGE;
  const first = field.split(/[.[]/)[0];
  const byField: Record<string, string> = { partitionKey: 'key', sortKey: 'key', segments: 'operation', scanIndexForward: 'direction', kind: 'operation' };
  return cell.ranges.get(byField[first] ?? first) ?? ZERO_RANGE;
}

export { scopeNames };
