// Messages of the table viewer, both directions, validated on receipt by both sides. Items cross the webview
// boundary as AttributeValue JSON with binary as base64 ("wire items"): numbers stay decimal text and sets stay
// sets, so nothing is ever rounded or turned into a list on the way.
import { z } from '../model/zod';
import { decodeBase64, encodeBase64 } from '../model/items/base64';
import type { AttributeValue, Item } from '../model/items/types';
import type { QuerySpec } from '../model/query/querySpec';

// ---------------------------------------------------------------------------------------------- wire items

export type WireValue =
  | { S: string }
  | { N: string }
  | { B: string }
  | { BOOL: boolean }
  | { NULL: true }
  | { M: WireItem }
  | { L: WireValue[] }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: string[] };
export type WireItem = Record<string, WireValue>;

/** Deepest nesting accepted; DynamoDB itself allows 32 levels. */
export const MAX_WIRE_DEPTH = 32;
const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** Exactly what the item core decodes (canonical, padded standard base64), so an accepted value always converts. */
const isBase64 = (s: unknown): s is string => typeof s === 'string' && decodeBase64(s).ok;
const isNumberText = (s: unknown): s is string => typeof s === 'string' && s.length <= 200 && NUMBER_TEXT.test(s);
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

/** Why a value is not a wire AttributeValue (with its path), or undefined when it is one. */
export function wireValueProblem(value: unknown, path: string, depth = 0): string | undefined {
  if (depth > MAX_WIRE_DEPTH) return `${path} is nested deeper than ${MAX_WIRE_DEPTH} levels`;
  if (!isPlainObject(value)) return `${path} is not a type descriptor`;
  const keys = Object.keys(value);
  if (keys.length !== 1) return `${path} must have exactly one type, has ${keys.length}`;
  const type = keys[0];
  const v = value[type];
  switch (type) {
    case 'S':
      return typeof v === 'string' ? undefined : `${path}.S is not a string`;
    case 'N':
      return isNumberText(v) ? undefined : `${path}.N is not number text`;
    case 'B':
      return isBase64(v) ? undefined : `${path}.B is not base64`;
    case 'BOOL':
      return typeof v === 'boolean' ? undefined : `${path}.BOOL is not a boolean`;
    case 'NULL':
      return v === true ? undefined : `${path}.NULL is not true`;
    case 'M':
      return wireItemProblem(v, `${path}.M`, depth + 1);
    case 'L': {
      if (!Array.isArray(v)) return `${path}.L is not a list`;
      for (let i = 0; i < v.length; i++) {
        const p = wireValueProblem(v[i], `${path}.L[${i}]`, depth + 1);
        if (p) return p;
      }
      return undefined;
    }
    case 'SS':
      return Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string') ? undefined : `${path}.SS is not a non-empty list of strings`;
    case 'NS':
      return Array.isArray(v) && v.length > 0 && v.every(isNumberText) ? undefined : `${path}.NS is not a non-empty list of number texts`;
    case 'BS':
      return Array.isArray(v) && v.length > 0 && v.every(isBase64) ? undefined : `${path}.BS is not a non-empty list of base64 texts`;
    default:
      return `${path} has the unknown type ${JSON.stringify(type).slice(0, 40)}`;
  }
}

/** Why a value is not a wire item (a map of names to wire values), or undefined when it is one. */
export function wireItemProblem(value: unknown, path = 'item', depth = 0): string | undefined {
  if (!isPlainObject(value)) return `${path} is not an object`;
  for (const name of Object.keys(value)) {
    const p = wireValueProblem(value[name], `${path}[${JSON.stringify(name).slice(0, 60)}]`, depth);
    if (p) return p;
  }
  return undefined;
}

/** The items of a rows message, or why they are not wire items. */
export function parseWireItems(text: string): { ok: true; items: WireItem[] } | { ok: false; problem: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return { ok: false, problem: `the rows are not JSON (${(err as Error).message})` };
  }
  if (!Array.isArray(parsed)) return { ok: false, problem: 'the rows are not a JSON array' };
  for (let i = 0; i < parsed.length; i++) {
    const problem = wireItemProblem(parsed[i], `row ${i}`);
    if (problem) return { ok: false, problem };
  }
  return { ok: true, items: parsed as WireItem[] };
}

/**
 * A wire item, checked without being copied: zod's record would rebuild the object and drop an attribute named
 * "__proto__", which is a legal attribute name.
 */
export const WireItemSchema = z.custom<WireItem>((v) => wireItemProblem(v) === undefined, { message: 'not an item in AttributeValue JSON (binary as base64)' });

