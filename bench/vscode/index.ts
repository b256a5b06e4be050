// Runs inside the extension host (code-server) for `npm run bench`: activates the extension and prints its
// activation time in the bench line format, then reports success to the workbench.
import * as vscode from 'vscode';

export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension('dynamodb-studio.dynamodb-studio');
  if (!ext) throw new Error('The extension dynamodb-studio.dynamodb-studio is not loaded.');
  const api = (await ext.activate()) as { activationMs: number };
  console.log(`bench activation-ms ${api.activationMs.toFixed(1)} ms`);
}
