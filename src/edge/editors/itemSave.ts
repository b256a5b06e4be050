// Ctrl+S in an item document: the save runs here first, so what the person sees is the product's own message with
// labeled actions (Compare, Overwrite, Take Theirs, Discard), never VS Code's "Unable to write file '<uri>'" wrapper
// with Retry / Save As / Revert. Only a save that went through is handed to VS Code, which then just marks the
// document saved. File > Save and auto save still go through ItemFileSystem.writeFile with the same checks.
import * as vscode from 'vscode';
import type { Item } from '../../model/items';
import { ITEM_SCHEME, type ItemFileSystem, type SaveOutcome } from './itemFileSystem';

const Actions = {
  compare: vscode.l10n.t('Compare'),
  overwrite: vscode.l10n.t('Overwrite'),
  takeTheirs: vscode.l10n.t('Take Theirs'),
  discard: vscode.l10n.t('Discard'),
  showProblems: vscode.l10n.t('Show Problems'),
} as const;

/** Saves the item document; true when it was saved (or had nothing to save). */
export async function saveItemDocument(documents: ItemFileSystem, document: vscode.TextDocument): Promise<boolean> {
  const uri = document.uri;
  if (!document.isDirty) return true;
  const text = document.getText();
  const outcome = await documents.saveText(uri, text);
  if (!outcome.ok) {
    void offerActions(documents, document, outcome);
    return false;
  }
  documents.acceptSaved(uri, text);
  const saved = await document.save();
  if (outcome.created) {
    await showAsStoredItem(documents, uri, outcome.created);
  }
  if (outcome.notice) void vscode.window.showInformationMessage(outcome.notice);
  return saved;
}

/** A created item's tab becomes the stored item's own tab, named after its key ("New Item 1.json" goes away). */
async function showAsStoredItem(documents: ItemFileSystem, newUri: vscode.Uri, key: Item): Promise<void> {
  const table = documents.tableOf(newUri);
  if (!table) return;
  await documents.openItem({ connectionId: table.connection.id, region: table.region, tableName: table.tableName }, key);
  // Tabs are snapshots: looked up after the stored item's tab opened, so none is stale when closed.
  const newTabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === newUri.toString());
  if (newTabs.length) await vscode.window.tabGroups.close(newTabs);
  documents.forget(newUri);
}

async function offerActions(documents: ItemFileSystem, document: vscode.TextDocument, outcome: Extract<SaveOutcome, { ok: false }>): Promise<void> {
  const uri = document.uri;
  if (outcome.reason === 'refused') {
    const problems = /problem/.test(outcome.message) && !outcome.readOnly;
    const choice = await vscode.window.showErrorMessage(outcome.message, ...(problems ? [Actions.showProblems] : []));
    if (choice === Actions.showProblems) await vscode.commands.executeCommand('workbench.actions.view.problems');
    return;
  }
  const actions: string[] = [Actions.compare, Actions.overwrite];
  if (outcome.conflict === 'changed' || outcome.conflict === 'leased') actions.push(Actions.takeTheirs);
  actions.push(Actions.discard);
  const choice = await vscode.window.showWarningMessage(outcome.message, ...actions);
  if (!documents.conflictOf(uri)) return;
  if (choice === Actions.compare) {
    await documents.showConflict(uri);
  } else if (choice === Actions.overwrite) {
    if (documents.adoptStored(uri)) await saveItemDocument(documents, document);
  } else if (choice === Actions.takeTheirs) {
    await documents.takeStored(uri);
  } else if (choice === Actions.discard) {
    // Drop the edits and close the document; opening the item again reads it fresh from DynamoDB.
    await vscode.window.showTextDocument(document, { preview: false });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    documents.forget(uri);
  }
}

/** The item document Ctrl+S applies to, or undefined when the active editor is something else. */
export function activeItemDocument(documents: ItemFileSystem): vscode.TextDocument | undefined {
  const document = vscode.window.activeTextEditor?.document;
  if (!document || document.uri.scheme !== ITEM_SCHEME || !documents.isItemDocument(document.uri)) return undefined;
  if (new URLSearchParams(document.uri.query).get('view') === 'stored') return undefined;
  return document;
}
