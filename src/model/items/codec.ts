// The one AttributeValue codec of the model. Every conversion of an item or a value to JSON, and of DynamoDB JSON
// values back, is written here once; item documents, the table viewer, transfers and the webview protocol call it.
//
//   DynamoDB JSON value  {"S":"a"}, {"N":"1.50"}, {"B":"AAE="} …        toDynamoJsonValue / itemToDynamoJsonValue,
//                        (numbers as text, binary as base64: what          fromDynamoJsonValue / fromDynamoJsonItem,
//                        crosses the webview boundary as "wire items")     dynamoJsonValueProblem (untrusted input)
//   DynamoDB JSON text   that value as a document or on one line          itemToDynamoJson, itemToDynamoJsonLine,
//                                                                          itemToExportLine, attributeValueToDynamoJson
//   plain notation text  natural JSON plus the $-tags (PLAIN_TAGS)        itemToPlainJson, itemToPlainJsonLine
//
// So there is one writer per notation: valueToJson for DynamoDB JSON (its text is the value, stringified or pretty
// printed) and plainValue for the plain notation (built as a tree for documents or straight into one line,
// see JsonBuilder in format.ts). Numbers keep their digits, sets stay sets, binary is byte for byte. The text
// readers, which also say where a problem is in a document, are dynamoJson.ts and plainJson.ts; the list of types
// is ATTRIBUTE_TYPES in model.ts; base64 is base64.ts.
import { StudioError } from '../errors';
import { decodeBase64, encodeBase64 } from './base64';
import { COMPACT_BUILDER, jsonValueNode, render, TREE_BUILDER, type JsonBuilder } from './format';
import { isJsonNumberLiteral } from './json';
import { attributeTypeOf, orderedAttributeNames, setOwn } from './model';
import { describePath } from './positions';
import type { AttributeValue, Item, ItemPath, KeyAttribute } from './types';

export interface WriteOptions {
  /** Key attributes come first, in this order. */
  keySchema?: readonly KeyAttribute[];
  /** Indentation unit of documents; two spaces by default. */
  indent?: string;
}

// ---------------------------------------------------------------------------------------------- malformed values

const MALFORMED_HINT = 'Every value needs exactly one of the types S, N, B, BOOL, NULL, M, L, SS, NS, BS.';

export function malformedValueError(path: ItemPath, value: unknown): StudioError {
  const shown = value === undefined || value === null || typeof value !== 'object' ? String(value) : Object.keys(value).join(', ') || 'no type';
  return new StudioError('validation', `The value at ${describePath(path)} is not a DynamoDB attribute value (it has ${shown}); it cannot be written as JSON.`, { hint: MALFORMED_HINT });
}

/** Thrown by the writers without a path (building paths on every value would slow exports); see `malformed`. */
class Malformed extends Error {}

