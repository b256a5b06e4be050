// Item documents in a real VS Code: open an item, edit, save, and check DynamoDB Local directly; two editors race
// and the second save is refused with the comparison open; an invalid document writes nothing.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { eventually, studioApi } from './explorerApi';

const LOCAL = { connectionId: 'endpoint:Local', region: 'us-east-1', tableName: 'DevOpsProjects' };

function localClient(): DynamoDBClient {
  const endpoint = process.env.DYNAMODB_STUDIO_TEST_ENDPOINT;
  assert.ok(endpoint, 'DYNAMODB_STUDIO_TEST_ENDPOINT is not set: run with `node scripts/test.js vscode`.');
  return new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}

async function openItem(projectId: string): Promise<vscode.TextEditor> {
  await vscode.commands.executeCommand('dynamodbStudio.getItem', { ...LOCAL, key: { ProjectID: { S: projectId } } });
  return eventually(`the editor of ${projectId}`, () => {
    const active = vscode.window.activeTextEditor;
    return active?.document.uri.scheme === 'dynamodb' && active.document.getText().includes(projectId) ? active : undefined;
  });
}

async function replaceAll(editor: vscode.TextEditor, text: string): Promise<void> {
  const doc = editor.document;
  await editor.edit((b) => b.replace(new vscode.Range(0, 0, doc.lineCount, 0), text));
}

