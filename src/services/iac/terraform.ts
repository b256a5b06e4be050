// Terraform `aws_dynamodb_table` resources, parsed with HashiCorp's own HCL parser (@cdktf/hcl2json, WebAssembly,
// loaded on first use). Expressions come back as "${...}" strings; variables (their default, or a value from
// terraform.tfvars / *.auto.tfvars) and locals are resolved when they are literal, dynamic blocks are expanded over
// literal lists, and anything else (a module output, a data source, a function call) is an Unknown with the reason.
import {
  defaultTableModel,
  isUnknown,
  lineStarts,
  positionAt,
  unknownValue,
  type AttributeType,
  type DeclaredTable,
  type IacReadResult,
  type IndexModel,
  type KeyModel,
  type Maybe,
  type SourceRange,
  type TableModel,
} from '../../model/iac/tableModel';
import { asBoolean, asNumber, asString, type Problems } from '../../model/iac/values';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) && !isUnknown(v) ? (v as Obj) : {});

export interface TerraformSource {
  fileName: string;
  text: string;
}

type Hcl2Json = { parse(fileName: string, contents: string): Promise<Obj> };

let parser: Promise<Hcl2Json> | undefined;

/** The HCL parser, loaded (and its WebAssembly compiled) only when a Terraform file is first read. */
function hcl(): Promise<Hcl2Json> {
  parser ??= import('@cdktf/hcl2json') as Promise<Hcl2Json>;
  return parser;
}

/** Parses HCL; a syntax error becomes a problem with the line the parser names. */
async function parseHcl(source: TerraformSource): Promise<{ json?: Obj; problem?: { message: string; line?: number } }> {
  try {
    return { json: await (await hcl()).parse(source.fileName, source.text) };
  } catch (err) {
    const text = String((err as Error)?.message ?? err).replace(/^parse config: \[?/, '').replace(/\]$/, '');
    const line = /:(\d+),\d+/.exec(text);
    return { problem: { message: `${source.fileName} cannot be read as HCL: ${text}`, line: line ? Number(line[1]) - 1 : undefined } };
  }
}

interface Scope {
  variables: Map<string, unknown>;
  locals: Obj;
  /** Dynamic block iterators: name → { key, value }. */
  iterators: Map<string, { key: unknown; value: unknown }>;
}

const TEMPLATE = /(?<!\$)\$\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}/g;

/** Follows `.attr` and `[n]` steps into a value. */
function walk(value: unknown, steps: string, what: string): unknown {
  let v = value;
  for (const m of steps.matchAll(/\.([A-Za-z_][\w-]*)|\[(\d+)\]|\["([^"]*)"\]/g)) {
    if (isUnknown(v)) return v;
    const key = m[1] ?? m[3] ?? Number(m[2]);
    const next = Array.isArray(v) && typeof key === 'number' ? v[key] : obj(v)[String(key)];
    if (next === undefined) return unknownValue(`${what}${steps}, which is not there`);
    v = next;
  }
  return v;
}

