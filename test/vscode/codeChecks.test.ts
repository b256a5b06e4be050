// DynamoDB inside the user's code, in a real VS Code against DynamoDB Local: a TypeScript file with a key
// condition on the wrong attribute gets a diagnostic naming the index's real key; fixing it clears it; a hover on
// the table name shows the table read from DynamoDB Local; CodeLenses offer the table and the call's IAM policy;
// without a configured connection only the syntax checks run.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { DynamoDBClient, ScanCommand, paginateQuery, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { addEndpointConnection, eventually, studioApi } from './explorerApi';
import { startBlackHoleServer, type LatencyProxy } from '../../bench/latencyProxy';
import { NOTEBOOK_RESULT_MIME, NotebookResult } from '../../src/protocol/notebookOutput';

const SOURCE = `import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({});

export async function newOrders() {
  return client.send(
    new QueryCommand({
      TableName: 'CustomerOrders',
      IndexName: 'ByStatus',
      KeyConditionExpression: '#st = :s AND #when > :t',
      ExpressionAttributeNames: { '#st': 'Status', '#when': 'Total' },
      ExpressionAttributeValues: { ':s': { S: 'NEW' }, ':t': { S: '2024-01-01' } },
    }),
  );
}
`;

const settings = () => vscode.workspace.getConfiguration('dynamodbStudio.codeChecks');

/** Writes SOURCE as src/<name> of the test workspace; returns its path. */
function writeSource(name: string): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(folder, 'the test workspace has no folder');
  const file = path.join(folder, 'src', name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, SOURCE);
  return file;
}

function diagnosticsOf(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'DynamoDB');
}

describe('Code checks of DynamoDB calls in a TypeScript file', function () {
  this.timeout(120_000);
  let doc: vscode.TextDocument;
  let file: string;

  before(async () => {
    await studioApi();
    await settings().update('connection', 'endpoint:Local', vscode.ConfigurationTarget.Global);
    file = writeSource('orders.ts');
    doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await settings().update('connection', undefined, vscode.ConfigurationTarget.Global);
    fs.rmSync(file, { force: true });
  });

  it('shows a diagnostic on a key condition that is not on the index keys, naming the real key', async () => {
    const wrong = await eventually('the wrong-key diagnostic', () => diagnosticsOf(doc.uri).find((d) => d.code === 'wrong-key'));
    assert.strictEqual(doc.getText(wrong.range), '#when');
    assert.match(wrong.message, /"Total" is not the sort key of index "ByStatus": its sort key is "OrderDate"/);
    assert.strictEqual(wrong.severity, vscode.DiagnosticSeverity.Error);
  });

  it('hover on the table name shows the table as DynamoDB Local describes it', async () => {
    const offset = doc.getText().indexOf("'CustomerOrders'") + 3;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(offset));
    const markdown = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    // Names are escaped for Markdown; compare the text as rendered.
    const text = markdown.replace(/\\(.)/g, '$1');
    assert.match(text, /CustomerOrders/);
    assert.match(text, /Keys: `CustomerId` · `OrderId`/);
    assert.match(text, /ByStatus \(GSI: `Status` · `OrderDate`\)/);
    assert.match(text, /Items: 3,0\d\d/);
    assert.match(text, /Checked on Local, us-east-1/);
  });

  it('offers the table and the call\'s least-privilege policy as CodeLenses', async () => {
    const lenses = await eventually('the CodeLenses', async () => {
      // The table's lens comes once its description is known (the lenses never wait for DynamoDB).
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
      return found.some((l) => l.command?.title === 'Open CustomerOrders on Local') ? found : undefined;
    });
    const titles = lenses.map((l) => l.command?.title);
    assert.ok(titles.includes('Open CustomerOrders on Local'), titles.join(', '));
    const policyLens = lenses.find((l) => l.command?.title === 'Copy IAM policy for this call');
    assert.ok(policyLens?.command, titles.join(', '));
    const arg = policyLens.command.arguments?.[0] as { policy: { Statement: { Action: string[]; Resource: string }[] } };
    assert.deepStrictEqual(arg.policy.Statement.map((s) => [s.Action, s.Resource]), [[['dynamodb:Query'], 'arn:aws:dynamodb:ddblocal:000000000000:table/CustomerOrders/index/ByStatus']]);
  });

  it('completes the index keys inside the key condition and the declared placeholders after #', async () => {
    const labels = async (needle: string, delta: number) => {
      const position = doc.positionAt(doc.getText().indexOf(needle) + delta);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, position);
      return list.items.filter((i) => i.detail && /key of|stands for|seen in/.test(i.detail)).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    };
    const keys = await labels("'#st = :s", 1);
    assert.deepStrictEqual(keys.slice(0, 2).sort(), ['OrderDate', 'Status']);
    const placeholders = await labels("#when > :t'", 1);
    assert.ok(placeholders.includes('#st') && placeholders.includes('#when'), placeholders.join(', '));
  });

  it('fixing the key condition clears the diagnostic', async () => {
    const editor = await vscode.window.showTextDocument(doc);
    const fixed = SOURCE.replace("'#when': 'Total'", "'#when': 'OrderDate'");
    await editor.edit((b) => b.replace(new vscode.Range(0, 0, doc.lineCount, 0), fixed));
    await eventually('no DynamoDB diagnostics', () => (diagnosticsOf(doc.uri).length === 0 ? true : undefined));
  });

  it('without a connection only the syntax checks run', async () => {
    const editor = await vscode.window.showTextDocument(doc);
    await settings().update('connection', undefined, vscode.ConfigurationTarget.Global);
    const broken = SOURCE.replace("'#when': 'Total'", "'#when': 'Total', '#unused': 'x'").replace("IndexName: 'ByStatus'", "IndexName: 'NoSuchIndex'");
    await editor.edit((b) => b.replace(new vscode.Range(0, 0, doc.lineCount, 0), broken));
    const unused = await eventually('the unused-name diagnostic', () => diagnosticsOf(doc.uri).find((d) => d.code === 'unused-name'));
    assert.strictEqual(doc.getText(unused.range), "'#unused'");
    const codes = diagnosticsOf(doc.uri).map((d) => d.code);
    assert.deepStrictEqual(codes, ['unused-name'], `no schema checks without a connection, got ${codes.join(', ')}`);
  });
});

