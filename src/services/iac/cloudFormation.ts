// CloudFormation and SAM templates (YAML with the short intrinsic tags, or JSON) and CDK's synthesized templates
// (cdk.out/*.template.json), read with the `yaml` package (JSON is YAML too) so every setting keeps its place in the
// file. Intrinsic functions are evaluated where the template alone decides the value (Sub without variables, Join,
// Select, FindInMap with literal keys); a parameter, an import, an attribute of another resource or a condition
// gives an Unknown with the reason.
import { isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node, type Pair, type Tags } from 'yaml';
import {
  defaultTableModel,
  isUnknown,
  lineStarts,
  rangeAt,
  unknownValue,
  type AttributeType,
  type CapacityModel,
  type DeclaredTable,
  type IacKind,
  type IacReadResult,
  type IndexModel,
  type KeyModel,
  type Maybe,
  type ProjectionModel,
  type SourceRange,
  type TableModel,
} from '../../model/iac/tableModel';
import { asBoolean, asNumber, asString, type Problems } from '../../model/iac/values';

const INTRINSICS = [
  'Ref', 'Sub', 'GetAtt', 'ImportValue', 'Join', 'Select', 'Split', 'FindInMap', 'If', 'Equals', 'And', 'Or', 'Not',
  'Condition', 'Base64', 'Cidr', 'GetAZs', 'Transform', 'ToJsonString', 'Length',
];

/** Each short-form tag (`!Ref`, `!Sub`, ...) as a scalar, a sequence and a mapping: kept on the node as its tag. */
const CUSTOM_TAGS: Tags = INTRINSICS.flatMap((name) => [
  { tag: `!${name}`, resolve: (s: string) => s },
  { tag: `!${name}`, collection: 'seq' as const },
  { tag: `!${name}`, collection: 'map' as const },
]);

const PSEUDO = /^AWS::/;

interface Context {
  parameters: Map<string, unknown>;
  mappings: Record<string, unknown>;
}

function describe(v: unknown): string {
  if (typeof v === 'string') return v;
  if (isUnknown(v)) return v.$unknown;
  return JSON.stringify(v);
}

/** The value of an intrinsic function, or an Unknown saying where it comes from. */
function intrinsic(name: string, arg: unknown, ctx: Context): unknown {
  switch (name) {
    case 'Ref': {
      const ref = describe(arg);
      if (PSEUDO.test(ref)) return unknownValue(`the pseudo parameter ${ref}`);
      if (ctx.parameters.has(ref)) {
        const d = ctx.parameters.get(ref);
        return unknownValue(`parameter ${ref}${d !== undefined ? ` (default ${JSON.stringify(d)}; the deployed value may differ)` : ''}`);
      }
      return unknownValue(`a reference to resource ${ref}`);
    }
    case 'Sub': {
      const [text, vars] = Array.isArray(arg) ? [arg[0], (arg[1] ?? {}) as Record<string, unknown>] : [arg, {} as Record<string, unknown>];
      if (typeof text !== 'string') return unknownValue(`!Sub ${describe(text)}`);
      let missing: string | undefined;
      const out = text.replace(/\$\{(!?)([^}]*)\}/g, (whole, bang: string, expr: string) => {
        if (bang) return `\${${expr}}`;
        const v = vars[expr.trim()];
        if (typeof v === 'string' || typeof v === 'number') return String(v);
        missing ??= isUnknown(v) ? v.$unknown : ctx.parameters.has(expr.trim()) ? `parameter ${expr.trim()}` : PSEUDO.test(expr.trim()) ? `the pseudo parameter ${expr.trim()}` : `\${${expr}}`;
        return whole;
      });
      return missing ? unknownValue(`${missing} (in !Sub "${text}")`) : out;
    }
    case 'Join': {
      if (!Array.isArray(arg) || typeof arg[0] !== 'string' || !Array.isArray(arg[1])) return unknownValue(`!Join ${describe(arg)}`);
      const parts = arg[1] as unknown[];
      const bad = parts.find((p) => typeof p !== 'string' && typeof p !== 'number');
      return bad === undefined ? parts.map(String).join(arg[0]) : isUnknown(bad) ? bad : unknownValue(`!Join ${describe(arg)}`);
    }
    case 'Select': {
      if (!Array.isArray(arg) || !Array.isArray(arg[1])) return Array.isArray(arg) && isUnknown(arg[1]) ? arg[1] : unknownValue(`!Select ${describe(arg)}`);
      const i = Number(arg[0]);
      return Number.isInteger(i) && i >= 0 && i < arg[1].length ? arg[1][i] : unknownValue(`!Select ${describe(arg)}`);
    }
    case 'FindInMap': {
      if (!Array.isArray(arg) || arg.length < 3) return unknownValue(`!FindInMap ${describe(arg)}`);
      const keys = arg.slice(0, 3);
      const bad = keys.find((k) => typeof k !== 'string');
      if (bad !== undefined) return isUnknown(bad) ? unknownValue(`!FindInMap with ${bad.$unknown}`) : unknownValue(`!FindInMap ${describe(arg)}`);
      const value = ((ctx.mappings[keys[0] as string] as Record<string, Record<string, unknown>> | undefined)?.[keys[1] as string] ?? {})[keys[2] as string];
      return value === undefined ? unknownValue(`!FindInMap ${keys.join('.')}, which the Mappings do not hold`) : value;
    }
    case 'ImportValue':
      return unknownValue(`the import ${describe(arg)}`);
    case 'GetAtt':
      return unknownValue(`!GetAtt ${Array.isArray(arg) ? arg.map(describe).join('.') : describe(arg)}`);
    case 'If':
      return unknownValue(`condition ${Array.isArray(arg) ? describe(arg[0]) : describe(arg)}`);
    default:
      return unknownValue(`Fn::${name}`);
  }
}

