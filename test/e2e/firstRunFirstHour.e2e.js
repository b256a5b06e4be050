// The very first run of the extension in a profile, as a new user meets it (issue 14, findings 5, 6, 7, 23). The
// shared e2e workbench has run the extension before and turns walkthroughs off, so this suite starts its own
// code-server with a fresh profile that keeps VS Code's default (workbench.welcomePage.walkthroughs.openOnInstall
// true) and installs the same .vsix: the DynamoDB view and the walkthrough open by themselves, the view never says
// "No connections yet" while Local is configured, a table opens with one click on its Open Table entry, and an error
// node shows its whole text with Show Details. Screenshots in test-results/. Started by `node scripts/test.js e2e`.
'use strict';

const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const cs = require('../../scripts/code-server');
const { isolatedAwsEnv } = require('../../scripts/lib/awsEnv');
const { UI_TIMEOUT_MS, saveScreenshot, screenshotIfFailed, eventually, expandExplorerRow } = require('./lib/workbench');
const { viewerFrame, waitForRunEnd } = require('./lib/viewer');

const vsix = process.env.DYNAMODB_STUDIO_E2E_VSIX;
const endpoint = process.env.DYNAMODB_STUDIO_TEST_ENDPOINT;
const REGION = 'us-east-1';
/** A connection whose endpoint refuses connections: its region's table list fails with an error node. */
const UNREACHABLE = 'Unreachable';

describe('First run, first hour, in a fresh workbench profile', function () {
  this.timeout(300_000);
  let dir;
  let server;
  let browser;
  let page;

  const sidebar = () => page.locator('#workbench\\.parts\\.sidebar');
  const row = (label) => sidebar().locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) });

  async function expand(target) {
    await target.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    if ((await target.getAttribute('aria-expanded')) !== 'true') await target.click();
    await page.waitForFunction((el) => el.getAttribute('aria-expanded') === 'true', await target.elementHandle(), { timeout: UI_TIMEOUT_MS });
  }

  before(async function () {
    assert.ok(vsix && endpoint, 'DYNAMODB_STUDIO_E2E_VSIX and DYNAMODB_STUDIO_TEST_ENDPOINT are not set: run this suite with `node scripts/test.js e2e`.');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dynamodb-studio-first-run-'));
    const workspace = path.join(dir, 'workspace');
    const aws = path.join(dir, 'aws');
    for (const d of [path.join(workspace, '.vscode'), aws, path.join(dir, 'home')]) fs.mkdirSync(d, { recursive: true });
    const endpoints = [
      { name: 'Local', endpoint, region: REGION },
      { name: UNREACHABLE, endpoint: 'http://127.0.0.1:1', region: REGION },
    ];
    fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'dynamodbStudio.customEndpoints': endpoints }, null, 2));
    for (const name of ['config', 'credentials']) fs.writeFileSync(path.join(aws, name), '');
    const env = isolatedAwsEnv({ home: path.join(dir, 'home'), awsDir: aws });
    const userDataDir = path.join(dir, 'user-data');
    const extensionsDir = path.join(dir, 'extensions');
    cs.installExtension({ vsix, userDataDir, extensionsDir, env });
    server = await cs.startCodeServer({ userDataDir, extensionsDir, workspace, env, settings: { 'workbench.welcomePage.walkthroughs.openOnInstall': true } });
    browser = await cs.launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // Everything the sidebar says from the first paint on, to catch a message shown only for a moment.
    await page.addInitScript(() => {
      const seen = new Set();
      window.__sidebarTexts = seen;
      const record = () => {
        const bar = document.getElementById('workbench.parts.sidebar');
        if (!bar) return;
        for (const el of bar.querySelectorAll('.welcome-view-content, .monaco-list-row')) {
          // Only what is on screen: a hidden welcome may stay in the page.
          if (el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden') seen.add(el.textContent || '');
        }
      };
      new MutationObserver(record).observe(document, { subtree: true, childList: true, characterData: true });
    });
    await page.goto(cs.workbenchUrl(server.url, { folder: workspace }));
    await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, page);
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('opens the DynamoDB view and the walkthrough by itself on the first run (5)', async () => {
    const tab = page.locator('.tabs-container .tab', { hasText: 'Walkthrough' });
    await eventually('the walkthrough', async () => {
      const text = (await page.locator('.editor-group-container').allTextContents()).join(' ');
      return { ok: /Get Started with DynamoDB Studio/.test(text) && /Connect a profile or DynamoDB Local/.test(text), why: text.slice(0, 200) || 'no editor yet' };
    });
    assert.ok((await tab.count()) + (await page.locator('.tabs-container .tab.active').count()) > 0, 'an editor tab is open');
    const title = await sidebar().locator('.composite.title').innerText();
    assert.match(title, /DYNAMODB/i, `the sidebar shows the DynamoDB view: ${title}`);
    await row('Local').first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await saveScreenshot(page, 'first-hour-5-first-run.png');
  });

  it('never says "No connections yet" while the configured connections load (6)', async () => {
    await row('Local').first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const texts = await page.evaluate(() => [...window.__sidebarTexts]);
    assert.ok(texts.some((t) => /^Local/.test(t)), `the observer saw the sidebar rows: ${texts.length} texts`);
    const empty = texts.filter((t) => /No connections yet/.test(t));
    assert.deepStrictEqual(empty, [], 'the empty-state message was shown although Local is configured');
    console.log(`      sidebar texts seen: ${texts.length}; loading message seen: ${texts.some((t) => /Loading connections/.test(t))}`);
    await saveScreenshot(page, 'first-hour-6-connections-loaded.png');
  });

  it('opens a table with one click on its Open Table entry (7)', async () => {
    await expand(row('Local').first());
    await expand(row(REGION).first());
    await expand(row('CustomerOrders').first());
    const open = row('Open Table').first();
    await open.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await open.click();
    const viewer = viewerFrame(page);
    await viewer.locator('.viewer-title', { hasText: 'CustomerOrders' }).waitFor({ timeout: UI_TIMEOUT_MS });
    assert.strictEqual(await waitForRunEnd(viewer, -1), 'done');
    await saveScreenshot(page, 'first-hour-7-open-table-entry.png');
  });

  it('shows the whole text of an error node with Show Details (23)', async () => {
    // By path: the Local connection has a us-east-1 row too.
    await expandExplorerRow(page, UNREACHABLE);
    await expandExplorerRow(page, UNREACHABLE, REGION);
    const label = await eventually('the error node under Unreachable', async () => {
      const rows = await sidebar().locator('.monaco-list-row').evaluateAll((els) => els.map((el) => el.textContent || ''));
      const found = rows.find((r) => /cannot be reached/.test(r));
      return { ok: !!found, value: found, why: rows.join(' | ') };
    });
    const node = sidebar().locator('.monaco-list-row', { hasText: /cannot be reached/ }).first();
    await node.click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const text = await dialog.innerText();
    assert.match(text, /cannot be reached \(ECONNREFUSED\)/, `the dialog says what failed: ${text}`);
    assert.ok(text.length > label.length, 'the dialog holds more than the row showed');
    assert.ok(await dialog.getByRole('button', { name: /Retry/ }).isVisible(), 'Retry is offered');
    assert.ok(await dialog.getByRole('button', { name: /Copy/ }).isVisible(), 'Copy is offered');
    console.log(`      error node: ${label.slice(0, 120)}`);
    await saveScreenshot(page, 'first-hour-23-error-details.png');
    await page.keyboard.press('Escape');
  });
});
