// Saving items without losing anyone's update: conditional writes, leases for very large edits, key changes in a
// transaction. No 'vscode' here; the editors and the item form call this.
export { ItemStore, LEASE_ATTRIBUTE, LEASE_MS, applyEdit, changedAttributes, describeKey } from './itemStore';
export type { ConflictReason, DeleteResult, ItemStoreOptions, ItemTable, SaveProtocol, SaveResult } from './itemStore';
export { DYNAMODB_EXPRESSION_LIMITS } from '../../model/itemsave/expressions';
export type { ExpressionLimits } from '../../model/itemsave/expressions';
