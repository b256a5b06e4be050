// Webview panels that come back after a window reload: VS Code keeps each panel's webview state and hands the panel
// to the serializer of its view type, which builds the panel again from that state (validated like any message).
import * as vscode from 'vscode';
import type { z } from 'zod';
import { ItemEditorSavedState } from '../../protocol/messages';
import { CreateTableSavedState } from '../../protocol/createTable';
import { ViewerRestoreSchema } from '../../protocol/tableViewer';
import { itemEditing } from '../editors';
import { inItemLanguage } from '../editors/itemFileSystem';
import type { Studio } from '../studio/studio';
import { ItemEditorPanel, ITEM_EDITOR_VIEW_TYPE } from './itemEditorPanel';
import { CreateTablePanel, CREATE_TABLE_VIEW_TYPE } from './createTablePanel';
import { TABLE_VIEWER_VIEW_TYPE } from './tableViewer/commandIds';
import { TableViewerPanel } from './tableViewer/tableViewerPanel';

/** The state a webview kept, or undefined (and the panel closed, with a line in the output) when it is unusable. */
function restoredState<T>(studio: Studio, panel: vscode.WebviewPanel, schema: z.ZodType<T>, state: unknown): T | undefined {
  const parsed = schema.safeParse(state);
  if (parsed.success) return parsed.data;
  studio.output.warn(`A "${panel.title}" panel was not reopened after the reload: its saved state is not usable.`);
  panel.dispose();
  return undefined;
}

export function registerPanelSerializers(studio: Studio): vscode.Disposable[] {
  return [
    vscode.window.registerWebviewPanelSerializer(CREATE_TABLE_VIEW_TYPE, {
      async deserializeWebviewPanel(panel, state: unknown) {
        const saved = restoredState(studio, panel, CreateTableSavedState, state);
        if (saved) await CreateTablePanel.restore(studio, panel, saved);
      },
    }),
    vscode.window.registerWebviewPanelSerializer(TABLE_VIEWER_VIEW_TYPE, {
      async deserializeWebviewPanel(panel, state: unknown) {
        const restore = restoredState(studio, panel, ViewerRestoreSchema, (state as { restore?: unknown } | undefined)?.restore);
        if (restore) await TableViewerPanel.restore(studio, panel, restore);
      },
    }),
    vscode.window.registerWebviewPanelSerializer(ITEM_EDITOR_VIEW_TYPE, {
      async deserializeWebviewPanel(panel, state: unknown) {
        const saved = restoredState(studio, panel, ItemEditorSavedState, state);
        if (!saved) return;
        try {
          const document = await inItemLanguage(await vscode.workspace.openTextDocument(vscode.Uri.parse(saved.documentUri, true)));
          const { documents } = itemEditing(studio);
          if (!documents.isItemDocument(document.uri)) throw new Error('it is not an item document of DynamoDB Studio.');
          ItemEditorPanel.show({ extensionUri: studio.context.extensionUri, items: documents, panels: studio.panels, output: studio.output }, document, panel);
        } catch (err) {
          panel.dispose();
          studio.output.warn(`A form editor was not reopened after the reload: ${err instanceof Error ? err.message : String(err)}`);
        }
      },
    }),
  ];
}
