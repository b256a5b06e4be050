// Item documents and IAM policies as a new user meets them, in the real workbench (issue 14, findings 9, 18, 20,
// 21, 22): a new item flagged only once a save is tried, then renamed and confirmed; a conflict diff in one attribute
// order; the index keys above the item instead of after its opening brace; a generated policy named after its table
// with an offer to save it and a word on DynamoDB Local's ARNs; and the IAM snippets listed read-only first. Each check
// saves a screenshot in test-results/. Started by `node scripts/test.js e2e`.
'use strict';

const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { DynamoDBClient, DeleteItemCommand, GetItemCommand, ListTablesCommand, PutItemCommand, UpdateItemCommand } = require('@aws-sdk/client-dynamodb');
const {
  baseUrl,
  folder,
  UI_TIMEOUT_MS,
  openWorkbench,
  saveScreenshot,
  screenshotIfFailed,
  runPaletteCommand,
  activeTextEditor,
  replaceInEditor,
  pickQuickItem,
  waitForQuickInput,
  answerInputBox,
  pickLocalTable,
  eventually,
  closeAllEditorsDiscarding,
  allowClipboard,
} = require('./lib/workbench');
const { openCreateTableForm } = require('./lib/viewer');

const endpoint = process.env.DYNAMODB_STUDIO_TEST_ENDPOINT;
const REGION = 'us-east-1';
const TABLE = 'CustomerOrders';
const KEY = { CustomerId: { S: 'CUST#FH20' }, OrderId: { S: 'ORD#FH20' } };
const KEY18 = { CustomerId: { S: 'CUST#FH18' }, OrderId: { S: 'ORD#FH18' } };
const NEW_KEY = 'first-hour-new-item';
const POLICY_FILE = `${TABLE}-read-only.policy.json`;
const SNIPPET_FILE = 'first-hour-snippets.json';

