// Item editing in the real workbench: code-server with the packaged extension (.vsix) installed, driven by
// Chromium, as a user would do it: command palette, quick picks, the JSON editor with Ctrl+S, the Problems panel
// and the form editor. Every outcome is checked in DynamoDB Local with the AWS SDK, not in the UI.
// Started by `node scripts/test.js e2e`, which provides the server, the workspace and a seeded DynamoDB Local.
'use strict';

const assert = require('node:assert');
const { DynamoDBClient, DeleteItemCommand, GetItemCommand, PutItemCommand } = require('@aws-sdk/client-dynamodb');
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
  answerInputBox,
  pickLocalTable,
} = require('./lib/workbench');

const endpoint = process.env.DYNAMODB_STUDIO_TEST_ENDPOINT;
const REGION = 'us-east-1';
const PUT_KEY = 'e2e-put-item';
/** A dedicated order with a small number set, so the form shows few rows and the test owns the item. */
const FORM_KEY = { CustomerId: { S: 'CUST#E2E' }, OrderId: { S: 'ORD#FORM' } };
/** Legal in DynamoDB, so the form must show it, as text: markup in a name or value must never run. */
const MARKUP_NAME = `<img src=x onerror="document.body.dataset.injected='name'">`;
const MARKUP_VALUE = `<script>document.body.dataset.injected='value'</script>`;

