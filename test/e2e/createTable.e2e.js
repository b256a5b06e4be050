// Create Table as a form in the real workbench (issue 14, finding 19): "DynamoDB: Create Table…" from the palette
// opens a webview form with the key schema, indexes, billing and the AWS CLI line it will run. A bad or taken name is
// flagged at the field and Create sends nothing; a filled form (partition and sort key, a global index, on-demand)
// shows the exact CLI line, copies it, is submitted with Enter, and DescribeTable matches it exactly; on a read-only
// connection Create is refused and no table appears; a form open at a window reload comes back as typed.
// Screenshots: test-results/create-table-*.png.
// Started by `node scripts/test.js e2e` (DYNAMODB_STUDIO_E2E_SPEC=test/e2e/createTable.e2e.js for this suite alone).
'use strict';

const assert = require('node:assert');
const { DynamoDBClient, DeleteTableCommand, DescribeTableCommand, ListTablesCommand, ResourceNotFoundException } = require('@aws-sdk/client-dynamodb');
const {
  baseUrl,
  folder,
  UI_TIMEOUT_MS,
  openWorkbench,
  saveScreenshot,
  screenshotIfFailed,
  eventually,
  allowClipboard,
  clearClipboard,
  readClipboard,
  closeAllEditorsDiscarding,
  addWorkspaceConnections,
} = require('./lib/workbench');
const { viewerFrame, openCreateTableForm } = require('./lib/viewer');

const endpoint = process.env.DYNAMODB_STUDIO_TEST_ENDPOINT;
const REGION = 'us-east-1';
const READ_ONLY = 'LocalReadOnlyCreate';
const TABLE = 'FormShipments';
const GUARDED_TABLE = 'FormReadOnly';

/** The line the form must show for the filled-in table, pointed at the harness's DynamoDB Local. */
const expectedCli = () =>
  'aws dynamodb create-table --table-name FormShipments ' +
  `--attribute-definitions '[{"AttributeName":"customerId","AttributeType":"S"},{"AttributeName":"shippedAt","AttributeType":"N"},{"AttributeName":"status","AttributeType":"S"}]' ` +
  `--key-schema '[{"AttributeName":"customerId","KeyType":"HASH"},{"AttributeName":"shippedAt","KeyType":"RANGE"}]' ` +
  '--billing-mode PAY_PER_REQUEST ' +
  `--global-secondary-indexes '[{"IndexName":"ByStatus","KeySchema":[{"AttributeName":"status","KeyType":"HASH"},{"AttributeName":"shippedAt","KeyType":"RANGE"}],"Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["total","carrier"]}}]' ` +
  `--region ${REGION} --endpoint-url ${endpoint}`;