function functionName(key: string): string | undefined {
  if (key === 'Ref') return 'Ref';
  if (key.startsWith('Fn::')) return key.slice(4);
  return undefined;
}

/** A node as a plain value with intrinsic functions evaluated. */
function evaluate(node: unknown, ctx: Context): unknown {
  if (node === null || node === undefined) return undefined;
  const tag = (node as Node).tag;
  const fn = tag?.startsWith('!') ? tag.slice(1) : undefined;
  if (isScalar(node)) {
    return fn ? intrinsic(fn, fn === 'GetAtt' ? String(node.value).split('.') : node.value, ctx) : node.value;
  }
  if (isSeq(node)) {
    const items = node.items.map((i) => evaluate(i, ctx));
    return fn ? intrinsic(fn, items, ctx) : items;
  }
  if (isMap(node)) {
    const obj: Record<string, unknown> = {};
    for (const pair of node.items) obj[String(isScalar(pair.key) ? pair.key.value : pair.key)] = evaluate(pair.value, ctx);
    if (fn) return intrinsic(fn, obj, ctx);
    const keys = Object.keys(obj);
    const longForm = keys.length === 1 ? functionName(keys[0]) : undefined;
    return longForm ? intrinsic(longForm, obj[keys[0]], ctx) : obj;
  }
  return undefined;
}

function pairOf(map: unknown, key: string): Pair<Node, Node> | undefined {
  if (!isMap(map)) return undefined;
  return map.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key) as Pair<Node, Node> | undefined;
}

const KEY_TYPES: Record<string, AttributeType> = { S: 'S', N: 'N', B: 'B', String: 'S', Number: 'N', Binary: 'B' };

function asKeyType(v: unknown, where: string, problems: Problems): Maybe<AttributeType> {
  if (isUnknown(v)) return v;
  const t = typeof v === 'string' ? KEY_TYPES[v] : undefined;
  if (!t) {
    problems.push(`${where} is ${JSON.stringify(v)}; a key attribute type is S, N or B.`);
    return unknownValue(`an invalid type ${JSON.stringify(v)}`);
  }
  return t;
}

function asList(v: unknown): Maybe<unknown[]> {
  if (isUnknown(v)) return v;
  return Array.isArray(v) ? v : [];
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) && !isUnknown(v) ? (v as Obj) : {});

