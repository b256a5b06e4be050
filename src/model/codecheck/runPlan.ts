// "Run on <connection>" for a read request found in code: the notebook cell that runs the same request. A plan is
// plain data (it travels as a CodeLens argument): the table, index, key condition, filter, projection, direction,
// consistent read and limit of the request, with each value either read from the code's literals or to be asked.
// Turning a plan and the asked answers into a cell goes through the viewer's QuerySpec and specToCell, so the cell
// is written the one way query cells are written. A request the cell form cannot express gets a reason, never a
// changed request.
import { logicOperands, parseExpression, type ExprNode, type PathNode } from '../expressions/parser';
import { checkPartiql } from '../expressions/partiql';
import { formatPath, type PathSegment } from '../query/pathParser';
import type { FilterOperator, SortKeyOperator } from '../query/querySpec';
import { fail, Inexpressible, type AskedValue, type FilterTemplate, type KeyTemplate, type Operand, type PartiqlTemplate, type QueryTemplate, type RunPlan } from './runCell';
import type { DynamoCall, RequestParams } from './extract';

/** The read operations Run offers; writes are never run from code. */
export const RUNNABLE_OPERATIONS = ['Query', 'Scan', 'GetItem', 'ExecuteStatement'] as const;

export interface PlanOptions {
  /** The live table name a written one stands for (the code checks' table-name mapping). */
  mapTableName?: (written: string) => string | undefined;
  /** The partition key of a table or index, when known: decides which key condition is the partition key's. */
  partitionKeyOf?: (table: string, index: string | undefined) => string | undefined;
}

/** Whether Run is offered for a call: one read request (Query, Scan, GetItem, a SELECT statement). */
export function isRunnableCall(call: DynamoCall): boolean {
  if (call.requests.length !== 1 || !(RUNNABLE_OPERATIONS as readonly string[]).includes(call.operation)) return false;
  const [params] = call.requests;
  if (call.operation !== 'ExecuteStatement') return true;
  return !!params.statement && (!params.statement.literal || checkPartiql(params.statement.value).verb === 'SELECT');
}

/** Properties a query cell has no field for: a request that uses them is not run in a changed form. */
const UNSUPPORTED: Record<string, string> = {
  ExclusiveStartKey: 'it starts after a given key (ExclusiveStartKey)',
  Segment: 'it reads one segment of a parallel scan (Segment)',
  TotalSegments: 'it reads one segment of a parallel scan (TotalSegments)',
  AttributesToGet: 'it uses the legacy AttributesToGet; write a ProjectionExpression',
  KeyConditions: 'it uses the legacy KeyConditions; write a KeyConditionExpression',
  QueryFilter: 'it uses the legacy QueryFilter; write a FilterExpression',
  ScanFilter: 'it uses the legacy ScanFilter; write a FilterExpression',
  ConditionalOperator: 'it uses the legacy ConditionalOperator',
};

/** The plan that runs a call's request in a notebook cell, or why the cell form cannot run it unchanged. */
export function planRun(call: DynamoCall, options: PlanOptions = {}): RunPlan {
  const operation = call.operation;
  if (!isRunnableCall(call)) {
    return { ok: false, operation, reason: `Run is offered for one Query, Scan, GetItem or SELECT statement; this ${operation} is not run from code.` };
  }
  const params = call.requests[0];
  let table: string | undefined;
  try {
    if (operation === 'ExecuteStatement') return planPartiql(params, options);
    table = options.mapTableName?.(params.table?.value ?? '') ?? (params.table?.literal ? params.table.value : undefined);
    if (!table) {
      fail(
        params.table
          ? `the table name ${params.table.value} is not a literal string; map it to a table in the setting dynamodbStudio.codeChecks.tableNames`
          : 'it names no table (TableName)',
      );
    }
    return planQuery(params, table!, options);
  } catch (err) {
    if (err instanceof Inexpressible) return { ok: false, operation, table, reason: `This ${operation} cannot be run as a notebook cell: ${err.message}.` };
    throw err;
  }
}

