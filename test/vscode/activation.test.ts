import * as assert from 'assert';
import * as vscode from 'vscode';
import { studioApi, studioExtension } from './explorerApi';

interface Contributions {
  commands?: Array<{ command: string }>;
  views?: Record<string, Array<{ id: string }>>;
  viewsContainers?: Record<string, Array<{ id: string }>>;
}

describe('Extension in VS Code', () => {
  it('activates and returns the explorer API', async () => {
    const api = await studioApi();
    assert.strictEqual(studioExtension().isActive, true);
    assert.strictEqual(typeof api.explorer.getChildren, 'function');
    assert.strictEqual(typeof api.explorer.refresh, 'function');
  });

  it('registers every command, view and view container that package.json contributes', async () => {
    await studioApi();
    const contributes: Contributions = studioExtension().packageJSON.contributes ?? {};
    const expected = [
      ...(contributes.commands ?? []).map((c) => c.command),
      // VS Code registers an "open" command per view container and a "focus" command per view.
      ...Object.values(contributes.viewsContainers ?? {}).flat().map((c) => `workbench.view.extension.${c.id}`),
      ...Object.values(contributes.views ?? {}).flat().map((v) => `${v.id}.focus`),
    ];
    assert.ok(expected.length > 3, `package.json contributes too little to check: ${expected.join(', ')}`);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepStrictEqual(expected.filter((id) => !registered.has(id)), [], 'contributed but not registered');
  });

  it('opens the DynamoDB view container', async () => {
    await studioApi();
    // Rejects when the container or view does not exist.
    await vscode.commands.executeCommand('workbench.view.extension.dynamodbStudio');
    await vscode.commands.executeCommand('dynamodbStudio.explorer.focus');
  });
});
