// Clicks through the real workbench: code-server with the packaged extension (.vsix) installed, driven by
// Chromium. Started by `node scripts/test.js e2e`, which provides the server, the workspace and DynamoDB Local.
'use strict';

const assert = require('node:assert');
const { baseUrl, folder, UI_TIMEOUT_MS, openWorkbench, saveScreenshot, screenshotIfFailed } = require('./lib/workbench');


describe('DynamoDB explorer in the workbench', function () {
  this.timeout(180_000);
  let browser;
  let page;

  const sidebar = () => page.locator('#workbench\\.parts\\.sidebar');
  const row = (label) =>
    sidebar().locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) });

  async function expand(label) {
    const target = row(label).first();
    await target.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    if ((await target.getAttribute('aria-expanded')) !== 'true') await target.click();
    await page.waitForFunction((el) => el.getAttribute('aria-expanded') === 'true', await target.elementHandle(), {
      timeout: UI_TIMEOUT_MS,
    });
  }

  const screenshot = (name) => saveScreenshot(page, name);

  before(async function () {
    assert.ok(
      baseUrl && folder,
      'DYNAMODB_STUDIO_E2E_URL and DYNAMODB_STUDIO_E2E_FOLDER are not set: run this suite with `node scripts/test.js e2e`, ' +
        'which starts code-server with the extension installed and DynamoDB Local with sample tables.',
    );
    ({ browser, page } = await openWorkbench({ width: 1400, height: 900 }));
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, page);
  });

  after(async () => {
    if (browser) await browser.close();
  });

  it('opens the DynamoDB view from the activity bar', async () => {
    const item = page.locator('#workbench\\.parts\\.activitybar').getByRole('tab', { name: /^DynamoDB/ });
    await item.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await item.click();
    // With a single view the container's title bar reads "DynamoDB: Explorer" and the pane header is hidden.
    const title = sidebar().locator('.composite.title', { hasText: /DynamoDB/i }).first();
    await title.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    assert.match(await title.innerText(), /DynamoDB.*Explorer/i);
    await row('Local').first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  });

  it('shows the seeded tables after expanding Local and us-east-1', async () => {
    await expand('Local');
    await expand('us-east-1');
    for (const table of ['CustomerOrders', 'DevOpsProjects']) {
      await row(table).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    }
    await screenshot('explorer-tree.png');
  });

  it('shows the key schema of DevOpsProjects after expanding it', async () => {
    await expand('DevOpsProjects');
    const keySchema = sidebar().locator('.monaco-list-row', { hasText: /ProjectID \(S\)/ });
    await keySchema.first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    assert.match(await keySchema.first().innerText(), /ProjectID \(S\)/);
    await screenshot('explorer-table-details.png');
  });
});
