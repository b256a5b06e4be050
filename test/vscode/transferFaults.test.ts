// Transfers that the endpoint interrupts, in a real VS Code: an export whose endpoint stops answering says how many
// items are in the file and offers Continue Export, which appends the rest to the same file; an import that stops
// offers Import Failed Items, which (after the same confirmation) writes the rest into the same table; a copy whose
// source stops answering offers Resume Copy, which (after a confirmation with the counts) copies the rest. Requests go
// through a proxy in front of the harness's DynamoDB Local that drops chosen requests.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { BatchWriteItemCommand, CreateTableCommand, DeleteTableCommand, DynamoDBClient, ScanCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { newQuerySpec } from '../../src/model/query/querySpec';
import { startFaultProxy, type FaultProxy } from '../integration/faults/faultProxy';
import { eventually, studioApi } from './explorerApi';

const REGION = 'us-east-1';
const CONNECTION = 'Interrupted';
const ENDPOINTS_KEY = 'dynamodbStudio.customEndpoints';

type Window = Record<'showQuickPick' | 'showSaveDialog' | 'showOpenDialog' | 'showErrorMessage' | 'showWarningMessage' | 'showInformationMessage', unknown>;

describe('Transfers interrupted by the endpoint', function () {
  this.timeout(120_000);
  const endpoint = process.env.DYNAMODB_STUDIO_TEST_ENDPOINT;
  const direct = new DynamoDBClient({ endpoint, region: REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const window = vscode.window as unknown as Window;
  const saved: Partial<Window> = {};
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dynamodb-studio-transfer-faults-'));
  const tables: string[] = [];
  let proxy: FaultProxy;
  let originalEndpoints: unknown;

  const item = (i: number) => ({ pk: { S: `k${String(i).padStart(3, '0')}` }, n: { N: String(i) } });

  async function createTable(label: string, count: number): Promise<string> {
    const name = `transfer-faults-${label}-${Date.now().toString(36)}`;
    tables.push(name);
    await direct.send(new CreateTableCommand({ TableName: name, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] }));
    await waitUntilTableExists({ client: direct, maxWaitTime: 30 }, { TableName: name });
    for (let i = 0; i < count; i += 25) {
      const batch = Array.from({ length: Math.min(25, count - i) }, (_, j) => ({ PutRequest: { Item: item(i + j) } }));
      await direct.send(new BatchWriteItemCommand({ RequestItems: { [name]: batch } }));
    }
    return name;
  }

  /** Keys in the table, read directly (not through the proxy), sorted. */
  async function storedKeys(table: string): Promise<string[]> {
    const keys: string[] = [];
    let start: Record<string, never> | undefined;
    do {
      const page = await direct.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
      for (const x of page.Items ?? []) keys.push(x.pk.S as string);
      start = page.LastEvaluatedKey as typeof start;
    } while (start);
    return keys.sort();
  }

  /** Keys of a JSON Lines export, in file order. */
  const exportedKeys = (file: string): string[] =>
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l).pk as string);

  /** A message stub that records the message and closes it without a choice. */
  const collectInto = (list: string[]) => async (message: string) => {
    list.push(message);
    return undefined;
  };

  type FormatPick = vscode.QuickPickItem & { format?: string };
  /** Answers the format question with JSON Lines. */
  const pickJsonLines = async (items: readonly FormatPick[] | Thenable<readonly FormatPick[]>) => (await items).find((i) => i.format === 'jsonl');

  function stub<K extends keyof Window>(name: K, replacement: unknown): void {
    if (!(name in saved)) saved[name] = window[name];
    window[name] = replacement;
  }

  before(async function () {
    assert.ok(endpoint, 'DYNAMODB_STUDIO_TEST_ENDPOINT is not set: run with `node scripts/test.js vscode`.');
    const api = await studioApi();
    proxy = await startFaultProxy(endpoint);
    const config = vscode.workspace.getConfiguration();
    originalEndpoints = config.inspect(ENDPOINTS_KEY)?.workspaceValue;
    const current = Array.isArray(originalEndpoints) ? originalEndpoints : [];
    await config.update(ENDPOINTS_KEY, [...current, { name: CONNECTION, endpoint: proxy.endpoint, region: REGION }], vscode.ConfigurationTarget.Workspace);
    api.explorer.refresh();
    await eventually(`the ${CONNECTION} connection in the explorer`, async () => (await api.explorer.getChildren()).find((n) => n.label === CONNECTION));
  });

  afterEach(() => {
    Object.assign(window, saved);
    for (const key of Object.keys(saved)) delete saved[key as keyof Window];
    proxy.setRules([]);
  });

  after(async () => {
    await vscode.workspace.getConfiguration().update(ENDPOINTS_KEY, originalEndpoints, vscode.ConfigurationTarget.Workspace);
    await proxy?.idle();
    await proxy?.close();
    for (const name of tables) await direct.send(new DeleteTableCommand({ TableName: name })).catch(() => undefined);
    direct.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('an export whose endpoint stops answering says how many items are in the file, and Continue Export appends the rest', async () => {
    const table = await createTable('export', 50);
    const file = path.join(dir, `${table}.jsonl`);
    const errors: string[] = [];
    const infos: string[] = [];
    stub('showQuickPick', pickJsonLines);
    stub('showSaveDialog', async () => vscode.Uri.file(file));
    stub('showErrorMessage', async (message: string, ...actions: string[]) => {
      errors.push(message);
      if (!actions.includes('Continue Export')) return undefined;
      // The endpoint is back before the person continues.
      proxy.setRules([]);
      return 'Continue Export';
    });
    stub('showInformationMessage', collectInto(infos));
    // Pages of 10 items: the fourth Scan and every later one are dropped, so 30 items are exported first.
    proxy.setRules([{ operation: 'Scan', from: 4, action: { kind: 'dropBefore' } }]);
    const spec = { ...newQuerySpec(table), pageSize: 10 };
    await vscode.commands.executeCommand('dynamodbStudio.exportTable', { connectionId: `endpoint:${CONNECTION}`, region: REGION, tableName: table, spec });
    assert.equal(errors.length, 1, `one error shown: ${errors.join(' | ')}`);
    assert.match(errors[0], /^Export to .* stopped after 30 items, which are in the file \(complete lines only\): .*cannot be reached.* Continue Export appends the rest to the same file\.$/);
    const done = await eventually('the report of the continued export', () => infos.find((m) => /^Exported: /.test(m)));
    assert.ok(done.startsWith(`Exported: 50 items to ${path.basename(file)} (`), done);
    const stored = await storedKeys(table);
    const keys = exportedKeys(file);
    assert.equal(keys.length, 50, 'every item once');
    assert.deepEqual([...keys].sort(), stored);
  });

  it('an import whose endpoint stops offers Import Failed Items, which writes the rest after the same confirmation', async () => {
    const table = await createTable('import', 0);
    const file = path.join(dir, `${table}.jsonl`);
    fs.writeFileSync(file, Array.from({ length: 60 }, (_, i) => JSON.stringify({ pk: item(i).pk.S, n: i })).join('\n') + '\n');
    const confirmations: string[] = [];
    const reports: { message: string; actions: string[] }[] = [];
    const errors: string[] = [];
    const infos: string[] = [];
    stub('showOpenDialog', async () => [vscode.Uri.file(file)]);
    stub('showQuickPick', pickJsonLines);
    stub('showWarningMessage', async (message: string, ...rest: unknown[]) => {
      const options = rest[0] as vscode.MessageOptions | undefined;
      if (options && typeof options === 'object' && options.modal) {
        confirmations.push(message);
        return 'Import';
      }
      const actions = rest as string[];
      reports.push({ message, actions });
      if (!actions.includes('Import Failed Items')) return undefined;
      proxy.setRules([]);
      return 'Import Failed Items';
    });
    stub('showErrorMessage', collectInto(errors));
    stub('showInformationMessage', collectInto(infos));
    // One batch of 25 goes through; every later batch is dropped before it reaches DynamoDB Local.
    proxy.setRules([{ operation: 'BatchWriteItem', from: 2, action: { kind: 'dropBefore' } }]);
    const target = { connectionId: `endpoint:${CONNECTION}`, region: REGION, tableName: table };
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('dynamodbStudio.importTable', target)), /cannot be reached/);
    assert.match(confirmations[0], new RegExp(`^Import 60 rows of ${path.basename(file)} into table "${table}" \\(${CONNECTION}, ${REGION}\\)\\?$`));
    assert.equal(reports.length, 1, `one report: ${JSON.stringify(reports)}`);
    assert.deepEqual(reports[0].actions.slice(0, 2), ['Import Failed Items', 'Open Failed Items']);
    // Which batches got through depends on their order on the wire; the counts of the two imports must add up.
    const first = /stopped: (\d+) items written, .*\(60 read\)\./.exec(reports[0].message);
    assert.ok(first, reports[0].message);
    assert.equal(errors.length, 1, `the stop is shown as an error once: ${errors.join(' | ')}`);
    const done = await eventually('the report of the failed items import', () => infos.find((m) => /failed\.ddb\.jsonl into .* finished/.test(m)));
    const rest = 60 - Number(first[1]);
    assert.match(done, new RegExp(`finished: ${rest} items written \\(${rest} read\\)\\.$`));
    assert.match(confirmations[1] ?? '', new RegExp(`^Import ${rest} rows of ${path.basename(file)}\\.failed\\.ddb\\.jsonl into table "${table}"`));
    assert.deepEqual(await storedKeys(table), Array.from({ length: 60 }, (_, i) => item(i).pk.S).sort());
  });
  it('a copy whose source endpoint stops answering offers Resume Copy, which says what was done and copies the rest', async () => {
    const source = await createTable('copy-source', 60);
    const target = await createTable('copy-target', 0);
    const confirmations: { message: string; detail: string }[] = [];
    const reports: { message: string; actions: string[] }[] = [];
    const errors: string[] = [];
    const infos: string[] = [];
    const picks: string[] = [];
    stub('showQuickPick', async (items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>, options?: vscode.QuickPickOptions) => {
      picks.push(options?.placeHolder ?? '');
      const list = await items;
      return list.find((i) => i.label === CONNECTION || i.label === target);
    });
    stub('showWarningMessage', async (message: string, ...rest: unknown[]) => {
      const options = rest[0] as vscode.MessageOptions | undefined;
      if (options && typeof options === 'object' && options.modal) {
        confirmations.push({ message, detail: options.detail ?? '' });
        return message.startsWith('Resume the copy') ? 'Resume' : 'Copy';
      }
      const actions = rest as string[];
      reports.push({ message, actions });
      if (!actions.includes('Resume Copy')) return undefined;
      // The endpoint is back before the person resumes.
      proxy.setRules([]);
      return 'Resume Copy';
    });
    stub('showErrorMessage', collectInto(errors));
    stub('showInformationMessage', collectInto(infos));
    // The whole-table copy scans 4 segments of one page each: the first two Scans are answered, every later one dropped.
    proxy.setRules([{ operation: 'Scan', table: source, from: 3, action: { kind: 'dropBefore' } }]);
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('dynamodbStudio.copyTable', { connectionId: `endpoint:${CONNECTION}`, region: REGION, tableName: source })),
      /cannot be reached/,
    );
    assert.equal(reports.length, 1, `one report: ${JSON.stringify(reports)}`);
    const first = /^Copy of .* stopped: (\d+) items written, (\d) of 4 segments of the source not read to their end \((\d+) read\)\./.exec(reports[0].message);
    assert.ok(first, reports[0].message);
    assert.equal(reports[0].actions[0], 'Resume Copy');
    assert.match(reports[0].message, /Resume Copy reads the rest of the source from where it stopped/);
    assert.equal(errors.length, 1, `the stop is shown as an error once: ${errors.join(' | ')}`);
    const written = Number(first[1]);
    const done = await eventually('the report of the resumed copy', () => infos.find((m) => /^Resumed copy of /.test(m)));
    const resume = confirmations.find((c) => c.message.startsWith('Resume the copy'));
    assert.ok(resume, `Resume Copy asked first: ${JSON.stringify(confirmations)}`);
    assert.equal(resume.message, `Resume the copy of "${source}" (${CONNECTION}, ${REGION}) into "${target}" (${CONNECTION}, ${REGION})?`);
    assert.match(resume.detail, new RegExp(`^Before it stopped: ${first[3]} items read, ${written} written\\. Left: ${first[2]} of 4 segments of the source not read to their end, read on from where it stopped\\.`));
    assert.equal(done, `Resumed copy of ${source} into ${target} (${written} items written before the stop) finished: ${60 - written} items written (${60 - written} read).`);
    assert.deepEqual(await storedKeys(target), await storedKeys(source));
  });
});
