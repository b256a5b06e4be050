// The table viewer as a new user meets it, in the real workbench (issue 14, table viewer findings), on a table
// this suite creates with the SDK (and deletes in after()): the first page without pressing Run, a number filter
// typed as a number and an empty result that says how much was scanned, the PartiQL box and a DELETE after a
// failed statement, Enter in a key field and a Scan's rows not continued by a Query, one paging control, types in
// the header and a whole value in the details pane, toolbars on one line in a narrow window with the form folded
// away, and the viewer's controls found by role and name. Each check saves a screenshot in test-results/.
// Started by `node scripts/test.js e2e`.
'use strict';

const assert = require('node:assert');
const { DynamoDBClient, BatchWriteItemCommand, CreateTableCommand, DeleteTableCommand, GetItemCommand, waitUntilTableExists } = require('@aws-sdk/client-dynamodb');
const { baseUrl, folder, UI_TIMEOUT_MS, openWorkbench, saveScreenshot, screenshotIfFailed, runContextMenuItem } = require('./lib/workbench');
const { runAndWaitFor, runButtonClear, viewerFrame, waitForRunEnd } = require('./lib/viewer');

const endpoint = process.env.DYNAMODB_STUDIO_TEST_ENDPOINT;
const REGION = 'us-east-1';
const TABLE = `FirstHour-${Date.now().toString(36)}`;
const TEAMS = ['blue', 'green', 'red'];
const PER_TEAM = 10;
const LONG_NUMBER = '12345678901234567890123456789012345678';

function items() {
  const out = [];
  for (const team of TEAMS) {
    for (let seq = 1; seq <= PER_TEAM; seq++) {
      const item = { Team: { S: team }, Seq: { N: String(seq) }, Total: { N: String(seq * 111) }, Status: { S: seq % 2 ? 'open' : 'closed' } };
      if (team === 'blue' && seq === 2) item.Big = { N: LONG_NUMBER };
      out.push(item);
    }
  }
  return out;
}

