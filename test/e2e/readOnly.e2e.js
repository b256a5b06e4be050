// Read-only connections in the real workbench, on day58 of DevOpsProjects: a second endpoint connection to the same
// DynamoDB Local, marked `readOnly: true` in the workspace settings (as a team would commit it), opens the item in a
// read-only editor and refuses Delete Item; a third connection, made read-only with Toggle Read-Only while its
// copy of the item is open and being edited, refuses the save with a message naming the connection. What the
// workbench shows is read from the page; that nothing changed is read from DynamoDB Local with the SDK. The
// workspace and user settings are put back in after(). Started by `node scripts/test.js e2e`.
'use strict';

const assert = require('node:assert');
const fs = require('node:fs');
const { DynamoDBClient, GetItemCommand, PutItemCommand } = require('@aws-sdk/client-dynamodb');
const {
  baseUrl,
  folder,
  UI_TIMEOUT_MS,
  openWorkbench,
  saveScreenshot,
  screenshotIfFailed,
  eventually,
  pickQuickItem,
  waitForQuickInput,
  runPaletteCommand,
  runContextMenuItem,
  notificationText,
  activeTextEditor,
  replaceInEditor,
  closeAllEditorsDiscarding,
  userSettingsFile,
  addWorkspaceConnections,
} = require('./lib/workbench');

const endpoint = process.env.DYNAMODB_STUDIO_TEST_ENDPOINT;
const REGION = 'us-east-1';
/** Marked read-only in the workspace settings. */
const CONNECTION = 'LocalReadOnly';
/** Writable at first, made read-only with Toggle Read-Only while an item of it is open. */
const WRITABLE = 'LocalGuarded';
const TABLE = 'DevOpsProjects';
const KEY = { ProjectID: { S: 'day58' } };
/** day58 as the sample data has it, written back before the suite whatever an earlier run changed. */
const DAY58 = { ...KEY, Name: { S: 'Point-in-Time Recovery Drill' }, Status: { S: 'In Progress' }, Owner: { S: 'sre' }, StartDate: { S: '2024-02-27' } };