class Operands {
  readonly asked: AskedValue[] = [];
  constructor(private readonly params: RequestParams) {}

  /** The operand a `:value` placeholder stands for. */
  value(placeholder: string, attribute?: string): Operand {
    const entry = this.params.values?.entries.find((e) => e.key === placeholder);
    if (entry?.literal) return { literal: entry.literal };
    if (!entry && this.params.values?.complete !== false) fail(`the placeholder ${placeholder} is not declared in ExpressionAttributeValues`);
    return this.ask(placeholder, attribute);
  }

  ask(name: string, attribute?: string): Operand {
    if (!this.asked.some((a) => a.name === name)) this.asked.push(attribute ? { name, attribute } : { name });
    return { ask: name };
  }
}

function pathOf(node: ExprNode, params: RequestParams): string {
  if (node.kind !== 'path') fail('an operand that should be an attribute path is not one');
  const segments: PathSegment[] = [];
  for (const part of (node as PathNode).parts) {
    if (part.kind === 'index') segments.push(part.index);
    else if (part.kind === 'name') segments.push(part.text);
    else {
      const entry = params.names?.entries.find((e) => e.key === part.text);
      if (!entry) fail(`the name placeholder ${part.text} is not declared in ExpressionAttributeNames`);
      if (!entry!.value?.literal) fail(`the name placeholder ${part.text} does not stand for a literal attribute name`);
      segments.push(entry!.value!.value);
    }
  }
  return formatPath(segments);
}

function parsed(kind: 'key' | 'condition' | 'projection', property: string, params: RequestParams) {
  const s = params.expressions[property as keyof RequestParams['expressions']];
  if (!s) return undefined;
  if (!s.literal) fail(`its ${property} is not a literal string`);
  const p = parseExpression(kind, s.value);
  if (p.problems.length) fail(`its ${property} has a syntax error (${p.problems[0].message})`);
  return p;
}

const FLIP: Record<string, string> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=', '=': '=', '<>': '<>' };

function keyConditions(params: RequestParams, ops: Operands): KeyTemplate[] {
  const p = parsed('key', 'KeyConditionExpression', params);
  if (!p?.root) return [];
  return logicOperands(p.root, 'and').map((n): KeyTemplate => {
    if (n.kind === 'compare') {
      const pathLeft = n.left.kind === 'path';
      const path = pathLeft ? n.left : n.right;
      const value = pathLeft ? n.right : n.left;
      if (path.kind !== 'path' || value.kind !== 'value') fail('a key condition compares something other than a key attribute with a value');
      const name = pathOf(path, params);
      const op = (pathLeft ? n.op : FLIP[n.op]) as SortKeyOperator;
      if (op === ('<>' as SortKeyOperator)) fail('a key condition uses <>, which DynamoDB does not allow on keys');
      return { name, op, values: [ops.value((value as { text: string }).text, name)] };
    }
    if (n.kind === 'between' && n.subject.kind === 'path' && n.low.kind === 'value' && n.high.kind === 'value') {
      const name = pathOf(n.subject, params);
      return { name, op: 'BETWEEN', values: [ops.value(n.low.text, name), ops.value(n.high.text, name)] };
    }
    if (n.kind === 'function' && n.name === 'begins_with' && n.args[1]?.kind === 'value') {
      const name = pathOf(n.args[0], params);
      return { name, op: 'begins_with', values: [ops.value(n.args[1].text, name)] };
    }
    return fail('its KeyConditionExpression holds a condition a key condition cannot have (only =, <, <=, >, >=, BETWEEN and begins_with joined by AND)');
  });
}