describe('Item documents in VS Code', function () {
  this.timeout(120_000);
  const client = localClient();
  const stored = async (projectId: string) =>
    (await client.send(new GetItemCommand({ TableName: LOCAL.tableName, Key: { ProjectID: { S: projectId } }, ConsistentRead: true }))).Item;

  before(async () => {
    await studioApi();
    await vscode.workspace.getConfiguration().update('dynamodbStudio.itemNotation', 'dynamodb', vscode.ConfigurationTarget.Global);
  });

  after(() => client.destroy());

  it('opens an item, saves a changed attribute, and DynamoDB has the change', async () => {
    await client.send(new PutItemCommand({ TableName: LOCAL.tableName, Item: { ProjectID: { S: 'vs-edit' }, Status: { S: 'Planned' }, Hours: { N: '3' } } }));
    const editor = await openItem('vs-edit');
    const item = JSON.parse(editor.document.getText());
    assert.deepStrictEqual(item.Status, { S: 'Planned' });
    item.Status = { S: 'Done' };
    await replaceAll(editor, JSON.stringify(item, null, 2));
    assert.strictEqual(await editor.document.save(), true);
    assert.deepStrictEqual((await stored('vs-edit'))?.Status, { S: 'Done' });
    assert.deepStrictEqual((await stored('vs-edit'))?.Hours, { N: '3' });
  });

  it('an item document is in the item language, for which auto save is off whatever the workbench default', async () => {
    await client.send(new PutItemCommand({ TableName: LOCAL.tableName, Item: { ProjectID: { S: 'vs-language' }, Status: { S: 'Planned' } } }));
    const editor = await openItem('vs-language');
    assert.strictEqual(editor.document.languageId, 'dynamodb-item');
    await vscode.workspace.getConfiguration('files').update('autoSave', 'afterDelay', vscode.ConfigurationTarget.Global);
    try {
      assert.strictEqual(vscode.workspace.getConfiguration('files', editor.document).get('autoSave'), 'off');
      assert.strictEqual(vscode.workspace.getConfiguration('files', { languageId: 'json' }).get('autoSave'), 'afterDelay', 'auto save was turned off for other JSON files too');
    } finally {
      await vscode.workspace.getConfiguration('files').update('autoSave', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('Format Document writes the item out again in its notation, and leaves a document with errors alone', async () => {
    await client.send(new PutItemCommand({ TableName: LOCAL.tableName, Item: { ProjectID: { S: 'vs-format' }, Hours: { N: '12345678901234567890123456789012345678' } } }));
    const editor = await openItem('vs-format');
    const formatted = editor.document.getText();
    await replaceAll(editor, JSON.stringify(JSON.parse(formatted)));
    assert.notStrictEqual(editor.document.getText(), formatted);
    const options = { tabSize: 2, insertSpaces: true };
    const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', editor.document.uri, options);
    assert.ok(edits && edits.length > 0, 'no formatting edits for an item document');
    const apply = new vscode.WorkspaceEdit();
    apply.set(editor.document.uri, edits);
    await vscode.workspace.applyEdit(apply);
    assert.strictEqual(editor.document.getText(), formatted, 'the formatted item differs from the document as opened');
    await replaceAll(editor, '{ "ProjectID": { "S": "vs-format" }, Hours: 1 }');
    const none = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', editor.document.uri, options);
    assert.strictEqual(none?.length ?? 0, 0, 'a document that does not read as an item was reformatted');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('refuses a save when the item changed since it was opened, opens the comparison, and Overwrite then saves', async () => {
    await client.send(new PutItemCommand({ TableName: LOCAL.tableName, Item: { ProjectID: { S: 'vs-race' }, Owner: { S: 'a' } } }));
    const editor = await openItem('vs-race');
    const uri = editor.document.uri;
    // The other editor: someone saves first.
    await client.send(new UpdateItemCommand({ TableName: LOCAL.tableName, Key: { ProjectID: { S: 'vs-race' } }, UpdateExpression: 'SET #o = :o', ExpressionAttributeNames: { '#o': 'Owner' }, ExpressionAttributeValues: { ':o': { S: 'other' } } }));
    const item = JSON.parse(editor.document.getText());
    item.Owner = { S: 'mine' };
    await replaceAll(editor, JSON.stringify(item, null, 2));
    assert.strictEqual(await editor.document.save(), false, 'the save was not refused');
    assert.deepStrictEqual((await stored('vs-race'))?.Owner, { S: 'other' }, 'the refused save wrote something');
    await eventually('the comparison of stored and edited', () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .find((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === uri.toString() && /view=stored/.test(t.input.original.query)),
    );
    await vscode.commands.executeCommand('dynamodbStudio.overwriteStoredItem', uri);
    assert.deepStrictEqual((await stored('vs-race'))?.Owner, { S: 'mine' });
  });

  it('shows a problem for invalid JSON and writes nothing', async () => {
    await client.send(new PutItemCommand({ TableName: LOCAL.tableName, Item: { ProjectID: { S: 'vs-invalid' }, Name: { S: 'kept' } } }));
    const editor = await openItem('vs-invalid');
    await replaceAll(editor, '{ "ProjectID": { "S": "vs-invalid" }, "Name": { "S": "broken" ');
    const diagnostics = await eventually('a problem in the Problems panel', () => {
      const found = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'DynamoDB');
      return found.length ? found : undefined;
    });
    assert.strictEqual(diagnostics[0].severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(await editor.document.save(), false);
    assert.deepStrictEqual((await stored('vs-invalid'))?.Name, { S: 'kept' });
  });

  it('Put Item creates a new item from the pre-filled document, and never replaces an existing one', async () => {
    await vscode.commands.executeCommand('dynamodbStudio.putItem', LOCAL);
    const editor = await eventually('the new item document', () => {
      const active = vscode.window.activeTextEditor;
      return active?.document.uri.scheme === 'dynamodb' && /New Item/.test(active.document.uri.path) ? active : undefined;
    });
    assert.deepStrictEqual(JSON.parse(editor.document.getText()), { ProjectID: { S: '' } });
    await replaceAll(editor, JSON.stringify({ ProjectID: { S: 'vs-new' }, Name: { S: 'created' } }));
    assert.strictEqual(await editor.document.save(), true);
    assert.deepStrictEqual((await stored('vs-new'))?.Name, { S: 'created' });

    await vscode.commands.executeCommand('dynamodbStudio.putItem', LOCAL);
    const second = await eventually('a second new item document', () => {
      const active = vscode.window.activeTextEditor;
      return active && active.document.uri.toString() !== editor.document.uri.toString() && /New Item/.test(active.document.uri.path) ? active : undefined;
    });
    await replaceAll(second, JSON.stringify({ ProjectID: { S: 'vs-new' }, Name: { S: 'would replace' } }));
    assert.strictEqual(await second.document.save(), false);
    assert.deepStrictEqual((await stored('vs-new'))?.Name, { S: 'created' });
  });
});
