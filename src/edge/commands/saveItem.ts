import * as vscode from 'vscode';
import { itemEditing } from '../editors';
import { activeItemDocument, saveItemDocument } from '../editors/itemSave';
import type { Studio } from '../studio/studio';

/** Ctrl+S in an item document (see editors/itemSave.ts); anywhere else the normal save. */
export async function saveItem(studio: Studio): Promise<void> {
  const { documents } = itemEditing(studio);
  const document = activeItemDocument(documents);
  if (!document) {
    await vscode.commands.executeCommand('workbench.action.files.save');
    return;
  }
  await saveItemDocument(documents, document);
}