function keysFrom(schema: unknown, types: Map<string, Maybe<AttributeType>>, where: string, problems: Problems): { partition?: KeyModel; sort?: KeyModel } | ReturnType<typeof unknownValue> {
  if (isUnknown(schema)) return schema;
  const out: { partition?: KeyModel; sort?: KeyModel } = {};
  for (const e of Array.isArray(schema) ? schema : []) {
    const name = asString(obj(e).AttributeName, `${where} AttributeName`, problems);
    const type: Maybe<AttributeType> = isUnknown(name) ? name : (types.get(name) ?? unknownValue(`no AttributeDefinitions entry for "${name}"`));
    if (!isUnknown(name) && !types.has(name)) problems.push(`${where} uses "${name}", which AttributeDefinitions does not define.`);
    const role = obj(e).KeyType;
    if (role === 'RANGE') out.sort = { name, type };
    else out.partition = { name, type };
  }
  return out;
}

function capacityFrom(v: unknown, where: string, problems: Problems): CapacityModel | undefined {
  if (v === undefined) return undefined;
  if (isUnknown(v)) return { read: v, write: v };
  const o = obj(v);
  return { read: asNumber(o.ReadCapacityUnits, `${where} ReadCapacityUnits`, problems), write: asNumber(o.WriteCapacityUnits, `${where} WriteCapacityUnits`, problems) };
}

function projectionFrom(v: unknown, where: string, problems: Problems): ProjectionModel {
  if (isUnknown(v)) return { type: v };
  const o = obj(v);
  const type = o.ProjectionType === undefined ? 'KEYS_ONLY' : asString(o.ProjectionType, `${where} ProjectionType`, problems);
  const p: ProjectionModel = { type: type as ProjectionModel['type'] };
  if (type === 'INCLUDE') {
    const names = asList(o.NonKeyAttributes);
    p.nonKeyAttributes = isUnknown(names) ? names : names.map((n) => String(isUnknown(n) ? `?` : n));
    const inner = Array.isArray(names) ? names.find(isUnknown) : undefined;
    if (inner) p.nonKeyAttributes = inner;
  }
  return p;
}