function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export function valueToWire(v: AttributeValue): WireValue {
  if (v.S !== undefined) return { S: v.S };
  if (v.N !== undefined) return { N: v.N };
  if (v.B !== undefined) return { B: encodeBase64(v.B) };
  if (v.BOOL !== undefined) return { BOOL: v.BOOL };
  if (v.NULL !== undefined) return { NULL: true };
  if (v.M !== undefined) return { M: itemToWire(v.M) };
  if (v.L !== undefined) return { L: v.L.map(valueToWire) };
  if (v.SS !== undefined) return { SS: [...v.SS] };
  if (v.NS !== undefined) return { NS: [...v.NS] };
  if (v.BS !== undefined) return { BS: v.BS.map(encodeBase64) };
  throw new Error(`Not an attribute value: ${Object.keys(v).join(', ') || 'no type'}.`);
}

export function itemToWire(item: Item): WireItem {
  const out: WireItem = {};
  for (const name of Object.keys(item)) setOwn(out, name, valueToWire(item[name]));
  return out;
}

function bytes(text: string): Uint8Array {
  const decoded = decodeBase64(text);
  if (!decoded.ok) throw new Error(`Binary value is not base64: ${decoded.reason}.`);
  return decoded.bytes;
}

export function wireToValue(v: WireValue): AttributeValue {
  if ('S' in v) return { S: v.S };
  if ('N' in v) return { N: v.N };
  if ('B' in v) return { B: bytes(v.B) };
  if ('BOOL' in v) return { BOOL: v.BOOL };
  if ('NULL' in v) return { NULL: true };
  if ('M' in v) return { M: wireToItem(v.M) };
  if ('L' in v) return { L: v.L.map(wireToValue) };
  if ('SS' in v) return { SS: [...v.SS] };
  if ('NS' in v) return { NS: [...v.NS] };
  return { BS: v.BS.map(bytes) };
}

export function wireToItem(item: WireItem): Item {
  const out: Item = {};
  for (const name of Object.keys(item)) setOwn(out, name, wireToValue(item[name]));
  return out;
}

/** The type name of a wire value (S, N, M, …). */
export function wireType(v: WireValue): string {
  return Object.keys(v)[0];
}

// ---------------------------------------------------------------------------------------------- query spec

const MAX_TEXT = 100_000;
const Name = z.string().max(MAX_TEXT);
const ValueType = z.enum(['S', 'N', 'B', 'BOOL', 'NULL']);

export const QuerySpecSchema: z.ZodType<QuerySpec> = z
  .object({
    kind: z.enum(['scan', 'query', 'partiql']),
    table: z.string().max(255),
    index: z.string().max(255).optional(),
    partitionKey: z.object({ name: Name, type: ValueType, value: z.string().max(MAX_TEXT) }).strict().optional(),
    sortKey: z
      .object({
        name: Name,
        op: z.enum(['=', '<', '<=', '>', '>=', 'BETWEEN', 'begins_with']),
        type: ValueType,
        value: z.string().max(MAX_TEXT),
        value2: z.string().max(MAX_TEXT).optional(),
      })
      .strict()
      .optional(),
    filters: z
      .array(
        z
          .object({
            path: z.string().max(MAX_TEXT),
            op: z.enum(['=', '<>', '<', '<=', '>', '>=', 'BETWEEN', 'IN', 'begins_with', 'contains', 'attribute_exists', 'attribute_not_exists', 'attribute_type']),
            values: z.array(z.string().max(MAX_TEXT)).max(100),
            type: ValueType.optional(),
            size: z.boolean().optional(),
            not: z.boolean().optional(),
          })
          .strict(),
      )
      .max(100),
    filterJoin: z.enum(['AND', 'OR']),
    projection: z.array(z.string().max(MAX_TEXT)).max(1000).optional(),
    scanIndexForward: z.boolean().optional(),
    pageSize: z.number().int().min(1).max(1_000_000).optional(),
    consistentRead: z.boolean().optional(),
    segments: z.number().int().min(1).max(1_000_000).optional(),
    statement: z.string().max(MAX_TEXT).optional(),
  })
  .strict();

// ---------------------------------------------------------------------------------------------- webview → extension

/** Largest number of matching items a "read until N" may ask for. */
export const MAX_LIMIT = 10_000_000;

export const RunMode = z.enum(['page', 'all', 'limit']);
export type RunMode = z.infer<typeof RunMode>;

const KeyList = z.array(WireItemSchema).min(1).max(100_000);

