import * as vscode from 'vscode';
import { StudioError } from '../../model/errors';
import { convertNotation, type ItemNotation } from '../../model/items';
import { itemDocumentUri } from '../editors/conflict';
import { itemEditing } from '../editors';
import type { Studio } from '../studio/studio';

/** Converts the active item document to the other notation (or the one given), keeping the item unchanged. */
export async function switchItemNotation(studio: Studio, arg?: unknown, to?: unknown): Promise<ItemNotation | undefined> {
  const editing = itemEditing(studio);
  const uri = itemDocumentUri(arg);
  if (!uri) throw new StudioError('notFound', 'No item document is active.', { hint: 'Open an item (Get Item) and run the command from its editor.' });
  const from = editing.documents.notationOf(uri);
  if (!from) return undefined;
  const target: ItemNotation = to === 'plain' || to === 'dynamodb' ? to : from === 'dynamodb' ? 'plain' : 'dynamodb';
  if (target === from) return from;
  const doc = await vscode.workspace.openTextDocument(uri);
  const table = editing.documents.tableOf(uri);
  const converted = convertNotation(doc.getText(), from, target, { keySchema: table?.keySchema });
  if (!converted.ok) {
    editing.diagnostics.update(doc);
    throw new StudioError('validation', `The document cannot be converted: it has ${converted.problems.length} problem(s) in ${from === 'plain' ? 'plain JSON' : 'DynamoDB JSON'}.`, {
      hint: 'Fix the problems shown in the Problems panel, then switch again.',
    });
  }
  editing.documents.setNotation(uri, target);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(0, 0, doc.lineCount, 0), converted.text);
  await vscode.workspace.applyEdit(edit);
  editing.diagnostics.update(doc);
  return target;
}