function tableFromProperties(p: Obj, problems: Problems): TableModel {
  const types = new Map<string, Maybe<AttributeType>>();
  const definitions = p.AttributeDefinitions;
  for (const d of Array.isArray(definitions) ? definitions : []) {
    const name = obj(d).AttributeName;
    if (typeof name === 'string') types.set(name, asKeyType(obj(d).AttributeType, `AttributeType of "${name}"`, problems));
  }
  const keys = keysFrom(p.KeySchema, types, 'KeySchema', problems);
  const unknownKeys = isUnknown(keys) ? keys : undefined;
  const tableKeys = isUnknown(keys) ? {} : keys;
  if (!unknownKeys && !tableKeys.partition) problems.push('KeySchema has no HASH key: a table needs a partition key.');
  const model = defaultTableModel(tableKeys.partition ?? { name: unknownKeys ?? unknownValue('no partition key'), type: unknownKeys ?? unknownValue('no partition key') });
  if (p.TableName !== undefined) model.tableName = asString(p.TableName, 'TableName', problems);
  if (tableKeys.sort) model.sortKey = tableKeys.sort;
  if (p.BillingMode !== undefined) model.billingMode = asString(p.BillingMode, 'BillingMode', problems) as Maybe<'PROVISIONED' | 'PAY_PER_REQUEST'>;
  const capacity = capacityFrom(p.ProvisionedThroughput, 'ProvisionedThroughput', problems);
  if (capacity) model.capacity = capacity;

  const indexes = (list: unknown, kind: 'global' | 'local'): Maybe<IndexModel[]> => {
    const items = asList(list);
    if (isUnknown(items)) return items;
    return items.map((raw, i): IndexModel => {
      if (isUnknown(raw)) return { name: raw, projection: { type: raw } };
      const o = obj(raw);
      const where = `${kind === 'global' ? 'GlobalSecondaryIndexes' : 'LocalSecondaryIndexes'}[${i}]`;
      const k = keysFrom(o.KeySchema, types, `${where} KeySchema`, problems);
      const index: IndexModel = { name: asString(o.IndexName, `${where} IndexName`, problems), projection: projectionFrom(o.Projection, `${where} Projection`, problems) };
      if (isUnknown(k)) {
        index.sortKey = { name: k, type: k };
        if (kind === 'global') index.partitionKey = { name: k, type: k };
      } else {
        if (kind === 'global') index.partitionKey = k.partition;
        if (k.sort) index.sortKey = k.sort;
      }
      const c = capacityFrom(o.ProvisionedThroughput, `${where} ProvisionedThroughput`, problems);
      if (c && kind === 'global') index.capacity = c;
      return index;
    });
  };
  model.globalIndexes = indexes(p.GlobalSecondaryIndexes, 'global');
  model.localIndexes = indexes(p.LocalSecondaryIndexes, 'local');

  const ttl = p.TimeToLiveSpecification;
  if (isUnknown(ttl)) model.timeToLive = ttl;
  else if (ttl !== undefined) {
    const enabled = asBoolean(obj(ttl).Enabled ?? false, 'TimeToLiveSpecification Enabled', problems);
    const attribute = asString(obj(ttl).AttributeName, 'TimeToLiveSpecification AttributeName', problems);
    model.timeToLive = isUnknown(enabled) ? enabled : enabled ? { enabled, attribute } : { enabled };
  }
  const stream = p.StreamSpecification;
  if (isUnknown(stream)) model.stream = stream;
  else if (stream !== undefined) {
    const viewType = obj(stream).StreamViewType;
    model.stream = viewType === undefined ? { enabled: false } : { enabled: true, viewType: asString(viewType, 'StreamViewType', problems) as Maybe<'NEW_IMAGE'> };
  }
  const pitr = p.PointInTimeRecoverySpecification;
  if (isUnknown(pitr)) model.pointInTimeRecovery = pitr;
  else if (pitr !== undefined) model.pointInTimeRecovery = asBoolean(obj(pitr).PointInTimeRecoveryEnabled ?? false, 'PointInTimeRecoveryEnabled', problems);
  const sse = p.SSESpecification;
  if (isUnknown(sse)) model.encryption = sse;
  else if (sse !== undefined) {
    const enabled = asBoolean(obj(sse).SSEEnabled ?? false, 'SSEEnabled', problems);
    model.encryption = isUnknown(enabled) ? enabled : enabled ? { kms: true, ...(obj(sse).KMSMasterKeyId !== undefined ? { kmsKey: asString(obj(sse).KMSMasterKeyId, 'KMSMasterKeyId', problems) } : {}) } : { kms: false };
  }
  if (p.DeletionProtectionEnabled !== undefined) model.deletionProtection = asBoolean(p.DeletionProtectionEnabled, 'DeletionProtectionEnabled', problems);
  if (p.TableClass !== undefined) model.tableClass = asString(p.TableClass, 'TableClass', problems) as Maybe<'STANDARD'>;
  model.tags = tagsFrom(p.Tags, problems);
  return model;
}

function tagsFrom(raw: unknown, problems: Problems): TableModel['tags'] {
  if (raw === undefined) return {};
  if (isUnknown(raw)) return raw;
  const tags: Record<string, Maybe<string>> = {};
  if (Array.isArray(raw)) {
    for (const t of raw) {
      const key = obj(t).Key;
      if (isUnknown(key)) return unknownValue(`a tag key from ${key.$unknown}`);
      tags[String(key)] = asString(obj(t).Value, `Tag "${String(key)}"`, problems);
    }
  } else {
    // SAM SimpleTable writes tags as a map.
    for (const [k, v] of Object.entries(obj(raw))) tags[k] = asString(v, `Tag "${k}"`, problems);
  }
  return tags;
}

const SAM_KEY_TYPES: Record<string, AttributeType> = { String: 'S', Number: 'N', Binary: 'B' };

