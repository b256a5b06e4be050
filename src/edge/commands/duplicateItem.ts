// Duplicate Item: the item's content under a new key, as an unsaved new-item document (created on save, only if
// the new key is free).
import { itemEditing } from '../editors';
import type { Studio } from '../studio/studio';
import { promptKey } from '../ui/pickers';
import { itemSourceFromArg } from './getItem';

export async function duplicateItem(studio: Studio, arg?: unknown): Promise<void> {
  const source = await itemSourceFromArg(studio, arg, 'Duplicate Item: key of the item to copy');
  const newKey = await promptKey(source.table, `Duplicate Item: the new key in "${source.table.tableName}"`, source.item);
  await itemEditing(studio).documents.openNewItem(source.table, { ...source.item, ...newKey });
}
