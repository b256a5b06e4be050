// DynamoDB inside the user's code, in the real workbench: a TypeScript file whose Query has a key condition on an
// attribute that is not a key of the index shows a squiggle and a Problems entry naming the real key, with
// CodeLenses over the request; the policy CodeLens opens the call's least-privilege policy; "Run on Local" asks for
// the value the code computes and shows the request's result grid in a new notebook. Screenshots in test-results/.
// Started by `node scripts/test.js e2e`.
'use strict';

const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { baseUrl, folder, UI_TIMEOUT_MS, openWorkbench, saveScreenshot, screenshotIfFailed, eventually, activeTextEditor, closeAllEditorsDiscarding, waitForQuickInput, runPaletteCommand } = require('./lib/workbench');

const FILE = path.join('src', 'newOrders.ts');
const SOURCE = `import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({});

export async function newOrders(since: string) {
  return client.send(
    new QueryCommand({
      TableName: 'CustomerOrders',
      IndexName: 'ByStatus',
      KeyConditionExpression: '#st = :s AND Total > :t',
      ExpressionAttributeNames: { '#st': 'Status' },
      ExpressionAttributeValues: { ':s': { S: 'NEW' }, ':t': { S: since } },
    }),
  );
}

export async function latestOrders(customerId: string) {
  return client.send(
    new QueryCommand({
      TableName: 'CustomerOrders',
      KeyConditionExpression: 'CustomerId = :c AND begins_with(OrderId, :p)',
      ExpressionAttributeValues: { ':c': { S: customerId }, ':p': { S: 'ORD#' } },
      ScanIndexForward: false,
      Limit: 5,
    }),
  );
}
`;

describe('Code checks in the workbench', function () {
  this.timeout(180_000);
  let browser;
  let page;
  let settingsFile;
  let originalSettings;

  before(async () => {
    assert.ok(baseUrl && folder, 'run this suite with `node scripts/test.js e2e`, which starts code-server and DynamoDB Local.');
    settingsFile = path.join(folder, '.vscode', 'settings.json');
    originalSettings = fs.readFileSync(settingsFile, 'utf8');
    // The team's choice, committed with the workspace: check the code against the Local connection.
    fs.writeFileSync(settingsFile, JSON.stringify({ ...JSON.parse(originalSettings), 'dynamodbStudio.codeChecks.connection': 'endpoint:Local' }, null, 2));
    fs.mkdirSync(path.join(folder, 'src'), { recursive: true });
    fs.writeFileSync(path.join(folder, FILE), SOURCE);
    ({ browser, page } = await openWorkbench({ width: 1400, height: 900 }));
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, page);
  });

  after(async () => {
    if (page) await closeAllEditorsDiscarding(page).catch(() => undefined);
    if (settingsFile && originalSettings !== undefined) fs.writeFileSync(settingsFile, originalSettings);
    fs.rmSync(path.join(folder, FILE), { force: true });
    if (browser) await browser.close();
  });

  it('a key condition on a non-key attribute is underlined and listed in Problems with the real key', async () => {
    await page.keyboard.press('Control+P');
    const box = page.locator('.quick-input-widget .quick-input-box input');
    await box.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await box.fill('newOrders.ts');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'newOrders.ts' }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await box.press('Enter');
    const editor = await activeTextEditor(page, 'newOrders.ts');
    await editor.locator('.squiggly-error').first().waitFor({ state: 'attached', timeout: UI_TIMEOUT_MS });
    // As a person reads the file: the lenses above the request while the editor has focus, then the Problems panel
    // (which takes the focus).
    await editor.locator('.view-lines').first().click();
    await eventually('the CodeLenses above the request', async () => {
      const lenses = (await editor.locator('.codelens-decoration').allTextContents()).join(' | ');
      return { ok: /Open CustomerOrders on Local/.test(lenses) && /Copy IAM policy for this call/.test(lenses), why: lenses || 'no CodeLens yet' };
    });
    await page.keyboard.press('Control+Shift+M');
    const problems = page.locator('.markers-panel');
    const row = await eventually('the Problems entry of the key condition', async () => {
      const text = (await problems.textContent()) || '';
      return { ok: /"Total" is not the sort key of index "ByStatus": its sort key is "OrderDate"/.test(text), value: text, why: text.slice(0, 300) };
    });
    assert.match(row, /DynamoDB/);
    await saveScreenshot(page, 'code-checks-problems.png');
  });

  it('the policy CodeLens opens the least-privilege policy of the call', async () => {
    const editor = page.locator('.editor-group-container .monaco-editor', { has: page.locator('.codelens-decoration') }).first();
    await editor.locator('.codelens-decoration a', { hasText: 'Copy IAM policy for this call' }).first().click();
    const policy = await eventually('the policy document', async () => {
      const text = (await page.locator('.editor-group-container.active .view-lines').first().textContent()) || '';
      return { ok: /dynamodb:Query/.test(text), value: text.replace(/\u00a0/g, ' '), why: text.slice(0, 200) };
    });
    assert.match(policy, /arn:aws:dynamodb:ddblocal:000000000000:table\/CustomerOrders\/index\/ByStatus/);
    await saveScreenshot(page, 'code-checks-policy.png');
  });

  it('"Run on Local" asks for the computed customer id and shows the result grid of the same request in a notebook', async () => {
    // The file is still open from the first test, behind the policy document.
    await page.locator('.tabs-container .tab', { hasText: 'newOrders.ts' }).first().click();
    const editor = await activeTextEditor(page, 'newOrders.ts');
    // The second request's lens: the first request (a key condition on a non-key) has its own Run lens above it.
    const run = editor.locator('.codelens-decoration a', { hasText: 'Run on Local' });
    await eventually('two Run lenses', async () => {
      const n = await run.count();
      return { ok: n === 2, why: `${n} Run lenses` };
    });
    await run.nth(1).click();
    await waitForQuickInput(page, /:c/);
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.fill('CUST#00001');
    await input.press('Enter');
    await page.locator('.tabs-container .tab.active', { hasText: /^Untitled-\d+\.dynamodb-nb/ }).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const notebook = page.locator('.notebook-editor:visible');
    await notebook.locator('.monaco-editor .view-lines', { hasText: '"CustomerId": "CUST#00001"' }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    const outputs = () => page.frameLocator('.notebookOverlay iframe.webview.ready').frameLocator('iframe#active-frame');
    const grid = outputs().locator('[data-testid="grid"]').first();
    await grid.waitFor({ state: 'visible', timeout: 60_000 });
    const rows = await eventually('the five newest orders of CUST#00001', async () => {
      const keys = await grid.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 2).map((td) => td.getAttribute('title'))));
      return { ok: keys.length === 5, value: keys, why: `${keys.length} rows` };
    });
    assert.ok(rows.every(([customer]) => customer === 'CUST#00001'), JSON.stringify(rows));
    const orders = rows.map(([, order]) => order);
    assert.deepStrictEqual(orders, [...orders].sort().reverse(), 'newest first, as ScanIndexForward: false reads them');
    const summary = await outputs().locator('[data-testid="summary"]').first().innerText();
    assert.match(summary, /^Query/);
    // The Problems panel of the earlier tests would cover the grid in the screenshot.
    await runPaletteCommand(page, 'View: Hide Panel');
    await grid.scrollIntoViewIfNeeded();
    const file = await saveScreenshot(page, 'code-checks-run.png');
    console.log(`      screenshot: ${file}`);
  });
});