/** One `${...}` expression's value. */
function expression(expr: string, scope: Scope, depth: number): unknown {
  const e = expr.trim();
  if (depth > 20) return unknownValue(`${e} (refers to itself)`);
  if (/^-?\d+(\.\d+)?$/.test(e)) return Number(e);
  if (e === 'true' || e === 'false') return e === 'true';
  if (/^"[^"$%]*"$/.test(e)) return e.slice(1, -1);
  let m = /^var\.([A-Za-z_][\w-]*)(.*)$/.exec(e);
  if (m) {
    if (!scope.variables.has(m[1])) return unknownValue(`variable ${m[1]}, which has no default or value in a .tfvars file`);
    return walk(resolve(scope.variables.get(m[1]), scope, depth + 1), m[2], `var.${m[1]}`);
  }
  m = /^local\.([A-Za-z_][\w-]*)(.*)$/.exec(e);
  if (m) {
    if (!(m[1] in scope.locals)) return unknownValue(`local ${m[1]}, which is not defined`);
    return walk(resolve(scope.locals[m[1]], scope, depth + 1), m[2], `local.${m[1]}`);
  }
  m = /^([A-Za-z_][\w-]*)\.(value|key)(.*)$/.exec(e);
  if (m && scope.iterators.has(m[1])) {
    const it = scope.iterators.get(m[1])!;
    return walk(m[2] === 'key' ? it.key : it.value, m[3], `${m[1]}.${m[2]}`);
  }
  m = /^lookup\((.+?),\s*"([^"]+)"\s*(?:,\s*(.+))?\)$/.exec(e);
  if (m) {
    // lookup(map, "key", default): common in dynamic blocks for optional attributes.
    const map = expression(m[1], scope, depth + 1);
    if (isUnknown(map)) return map;
    const found = obj(map)[m[2]];
    if (found !== undefined) return found;
    if (m[3] === undefined) return unknownValue(`the function call ${e}, whose key is not there`);
    return m[3].trim() === 'null' ? null : expression(m[3], scope, depth + 1);
  }
  if (/^module\./.test(e)) return unknownValue(`the module output ${e}`);
  if (/^data\./.test(e)) return unknownValue(`the data source ${e}`);
  if (/^[a-z_][\w]*\(/.test(e)) return unknownValue(`the function call ${e}`);
  return unknownValue(`the expression ${e}`);
}

/** A value from hcl2json with every "${...}" template evaluated in the scope. */
function resolve(value: unknown, scope: Scope, depth = 0): unknown {
  if (typeof value === 'string') {
    const whole = /^\$\{([\s\S]*)\}$/.exec(value);
    if (whole && !whole[1].includes('${')) {
      const single = [...value.matchAll(TEMPLATE)];
      if (single.length === 1 && single[0][0] === value) return expression(whole[1], scope, depth);
    }
    let unknown: unknown;
    const out = value.replace(TEMPLATE, (_, expr: string) => {
      const v = expression(expr, scope, depth);
      if (isUnknown(v)) unknown ??= v;
      return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
    });
    return unknown ?? out.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
  }
  if (Array.isArray(value)) return value.map((v) => resolve(v, scope, depth));
  if (typeof value === 'object' && value !== null && !isUnknown(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, scope, depth)]));
  }
  return value;
}

interface Block {
  body: Obj;
  scope: Scope;
}

/** The blocks of a type in a body, static ones then dynamic ones expanded; Unknown when a for_each is not literal. */
function blocks(body: Obj, type: string, scope: Scope): Maybe<Block[]> {
  const out: Block[] = (Array.isArray(body[type]) ? (body[type] as unknown[]) : body[type] ? [body[type]] : []).map((b) => ({ body: obj(b), scope }));
  const dynamic = obj(body.dynamic)[type];
  for (const d of Array.isArray(dynamic) ? dynamic : dynamic ? [dynamic] : []) {
    const each = resolve(obj(d).for_each, scope);
    if (isUnknown(each)) return unknownValue(`a dynamic "${type}" block over ${each.$unknown}`);
    const iterator = typeof obj(d).iterator === 'string' ? String(obj(d).iterator).replace(/^\$\{|\}$/g, '') : type;
    const content = obj(Array.isArray(obj(d).content) ? (obj(d).content as unknown[])[0] : obj(d).content);
    const entries: [unknown, unknown][] = Array.isArray(each) ? each.map((v, i) => [i, v]) : Object.entries(obj(each));
    for (const [key, value] of entries) {
      const inner: Scope = { ...scope, iterators: new Map(scope.iterators).set(iterator, { key, value }) };
      out.push({ body: content, scope: inner });
    }
  }
  return out;
}

const value = (b: Block, name: string): unknown => resolve(b.body[name], b.scope);

