// Item editing wired in one call from activate(): the dynamodb: file system, diagnostics, inlay hints and the
// conflict tracker. Commands that act on items (Get, Put, Delete, ...) are in
// src/commands and reach the open documents through itemEditing(studio).
import * as vscode from 'vscode';
import { StudioError } from '../../model/errors';
import { itemToText } from '../../model/items';
import { Slot } from '../studio/slot';
import type { Studio } from '../studio/studio';
import { ConflictTracker } from './conflict';
import { ItemDiagnostics } from './itemDiagnostics';
import { inItemLanguage, ITEM_SCHEME, ItemFileSystem } from './itemFileSystem';
import { registerItemInlayHints } from './ttlDecorations';

export interface ItemEditing {
  documents: ItemFileSystem;
  diagnostics: ItemDiagnostics;
  conflicts: ConflictTracker;
}

const ItemEditingSlot = new Slot<ItemEditing & vscode.Disposable>('Item editing');

/** The item editing services of a running extension. */
export function itemEditing(studio: Studio): ItemEditing {
  const found = studio.lookup(ItemEditingSlot);
  if (!found) throw new StudioError('unknown', 'Item editing is not set up.', { hint: 'Reload the window.' });
  return found;
}

/** Builds item editing once, owned (and disposed) by the Studio. */
export function registerItemEditing(studio: Studio): void {
  const documents = new ItemFileSystem(studio);
  const diagnostics = new ItemDiagnostics(documents);
  const conflicts = new ConflictTracker(documents);
  const registrations = [
    documents,
    vscode.workspace.registerFileSystemProvider(ITEM_SCHEME, documents, { isCaseSensitive: true }),
    diagnostics,
    conflicts,
    registerItemInlayHints(documents),
    // Format Document: the item written out again in its notation (only when it reads without errors).
    vscode.languages.registerDocumentFormattingEditProvider({ scheme: ITEM_SCHEME }, {
      provideDocumentFormattingEdits: (doc) => {
        const table = documents.tableOf(doc.uri);
        const read = documents.read(doc.uri, doc.getText());
        if (!table || !read?.ok) return [];
        const text = itemToText(read.item, documents.notationOf(doc.uri) ?? 'dynamodb', { keySchema: table.keySchema });
        return text === doc.getText() ? [] : [vscode.TextEdit.replace(new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text)];
      },
    }),
    // Every item document in the item language (auto save off), also those opened by a restored tab or a comparison.
    vscode.workspace.onDidOpenTextDocument((doc) => void inItemLanguage(doc).catch(() => undefined)),
  ];
  for (const doc of vscode.workspace.textDocuments) void inItemLanguage(doc).catch(() => undefined);
  studio.provide(ItemEditingSlot, {
    documents,
    diagnostics,
    conflicts,
    dispose: () => {
      for (const d of registrations.reverse()) d.dispose();
    },
  });
}

export { ITEM_SCHEME } from './itemFileSystem';
