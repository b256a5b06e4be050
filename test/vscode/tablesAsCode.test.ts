// Tables as code in a real VS Code against DynamoDB Local: the demo template of the sample tables (scripts/seed.js,
// one deliberate drift) gets CodeLenses over both resources; "Compare with Local" puts exactly that drift on the
// resource as a diagnostic with the live and the declared value, and a drift CodeLens; the table without drift gets
// "as declared". Copy as CloudFormation, SAM and Terraform on the live table write a definition to the clipboard
// that reads back with no drift. Tables get a per-run prefix so other suites' changes cannot leak in.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Commands, IacCommands } from '../../src/edge/base/constants';
import { tableNodeId } from '../../src/edge/tree/model';
import { compareTables } from '../../src/model/iac/compare';
import type { IacReadResult } from '../../src/model/iac/tableModel';
import { readCloudFormation } from '../../src/services/iac/cloudFormation';
import { readLiveTableModel } from '../../src/services/iac/liveTables';
import { readTerraform } from '../../src/services/iac/terraform';
import { eventually, studioApi } from './explorerApi';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const LOCAL = { connectionId: 'endpoint:Local', region: 'us-east-1' };

interface Seed {
  seedSampleData(options: object): Promise<unknown>;
  sampleTablesTemplate(): string;
}

const driftDiagnostics = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'DynamoDB drift');
const lensTitles = async (uri: vscode.Uri) =>
  ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? []).map((l) => l.command?.title ?? '');