describe('Table viewer, first hour, in the workbench', function () {
  this.timeout(240_000);
  let browser;
  let page;
  let client;

  const sidebar = () => page.locator('#workbench\\.parts\\.sidebar');
  const row = (label) => sidebar().locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) });
  const viewer = () => viewerFrame(page);
  const screenshot = (name) => saveScreenshot(page, `first-hour-${name}.png`);
  const selectValue = (id) => viewer().locator(`#${id}`).evaluate((e) => e.value);

  async function expand(label) {
    const target = row(label).first();
    await target.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    if ((await target.getAttribute('aria-expanded')) !== 'true') await target.click();
    await page.waitForFunction((el) => el.getAttribute('aria-expanded') === 'true', await target.elementHandle(), { timeout: UI_TIMEOUT_MS });
  }

  async function pick(selectId, optionName) {
    await viewer().locator(`#${selectId}`).click();
    await viewer().getByRole('option', { name: optionName, exact: true }).click();
  }

  before(async function () {
    assert.ok(baseUrl && folder && endpoint, 'DYNAMODB_STUDIO_E2E_URL, DYNAMODB_STUDIO_E2E_FOLDER and DYNAMODB_STUDIO_TEST_ENDPOINT are not set: run this suite with `node scripts/test.js e2e`.');
    client = new DynamoDBClient({ endpoint, region: REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await client.send(
      new CreateTableCommand({
        TableName: TABLE,
        AttributeDefinitions: [{ AttributeName: 'Team', AttributeType: 'S' }, { AttributeName: 'Seq', AttributeType: 'N' }],
        KeySchema: [{ AttributeName: 'Team', KeyType: 'HASH' }, { AttributeName: 'Seq', KeyType: 'RANGE' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await waitUntilTableExists({ client, maxWaitTime: 60 }, { TableName: TABLE });
    const all = items();
    for (let i = 0; i < all.length; i += 25) {
      await client.send(new BatchWriteItemCommand({ RequestItems: { [TABLE]: all.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
    }
    ({ browser, page } = await openWorkbench({ width: 1600, height: 1000 }));
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, page);
  });

  after(async () => {
    if (browser) await browser.close();
    if (client) {
      await client.send(new DeleteTableCommand({ TableName: TABLE })).catch(() => undefined);
      client.destroy();
    }
  });

  it('shows the first page as soon as the table opens, without Run (8)', async () => {
    await page.locator('#workbench\\.parts\\.activitybar').getByRole('tab', { name: /^DynamoDB/ }).click();
    await expand('Local');
    await expand(REGION);
    const table = row(TABLE).first();
    await table.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await runContextMenuItem(page, table, 'Open Table');
    await viewer().locator('.viewer-title', { hasText: TABLE }).waitFor({ timeout: UI_TIMEOUT_MS });
    assert.strictEqual(await waitForRunEnd(viewer(), -1), 'done');
    assert.strictEqual(await viewer().locator('.grid-row').count() > 10, true, 'rows on screen');
    assert.match(await viewer().locator('.run-status').innerText(), new RegExp(`All read\\. ${TEAMS.length * PER_TEAM} items returned`));
    await screenshot('8-first-page');
  });

  it('types a filter on a number key as N, and says how much was scanned when nothing matched (3)', async () => {
    const v = viewer();
    await v.locator('#addFilter').click();
    await v.locator('#filter-0-path input').fill('Seq');
    assert.strictEqual(await selectValue('filter-0-type'), 'N', 'the key schema declares Seq as a number');
    await v.locator('#filter-0-path input').fill('Total');
    assert.strictEqual(await selectValue('filter-0-type'), 'N', 'the rows hold numbers in Total');
    await pick('filter-0-op', '>');
    await v.locator('#filter-0-value input').fill('100000');
    assert.strictEqual(await runAndWaitFor(v), 'done');
    assert.strictEqual(await v.locator('.grid-row').count(), 0);
    assert.strictEqual(await v.locator('.grid-empty').innerText(), `0 of ${TEAMS.length * PER_TEAM} scanned matched.`);
    await screenshot('3-zero-of-scanned');
    await v.locator('#filter-0-value input').fill('1000');
    assert.strictEqual(await runAndWaitFor(v), 'done');
    const expected = items().filter((i) => Number(i.Total.N) > 1000).length;
    assert.ok(expected > 0);
    assert.match(await v.locator('.run-status').innerText(), new RegExp(`${expected} items returned`));
    await v.getByRole('button', { name: 'Remove filter 1' }).click();
  });

  it('PartiQL: typing replaces the suggested statement; after a failure a DELETE clears the error, says what it did, and the Run row stays usable (11, 12, 17)', async () => {
    const v = viewer();
    await v.locator('#kind-partiql').click();
    const box = v.locator('#statement textarea');
    assert.strictEqual(await box.inputValue(), `SELECT * FROM "${TABLE}"`);
    await box.click();
    await page.waitForTimeout(100);
    await page.keyboard.type('SELEC nothing');
    assert.strictEqual(await box.inputValue(), 'SELEC nothing', 'the suggestion was replaced, not appended to');
    assert.strictEqual(await runAndWaitFor(v), 'failed');
    await v.locator('.notice.error').waitFor({ timeout: UI_TIMEOUT_MS });
    const clear = await runButtonClear(v);
    assert.ok(clear.ok, `nothing covers the Run button after the failure: ${clear.why}`);
    assert.match(await v.locator('.run-status').innerText(), /^Failed\..*The rows below are from the previous read\.$/);
    await screenshot('17-failed-statement');

    await box.fill(`DELETE FROM "${TABLE}" WHERE Team = 'red' AND Seq = 3`);
    assert.strictEqual(await runAndWaitFor(v), 'done');
    assert.strictEqual(await v.locator('.notice').innerText(), '', 'the last error is gone');
    assert.match(await v.locator('.run-status').innerText(), /DELETE done: 1 item deleted/);
    assert.strictEqual(await v.locator('.grid-empty').innerText(), 'DELETE done: 1 item deleted, if it existed.');
    const gone = await client.send(new GetItemCommand({ TableName: TABLE, Key: { Team: { S: 'red' }, Seq: { N: '3' } }, ConsistentRead: true }));
    assert.strictEqual(gone.Item, undefined, 'the item is deleted in the table');
    await screenshot('12-delete-done');
  });

  it('one paging control; a Scan’s rows are not continued from a Query form; Enter in a key field runs (14, 15)', async () => {
    const v = viewer();
    for (const old of ['#fetchAll', '#fetchRest', '#nextPage']) assert.strictEqual(await v.locator(old).count(), 0, `${old} is gone`);
    await v.locator('#kind-scan').click();
    await v.locator('#pageSize input').fill('5');
    assert.strictEqual(await runAndWaitFor(v), 'done');
    assert.match(await v.locator('.run-status').innerText(), /^More available\. 5 items returned/);
    const next = v.getByRole('button', { name: 'Next page', exact: true });
    assert.ok(await next.isVisible(), 'Next page is offered');
    await pick('readMode', 'All pages');
    assert.ok(await v.getByRole('button', { name: 'Read all remaining pages' }).isVisible(), 'the one button says it reads the rest');
    await pick('readMode', 'First page');
    await screenshot('15-more-available');

    await v.locator('#kind-query').click();
    assert.ok(await v.locator('#more').isHidden(), 'the Scan cannot be continued from the Query form');
    assert.match(await v.locator('.run-status').innerText(), /Not run yet\. The rows below are from the previous Scan/);
    const before = Number(await v.locator('.run-status').getAttribute('data-run-id'));
    await v.locator('#pageSize input').fill('');
    await v.locator('#pk input').fill('green');
    await v.locator('#pk input').press('Enter');
    assert.strictEqual(await waitForRunEnd(v, before), 'done');
    assert.match(await v.locator('.run-status').innerText(), new RegExp(`All read\\. ${PER_TEAM} items returned`));
    const teams = await v.locator('.grid-row [aria-colindex="2"]').allTextContents();
    assert.ok(teams.length === PER_TEAM && teams.every((t) => t === 'green'), `rows of green only: ${teams.join(', ')}`);
    await screenshot('14-query-by-enter');
  });

  it('types in the header, numbers right-aligned, a long number whole in the details pane (16)', async () => {
    const v = viewer();
    await v.locator('#pk input').fill('blue');
    assert.strictEqual(await runAndWaitFor(v), 'done');
    const header = (name) => v.locator('.grid-hcell', { has: v.locator('.name', { hasText: new RegExp(`^${name}$`) }) });
    assert.strictEqual(await header('Seq').locator('.col-type').innerText(), 'N');
    assert.strictEqual(await header('Status').locator('.col-type').innerText(), 'S');
    const bigColumn = await header('Big').getAttribute('aria-colindex');
    const big = v.locator(`.grid-row [aria-colindex="${bigColumn}"]`).filter({ hasText: /\d/ }).first();
    assert.strictEqual(await big.evaluate((el) => getComputedStyle(el).textAlign), 'right');
    await big.hover();
    assert.strictEqual(await big.getAttribute('title'), `Big (N): ${LONG_NUMBER}`);
    await big.click();
    await v.getByRole('button', { name: 'Details' }).click();
    const details = v.getByRole('region', { name: 'Cell details' });
    assert.match(await details.innerText(), new RegExp(LONG_NUMBER));
    await screenshot('16-types-and-details');
    await v.getByRole('button', { name: 'Details' }).click();
  });

  it('in a narrow window both toolbars stay on one line and the form folds away (13)', async () => {
    await page.setViewportSize({ width: 1000, height: 700 });
    const v = viewer();
    await v.locator('#run').waitFor();
    await page.waitForTimeout(300);
    const buttonHeight = (await v.locator('#run').boundingBox()).height;
    for (const id of ['run-toolbar', 'results-toolbar']) {
      const box = await v.locator(`#${id}`).boundingBox();
      assert.ok(box.height < buttonHeight * 2, `#${id} is ${box.height} px high with ${buttonHeight} px buttons`);
    }
    await v.getByRole('button', { name: 'More results actions' }).click();
    assert.ok((await v.getByRole('menuitem').count()) > 0, 'the actions that do not fit are in the menu');
    await screenshot('13-narrow-menu');
    await page.keyboard.press('Escape');
    // The rows take the form's room (all 10 rows of blue fit either way, so the grid's height is compared).
    const gridBefore = (await v.locator('.grid').boundingBox()).height;
    await v.getByRole('button', { name: 'Hide the query form' }).click();
    assert.ok(await v.locator('#query-form').isHidden());
    assert.ok(await v.locator('#run').isVisible(), 'the Run row stays');
    const gridAfter = (await v.locator('.grid').boundingBox()).height;
    assert.ok(gridAfter > gridBefore + 100, `the grid grew from ${gridBefore} to ${gridAfter} px`);
    await screenshot('13-form-folded');
    await v.getByRole('button', { name: 'Show the query form' }).click();
    await page.setViewportSize({ width: 1600, height: 1000 });
  });

  it('finds the viewer’s controls by role and name (24)', async () => {
    const v = viewer();
    const wanted = [
      ['button', 'Run'], ['combobox', 'How much a run reads'], ['radio', 'Scan'], ['radio', 'Query'], ['radio', 'PartiQL'],
      ['combobox', 'Table or index'], ['textbox', 'Partition key Team value'], ['button', 'Add filter'], ['tab', 'Grid'], ['tab', 'DynamoDB JSON'],
      ['button', 'Details'], ['grid', 'Results'], ['button', 'Hide the query form'],
    ];
    const missing = [];
    for (const [role, name] of wanted) if ((await v.getByRole(role, { name, exact: true }).count()) !== 1) missing.push(`${role} "${name}"`);
    assert.deepStrictEqual(missing, []);
    await screenshot('24-roles');
  });
});
