import * as vscode from 'vscode';
import { FS_SCHEME_DESCRIBE } from '../base/constants';
import type { Studio } from '../studio/studio';
import { tableNodeFromArg } from '../ui/pickers';

/** Opens DescribeTable's JSON in a read-only editor (served by DescribeDocumentProvider). */
export async function describeTable(studio: Studio, arg?: unknown): Promise<void> {
  const node = await tableNodeFromArg(studio, arg);
  // Fresh data for an explicit request.
  studio.model.invalidate(node.id);
  const uri = vscode.Uri.from({ scheme: FS_SCHEME_DESCRIBE, path: `/${node.tableName}.json`, query: new URLSearchParams({ node: node.id }).toString() });
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.languages.setTextDocumentLanguage(doc, 'json');
  await vscode.window.showTextDocument(doc, { preview: true });
}
