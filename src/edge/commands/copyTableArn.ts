import * as vscode from 'vscode';
import type { Studio } from '../studio/studio';
import { connectionOf, tableNodeFromArg } from '../ui/pickers';

export async function copyTableArn(studio: Studio, arg?: unknown): Promise<void> {
  const node = await tableNodeFromArg(studio, arg);
  const desc = await studio.model.describe(connectionOf(studio, node), node.region!, node.tableName!);
  await vscode.env.clipboard.writeText(desc.TableArn ?? '');
  vscode.window.setStatusBarMessage(`Copied ${desc.TableArn}`, 3000);
}
