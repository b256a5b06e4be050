// One item per line in the two notations of src/core/items (docs/item-notation.md): compact, so an export writes
// fast, and read back by the same readers as item documents, so numbers and binary stay exact.
//
//   JSON Lines       plain notation:   {"id":"a1","price":12.50,"tags":{"$SS":["x"]},"raw":{"$B":"AAE="}}
//   DynamoDB JSON    DynamoDB's own export layout, one {"Item": …} per line:
//                    {"Item":{"id":{"S":"a1"},"price":{"N":"12.50"}}}
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { StudioError } from '../errors';
import { encodeBase64 } from '../items/base64';
import { isJsonNumberLiteral } from '../items/json';
import type { Item } from '../items/types';

const PLAIN_TAGS = new Set(['$SS', '$NS', '$BS', '$B', '$N', '$M']);

function malformed(name: string): StudioError {
  return new StudioError('validation', `The attribute "${name}" is not a DynamoDB attribute value; it cannot be exported.`, {
    hint: 'Every value needs exactly one of the types S, N, B, BOOL, NULL, M, L, SS, NS, BS.',
  });
}

function dynamoValue(v: AttributeValue, name: string): string {
  if (v.S !== undefined) return `{"S":${JSON.stringify(v.S)}}`;
  if (v.N !== undefined) return `{"N":${JSON.stringify(v.N)}}`;
  if (v.BOOL !== undefined) return v.BOOL ? '{"BOOL":true}' : '{"BOOL":false}';
  if (v.NULL !== undefined) return '{"NULL":true}';
  if (v.M !== undefined) return `{"M":${dynamoMap(v.M)}}`;
  if (v.L !== undefined) return `{"L":[${v.L.map((x) => dynamoValue(x, name)).join(',')}]}`;
  if (v.B !== undefined) return `{"B":${JSON.stringify(encodeBase64(v.B))}}`;
  if (v.SS !== undefined) return `{"SS":${JSON.stringify(v.SS)}}`;
  if (v.NS !== undefined) return `{"NS":${JSON.stringify(v.NS)}}`;
  if (v.BS !== undefined) return `{"BS":[${v.BS.map((b) => JSON.stringify(encodeBase64(b))).join(',')}]}`;
  throw malformed(name);
}

function dynamoMap(m: Record<string, AttributeValue>): string {
  let out = '{';
  let first = true;
  for (const k of Object.keys(m)) {
    out += `${first ? '' : ','}${JSON.stringify(k)}:${dynamoValue(m[k], k)}`;
    first = false;
  }
  return out + '}';
}

/** The item as DynamoDB JSON on one line, without the {"Item": …} wrapper. */
export function itemToDynamoJsonLine(item: Item): string {
  return dynamoMap(item);
}

/** The item as DynamoDB's export writes it: {"Item": {…}} on one line. */
export function itemToExportLine(item: Item): string {
  return `{"Item":${dynamoMap(item)}}`;
}

function plainNumber(text: string): string {
  return isJsonNumberLiteral(text) ? text : JSON.stringify(text);
}

function plainValue(v: AttributeValue, name: string): string {
  if (v.S !== undefined) return JSON.stringify(v.S);
  if (v.N !== undefined) return isJsonNumberLiteral(v.N) ? v.N : `{"$N":${JSON.stringify(v.N)}}`;
  if (v.BOOL !== undefined) return v.BOOL ? 'true' : 'false';
  if (v.NULL !== undefined) return 'null';
  if (v.M !== undefined) {
    const keys = Object.keys(v.M);
    const map = plainMap(v.M);
    // A map whose only key is a tag would read back as that tag: wrap it, as the item notation does.
    return keys.length === 1 && PLAIN_TAGS.has(keys[0]) ? `{"$M":${map}}` : map;
  }
  if (v.L !== undefined) return `[${v.L.map((x) => plainValue(x, name)).join(',')}]`;
  if (v.B !== undefined) return `{"$B":${JSON.stringify(encodeBase64(v.B))}}`;
  if (v.SS !== undefined) return `{"$SS":${JSON.stringify(v.SS)}}`;
  if (v.NS !== undefined) return `{"$NS":[${v.NS.map(plainNumber).join(',')}]}`;
  if (v.BS !== undefined) return `{"$BS":[${v.BS.map((b) => JSON.stringify(encodeBase64(b))).join(',')}]}`;
  throw malformed(name);
}

function plainMap(m: Record<string, AttributeValue>): string {
  let out = '{';
  let first = true;
  for (const k of Object.keys(m)) {
    out += `${first ? '' : ','}${JSON.stringify(k)}:${plainValue(m[k], k)}`;
    first = false;
  }
  return out + '}';
}

/** The item in the plain notation on one line (JSON Lines). */
export function itemToPlainJsonLine(item: Item): string {
  return plainMap(item);
}

/** One attribute value as DynamoDB JSON (used for CSV cells that are not simple scalars). */
export function attributeValueToDynamoJson(value: AttributeValue, name = 'value'): string {
  return dynamoValue(value, name);
}
