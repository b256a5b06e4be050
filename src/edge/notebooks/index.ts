// DynamoDB notebooks wired in one call from activate(): the .dynamodb-nb serializer, the controller that runs cells,
// cell validation and completion, and the renderer's messages (a click on a row opens the item as a document).
import * as vscode from 'vscode';
import { parseMessage } from '../../protocol/messages';
import { NOTEBOOK_RENDERER_ID, NotebookRendererMessage } from '../../protocol/notebookOutput';
import { wireToItem } from '../../protocol/tableViewer';
import { toStudioError } from '../../model/errors';
import { itemEditing } from '../editors';
import type { Studio } from '../studio/studio';
import { CellDiagnostics, registerCellCompletion } from './cellLanguage';
import { NotebookRunner } from './notebookController';
import { registerNotebookSerializer } from '../editors/notebookFiles';
import { NotebookSession } from './notebookSession';

export function registerNotebooks(studio: Studio): vscode.Disposable[] {
  const session = new NotebookSession(studio);
  const messaging = vscode.notebooks.createRendererMessaging(NOTEBOOK_RENDERER_ID);
  const onMessage = messaging.onDidReceiveMessage(async ({ message }) => {
    const parsed = parseMessage(NotebookRendererMessage, message);
    if (!parsed.ok) {
      studio.output.warn(`Notebook renderer: ${parsed.error}`);
      return;
    }
    const m = parsed.message;
    try {
      await itemEditing(studio).documents.openItem({ connectionId: m.connectionId, region: m.region, tableName: m.tableName }, wireToItem(m.key));
    } catch (err) {
      const e = toStudioError(err, { operation: vscode.l10n.t('Opening the item') });
      void vscode.window.showErrorMessage(e.fullMessage);
    }
  });
  return [session, registerNotebookSerializer(), new NotebookRunner(session), new CellDiagnostics(session), registerCellCompletion(session), onMessage];
}


