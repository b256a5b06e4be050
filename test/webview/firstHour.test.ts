/// <reference lib="dom" />
// The table viewer as a new user meets it (issue "first hour", table viewer findings), on the built bundle in
// Chromium: the first page at once, filter types that follow the attribute, why a read found nothing, the PartiQL
// box, errors cleared by a new run, a form that folds away and toolbars on one line, Enter runs, stale rows after
// switching Scan to Query, one paging control, types in the header and whole values on hover and in a details
// pane, the Run row never hidden by an error, and a role and a name for every control. Screenshots go to
// test-results/webview-*.png.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { ViewerEvent } from '../../src/protocol/tableViewer';
import { SAMPLE_TABLE, clearPosted, launchBrowser, openViewer, posted, preparePageDir, send, sendSampleRows, waitForRowCount } from './harness';

type Message = { type: string } & Record<string, unknown>;
type RunState = Extract<ViewerEvent, { type: 'runState' }>;

const RESULTS = path.resolve(__dirname, '..', '..', '..', 'test-results');
const stats = (count: number, scannedCount?: number) => ({ count, scannedCount, consumedCapacity: 0.5, pages: 1 });
const runState = (runId: number, state: RunState['state'], extra: Partial<RunState> = {}): RunState => ({
  type: 'runState',
  runId,
  state,
  operation: 'Scan table "Events"',
  mode: 'page',
  stats: stats(0, 12),
  hasMore: false,
  ...extra,
});

