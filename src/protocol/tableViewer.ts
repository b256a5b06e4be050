// Messages of the table viewer, both directions, validated on receipt by both sides. Items cross the webview
// boundary as AttributeValue JSON with binary as base64 ("wire items"): numbers stay decimal text and sets stay
// sets, so nothing is ever rounded or turned into a list on the way.
import { z } from '../model/zod';
import {
  dynamoJsonItemProblem,
  dynamoJsonValueProblem,
  fromDynamoJsonItem,
  fromDynamoJsonValue,
  itemToDynamoJsonValue,
  MAX_JSON_VALUE_DEPTH,
  toDynamoJsonValue,
  type DynamoJsonItem,
  type DynamoJsonValue,
} from '../model/items/codec';
import type { AttributeValue, Item } from '../model/items/types';
import { QuerySpecSchema } from '../model/query/querySpecSchema';
import { HistoryEntrySchema, SavedQuerySchema } from '../model/query/history';

// ---------------------------------------------------------------------------------------------- wire items

// Wire items are the codec's DynamoDB JSON values (src/model/items/codec.ts); these names say their role here.
export type WireValue = DynamoJsonValue;
export type WireItem = DynamoJsonItem;
export const MAX_WIRE_DEPTH = MAX_JSON_VALUE_DEPTH;
/** Why a value is not a wire AttributeValue (with its path), or undefined when it is one. */
export const wireValueProblem = dynamoJsonValueProblem;
/** Why a value is not a wire item (a map of names to wire values), or undefined when it is one. */
export const wireItemProblem = dynamoJsonItemProblem;
export const valueToWire = (v: AttributeValue): WireValue => toDynamoJsonValue(v);
export const itemToWire = (item: Item): WireItem => itemToDynamoJsonValue(item);
export const wireToValue = fromDynamoJsonValue;
export const wireToItem = fromDynamoJsonItem;

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

/** The type name of a wire value (S, N, M, …). */
export function wireType(v: WireValue): string {
  return Object.keys(v)[0];
}

// ---------------------------------------------------------------------------------------------- query spec

// The schema lives with the spec in the model: the stored query history is parsed with it too.
export { QuerySpecSchema } from '../model/query/querySpecSchema';

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
  /** Show another window of the fetched rows (0-based; the extension keeps one window in memory). */
  z.object({ type: z.literal('showWindow'), index: z.number().int().min(0).max(MAX_LIMIT) }).strict(),
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

/**
 * Which table a viewer shows, kept in the webview's state (getState/setState) so the panel serializer brings the
 * viewer back after a window reload; the query form comes back with the rest of the webview's state.
 */
export const ViewerRestoreSchema = z.object({ connectionId: z.string().min(1).max(10_000), region: z.string().min(1).max(255), tableName: z.string().min(1).max(255) }).strict();
export type ViewerRestore = z.infer<typeof ViewerRestoreSchema>;

export const ViewerEvent = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('init'),
      table: TableInfoSchema,
      history: z.array(HistoryEntrySchema),
      saved: z.array(SavedQuerySchema),
      /** Nothing has been read in this panel yet: the webview reads a first page at once (the last query, or a scan). */
      firstRead: z.boolean().optional(),
      /** Kept in the webview state for the panel serializer. */
      restore: ViewerRestoreSchema.optional(),
    })
    .strict(),
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
      /** What a finished write statement did, in words ("DELETE done: 1 item deleted, if it existed."). */
      outcome: z.string().optional(),
    })
    .strict(),
  /** Problems of the spec, each on the field it is about (paths as in querySpec.ts, e.g. `filters[0].values[1]`). */
  z.object({ type: z.literal('problems'), problems: z.array(z.object({ field: z.string(), message: z.string() }).strict()) }).strict(),
  z.object({ type: z.literal('history'), history: z.array(HistoryEntrySchema), saved: z.array(SavedQuerySchema) }).strict(),
  /**
   * Which window of the fetched rows the grid shows: rows start+1 … start+rows of `fetched`, at most `size` at a
   * time. The rows themselves come as rows messages (a new window's first one resets the grid).
   */
  z.object({ type: z.literal('window'), start: z.number().int().min(0), rows: z.number().int().min(0), fetched: z.number().int().min(0), size: z.number().int().min(1), deleted: z.number().int().min(0) }).strict(),
  /** Items that were deleted: their rows go away. */
  z.object({ type: z.literal('removed'), keys: z.array(WireItemSchema) }).strict(),
  z.object({ type: z.literal('notice'), level: z.enum(['info', 'error']), message: z.string() }).strict(),
  /** Puts a query in the form without running it (Run PartiQL Statement… opens the viewer in PartiQL mode). */
  z.object({ type: z.literal('loadSpec'), spec: QuerySpecSchema }).strict(),
]);
export type ViewerEvent = z.infer<typeof ViewerEvent>;