describe('Create Table form in the workbench (19)', function () {
  this.timeout(240_000);
  let browser;
  let page;
  let client;
  /** Puts the workspace settings back (the read-only connection is added in before()). */
  let restoreSettings;

  const form = () => viewerFrame(page);
  const field = (name) => form().locator(`[data-field="${name}"]`).first();
  const status = () => form().locator('#status');
  const exists = async (name) => {
    try {
      await client.send(new DescribeTableCommand({ TableName: name }));
      return true;
    } catch (err) {
      if (err instanceof ResourceNotFoundException) return false;
      throw err;
    }
  };
  const dropTable = async (name) => {
    if (await exists(name)) await client.send(new DeleteTableCommand({ TableName: name }));
  };

  const openForm = (connection) => openCreateTableForm(page, connection, REGION);

  before(async function () {
    assert.ok(baseUrl && folder && endpoint, 'DYNAMODB_STUDIO_E2E_URL, DYNAMODB_STUDIO_E2E_FOLDER and DYNAMODB_STUDIO_TEST_ENDPOINT are not set: run this suite with `node scripts/test.js e2e`.');
    client = new DynamoDBClient({ endpoint, region: REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await dropTable(TABLE);
    await dropTable(GUARDED_TABLE);
    restoreSettings = addWorkspaceConnections({ name: READ_ONLY, endpoint, region: REGION, readOnly: true });
    ({ browser, page } = await openWorkbench({ width: 1400, height: 1000 }));
    await allowClipboard(page);
    await page.locator('#workbench\\.parts\\.activitybar').getByRole('tab', { name: /^DynamoDB/ }).click();
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, page);
  });

  after(async () => {
    if (page) await closeAllEditorsDiscarding(page).catch(() => undefined);
    if (browser) await browser.close();
    if (restoreSettings) restoreSettings();
    if (client) {
      await dropTable(TABLE).catch(() => undefined);
      await dropTable(GUARDED_TABLE).catch(() => undefined);
      client.destroy();
    }
  });

  it('opens from the palette as a form with labelled controls, the name field focused and empty', async () => {
    await openForm('Local');
    const name = form().getByRole('textbox', { name: 'Table name' });
    assert.strictEqual(await name.inputValue(), '', 'no name is filled in');
    assert.ok(await name.evaluate((el) => el === document.activeElement), 'the name field has the focus');
    for (const label of ['Partition key name', 'Sort key (optional) name']) await form().getByRole('textbox', { name: label }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    await form().getByRole('radio', { name: 'On-demand' }).waitFor({ timeout: UI_TIMEOUT_MS });
    assert.ok(await form().getByRole('radio', { name: 'On-demand' }).isChecked(), 'on-demand is the default billing');
    await form().getByRole('button', { name: '+ Add global index' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await form().getByRole('button', { name: 'Create table' }).waitFor({ timeout: UI_TIMEOUT_MS });
    assert.match(await form().locator('#cli-line').innerText(), /appears here once the form is complete/);
    await saveScreenshot(page, 'create-table-form.png');
  });

  it('a bad name is flagged at the field, and Create sends nothing', async () => {
    const before = (await client.send(new ListTablesCommand({}))).TableNames;
    await field('tableName').fill('bad name!');
    await field('partitionKey.name').fill('pk');
    const problem = form().locator('#problem-tableName');
    await eventually('the name problem', async () => {
      const text = await problem.innerText();
      return { ok: /may contain only letters a-z and A-Z, digits, "_", "-" and "."/.test(text) && /" ", "!"/.test(text), why: `it says: ${text}` };
    });
    assert.strictEqual(await field('tableName').getAttribute('aria-invalid'), 'true');
    await field('partitionKey.name').press('Enter');
    await eventually('the refusal in the status line', async () => {
      const text = await status().innerText();
      return { ok: /Not created: one field needs attention/.test(text), why: `it says: ${text}` };
    });
    // A taken name is flagged the same way.
    await field('tableName').fill('DevOpsProjects');
    await eventually('the taken-name problem', async () => {
      const text = await problem.innerText();
      return { ok: text.includes(`A table named "DevOpsProjects" already exists in Local / ${REGION}: choose another name.`), why: `it says: ${text}` };
    });
    await saveScreenshot(page, 'create-table-bad-name.png');
    await field('tableName').press('Enter');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.deepStrictEqual((await client.send(new ListTablesCommand({}))).TableNames, before, 'no table was created');
  });

  it('a filled form shows the exact AWS CLI line, copies it, creates the table on Enter, and DescribeTable matches', async () => {
    await field('tableName').fill(TABLE);
    await field('partitionKey.name').fill('customerId');
    await field('sortKey.name').fill('shippedAt');
    await field('sortKey.type').selectOption('N');
    await form().getByRole('button', { name: '+ Add global index' }).click();
    const gsi = form().getByRole('group', { name: 'Global secondary index 1' });
    await gsi.waitFor({ timeout: UI_TIMEOUT_MS });
    assert.ok(await field('globalIndexes[0].name').evaluate((el) => el === document.activeElement), 'the new index row takes the focus');
    await field('globalIndexes[0].name').fill('ByStatus');
    await field('globalIndexes[0].partitionKey.name').fill('status');
    await field('globalIndexes[0].sortKey.name').fill('shippedAt');
    await field('globalIndexes[0].sortKey.type').selectOption('N');
    await field('globalIndexes[0].projection').selectOption('INCLUDE');
    await field('globalIndexes[0].projection.nonKeyAttributes').fill('total, carrier');
    await form().getByRole('radio', { name: 'On-demand' }).check();
    const shown = await eventually('the CLI line', async () => {
      const text = await form().locator('#cli-line').innerText();
      return { ok: text.startsWith('aws dynamodb create-table'), value: text, why: `it says: ${text}` };
    });
    assert.strictEqual(shown, expectedCli());
    await clearClipboard(page);
    await form().getByRole('button', { name: 'Copy' }).click();
    await eventually('the copy confirmation', async () => ({ ok: /Copied the aws dynamodb create-table command/.test(await status().innerText()), why: await status().innerText() }));
    assert.strictEqual(await readClipboard(page), expectedCli());
    await saveScreenshot(page, 'create-table-filled.png');

    await field('globalIndexes[0].projection.nonKeyAttributes').press('Enter');
    const done = await eventually('the table ACTIVE in the form', async () => {
      const text = await status().innerText();
      if (/failed|refused|Not created/i.test(text)) throw new Error(text);
      return { ok: text.includes(`Table "${TABLE}" is ACTIVE in Local / ${REGION}`), value: text, why: `it says: ${text}` };
    });
    assert.match(done, /selected in the explorer/);
    const row = page.locator('#workbench\\.parts\\.sidebar .monaco-list-row.selected', { has: page.locator('.label-name', { hasText: new RegExp(`^${TABLE}$`) }) });
    await row.first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await saveScreenshot(page, 'create-table-created.png');

    const { Table } = await client.send(new DescribeTableCommand({ TableName: TABLE }));
    assert.strictEqual(Table.TableStatus, 'ACTIVE');
    assert.deepStrictEqual(Table.KeySchema, [
      { AttributeName: 'customerId', KeyType: 'HASH' },
      { AttributeName: 'shippedAt', KeyType: 'RANGE' },
    ]);
    const byName = (a, b) => a.AttributeName.localeCompare(b.AttributeName);
    assert.deepStrictEqual([...Table.AttributeDefinitions].sort(byName), [
      { AttributeName: 'customerId', AttributeType: 'S' },
      { AttributeName: 'shippedAt', AttributeType: 'N' },
      { AttributeName: 'status', AttributeType: 'S' },
    ]);
    assert.strictEqual(Table.BillingModeSummary.BillingMode, 'PAY_PER_REQUEST');
    assert.strictEqual(Table.GlobalSecondaryIndexes.length, 1);
    const [index] = Table.GlobalSecondaryIndexes;
    assert.strictEqual(index.IndexName, 'ByStatus');
    assert.deepStrictEqual(index.KeySchema, [
      { AttributeName: 'status', KeyType: 'HASH' },
      { AttributeName: 'shippedAt', KeyType: 'RANGE' },
    ]);
    assert.deepStrictEqual(index.Projection, { ProjectionType: 'INCLUDE', NonKeyAttributes: ['total', 'carrier'] });
    assert.strictEqual(Table.LocalSecondaryIndexes, undefined);
    assert.strictEqual(Table.StreamSpecification, undefined);

    // The form now knows the name is taken.
    await eventually('the form flags the new name as taken', async () => {
      const text = await form().locator('#problem-tableName').innerText();
      return { ok: text.includes(`A table named "${TABLE}" already exists`), why: `it says: ${text}` };
    });
    await form().getByRole('button', { name: 'Cancel' }).click();
    await field('tableName').waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
  });

  it('on a read-only connection the form says so and Create is refused: no table appears', async () => {
    await openForm(READ_ONLY);
    assert.match(await form().getByRole('note').innerText(), new RegExp(`${READ_ONLY} is read-only`));
    await field('tableName').fill(GUARDED_TABLE);
    await field('partitionKey.name').fill('pk');
    await eventually('the CLI line', async () => ({ ok: (await form().locator('#cli-line').innerText()).startsWith('aws dynamodb create-table'), why: 'not shown' }));
    await form().getByRole('button', { name: 'Create table' }).click();
    const refusal = await eventually('the refusal in the form', async () => {
      const text = await status().innerText();
      return { ok: /read-only/i.test(text) && text.includes(READ_ONLY), value: text, why: `it says: ${text}` };
    });
    console.log(`      the form says: ${refusal}`);
    assert.strictEqual(await field('tableName').inputValue(), GUARDED_TABLE, 'the form keeps what was typed');
    await saveScreenshot(page, 'create-table-read-only.png');
    assert.strictEqual(await exists(GUARDED_TABLE), false, `${GUARDED_TABLE} was not created`);
  });

  it('a form open when the window reloads comes back with what was typed', async () => {
    await openForm('Local');
    await field('tableName').fill('FormAfterReload');
    await field('partitionKey.name').fill('id');
    await form().getByRole('button', { name: '+ Add global index' }).click();
    await field('globalIndexes[0].name').fill('ByKind');
    await field('globalIndexes[0].partitionKey.name').fill('kind');
    const typedAt = Date.now();
    // The web workbench saves the editors' state (with each webview's state) once a minute: reload after that.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, typedAt + 65_000 - Date.now())));
    await page.reload();
    await page.locator('.monaco-workbench').waitFor({ timeout: UI_TIMEOUT_MS });
    const tab = page.locator('.tabs-container .tab', { hasText: `Create Table · Local / ${REGION}` }).first();
    await tab.waitFor({ timeout: UI_TIMEOUT_MS });
    await tab.click();
    await field('tableName').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    assert.strictEqual(await field('tableName').inputValue(), 'FormAfterReload');
    assert.strictEqual(await field('partitionKey.name').inputValue(), 'id');
    assert.strictEqual(await field('globalIndexes[0].name').inputValue(), 'ByKind');
    assert.strictEqual(await field('globalIndexes[0].partitionKey.name').inputValue(), 'kind');
    assert.match(await form().locator('#cli-line').innerText(), /^aws dynamodb create-table --table-name FormAfterReload /);
    await saveScreenshot(page, 'create-table-after-reload.png');
    await form().getByRole('button', { name: 'Cancel' }).click();
    await field('tableName').waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
  });
});