describe('table viewer, first hour (Chromium)', function () {
  this.timeout(120_000);
  let browser: Browser;
  let dir: string;
  let page: Page;

  const lastPosted = async (type: string): Promise<Message | undefined> => (await posted<Message>(page)).filter((m) => m.type === type).pop();
  const screenshot = async (name: string) => {
    fs.mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: path.join(RESULTS, `webview-${name}.png`) });
  };
  /** A new viewer page, initialized as the panel does. */
  async function fresh(viewport = { width: 1280, height: 800 }, init: Partial<Extract<ViewerEvent, { type: 'init' }>> = {}): Promise<void> {
    await page?.close();
    page = await openViewer(browser, dir, viewport);
    await send(page, { type: 'init', table: SAMPLE_TABLE, history: [], saved: [], ...init });
  }

  before(async () => {
    browser = await launchBrowser();
    dir = preparePageDir();
  });

  after(async () => {
    await browser?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads a first page at once in a new panel: the last Scan or Query, never a PartiQL statement (8)', async () => {
    await fresh(undefined, { firstRead: true });
    const run = await lastPosted('run');
    assert.equal(run?.mode, 'page');
    assert.equal((run?.spec as { kind: string }).kind, 'scan');

    const query = { kind: 'query' as const, table: 'Events', filters: [], filterJoin: 'AND' as const, partitionKey: { name: 'pk', type: 'S' as const, value: 'USER#0001' } };
    const del = { kind: 'partiql' as const, table: 'Events', filters: [], filterJoin: 'AND' as const, statement: 'DELETE FROM "Events" WHERE pk = \'x\' AND sk = 1' };
    await fresh(undefined, { firstRead: true, history: [{ spec: del, ranAt: '2024-05-02T10:00:00.000Z' }, { spec: query, ranAt: '2024-05-01T10:00:00.000Z' }] });
    const runs = (await posted<Message>(page)).filter((m) => m.type === 'run');
    assert.equal(runs.length, 1, 'one read');
    assert.deepEqual(runs[0].spec, query, 'the last Query, not the later DELETE');
    assert.equal(await page.locator('#kind-query').getAttribute('aria-checked'), 'true');

    // A panel that has read before (a reloaded webview) gets its rows back instead.
    await fresh(undefined, { firstRead: false });
    assert.equal(await lastPosted('run'), undefined);
    assert.equal(await page.locator('.grid-empty').textContent(), 'No rows yet. Run a scan or a query.');
  });

  it('gives a filter the type of its attribute, from the key schema or the rows, until one is picked (3)', async () => {
    await fresh();
    await sendSampleRows(page, 20);
    await waitForRowCount(page, 20);
    await page.locator('#addFilter').click();
    await page.locator('#filter-0-path input').fill('sk');
    assert.equal(await page.locator('#filter-0-type').evaluate((e) => (e as HTMLElement & { value: string }).value), 'N', 'the table declares sk as N');
    await page.locator('#filter-0-path input').fill('nested.geo.lat');
    assert.equal(await page.locator('#filter-0-type').evaluate((e) => (e as HTMLElement & { value: string }).value), 'N', 'the rows hold a number there');
    await page.locator('#filter-0-path input').fill('name');
    assert.equal(await page.locator('#filter-0-type').evaluate((e) => (e as HTMLElement & { value: string }).value), 'S');
    await page.locator('#filter-0-op').click();
    await page.getByRole('option', { name: '>', exact: true }).click();
    await page.locator('#filter-0-value input').fill('1000');
    await page.locator('#filter-0-path input').fill('precise');
    await clearPosted(page);
    await page.locator('#run').click();
    const spec = (await lastPosted('run'))?.spec as { filters: { path: string; type: string }[] };
    assert.deepEqual(spec.filters.map((f) => [f.path, f.type]), [['precise', 'N']]);

    // A type picked by hand stays, whatever the path.
    await page.locator('#filter-0-type').click();
    await page.getByRole('option', { name: 'S', exact: true }).click();
    await page.locator('#filter-0-path input').fill('sk');
    assert.equal(await page.locator('#filter-0-type').evaluate((e) => (e as HTMLElement & { value: string }).value), 'S');
  });

  it('says how many items a read scanned when none matched, instead of "No rows" (3)', async () => {
    await fresh();
    await send(page, runState(1, 'running'));
    await send(page, { type: 'rows', runId: 1, reset: true, itemsJson: '[]' });
    await send(page, runState(1, 'done', { stats: stats(0, 12) }));
    assert.equal(await page.locator('.grid-empty').textContent(), '0 of 12 scanned matched.');
    await send(page, runState(2, 'done', { stats: stats(0, 1000), hasMore: true }));
    assert.equal(await page.locator('.grid-empty').textContent(), '0 of 1,000 scanned matched; more pages remain (Next page reads on).');
    await screenshot('zero-matched');
  });

  it('selects the prefilled PartiQL statement on focus, so typing replaces it, and the box grows (11)', async () => {
    await fresh();
    await page.locator('#kind-partiql').click();
    const box = page.locator('#statement textarea');
    assert.equal(await box.inputValue(), 'SELECT * FROM "Events"');
    await box.click();
    await page.waitForFunction(() => {
      const t = document.querySelector('#statement') as unknown as { wrappedElement: HTMLTextAreaElement };
      return t.wrappedElement.selectionStart === 0 && t.wrappedElement.selectionEnd === t.wrappedElement.value.length;
    });
    await page.keyboard.type('SELECT pk FROM "Events"');
    assert.equal(await box.inputValue(), 'SELECT pk FROM "Events"');
    const before = (await box.boundingBox())!;
    await page.keyboard.type('\nWHERE pk = \'USER#0001\'\nAND sk > 10\nAND kind = \'buy\'\nAND flag = true\nAND name <> \'x\'\nAND precise > 5\nAND extra_01 = \'e1\'');
    const after = (await box.boundingBox())!;
    assert.ok(after.height > before.height * 1.5, `the box grew: ${before.height} → ${after.height} px`);
    const form = (await page.locator('.builder').boundingBox())!;
    assert.ok(after.width > form.width * 0.7, `the box is ${after.width} px of a ${form.width} px form`);
    await screenshot('partiql-box');
  });

  it('clears the last error on a new run and says what a write statement did (12)', async () => {
    await fresh();
    await page.locator('#kind-partiql').click();
    await send(page, runState(1, 'failed', { message: 'Run the PartiQL statement failed: ValidationException: Statement wasn’t well formed.' }));
    await page.locator('.notice.error').waitFor();
    await page.locator('#statement textarea').fill('DELETE FROM "Events" WHERE pk = \'USER#0001\' AND sk = 1');
    await page.locator('#run').click();
    assert.equal(await page.locator('.notice').textContent(), '', 'the error went with the new run');
    await send(page, runState(2, 'running', { operation: 'Run the PartiQL statement' }));
    await send(page, { type: 'rows', runId: 2, reset: true, itemsJson: '[]' });
    await send(page, runState(2, 'done', { operation: 'Run the PartiQL statement', stats: stats(0), outcome: 'DELETE done: 1 item deleted, if it existed.' }));
    assert.match((await page.locator('.run-status').textContent()) ?? '', /^Done\. DELETE done: 1 item deleted, if it existed\./);
    assert.equal(await page.locator('.grid-empty').textContent(), 'DELETE done: 1 item deleted, if it existed.');
    // A run the extension starts (a new run id) clears an old error too.
    await send(page, { type: 'notice', level: 'error', message: 'Something failed.' });
    await send(page, runState(3, 'running'));
    assert.equal(await page.locator('.notice').textContent(), '');
  });

  it('keeps both toolbars on one line at 800 px, with the rest in a menu, and folds the form away (13)', async () => {
    await fresh({ width: 800, height: 600 });
    await sendSampleRows(page, 200);
    await waitForRowCount(page, 200);
    const buttonHeight = (await page.locator('#run').boundingBox())!.height;
    for (const id of ['run-toolbar', 'results-toolbar']) {
      const box = (await page.locator(`#${id}`).boundingBox())!;
      assert.ok(box.height < buttonHeight * 2, `#${id} is ${box.height} px high with ${buttonHeight} px buttons: one line`);
    }
    const more = page.locator('#results-toolbar-more');
    assert.ok(await more.isVisible(), 'the results toolbar has a More actions button');
    await more.click();
    const menu = page.getByRole('menu', { name: 'More results actions' });
    await menu.waitFor();
    await screenshot('toolbar-overflow-800');
    await clearPosted(page);
    const items = await menu.getByRole('menuitem').allTextContents();
    assert.ok(items.includes('Export table…') && items.every((t) => t.length > 0), `menu items: ${items.join(', ')}`);
    await menu.getByRole('menuitem', { name: 'Export table…' }).click();
    assert.deepEqual(await lastPosted('transfer'), { type: 'transfer', action: 'exportTable' });
    assert.ok(await menu.isHidden());

    const rowsBefore = await page.locator('.grid-row').count();
    const toggle = page.getByRole('button', { name: 'Hide the query form' });
    await toggle.click();
    assert.ok(await page.locator('#query-form').isHidden());
    assert.ok(await page.locator('#run').isVisible(), 'the Run row stays');
    await page.waitForFunction((n) => document.querySelectorAll('.grid-row').length > n + 5, rowsBefore);
    assert.equal(await page.getByRole('button', { name: 'Show the query form' }).getAttribute('aria-expanded'), 'false');
    await screenshot('form-collapsed-800');
    await page.getByRole('button', { name: 'Show the query form' }).click();
    assert.ok(await page.locator('#query-form').isVisible());
  });

  it('runs on Enter in a key field, and does not offer to continue a Scan once the form is a Query (14)', async () => {
    await fresh();
    await send(page, runState(1, 'running'));
    await sendSampleRows(page, 30, 1);
    await waitForRowCount(page, 30);
    await send(page, runState(1, 'done', { stats: stats(30, 30), hasMore: true }));
    assert.ok(await page.locator('#more').isVisible(), 'a scan with more to read offers Next page');
    await page.locator('#kind-query').click();
    assert.ok(await page.locator('#more').isHidden(), 'the Scan cannot be continued from a Query form');
    assert.match((await page.locator('.run-status').textContent()) ?? '', /Not run yet\. The rows below are from the previous Scan/);
    await clearPosted(page);
    await page.locator('#pk input').fill('USER#0007');
    await page.locator('#pk input').press('Enter');
    const run = await lastPosted('run');
    assert.equal((run?.spec as { kind: string; partitionKey: { value: string } }).partitionKey.value, 'USER#0007');
    await screenshot('query-after-scan');
  });

  it('has one paging control that says what it reads (15)', async () => {
    await fresh();
    for (const gone of ['#fetchAll', '#fetchRest', '#nextPage']) assert.equal(await page.locator(gone).count(), 0, `${gone} is gone`);
    assert.ok(await page.locator('#more').isHidden(), 'nothing to continue before a run');
    await clearPosted(page);
    await page.locator('#readMode').click();
    await page.getByRole('option', { name: 'All pages' }).click();
    await page.locator('#run').click();
    assert.equal((await lastPosted('run'))?.mode, 'all');
    await send(page, runState(1, 'running', { mode: 'all', hasMore: true }));
    assert.ok(await page.locator('#more').isHidden(), 'hidden while reading');
    assert.ok(await page.getByRole('button', { name: 'Cancel' }).isVisible());
    await send(page, runState(1, 'cancelled', { mode: 'all', hasMore: true, stats: stats(500, 500) }));
    assert.ok(await page.getByRole('button', { name: 'Cancel' }).isHidden());
    const more = page.getByRole('button', { name: 'Read all remaining pages' });
    await more.click();
    assert.deepEqual(await lastPosted('continue'), { type: 'continue', mode: 'all' });
    await page.locator('#readMode').click();
    await page.getByRole('option', { name: 'First page' }).click();
    await page.getByRole('button', { name: 'Next page' }).click();
    assert.deepEqual(await lastPosted('continue'), { type: 'continue', mode: 'page' });
    await send(page, runState(1, 'done', { hasMore: false, stats: stats(900, 900) }));
    assert.ok(await page.locator('#more').isHidden(), 'all read: nothing more');
  });

  it('shows types in the header, numbers right-aligned, and a whole value on hover and in the details pane (16)', async () => {
    await fresh();
    const long = '12345678901234567890123456789012345678';
    await send(page, { type: 'rows', runId: 1, reset: true, itemsJson: JSON.stringify([{ pk: { S: 'a' }, sk: { N: '1' }, Total: { N: long }, Note: { S: 'x'.repeat(300) } }]) });
    await waitForRowCount(page, 1);
    const headerType = (name: string) => page.locator('.grid-hcell', { has: page.locator('.name', { hasText: new RegExp(`^${name}$`) }) }).locator('.col-type');
    assert.equal(await headerType('sk').textContent(), 'N');
    assert.equal(await headerType('Total').textContent(), 'N');
    assert.equal(await headerType('Note').textContent(), 'S');
    const totalColumn = await page.locator('.grid-hcell', { has: page.locator('.name', { hasText: /^Total$/ }) }).getAttribute('aria-colindex');
    const total = page.locator(`.grid-row[data-view="0"] [aria-colindex="${totalColumn}"]`);
    assert.equal(await total.textContent(), long);
    const style = await total.evaluate((el) => ({ align: getComputedStyle(el).textAlign, badge: getComputedStyle(el, '::before').content }));
    assert.equal(style.align, 'right');
    assert.equal(style.badge, 'none', 'no type badge in the cell');
    await total.hover();
    assert.equal(await total.getAttribute('title'), `Total (N): ${long}`);
    await total.click();
    await page.getByRole('button', { name: 'Details' }).click();
    const details = page.getByRole('region', { name: 'Cell details' });
    assert.match((await details.textContent()) ?? '', new RegExp(`Total.*N.*${long}`, 's'));
    await page.locator('.grid-viewport').press('ArrowRight');
    assert.ok(((await details.textContent()) ?? '').includes('x'.repeat(300)), 'the whole 300-character string');
    await screenshot('grid-types-details');
  });

  it('keeps the Run row in view and clickable after a long failure (17)', async () => {
    await fresh({ width: 1280, height: 800 });
    await sendSampleRows(page, 40, 1);
    await waitForRowCount(page, 40);
    const message = `Scan table "Events" failed: ${'the endpoint did not answer in time. '.repeat(12)}Check the endpoint and try again.`;
    await send(page, runState(2, 'failed', { message, stats: { count: 0, scannedCount: 0, consumedCapacity: 0, pages: 0 } }));
    await page.locator('.notice.error').waitFor();
    const run = page.locator('#run');
    const box = (await run.boundingBox())!;
    const hit = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('#run') !== null, { x: box.x + box.width / 2, y: box.y + box.height / 2 });
    assert.ok(hit, 'the Run button is the element at its own centre');
    assert.ok(box.y + box.height <= 800, 'inside the window');
    assert.match((await page.locator('.run-status').textContent()) ?? '', /^Failed\..*The rows below are from the previous read\.$/);
    await screenshot('failed-run-row');
    await clearPosted(page);
    await run.click();
    assert.ok(await lastPosted('run'));
  });

  it('gives every control a role and an accessible name (24)', async () => {
    // Wide enough for every action to be on its toolbar (narrower, they are in the More menus, tested above).
    await fresh({ width: 2000, height: 900 });
    await sendSampleRows(page, 20);
    await waitForRowCount(page, 20);
    await page.locator('#addFilter').click();
    await send(page, { type: 'history', history: [{ spec: { kind: 'scan', table: 'Events', filters: [], filterJoin: 'AND' }, ranAt: '2024-05-01T10:00:00.000Z' }], saved: [] });
    const expected: [Parameters<Page['getByRole']>[0], string][] = [
      ['button', 'Run'], ['combobox', 'How much a run reads'], ['button', 'Save…'], ['button', 'AWS CLI'], ['button', 'SDK v3'],
      ['radio', 'Scan'], ['radio', 'Query'], ['radio', 'PartiQL'], ['combobox', 'Table or index'], ['button', 'Add filter'],
      ['textbox', 'Filter 1 attribute path'], ['combobox', 'Filter 1 operator'], ['textbox', 'Filter 1 value'], ['button', 'Remove filter 1'],
      ['textbox', 'Attributes to return, separated by commas'], ['textbox', 'Page size (items per request)'], ['textbox', 'Stop after this many matching items'],
      ['textbox', 'Parallel scan segments'], ['checkbox', 'Consistent read'], ['button', 'Hide the query form'],
      ['tab', 'Grid'], ['tab', 'JSON'], ['tab', 'DynamoDB JSON'], ['combobox', 'Copy and view notation'], ['button', 'Details'],
      ['button', 'Copy cell'], ['button', 'Copy rows'], ['button', 'Open item'], ['button', 'Delete…'], ['button', 'Export results…'],
      ['button', 'Export query…'], ['button', 'Export table…'], ['button', 'Import…'], ['button', 'Copy to table…'],
      ['grid', 'Results'], ['button', 'Run Scan again'], ['button', 'Clear history'],
    ];
    const missing: string[] = [];
    for (const [role, name] of expected) if ((await page.getByRole(role, { name, exact: true }).count()) !== 1) missing.push(`${role} "${name}"`);
    assert.deepEqual(missing, [], 'found by role and name');

    // Every focusable or clickable control, whatever it is: its accessibility node has a role and a name.
    const controls = page.locator('button:visible, vscode-button:visible, vscode-textfield:visible, vscode-textarea:visible, vscode-single-select:visible, vscode-checkbox:visible, [role=tab]:visible, [role=radio]:visible, [role=columnheader]:visible');
    const count = await controls.count();
    assert.ok(count > 40, `${count} controls`);
    const unnamed: string[] = [];
    for (let i = 0; i < count; i++) {
      const snapshot = (await controls.nth(i).ariaSnapshot()).split('\n')[0];
      if (!/^- [a-z]+ "[^"]+"/.test(snapshot)) unnamed.push(`${await controls.nth(i).evaluate((e) => e.outerHTML.slice(0, 120))} → ${snapshot}`);
    }
    assert.deepEqual(unnamed, [], 'controls without a role and a name');
  });
});
