// Ids that survive any name: profiles and endpoint connections whose names hold "/", "#", ":", "%", spaces and
// non-ASCII resolve by id (from a cold explorer, walking the path), reveal in the explorer view and open their
// tables. Profile names are limited to what the SDK reads from ~/.aws/config (letters, digits, - _ @ + . % : /);
// endpoint connection names (a setting) carry the rest. DynamoDB table names allow only [A-Za-z0-9_.-], so odd
// table names are covered by the unit tests of the id codec and the explorer model.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { Commands } from '../../src/edge/base/constants';
import { connectionNodeId, regionNodeId, tableNodeId } from '../../src/edge/tree/nodeIds';
import { eventually, studioApi, type StudioApi } from './explorerApi';

const PROFILES = ['team/dev', 'ops:eu%2F1'];
const ENDPOINTS = ['Local #2 / prüfung: 50%', 'データ 🙂 %23'];
const KEYS = { accessKeyId: 'AKIAODDNAMES', secretAccessKey: 'OddNamesSecret0123456789' };
const REGION = 'us-east-1';
const TABLE = 'DevOpsProjects';

describe('Odd connection names', function () {
  this.timeout(120_000);
  let api: StudioApi;
  const configFile = process.env.AWS_CONFIG_FILE;
  const credentialsFile = process.env.AWS_SHARED_CREDENTIALS_FILE;
  const endpoint = process.env.DYNAMODB_STUDIO_TEST_ENDPOINT;
  let originalConfig = '';
  let originalCredentials = '';
  let originalEndpoints: unknown;
  const connectionIds = [...PROFILES.map((p) => `profile:${p}`), ...ENDPOINTS.map((e) => `endpoint:${e}`)];

  before(async () => {
    assert.ok(endpoint && configFile && credentialsFile, 'run with `node scripts/test.js vscode`');
    api = await studioApi();
    originalConfig = fs.readFileSync(configFile, 'utf8');
    originalCredentials = fs.readFileSync(credentialsFile, 'utf8');
    for (const p of PROFILES) {
      fs.appendFileSync(configFile, `\n[profile ${p}]\nregion = ${REGION}\nendpoint_url = ${endpoint}\n`);
      fs.appendFileSync(credentialsFile, `\n[${p}]\naws_access_key_id = ${KEYS.accessKeyId}\naws_secret_access_key = ${KEYS.secretAccessKey}\n`);
    }
    const config = vscode.workspace.getConfiguration();
    const inspected = config.inspect<unknown[]>('dynamodbStudio.customEndpoints');
    originalEndpoints = inspected?.workspaceValue;
    const current = (inspected?.workspaceValue as unknown[] | undefined) ?? [];
    await config.update('dynamodbStudio.customEndpoints', [...current, ...ENDPOINTS.map((name) => ({ name, endpoint, region: REGION }))], vscode.ConfigurationTarget.Workspace);
    api.explorer.refresh();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (configFile) fs.writeFileSync(configFile, originalConfig);
    if (credentialsFile) fs.writeFileSync(credentialsFile, originalCredentials);
    await vscode.workspace.getConfiguration().update('dynamodbStudio.customEndpoints', originalEndpoints, vscode.ConfigurationTarget.Workspace);
    api?.explorer.refresh();
  });

  it('lists each connection under its own name, with distinct ids', async () => {
    const roots = await eventually('the odd-named connections', async () => {
      const nodes = await api.explorer.getChildren();
      return connectionIds.every((id) => nodes.some((n) => n.id === connectionNodeId(id))) ? nodes : undefined;
    });
    for (const name of [...PROFILES, ...ENDPOINTS]) assert.ok(roots.some((n) => n.label === name), `no root node labelled "${name}"`);
    assert.strictEqual(new Set(roots.map((n) => n.id)).size, roots.length, 'two root nodes share an id');
  });

  it('opens the table of each connection by its node id, walking the path from a cold start', async () => {
    const before = new Set(api.openPanels());
    for (const id of connectionIds) {
      // The table's node was never listed: the command resolves connection, region and table from the id.
      await vscode.commands.executeCommand(Commands.openTable, tableNodeId(id, REGION, TABLE));
    }
    const opened = api.openPanels().filter((k) => !before.has(k));
    assert.strictEqual(opened.length, connectionIds.length, `opened: ${opened.join(' | ')}`);
    for (const id of connectionIds) assert.ok(opened.some((k) => k.endsWith(tableNodeId(id, REGION, TABLE))), `no viewer for ${id}: ${opened.join(' | ')}`);
  });

  it('resolves and reveals the connection, region and table nodes by id', async () => {
    for (const id of connectionIds) {
      const conn = connectionNodeId(id);
      const region = regionNodeId(id, REGION);
      const table = tableNodeId(id, REGION, TABLE);
      const regions = await api.explorer.getChildren(conn);
      assert.deepStrictEqual(regions.map((n) => n.id), [region]);
      const tables = await api.explorer.getChildren(region);
      assert.ok(tables.some((n) => n.id === table && n.label === TABLE), `tables of ${region}: ${tables.map((n) => n.id).join(', ')}`);
      for (const nodeId of [conn, region, table]) assert.strictEqual(await api.explorer.reveal(nodeId), nodeId, `reveal ${nodeId}`);
    }
  });
});
