// Open in Form Editor: the item document's attributes as rows with a type each; edits go into the same document.
import * as vscode from 'vscode';
import { itemEditing } from '../editors';
import { itemDocumentUri } from '../editors/conflict';
import { inItemLanguage } from '../editors/itemFileSystem';
import type { Studio } from '../studio/studio';
import { ItemEditorPanel } from '../panels/itemEditorPanel';
import { getItem, isItemArg } from './getItem';

export async function openItemEditor(studio: Studio, arg?: unknown): Promise<void> {
  const { documents } = itemEditing(studio);
  let uri = isItemArg(arg) ? undefined : itemDocumentUri(arg);
  if (!uri || !documents.isItemDocument(uri)) {
    // No item document at hand: open one first (asks for table and key as Get Item does).
    await getItem(studio, arg);
    uri = itemDocumentUri(undefined);
  }
  if (!uri) return;
  const document = await inItemLanguage(await vscode.workspace.openTextDocument(uri));
  ItemEditorPanel.show({ extensionUri: studio.context.extensionUri, items: documents, panels: studio.panels, output: studio.output }, document);
}
