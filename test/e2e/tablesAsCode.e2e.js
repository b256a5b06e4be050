// Tables as code in the real workbench: a CloudFormation template in the workspace declares two tables. The first
// exists on DynamoDB Local but was changed by hand (provisioned instead of on-demand, a stream switched on); clicking
// its "Compare with Local" CodeLens puts both drifts, with live and declared values, in the Problems panel. The
// second does not exist yet; its "Create on DynamoDB Local" CodeLens asks first, then creates it as declared (read
// back with the SDK), and a compare then finds no drift. Screenshots in test-results/. Started by
// `node scripts/test.js e2e` (DYNAMODB_STUDIO_E2E_SPEC=test/e2e/tablesAsCode.e2e.js runs only this suite).
'use strict';

const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { CreateTableCommand, DeleteTableCommand, DescribeTableCommand, DynamoDBClient, waitUntilTableExists } = require('@aws-sdk/client-dynamodb');
const {
  folder,
  pickQuickItem,
  baseUrl,
  UI_TIMEOUT_MS,
  openWorkbench,
  saveScreenshot,
  screenshotIfFailed,
  eventually,
  answerDialog,
  notificationText,
  closeAllEditorsDiscarding,
} = require('./lib/workbench');

const endpoint = process.env.DYNAMODB_STUDIO_TEST_ENDPOINT;
const REGION = 'us-east-1';
const suffix = Date.now().toString(36);
const DRIFTED = `IacE2eOrders${suffix}`;
const MISSING = `IacE2eEvents${suffix}`;
/** Declared, then created only through a read-only connection: the guard refuses, so it never exists. */
const GUARDED = `IacE2eAudit${suffix}`;
/** A second DynamoDB Local connection, read-only, added to the workspace settings for the guard test. */
const READ_ONLY = 'LocalReadOnlyIac';
const FILE = `orders-${suffix}.template.yaml`;

const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Description: Tables of the order service

Resources:
  OrdersTable:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: ${DRIFTED}
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - AttributeName: OrderId
          AttributeType: S
      KeySchema:
        - AttributeName: OrderId
          KeyType: HASH

  EventsTable:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: ${MISSING}
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - AttributeName: Stream
          AttributeType: S
        - AttributeName: At
          AttributeType: N
        - AttributeName: Kind
          AttributeType: S
      KeySchema:
        - AttributeName: Stream
          KeyType: HASH
        - AttributeName: At
          KeyType: RANGE
      GlobalSecondaryIndexes:
        - IndexName: ByKind
          KeySchema:
            - AttributeName: Kind
              KeyType: HASH
          Projection:
            ProjectionType: KEYS_ONLY

  AuditTable:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: ${GUARDED}
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - AttributeName: Id
          AttributeType: S
      KeySchema:
        - AttributeName: Id
          KeyType: HASH
