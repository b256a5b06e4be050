// One item per line in the two notations of the item codec (src/model/items/codec.ts, docs/item-notation.md):
// compact, so an export writes fast, and read back by the same readers as item documents, so numbers and binary
// stay exact.
//
//   JSON Lines       plain notation:   {"id":"a1","price":12.50,"tags":{"$SS":["x"]},"raw":{"$B":"AAE="}}
//   DynamoDB JSON    DynamoDB's own export layout, one {"Item": …} per line:
//                    {"Item":{"id":{"S":"a1"},"price":{"N":"12.50"}}}
export { attributeValueToDynamoJson, itemFromDynamoJsonLine, itemToDynamoJsonLine, itemToExportLine, itemToPlainJsonLine } from '../items/codec';