describe('Run on <connection>: a read request of the code as a notebook cell', function () {
  this.timeout(180_000);
  let file: string;
  const client = () => {
    const endpoint = process.env.DYNAMODB_STUDIO_TEST_ENDPOINT;
    assert.ok(endpoint, 'DYNAMODB_STUDIO_TEST_ENDPOINT is not set: run with `node scripts/test.js vscode`.');
    return new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  };

  before(async () => {
    await studioApi();
    await settings().update('connection', 'endpoint:Local', vscode.ConfigurationTarget.Global);
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder, 'the test workspace has no folder');
    file = path.join(folder, 'src', 'largestOrders.ts');
    fs.mkdirSync(path.dirname(file), { recursive: true });
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await settings().update('connection', undefined, vscode.ConfigurationTarget.Global);
    fs.rmSync(file, { force: true });
  });

  it('the Run lens opens a notebook whose cell returns exactly the items the same request returns through the SDK', async () => {
    const ddb = client();
    // A customer that exists, so the request returns items.
    const sample = await ddb.send(new ScanCommand({ TableName: 'CustomerOrders', Limit: 1, ProjectionExpression: 'CustomerId' }));
    const customer = sample.Items?.[0]?.CustomerId?.S;
    assert.ok(customer, 'CustomerOrders has items');
    const params = {
      TableName: 'CustomerOrders',
      IndexName: 'ByTotal',
      KeyConditionExpression: 'CustomerId = :c AND #t > :min',
      FilterExpression: '#s <> :cancelled',
      ProjectionExpression: 'OrderId, #t, #s',
      ExpressionAttributeNames: { '#t': 'Total', '#s': 'Status' },
      ExpressionAttributeValues: { ':c': { S: customer }, ':min': { N: '1' }, ':cancelled': { S: 'CANCELLED' } },
      ScanIndexForward: false,
    };
    fs.writeFileSync(
      file,
      `import { DynamoDBClient, QueryCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';\n\nconst client = new DynamoDBClient({});\n\n` +
        `export const largest = () => client.send(new QueryCommand(${JSON.stringify(params, null, 2)}));\n\n` +
        `export const write = () => client.send(new PutItemCommand({ TableName: 'DevOpsProjects', Item: { ProjectID: { S: 'x' } } }));\n`,
    );
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    const lenses = await eventually('the Run lens', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
      return found.some((l) => l.command?.title === 'Run on Local') ? found : undefined;
    });
    const runs = lenses.filter((l) => l.command?.title === 'Run on Local');
    assert.strictEqual(runs.length, 1, 'one Run lens: the query, never the PutItem');
    assert.strictEqual(doc.lineAt(runs[0].range.start.line).text.includes('QueryCommand'), true);

    const editor = await vscode.commands.executeCommand<vscode.NotebookEditor>(runs[0].command!.command, ...(runs[0].command!.arguments ?? []));
    assert.ok(editor, 'the command opened a notebook');
    assert.strictEqual(editor.notebook.notebookType, 'dynamodb-notebook');
    assert.deepStrictEqual({ ...editor.notebook.metadata }, { connection: 'Local', region: 'us-east-1', table: 'CustomerOrders' });
    const cell = editor.notebook.cellAt(1);
    assert.deepStrictEqual(JSON.parse(cell.document.getText()), {
      table: 'CustomerOrders',
      index: 'ByTotal',
      key: { CustomerId: customer, Total: { '>': 1 } },
      filter: { Status: { '<>': 'CANCELLED' } },
      projection: ['OrderId', 'Total', 'Status'],
      direction: 'desc',
    });
    await eventually('the cell to run', () => (cell.executionSummary?.success !== undefined ? true : undefined), 60_000);
    const output = cell.outputs.flatMap((o) => o.items).find((i) => i.mime === NOTEBOOK_RESULT_MIME);
    const error = cell.outputs.flatMap((o) => o.items).find((i) => i.mime === 'application/vnd.code.notebook.error');
    assert.ok(output, `the cell has a result: ${error ? new TextDecoder().decode(error.data) : 'no output'}`);
    const result = NotebookResult.parse(JSON.parse(new TextDecoder().decode(output.data)));

    const expected: Record<string, AttributeValue>[] = [];
    for await (const page of paginateQuery({ client: ddb }, params)) expected.push(...(page.Items ?? []));
    assert.ok(expected.length > 0, 'the request returns items');
    // Attribute order inside an item is not part of the result: compare each item with its names sorted.
    const canonical = (item: object) => JSON.stringify(Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b))));
    assert.deepStrictEqual(
      result.items.map(canonical),
      expected.map(canonical),
      `the cell returns exactly the ${expected.length} items of the SDK request, in its order`,
    );
  });

  it('a request the cell form cannot express says why, and the lens is still offered', async () => {
    const mixedFile = path.join(path.dirname(file), 'mixedFilter.ts');
    fs.writeFileSync(
      mixedFile,
      `import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';\n\nconst client = new DynamoDBClient({});\n\n` +
        `export const mixed = () => client.send(new ScanCommand({ TableName: 'CustomerOrders', FilterExpression: 'Total > :big AND (#s = :a OR #s = :b)', ` +
        `ExpressionAttributeNames: { '#s': 'Status' }, ExpressionAttributeValues: { ':a': { S: 'PAID' }, ':b': { S: 'SHIPPED' }, ':big': { N: '500' } } }));\n`,
    );
    const doc = await vscode.workspace.openTextDocument(mixedFile);
    await vscode.window.showTextDocument(doc);
    const run = await eventually('the Run lens', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
      return found.find((l) => l.command?.title === 'Run on Local');
    });
    assert.match(run.command!.tooltip ?? '', /nests an OR inside AND/);
    const before = vscode.workspace.notebookDocuments.length;
    // The warning offers "Open CustomerOrders"; nothing is chosen here, so nothing opens.
    void vscode.commands.executeCommand(run.command!.command, ...(run.command!.arguments ?? []));
    await new Promise((r) => setTimeout(r, 1500));
    await vscode.commands.executeCommand('notifications.clearAll');
    assert.strictEqual(vscode.workspace.notebookDocuments.length, before, 'no notebook opened');
    fs.rmSync(mixedFile, { force: true });
  });
});