`;

describe('Tables as code in the workbench', function () {
  this.timeout(240_000);
  let browser;
  let page;
  let client;
  const settingsFile = path.join(folder ?? '', '.vscode', 'settings.json');
  let originalSettings;
  /** The settings before this suite: restored at its end. */
  let baseSettings;

  before(async function () {
    assert.ok(baseUrl && folder && endpoint, 'run this suite with `node scripts/test.js e2e` (DYNAMODB_STUDIO_E2E_URL, _FOLDER and DYNAMODB_STUDIO_TEST_ENDPOINT)');
    client = new DynamoDBClient({ endpoint, region: REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    // The live table differs from the template: provisioned capacity and a stream, both changed by hand.
    await client.send(
      new CreateTableCommand({
        TableName: DRIFTED,
        AttributeDefinitions: [{ AttributeName: 'OrderId', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'OrderId', KeyType: 'HASH' }],
        BillingMode: 'PROVISIONED',
        ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
      }),
    );
    await waitUntilTableExists({ client, maxWaitTime: 60 }, { TableName: DRIFTED });
    fs.writeFileSync(path.join(folder, FILE), TEMPLATE);
    // The workspace names the connection its code runs against (as a team commits it): compares go there too,
    // whatever other local connections earlier suites left.
    baseSettings = fs.readFileSync(settingsFile, 'utf8');
    fs.writeFileSync(settingsFile, JSON.stringify({ ...JSON.parse(baseSettings), 'dynamodbStudio.codeChecks.connection': 'endpoint:Local' }, null, 2));
    ({ browser, page } = await openWorkbench({ width: 1500, height: 950 }));
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, page);
  });

  after(async function () {
    if (page) await closeAllEditorsDiscarding(page).catch(() => undefined);
    if (browser) await browser.close();
    if (client) {
      for (const TableName of [DRIFTED, MISSING, GUARDED]) await client.send(new DeleteTableCommand({ TableName })).catch(() => undefined);
      client.destroy();
    }
    fs.rmSync(path.join(folder, FILE), { force: true });
    if (baseSettings !== undefined) fs.writeFileSync(settingsFile, baseSettings);
    else if (originalSettings !== undefined) fs.writeFileSync(settingsFile, originalSettings);
  });

  /** Puts the keyboard focus back into the template's text (a click on its first line). */
  const focusTemplate = () => page.locator('.editor-group-container .monaco-editor .view-line').first().click();
  const lens = (title, nth) => page.locator('.codelens-decoration a', { hasText: title }).nth(nth);

  it('opens the template and shows the CodeLenses over each table resource', async () => {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await input.fill(FILE);
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: FILE }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab.active', { hasText: FILE }).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await eventually('a Compare and a Create lens over each of the three resources', async () => {
      const compare = await page.locator('.codelens-decoration a', { hasText: /^Compare with Local \(us-east-1\)$/ }).count();
      const create = await page.locator('.codelens-decoration a', { hasText: /^Create on DynamoDB Local$/ }).count();
      return { ok: compare === 3 && create === 3, why: `${compare} compare and ${create} create lenses` };
    });
    await saveScreenshot(page, 'e2e-iac-codelenses.png');
  });

  it('Compare with Local: the drift is in the Problems panel with the live and the declared value', async () => {
    await lens(/^Compare with Local \(us-east-1\)$/, 0).click();
    const note = await notificationText(page, /OrdersTable vs/);
    assert.match(note, new RegExp(`OrdersTable vs ${DRIFTED} on Local: 2 drifted`));
    await page.keyboard.press('Control+Shift+M');
    const panel = page.locator('.markers-panel');
    await panel.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const text = await eventually('both drifts in the Problems panel', async () => {
      const t = await panel.innerText();
      const ok = t.includes('Billing mode drifted: live provisioned (PROVISIONED), declared on-demand (PAY_PER_REQUEST).') && t.includes('Stream drifted: live on (NEW_IMAGE), declared off.');
      return { ok, value: t, why: t.slice(0, 500) };
    });
    assert.ok(text.includes(FILE), text);
    // Settings the endpoint cannot tell are said, not counted as drift.
    assert.match(text, /Point-in-time recovery: not supported by this endpoint/);
    // The workbench refreshes CodeLenses of the focused editor only: back in the template, the drift lens shows.
    await focusTemplate();
    await eventually('the drift CodeLens', async () => ({ ok: (await page.locator('.codelens-decoration a', { hasText: /2 drifted: show report/ }).count()) === 1, why: 'not shown yet' }));
    await saveScreenshot(page, 'e2e-iac-problems.png');
  });

  it('Create on DynamoDB Local asks first, then creates the table as declared; its compare finds no drift', async () => {
    await lens(/^Create on DynamoDB Local$/, 1).click();
    const message = await answerDialog(page, new RegExp(`Create table "${MISSING}" on Local`), 'Create');
    assert.match(message, /as declared by EventsTable/);
    await notificationText(page, new RegExp(`Table "${MISSING}" is ACTIVE on Local`));
    const { Table } = await client.send(new DescribeTableCommand({ TableName: MISSING }));
    assert.deepStrictEqual(Table.KeySchema, [{ AttributeName: 'Stream', KeyType: 'HASH' }, { AttributeName: 'At', KeyType: 'RANGE' }]);
    assert.deepStrictEqual(Table.GlobalSecondaryIndexes.map((g) => [g.IndexName, g.Projection.ProjectionType]), [['ByKind', 'KEYS_ONLY']]);
    assert.strictEqual(Table.BillingModeSummary.BillingMode, 'PAY_PER_REQUEST');
    await lens(/^Compare with Local \(us-east-1\)$/, 1).click();
    const note = await notificationText(page, /EventsTable vs/);
    assert.match(note, new RegExp(`EventsTable vs ${MISSING} on Local: no drift`));
    await focusTemplate();
    // Creating EventsTable dropped only its own compare: OrdersTable's drift is still shown beside it.
    await eventually('an "as declared" lens over EventsTable and the drift lens over OrdersTable', async () => {
      const lenses = (await page.locator('.codelens-decoration').allTextContents()).join(' | ');
      return { ok: /as declared: show report/.test(lenses) && /2 drifted: show report/.test(lenses), why: lenses };
    });
    const problems = await page.locator('.markers-panel').innerText();
    assert.ok(problems.includes('OrdersTable: Stream drifted') && problems.includes('EventsTable: Tags: not supported by this endpoint'), problems);
    await saveScreenshot(page, 'e2e-iac-created.png');
  });

  it('the explorer shows a drift badge on the drifted live table and a check on the one as declared', async () => {
    const activity = page.locator('#workbench\\.parts\\.activitybar').getByRole('tab', { name: /^DynamoDB/ });
    await activity.click();
    const sidebar = page.locator('#workbench\\.parts\\.sidebar');
    const row = (label) => sidebar.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) }).first();
    for (const label of ['Local', 'us-east-1']) {
      await row(label).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
      if ((await row(label).getAttribute('aria-expanded')) !== 'true') await row(label).click();
    }
    // A file decoration's badge is drawn by a CSS rule after the label: read it as the browser renders it.
    const badge = (label) => row(label).locator('.monaco-icon-label').first().evaluate((el) => getComputedStyle(el, '::after').content);
    await eventually('the badges on both tables', async () => {
      const b = [await badge(DRIFTED).catch(() => 'no row'), await badge(MISSING).catch(() => 'no row')];
      return { ok: b[0] === '"2"' && b[1] === '"✓"', why: `badges ${JSON.stringify(b)}` };
    });
    await saveScreenshot(page, 'e2e-iac-explorer-badge.png');
  });

  it('Create on DynamoDB Local obeys the guard: through a read-only connection it is refused and no table is created', async () => {
    originalSettings = fs.readFileSync(settingsFile, 'utf8');
    const settings = JSON.parse(originalSettings);
    settings['dynamodbStudio.customEndpoints'] = [...settings['dynamodbStudio.customEndpoints'], { name: READ_ONLY, endpoint, region: REGION, readOnly: true }];
    fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
    const sidebar = page.locator('#workbench\\.parts\\.sidebar');
    await sidebar.locator('.monaco-list-row[aria-level="1"]', { has: page.locator('.label-name', { hasText: new RegExp(`^${READ_ONLY}$`) }) }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    // AuditTable is the last resource: bring it into view.
    await focusTemplate();
    await page.keyboard.press('Control+End');
    // The lenses are drawn again when the connections change: click until the connection picker opens.
    await eventually('the DynamoDB Local connection picker', async () => {
      await lens(/^Create on DynamoDB Local$/, 2).click({ timeout: 5_000 }).catch(() => undefined);
      const shown = await page.locator('.quick-input-widget').isVisible();
      if (!shown) await page.waitForTimeout(1_000);
      return { ok: shown || (await page.locator('.quick-input-widget').isVisible()), why: 'no picker yet' };
    });
    await pickQuickItem(page, /DynamoDB Local connection/, READ_ONLY);
    await answerDialog(page, new RegExp(`Create table "${GUARDED}" on ${READ_ONLY}`), 'Create');
    const refusal = await notificationText(page, /is read-only/);
    assert.match(refusal, new RegExp(`the connection "${READ_ONLY}" is read-only`));
    await assert.rejects(client.send(new DescribeTableCommand({ TableName: GUARDED })), (err) => err.name === 'ResourceNotFoundException');
    await saveScreenshot(page, 'e2e-iac-guard-refuses.png');
  });
});
