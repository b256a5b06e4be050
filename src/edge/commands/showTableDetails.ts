import * as vscode from 'vscode';
import { describeTableDetails, tableDetailsMarkdown } from '../../services/dynamo/tableDetails';
import type { Studio } from '../studio/studio';
import { connectionOf, tableNodeFromArg } from '../ui/pickers';

/**
 * Table Details: one readable page of what the describe APIs say, shown as a Markdown preview. The page is written
 * to the extension's storage (one file per connection, region and table) so closing it asks nothing.
 */
export async function showTableDetails(studio: Studio, arg?: unknown): Promise<void> {
  const node = await tableNodeFromArg(studio, arg);
  const conn = connectionOf(studio, node);
  const client = await studio.pool.get(conn, node.region!);
  const details = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Describing ${node.tableName}` }, () =>
    describeTableDetails(client, node.tableName!),
  );
  const header = `_${conn.name} · ${node.region} · read ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}_`;
  const text = [header, '', ...tableDetailsMarkdown(details)].join('\n');
  const folder = vscode.Uri.joinPath(studio.context.globalStorageUri, 'table-details');
  await vscode.workspace.fs.createDirectory(folder);
  // Two regions with a same-named table get two pages.
  const fileName = `${node.id.replace(/[^A-Za-z0-9_.-]+/g, '_')}.md`;
  const uri = vscode.Uri.joinPath(folder, fileName);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  await vscode.commands.executeCommand('markdown.showPreview', uri);
}
