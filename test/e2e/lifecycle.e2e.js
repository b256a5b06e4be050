// The table lifecycle through the real workbench, as a person does it with the keyboard: add an endpoint
// connection to an empty DynamoDB Local, create the primer's DevOpsProjects table (partition key ProjectID, String;
// provisioned 5 read / 5 write), put the day55 item through a new-item document, look at Table Details, delete the
// table by typing its name, and remove the connection. What the UI did is checked with the AWS SDK against that
// DynamoDB Local. Started by `node scripts/test.js e2e`, which provides code-server with the packaged extension.
'use strict';

const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const {
  DynamoDBClient,
  DescribeTableCommand,
  GetItemCommand,
  ListTablesCommand,
  ResourceNotFoundException,
} = require('@aws-sdk/client-dynamodb');
const { baseUrl, folder, resultsDir, UI_TIMEOUT_MS, openWorkbench, waitForQuickInput, answerInputBox, pickQuickItem, runPaletteCommand } = require('./lib/workbench');
const { startDynamoDbLocal } = require('../../scripts/ddb-local');

const CONNECTION = 'Primer';
const REGION = 'us-east-1';
const TABLE = 'DevOpsProjects';
/** The primer's item, in DynamoDB JSON: what the new-item document is filled with and what must be stored. */
const DAY55 = {
  ProjectID: { S: 'day55' },
  Name: { S: 'DynamoDB Setup' },
  Status: { S: 'Completed' },
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a truthy value; the last error or value is reported when time runs out. */
async function eventually(what, check, timeoutMs = UI_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
      last = value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what} did not happen within ${timeoutMs / 1000} s (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    }
    await sleep(250);
  }
}

