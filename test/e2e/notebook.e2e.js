// DynamoDB notebooks in the real workbench: New Notebook from a table's context menu, Run All, and a click on a
// result row opens the item as a document. Screenshots in test-results/. Started by `node scripts/test.js e2e`.
'use strict';

const assert = require('node:assert');
const {
  baseUrl,
  folder,
  UI_TIMEOUT_MS,
  openWorkbench,
  saveScreenshot,
  screenshotIfFailed,
  eventually,
  runContextMenuItem,
  explorerRow,
  expandExplorerNode,
  runPaletteCommand,
  closeAllEditorsDiscarding,
  pickQuickItem,
} = require('./lib/workbench');

const TABLE = 'CustomerOrders';

describe('notebooks in the workbench', function () {
  this.timeout(300_000);
  let browser;
  let page;

  const row = (label) => explorerRow(page, label);
  /** The notebook's output webview: code-server nests the renderer's document in two iframes. */
  const outputs = () => page.frameLocator('.notebookOverlay iframe.webview.ready').frameLocator('iframe#active-frame');

  before(async function () {
    assert.ok(baseUrl && folder, 'DYNAMODB_STUDIO_E2E_URL and DYNAMODB_STUDIO_E2E_FOLDER are not set: run this suite with `node scripts/test.js e2e`.');
    ({ browser, page } = await openWorkbench({ width: 1600, height: 1100 }));
    await closeAllEditorsDiscarding(page);
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, page);
  });

  after(async () => {
    if (page) await closeAllEditorsDiscarding(page).catch(() => {});
    if (browser) await browser.close();
  });

  it('creates a notebook from the table\'s context menu', async () => {
    await page.locator('#workbench\\.parts\\.activitybar').getByRole('tab', { name: /^DynamoDB/ }).click();
    await expandExplorerNode(page, 'Local');
    await expandExplorerNode(page, 'us-east-1');
    await runContextMenuItem(page, row(TABLE).first(), 'New Notebook');
    await page.locator('.tabs-container .tab.active', { hasText: /^Untitled-\d+\.dynamodb-nb/ }).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const notebook = page.locator('.notebook-editor:visible');
    await notebook.locator('.monaco-editor .view-lines', { hasText: '"table": "CustomerOrders"' }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    const first = (await notebook.locator('.monaco-editor .view-lines').first().innerText()).replace(/\s+/g, ' ');
    assert.match(first, /"key": \{ "CustomerId": "CUST#\d{5}", "OrderId": \{ "begins_with": "ORD#" \} \}/);
  });

  it('runs all cells and shows each result grid with its consumed capacity and cost', async () => {
    await runPaletteCommand(page, 'Notebook: Run All');
    // The first run of a notebook may ask which controller runs it.
    const picked = await page.locator('.quick-input-widget', { hasText: /kernel|controller/i }).waitFor({ state: 'visible', timeout: 5000 }).then(() => true, () => false);
    if (picked) await pickQuickItem(page, /kernel|controller/i, 'DynamoDB');
    // Outputs render as their cells come into view: scroll down through the notebook until all three are there.
    const notebook = page.locator('.notebook-editor:visible');
    await notebook.hover();
    await eventually('three result grids', async () => {
      const n = await outputs().locator('[data-testid="grid"]').count();
      if (n < 3) await page.mouse.wheel(0, 600);
      return { ok: n === 3, why: `${n} grids` };
    }, 120_000);
    const summaries = await outputs().locator('[data-testid="summary"]').allInnerTexts();
    assert.strictEqual(summaries.length, 3);
    for (const s of summaries) {
      assert.match(s, /^Query/);
      assert.match(s, /RCU consumed/);
      assert.match(s, /on-demand \(estimate\)/);
    }
    assert.match(summaries[1], /GSI ByStatus/);
    assert.match(summaries[2], /LSI ByTotal/);
    for (let i = 0; i < 10; i++) await page.mouse.wheel(0, -2000);
    const file = await saveScreenshot(page, 'notebook-run-all.png');
    console.log(`      screenshot: ${file}`);
  });

  it('opens the item of a clicked row as a document', async () => {
    const first = outputs().locator('[data-testid="grid"]').first().locator('tbody tr.openable').first();
    // A cell's title holds its value without the type badge; the key columns come first.
    const [customer, order] = await first.locator('td').evaluateAll((tds) => tds.slice(0, 2).map((td) => td.getAttribute('title')));
    await first.click();
    const tab = page.locator('.tabs-container .tab.active', { hasText: '.json' });
    await tab.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const editor = page.locator('.editor-group-container.active .monaco-editor').first();
    await eventually('the item document to show its key', async () => {
      const text = await editor.locator('.view-lines').innerText();
      return { ok: text.includes(customer) && text.includes(order), why: text.slice(0, 200) };
    });
    assert.match(await tab.innerText(), new RegExp(order.replace(/[#]/g, '.')));
    const file = await saveScreenshot(page, 'notebook-open-item.png');
    console.log(`      screenshot: ${file}`);
  });

  it('turns the table viewer\'s query into a notebook with Open as Notebook in its title bar', async () => {
    const viewer = () => page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    // Only the viewer's webview should be on the page.
    await closeAllEditorsDiscarding(page);
    await runContextMenuItem(page, row(TABLE).first(), 'Open Table');
    await viewer().locator('.viewer-title', { hasText: TABLE }).waitFor({ timeout: UI_TIMEOUT_MS });
    await viewer().locator('#kind-query').click();
    await viewer().locator('#pk input').fill('CUST#00003');
    await viewer().locator('#run').click();
    await viewer().locator('.run-status[data-state="done"]').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.locator('.editor-actions').getByRole('button', { name: 'Open as Notebook' }).first().click();
    await page.locator('.tabs-container .tab.active', { hasText: /^Untitled-\d+\.dynamodb-nb/ }).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const notebook = page.locator('.notebook-editor:visible');
    const cell = notebook.locator('.monaco-editor .view-lines', { hasText: 'CUST#00003' }).first();
    await cell.waitFor({ timeout: UI_TIMEOUT_MS });
    assert.match((await cell.innerText()).replace(/\s+/g, ' '), /"name": "result", "table": "CustomerOrders", "key": \{ "CustomerId": "CUST#00003" \}/);
    await saveScreenshot(page, 'notebook-from-viewer.png');
  });
});
