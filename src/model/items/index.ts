// The item core: items as documents in DynamoDB JSON or plain JSON notation, exact numbers, validation, comparison.
export * from './types';
export { parseJson, isJsonNumberLiteral } from './json';
export type { JsonNode, JsonMember, JsonParseResult } from './json';
export { canonicalNumber, compareNumbers, checkDynamoNumber, parseDecimal } from './numbers';
export { encodeBase64, decodeBase64 } from './base64';
export { ItemPositions, describePath } from './positions';
export { attributeTypeOf, ATTRIBUTE_TYPES } from './model';
export type { AttributeType } from './model';
export {
  itemToDynamoJson,
  itemToDynamoJsonLine,
  itemToDynamoJsonValue,
  toDynamoJsonValue,
  fromDynamoJsonValue,
  fromDynamoJsonItem,
  dynamoJsonValueProblem,
  dynamoJsonItemProblem,
  itemToPlainJson,
  itemToPlainJsonLine,
  itemToExportLine,
  attributeValueToDynamoJson,
  PLAIN_TAGS,
} from './codec';
export type { DynamoJsonValue, DynamoJsonItem, WriteOptions } from './codec';
export { dynamoJsonToItem } from './dynamoJson';
export type { ItemParseResult } from './dynamoJson';
export { plainJsonToItem } from './plainJson';
export { validateItem, itemSize, MAX_ITEM_BYTES, MAX_NESTING_LEVELS } from './validate';
export type { ValidateOptions } from './validate';
export { itemsEqual, attributeValuesEqual, itemKey, projectKey } from './equality';
export { itemToText, textToItem, readItemDocument, convertNotation } from './document';
export type { ReadDocumentOptions, ReadDocumentResult } from './document';