describe('A read-only connection in the workbench', function () {
  this.timeout(180_000);
  let browser;
  let page;
  let client;
  let restoreSettings;
  let originalUserSettings;

  const stored = async () => (await client.send(new GetItemCommand({ TableName: TABLE, Key: KEY, ConsistentRead: true }))).Item;
  const screenshot = (name) => saveScreenshot(page, name);
  const quickInputBox = () => page.locator('.quick-input-widget .quick-input-box input');

  before(async function () {
    assert.ok(
      baseUrl && folder && endpoint,
      'DYNAMODB_STUDIO_E2E_URL, DYNAMODB_STUDIO_E2E_FOLDER and DYNAMODB_STUDIO_TEST_ENDPOINT are not set: run this suite ' +
        'with `node scripts/test.js e2e`, which starts code-server with the extension installed and DynamoDB Local with sample tables.',
    );
    client = new DynamoDBClient({ endpoint, region: REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await client.send(new PutItemCommand({ TableName: TABLE, Item: DAY58 }));
    // Toggle Read-Only may save to the user settings: they are put back in after().
    assert.ok(fs.existsSync(userSettingsFile), `the workbench profile has no user settings at ${userSettingsFile}`);
    originalUserSettings = fs.readFileSync(userSettingsFile, 'utf8');
    restoreSettings = addWorkspaceConnections({ name: CONNECTION, endpoint, region: REGION, readOnly: true }, { name: WRITABLE, endpoint, region: REGION });
    ({ browser, page } = await openWorkbench({ width: 1400, height: 900 }));
    await page.locator('#workbench\\.parts\\.activitybar').getByRole('tab', { name: /^DynamoDB/ }).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, page);
  });

  after(async () => {
    if (page) await closeAllEditorsDiscarding(page).catch((err) => console.log(`      could not close the editors: ${err.message}`));
    if (browser) await browser.close();
    restoreSettings?.();
    if (originalUserSettings !== undefined) fs.writeFileSync(userSettingsFile, originalUserSettings);
    if (client) client.destroy();
  });

  /** Get Item… from the palette through `connection`: region when asked, the table, the key; returns the editor. */
  async function getItem(connection) {
    await runPaletteCommand(page, 'DynamoDB: Get Item…');
    await pickQuickItem(page, /Connection/, connection);
    const step = await waitForQuickInput(page, /Region|Table/);
    if (/Region/.test(step)) await pickQuickItem(page, /Region/, REGION);
    await pickQuickItem(page, /Table/, TABLE);
    await waitForQuickInput(page, /ProjectID/);
    await quickInputBox().fill(KEY.ProjectID.S);
    await quickInputBox().press('Enter');
    const editor = await activeTextEditor(page, `${KEY.ProjectID.S}.json`);
    await eventually('the item in the editor', async () => {
      const text = await editor.locator('.view-lines').innerText();
      return { ok: text.includes(DAY58.Owner.S), why: `the editor shows ${JSON.stringify(text.slice(0, 80))}` };
    });
    return editor;
  }

  /** The explorer row of a top-level connection. */
  const connectionRow = (name) =>
    page.locator('#workbench\\.parts\\.sidebar .monaco-list-row[aria-level="1"]', { has: page.locator('.label-name', { hasText: new RegExp(`^${name}$`) }) }).first();

  it('the explorer shows the connection marked read-only in the settings as read-only', async () => {
    await page.locator('#workbench\\.parts\\.activitybar').getByRole('tab', { name: /^DynamoDB/ }).click();
    const row = connectionRow(CONNECTION);
    await row.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    assert.match(await row.locator('.label-description').innerText(), /read-only/);
    assert.doesNotMatch(await connectionRow(WRITABLE).locator('.label-description').innerText(), /read-only/);
  });

  it('an item opened through it is read-only in the editor: typing changes nothing, Ctrl+S writes nothing', async () => {
    const before = await stored();
    const editor = await getItem(CONNECTION);
    const text = await editor.locator('.view-lines').innerText();
    await editor.locator('.view-lines').click();
    await page.keyboard.type('edited');
    const refusal = page.locator('.monaco-editor-overlaymessage', { hasText: /read-only/ });
    await refusal.first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    console.log(`      the editor says: ${await refusal.first().innerText()}`);
    await screenshot('read-only-editor-refuses-typing.png');
    assert.strictEqual(await editor.locator('.view-lines').innerText(), text, 'the read-only document took the typing');
    await page.keyboard.press('Control+S');
    assert.strictEqual(await page.locator('.tabs-container .tab.active.dirty').count(), 0, 'the document is marked changed');
    assert.deepStrictEqual(await stored(), before, 'the stored item changed');
  });

  it('Delete Item… on the read-only connection is refused, naming the connection and the operation; the item stays', async () => {
    await activeTextEditor(page, `${KEY.ProjectID.S}.json`);
    // The editor's title bar: "More Actions..." holds the item commands.
    const more = page.locator('.editor-group-container.active .title [aria-label^="More Actions"]').first();
    await runContextMenuItem(page, more, 'Delete Item…', { click: { button: 'left' } });
    // Refused at once: no confirmation is asked for a delete that cannot happen.
    const message = await notificationText(page, /refused/);
    assert.strictEqual(await page.locator('.monaco-dialog-box').count(), 0, 'a confirmation was asked before the refusal');
    console.log(`      refusal: ${message}`);
    assert.match(message, new RegExp(`"${CONNECTION}"`), 'the refusal does not name the connection');
    assert.match(message, /DeleteItem/, 'the refusal does not name the operation');
    assert.match(message, /read-only/);
    await screenshot('read-only-delete-refused.png');
    assert.deepStrictEqual(await stored(), DAY58, 'the item is not as it was');
  });

  it('made read-only while its item is open (Toggle Read-Only), a change saved with Ctrl+S is refused, naming the connection and the operation', async () => {
    await closeAllEditorsDiscarding(page);
    const editor = await getItem(WRITABLE);
    // Toggle Read-Only from the connection's context menu in the explorer.
    await runContextMenuItem(page, connectionRow(WRITABLE), 'Toggle Read-Only');
    const next = await eventually('Toggle Read-Only to ask where to save or to finish', async () => {
      if (await page.locator('.quick-input-widget').isVisible()) return { ok: true, value: 'scope' };
      const done = page.locator('.notifications-toasts .notification-list-item-message', { hasText: `"${WRITABLE}" is now read-only` });
      return { ok: (await done.count()) > 0, value: 'done', why: 'neither a question nor the notification showed' };
    });
    // Saved in the workspace settings when asked, which after() restores.
    if (next === 'scope') await pickQuickItem(page, /Save the mode in/, 'This workspace');
    await notificationText(page, new RegExp(`"${WRITABLE}" is now read-only`));
    await eventually('the explorer to show the connection read-only', async () => {
      const description = await connectionRow(WRITABLE).locator('.label-description').innerText();
      return { ok: /read-only/.test(description), why: `its description is ${description}` };
    });

    await page.locator('.tabs-container .tab', { hasText: `${KEY.ProjectID.S}.json` }).first().click();
    await replaceInEditor(page, editor, `"${DAY58.Owner.S}"`, '"edited-while-read-only"');
    await page.keyboard.press('Control+S');
    const message = await notificationText(page, /refused|read-only/);
    console.log(`      refusal: ${message}`);
    // Named in words, as every refusal of the extension does, not only inside the document's address.
    assert.match(message, new RegExp(`connection "${WRITABLE}"`), 'the refusal does not name the connection');
    assert.match(message, /Not saved|\b(PutItem|UpdateItem|TransactWriteItems)\b/, 'the refusal does not name the refused save or write');
    await screenshot('read-only-save-refused.png');
    assert.deepStrictEqual(await stored(), DAY58, 'the refused save changed the stored item');
    assert.ok(await page.locator('.tabs-container .tab.active.dirty').count(), 'the document lost its unsaved change');
  });
});
