// Put Item: a new-item document pre-filled with the key attributes, typed from the key schema. Its save creates
// the item only if no item has that key (attribute_not_exists), so nothing is replaced unseen.
import { itemEditing } from '../editors';
import { keyTemplate } from '../editors/itemFileSystem';
import type { Studio } from '../studio/studio';
import { tableFromArg } from './getItem';

export async function putItem(studio: Studio, arg?: unknown): Promise<void> {
  const table = await tableFromArg(studio, arg);
  await itemEditing(studio).documents.openNewItem(table, keyTemplate(table.keySchema));
}
