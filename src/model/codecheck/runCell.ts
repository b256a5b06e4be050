// The cell of a Run plan (see runPlan.ts) once the asked values are known, and the reading of a typed answer. Kept
// apart from the planning so the command that asks and opens the notebook does not load the expression parser.
import type { AttributeValue } from '../items/types';
import { decodeBase64, encodeBase64 } from '../items/base64';
import { parseJson } from '../items/json';
import { valueProblem, type FilterCondition, type FilterOperator, type QuerySpec, type SortKeyOperator, type ValueType } from '../query/querySpec';
import { specToCell } from '../notebook/accessPatterns';
import { parseQueryCell } from '../notebook/queryCell';
import type { NotebookCellData } from '../notebook/notebookFile';

/** A value of the request: written in the code, or to be asked when the code computes it. */
export type Operand = { literal: AttributeValue } | { ask: string };

export interface AskedValue {
  /** The placeholder as the code names it: `:c`, `Key.ProjectID`, `?1`. */
  name: string;
  /** The attribute path it is compared with, when there is one (for the prompt, and a key's type). */
  attribute?: string;
}

export interface KeyTemplate {
  name: string;
  op: SortKeyOperator;
  values: Operand[];
}

export interface FilterTemplate {
  path: string;
  op: FilterOperator;
  values: Operand[];
  size?: boolean;
  not?: boolean;
}

export interface QueryTemplate {
  kind: 'query' | 'scan';
  table: string;
  index?: string;
  /** Partition key first. */
  key: KeyTemplate[];
  filters: FilterTemplate[];
  filterJoin: 'AND' | 'OR';
  projection?: string[];
  descending?: boolean;
  consistentRead?: boolean;
  limit?: number;
  pageSize?: number;
}

export interface PartiqlTemplate {
  kind: 'partiql';
  table: string;
  index?: string;
  /** The statement with the table name mapped to its live name. */
  statement: string;
  /** One per `?`, in order, with where it stands in `statement`. */
  parameters: { operand: Operand; start: number; end: number }[];
}

export type RunPlan =
  | { ok: true; operation: string; template: QueryTemplate | PartiqlTemplate; asked: AskedValue[]; notes: string[] }
  | { ok: false; operation: string; table?: string; reason: string };

/** Why a request or an answer cannot become a cell; caught where a plan or a cell result is made. */
export class Inexpressible extends Error {}
export const fail = (reason: string): never => {
  throw new Inexpressible(reason);
};

// ---------------------------------------------------------------------------------------------- plan → cell

export type CellResult = { ok: true; cell: NotebookCellData } | { ok: false; reason: string };

/** The cell of a plan, with the asked values filled in (by their names). */
export function runCell(plan: Extract<RunPlan, { ok: true }>, answers: ReadonlyMap<string, AttributeValue> = new Map()): CellResult {
  try {
    const resolve = (o: Operand): AttributeValue => {
      if ('literal' in o) return o.literal;
      const v = answers.get(o.ask);
      if (!v) fail(`no value was given for ${o.ask}`);
      return v!;
    };
    const t = plan.template;
    if (t.kind === 'partiql') {
      let statement = t.statement;
      for (const p of [...t.parameters].reverse()) statement = statement.slice(0, p.start) + partiqlLiteral(resolve(p.operand)) + statement.slice(p.end);
      return { ok: true, cell: specToCell({ kind: 'partiql', table: t.table, statement, filters: [], filterJoin: 'AND' }) };
    }
    const typedAll = (values: Operand[], what: string, size = false) => {
      const typed = values.map((v) => typedValue(resolve(v), what));
      if (size) for (const v of typed) if (v.type !== 'N') fail(`${what}: size() is compared with numbers, not ${v.type}`);
      if (typed.some((v) => v.type !== typed[0].type)) fail(`${what}: its values have different types (${[...new Set(typed.map((v) => v.type))].join(', ')})`);
      return typed;
    };
    const spec: QuerySpec = { kind: t.kind, table: t.table, filters: [], filterJoin: t.filterJoin };
    if (t.index) spec.index = t.index;
    const [pk, sk] = t.key;
    if (pk) {
      const [v] = typedAll(pk.values, pk.name);
      spec.partitionKey = { name: pk.name, type: v.type, value: v.value };
    }
    if (sk) {
      const vs = typedAll(sk.values, sk.name);
      spec.sortKey = { name: sk.name, op: sk.op, type: vs[0].type, value: vs[0].value, ...(vs[1] ? { value2: vs[1].value } : {}) };
    }
    for (const f of t.filters) {
      const vs = f.op === 'attribute_type' ? f.values.map((v) => ({ value: typeName(resolve(v), f.path), type: 'S' as ValueType })) : typedAll(f.values, f.path, f.size);
      const filter: FilterCondition = { path: f.path, op: f.op, values: vs.map((v) => v.value), type: vs[0]?.type ?? 'S' };
      if (f.size) filter.size = true;
      if (f.not) filter.not = true;
      spec.filters.push(filter);
    }
    if (t.projection) spec.projection = t.projection;
    if (t.descending) spec.scanIndexForward = false;
    if (t.consistentRead) spec.consistentRead = true;
    if (t.pageSize !== undefined) spec.pageSize = t.pageSize;
    const cell = specToCell(spec, { limit: t.limit });
    // The cell must read back as written: a check here keeps a writer change from ever opening a broken cell.
    const back = parseQueryCell(cell.source);
    if (!back.ok || back.problems.length) fail(`the cell could not be written (${(back.problems[0] ?? { message: 'unknown' }).message})`);
    return { ok: true, cell };
  } catch (err) {
    if (err instanceof Inexpressible) return { ok: false, reason: `The cell cannot be written: ${err.message}.` };
    throw err;
  }
}