describe('Item documents and IAM policies, first hour, in the workbench', function () {
  this.timeout(180_000);
  let browser;
  let page;
  let client;

  const quickInputBox = () => page.locator('.quick-input-widget .quick-input-box input');
  const answer = (prompt, value) => answerInputBox(page, prompt, value);
  const pickTable = (tableName) => pickLocalTable(page, tableName, REGION);

  /** The rendered lines of an editor, top to bottom. */
  const lines = (editor) =>
    editor.locator('.view-lines .view-line').evaluateAll((els) =>
      els
        .map((el) => ({ top: parseFloat(el.style.top) || 0, text: (el.textContent || '').replace(/\u00a0/g, ' '), y: el.getBoundingClientRect().y }))
        .sort((a, b) => a.top - b.top),
    );

  before(async function () {
    assert.ok(baseUrl && folder && endpoint, 'DYNAMODB_STUDIO_E2E_URL, DYNAMODB_STUDIO_E2E_FOLDER and DYNAMODB_STUDIO_TEST_ENDPOINT are not set: run this suite with `node scripts/test.js e2e`.');
    client = new DynamoDBClient({ endpoint, region: REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await client.send(new PutItemCommand({ TableName: TABLE, Item: { ...KEY, Status: { S: 'NEW' }, OrderDate: { S: '2026-01-02' }, Total: { N: '20' } } }));
    await client.send(new PutItemCommand({ TableName: TABLE, Item: { ...KEY18, Status: { S: 'NEW' }, OrderDate: { S: '2026-01-03' }, Total: { N: '18' }, Note: { S: 'n' } } }));
    await client.send(new DeleteItemCommand({ TableName: 'DevOpsProjects', Key: { ProjectID: { S: NEW_KEY } } }));
    for (const file of [POLICY_FILE, SNIPPET_FILE]) fs.rmSync(path.join(folder, file), { force: true });
    fs.writeFileSync(path.join(folder, SNIPPET_FILE), '');
    ({ browser, page } = await openWorkbench({ width: 1400, height: 900 }));
    await page.locator('#workbench\\.parts\\.activitybar').getByRole('tab', { name: /^DynamoDB/ }).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, page);
  });

  after(async () => {
    if (page) await closeAllEditorsDiscarding(page).catch(() => undefined);
    if (browser) await browser.close();
    for (const file of [POLICY_FILE, SNIPPET_FILE]) fs.rmSync(path.join(folder, file), { force: true });
    if (client) {
      await client.send(new DeleteItemCommand({ TableName: TABLE, Key: KEY })).catch(() => undefined);
      await client.send(new DeleteItemCommand({ TableName: TABLE, Key: KEY18 })).catch(() => undefined);
      await client.send(new DeleteItemCommand({ TableName: 'DevOpsProjects', Key: { ProjectID: { S: NEW_KEY } } })).catch(() => undefined);
      client.destroy();
    }
  });

  /** The top-level attribute names of a rendered item document, in their order. */
  const attributeOrder = (texts) => texts.map((l) => /^ {2}"([^"]+)":/.exec(l.text)).filter(Boolean).map((m) => m[1]);

  it('shows the index keys in a CodeLens above the item, not after the opening brace of line 1 (20)', async () => {
    await runPaletteCommand(page, 'DynamoDB: Get Item…');
    await pickTable(TABLE);
    await answer(/CustomerId: partition key/, KEY.CustomerId.S);
    await answer(/OrderId: sort key/, KEY.OrderId.S);
    const editor = await activeTextEditor(page, /ORD#FH20/);
    await page.waitForFunction(() => /ORD#FH20/.test(document.querySelector('.editor-group-container.active .view-lines')?.textContent || ''), undefined, { timeout: UI_TIMEOUT_MS });
    const lens = await eventually('the index keys CodeLens', async () => {
      const texts = await editor.locator('.codelens-decoration').allTextContents();
      const found = texts.find((t) => /Index keys:/.test(t));
      return { ok: !!found, value: found, why: texts.join(' | ') || 'no CodeLens yet' };
    });
    assert.match(lens, /GSI ByStatus: Status \(S\), OrderDate \(S\)/);
    assert.match(lens, /LSI ByTotal: CustomerId \(S\), Total \(N\)/);
    const rendered = await lines(editor);
    assert.strictEqual(rendered[0].text.trim(), '{', `line 1 holds only the brace: ${JSON.stringify(rendered[0].text)}`);
    assert.ok(!rendered.some((l) => /index keys/i.test(l.text)), 'no index keys hint inside the text');
    const place = await editor.evaluate((root) => {
      const lens = [...root.querySelectorAll('.codelens-decoration')].find((el) => /Index keys:/.test(el.textContent || ''));
      const first = [...root.querySelectorAll('.view-lines .view-line')].sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))[0];
      const l = lens?.getBoundingClientRect();
      const f = first?.getBoundingClientRect();
      return { lensBottom: l ? l.bottom : NaN, lineTop: f ? f.top : NaN };
    });
    assert.ok(place.lensBottom <= place.lineTop + 1, `the CodeLens (bottom ${place.lensBottom}) is above line 1 (top ${place.lineTop})`);
    await saveScreenshot(page, 'first-hour-20-index-keys-codelens.png');
  });

  it('Put Item: no problem before a save is tried; the empty key is flagged on Ctrl+S; once created the tab is renamed and says Created (9)', async () => {
    await runPaletteCommand(page, 'DynamoDB: Put Item…');
    await pickTable('DevOpsProjects');
    const editor = await activeTextEditor(page, /New Item/);
    await page.waitForFunction(() => /ProjectID/.test(document.querySelector('.editor-group-container.active .view-lines')?.textContent || ''), undefined, { timeout: UI_TIMEOUT_MS });
    // Diagnostics of an opened document arrive within a moment; give them two seconds to show up.
    await page.waitForTimeout(2000);
    assert.strictEqual(await editor.locator('.squiggly-error').count(), 0, 'no problem before anything was typed or saved');
    await saveScreenshot(page, 'first-hour-9-new-item-clean.png');
    // Another attribute typed, the key still empty: the save is refused and only now is the key flagged.
    await replaceInEditor(page, editor, '"S": ""', '"S": "" }, "Name": { "S": "First hour"');
    await page.keyboard.press('Control+S');
    await page.locator('.notifications-toasts .notification-list-item-message', { hasText: /Not saved/ }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await editor.locator('.squiggly-error').first().waitFor({ state: 'attached', timeout: UI_TIMEOUT_MS });
    await replaceInEditor(page, editor, '"ProjectID": { "S": ""', `"ProjectID": { "S": "${NEW_KEY}"`);
    await page.keyboard.press('Control+S');
    await page.locator('.tabs-container .tab.active', { hasText: `${NEW_KEY}.json` }).waitFor({ timeout: UI_TIMEOUT_MS });
    await page.locator('.notifications-toasts .notification-list-item-message', { hasText: `Created the item` }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const stored = await client.send(new GetItemCommand({ TableName: 'DevOpsProjects', Key: { ProjectID: { S: NEW_KEY } }, ConsistentRead: true }));
    assert.ok(stored.Item, 'the item is in the table');
    await saveScreenshot(page, 'first-hour-9-created-and-renamed.png');
  });

  it('the conflict diff writes the stored item in the order of the document, so only the changed value differs (18)', async () => {
    await runPaletteCommand(page, 'DynamoDB: Get Item…');
    await pickTable(TABLE);
    await answer(/CustomerId: partition key/, KEY18.CustomerId.S);
    await answer(/OrderId: sort key/, KEY18.OrderId.S);
    const editor = await activeTextEditor(page, /ORD#FH18/);
    await page.waitForFunction(() => /ORD#FH18/.test(document.querySelector('.editor-group-container.active .view-lines')?.textContent || ''), undefined, { timeout: UI_TIMEOUT_MS });
    const loaded = attributeOrder(await lines(editor));
    const keys = ['CustomerId', 'OrderId'];
    assert.deepStrictEqual(loaded.slice(0, 2), keys, `keys first: ${loaded.join(', ')}`);
    // The person writes the other attributes in the reverse order and changes Status; another writer changes Status.
    const mine = [...keys, ...loaded.slice(2).reverse()];
    const values = { CustomerId: KEY18.CustomerId.S, OrderId: KEY18.OrderId.S, Status: 'MINE', OrderDate: '2026-01-03', Total: '18', Note: 'n' };
    const text = `{\n${mine.map((n) => `  "${n}": { "${n === 'Total' ? 'N' : 'S'}": "${values[n]}" }`).join(',\n')}\n}\n`;
    await allowClipboard(page);
    await page.evaluate((t) => navigator.clipboard.writeText(t), text);
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Control+V');
    await eventually('the pasted document', async () => {
      const order = attributeOrder(await lines(editor));
      return { ok: JSON.stringify(order) === JSON.stringify(mine), why: order.join(', ') };
    });
    await client.send(new UpdateItemCommand({ TableName: TABLE, Key: KEY18, UpdateExpression: 'SET #s = :v', ExpressionAttributeNames: { '#s': 'Status' }, ExpressionAttributeValues: { ':v': { S: 'THEIRS' } } }));
    await page.keyboard.press('Control+S');
    const toast = page.locator('.notifications-toasts .notification-list-item', { has: page.getByRole('button', { name: 'Compare' }) }).first();
    await toast.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await toast.getByRole('button', { name: 'Compare' }).click();
    const diff = page.locator('.monaco-diff-editor').first();
    await diff.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const sides = await eventually('both sides of the diff', async () => {
      const stored = attributeOrder(await lines(diff.locator('.editor.original')));
      const yours = attributeOrder(await lines(diff.locator('.editor.modified')));
      return { ok: stored.length === mine.length && yours.length === mine.length, value: { stored, yours }, why: `stored ${stored.join(', ')}; yours ${yours.join(', ')}` };
    });
    await saveScreenshot(page, 'first-hour-18-conflict-diff-one-order.png');
    assert.deepStrictEqual(sides.yours, mine);
    assert.deepStrictEqual(sides.stored, mine, 'the stored side lists the attributes in the order of the document');
    const original = (await diff.locator('.editor.original .view-lines').innerText()).replace(/\u00a0/g, ' ');
    assert.match(original, /"Status": \{ "S": "THEIRS" \}/);
    await closeAllEditorsDiscarding(page);
  });

  it('opens a generated policy named after the table, says DynamoDB Local’s ARNs need replacing, and saves it on request (21)', async () => {
    await runPaletteCommand(page, 'DynamoDB: Generate IAM Policy…');
    await pickTable(TABLE);
    await pickQuickItem(page, /Access level/, 'Read-only');
    const editor = await activeTextEditor(page, POLICY_FILE);
    assert.strictEqual(await page.locator('.tabs-container .tab', { hasText: /Untitled-/ }).count(), 0, 'no Untitled tab');
    await page.waitForFunction(() => /ddblocal/.test(document.querySelector('.editor-group-container.active .view-lines')?.textContent || ''), undefined, { timeout: UI_TIMEOUT_MS });
    assert.match(await editor.locator('.view-lines').innerText(), /arn:aws:dynamodb:ddblocal:000000000000:table\/CustomerOrders/);
    const toast = page.locator('.notifications-toasts .notification-list-item', { hasText: POLICY_FILE }).first();
    await toast.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const message = await toast.locator('.notification-list-item-message').innerText();
    assert.match(message, /DynamoDB Local/);
    assert.match(message, /"ddblocal"/);
    assert.match(message, /"000000000000"/);
    await saveScreenshot(page, 'first-hour-21-policy-named-and-local.png');
    assert.ok(!fs.existsSync(path.join(folder, POLICY_FILE)), 'nothing written before Save');
    await toast.getByRole('button', { name: 'Save' }).click();
    const saved = await eventually(`${POLICY_FILE} in the workspace`, async () => {
      const file = path.join(folder, POLICY_FILE);
      const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      return { ok: text.length > 0, value: text, why: 'not written yet' };
    });
    const policy = JSON.parse(saved);
    assert.strictEqual(policy.Version, '2012-10-17');
    assert.ok(JSON.stringify(policy.Statement).includes('arn:aws:dynamodb:ddblocal:000000000000:table/CustomerOrders'));
    await page.locator('.tabs-container .tab.active:not(.dirty)', { hasText: POLICY_FILE }).waitFor({ timeout: UI_TIMEOUT_MS });
    await saveScreenshot(page, 'first-hour-21-policy-saved.png');
  });

  it('Create Table opens a form whose name field is empty and whose placeholder names none of the region’s tables (19; the form itself: createTable.e2e.js)', async () => {
    const tables = (await client.send(new ListTablesCommand({}))).TableNames ?? [];
    const form = await openCreateTableForm(page, 'Local', REGION);
    const name = form.getByRole('textbox', { name: 'Table name' });
    const placeholder = (await name.getAttribute('placeholder')) || '';
    await saveScreenshot(page, 'first-hour-19-create-table-name.png');
    assert.strictEqual(await name.inputValue(), '', 'no name is filled in');
    assert.ok(!tables.some((t) => placeholder.includes(t)), `the placeholder "${placeholder}" names none of the tables: ${tables.join(', ')}`);
    await form.getByRole('button', { name: 'Cancel' }).click();
    await name.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
  });

  it('lists the IAM snippets read-only first, in the order they are needed (22)', async () => {
    await page.keyboard.press('Control+P');
    await quickInputBox().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await quickInputBox().fill(SNIPPET_FILE);
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: SNIPPET_FILE }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await quickInputBox().press('Enter');
    const editor = await activeTextEditor(page, SNIPPET_FILE);
    await editor.click();
    await page.keyboard.type('ddb-iam');
    await page.keyboard.press('Control+Space');
    const labels = await eventually('the ddb-iam suggestions', async () => {
      const all = await page.locator('.suggest-widget .monaco-list-row .label-name').allTextContents();
      const iam = all.filter((l) => l.startsWith('ddb-iam'));
      return { ok: iam.length >= 5, value: iam, why: all.join(' | ') || 'no suggestions yet' };
    });
    await saveScreenshot(page, 'first-hour-22-iam-snippets.png');
    assert.deepStrictEqual(labels.slice(0, 4), ['ddb-iam-01-read-only', 'ddb-iam-02-read-write', 'ddb-iam-03-query-index', 'ddb-iam-04-partiql']);
    await page.keyboard.press('Escape');
  });
});
