// Read-only documents with a table's DescribeTable JSON: dynamodb-describe:/TABLE.json?node=<tree node id>.
import * as vscode from 'vscode';
import { toStudioError } from '../../model/errors';
import { nodeFromArg, connectionOf } from '../ui/pickers';
import type { Studio } from '../studio/studio';

export class DescribeDocumentProvider implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly studio: Studio) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const nodeId = new URLSearchParams(uri.query).get('node') ?? '';
    try {
      const node = await nodeFromArg(this.studio, nodeId, 'table');
      if (!node) throw new Error(`"${nodeId}" is not a table in the explorer.`);
      const desc = await this.studio.model.describe(connectionOf(this.studio, node), node.region!, node.tableName!);
      return JSON.stringify({ Table: desc }, null, 2) + '\n';
    } catch (err) {
      const e = toStudioError(err, { operation: `Describing ${uri.path.replace(/^\/|\.json$/g, '')}` });
      return JSON.stringify({ error: e.message, hint: e.hint }, null, 2) + '\n';
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}
