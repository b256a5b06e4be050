// A read that fails after its retries, in the real workbench (issue 14, finding 17: "After an error the Run row is
// clipped behind the 'Failed.' line; the status bar keeps 'retrying (attempt 3 of 3)' after the failure is final").
// A connection "Throttled" goes through the fault proxy of the integration tests (DynamoDB's JSON wire format in
// front of the harness's DynamoDB Local), which answers chosen operations with ThrottlingException, a retryable
// error. The viewer's Run retries its Scan (shown in the viewer's own status line), fails for good, and then says
// "Failed." with the Run button in full view; the status bar never says "retrying" for it. A request the status bar
// does report (the DescribeTable of a table being opened) ends there with "failed after 3 attempts", not with a
// "retrying" left on screen. Screenshots: test-results/first-hour-17-*.png.
'use strict';

const assert = require('node:assert');
const path = require('node:path');
const { DynamoDBClient, BatchWriteItemCommand, CreateTableCommand, DeleteTableCommand, waitUntilTableExists } = require('@aws-sdk/client-dynamodb');
const { folder, UI_TIMEOUT_MS, openWorkbench, saveScreenshot, screenshotIfFailed, eventually, notificationText, runContextMenuItem, explorerRowAt, expandExplorerRow, addWorkspaceConnections } = require('./lib/workbench');
const { viewerFrame, waitForRunEnd, runAndWaitFor, runButtonClear } = require('./lib/viewer');

const ROOT = path.resolve(__dirname, '..', '..');
const { startFaultProxy } = require(path.join(ROOT, 'out', 'test', 'integration', 'faults', 'faultProxy.js'));

const endpoint = process.env.DYNAMODB_STUDIO_TEST_ENDPOINT;
const REGION = 'us-east-1';
const RUN = Date.now().toString(36);
const TABLE = `Retry17-${RUN}`;
/** A second table, opened while its DescribeTable is throttled. */
const OTHER = `Retry17b-${RUN}`;
const CONNECTION = 'Throttled';
const ITEMS = 12;
/** The SDK's attempts per request in the extension's client pool. */
const MAX_ATTEMPTS = 3;