function keyOf(name: unknown, types: Map<string, Maybe<AttributeType>>, where: string, problems: Problems): KeyModel {
  const n = asString(name, where, problems);
  if (isUnknown(n)) return { name: n, type: n };
  if (!types.has(n)) problems.push(`${where} "${n}" has no attribute block giving its type.`);
  return { name: n, type: types.get(n) ?? unknownValue(`no attribute block for "${n}"`) };
}

function tableFromBody(body: Obj, scope: Scope, problems: Problems): TableModel {
  const top: Block = { body, scope };
  const types = new Map<string, Maybe<AttributeType>>();
  const attributes = blocks(body, 'attribute', scope);
  if (!isUnknown(attributes)) {
    for (const a of attributes) {
      const name = value(a, 'name');
      const type = asString(value(a, 'type'), 'attribute type', problems);
      if (typeof name === 'string') types.set(name, isUnknown(type) ? type : (['S', 'N', 'B'].includes(type) ? (type as AttributeType) : unknownValue(`an invalid type ${type}`)));
    }
  }
  const unknownTypes = isUnknown(attributes) ? attributes : undefined;
  const key = (raw: unknown, where: string): KeyModel => {
    const k = keyOf(raw, unknownTypes ? new Map() : types, where, unknownTypes ? [] : problems);
    return unknownTypes && !isUnknown(k.name) ? { name: k.name, type: unknownTypes } : k;
  };
  const model = defaultTableModel(key(value(top, 'hash_key'), 'hash_key'));
  if (body.name !== undefined) model.tableName = asString(value(top, 'name'), 'name', problems);
  if (body.range_key !== undefined) model.sortKey = key(value(top, 'range_key'), 'range_key');
  if (body.billing_mode !== undefined) model.billingMode = asString(value(top, 'billing_mode'), 'billing_mode', problems) as TableModel['billingMode'];
  if (model.billingMode !== 'PAY_PER_REQUEST') {
    model.capacity = { read: asNumber(value(top, 'read_capacity'), 'read_capacity', problems), write: asNumber(value(top, 'write_capacity'), 'write_capacity', problems) };
  }
  const indexes = (type: string, global: boolean): Maybe<IndexModel[]> => {
    const list = blocks(body, type, scope);
    if (isUnknown(list)) return list;
    return list.map((b): IndexModel => {
      const name = asString(value(b, 'name'), `${type} name`, problems);
      const projectionType = asString(value(b, 'projection_type'), `${type} projection_type`, problems) as IndexModel['projection']['type'];
      const index: IndexModel = { name, projection: { type: projectionType } };
      if (projectionType === 'INCLUDE') {
        const names = value(b, 'non_key_attributes');
        index.projection.nonKeyAttributes = isUnknown(names) ? names : Array.isArray(names) ? (names.find(isUnknown) ?? names.map(String)) : [];
      }
      if (global) index.partitionKey = key(value(b, 'hash_key'), `${type} hash_key`);
      const rangeKey = value(b, 'range_key');
      if (rangeKey !== undefined && rangeKey !== null) index.sortKey = key(rangeKey, `${type} range_key`);
      if (global && model.billingMode !== 'PAY_PER_REQUEST') {
        index.capacity = { read: asNumber(value(b, 'read_capacity'), `${type} read_capacity`, problems), write: asNumber(value(b, 'write_capacity'), `${type} write_capacity`, problems) };
      }
      return index;
    });
  };
  model.globalIndexes = indexes('global_secondary_index', true);
  model.localIndexes = indexes('local_secondary_index', false);
  const single = (type: string): Maybe<Block | undefined> => {
    const list = blocks(body, type, scope);
    return isUnknown(list) ? list : list[0];
  };
  const ttl = single('ttl');
  if (isUnknown(ttl)) model.timeToLive = ttl;
  else if (ttl) {
    const enabled = asBoolean(value(ttl, 'enabled') ?? true, 'ttl enabled', problems);
    model.timeToLive = isUnknown(enabled) ? enabled : enabled ? { enabled, attribute: asString(value(ttl, 'attribute_name'), 'ttl attribute_name', problems) } : { enabled };
  }
  if (body.stream_enabled !== undefined) {
    const enabled = asBoolean(value(top, 'stream_enabled'), 'stream_enabled', problems);
    model.stream = isUnknown(enabled) ? enabled : enabled ? { enabled, viewType: asString(value(top, 'stream_view_type'), 'stream_view_type', problems) as Maybe<'NEW_IMAGE'> } : { enabled };
  }
  const pitr = single('point_in_time_recovery');
  if (isUnknown(pitr)) model.pointInTimeRecovery = pitr;
  else if (pitr) model.pointInTimeRecovery = asBoolean(value(pitr, 'enabled'), 'point_in_time_recovery enabled', problems);
  const sse = single('server_side_encryption');
  if (isUnknown(sse)) model.encryption = sse;
  else if (sse) {
    const enabled = asBoolean(value(sse, 'enabled'), 'server_side_encryption enabled', problems);
    const keyArn = sse.body.kms_key_arn !== undefined ? asString(value(sse, 'kms_key_arn'), 'kms_key_arn', problems) : undefined;
    model.encryption = isUnknown(enabled) ? enabled : enabled ? { kms: true, ...(keyArn !== undefined ? { kmsKey: keyArn } : {}) } : { kms: false };
  }
  if (body.deletion_protection_enabled !== undefined) model.deletionProtection = asBoolean(value(top, 'deletion_protection_enabled'), 'deletion_protection_enabled', problems);
  if (body.table_class !== undefined) model.tableClass = asString(value(top, 'table_class'), 'table_class', problems) as TableModel['tableClass'];
  if (body.tags !== undefined) {
    const tags = value(top, 'tags');
    model.tags = isUnknown(tags) ? tags : Object.fromEntries(Object.entries(obj(tags)).map(([k, v]) => [k, asString(v, `tag "${k}"`, problems)]));
  }
  return model;
}

