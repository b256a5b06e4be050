// The table viewer in the real workbench: open CustomerOrders from the explorer, build a Query with a sort key
// BETWEEN and two filters (one on a nested path), run it, and compare the rows with what the seeded table holds,
// read here with the SDK and filtered in plain JavaScript. Started by `node scripts/test.js e2e`.
'use strict';

const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { DynamoDBClient, ScanCommand } = require('@aws-sdk/client-dynamodb');
const { baseUrl, folder, UI_TIMEOUT_MS, openWorkbench, saveScreenshot, screenshotIfFailed } = require('./lib/workbench');
const { runAndWaitFor, waitForRunEnd } = require('./lib/viewer');


const TABLE = 'CustomerOrders';
const CUSTOMER = 'CUST#00002';
const FROM = 'ORD#0000014';
const TO = 'ORD#0000021';
const NOT_COUNTRY = 'US';
const MIN_TOTAL = '300';

/** The endpoint of the Local connection, as the workspace settings give it to the extension. */
function localEndpoint() {
  const settings = JSON.parse(fs.readFileSync(path.join(folder, '.vscode', 'settings.json'), 'utf8'));
  const local = settings['dynamodbStudio.customEndpoints'].find((e) => e.name === 'Local');
  return { endpoint: local.endpoint, region: local.region };
}

