// Get Item: asks for the key (the key picker, ui/pickers.ts promptKey) and opens the item as a document. Also the
// argument handling the other item commands share: which table, which key, which item.
import * as vscode from 'vscode';
import { StudioError } from '../../model/errors';
import { ItemStore, describeKey } from '../../services/itemsave';
import { itemKey, type Item } from '../../model/items';
import { itemEditing } from '../editors';
import { itemDocumentUri } from '../editors/conflict';
import { tableContext, type ItemLocation, type ItemTableContext } from '../editors/itemFileSystem';
import type { Studio } from '../studio/studio';
import { promptKey, tableNodeFromArg } from '../ui/pickers';

/** An item's place given by a caller (the table viewer, tests): table and optionally the key. */
export interface ItemArg extends ItemLocation {
  key?: Item;
}

export function isItemArg(arg: unknown): arg is ItemArg {
  const a = arg as Partial<ItemArg> | undefined;
  return !!a && typeof a === 'object' && typeof a.connectionId === 'string' && typeof a.region === 'string' && typeof a.tableName === 'string' && !('kind' in a);
}

/** The table a command acts on: from an ItemArg, a table node or node id, or picked. */
export async function tableFromArg(studio: Studio, arg: unknown): Promise<ItemTableContext> {
  if (isItemArg(arg)) return tableContext(studio, arg);
  const node = await tableNodeFromArg(studio, arg);
  return tableContext(studio, { connectionId: node.connectionId!, region: node.region!, tableName: node.tableName! });
}

export async function getItem(studio: Studio, arg?: unknown): Promise<void> {
  const table = await tableFromArg(studio, arg);
  const key = isItemArg(arg) && arg.key ? arg.key : await promptKey(table, `Get Item from ${table.tableName}`);
  await itemEditing(studio).documents.openItem({ connectionId: table.connection.id, region: table.region, tableName: table.tableName }, key);
}

// ---- shared by the item commands ------------------------------------------------------------------------------

/** The item a command acts on: the active (or given) item document as currently edited, else a key asked for. */
export interface ItemSource {
  table: ItemTableContext;
  /** The item as shown (the document's current text when it is valid). */
  item: Item;
  /** The item the document was loaded from, if it came from a document. */
  loaded?: Item;
  uri?: vscode.Uri;
}

export async function storeFor(studio: Studio, table: ItemTableContext): Promise<ItemStore> {
  return new ItemStore(await studio.pool.get(table.connection, table.region), { tableName: table.tableName, keySchema: table.keySchema });
}

export async function itemSourceFromArg(studio: Studio, arg: unknown, title: string): Promise<ItemSource> {
  const { documents } = itemEditing(studio);
  const uri = isItemArg(arg) ? undefined : itemDocumentUri(arg);
  if (uri && documents.isItemDocument(uri)) {
    const table = documents.tableOf(uri)!;
    const doc = await vscode.workspace.openTextDocument(uri);
    const read = documents.read(uri, doc.getText());
    const loaded = documents.loadedItem(uri);
    const item = read?.ok ? read.item : loaded;
    if (!item) throw new StudioError('validation', 'The document has problems and was never saved, so there is no item to use yet.', { hint: 'Fix the problems shown in the Problems panel first.' });
    return { table, item, loaded, uri };
  }
  const table = await tableFromArg(studio, arg);
  const key = isItemArg(arg) && arg.key ? arg.key : await promptKey(table, title);
  const stored = await (await storeFor(studio, table)).get(itemKey(key, table.keySchema));
  if (!stored) throw new StudioError('notFound', `No item with the key ${describeKey(key)} is in table "${table.tableName}".`, { hint: 'Check the key values, or refresh the table view.' });
  return { table, item: stored, loaded: stored };
}