// ---- places in the text ------------------------------------------------------------------------------------------

interface Line {
  text: string;
  /** Brace depth at the start of the line, counted from the resource's opening brace (1 = directly inside). */
  depth: number;
}

/** Where the resource and each of its settings are written, found from the text (hcl2json gives no positions). */
function placesOf(text: string, resourceName: string): { range: SourceRange; locations: Record<string, SourceRange> } | undefined {
  const header = new RegExp(`resource\\s+"aws_dynamodb_table"\\s+"${resourceName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\s*\\{`).exec(text);
  if (!header) return undefined;
  const starts = lineStarts(text);
  const first = positionAt(starts, header.index).line;
  const all = text.split('\n');
  const lines: Line[] = [];
  let depth = 0;
  for (let i = first; i < all.length; i++) {
    lines.push({ text: all[i], depth });
    for (const ch of all[i].replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/#.*$|\/\/.*$/, '')) {
      if (ch === '{') depth++;
      else if (ch === '}') depth--;
    }
    if (depth <= 0 && i > first) break;
  }
  const lineRange = (i: number): SourceRange => ({ start: { line: first + i, character: lines[i].text.search(/\S|$/) }, end: { line: first + i, character: lines[i].text.length } });
  const locations: Record<string, SourceRange> = {};
  const topLevel = (pattern: RegExp) => lines.findIndex((l) => l.depth === 1 && pattern.test(l.text));
  const put = (key: string, i: number) => {
    if (i >= 0 && !locations[key]) locations[key] = lineRange(i);
  };
  put('tableName', topLevel(/^\s*name\s*=/));
  put('key', topLevel(/^\s*hash_key\s*=/));
  put('key.sort', topLevel(/^\s*range_key\s*=/));
  put('billingMode', topLevel(/^\s*billing_mode\s*=/));
  put('capacity', topLevel(/^\s*(read|write)_capacity\s*=/));
  put('stream', topLevel(/^\s*stream_(enabled|view_type)\s*=/));
  put('deletionProtection', topLevel(/^\s*deletion_protection_enabled\s*=/));
  put('tableClass', topLevel(/^\s*table_class\s*=/));
  put('tags', topLevel(/^\s*tags\s*=/));
  put('timeToLive', topLevel(/^\s*(ttl\s*\{|dynamic\s+"ttl")/));
  put('pointInTimeRecovery', topLevel(/^\s*(point_in_time_recovery\s*\{|dynamic\s+"point_in_time_recovery")/));
  put('encryption', topLevel(/^\s*(server_side_encryption\s*\{|dynamic\s+"server_side_encryption")/));
  for (const [type, kind, group] of [['global_secondary_index', 'gsi', 'globalIndexes'], ['local_secondary_index', 'lsi', 'localIndexes']] as const) {
    const headerPattern = new RegExp(`^\\s*(${type}\\s*\\{|dynamic\\s+"${type}")`);
    lines.forEach((l, i) => {
      if (l.depth !== 1 || !headerPattern.test(l.text)) return;
      put(group, i);
      for (let j = i + 1; j < lines.length && lines[j].depth > 1; j++) {
        const name = /^\s*name\s*=\s*"([^"]*)"/.exec(lines[j].text);
        if (name && lines[j].depth === 2) put(`${kind}:${name[1]}`, i);
      }
    });
  }
  lines.forEach((l, i) => {
    const tag = /^\s*"?([^"=\s]+)"?\s*=/.exec(l.text);
    if (tag && l.depth === 2 && locations.tags && i > locations.tags.start.line - first) put(`tags.${tag[1]}`, i);
  });
  return { range: lineRange(0), locations };
}