function typedValue(v: AttributeValue, what: string): { value: string; type: ValueType } {
  if (v.S !== undefined) return { value: v.S, type: 'S' };
  if (v.N !== undefined) return { value: v.N, type: 'N' };
  if (v.BOOL !== undefined) return { value: String(v.BOOL), type: 'BOOL' };
  if (v.NULL !== undefined) return { value: '', type: 'NULL' };
  if (v.B !== undefined) return { value: encodeBase64(v.B), type: 'B' };
  return fail(`${what} is compared with a ${Object.keys(v)[0]} value, which a cell cannot write (only strings, numbers, binary, booleans and null)`);
}

function typeName(v: AttributeValue, path: string): string {
  if (v.S === undefined) fail(`attribute_type(${path}, …) needs a type name string such as "SS"`);
  return v.S!;
}

/** A PartiQL literal for a value: 'text' (quotes doubled), digits, true/false, null, [list], {map}, <<set>>. */
export function partiqlLiteral(v: AttributeValue): string {
  const str = (s: string) => `'${s.replace(/'/g, "''")}'`;
  if (v.S !== undefined) return str(v.S);
  if (v.N !== undefined) return v.N;
  if (v.BOOL !== undefined) return String(v.BOOL);
  if (v.NULL !== undefined) return 'null';
  if (v.SS !== undefined) return `<<${v.SS.map(str).join(', ')}>>`;
  if (v.NS !== undefined) return `<<${v.NS.join(', ')}>>`;
  if (v.L !== undefined) return `[${v.L.map(partiqlLiteral).join(', ')}]`;
  if (v.M !== undefined) return `{${Object.entries(v.M).map(([k, x]) => `${str(k)}: ${partiqlLiteral(x)}`).join(', ')}}`;
  return fail('a binary parameter cannot be written into a PartiQL statement');
}

// ---------------------------------------------------------------------------------------------- asked values

export type AskedValueParse = { ok: true; value: AttributeValue } | { ok: false; message: string };

/**
 * A value typed for an asked placeholder. With the type of the key it is compared with, the text is that type as it
 * stands; otherwise a cell value (`"text"`, `42`, `true`, `null`, `{"N": "…"}`, `{"B": "base64"}`) or else the text
 * as a string.
 */
export function parseAskedValue(text: string, keyType?: 'S' | 'N' | 'B'): AskedValueParse {
  if (keyType === 'S') return text === '' ? { ok: false, message: 'A key value is never empty: type a value.' } : { ok: true, value: { S: text } };
  if (keyType === 'N') {
    const bad = valueProblem(text.trim(), 'N');
    return bad ? { ok: false, message: bad } : { ok: true, value: { N: text.trim() } };
  }
  if (keyType === 'B') {
    const bytes = decodeBase64(text.trim());
    return bytes.ok ? { ok: true, value: { B: bytes.bytes } } : { ok: false, message: `'${text}' is not base64 binary: ${bytes.reason}.` };
  }
  // One JSON value on its own, read the way a cell reads a value.
  const probe = parseJson(text).ok ? parseQueryCell(`{"params": {"v": ${text}}}`) : undefined;
  if (probe?.ok && probe.problems.length === 0) {
    const v = probe.cell.params.get('v');
    if (v?.kind === 'literal') return { ok: true, value: v.value };
  }
  return { ok: true, value: { S: text } };
}