function filterConditions(params: RequestParams, ops: Operands): { filters: FilterTemplate[]; join: 'AND' | 'OR' } {
  const p = parsed('condition', 'FilterExpression', params);
  if (!p?.root) return { filters: [], join: 'AND' };
  const root = p.root;
  const join: 'AND' | 'OR' = root.kind === 'or' ? 'OR' : 'AND';
  const conditions = logicOperands(root, join === 'OR' ? 'or' : 'and');
  for (const n of conditions) {
    if (n.kind === 'and' || n.kind === 'or') {
      fail(`its FilterExpression nests ${n.kind === 'or' ? 'an OR inside AND' : 'an AND inside OR'} ("${params.expressions.FilterExpression?.value.slice(n.start, n.end)}"); a notebook cell joins all its filter conditions one way, with AND or with OR`);
    }
  }
  const filters = conditions.map((n) => simpleCondition(n, params, ops));
  const seen = new Set<string>();
  for (const f of filters) {
    const slot = `${f.path}\u0000${f.not ? 'not' : f.size ? 'size' : f.op}`;
    if (seen.has(slot)) fail(`its FilterExpression tests ${f.path} twice the same way, which a cell's filter (one entry per attribute and operator) cannot hold`);
    seen.add(slot);
  }
  return { filters, join };
}

function simpleCondition(node: ExprNode, params: RequestParams, ops: Operands): FilterTemplate {
  let n = node;
  let not = false;
  if (n.kind === 'not') {
    n = n.operand;
    not = true;
    if (n.kind !== 'compare' && n.kind !== 'between' && n.kind !== 'in' && n.kind !== 'function') fail('its FilterExpression negates a compound condition (NOT over AND or OR)');
  }
  const subject = (s: ExprNode): { path: string; size?: boolean } => {
    if (s.kind === 'function' && s.name === 'size') return { path: pathOf(s.args[0], params), size: true };
    return { path: pathOf(s, params) };
  };
  const value = (v: ExprNode, path: string): Operand => {
    if (v.kind !== 'value') fail(`its FilterExpression compares ${path} with something other than a value`);
    return ops.value((v as { text: string }).text, path);
  };
  const wrap = (f: FilterTemplate): FilterTemplate => ({ ...f, ...(not ? { not: true } : {}) });
  switch (n.kind) {
    case 'compare': {
      const pathLeft = n.left.kind !== 'value';
      const s = subject(pathLeft ? n.left : n.right);
      const op = (pathLeft ? n.op : FLIP[n.op]) as FilterOperator;
      return wrap({ path: s.path, op, values: [value(pathLeft ? n.right : n.left, s.path)], ...(s.size ? { size: true } : {}) });
    }
    case 'between': {
      const s = subject(n.subject);
      return wrap({ path: s.path, op: 'BETWEEN', values: [value(n.low, s.path), value(n.high, s.path)], ...(s.size ? { size: true } : {}) });
    }
    case 'in': {
      const s = subject(n.subject);
      return wrap({ path: s.path, op: 'IN', values: n.options.map((o) => value(o, s.path)), ...(s.size ? { size: true } : {}) });
    }
    case 'function': {
      const path = pathOf(n.args[0], params);
      if (n.name === 'attribute_exists' || n.name === 'attribute_not_exists') return wrap({ path, op: n.name, values: [] });
      if (n.name === 'attribute_type' || n.name === 'begins_with' || n.name === 'contains') return wrap({ path, op: n.name, values: [value(n.args[1], path)] });
      return fail(`its FilterExpression uses ${n.name}(), which a cell's filter has no form for`);
    }
    default:
      return fail('its FilterExpression holds a condition a cell filter cannot write');
  }
}