describe('Item editing in the workbench', function () {
  this.timeout(180_000);
  let browser;
  let page;
  let client;
  /** When the form editor of ORD#FORM was last changed (the reload test waits for the workbench to save its state). */
  let formOpenedAt;

  const stored = async (tableName, key) =>
    (await client.send(new GetItemCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;

  const screenshot = (name) => saveScreenshot(page, name);

  const answer = (prompt, value) => answerInputBox(page, prompt, value);
  const pickTable = (tableName) => pickLocalTable(page, tableName, REGION);

  const editorText = (editor) => editor.locator('.view-lines').innerText();

  /** Polls DynamoDB until `check` passes (a save runs in the extension host, after the key press returns). */
  async function eventually(what, check) {
    const deadline = Date.now() + UI_TIMEOUT_MS;
    let last;
    for (;;) {
      last = await check();
      if (last.ok) return last.value;
      if (Date.now() > deadline) assert.fail(`${what}: still not the case after ${UI_TIMEOUT_MS / 1000} s (${last.why})`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  before(async function () {
    assert.ok(
      baseUrl && folder && endpoint,
      'DYNAMODB_STUDIO_E2E_URL, DYNAMODB_STUDIO_E2E_FOLDER and DYNAMODB_STUDIO_TEST_ENDPOINT are not set: run this suite ' +
        'with `node scripts/test.js e2e`, which starts code-server with the extension installed and DynamoDB Local with sample tables.',
    );
    client = new DynamoDBClient({ endpoint, region: REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await client.send(new DeleteItemCommand({ TableName: 'DevOpsProjects', Key: { ProjectID: { S: PUT_KEY } } }));
    // day55 and day56 as the sample data has them, whatever an earlier run against this DynamoDB changed.
    for (const [id, name, startDate] of [['day55', 'DynamoDB Setup', '2024-02-24'], ['day56', 'Lambda Triggers for Streams', '2024-02-25']]) {
      const item = { ProjectID: { S: id }, Name: { S: name }, Status: { S: 'Completed' }, Owner: { S: 'platform-team' }, StartDate: { S: startDate } };
      await client.send(new PutItemCommand({ TableName: 'DevOpsProjects', Item: item }));
    }
    await client.send(
      new PutItemCommand({
        TableName: 'CustomerOrders',
        Item: { ...FORM_KEY, Status: { S: 'PAID' }, Total: { N: '12.5' }, Ratings: { NS: ['4', '4.5'] }, Tags: { SS: ['gift'] }, [MARKUP_NAME]: { S: MARKUP_VALUE } },
      }),
    );
    ({ browser, page } = await openWorkbench({ width: 1400, height: 900 }));
    // The extension's contributions are registered once its view container shows; before that the palette
    // does not list its commands.
    await page
      .locator('#workbench\\.parts\\.activitybar')
      .getByRole('tab', { name: /^DynamoDB/ })
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, page);
  });

  after(async () => {
    if (browser) await browser.close();
    if (client) client.destroy();
  });

  it('Get Item opens day55 of DevOpsProjects; a changed attribute saved with Ctrl+S is stored', async () => {
    const before = await stored('DevOpsProjects', { ProjectID: { S: 'day55' } });
    assert.deepStrictEqual(before?.Owner, { S: 'platform-team' }, 'the seeded item day55 is not as expected');
    await runPaletteCommand(page, 'DynamoDB: Get Item…');
    await pickTable('DevOpsProjects');
    await answer(/ProjectID: partition key/, 'day55');
    const editor = await activeTextEditor(page, 'day55.json');
    await page.waitForFunction(() => /platform-team/.test(document.querySelector('.editor-group-container.active .view-lines')?.textContent || ''), undefined, { timeout: UI_TIMEOUT_MS });
    assert.match(await editorText(editor), /"ProjectID"[\s\S]*"day55"/);
    await screenshot('items-get-item-opened.png');

    await replaceInEditor(page, editor, 'platform-team', 'edited-in-workbench');
    await page.keyboard.press('Control+S');
    const after = await eventually('the saved Owner of day55', async () => {
      const item = await stored('DevOpsProjects', { ProjectID: { S: 'day55' } });
      return { ok: item?.Owner?.S === 'edited-in-workbench', value: item, why: `Owner is ${JSON.stringify(item?.Owner)}` };
    });
    // Only the changed attribute changed.
    assert.deepStrictEqual({ ...after, Owner: before.Owner }, before);
    await page.locator('.tabs-container .tab.active:not(.dirty)', { hasText: 'day55.json' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot('items-get-item-saved.png');
  });

  it('Put Item from the palette creates the item once its key is filled in and saved', async () => {
    assert.strictEqual(await stored('DevOpsProjects', { ProjectID: { S: PUT_KEY } }), undefined);
    await runPaletteCommand(page, 'DynamoDB: Put Item…');
    await pickTable('DevOpsProjects');
    const editor = await activeTextEditor(page, /New Item/);
    await page.waitForFunction(() => /ProjectID/.test(document.querySelector('.editor-group-container.active .view-lines')?.textContent || ''), undefined, { timeout: UI_TIMEOUT_MS });
    await screenshot('items-put-item-template.png');
    await replaceInEditor(page, editor, '"S": ""', `"S": "${PUT_KEY}" }, "Name": { "S": "Created in the workbench"`);
    await page.keyboard.press('Control+S');
    const item = await eventually('the new item', async () => {
      const found = await stored('DevOpsProjects', { ProjectID: { S: PUT_KEY } });
      return { ok: !!found, value: found, why: 'no item with that key yet' };
    });
    assert.deepStrictEqual(item, { ProjectID: { S: PUT_KEY }, Name: { S: 'Created in the workbench' } });
    // The created item's own tab replaces the "New Item" tab.
    await page.locator('.tabs-container .tab.active', { hasText: `${PUT_KEY}.json` }).waitFor({ timeout: UI_TIMEOUT_MS });
    await eventually('the New Item tab to close', async () => {
      const left = await page.locator('.tabs-container .tab', { hasText: /New Item/ }).count();
      return { ok: left === 0, why: `${left} New Item tabs are still open` };
    });
    await screenshot('items-put-item-saved.png');
  });

  it('invalid JSON shows a problem in the editor and the Problems panel, and Ctrl+S writes nothing', async () => {
    const key = { ProjectID: { S: 'day56' } };
    const before = await stored('DevOpsProjects', key);
    assert.ok(before, 'the seeded item day56 is missing');
    await runPaletteCommand(page, 'DynamoDB: Get Item…');
    await pickTable('DevOpsProjects');
    await answer(/ProjectID: partition key/, 'day56');
    const editor = await activeTextEditor(page, 'day56.json');
    await page.waitForFunction(() => /Lambda.Triggers/.test(document.querySelector('.editor-group-container.active .view-lines')?.textContent || ''), undefined, { timeout: UI_TIMEOUT_MS });
    // The quotes around a name removed: no longer JSON.
    await replaceInEditor(page, editor, '"Owner"', 'Owner');
    await editor.locator('.squiggly-error').first().waitFor({ state: 'attached', timeout: UI_TIMEOUT_MS });
    await page.keyboard.press('Control+S');
    const notice = page.locator('.notifications-toasts .notification-list-item-message', { hasText: /Not saved/ });
    await notice.first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await page.keyboard.press('Control+Shift+M');
    const problems = page.locator('.markers-panel .monaco-list-row');
    await problems.first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const problemText = await page.locator('.markers-panel').innerText();
    assert.match(problemText, /day56\.json/, 'the Problems panel does not list the item document');
    assert.match(problemText, /DynamoDB/, 'the Problems panel does not show the DynamoDB check');
    await screenshot('items-invalid-json-problems.png');
    assert.deepStrictEqual(await stored('DevOpsProjects', key), before, 'the refused save changed the stored item');
    assert.ok(await page.locator('.tabs-container .tab.active.dirty', { hasText: 'day56.json' }).count(), 'the document lost its unsaved edit');
  });

  it('the form editor changes a number set; after Save the stored attribute is still NS with the new members', async () => {
    await runPaletteCommand(page, 'DynamoDB: Get Item…');
    await pickTable('CustomerOrders');
    await answer(/CustomerId: partition key/, FORM_KEY.CustomerId.S);
    await answer(/OrderId: sort key/, FORM_KEY.OrderId.S);
    await activeTextEditor(page, /ORD#FORM/);
    await page.locator('.editor-group-container.active .editor-actions [aria-label^="Open in Form Editor"]').first().click();
    const form = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    const ratings = form.locator('.row', { has: form.locator('> input.name[data-name="Ratings"]') }).first();
    await ratings.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    assert.strictEqual(await ratings.locator('select.type').first().inputValue(), 'NS');
    const members = ratings.locator('.value-NS input.member');
    assert.deepStrictEqual(await members.evaluateAll((inputs) => inputs.map((i) => i.value).sort()), ['4', '4.5']);
    await screenshot('items-form-editor-opened.png');
    const shown = await form.locator('body').evaluate((body, name) => {
      const row = [...body.querySelectorAll('input.name')].find((i) => i.value === name)?.closest('.row');
      return {
        value: row?.querySelector('.value-S > input')?.value,
        injected: body.dataset.injected,
        images: body.querySelectorAll('img').length,
        // The workbench adds its own script to the frame; none may carry the item's text.
        payloadScripts: [...document.scripts].filter((s) => s.textContent.includes('injected')).length,
      };
    }, MARKUP_NAME);
    assert.deepStrictEqual(shown, { value: MARKUP_VALUE, injected: undefined, images: 0, payloadScripts: 0 }, 'markup in an item was not shown as text');

    await members.nth(1).fill('3.25');
    await ratings.locator('.value-NS button.add').click();
    await members.nth(2).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await members.nth(2).fill('5');
    formOpenedAt = Date.now();
    await screenshot('items-form-editor-edited.png');
    await form.locator('.toolbar button', { hasText: /^Save$/ }).click();
    const item = await eventually('the saved number set', async () => {
      const found = await stored('CustomerOrders', FORM_KEY);
      return { ok: !!found?.Ratings?.NS && found.Ratings.NS.length === 3, value: found, why: `Ratings is ${JSON.stringify(found?.Ratings)}` };
    });
    assert.deepStrictEqual(Object.keys(item.Ratings), ['NS'], 'the number set was stored as another type');
    assert.deepStrictEqual([...item.Ratings.NS].sort(), ['3.25', '4', '5']);
    assert.deepStrictEqual(item.Tags, { SS: ['gift'] }, 'an attribute the form did not touch changed');
    assert.deepStrictEqual(item[MARKUP_NAME], { S: MARKUP_VALUE }, 'the attribute with markup in its name changed');
    await form.locator('.toolbar', { hasText: 'Saved.' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot('items-form-editor-saved.png');
  });

  it('the form editor shows a seeded order with every attribute type', async () => {
    await runPaletteCommand(page, 'DynamoDB: Get Item…');
    await pickTable('CustomerOrders');
    await answer(/CustomerId: partition key/, 'CUST#00001');
    await answer(/OrderId: sort key/, 'ORD#0000001');
    await activeTextEditor(page, /ORD#0000001/);
    await runPaletteCommand(page, 'DynamoDB: Open in Form Editor');
    const form = page.frameLocator('iframe.webview.ready >> nth=-1').frameLocator('#active-frame');
    for (const [name, type] of [['Checksum', 'B'], ['ShippingAddress', 'M'], ['Lines', 'L'], ['IsGift', 'BOOL'], ['LoyaltyPoints', 'N']]) {
      const row = form.locator('.row', { has: form.locator(`> input.name[data-name="${name}"]`) }).first();
      await row.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
      assert.strictEqual(await row.locator('select.type').first().inputValue(), type, `${name} is not shown as ${type}`);
    }
    // A number past 2^53 is shown exactly, not rounded through a double.
    const points = form.locator('.row', { has: form.locator('> input.name[data-name="LoyaltyPoints"]') }).locator('.value-N input').first();
    assert.strictEqual(await points.inputValue(), '9007199254740993');
    await screenshot('items-form-editor-all-types.png');
  });

  it('a form editor open when the window reloads comes back on its item, with the item read again', async () => {
    assert.ok(formOpenedAt, 'the form editor test did not run');
    // The web workbench saves the editors' state once a minute (and a page reload may not wait for the save):
    // reload only after the state of the form opened above has been saved once.
    await new Promise((r) => setTimeout(r, Math.max(0, formOpenedAt + 65_000 - Date.now())));
    await page.reload();
    await page.locator('.monaco-workbench').waitFor({ timeout: UI_TIMEOUT_MS });
    const tab = page.locator('.tabs-container .tab', { hasText: /Form: .*ORD#FORM/ }).first();
    await tab.waitFor({ timeout: UI_TIMEOUT_MS });
    await tab.click();
    const form = page.frameLocator('iframe.webview.ready >> nth=-1').frameLocator('#active-frame');
    const ratings = form.locator('.row', { has: form.locator('> input.name[data-name="Ratings"]') }).first();
    await ratings.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    // The stored item, read again: the number set saved by the form before the reload.
    assert.deepStrictEqual(await ratings.locator('.value-NS input.member').evaluateAll((inputs) => inputs.map((i) => i.value).sort()), ['3.25', '4', '5']);
    assert.strictEqual(await ratings.locator('select.type').first().inputValue(), 'NS');
    await screenshot('items-form-editor-after-reload.png');
  });
});