/** `AWS::Serverless::SimpleTable`: a primary key only, on-demand unless it has provisioned throughput. */
function simpleTableFromProperties(p: Obj, problems: Problems): TableModel {
  const pk = p.PrimaryKey === undefined ? { Name: 'id', Type: 'String' } : p.PrimaryKey;
  const key: KeyModel = isUnknown(pk)
    ? { name: pk, type: pk }
    : {
        name: asString(obj(pk).Name, 'PrimaryKey Name', problems),
        type: isUnknown(obj(pk).Type) ? (obj(pk).Type as Maybe<AttributeType>) : (SAM_KEY_TYPES[String(obj(pk).Type)] ?? asKeyType(obj(pk).Type, 'PrimaryKey Type', problems)),
      };
  const model = defaultTableModel(key);
  if (p.TableName !== undefined) model.tableName = asString(p.TableName, 'TableName', problems);
  const capacity = capacityFrom(p.ProvisionedThroughput, 'ProvisionedThroughput', problems);
  model.billingMode = capacity ? 'PROVISIONED' : 'PAY_PER_REQUEST';
  if (capacity) model.capacity = capacity;
  const sse = p.SSESpecification;
  if (isUnknown(sse)) model.encryption = sse;
  else if (sse !== undefined) {
    const enabled = asBoolean(obj(sse).SSEEnabled ?? false, 'SSEEnabled', problems);
    model.encryption = isUnknown(enabled) ? enabled : { kms: enabled };
  }
  const pitr = p.PointInTimeRecoverySpecification;
  if (isUnknown(pitr)) model.pointInTimeRecovery = pitr;
  else if (pitr !== undefined) model.pointInTimeRecovery = asBoolean(obj(pitr).PointInTimeRecoveryEnabled ?? false, 'PointInTimeRecoveryEnabled', problems);
  model.tags = tagsFrom(p.Tags, problems);
  return model;
}

/** Where each setting of a table resource is written. */
function locationsOf(properties: unknown, range: (n: { range?: [number, number, number] | null } | null | undefined) => SourceRange | undefined, model: TableModel, simple: boolean): Record<string, SourceRange> {
  const loc: Record<string, SourceRange> = {};
  const put = (key: string, node: { range?: [number, number, number] | null } | null | undefined) => {
    const r = range(node);
    if (r) loc[key] = r;
  };
  const prop = (name: string) => pairOf(properties, name);
  const pairRange = (pair: Pair<Node, Node> | undefined) => (pair ? { range: [pair.key?.range?.[0] ?? 0, pair.value?.range?.[1] ?? pair.key?.range?.[1] ?? 0, 0] as [number, number, number] } : undefined);
  put('tableName', pairRange(prop('TableName')));
  put('key', pairRange(prop(simple ? 'PrimaryKey' : 'KeySchema')));
  put('billingMode', pairRange(prop('BillingMode') ?? prop('ProvisionedThroughput')));
  put('capacity', pairRange(prop('ProvisionedThroughput')));
  put('timeToLive', pairRange(prop('TimeToLiveSpecification')));
  put('stream', pairRange(prop('StreamSpecification')));
  put('pointInTimeRecovery', pairRange(prop('PointInTimeRecoverySpecification')));
  put('encryption', pairRange(prop('SSESpecification')));
  put('deletionProtection', pairRange(prop('DeletionProtectionEnabled')));
  put('tableClass', pairRange(prop('TableClass')));
  put('tags', pairRange(prop('Tags')));
  for (const [group, kind, list] of [['globalIndexes', 'gsi', model.globalIndexes], ['localIndexes', 'lsi', model.localIndexes]] as const) {
    const pair = prop(group === 'globalIndexes' ? 'GlobalSecondaryIndexes' : 'LocalSecondaryIndexes');
    put(group, pairRange(pair));
    if (pair && isSeq(pair.value) && Array.isArray(list)) {
      pair.value.items.forEach((item, i) => {
        const name = list[i]?.name;
        if (typeof name !== 'string') return;
        put(`${kind}:${name}`, item as Node);
        put(`${kind}:${name}.projection`, pairOf(item, 'Projection')?.value);
        put(`${kind}:${name}.keys`, pairOf(item, 'KeySchema')?.value);
        put(`${kind}:${name}.capacity`, pairOf(item, 'ProvisionedThroughput')?.value);
      });
    }
  }
  const tags = prop('Tags');
  if (tags && isSeq(tags.value)) {
    for (const item of tags.value.items) {
      const key = pairOf(item, 'Key');
      if (key && isScalar(key.value)) put(`tags.${String(key.value.value)}`, item as Node);
    }
  } else if (tags && isMap(tags.value)) {
    for (const pair of tags.value.items) if (isScalar(pair.key)) put(`tags.${String(pair.key.value)}`, pairRange(pair as Pair<Node, Node>));
  }
  return loc;
}