/** Every item of the table through the SDK, then the query's conditions in plain JavaScript. */
async function expectedOrderIds() {
  const { endpoint, region } = localEndpoint();
  const client = new DynamoDBClient({ endpoint, region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const items = [];
  try {
    let ExclusiveStartKey;
    do {
      const page = await client.send(new ScanCommand({ TableName: TABLE, ExclusiveStartKey }));
      items.push(...page.Items);
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  } finally {
    client.destroy();
  }
  return items
    .filter((i) => i.CustomerId.S === CUSTOMER && i.OrderId.S >= FROM && i.OrderId.S <= TO)
    .filter((i) => i.ShippingAddress.M.Country.S !== NOT_COUNTRY && Number(i.Total.N) >= Number(MIN_TOTAL))
    .map((i) => i.OrderId.S)
    .sort();
}

describe('table viewer in the workbench', function () {
  this.timeout(240_000);
  let browser;
  let page;

  const sidebar = () => page.locator('#workbench\\.parts\\.sidebar');
  const row = (label) => sidebar().locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) });
  /** The viewer's document: code-server nests it in two iframes. */
  const viewer = () => page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');

  async function expand(label) {
    const target = row(label).first();
    await target.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    if ((await target.getAttribute('aria-expanded')) !== 'true') await target.click();
    await page.waitForFunction((el) => el.getAttribute('aria-expanded') === 'true', await target.elementHandle(), { timeout: UI_TIMEOUT_MS });
  }

  const screenshot = (name) => saveScreenshot(page, name);

  async function pick(selectId, optionName) {
    await viewer().locator(`#${selectId}`).click();
    await viewer().getByRole('option', { name: optionName, exact: true }).click();
  }

  before(async function () {
    assert.ok(baseUrl && folder, 'DYNAMODB_STUDIO_E2E_URL and DYNAMODB_STUDIO_E2E_FOLDER are not set: run this suite with `node scripts/test.js e2e`.');
    ({ browser, page } = await openWorkbench({ width: 1600, height: 1000 }));
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, page);
  });

  after(async () => {
    if (browser) await browser.close();
  });

  it('opens CustomerOrders in the table viewer from the explorer', async () => {
    await page.locator('#workbench\\.parts\\.activitybar').getByRole('tab', { name: /^DynamoDB/ }).click();
    await expand('Local');
    await expand('us-east-1');
    const table = row(TABLE).first();
    await table.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await table.click({ button: 'right' });
    const entry = page.getByRole('menuitem', { name: 'Open Table', exact: true });
    await entry.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    // The workbench menu acts on Enter for the focused item; a synthetic click on an item is not always taken.
    await entry.hover();
    for (let tries = 0; tries < 50; tries++) {
      if (await entry.evaluate((el) => el.matches(':focus, :focus-within') || el.closest('.focused') !== null)) break;
      await page.waitForTimeout(100);
    }
    await page.keyboard.press('Enter');
    await entry.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
    await viewer().locator('.viewer-title', { hasText: TABLE }).waitFor({ timeout: UI_TIMEOUT_MS });
    assert.match(await viewer().locator('.viewer-subtitle').innerText(), /Local · us-east-1/);
    const indexes = await viewer().locator('#index vscode-option').allTextContents();
    assert.deepEqual(indexes, ['Table: CustomerId (S), OrderId (S)', 'GSI ByStatus: Status (S), OrderDate (S)', 'LSI ByTotal: CustomerId (S), Total (N)']);
    // The first page shows at once, without pressing Run (issue 14, finding 8).
    assert.strictEqual(await waitForRunEnd(viewer(), -1), 'done');
    assert.ok((await viewer().locator('.grid-row').count()) > 10, 'rows of the first page are on screen');
    assert.match(await viewer().locator('.run-status').innerText(), /items returned/);
    await screenshot('table-viewer-first-page.png');
  });

  it('runs a Query with a sort key BETWEEN and filters, and shows exactly the matching rows', async () => {
    const expected = await expectedOrderIds();
    // The conditions must matter: some rows of the key range are filtered out, some stay.
    assert.ok(expected.length > 0 && expected.length < 8, `expected ${expected.length} of the 8 orders in the range`);

    const v = viewer();
    await v.locator('#kind-query').click();
    await v.locator('#pk input').fill(CUSTOMER);
    await pick('skOp', 'BETWEEN');
    await v.locator('#skValue input').fill(FROM);
    await v.locator('#skValue2 input').fill(TO);
    await v.locator('#addFilter').click();
    await v.locator('#filter-0-path input').fill('ShippingAddress.Country');
    await pick('filter-0-op', '<>');
    await v.locator('#filter-0-value input').fill(NOT_COUNTRY);
    await v.locator('#addFilter').click();
    await v.locator('#filter-1-path input').fill('Total');
    await pick('filter-1-op', '>=');
    await pick('filter-1-type', 'N');
    await v.locator('#filter-1-value input').fill(MIN_TOTAL);
    assert.strictEqual(await runAndWaitFor(v), 'done');
    const shown = await v.locator('.grid-row [aria-colindex="3"]').allTextContents();
    assert.deepEqual(shown, expected, 'the OrderId column, in sort key order');
    assert.match(await v.locator('.run-status').innerText(), new RegExp(`${expected.length} items returned · 8 scanned`));
    const file = await screenshot('table-viewer-query.png');
    console.log(`      screenshot: ${file}`);
  });

  it('lists the query in the history and shows the rows as DynamoDB JSON', async () => {
    const v = viewer();
    await v.locator('.history-list li').first().waitFor({ timeout: UI_TIMEOUT_MS });
    assert.match(await v.locator('.history-list li').first().innerText(), new RegExp(`Query · CustomerId = ${CUSTOMER}`));
    await v.locator('#view-dynamodb').click();
    await v.locator('.json-view', { hasText: '"Tags": { "SS"' }).waitFor({ timeout: UI_TIMEOUT_MS });
    const text = await v.locator('.json-view').innerText();
    assert.match(text, /"LedgerBalance": \{ "N": "-?1234567890123456789012345678901234\d{4}" \}/);
    await screenshot('table-viewer-dynamodb-json.png');
    await v.locator('#view-grid').click();
  });

  it('comes back after a window reload with its table, its query and the query\'s rows', async () => {
    const expected = await expectedOrderIds();
    await page.reload();
    await page.locator('.monaco-workbench').waitFor({ timeout: UI_TIMEOUT_MS });
    const v = viewer();
    await v.locator('.viewer-title', { hasText: TABLE }).waitFor({ timeout: UI_TIMEOUT_MS });
    assert.match(await v.locator('.viewer-subtitle').innerText(), /Local · us-east-1/);
    assert.strictEqual(await v.locator('#pk input').inputValue(), CUSTOMER, 'the query form lost its partition key');
    assert.strictEqual(await v.locator('#skValue2 input').inputValue(), TO, 'the query form lost its sort key range');
    await waitForRunEnd(v, -1);
    const shown = await v.locator('.grid-row [aria-colindex="3"]').allTextContents();
    assert.deepEqual(shown, expected, 'the rows after the reload are not those of the query');
    await screenshot('table-viewer-after-reload.png');
  });
});
