// Get Item: asks for the key, typed from the table's key schema, and opens the item as a document. Also the
// argument handling the other item commands share: which table, which key, which item.
import * as vscode from 'vscode';
import { StudioError } from '../../model/errors';
import { ItemStore, describeKey } from '../../services/itemsave';
import { checkDynamoNumber, decodeBase64, encodeBase64, itemKey, type Item, type KeyAttribute } from '../../model/items';
import { itemEditing } from '../editors';
import { itemDocumentUri } from '../editors/conflict';
import { tableContext, type ItemLocation, type ItemTableContext } from '../editors/itemFileSystem';
import type { Studio } from '../studio/studio';
import { Cancelled, tableNodeFromArg } from '../ui/pickers';

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

function keyValueProblem(type: KeyAttribute['type'], text: string): string | undefined {
  if (type === 'N') {
    const check = checkDynamoNumber(text.trim());
    return check.ok ? undefined : check.reason;
  }
  if (text.length === 0) return 'A key value cannot be empty.';
  if (type === 'B') {
    const bytes = decodeBase64(text.trim());
    return bytes.ok ? undefined : `Not base64: ${bytes.reason}`;
  }
  return undefined;
}

/** Asks for each key attribute in turn, checking the value against its type as it is typed. */
export async function promptKey(table: ItemTableContext, title: string, initial?: Item): Promise<Item> {
  const key: Item = {};
  for (const attribute of table.keySchema) {
    const role = attribute.keyType === 'RANGE' ? 'sort key' : 'partition key';
    const start = initial?.[attribute.name];
    const value = await vscode.window.showInputBox({
      title,
      prompt: `${attribute.name}: ${role} of "${table.tableName}", type ${attribute.type}${attribute.type === 'B' ? ' (base64)' : ''}`,
      value: start ? (start.S ?? start.N ?? (start.B ? encodeBase64(start.B) : '')) : '',
      ignoreFocusOut: true,
      validateInput: (text) => keyValueProblem(attribute.type, text),
    });
    if (value === undefined) throw new Cancelled();
    if (attribute.type === 'S') key[attribute.name] = { S: value };
    else if (attribute.type === 'N') key[attribute.name] = { N: value.trim() };
    else {
      const bytes = decodeBase64(value.trim());
      if (!bytes.ok) throw new Cancelled();
      key[attribute.name] = { B: bytes.bytes };
    }
  }
  return key;
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