export const ViewerRequest = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }).strict(),
  /** Start a new read: one page, everything, or until `limit` matching items. */
  z.object({ type: z.literal('run'), spec: QuerySpecSchema, mode: RunMode, limit: z.number().int().min(1).max(MAX_LIMIT).optional() }).strict(),
  /** Continue the last read: one more page, or every page left. */
  z.object({ type: z.literal('continue'), mode: z.enum(['page', 'all']) }).strict(),
  z.object({ type: z.literal('cancel') }).strict(),
  z.object({ type: z.literal('openItem'), key: WireItemSchema }).strict(),
  z.object({ type: z.literal('deleteItems'), keys: KeyList }).strict(),
  /** Text the webview formatted (cells, rows as JSON or DynamoDB JSON) for the system clipboard. */
  z.object({ type: z.literal('copyText'), text: z.string().max(64 * 1024 * 1024), description: z.string().max(200) }).strict(),
  z.object({ type: z.literal('copyCode'), target: z.enum(['cli', 'sdk']), spec: QuerySpecSchema }).strict(),
  z.object({ type: z.literal('saveQuery'), spec: QuerySpecSchema }).strict(),
  z.object({ type: z.literal('deleteSavedQuery'), name: z.string().min(1).max(500) }).strict(),
  z.object({ type: z.literal('clearHistory') }).strict(),
  z.object({ type: z.literal('transfer'), action: z.enum(['exportResults', 'exportQuery', 'exportTable', 'import', 'copyTable']), spec: QuerySpecSchema.optional() }).strict(),
]);
export type ViewerRequest = z.infer<typeof ViewerRequest>;

// ---------------------------------------------------------------------------------------------- extension → webview

const KeyAttributeSchema = z.object({ name: z.string(), type: z.string(), role: z.enum(['partition', 'sort']) }).strict();
export type ViewerKeyAttribute = z.infer<typeof KeyAttributeSchema>;

const IndexChoiceSchema = z
  .object({
    index: z.string().optional(),
    kind: z.enum(['table', 'GSI', 'LSI']),
    label: z.string(),
    partitionKey: KeyAttributeSchema.optional(),
    sortKey: KeyAttributeSchema.optional(),
    consistentReadAllowed: z.boolean(),
    projectionType: z.string(),
  })
  .strict();
export type ViewerIndexChoice = z.infer<typeof IndexChoiceSchema>;

export const TableInfoSchema = z
  .object({
    tableName: z.string(),
    connectionName: z.string(),
    region: z.string(),
    readOnly: z.boolean(),
    /** The table's primary key: the key of an item to open or delete. */
    keySchema: z.array(KeyAttributeSchema),
    indexes: z.array(IndexChoiceSchema),
    itemCount: z.number().optional(),
  })
  .strict();
export type TableInfo = z.infer<typeof TableInfoSchema>;

const HistoryEntrySchema = z.object({ spec: QuerySpecSchema, ranAt: z.string(), summary: z.string().optional() }).strict();
const SavedQuerySchema = z.object({ name: z.string(), spec: QuerySpecSchema, savedAt: z.string() }).strict();

export const RunStats = z
  .object({
    /** Matching items read by this run so far (the rows shown). */
    count: z.number(),
    /** Items evaluated before the filter; absent for PartiQL. */
    scannedCount: z.number().optional(),
    consumedCapacity: z.number(),
    pages: z.number(),
  })
  .strict();
export type RunStats = z.infer<typeof RunStats>;

export const ViewerEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('init'), table: TableInfoSchema, history: z.array(HistoryEntrySchema), saved: z.array(SavedQuerySchema) }).strict(),
  /**
   * Rows of run `runId`; `reset` replaces what is shown. The items are one JSON text (an array of wire items):
   * a string crosses the boundary far faster than 2,000 nested objects, and JSON.parse keeps every name as an
   * own property. The webview checks each item with parseWireItems before showing it.
   */
  z.object({ type: z.literal('rows'), runId: z.number().int(), reset: z.boolean(), itemsJson: z.string() }).strict(),
  z
    .object({
      type: z.literal('runState'),
      runId: z.number().int(),
      state: z.enum(['running', 'done', 'cancelled', 'failed']),
      operation: z.string(),
      /** What the running read does: one page, every page, or until a limit. */
      mode: RunMode,
      stats: RunStats,
      hasMore: z.boolean(),
      limited: z.boolean().optional(),
      /** Parallel scans: segments finished, of segments. */
      segmentsDone: z.number().optional(),
      segments: z.number().optional(),
      message: z.string().optional(),
    })
    .strict(),
  /** Problems of the spec, each on the field it is about (paths as in querySpec.ts, e.g. `filters[0].values[1]`). */
  z.object({ type: z.literal('problems'), problems: z.array(z.object({ field: z.string(), message: z.string() }).strict()) }).strict(),
  z.object({ type: z.literal('history'), history: z.array(HistoryEntrySchema), saved: z.array(SavedQuerySchema) }).strict(),
  /** Items that were deleted: their rows go away. */
  z.object({ type: z.literal('removed'), keys: z.array(WireItemSchema) }).strict(),
  z.object({ type: z.literal('notice'), level: z.enum(['info', 'error']), message: z.string() }).strict(),
  /** Puts a query in the form without running it (Run PartiQL Statement… opens the viewer in PartiQL mode). */
  z.object({ type: z.literal('loadSpec'), spec: QuerySpecSchema }).strict(),
]);
export type ViewerEvent = z.infer<typeof ViewerEvent>;