describe('Table lifecycle in the workbench: the primer DevOpsProjects table', function () {
  this.timeout(180_000);
  let ddb;
  let client;
  let browser;
  let page;
  let shot = 0;
  /** The later steps work on the table the create step made; without it they stop at once instead of timing out. */
  let tableCreated = false;
  const requireTable = () => assert.ok(tableCreated, `${TABLE} was not created through the UI (see the create step's failure)`);

  const sidebar = () => page.locator('#workbench\\.parts\\.sidebar');
  const quickInput = () => page.locator('.quick-input-widget');
  const quickInputBox = () => quickInput().locator('.quick-input-box input');

  async function screenshot(name) {
    fs.mkdirSync(resultsDir, { recursive: true });
    shot += 1;
    const file = path.join(resultsDir, `lifecycle-${String(shot).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file });
    return file;
  }

  /** The explorer rows in order, with their label and depth (the tree renders every row of this small tree). */
  async function treeRows() {
    return sidebar()
      .locator('.monaco-list-row')
      .evaluateAll((rows) =>
        rows
          .map((r) => ({
            index: Number(r.getAttribute('data-index')),
            level: Number(r.getAttribute('aria-level')),
            label: (r.querySelector('.label-name')?.textContent || '').trim(),
          }))
          .sort((a, b) => a.index - b.index),
      );
  }

  /** The row labelled `path[last]` reached from a top-level row `path[0]` through children labelled path[1..]. */
  async function rowAt(...labels) {
    const index = await eventually(`the explorer row ${labels.join(' › ')}`, async () => {
      const rows = await treeRows();
      let at = rows.findIndex((r) => r.level === 1 && r.label === labels[0]);
      if (at < 0) return undefined;
      for (const label of labels.slice(1)) {
        const parentLevel = rows[at].level;
        let found = -1;
        for (let i = at + 1; i < rows.length && rows[i].level > parentLevel; i++) {
          if (rows[i].level === parentLevel + 1 && rows[i].label === label) {
            found = i;
            break;
          }
        }
        if (found < 0) return undefined;
        at = found;
      }
      return { index: rows[at].index };
    });
    return sidebar().locator(`.monaco-list-row[data-index="${index.index}"]`);
  }

  /** Labels of the rows directly under `labels` (undefined while that row is not shown). */
  async function childLabels(...labels) {
    const parent = await rowAt(...labels);
    const index = Number(await parent.getAttribute('data-index'));
    const rows = await treeRows();
    const at = rows.findIndex((r) => r.index === index);
    if (at < 0) return undefined;
    const children = [];
    for (let i = at + 1; i < rows.length && rows[i].level > rows[at].level; i++) {
      if (rows[i].level === rows[at].level + 1) children.push(rows[i].label);
    }
    return children;
  }

  async function expand(...labels) {
    const target = await rowAt(...labels);
    if ((await target.getAttribute('aria-expanded')) !== 'true') await target.click();
    await eventually(`${labels.join(' › ')} expanded`, async () => (await target.getAttribute('aria-expanded')) === 'true');
  }

  /** Waits until the open quick input is the step described by `pattern`; returns its title, message and placeholder. */
  const step = (pattern) => waitForQuickInput(page, pattern);

  async function contextMenu(row, item) {
    await page.mouse.move(900, 700);
    await page.keyboard.press('Escape');
    await row.click({ button: 'right', force: true });
    const entry = page.getByRole('menuitem', { name: item, exact: true });
    await entry.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    // The menu acts on Enter for the item under the mouse; a synthetic click on it is not always taken.
    await entry.hover();
    await eventually(`the menu item "${item}" focused`, () => entry.evaluate((el) => el.matches(':focus, :focus-within') || el.closest('.focused') !== null));
    await page.keyboard.press('Enter');
    await entry.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
  }

  before(async function () {
    assert.ok(
      baseUrl && folder,
      'DYNAMODB_STUDIO_E2E_URL and DYNAMODB_STUDIO_E2E_FOLDER are not set: run this suite with `node scripts/test.js e2e`, ' +
        'which starts code-server with the extension installed.',
    );
    // An endpoint of its own: the shared one is seeded with a DevOpsProjects table already.
    ddb = await startDynamoDbLocal({ port: 0, memoryMb: 256 });
    // The extension sends placeholder keys for a connection without keys; -sharedDb makes any key see the same tables.
    client = new DynamoDBClient({ endpoint: ddb.endpoint, region: REGION, credentials: { accessKeyId: 'e2e', secretAccessKey: 'e2e' } });
    const { TableNames } = await client.send(new ListTablesCommand({}));
    assert.deepStrictEqual(TableNames, [], `the new DynamoDB Local at ${ddb.endpoint} is not empty`);

    ({ browser, page } = await openWorkbench({ width: 1400, height: 900 }));
    const item = page.locator('#workbench\\.parts\\.activitybar').getByRole('tab', { name: /^DynamoDB/ });
    await item.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    if ((await item.getAttribute('aria-selected')) !== 'true') await item.click();
    await rowAt('Local');
  });

  afterEach(async function () {
    if (this.currentTest && this.currentTest.state === 'failed' && page) {
      const slug = this.currentTest.title.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
      console.log(`      screenshot of the failure: ${await screenshot(`failed-${slug}`)}`);
    }
  });

  after(async function () {
    this.timeout(60_000);
    if (browser) await browser.close().catch(() => {});
    if (client) client.destroy();
    if (ddb) await ddb.stop();
    // A failed run must not leave the connection to a stopped endpoint for the suites that follow.
    const settingsFile = folder && path.join(folder, '.vscode', 'settings.json');
    if (settingsFile && fs.existsSync(settingsFile)) {
      const settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
      const endpoints = settings['dynamodbStudio.customEndpoints'];
      if (Array.isArray(endpoints) && endpoints.some((e) => e.name === CONNECTION)) {
        settings['dynamodbStudio.customEndpoints'] = endpoints.filter((e) => e.name !== CONNECTION);
        fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
      }
    }
  });

  it('adds the empty DynamoDB Local as the connection "Primer" through Add Endpoint Connection…', async () => {
    await runPaletteCommand(page, 'DynamoDB: Add Endpoint Connection…');
    const nameStep = await step(/Add Endpoint Connection \(step 1 of 4\)/);
    assert.match(nameStep, /Name of the connection/);
    await quickInputBox().fill('Local');
    await step(/A connection named "Local" exists already/);
    await screenshot('add-connection-name-taken');
    await answerInputBox(page, /A connection named "Local" exists already/, CONNECTION);
    await step(/step 2 of 4/);
    await quickInputBox().fill('localhost:8000');
    await eventually('a validation message for an endpoint without a scheme', async () => {
      const message = await quickInput().locator('.quick-input-message').innerText();
      return !/^Endpoint URL/.test(message) && message.trim().length > 0;
    });
    await screenshot('add-connection-endpoint-invalid');
    await answerInputBox(page, /"localhost:8000" must start with http/, ddb.endpoint);
    await answerInputBox(page, /^Region: requests are signed for it/, REGION);
    await pickQuickItem(page, /step 4 of 4/, 'No access keys');
    const primer = await rowAt(CONNECTION);
    assert.strictEqual(await primer.locator('.label-name').innerText(), CONNECTION);
    await expand(CONNECTION);
    await rowAt(CONNECTION, REGION);
    await screenshot('connection-added');
  });

  it('creates DevOpsProjects with Create Table… on the region, step by step with the keyboard', async () => {
    const region = await rowAt(CONNECTION, REGION);
    // A tooltip of the row under the mouse would cover the inline action: move away, then hover the region.
    await page.mouse.move(900, 700);
    await page.keyboard.press('Escape');
    await region.hover({ force: true });
    await region.locator('.action-label[aria-label="Create Table…"]').click({ force: true });

    const first = await step(/Create Table \(step 1 of 7\)/);
    assert.match(first, /Name of the new table in Primer \/ us-east-1/);
    await quickInputBox().fill('ab');
    await step(/must be 3 to 255 characters long/);
    await screenshot('create-table-name-too-short');
    await answerInputBox(page, /must be 3 to 255 characters long/, TABLE);
    await answerInputBox(page, /^Partition key: attribute name/, 'ProjectID');
    await screenshot('create-table-key-type');
    await pickQuickItem(page, /step 3 of 7.*Partition key "ProjectID": type/, 'S');
    await pickQuickItem(page, /step 4 of 7.*Sort key\?/, 'No sort key');
    await pickQuickItem(page, /step 5 of 7.*Billing mode/, 'Provisioned');
    const read = await step(/step 6 of 9.*Read capacity units of the table/);
    assert.ok(read, 'the read capacity step is shown');
    assert.strictEqual(await quickInputBox().inputValue(), '5', 'the read capacity is offered as 5');
    await quickInputBox().fill('0');
    await step(/Enter a whole number of at least 1/);
    await screenshot('create-table-capacity-invalid');
    await answerInputBox(page, /Enter a whole number of at least 1/, '5');
    await step(/step 7 of 9.*Write capacity units of the table/);
    assert.strictEqual(await quickInputBox().inputValue(), '5', 'the write capacity is offered as 5');
    await quickInputBox().press('Enter');
    await pickQuickItem(page, /step 8 of 9.*Indexes, stream, time to live/, 'Use the defaults');
    await step(/step 9 of 9\W+review\W+DevOpsProjects/);
    const summary = await quickInput().locator('.quick-input-list').innerText();
    assert.match(summary, /Key: ProjectID \(S\)/);
    assert.match(summary, /provisioned, 5 RCU \/ 5 WCU/);
    assert.match(summary, /Copy AWS CLI command/);
    await screenshot('create-table-summary');
    await pickQuickItem(page, /step 9 of 9/, 'Create');

    await page.getByText(`Table "${TABLE}" is ACTIVE in ${REGION}.`).first().waitFor({ timeout: UI_TIMEOUT_MS });
    await expand(CONNECTION, REGION);
    await rowAt(CONNECTION, REGION, TABLE);
    await screenshot('table-in-tree');

    const { Table } = await client.send(new DescribeTableCommand({ TableName: TABLE }));
    assert.strictEqual(Table.TableStatus, 'ACTIVE');
    assert.deepStrictEqual(Table.KeySchema, [{ AttributeName: 'ProjectID', KeyType: 'HASH' }]);
    assert.deepStrictEqual(Table.AttributeDefinitions, [{ AttributeName: 'ProjectID', AttributeType: 'S' }]);
    assert.strictEqual(Table.ProvisionedThroughput.ReadCapacityUnits, 5);
    assert.strictEqual(Table.ProvisionedThroughput.WriteCapacityUnits, 5);
    assert.strictEqual(Table.GlobalSecondaryIndexes, undefined);
    assert.strictEqual(Table.StreamSpecification, undefined);
    tableCreated = true;
  });

  it('puts the day55 item through Put Item… and a saved new-item document', async () => {
    requireTable();
    await contextMenu(await rowAt(CONNECTION, REGION, TABLE), 'Put Item…');
    const editor = page.locator('.editor-group-container .monaco-editor').first();
    await editor.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await eventually('the new-item document with the ProjectID key', async () => /ProjectID/.test(await editor.locator('.view-lines').innerText()));
    await screenshot('put-item-template');
    await editor.locator('.view-lines').click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    // One line through insertText, not typed keys: the editor would add closing quotes and braces to typed
    // characters, and indent and close braces after each line break.
    await page.keyboard.insertText(JSON.stringify(DAY55));
    await eventually('the filled document', async () => /Completed/.test(await editor.locator('.view-lines').innerText()));
    await page.keyboard.press('ControlOrMeta+S');
    const stored = await eventually('the item stored in DynamoDB Local', async () => {
      const { Item } = await client.send(new GetItemCommand({ TableName: TABLE, Key: { ProjectID: { S: 'day55' } }, ConsistentRead: true }));
      return Item;
    });
    assert.deepStrictEqual(stored, DAY55);
    await eventually('the editor tab without unsaved changes', async () => (await page.locator('.tabs-container .tab.active.dirty').count()) === 0);
    await screenshot('put-item-saved');
  });

  it('shows Table Details for DevOpsProjects', async () => {
    requireTable();
    await contextMenu(await rowAt(CONNECTION, REGION, TABLE), 'Table Details');
    const preview = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await preview.getByText('ProjectID', { exact: false }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    const body = await preview.locator('body').innerText();
    assert.match(body, /DevOpsProjects/);
    assert.match(body, /ProjectID/);
    await screenshot('table-details');
  });

  it('deletes DevOpsProjects with Delete Table… after the name is typed', async () => {
    requireTable();
    await contextMenu(await rowAt(CONNECTION, REGION, TABLE), 'Delete Table…');
    const prompt = await step(/Delete Table "DevOpsProjects"/);
    assert.match(prompt, /cannot be undone/);
    await quickInputBox().fill('DevOps');
    await step(/Type DevOpsProjects exactly to delete it with all its items/);
    await screenshot('delete-table-confirm');
    // A wrong name cannot be accepted: the table is still there after Enter.
    await quickInputBox().press('Enter');
    await sleep(500);
    await client.send(new DescribeTableCommand({ TableName: TABLE }));
    await answerInputBox(page, /Type DevOpsProjects exactly to delete it/, TABLE);

    await eventually('DevOpsProjects gone from DynamoDB Local', async () => {
      try {
        await client.send(new DescribeTableCommand({ TableName: TABLE }));
        return false;
      } catch (err) {
        if (err instanceof ResourceNotFoundException) return true;
        throw err;
      }
    });
    await eventually('DevOpsProjects gone from the tree', async () => {
      const children = await childLabels(CONNECTION, REGION);
      return children && !children.includes(TABLE);
    });
    await screenshot('table-deleted');
  });

  it('removes the connection "Primer"', async () => {
    await runPaletteCommand(page, 'DynamoDB: Remove Connection');
    await pickQuickItem(page, /Endpoint connection to remove/, CONNECTION);
    const remove = page.locator('.monaco-dialog-box').getByRole('button', { name: 'Remove', exact: true });
    await remove.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await remove.click();
    await eventually('Primer gone from the tree', async () => !(await treeRows()).some((r) => r.level === 1 && r.label === CONNECTION));
  });
});
