// A read larger than the viewer's window, in the real workbench: with dynamodbStudio.viewerWindowRows at 100, an
// "All pages" scan of a 350-item table keeps 100 rows in the grid and says which ones ("Rows 1–100 of 350
// fetched"); Next window and Previous window show exactly the rows fetched in that stretch, read back from the
// extension's temporary file. The table is made by this suite (one partition, so a scan returns the items in
// sort-key order) and deleted after it; the workspace settings are put back.
'use strict';

const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { DynamoDBClient, BatchWriteItemCommand, DeleteTableCommand } = require('@aws-sdk/client-dynamodb');
const { baseUrl, folder, UI_TIMEOUT_MS, openWorkbench, saveScreenshot, screenshotIfFailed, eventually, runContextMenuItem, expandExplorerRow, explorerRowAt } = require('./lib/workbench');
const { runAndWaitFor, waitForRunEnd, createTeamSeqTable } = require('./lib/viewer');

const endpoint = process.env.DYNAMODB_STUDIO_TEST_ENDPOINT;
const REGION = 'us-east-1';
const TABLE = `ViewerWindow-${Date.now().toString(36)}`;
const ITEMS = 350;
const WINDOW = 100;
const range = (from, to) => Array.from({ length: to - from }, (_, k) => from + k);

describe('The viewer’s window over a large read in the workbench', function () {
  this.timeout(240_000);
  let browser;
  let page;
  let client;
  let settingsFile;
  let originalSettings;

  const viewer = () => page.frameLocator('iframe.webview.ready:visible').frameLocator('iframe#active-frame');

  /** The Seq numbers of the rows the grid holds, read from the DynamoDB JSON view (every row, in grid order). */
  async function shownSeqs() {
    const v = viewer();
    await v.locator('#view-dynamodb').click();
    // The view is drawn in the next frame: until then it may still hold the text it had when last shown.
    await page.waitForTimeout(300);
    const text = await v.locator('.json-view').innerText();
    await v.locator('#view-grid').click();
    const parsed = JSON.parse(text);
    return (Array.isArray(parsed) ? parsed : [parsed]).map((item) => Number(item.Seq.N));
  }

  /** Waits until the window bar says `pattern` and the grid holds the rows `expected` (Seq numbers, in order). */
  async function windowShows(pattern, expected) {
    const text = viewer().locator('#window-text');
    await eventually(`the window bar to say ${pattern}`, async () => {
      const t = await text.innerText();
      return { ok: pattern.test(t), why: `it says ${JSON.stringify(t)}` };
    });
    let shown;
    await eventually(`the grid to hold rows ${expected[0]}…${expected[expected.length - 1]}`, async () => {
      shown = await shownSeqs();
      return { ok: JSON.stringify(shown) === JSON.stringify(expected), why: `it holds ${shown.length} rows from ${shown[0]} to ${shown[shown.length - 1]}` };
    });
    assert.deepStrictEqual(shown, expected);
  }

  before(async function () {
    assert.ok(
      baseUrl && folder && endpoint,
      'DYNAMODB_STUDIO_E2E_URL, DYNAMODB_STUDIO_E2E_FOLDER and DYNAMODB_STUDIO_TEST_ENDPOINT are not set: run this suite ' +
        'with `node scripts/test.js e2e`, which starts code-server with the extension installed and DynamoDB Local.',
    );
    client = new DynamoDBClient({ endpoint, region: REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await createTeamSeqTable(client, TABLE);
    const items = range(0, ITEMS).map((i) => ({ Team: { S: 'w' }, Seq: { N: String(i) }, Note: { S: `row ${i}` } }));
    for (let i = 0; i < items.length; i += 25) {
      const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [TABLE]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
      assert.strictEqual(Object.keys(out.UnprocessedItems ?? {}).length, 0, 'DynamoDB Local left items unwritten');
    }
    settingsFile = path.join(folder, '.vscode', 'settings.json');
    originalSettings = fs.readFileSync(settingsFile, 'utf8');
    fs.writeFileSync(settingsFile, JSON.stringify({ ...JSON.parse(originalSettings), 'dynamodbStudio.viewerWindowRows': WINDOW }, null, 2));
    ({ browser, page } = await openWorkbench({ width: 1600, height: 1000 }));
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, page);
  });

  after(async () => {
    if (browser) await browser.close();
    if (settingsFile && originalSettings !== undefined) fs.writeFileSync(settingsFile, originalSettings);
    if (client) {
      await client.send(new DeleteTableCommand({ TableName: TABLE })).catch(() => undefined);
      client.destroy();
    }
  });

  it('an All pages scan keeps one window of 100 rows and says which rows of how many it shows', async () => {
    await page.locator('#workbench\\.parts\\.activitybar').getByRole('tab', { name: /^DynamoDB/ }).click();
    await expandExplorerRow(page, 'Local');
    await expandExplorerRow(page, 'Local', REGION);
    const { locator: table } = await explorerRowAt(page, 'Local', REGION, TABLE);
    await runContextMenuItem(page, table, 'Open Table');
    const v = viewer();
    await v.locator('.viewer-title', { hasText: TABLE }).waitFor({ timeout: UI_TIMEOUT_MS });
    assert.strictEqual(await waitForRunEnd(v, -1), 'done');

    // Small pages, so the window fills while the read goes on.
    await v.locator('#pageSize input').fill('40');
    await v.locator('#readMode').click();
    await v.getByRole('option', { name: 'All pages', exact: true }).click();
    assert.strictEqual(await runAndWaitFor(v), 'done');
    assert.match(await v.locator('.run-status').innerText(), new RegExp(`${ITEMS} items returned`));
    await windowShows(/^Rows 1–100 of 350 fetched/, range(0, 100));
    assert.match(await v.locator('#window-text').innerText(), /sorting orders these rows only/);
    assert.ok(await v.locator('#previousWindow').evaluate((b) => b.disabled), 'Previous window is off on the first window');
    await saveScreenshot(page, 'viewer-window-1-first.png');
  });

  it('Next window and Previous window show exactly the rows fetched in each stretch', async () => {
    const v = viewer();
    await v.locator('#nextWindow').click();
    await windowShows(/^Rows 101–200 of 350 fetched/, range(100, 200));
    await v.locator('#nextWindow').click();
    await windowShows(/^Rows 201–300 of 350 fetched/, range(200, 300));
    await v.locator('#nextWindow').click();
    await windowShows(/^Rows 301–350 of 350 fetched/, range(300, 350));
    assert.ok(await v.locator('#nextWindow').evaluate((b) => b.disabled), 'Next window is off on the last window');
    await saveScreenshot(page, 'viewer-window-2-last.png');
    await v.locator('#previousWindow').click();
    await windowShows(/^Rows 201–300 of 350 fetched/, range(200, 300));
    await v.locator('#previousWindow').click();
    await v.locator('#previousWindow').waitFor({ state: 'visible' });
    await windowShows(/^Rows 101–200 of 350 fetched/, range(100, 200));
    assert.strictEqual(await v.locator('.grid-row').first().locator('[aria-colindex="3"]').innerText(), '100', 'the grid starts at the window’s first row');
    assert.strictEqual((await v.locator('.grid-rownums [data-view="0"]').innerText()).trim(), '101', 'rows are numbered as fetched: the window’s first row is row 101');
    await saveScreenshot(page, 'viewer-window-3-back.png');
  });
});
