import * as assert from 'assert';
import * as vscode from 'vscode';
import { FS_SCHEME_DESCRIBE } from '../../src/edge/base/constants';
import { childByLabel, eventually, FIXTURE_PROFILES, SEEDED_TABLES, studioApi, tableLabels } from './explorerApi';

describe('Explorer tree in VS Code', () => {
  it('lists the seeded tables under the Local endpoint connection from the workspace settings', async () => {
    const api = await studioApi();
    const local = await childByLabel(api, undefined, 'Local');
    assert.strictEqual(local.id, 'endpoint:Local');
    const region = await childByLabel(api, local.id, 'us-east-1');
    const tables = await tableLabels(api, region.id);
    for (const table of SEEDED_TABLES) assert.ok(tables.includes(table), `${table} missing; tables: ${tables.join(', ')}`);
  });

  it('shows one connection per profile of the AWS config files, besides Local', async () => {
    const api = await studioApi();
    const roots = await api.explorer.getChildren();
    const profiles = roots.filter((n) => n.id.startsWith('profile:')).map((n) => n.label).sort();
    assert.deepStrictEqual(profiles, FIXTURE_PROFILES);
    assert.ok(roots.some((n) => n.label === 'Local'), 'the Local endpoint connection is missing');
  });

  it('explains the broken profile in a single error node', async () => {
    const api = await studioApi();
    const broken = await childByLabel(api, undefined, 'broken');
    const children = await api.explorer.getChildren(broken.id);
    assert.strictEqual(children.length, 1, `expected one error node, got: ${children.map((c) => c.label).join('; ')}`);
    const [error] = children;
    assert.match(error.contextValue, /\berror\b/);
    const text = [error.label, error.description, error.tooltip].filter(Boolean).join('\n');
    // The fixture's broken profile names a source_profile that does not exist: the message must say which.
    assert.match(text, /no-such-profile/, `the error does not name the missing source profile: ${text}`);
  });

  it('lists the seeded tables through the local-endpoint profile (endpoint_url in the config file)', async () => {
    const api = await studioApi();
    const profile = await childByLabel(api, undefined, 'local-endpoint');
    const region = await childByLabel(api, profile.id, 'us-east-1');
    const tables = await tableLabels(api, region.id);
    for (const table of SEEDED_TABLES) assert.ok(tables.includes(table), `${table} missing; tables: ${tables.join(', ')}`);
  });

  it('Describe Table opens the table description as JSON', async () => {
    const api = await studioApi();
    const local = await childByLabel(api, undefined, 'Local');
    const region = await childByLabel(api, local.id, 'us-east-1');
    const table = await childByLabel(api, region.id, 'DevOpsProjects');
    await vscode.commands.executeCommand('dynamodbStudio.describeTable', table.id);
    const editor = await eventually('an editor with the table description', () => {
      const active = vscode.window.activeTextEditor;
      return active?.document.uri.scheme === FS_SCHEME_DESCRIBE ? active : undefined;
    });
    const text = editor.document.getText();
    let description: { Table?: { TableName?: string; KeySchema?: unknown } };
    try {
      description = JSON.parse(text);
    } catch (err) {
      assert.fail(`The description is not JSON (${err}):\n${text.slice(0, 500)}`);
    }
    assert.strictEqual(description.Table?.TableName, 'DevOpsProjects', text.slice(0, 500));
    assert.deepStrictEqual(description.Table?.KeySchema, [{ AttributeName: 'ProjectID', KeyType: 'HASH' }]);
  });
});