describe('Tables as code in VS Code (demo template on DynamoDB Local)', function () {
  this.timeout(120_000);
  const prefix = `VsIac${Date.now().toString(36)}`;
  const orders = `${prefix}CustomerOrders`;
  const projects = `${prefix}DevOpsProjects`;
  let client: DynamoDBClient;
  let file: string;
  let doc: vscode.TextDocument;

  before(async () => {
    const endpoint = process.env.DYNAMODB_STUDIO_TEST_ENDPOINT;
    assert.ok(endpoint, 'DYNAMODB_STUDIO_TEST_ENDPOINT is not set: run with `node scripts/test.js vscode`.');
    client = new DynamoDBClient({ endpoint, region: LOCAL.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const seed = require(path.join(repoRoot, 'scripts', 'seed.js')) as Seed;
    await seed.seedSampleData({ client, orderCount: 0, tableNamePrefix: prefix });
    // The demo template, pointed at this run's tables.
    const template = JSON.parse(seed.sampleTablesTemplate()) as { Resources: Record<string, { Properties: { TableName: string } }> };
    for (const r of Object.values(template.Resources)) r.Properties.TableName = `${prefix}${r.Properties.TableName}`;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder, 'the test workspace has no folder');
    file = path.join(folder, `infra-${prefix}`, 'sample-tables.template.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(template, null, 2));
    const api = await studioApi();
    await api.explorer.getChildren();
    doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
    for (const TableName of [orders, projects]) await client.send(new DeleteTableCommand({ TableName })).catch(() => undefined);
    client.destroy();
  });

  it('puts Compare, Create and Open CodeLenses over both table resources', async () => {
    const titles = await eventually('the CodeLenses', async () => {
      const found = await lensTitles(doc.uri);
      return found.filter((t) => t === 'Compare with Local (us-east-1)').length === 2 ? found : undefined;
    });
    assert.strictEqual(titles.filter((t) => t === 'Create on DynamoDB Local').length, 2, titles.join(' | '));
    assert.strictEqual(titles.filter((t) => t === 'Open live table').length, 2, titles.join(' | '));
    assert.ok(!titles.some((t) => /drifted|as declared/.test(t)), `no compare yet, so no drift lens: ${titles.join(' | ')}`);
  });

  it('Compare with Local: the one deliberate drift is a warning on CustomerOrdersTable naming live and declared values', async () => {
    const result = await vscode.commands.executeCommand<{ drift: number; tableName: string }>(IacCommands.compare, doc.uri.toString(), 'CustomerOrdersTable');
    assert.deepStrictEqual({ drift: result?.drift, tableName: result?.tableName }, { drift: 1, tableName: orders });
    const warnings = driftDiagnostics(doc.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Warning);
    assert.deepStrictEqual(
      warnings.map((d) => d.message),
      [`CustomerOrdersTable: Stream drifted: live off, declared on (NEW_AND_OLD_IMAGES). (Local · us-east-1 · ${orders})`],
    );
    // The diagnostic sits on the declared stream, inside the CustomerOrdersTable resource.
    assert.match(doc.getText(warnings[0].range), /StreamSpecification/);
    const titles = await eventually('the drift CodeLens', async () => {
      const found = await lensTitles(doc.uri);
      return found.some((t) => /1 drifted: show report/.test(t)) ? found : undefined;
    });
    assert.strictEqual(titles.filter((t) => /drifted|as declared/.test(t)).length, 1, titles.join(' | '));
  });

  it('Compare with Local on DevOpsProjectsTable: no drift, an "as declared" CodeLens, and the other drift stays', async () => {
    const result = await vscode.commands.executeCommand<{ drift: number }>(IacCommands.compare, doc.uri.toString(), 'DevOpsProjectsTable');
    assert.strictEqual(result?.drift, 0);
    const titles = await eventually('the "as declared" CodeLens', async () => {
      const found = await lensTitles(doc.uri);
      return found.some((t) => /as declared: show report/.test(t)) ? found : undefined;
    });
    assert.ok(titles.some((t) => /1 drifted: show report/.test(t)), titles.join(' | '));
    assert.strictEqual(driftDiagnostics(doc.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Warning).length, 1);
  });

  it('Show drift report: every setting declared next to live, the drift first', async () => {
    const report = await vscode.commands.executeCommand<vscode.Uri>(IacCommands.showDriftReport, doc.uri.toString());
    assert.ok(report, 'the command returned no report');
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(report));
    const orderRows = text.slice(text.indexOf('## CustomerOrdersTable'), text.indexOf('## DevOpsProjectsTable') >= 0 ? text.indexOf('## DevOpsProjectsTable') : undefined);
    const rows = orderRows.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Setting') && !l.startsWith('| ---'));
    assert.match(rows[0], /^\| Stream \| on \\\(NEW\\_AND\\_OLD\\_IMAGES\\\) \| off \| ⚠ \*\*drift\*\* \|$/, orderRows);
    assert.strictEqual(rows.filter((r) => r.includes('**drift**')).length, 1, orderRows);
    assert.match(text, new RegExp(`## DevOpsProjectsTable .*\\n\\nLive: Local · us-east-1 · table ${projects}`));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('Open live table opens the table viewer of the declared table on Local', async () => {
    const api = await studioApi();
    await vscode.commands.executeCommand(IacCommands.openLiveTable, doc.uri.toString(), 'DevOpsProjectsTable');
    const key = await eventually('the table viewer', () => api.openPanels().find((k) => k.endsWith(tableNodeId(LOCAL.connectionId, LOCAL.region, projects))));
    assert.ok(key);
  });

  it('Copy as CloudFormation, SAM and Terraform: the clipboard holds a definition that compares with no drift', async () => {
    const live = await readLiveTableModel(client, orders);
    const readers: Array<[string, (text: string) => Promise<IacReadResult> | IacReadResult]> = [
      [Commands.copyAsCloudFormation, (t) => readCloudFormation(t, 'copied.template.yaml')],
      [Commands.copyAsSam, (t) => readCloudFormation(t, 'template.yaml')],
      [Commands.copyAsTerraform, (t) => readTerraform({ fileName: 'main.tf', text: t }, [])],
    ];
    for (const [command, read] of readers) {
      await vscode.env.clipboard.writeText('');
      const returned = await vscode.commands.executeCommand<string>(command, tableNodeId(LOCAL.connectionId, LOCAL.region, orders));
      const copied = await vscode.env.clipboard.readText();
      assert.ok(copied.length > 0 && copied === returned, `${command}: the clipboard holds what the command produced`);
      const declared = await read(copied);
      assert.strictEqual(declared.tables.length, 1, `${command}: one table in\n${copied}`);
      const comparison = compareTables(declared.tables[0].model, live);
      assert.strictEqual(comparison.counts.drift, 0, `${command}:\n${comparison.findings.filter((f) => f.status === 'drift').map((f) => f.message).join('\n')}`);
    }
  });

  it('Copy as CDK (TypeScript) writes a Table construct with the live key schema', async () => {
    await vscode.env.clipboard.writeText('');
    await vscode.commands.executeCommand(Commands.copyAsCdk, tableNodeId(LOCAL.connectionId, LOCAL.region, orders));
    const copied = await vscode.env.clipboard.readText();
    assert.match(copied, new RegExp(`tableName: '${orders}'`));
    assert.match(copied, /partitionKey: \{ name: 'CustomerId', type: dynamodb\.AttributeType\.STRING \}/);
  });
});