function kindOf(doc: Document, fileName: string, root: Obj): IacKind {
  const transform = root.Transform;
  const transforms = Array.isArray(transform) ? transform : [transform];
  if (transforms.some((t) => typeof t === 'string' && t.startsWith('AWS::Serverless'))) return 'sam';
  if (/(^|[\\/])cdk\.out[\\/]/.test(fileName)) return 'cdk';
  const params = pairOf(doc.contents, 'Parameters');
  if (params && pairOf(params.value, 'BootstrapVersion')) return 'cdk';
  return 'cloudformation';
}

export function readCloudFormation(text: string, fileName: string): IacReadResult {
  const starts = lineStarts(text);
  const range = (n: { range?: [number, number, number] | null } | null | undefined): SourceRange | undefined =>
    n?.range ? rangeAt(starts, n.range[0], n.range[1]) : undefined;
  const doc = parseDocument(text, { customTags: CUSTOM_TAGS, uniqueKeys: false, prettyErrors: false });
  const result: IacReadResult = { kind: undefined, tables: [], problems: [] };
  for (const e of doc.errors) result.problems.push({ message: `The template cannot be read: ${e.message.split('\n')[0]}`, range: rangeAt(starts, e.pos[0], e.pos[1]) });
  if (doc.errors.length) return result;
  const resources = pairOf(doc.contents, 'Resources');
  if (!resources || !isMap(resources.value)) return result;
  const parameters = new Map<string, unknown>();
  const paramsNode = pairOf(doc.contents, 'Parameters');
  if (paramsNode && isMap(paramsNode.value)) {
    for (const pair of paramsNode.value.items) {
      const name = String(isScalar(pair.key) ? pair.key.value : '');
      const def = pairOf(pair.value, 'Default');
      parameters.set(name, def && isScalar(def.value) ? def.value.value : undefined);
    }
  }
  const ctx: Context = { parameters, mappings: {} };
  const mappingsNode = pairOf(doc.contents, 'Mappings');
  if (mappingsNode) ctx.mappings = obj(evaluate(mappingsNode.value, ctx));
  const root = obj(evaluate(doc.contents, { parameters, mappings: ctx.mappings }));
  result.kind = kindOf(doc, fileName, root);
  for (const pair of resources.value.items) {
    const logicalId = String(isScalar(pair.key) ? pair.key.value : '');
    const type = evaluate(pairOf(pair.value, 'Type')?.value, ctx);
    if (type !== 'AWS::DynamoDB::Table' && type !== 'AWS::Serverless::SimpleTable') continue;
    const propertiesNode = pairOf(pair.value, 'Properties')?.value;
    const properties = obj(evaluate(propertiesNode, ctx));
    const messages: string[] = [];
    const simple = type === 'AWS::Serverless::SimpleTable';
    const model = simple ? simpleTableFromProperties(properties, messages) : tableFromProperties(properties, messages);
    const resourceRange = rangeAt(starts, (pair.key as Node).range?.[0] ?? 0, (pair.key as Node).range?.[1] ?? 0);
    const table: DeclaredTable = {
      kind: result.kind,
      resourceId: logicalId,
      model,
      range: resourceRange,
      locations: locationsOf(propertiesNode, range, model, simple),
    };
    result.tables.push(table);
    for (const m of messages) result.problems.push({ message: `${logicalId}: ${m}`, range: resourceRange });
  }
  return result;
}
