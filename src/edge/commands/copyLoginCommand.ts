import * as vscode from 'vscode';
import type { ExplorerNode } from '../tree/model';
import type { Studio } from '../studio/studio';

/** Copies the command that fixes an error node (for SSO: `aws sso login --profile NAME`). */
export async function copyLoginCommand(_studio: Studio, arg?: unknown): Promise<void> {
  const fix = (arg as ExplorerNode | undefined)?.fixCommand;
  if (!fix) return;
  await vscode.env.clipboard.writeText(fix);
  void vscode.window.showInformationMessage(vscode.l10n.t('Copied "{0}". Run it in a terminal, then retry.', fix));
}