/** The path to the first value of the item that is not a well-formed AttributeValue. */
function findMalformed(values: Record<string, unknown> | unknown[], path: ItemPath): { path: ItemPath; value: unknown } | undefined {
  const keys = Array.isArray(values) ? values.map((_, i) => i) : Object.keys(values);
  for (const k of keys) {
    const value = (values as Record<string | number, unknown>)[k];
    const type = attributeTypeOf(value);
    if (type === undefined) return { path: [...path, k], value };
    if (type === 'M' || type === 'L') {
      const inner = findMalformed((value as Record<string, Record<string, unknown> | unknown[]>)[type], [...path, k]);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** Runs a writer; a malformed value becomes a StudioError that names its place in `root` (found only then). */
function writing<T>(root: () => Item, write: () => T): T {
  try {
    return write();
  } catch (err) {
    if (!(err instanceof Malformed)) throw err;
    const found = findMalformed(root(), []);
    throw malformedValueError(found?.path ?? [], found?.value);
  }
}

// ---------------------------------------------------------------------------------------------- DynamoDB JSON values

export type DynamoJsonValue =
  | { S: string }
  | { N: string }
  | { B: string }
  | { BOOL: boolean }
  | { NULL: true }
  | { M: DynamoJsonItem }
  | { L: DynamoJsonValue[] }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: string[] };
export type DynamoJsonItem = Record<string, DynamoJsonValue>;

function valueToJson(v: AttributeValue): DynamoJsonValue {
  switch (attributeTypeOf(v)) {
    case 'S':
      return { S: v.S as string };
    case 'N':
      return { N: v.N as string };
    case 'B':
      return { B: encodeBase64(v.B as Uint8Array) };
    case 'BOOL':
      return { BOOL: v.BOOL as boolean };
    case 'NULL':
      return { NULL: true };
    case 'M':
      return { M: mapToJson(v.M as Item, Object.keys(v.M as Item)) };
    case 'L':
      return { L: (v.L as AttributeValue[]).map(valueToJson) };
    case 'SS':
      return { SS: [...(v.SS as string[])] };
    case 'NS':
      return { NS: [...(v.NS as string[])] };
    case 'BS':
      return { BS: (v.BS as Uint8Array[]).map(encodeBase64) };
    default:
      throw new Malformed();
  }
}

function mapToJson(item: Item, names: readonly string[]): DynamoJsonItem {
  const out: DynamoJsonItem = {};
  for (const name of names) setOwn(out, name, valueToJson(item[name]));
  return out;
}

/** A value as DynamoDB JSON (binary as base64). Throws a StudioError for a value that is not well-formed. */
export function toDynamoJsonValue(value: AttributeValue, name = 'value'): DynamoJsonValue {
  return writing(() => ({ [name]: value }), () => valueToJson(value));
}

/** An item as DynamoDB JSON values, attributes in the item's order (or key attributes first with a key schema). */
export function itemToDynamoJsonValue(item: Item, keySchema?: readonly KeyAttribute[]): DynamoJsonItem {
  return writing(() => item, () => mapToJson(item, orderedAttributeNames(item, keySchema)));
}

function bytesOf(text: string): Uint8Array {
  const decoded = decodeBase64(text);
  if (!decoded.ok) throw new StudioError('validation', `A binary value is not base64: ${decoded.reason}.`, { hint: 'Write binary values in standard base64.' });
  return decoded.bytes;
}

/** A DynamoDB JSON value back as an AttributeValue. Check untrusted input with dynamoJsonValueProblem first. */
export function fromDynamoJsonValue(v: DynamoJsonValue): AttributeValue {
  if ('S' in v) return { S: v.S };
  if ('N' in v) return { N: v.N };
  if ('B' in v) return { B: bytesOf(v.B) };
  if ('BOOL' in v) return { BOOL: v.BOOL };
  if ('NULL' in v) return { NULL: true };
  if ('M' in v) return { M: fromDynamoJsonItem(v.M) };
  if ('L' in v) return { L: v.L.map(fromDynamoJsonValue) };
  if ('SS' in v) return { SS: [...v.SS] };
  if ('NS' in v) return { NS: [...v.NS] };
  return { BS: v.BS.map(bytesOf) };
}

export function fromDynamoJsonItem(item: DynamoJsonItem): Item {
  const out: Item = {};
  for (const name of Object.keys(item)) setOwn(out, name, fromDynamoJsonValue(item[name]));
  return out;
}

/** Deepest nesting accepted; DynamoDB itself allows 32 levels. */
export const MAX_JSON_VALUE_DEPTH = 32;
const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** Exactly what the codec decodes (canonical, padded standard base64), so an accepted value always converts. */
const isBase64 = (s: unknown): s is string => typeof s === 'string' && decodeBase64(s).ok;
const isNumberText = (s: unknown): s is string => typeof s === 'string' && s.length <= 200 && NUMBER_TEXT.test(s);
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

/** Why a value is not a DynamoDB JSON value (with its path), or undefined when it is one. */
export function dynamoJsonValueProblem(value: unknown, path: string, depth = 0): string | undefined {
  if (depth > MAX_JSON_VALUE_DEPTH) return `${path} is nested deeper than ${MAX_JSON_VALUE_DEPTH} levels`;
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
      return dynamoJsonItemProblem(v, `${path}.M`, depth + 1);
    case 'L': {
      if (!Array.isArray(v)) return `${path}.L is not a list`;
      for (let i = 0; i < v.length; i++) {
        const p = dynamoJsonValueProblem(v[i], `${path}.L[${i}]`, depth + 1);
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

/** Why a value is not an item of DynamoDB JSON values (a map of names to values), or undefined when it is one. */
export function dynamoJsonItemProblem(value: unknown, path = 'item', depth = 0): string | undefined {
  if (!isPlainObject(value)) return `${path} is not an object`;
  for (const name of Object.keys(value)) {
    const p = dynamoJsonValueProblem(value[name], `${path}[${JSON.stringify(name).slice(0, 60)}]`, depth);
    if (p) return p;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------- DynamoDB JSON text

/** Writes an item as a DynamoDB JSON document. Throws a StudioError for a value that is not well-formed. */
export function itemToDynamoJson(item: Item, options: WriteOptions = {}): string {
  return render(jsonValueNode(itemToDynamoJsonValue(item, options.keySchema)), options.indent);
}

/**
 * Whether JSON.stringify of the value as it is gives exactly what valueToJson would: a plain object with one type
 * whose content is already JSON (no binary, which needs base64; NULL only as true; plain containers, so no toJSON
 * or class changes what the engine writes). Items read from DynamoDB are like this, so exports skip building a
 * copy of every value; anything else goes through valueToJson, which also reports malformed values.
 */
function isJsonReady(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || !isPlainContainer(v)) return false;
  let type: string | undefined;
  for (const key in v) {
    if (type !== undefined) return false;
    type = key;
  }
  const x = (v as Record<string, unknown>)[type as string];
  switch (type) {
    case 'S':
    case 'N':
      return typeof x === 'string';
    case 'BOOL':
      return typeof x === 'boolean';
    case 'NULL':
      return x === true;
    case 'SS':
    case 'NS':
      if (!Array.isArray(x) || Object.getPrototypeOf(x) !== Array.prototype) return false;
      for (let i = 0; i < x.length; i++) if (typeof x[i] !== 'string') return false;
      return true;
    case 'L':
      if (!Array.isArray(x) || Object.getPrototypeOf(x) !== Array.prototype) return false;
      for (let i = 0; i < x.length; i++) if (!isJsonReady(x[i])) return false;
      return true;
    case 'M':
      return typeof x === 'object' && x !== null && isJsonReadyMap(x);
    default:
      return false;
  }
}

function isPlainContainer(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function isJsonReadyMap(item: object): boolean {
  if (Array.isArray(item) || !isPlainContainer(item)) return false;
  for (const name in item) if (!isJsonReady((item as Record<string, unknown>)[name])) return false;
  return true;
}

/** The item as DynamoDB JSON on one line. */
export function itemToDynamoJsonLine(item: Item): string {
  // An item as DynamoDB returns it is its own DynamoDB JSON: checking that is cheaper than copying it.
  if (isJsonReadyMap(item)) return JSON.stringify(item);
  // Otherwise the value form and the engine's JSON.stringify: as fast as building the text by hand, and one writer.
  return JSON.stringify(itemToDynamoJsonValue(item));
}

/** The item of a line itemToDynamoJsonLine wrote (numbers as text, binary as base64: read back exactly). */
export function itemFromDynamoJsonLine(line: string): Item {
  return fromDynamoJsonItem(JSON.parse(line) as DynamoJsonItem);
}

/** The item as DynamoDB's export writes it: {"Item": {…}} on one line. */
export function itemToExportLine(item: Item): string {
  return JSON.stringify({ Item: isJsonReadyMap(item) ? item : itemToDynamoJsonValue(item) });
}

/** One attribute value as DynamoDB JSON on one line (CSV cells that are not simple scalars). */
export function attributeValueToDynamoJson(value: AttributeValue, name = 'value'): string {
  return JSON.stringify(toDynamoJsonValue(value, name));
}

// ---------------------------------------------------------------------------------------------- plain notation text

/**
 * Plain notation (docs/item-notation.md): strings, numbers, booleans, null, maps and lists as natural JSON, and
 *
 *   {"$SS": ["a", "b"]}   string set           {"$B": "base64"}        binary
 *   {"$NS": [1, 2.5]}     number set           {"$BS": ["base64", …]}  binary set
 *   {"$N": "text"}        number whose text is not a JSON number literal (e.g. "+1", ".5")
 *   {"$M": {…}}           map whose only key is one of these tags (escape)
 *
 * An object is a tag exactly when it has one key and that key is one of the tags; every other object is a map.
 */
export const PLAIN_TAGS = ['$SS', '$NS', '$BS', '$B', '$N', '$M'] as const;
export type PlainTag = (typeof PLAIN_TAGS)[number];
const TAG_SET: ReadonlySet<string> = new Set(PLAIN_TAGS);

export function isPlainTag(key: string): key is PlainTag {
  return TAG_SET.has(key);
}

function plainValue<T>(value: AttributeValue, b: JsonBuilder<T>): T {
  switch (attributeTypeOf(value)) {
    case 'S':
      return b.str(value.S as string);
    case 'N':
      return isJsonNumberLiteral(value.N as string) ? b.raw(value.N as string) : b.member('$N', b.str(value.N as string));
    case 'BOOL':
      return b.raw(value.BOOL ? 'true' : 'false');
    case 'NULL':
      return b.raw('null');
    case 'B':
      return b.member('$B', b.str(encodeBase64(value.B as Uint8Array)));
    case 'SS':
      return b.member('$SS', b.array((value.SS as string[]).map((x) => b.str(x))));
    case 'NS':
      return b.member('$NS', b.array((value.NS as string[]).map((x) => (isJsonNumberLiteral(x) ? b.raw(x) : b.str(x)))));
    case 'BS':
      return b.member('$BS', b.array((value.BS as Uint8Array[]).map((x) => b.str(encodeBase64(x)))));
    case 'L':
      return b.array((value.L as AttributeValue[]).map((x) => plainValue(x, b)));
    case 'M': {
      const m = value.M as Item;
      const keys = Object.keys(m);
      const map = plainMapText(m, keys, b);
      // A map whose only key is a tag would read back as that tag: wrap it.
      return keys.length === 1 && isPlainTag(keys[0]) ? b.member('$M', map) : map;
    }
    default:
      throw new Malformed();
  }
}

function plainMapText<T>(item: Item, names: readonly string[], b: JsonBuilder<T>): T {
  return b.object(names, (name) => plainValue(item[name], b));
}

/** Writes an item as a plain notation document. Throws a StudioError for a value that is not well-formed. */
export function itemToPlainJson(item: Item, options: WriteOptions = {}): string {
  return render(writing(() => item, () => plainMapText(item, orderedAttributeNames(item, options.keySchema), TREE_BUILDER)), options.indent);
}

/** The item in the plain notation on one line (JSON Lines). */
export function itemToPlainJsonLine(item: Item): string {
  return writing(() => item, () => plainMapText(item, Object.keys(item), COMPACT_BUILDER));
}
