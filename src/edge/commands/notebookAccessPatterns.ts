// Access Patterns as Markdown: the notebook's cells as a list of access patterns (table, index, key condition,
// projection), opened as a new Markdown document to paste into a design document.
import * as vscode from 'vscode';
import { StudioError } from '../../model/errors';
import { accessPatternsMarkdown } from '../../model/notebook/accessPatterns';
import { NOTEBOOK_TYPE } from '../../protocol/notebookOutput';
import { notebookDefaults } from '../editors/notebookFiles';
import type { Studio } from '../studio/studio';
import { cellKindOfLanguage } from '../../model/notebook/notebookFile';

function notebookFromArg(arg: unknown): vscode.NotebookDocument | undefined {
  if (arg instanceof vscode.Uri) return vscode.workspace.notebookDocuments.find((nb) => nb.uri.toString() === arg.toString());
  const uri = (arg as { notebookEditor?: { notebookUri?: vscode.Uri } } | undefined)?.notebookEditor?.notebookUri;
  if (uri) return vscode.workspace.notebookDocuments.find((nb) => nb.uri.toString() === uri.toString());
  return vscode.window.activeNotebookEditor?.notebook;
}

export async function notebookAccessPatterns(_studio: Studio, arg?: unknown): Promise<vscode.TextEditor> {
  const notebook = notebookFromArg(arg);
  if (!notebook || notebook.notebookType !== NOTEBOOK_TYPE) {
    throw new StudioError('validation', vscode.l10n.t('No DynamoDB notebook is open in front.'), { hint: vscode.l10n.t('Open a .dynamodb-nb notebook, then run the command again.') });
  }
  const cells = notebook.getCells().map((c) => ({
    kind: c.kind === vscode.NotebookCellKind.Markup ? ('markdown' as const) : cellKindOfLanguage(c.document.languageId),
    source: c.document.getText(),
  }));
  const title = notebook.isUntitled ? vscode.l10n.t('untitled notebook') : decodeURIComponent(notebook.uri.path.split('/').pop() ?? '');
  const markdown = accessPatternsMarkdown({ ...notebookDefaults(notebook), cells }, title);
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
  return vscode.window.showTextDocument(doc, { preview: false });
}
