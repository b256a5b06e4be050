// Connection modes from real settings scopes in the extension host: the workspace can commit a mode, the
// strictest scope wins, and the explorer shows the mode.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { childByLabel, eventually, studioApi } from './explorerApi';

const KEY = 'dynamodbStudio.connectionModes';

describe('Connection modes (production guard)', () => {
  const config = () => vscode.workspace.getConfiguration();
  let savedUser: unknown;
  let savedWorkspace: unknown;

  before(() => {
    const inspect = config().inspect(KEY);
    savedUser = inspect?.globalValue;
    savedWorkspace = inspect?.workspaceValue;
  });

  after(async () => {
    await config().update(KEY, savedUser, vscode.ConfigurationTarget.Global);
    await config().update(KEY, savedWorkspace, vscode.ConfigurationTarget.Workspace);
  });

  it('a mode in the workspace settings applies and shows in the explorer', async () => {
    const api = await studioApi();
    await config().update(KEY, { 'endpoint:Local': 'confirmWrites' }, vscode.ConfigurationTarget.Workspace);
    assert.strictEqual(api.connectionMode('endpoint:Local'), 'confirmWrites');
    const local = await eventually('the Local node in confirm-writes mode', async () => {
      const node = await childByLabel(api, undefined, 'Local');
      return /\bconfirmWrites\b/.test(node.contextValue) ? node : undefined;
    });
    assert.match(local.description ?? '', /confirm writes/);
    assert.match(local.tooltip ?? '', /Mode: Confirm writes/);
  });

  it('a less strict user value does not weaken a stricter workspace value, nor the reverse', async () => {
    const api = await studioApi();
    await config().update(KEY, { 'endpoint:Local': 'normal' }, vscode.ConfigurationTarget.Global);
    await config().update(KEY, { 'endpoint:Local': 'readOnly' }, vscode.ConfigurationTarget.Workspace);
    assert.strictEqual(api.connectionMode('endpoint:Local'), 'readOnly');
    await config().update(KEY, { 'endpoint:Local': 'readOnly' }, vscode.ConfigurationTarget.Global);
    await config().update(KEY, { 'endpoint:Local': 'normal' }, vscode.ConfigurationTarget.Workspace);
    assert.strictEqual(api.connectionMode('endpoint:Local'), 'readOnly');
    const local = await eventually('the Local node read-only', async () => {
      const node = await childByLabel(api, undefined, 'Local');
      return /\breadOnly\b/.test(node.contextValue) ? node : undefined;
    });
    assert.match(local.description ?? '', /read-only/);
  });

  it('a value that is not a mode makes the connection read-only and says why in the tooltip', async () => {
    const api = await studioApi();
    await config().update(KEY, undefined, vscode.ConfigurationTarget.Global);
    await config().update(KEY, { 'endpoint:Local': 'read-only' }, vscode.ConfigurationTarget.Workspace);
    assert.strictEqual(api.connectionMode('endpoint:Local'), 'readOnly');
    const local = await eventually('the Local node with the mode problem', async () => {
      const node = await childByLabel(api, undefined, 'Local');
      return /read-only/.test(node.tooltip ?? '') && /"read-only"/.test(node.tooltip ?? '') ? node : undefined;
    });
    assert.match(local.tooltip ?? '', /use "readOnly", "confirmWrites" or "normal"/);
    await config().update(KEY, undefined, vscode.ConfigurationTarget.Workspace);
    assert.strictEqual(api.connectionMode('endpoint:Local'), 'normal');
  });
});
