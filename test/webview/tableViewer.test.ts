/// <reference lib="dom" />
// The table viewer bundle in Chromium with 100,000 rows: rendering, virtualization, sorting, selection, copying,
// the keyboard, the query builder's messages, and that table data is never read as HTML. Expected values are
// computed here from the sample rows, never taken from the viewer.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { WireItem } from '../../src/protocol/tableViewer';
import { SAMPLE_TABLE, clearPosted, launchBrowser, openViewer, posted, preparePageDir, rowHeaderText, sampleRow, send, sendSampleRows, waitForRowCount } from './harness';

const ROWS = 100_000;

type Message = { type: string } & Record<string, unknown>;

describe('table viewer webview (Chromium)', function () {
  this.timeout(120_000);
  let browser: Browser;
  let dir: string;
  let page: Page;

  const rowEl = (view: number) => page.locator(`.grid-row[data-view="${view}"]`);
  const header = (name: string) => page.locator('.grid-hcell', { has: page.locator('.name', { hasText: new RegExp(`^${name}$`) }) });
  const lastPosted = async (type: string): Promise<Message | undefined> => (await posted<Message>(page)).filter((m) => m.type === type).pop();
  const visibleSk = async (): Promise<number[]> =>
    page.$$eval('.grid-row', (rows) =>
      rows
        .map((r) => ({ view: Number((r as HTMLElement).dataset.view), text: r.querySelector('[aria-colindex="3"]')?.textContent ?? '' }))
        .sort((a, b) => a.view - b.view)
        .map((r) => Number(r.text)),
    );

  before(async () => {
    browser = await launchBrowser();
    dir = preparePageDir();
    page = await openViewer(browser, dir);
    await send(page, { type: 'init', table: SAMPLE_TABLE, history: [], saved: [] });
    await sendSampleRows(page, ROWS);
    await waitForRowCount(page, ROWS);
  });

  after(async () => {
    await browser?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('asks for its state once loaded and shows the table and its indexes', async () => {
    const first = (await posted<Message>(page))[0];
    assert.deepEqual(first, { type: 'ready' });
    assert.equal(await page.locator('.viewer-title').textContent(), 'Events');
    const options = await page.locator('#index vscode-option').allTextContents();
    assert.deepEqual(options, SAMPLE_TABLE.indexes.map((c) => c.label));
  });

  it('keeps 100,000 rows in the grid but only the visible rows and columns in the DOM', async () => {
    assert.equal(await page.getAttribute('[role=grid]', 'aria-rowcount'), String(ROWS + 1));
    const columnCount = Number(await page.getAttribute('[role=grid]', 'aria-colcount')) - 1;
    assert.equal(columnCount, 10 + 60, 'the union of attribute names');
    const domRows = await page.locator('.grid-row').count();
    assert.ok(domRows > 10 && domRows < 100, `${domRows} rows in the DOM`);
    const cellsInFirstRow = await rowEl(0).locator('[role=gridcell]').count();
    assert.ok(cellsInFirstRow < columnCount, `${cellsInFirstRow} of ${columnCount} columns rendered`);
    // Keys come first, then the index keys, then the rest in arrival order.
    const firstHeaders = await page.locator('.grid-hcell .name').allTextContents();
    assert.deepEqual(firstHeaders.slice(0, 4), ['pk', 'sk', 'kind', 'precise']);
    // Each cell shows the type and the value; numbers as their exact text.
    const precise = rowEl(0).locator('[aria-colindex="5"]');
    assert.equal(await precise.getAttribute('data-type'), 'N');
    assert.equal(await precise.textContent(), (sampleRow(0).precise as { N: string }).N);
    assert.equal(await rowEl(0).locator('[aria-colindex="7"]').textContent(), '{"a", "t0"}', 'a string set shown as a set');
  });

  it('scrolls to the last row', async () => {
    await page.locator('.grid-viewport').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await rowEl(ROWS - 1).waitFor();
    assert.equal(await rowHeaderText(page, ROWS - 1), String(ROWS));
    assert.equal(await rowEl(ROWS - 1).locator('[aria-colindex="3"]').textContent(), String(ROWS - 1));
    await page.locator('.grid-viewport').evaluate((el) => (el.scrollTop = 0));
    await rowEl(0).waitFor();
  });

  it('sorts by a number column exactly, beyond what a double can tell apart', async () => {
    const values = Array.from({ length: ROWS }, (_, i) => BigInt((sampleRow(i).precise as { N: string }).N));
    const ascending = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    await header('precise').click();
    assert.equal(await header('precise').getAttribute('aria-sort'), 'ascending');
    const shown = await page.$$eval('.grid-row', (rows) =>
      rows.sort((a, b) => Number((a as HTMLElement).dataset.view) - Number((b as HTMLElement).dataset.view)).slice(0, 10).map((r) => r.querySelector('[aria-colindex="5"]')?.textContent),
    );
    assert.deepEqual(shown, ascending.slice(0, 10).map(String));
    await header('precise').click();
    assert.equal(await header('precise').getAttribute('aria-sort'), 'descending');
    assert.equal(await rowEl(0).locator('[aria-colindex="5"]').textContent(), String(ascending[ascending.length - 1]));
    await header('precise').click();
    assert.equal(await header('precise').getAttribute('aria-sort'), 'none');
    assert.deepEqual((await visibleSk()).slice(0, 5), [0, 1, 2, 3, 4], 'arrival order again');
  });

  it('sorts by the sort key descending and back', async () => {
    await header('sk').click();
    await header('sk').click();
    assert.deepEqual((await visibleSk()).slice(0, 3), [ROWS - 1, ROWS - 2, ROWS - 3]);
    await header('sk').click();
  });

  it('selects rows with click, shift-click, ctrl-click and the keyboard', async () => {
    const selectedViews = () => page.$$eval('.grid-row[aria-selected="true"]', (rows) => rows.map((r) => Number((r as HTMLElement).dataset.view)).sort((a, b) => a - b));
    await rowEl(2).locator('[aria-colindex="3"]').click();
    await rowEl(6).locator('[aria-colindex="3"]').click({ modifiers: ['Shift'] });
    assert.deepEqual(await selectedViews(), [2, 3, 4, 5, 6]);
    await rowEl(9).locator('[aria-colindex="3"]').click({ modifiers: ['Control'] });
    assert.deepEqual(await selectedViews(), [2, 3, 4, 5, 6, 9]);
    assert.equal(await page.locator('.selection-info').textContent(), '6 selected');
    // The keyboard: Down moves and selects, Shift+Down extends, Space toggles.
    await page.keyboard.press('ArrowDown');
    assert.deepEqual(await selectedViews(), [10]);
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    assert.deepEqual(await selectedViews(), [10, 11, 12]);
    await page.keyboard.press('Space');
    assert.deepEqual(await selectedViews(), [10, 11]);
    await page.keyboard.press('Control+a');
    assert.equal(await page.locator('.selection-info').textContent(), `${ROWS.toLocaleString('en-US')} selected`);
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('.selection-info').textContent(), '');
    // The active cell is announced to assistive technology.
    const active = await page.getAttribute('.grid-viewport', 'aria-activedescendant');
    assert.equal(active, 'cell-12-1');
    // End/Ctrl+End reach the last column and row.
    await page.keyboard.press('Control+End');
    await rowEl(ROWS - 1).waitFor();
    assert.deepEqual(await selectedViews(), [ROWS - 1]);
    await page.keyboard.press('Control+Home');
    await rowEl(0).waitFor();
  });

  it('copies selected rows as JSON and as DynamoDB JSON without rounding numbers or turning sets into lists', async () => {
    await rowEl(0).locator('[aria-colindex="3"]').click();
    await rowEl(1).locator('[aria-colindex="3"]').click({ modifiers: ['Shift'] });
    await clearPosted(page);
    await page.keyboard.press('Control+c');
    const plain = await lastPosted('copyText');
    assert.ok(plain, 'a copyText message');
    const text = plain.text as string;
    // Plain JSON: numbers as number literals with every digit, sets tagged.
    assert.match(text, new RegExp(`"precise": ${(sampleRow(0).precise as { N: string }).N}\\b`));
    assert.match(text, /"tags": \{ "\$SS": \["a", "t0"\] \}/);
    assert.match(text, /"scores": \{ "\$NS": \[1\.50, 0, -0\.000000000000000000000000000000000001\] \}/);
    assert.equal((JSON.parse(text) as unknown[]).length, 2);

    await page.locator('#copyFormat').click();
    await page.getByRole('option', { name: 'Copy as DynamoDB JSON' }).click();
    await clearPosted(page);
    await page.locator('#copyRows').click();
    const dynamo = await lastPosted('copyText');
    assert.deepEqual(JSON.parse(dynamo?.text as string), [sampleRow(0), sampleRow(1)].map(reorderKeysFirst), 'DynamoDB JSON equals the rows exactly');
  });

  it('copies one cell: a number as its exact text', async () => {
    await rowEl(3).locator('[aria-colindex="5"]').click();
    await page.locator('#copyFormat').click();
    await page.getByRole('option', { name: 'Copy as JSON' }).click();
    await clearPosted(page);
    await page.locator('#copyCell').click();
    assert.equal((await lastPosted('copyText'))?.text, (sampleRow(3).precise as { N: string }).N);
  });

  it('opens the active row with Enter and deletes the selection with Delete, sending only the keys', async () => {
    await rowEl(4).locator('[aria-colindex="3"]').click();
    await clearPosted(page);
    await page.keyboard.press('Enter');
    assert.deepEqual((await lastPosted('openItem'))?.key, { pk: sampleRow(4).pk, sk: sampleRow(4).sk });
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Delete');
    assert.deepEqual((await lastPosted('deleteItems'))?.keys, [4, 5].map((i) => ({ pk: sampleRow(i).pk, sk: sampleRow(i).sk })));
    // The extension confirms and deletes, then says which rows went away.
    await send(page, { type: 'removed', keys: [4, 5].map((i) => ({ pk: sampleRow(i).pk, sk: sampleRow(i).sk })) });
    await waitForRowCount(page, ROWS - 2);
    assert.equal(await rowEl(4).locator('[aria-colindex="3"]').textContent(), '6');
  });

  it('shows results as JSON and DynamoDB JSON with exact numbers and sets', async () => {
    await page.keyboard.press('Escape');
    const jsonText = async (mark: string) => {
      await page.waitForFunction((m) => document.querySelector('.json-view')?.textContent?.includes(m), mark);
      return (await page.locator('.json-view').textContent()) ?? '';
    };
    await page.locator('#view-dynamodb').click();
    const dynamo = await jsonText('"NS"');
    assert.match(dynamo, /"scores": \{ "NS": \["1\.50", "0", "-0\.000000000000000000000000000000000001"\] \}/);
    assert.match(dynamo, /1,000 of 99,998 rows shown/);
    assert.equal(await page.locator('#view-dynamodb').getAttribute('aria-selected'), 'true');
    await page.locator('#view-json').click();
    assert.match(await jsonText('"$NS"'), /"precise": 100000000000000000000,/);
    await page.locator('#view-grid').click();
    assert.equal(await page.locator('.json-view').isVisible(), false);
    assert.equal(await page.locator('[role=grid]').getAttribute('aria-hidden'), 'false');
  });

  it('shows attribute names and values as text, never as HTML', async () => {
    // JSON.parse makes "__proto__" an own attribute, as the webview message channel does.
    const hostile = '{"pk":{"S":"X"},"sk":{"N":"-1"},"<img src=x onerror=\\"window.__pwned=1\\">":{"S":"<script>window.__pwned=2</script><b>bold</b>"},"__proto__":{"S":"own attribute"}}';
    await send(page, { type: 'rows', runId: 2, reset: true, itemsJson: `[${hostile}]` });
    await waitForRowCount(page, 1);
    assert.equal(await page.locator('.grid-row img, .grid-row script, .grid-row b, .grid-header img').count(), 0);
    const names = await page.locator('.grid-hcell .name').allTextContents();
    assert.ok(names.includes('<img src=x onerror="window.__pwned=1">'), 'the name shown as text');
    assert.ok(names.includes('__proto__'), 'an attribute named __proto__ is kept');
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
  });

  it('ignores messages that break the protocol', async () => {
    await send(page, { type: 'rows', runId: 3, reset: true, itemsJson: '[{"pk":{"S":"a"},"sk":{"N":1}}]' });
    await send(page, { type: 'rows', runId: 3, reset: true, itemsJson: '[{"pk":{"SS":[]}}]' });
    await send(page, { type: 'rows', runId: 3, reset: true, itemsJson: '[{"pk":{"S":"a"}' });
    await send(page, { type: 'rows', runId: 3, reset: true, items: [{ pk: { S: 'a' } }] } as never);
    await send(page, { type: 'explode' } as never);
    await waitForRowCount(page, 1);
    assert.equal(await page.locator('.grid-row').count(), 1, 'the rows of run 2 are still shown');
  });

  it('builds a query with every part and posts it as a spec', async () => {
    await page.locator('#kind-query').click();
    await page.locator('#pk input').fill('USER#0001');
    await page.locator('#skOp').click();
    await page.getByRole('option', { name: 'BETWEEN', exact: true }).click();
    await page.locator('#skValue input').fill('10');
    await page.locator('#skValue2 input').fill('99');
    await page.locator('#addFilter').click();
    await page.locator('#filter-0-path input').fill('nested.geo.lat');
    await page.locator('#filter-0-op').click();
    await page.getByRole('option', { name: '>=', exact: true }).click();
    await page.locator('#filter-0-type').click();
    await page.getByRole('option', { name: 'N', exact: true }).click();
    await page.locator('#filter-0-value input').fill('50.5');
    await page.locator('#addFilter').click();
    await page.locator('#filter-1-path input').fill('tags');
    await page.locator('#filter-1-op').click();
    await page.getByRole('option', { name: 'contains', exact: true }).click();
    await page.locator('#filter-1-value input').fill('t3');
    await page.locator('#filterJoin').click();
    await page.getByRole('option', { name: 'OR', exact: true }).click();
    await page.locator('#projection input').fill('pk, sk, "odd,name".x, nested.city');
    await page.locator('#direction').click();
    await page.getByRole('option', { name: 'Descending' }).click();
    await page.locator('#pageSize input').fill('250');
    await page.locator('#consistentRead').click();
    await clearPosted(page);
    await page.locator('#run').click();
    const run = await lastPosted('run');
    assert.deepEqual(run, {
      type: 'run',
      mode: 'page',
      spec: {
        kind: 'query',
        table: 'Events',
        partitionKey: { name: 'pk', type: 'S', value: 'USER#0001' },
        sortKey: { name: 'sk', op: 'BETWEEN', type: 'N', value: '10', value2: '99' },
        scanIndexForward: false,
        filters: [
          { path: 'nested.geo.lat', op: '>=', values: ['50.5'], type: 'N' },
          { path: 'tags', op: 'contains', values: ['t3'], type: 'S' },
        ],
        filterJoin: 'OR',
        projection: ['pk', 'sk', '"odd,name".x', 'nested.city'],
        pageSize: 250,
        consistentRead: true,
      },
    });
    // The builder survives hide/show through the webview state.
    const saved = await page.evaluate(() => (window as unknown as { __state: { model: { kind: string; filters: unknown[] } } }).__state);
    assert.equal(saved.model.kind, 'query');
    assert.equal(saved.model.filters.length, 2);
  });

  it('reads until a limit, and shows each problem on its field', async () => {
    await page.locator('#limit input').fill('500');
    await clearPosted(page);
    await page.keyboard.press('Control+Enter');
    const run = await lastPosted('run');
    assert.equal(run?.mode, 'limit');
    assert.equal(run?.limit, 500);
    await send(page, { type: 'problems', problems: [{ field: 'sortKey.value2', message: 'The upper bound is below the lower bound.' }, { field: 'filters[1].values[0]', message: 'Filter 2: bad value.' }, { field: 'table', message: 'No table is chosen.' }] });
    assert.equal(await page.locator('[data-field="sortKey"] .field-problem').textContent(), 'The upper bound is below the lower bound.');
    assert.equal(await page.locator('[data-field="filters[1]"] .field-problem').textContent(), 'Filter 2: bad value.');
    assert.equal(await page.locator('.problems').textContent(), 'No table is chosen.');
    await page.locator('#limit input').fill('many');
    await clearPosted(page);
    await page.locator('#run').click();
    assert.equal(await lastPosted('run'), undefined, 'nothing is sent while the limit is not a number');
    assert.match((await page.locator('[data-field="limit"] .field-problem').textContent()) ?? '', /whole number/);
    await page.locator('#limit input').fill('');
  });

  it('shows live progress of a fetch and lets it be cancelled; then offers the next page', async () => {
    await send(page, { type: 'runState', runId: 5, state: 'running', operation: 'Scan table "Events"', mode: 'all', stats: { count: 12345, scannedCount: 50000, consumedCapacity: 812.5, pages: 13 }, hasMore: true, segmentsDone: 3, segments: 8 });
    assert.match((await page.locator('.run-status').textContent()) ?? '', /Reading… 12,345 items returned · 50,000 scanned · 812.5 RCU consumed · 13 pages · 3 of 8 segments done/);
    assert.equal(await page.locator('#cancel').evaluate((b) => (b as HTMLElement & { disabled: boolean }).disabled), false);
    await clearPosted(page);
    await page.locator('#cancel').click();
    assert.ok(await lastPosted('cancel'));
    await send(page, { type: 'runState', runId: 5, state: 'cancelled', operation: 'Scan table "Events"', mode: 'all', stats: { count: 12345, scannedCount: 50000, consumedCapacity: 812.5, pages: 13 }, hasMore: true });
    await clearPosted(page);
    await page.locator('#more').click();
    assert.deepEqual(await lastPosted('continue'), { type: 'continue', mode: 'page' });
  });

  it('lists history and saved queries and runs one again', async () => {
    const spec = { kind: 'scan' as const, table: 'Events', filters: [], filterJoin: 'AND' as const, segments: 4 };
    await send(page, { type: 'history', history: [{ spec, ranAt: '2024-05-01T10:00:00.000Z', summary: '42 items' }], saved: [{ name: 'All events, 4 segments', spec, savedAt: '2024-05-01T10:00:00.000Z' }] });
    await page.getByRole('button', { name: 'Run All events, 4 segments again' }).click();
    const run = await lastPosted('run');
    assert.deepEqual(run?.spec, spec);
    assert.equal(await page.locator('#kind-scan').getAttribute('aria-checked'), 'true');
  });
});

/** DynamoDB JSON as the viewer writes it: the table's key attributes first, the rest in order. */
function reorderKeysFirst(row: WireItem): WireItem {
  const { pk, sk, ...rest } = row;
  return { pk, sk, ...rest };
}
