import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Studio } from '../studio/studio';

/** Opens the shared AWS config file in use, creating an empty one after asking if it does not exist. */
export async function openAwsConfig(studio: Studio): Promise<void> {
  const { configFile, credentialsFile } = await studio.sharedConfigFiles();
  const choice = await vscode.window.showQuickPick(
    [
      { label: 'Config file', description: configFile, file: configFile },
      { label: 'Credentials file', description: credentialsFile, file: credentialsFile },
    ],
    { placeHolder: 'Which AWS file?', ignoreFocusOut: true },
  );
  if (!choice) return;
  try {
    await fs.access(choice.file);
  } catch {
    const create = await vscode.window.showInformationMessage(vscode.l10n.t('{0} does not exist. Create it?', choice.file), 'Create');
    if (create !== 'Create') return;
    await fs.mkdir(path.dirname(choice.file), { recursive: true });
    await fs.writeFile(choice.file, '', { mode: 0o600 });
  }
  await vscode.window.showTextDocument(vscode.Uri.file(choice.file));
}