// ---- reading -------------------------------------------------------------------------------------------------------

function first(v: unknown): Obj {
  return obj(Array.isArray(v) ? v[0] : v);
}

/**
 * Reads the tables of one .tf file. `others` are the other .tf and .tfvars files of its folder (a module's
 * variables and locals are often declared beside it).
 */
export async function readTerraform(source: TerraformSource, others: readonly TerraformSource[] = []): Promise<IacReadResult> {
  const result: IacReadResult = { kind: 'terraform', tables: [], problems: [] };
  const main = await parseHcl(source);
  if (!main.json) {
    const line = main.problem?.line ?? 0;
    result.problems.push({ message: main.problem!.message, range: { start: { line, character: 0 }, end: { line, character: 1000 } } });
    return result;
  }
  const variables = new Map<string, unknown>();
  const locals: Obj = {};
  const tfvars: Obj = {};
  for (const s of [source, ...others]) {
    const parsed = s === source ? main : await parseHcl(s);
    if (!parsed.json) continue;
    if (/\.tfvars$/.test(s.fileName)) {
      Object.assign(tfvars, parsed.json);
      continue;
    }
    for (const [name, decl] of Object.entries(obj(parsed.json.variable))) {
      const d = first(decl);
      if ('default' in d) variables.set(name, d.default);
    }
    for (const block of Array.isArray(parsed.json.locals) ? parsed.json.locals : [parsed.json.locals]) Object.assign(locals, obj(block));
  }
  // terraform.tfvars then *.auto.tfvars win over defaults, as `terraform plan` reads them.
  for (const [name, v] of Object.entries(tfvars)) variables.set(name, v);
  const scope: Scope = { variables, locals, iterators: new Map() };
  for (const [name, decl] of Object.entries(obj(obj(main.json.resource).aws_dynamodb_table))) {
    const problems: Problems = [];
    const model = tableFromBody(first(decl), scope, problems);
    const places = placesOf(source.text, name) ?? { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, locations: {} };
    const table: DeclaredTable = { kind: 'terraform', resourceId: `aws_dynamodb_table.${name}`, model, range: places.range, locations: places.locations };
    result.tables.push(table);
    for (const m of problems) result.problems.push({ message: `aws_dynamodb_table.${name}: ${m}`, range: places.range });
  }
  return result;
}
