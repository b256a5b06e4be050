// The production guard in the real workbench: Set Connection Mode puts the Local connection in confirm-writes
// mode in the workspace settings; the status bar shows it; saving an edited item shows the exact UpdateItem
// request in a modal dialog; declining writes nothing (checked with the SDK) and keeps the edit; sending writes it.
// Started by `node scripts/test.js e2e`.
'use strict';

const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { DynamoDBClient, DeleteItemCommand, GetItemCommand, PutItemCommand } = require('@aws-sdk/client-dynamodb');
const {
  baseUrl,
  folder,
  UI_TIMEOUT_MS,
  openWorkbench,
  saveScreenshot,
  screenshotIfFailed,
  eventually,
  pickQuickItem,
  runPaletteCommand,
  activeTextEditor,
  replaceInEditor,
  waitForQuickInput,
} = require('./lib/workbench');

const endpoint = process.env.DYNAMODB_STUDIO_TEST_ENDPOINT;
const TABLE = 'DevOpsProjects';
const KEY = { ProjectID: { S: 'e2e-guard' } };
const ITEM = { ...KEY, Name: { S: 'Guarded project' }, Owner: { S: 'guard-owner' } };

describe('Production guard in the workbench', function () {
  this.timeout(180_000);
  let browser;
  let page;
  let client;
  let settingsFile;
  let originalSettings;

  /** Accepts the entry of the quick pick matching `pattern` whose label contains `text`, by typing it as a person would. */
  async function chooseByTyping(pattern, text) {
    await waitForQuickInput(page, pattern);
    const box = page.locator('.quick-input-widget .quick-input-box input');
    await box.fill(text);
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: text }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await box.press('Enter');
  }

  const stored = async () => (await client.send(new GetItemCommand({ TableName: TABLE, Key: KEY, ConsistentRead: true }))).Item;
  const workspaceSettings = () => JSON.parse(fs.readFileSync(settingsFile, 'utf8'));

  before(async function () {
    assert.ok(baseUrl && folder && endpoint, 'run this suite with `node scripts/test.js e2e`, which starts code-server and DynamoDB Local.');
    settingsFile = path.join(folder, '.vscode', 'settings.json');
    originalSettings = fs.readFileSync(settingsFile, 'utf8');
    client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await client.send(new PutItemCommand({ TableName: TABLE, Item: ITEM }));
    ({ browser, page } = await openWorkbench({ width: 1400, height: 900 }));
    await page.locator('#workbench\\.parts\\.activitybar').getByRole('tab', { name: /^DynamoDB/ }).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, page);
  });

  after(async () => {
    // The suites share one workspace: leave its settings as they were, whatever happened here.
    if (settingsFile && originalSettings !== undefined) fs.writeFileSync(settingsFile, originalSettings);
    if (browser) await browser.close();
    if (client) {
      await client.send(new DeleteItemCommand({ TableName: TABLE, Key: KEY }));
      client.destroy();
    }
  });

  it('Set Connection Mode saves confirm-writes for Local in the workspace settings', async () => {
    await runPaletteCommand(page, 'DynamoDB: Set Connection Mode (Read-Only, Confirm Writes, Normal)…');
    await pickQuickItem(page, /Connection whose mode to set/, 'Local');
    await waitForQuickInput(page, /Mode of "Local"/);
    await saveScreenshot(page, 'guard-mode-picker.png');
    await chooseByTyping(/Mode of "Local"/, 'Confirm writes');
    await pickQuickItem(page, /Save the mode in/, 'This workspace');
    const settings = await eventually('the workspace settings to hold the mode', async () => {
      const value = workspaceSettings();
      return { ok: value['dynamodbStudio.connectionModes']?.['endpoint:Local'] === 'confirmWrites', value, why: JSON.stringify(value) };
    });
    // The Local connection itself is untouched.
    assert.deepStrictEqual(settings['dynamodbStudio.customEndpoints'], JSON.parse(originalSettings)['dynamodbStudio.customEndpoints']);
  });

  it('an edited item: the save shows the UpdateItem request; Cancel writes nothing, Send writes it', async () => {
    await runPaletteCommand(page, 'DynamoDB: Get Item…');
    await pickQuickItem(page, /Connection/, 'Local');
    const shown = await waitForQuickInput(page, /Region|Table/);
    if (/Region/.test(shown)) await pickQuickItem(page, /Region/, 'us-east-1');
    await pickQuickItem(page, /Table/, TABLE);
    await waitForQuickInput(page, /ProjectID: partition key/);
    await page.locator('.quick-input-widget .quick-input-box input').fill(KEY.ProjectID.S);
    await page.keyboard.press('Enter');
    const editor = await activeTextEditor(page, 'e2e-guard.json');
    await page.waitForFunction(() => /guard-owner/.test(document.querySelector('.editor-group-container.active .view-lines')?.textContent || ''), undefined, {
      timeout: UI_TIMEOUT_MS,
    });
    const status = page.locator('.statusbar-item', { hasText: 'Local: Confirm writes' });
    await status.first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });

    await replaceInEditor(page, editor, 'guard-owner', 'owner-after-confirm');
    await page.keyboard.press('Control+S');
    const dialog = page.locator('.monaco-dialog-box', { hasText: 'Send UpdateItem' });
    await dialog.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const text = await dialog.innerText();
    assert.match(text, /Send UpdateItem to table "DevOpsProjects" through "Local"\?/);
    assert.match(text, /owner-after-confirm/, 'the dialog does not show the new value being sent');
    assert.match(text, /ConditionExpression: "attribute_exists/, 'the dialog does not show the request as it will be sent');
    await saveScreenshot(page, 'guard-confirm-write-dialog.png');
    await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
    await dialog.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
    const refusal = page.locator('.notifications-toasts .notification-list-item-message', { hasText: /was not sent/ }).first();
    await refusal.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    assert.match(await refusal.innerText(), /UpdateItem was not sent: you declined it on the confirm-writes connection "Local"/);
    assert.deepStrictEqual(await stored(), ITEM, 'the declined save changed the stored item');
    assert.ok(await page.locator('.tabs-container .tab.active.dirty', { hasText: 'e2e-guard.json' }).count(), 'the document lost its unsaved edit');
    await saveScreenshot(page, 'guard-confirm-write-declined.png');

    await page.locator('.editor-group-container.active .view-lines').click();
    await page.keyboard.press('Control+S');
    await dialog.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await dialog.getByRole('button', { name: 'Send', exact: true }).click();
    const after = await eventually('the confirmed save to reach DynamoDB', async () => {
      const item = await stored();
      return { ok: item?.Owner?.S === 'owner-after-confirm', value: item, why: `Owner is ${JSON.stringify(item?.Owner)}` };
    });
    assert.deepStrictEqual(after, { ...ITEM, Owner: { S: 'owner-after-confirm' } });
    await page.locator('.tabs-container .tab.active:not(.dirty)', { hasText: 'e2e-guard.json' }).waitFor({ timeout: UI_TIMEOUT_MS });
  });

  it('back to normal: the change is confirmed first, and the status bar follows', async () => {
    await runPaletteCommand(page, 'DynamoDB: Set Connection Mode (Read-Only, Confirm Writes, Normal)…');
    await pickQuickItem(page, /Connection whose mode to set/, 'Local');
    await chooseByTyping(/Mode of "Local"/, 'Normal');
    await pickQuickItem(page, /Save the mode in/, 'This workspace');
    const confirm = page.locator('.monaco-dialog-box', { hasText: 'Make "Local" normal?' });
    await confirm.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await confirm.getByRole('button', { name: 'Change Mode', exact: true }).click();
    await eventually('the workspace settings to say normal', async () => {
      const value = workspaceSettings()['dynamodbStudio.connectionModes'];
      return { ok: value?.['endpoint:Local'] === 'normal', why: JSON.stringify(value) };
    });
    await page.locator('.statusbar-item', { hasText: 'Local: Normal' }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await saveScreenshot(page, 'guard-mode-normal.png');
  });
});
