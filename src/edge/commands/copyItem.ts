// Copy Item: as plain JSON, as DynamoDB JSON, or as an `aws dynamodb put-item` command line.
import * as vscode from 'vscode';
import { itemToDynamoJsonValue, itemToText, type Item } from '../../model/items';
import type { ItemTableContext } from '../editors/itemFileSystem';
import type { Studio } from '../studio/studio';
import { itemSourceFromArg } from './getItem';
import { Cancelled } from '../ui/pickers';

export type CopyFormat = 'plain' | 'dynamodb' | 'cli';

/** Quotes a word for POSIX shells. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export function putItemCommandLine(table: ItemTableContext, item: Item): string {
  const compact = JSON.stringify(itemToDynamoJsonValue(item, table.keySchema));
  const parts = ['aws dynamodb put-item', `--table-name ${shellQuote(table.tableName)}`, `--item ${shellQuote(compact)}`, `--region ${table.region}`];
  if (table.connection.endpoint) parts.push(`--endpoint-url ${table.connection.endpoint}`);
  if (table.connection.kind === 'profile' && table.connection.profile) parts.push(`--profile ${table.connection.profile.name}`);
  return parts.join(' ');
}

/** arg: an item document, table node or ItemArg; `{ ...ItemArg, format }` copies without asking. */
export async function copyItem(studio: Studio, arg?: unknown, forced?: CopyFormat): Promise<void> {
  const format = forced ?? (arg && typeof arg === 'object' ? (arg as { format?: unknown }).format : undefined);
  const source = await itemSourceFromArg(studio, arg, 'Copy Item');
  let chosen: CopyFormat | undefined = format === 'plain' || format === 'dynamodb' || format === 'cli' ? format : undefined;
  if (!chosen) {
    const picked = await vscode.window.showQuickPick(
      [
        { label: 'JSON', description: 'plain JSON, numbers exact', format: 'plain' as const },
        { label: 'DynamoDB JSON', description: 'the AttributeValue form of the API', format: 'dynamodb' as const },
        { label: 'aws dynamodb put-item', description: 'a command line that writes this item', format: 'cli' as const },
      ],
      { placeHolder: 'Copy the item as', ignoreFocusOut: true },
    );
    if (!picked) throw new Cancelled();
    chosen = picked.format;
  }
  const text = chosen === 'cli' ? putItemCommandLine(source.table, source.item) : itemToText(source.item, chosen, { keySchema: source.table.keySchema });
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(`Copied the item as ${chosen === 'cli' ? 'a put-item command' : chosen === 'plain' ? 'JSON' : 'DynamoDB JSON'}.`, 3000);
}

/** "DynamoDB: Copy Item as AWS CLI Command": the put-item command line, without the format question. */
export async function copyItemAsCliCommand(studio: Studio, arg?: unknown): Promise<void> {
  await copyItem(studio, arg, 'cli');
}
