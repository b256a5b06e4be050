import * as vscode from 'vscode';
import type { Studio } from '../studio/studio';
import { tableNodeFromArg } from '../ui/pickers';

export async function copyTableName(studio: Studio, arg?: unknown): Promise<void> {
  const node = await tableNodeFromArg(studio, arg);
  await vscode.env.clipboard.writeText(node.tableName!);
  vscode.window.setStatusBarMessage(`Copied ${node.tableName}`, 3000);
}