// VS Code spaces every later CodeLens request of a document by how long the earlier ones took: a provider that waits
// for DynamoDB once (the first DescribeTable of a session) holds back every refresh of the lenses for up to a minute.
describe('Code checks: CodeLenses while a table description is on its way', function () {
  this.timeout(60_000);
  let server: LatencyProxy;
  let restoreEndpoints: () => Promise<void>;
  let file: string;

  before(async () => {
    await studioApi();
    // DescribeTable to it stays on its way.
    server = await startBlackHoleServer();
    restoreEndpoints = await addEndpointConnection('Silent', server.endpoint);
    await settings().update('connection', 'endpoint:Silent', vscode.ConfigurationTarget.Global);
    file = writeSource('silentOrders.ts');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await settings().update('connection', undefined, vscode.ConfigurationTarget.Global);
    await restoreEndpoints();
    await server.close();
    fs.rmSync(file, { force: true });
  });

  it('answers at once with the lenses that need no description, while DescribeTable gets no answer', async () => {
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    const started = Date.now();
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    const ms = Date.now() - started;
    const titles = lenses.map((l) => l.command?.title);
    assert.ok(ms < 3000, `the CodeLenses took ${ms} ms: the provider waited for DescribeTable`);
    assert.ok(titles.includes('Copy IAM policy for this call'), titles.join(', '));
    assert.ok(titles.includes('Run on Silent'), titles.join(', '));
    // The table's lens needs its description, which has not come.
    assert.ok(!titles.some((t) => t?.startsWith('Open CustomerOrders')), titles.join(', '));
    assert.ok(server.connections > 0, 'no request reached the silent endpoint: the description was never asked for');
  });

  // The built-in TypeScript hover and completion answer in the same calls, hence a bound well above our 1.5 s wait
  // and well below the 30 s a request to the silent endpoint takes to fail.
  it('a hover and a completion answer within seconds with what is known, while DescribeTable gets no answer', async () => {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file) ?? (await vscode.workspace.openTextDocument(file));
    const text = doc.getText();
    let started = Date.now();
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(text.indexOf("'CustomerOrders'") + 3));
    const hoverMs = Date.now() - started;
    const hoverText = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.ok(hoverMs < 8000, `the hover took ${hoverMs} ms: it waited for DescribeTable`);
    assert.doesNotMatch(hoverText, /Keys:/, 'no description came, so the hover cannot show the keys');
    started = Date.now();
    const inCondition = doc.positionAt(text.indexOf('#st = :s AND ') + '#st = :s AND '.length);
    await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, inCondition);
    const completionMs = Date.now() - started;
    assert.ok(completionMs < 8000, `the completion took ${completionMs} ms: it waited for DescribeTable`);
    console.log(`      silent endpoint: lenses at once, hover ${hoverMs} ms, completion ${completionMs} ms`);
  });
});