describe('A read that fails after its retries (issue 14, finding 17)', function () {
  this.timeout(240_000);
  let proxy;
  let client;
  let browser;
  let page;
  let restoreSettings;

  const viewer = () => viewerFrame(page);
  const statusBar = () => page.locator('#workbench\\.parts\\.statusbar');
  const screenshot = (name) => saveScreenshot(page, `first-hour-17-${name}.png`);

  /** Starts keeping every text the status bar shows, so a "retrying" that came and went is seen too. */
  async function recordStatusBar() {
    await page.evaluate(() => {
      const bar = document.getElementById('workbench.parts.statusbar');
      window.__statusTexts = [bar.innerText];
      window.__statusObserver?.disconnect();
      window.__statusObserver = new MutationObserver(() => {
        const text = bar.innerText;
        if (window.__statusTexts[window.__statusTexts.length - 1] !== text) window.__statusTexts.push(text);
      });
      window.__statusObserver.observe(bar, { childList: true, subtree: true, characterData: true, attributes: true });
    });
  }
  const statusTexts = () => page.evaluate(() => window.__statusTexts);

  before(async function () {
    assert.ok(endpoint && folder, 'run through `node scripts/test.js e2e` (DynamoDB Local and the workspace come from the harness)');
    client = new DynamoDBClient({ endpoint, region: REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    for (const name of [TABLE, OTHER]) {
      await client.send(
        new CreateTableCommand({ TableName: name, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }] }),
      );
      await waitUntilTableExists({ client, maxWaitTime: 60 }, { TableName: name });
    }
    const items = Array.from({ length: ITEMS }, (_, i) => ({ PutRequest: { Item: { id: { S: `item-${String(i).padStart(2, '0')}` }, n: { N: String(i) } } } }));
    await client.send(new BatchWriteItemCommand({ RequestItems: { [TABLE]: items } }));
    proxy = await startFaultProxy(endpoint);
    // The connection through the proxy, added the way a team would: in the workspace settings.
    restoreSettings = addWorkspaceConnections({ name: CONNECTION, endpoint: proxy.endpoint, region: REGION });
    ({ browser, page } = await openWorkbench({ width: 1400, height: 900 }));
    const tab = page.locator('#workbench\\.parts\\.activitybar').getByRole('tab', { name: /^DynamoDB/ });
    await tab.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await tab.click();
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, page);
  });

  after(async () => {
    restoreSettings?.();
    await browser?.close();
    if (proxy) {
      proxy.reset();
      await proxy.idle();
      await proxy.close();
    }
    if (client) {
      for (const name of [TABLE, OTHER]) await client.send(new DeleteTableCommand({ TableName: name })).catch(() => undefined);
      client.destroy();
    }
  });

  it('a Run whose Scan is throttled on every attempt ends "Failed." with the Run button in full view, and the status bar never says "retrying" for it', async () => {
    await expandExplorerRow(page, CONNECTION);
    await expandExplorerRow(page, CONNECTION, REGION);
    const table = await explorerRowAt(page, CONNECTION, REGION, TABLE);
    await runContextMenuItem(page, table.locator, 'Open Table');
    await viewer().locator('.viewer-title', { hasText: TABLE }).waitFor({ timeout: UI_TIMEOUT_MS });
    assert.strictEqual(await waitForRunEnd(viewer(), -1), 'done', 'the first page reads through the proxy while nothing is throttled');
    assert.match(await viewer().locator('.run-status').innerText(), new RegExp(`${ITEMS} items returned`));

    proxy.setRules([{ operation: 'Scan', action: { kind: 'error', fault: 'ThrottlingException' } }]);
    // What the viewer's status line says while the run goes on, and what the status bar shows meanwhile.
    await viewer()
      .locator('.run-status')
      .evaluate((el) => {
        window.__runTexts = [];
        new MutationObserver(() => window.__runTexts.push(el.innerText)).observe(el, { childList: true, subtree: true, characterData: true });
      });
    await recordStatusBar();
    assert.strictEqual(await runAndWaitFor(viewer()), 'failed');
    assert.strictEqual(proxy.counts('Scan').faulted, MAX_ATTEMPTS, `the Scan was sent ${MAX_ATTEMPTS} times, each throttled`);

    const runTexts = await viewer().locator('.run-status').evaluate(() => window.__runTexts);
    assert.ok(
      runTexts.some((t) => t.includes(`retrying with backoff (attempt ${MAX_ATTEMPTS} of ${MAX_ATTEMPTS})`)),
      `the viewer's status line showed the last retry while it ran (${JSON.stringify(runTexts)})`,
    );
    const status = await viewer().locator('.run-status').innerText();
    assert.match(status, /^Failed\./);
    assert.doesNotMatch(status, /retrying/, 'the status line no longer says "retrying" once the read failed');
    const error = await viewer().locator('.notice.error').innerText();
    assert.match(error, /ThrottlingException|throttl/i, `the error names the throttling (${error})`);

    const clear = await runButtonClear(viewer());
    assert.ok(clear.ok, clear.why);
    await screenshot('viewer-failed');

    // The status bar is left to the viewer for its own read: nothing there says "retrying", during or after the run.
    await page.waitForTimeout(1500);
    const seen = await statusTexts();
    assert.ok(!seen.some((t) => /retrying/.test(t)), `the status bar said "retrying" for the viewer's read: ${JSON.stringify(seen.filter((t) => /retrying/.test(t)))}`);
    assert.doesNotMatch(await statusBar().innerText(), /retrying/);

    // Once the endpoint answers again, the same Run button reads the table.
    proxy.reset();
    assert.strictEqual(await runAndWaitFor(viewer()), 'done');
    assert.match(await viewer().locator('.run-status').innerText(), new RegExp(`${ITEMS} items returned`));
  });

  it('a request the status bar reports ends there with "failed after 3 attempts", not with "retrying" (opening a table whose DescribeTable is throttled)', async () => {
    proxy.setRules([{ operation: 'DescribeTable', table: OTHER, action: { kind: 'error', fault: 'ThrottlingException' } }]);
    await recordStatusBar();
    const other = await explorerRowAt(page, CONNECTION, REGION, OTHER);
    await runContextMenuItem(page, other.locator, 'Open Table');
    const final = `DescribeTable on table "${OTHER}" failed after ${MAX_ATTEMPTS} attempts (ThrottlingException).`;
    await eventually('the status bar to show the final failure', async () => {
      const text = await statusBar().innerText();
      return { ok: text.includes(final), why: `it shows ${JSON.stringify(text)}` };
    });
    await notificationText(page, /Throttl|throttl/);
    // One message, the product's: VS Code adds no "Error running command …" toast of its own beside it.
    const wrapped = await page.locator('.notifications-toasts .notification-list-item-message', { hasText: /Error running command|resulted in an error/ }).count();
    assert.strictEqual(wrapped, 0, 'VS Code showed its own "Error running command" toast beside the product\'s message');
    assert.strictEqual(proxy.counts('DescribeTable').faulted, MAX_ATTEMPTS, `DescribeTable was sent ${MAX_ATTEMPTS} times, each throttled`);
    const seen = await statusTexts();
    const retrying = seen.filter((t) => /retrying/.test(t));
    assert.ok(retrying.length > 0 && retrying.every((t) => t.includes(`DescribeTable on table "${OTHER}"`)), `the status bar showed the retries of DescribeTable while they went on (${JSON.stringify(seen)})`);
    // After the final notice no "retrying" comes back, also once a throttled update would have been due.
    const at = seen.findIndex((t) => t.includes(final));
    await page.waitForTimeout(1500);
    const after = (await statusTexts()).slice(at);
    assert.ok(!after.some((t) => /retrying/.test(t)), `"retrying" came back after the final notice: ${JSON.stringify(after)}`);
    await screenshot('status-bar-final');
  });
});