function planQuery(params: RequestParams, table: string, options: PlanOptions): RunPlan {
  const operation = params.operation;
  for (const prop of params.properties) if (UNSUPPORTED[prop]) fail(UNSUPPORTED[prop]);
  if (params.options.select === 'COUNT') fail('it asks only for the count (Select: COUNT)');
  if (params.index && !params.index.literal) fail(`the index name ${params.index.value} is not a literal string`);
  const index = params.index?.value;
  const ops = new Operands(params);
  const notes: string[] = [];
  let key: KeyTemplate[];
  if (operation === 'GetItem') {
    if (!params.key || !params.key.complete || params.key.entries.length === 0) fail('its Key is not an object literal naming each key attribute');
    key = params.key!.entries.map((e) => ({ name: e.key, op: '=' as const, values: [e.literal ? { literal: e.literal } : ops.ask(`Key.${e.key}`, e.key)] }));
  } else if (operation === 'Query') {
    key = keyConditions(params, ops);
    if (key.length === 0) fail('it has no KeyConditionExpression');
  } else key = [];
  if (key.length > 2) fail('its key condition has more than two parts');
  if (key.length > 0) {
    const pk = options.partitionKeyOf?.(table, index);
    const at = pk ? key.findIndex((k) => k.name === pk) : key.findIndex((k) => k.op === '=');
    if (at < 0) fail(pk ? `its key condition does not name the partition key ${pk}` : 'its key condition has no equality on a partition key');
    if (at > 0) key = [key[at], ...key.filter((_k, i) => i !== at)];
    if (key[0].op !== '=') fail(`its partition key ${key[0].name} is compared with ${key[0].op}; a partition key takes one value with =`);
  }
  const { filters, join } = operation === 'GetItem' ? { filters: [], join: 'AND' as const } : filterConditions(params, ops);
  const projection = parsed('projection', 'ProjectionExpression', params)?.paths.map((p) => pathOf(p, params));
  const template: QueryTemplate = { kind: operation === 'Scan' ? 'scan' : 'query', table, key, filters, filterJoin: join };
  if (index) template.index = index;
  if (projection?.length) template.projection = projection;
  if (params.options.scanIndexForward === false) template.descending = true;
  if (params.options.consistentRead) template.consistentRead = true;
  if (params.options.limit !== undefined) {
    const limit = Number(params.options.limit);
    if (!Number.isInteger(limit) || limit < 1) fail(`its Limit ${params.options.limit} is not a whole number of 1 or more`);
    if (filters.length) {
      template.pageSize = limit;
      notes.push(`Limit ${limit} with a filter: DynamoDB evaluates ${limit} items per page; the cell reads further pages until its own limit, so it can return more items than one call of the code.`);
    } else template.limit = limit;
  } else if (params.properties.includes('Limit')) {
    notes.push('Limit is not a literal number in the code; the cell reads up to its default limit.');
  }
  if (operation === 'GetItem') template.limit = 1;
  return { ok: true, operation, template, asked: ops.asked, notes };
}

function planPartiql(params: RequestParams, options: PlanOptions): RunPlan {
  const operation = params.operation;
  const s = params.statement;
  if (!s?.literal) fail('its Statement is not a literal string');
  const shape = checkPartiql(s!.value);
  if (shape.problems.length) fail(`its statement has a syntax error (${shape.problems[0].message})`);
  if (shape.verb !== 'SELECT' || !shape.table) fail('only SELECT statements are run from code');
  const written = shape.table!;
  const table = options.mapTableName?.(written.name) ?? written.name;
  const ops = new Operands(params);
  const given = params.parameters;
  if (shape.parameters > 0 && !given) fail(`its statement has ${shape.parameters} ? parameter(s) and no Parameters`);
  if (given?.complete && given.values.length !== shape.parameters) fail(`its statement has ${shape.parameters} ? parameter(s) and Parameters holds ${given.values.length}`);
  // Replace the table name (when mapped) and keep track of where each ? lands afterwards.
  let statement = s!.value;
  let shift = 0;
  if (table !== written.name) {
    const quoted = `"${table.replace(/"/g, '""')}"`;
    statement = statement.slice(0, written.start) + quoted + statement.slice(written.end);
    shift = quoted.length - (written.end - written.start);
  }
  const parameters = shape.parameterSpans.map((span, i) => {
    const moved = span.start > written.start ? shift : 0;
    const literal = given?.values[i];
    const operand: Operand = literal ? { literal } : ops.ask(`?${i + 1}`);
    return { operand, start: span.start + moved, end: span.end + moved };
  });
  const template: PartiqlTemplate = { kind: 'partiql', table, statement, parameters };
  if (shape.index) template.index = shape.index.name;
  const notes = params.options.limit !== undefined ? [`Limit ${params.options.limit}: the cell reads every page of the statement's result.`] : [];
  return { ok: true, operation, template, asked: ops.asked, notes };
}
