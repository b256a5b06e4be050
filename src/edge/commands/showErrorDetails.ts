// "Show Details" on an error node: the whole message, hint and fix command in a dialog, since the sidebar cuts the
// label at its width; Retry and Copy are its actions.
import * as vscode from 'vscode';
import { Commands } from '../base/constants';
import type { ExplorerNode } from '../tree/model';
import type { Studio } from '../studio/studio';

export async function showErrorDetails(studio: Studio, arg?: unknown): Promise<void> {
  const node = arg as ExplorerNode | undefined;
  if (!node || node.kind !== 'error') return;
  const message = node.error?.message ?? node.label;
  const detail = [node.error?.hint ?? node.description, node.fixCommand ? `Command: ${node.fixCommand}` : undefined].filter(Boolean).join('\n\n');
  const retry = vscode.l10n.t('Retry');
  const copy = node.fixCommand ? vscode.l10n.t('Copy Command') : vscode.l10n.t('Copy Details');
  const actions = node.retryId ? [retry, copy] : [copy];
  const choice = await vscode.window.showErrorMessage(message, { modal: true, detail }, ...actions);
  if (choice === retry) await vscode.commands.executeCommand(Commands.retry, node);
  if (choice === copy) await vscode.env.clipboard.writeText(node.fixCommand ?? [message, detail].filter(Boolean).join('\n\n'));
  void studio;
}
