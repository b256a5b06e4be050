/// <reference lib="dom" />
// How the table viewer takes in rows (Chromium, the built bundle): a burst of many rows messages shows every row,
// in order and with its content; a new run's first page drops the old run's rows even while the old run's pages
// are still being taken in; a page with an item that fails the check never joins beyond the rows that filled the
// screen before it. Expected values come from the sample rows, never from the viewer.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { WireItem } from '../../src/protocol/tableViewer';
import { SAMPLE_TABLE, launchBrowser, openViewer, posted, preparePageDir, rowHeaderText, sampleRow, send, waitForRowCount } from './harness';

type Message = { type: string } & Record<string, unknown>;

/** Posts, in one task, rows messages of `perMessage` sample rows from `from` to `to` (exclusive), then `after`. */
async function postBurst(page: Page, spec: { from: number; to: number; perMessage: number; runId: number; after?: unknown[] }): Promise<void> {
  await page.evaluate(
    ({ source, from, to, perMessage, runId, after }) => {
      const rowAt = new Function(`return (${source})`)() as (i: number) => unknown;
      for (let start = from; start < to; start += perMessage) {
        const items = [];
        for (let i = start; i < Math.min(to, start + perMessage); i++) items.push(rowAt(i));
        window.postMessage({ type: 'rows', runId, reset: start === from, itemsJson: JSON.stringify(items) }, '*');
      }
      for (const m of after ?? []) window.postMessage(m, '*');
    },
    { source: sampleRow.toString(), ...spec },
  );
}

/** A history message whose saved query's name shows once the viewer has handled every message before it. */
const marker = (name: string) => ({ type: 'history', history: [], saved: [{ name, spec: { kind: 'scan', table: 'Events', filters: [], filterJoin: 'AND' }, savedAt: '2024-01-01T00:00:00.000Z' }] });

async function waitForMarker(page: Page, name: string): Promise<void> {
  await page.waitForFunction((n) => Array.from(document.querySelectorAll('.history .link')).some((e) => e.textContent === n), name, { timeout: 60_000 });
}

describe('table viewer webview: taking in rows (Chromium)', function () {
  this.timeout(120_000);
  let browser: Browser;
  let dir: string;
  let page: Page;

  const rowEl = (view: number) => page.locator(`.grid-row[data-view="${view}"]`);
  const cellText = (view: number, colIndex: number) => rowEl(view).locator(`[aria-colindex="${colIndex}"]`).textContent();
  const rowCount = async () => Number(await page.getAttribute('[role=grid]', 'aria-rowcount')) - 1;
  const scrollToRow = async (view: number) => {
    await page.locator('.grid-viewport').evaluate((el, top) => (el.scrollTop = top), view * 24);
    await rowEl(view).waitFor();
  };

  before(async () => {
    browser = await launchBrowser();
    dir = preparePageDir();
  });

  beforeEach(async () => {
    page = await openViewer(browser, dir);
    await send(page, { type: 'init', table: SAMPLE_TABLE, history: [], saved: [] });
  });

  afterEach(async () => {
    await page?.close();
  });

  after(async () => {
    await browser?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows every row of a burst of many messages, in order, with its content', async () => {
    const rows = 9_000;
    await postBurst(page, { from: 0, to: rows, perMessage: 700, runId: 1 });
    await waitForRowCount(page, rows);
    assert.equal(Number(await page.getAttribute('[role=grid]', 'aria-colcount')) - 1, 10 + 60, 'the union of attribute names');
    // Rows at the ends of messages and across them: row number, sort key (the arrival index) and partition key.
    for (const view of [0, 1, 699, 700, 701, 4_199, 4_200, rows - 1]) {
      await scrollToRow(view);
      const expected = sampleRow(view);
      assert.equal(await rowHeaderText(page, view), String(view + 1));
      assert.equal(await cellText(view, 3), (expected.sk as { N: string }).N, `row ${view}`);
      assert.equal(await cellText(view, 2), (expected.pk as { S: string }).S, `row ${view}`);
      assert.equal(await rowEl(view).getAttribute('aria-rowindex'), String(view + 2));
    }
    // Copying two rows across a message boundary gives their whole items.
    await scrollToRow(699);
    await rowEl(699).locator('[aria-colindex="3"]').click();
    await rowEl(700).locator('[aria-colindex="3"]').click({ modifiers: ['Shift'] });
    await page.locator('#copyRows').click();
    const copied = (await posted<Message>(page)).filter((m) => m.type === 'copyText').pop();
    const items = JSON.parse(String(copied?.text)) as Record<string, unknown>[];
    assert.deepEqual(items.map((item) => [item.pk, item.name, Object.keys(item).length]), [699, 700].map((i) => {
      const row = sampleRow(i);
      return [(row.pk as { S: string }).S, (row.name as { S: string }).S, Object.keys(row).length];
    }));
  });

  it('drops the old run’s rows when a new run starts, even while the old run’s pages are still being taken in', async () => {
    const newRun: WireItem[] = [0, 1, 2].map((i) => ({ pk: { S: `NEW#${i}` }, sk: { N: String(i) } }));
    // Record every row count the grid shows from the first frame that shows the new run's rows on.
    await page.evaluate(() => {
      const w = window as unknown as { __countsAfterNewRun: string[] };
      w.__countsAfterNewRun = [];
      const grid = document.querySelector('[role=grid]') as HTMLElement;
      const watch = () => {
        const first = document.querySelector('.grid-row[data-view="0"] [aria-colindex="2"]')?.textContent ?? '';
        if (first.startsWith('NEW#') || w.__countsAfterNewRun.length) w.__countsAfterNewRun.push(grid.getAttribute('aria-rowcount') ?? '');
        requestAnimationFrame(watch);
      };
      requestAnimationFrame(watch);
    });
    await postBurst(page, {
      from: 0,
      to: 40_000,
      perMessage: 2_000,
      runId: 1,
      after: [{ type: 'rows', runId: 2, reset: true, itemsJson: JSON.stringify(newRun) }, { type: 'rows', runId: 1, reset: false, itemsJson: JSON.stringify([sampleRow(0)]) }, marker('after the new run')],
    });
    await waitForMarker(page, 'after the new run');
    await waitForRowCount(page, newRun.length);
    for (let view = 0; view < newRun.length; view++) assert.equal(await cellText(view, 2), `NEW#${view}`);
    assert.equal(await rowCount(), newRun.length);
    const counts = await page.evaluate(() => (window as unknown as { __countsAfterNewRun: string[] }).__countsAfterNewRun);
    assert.ok(counts.length > 0, 'the new run was never shown');
    assert.deepEqual([...new Set(counts)], [String(newRun.length + 1)], 'rows of the old run came back');
  });

  it('keeps a page from joining past an item that fails the check, and takes the pages after it', async () => {
    // The screen holds a few dozen rows: the first 300 of this page fill it, the bad item sits well after them.
    const good = Array.from({ length: 300 }, (_, i) => sampleRow(i));
    const bad = [...good, { pk: { S: 'bad' }, sk: { N: 'not a number' } }, ...Array.from({ length: 99 }, (_, i) => sampleRow(300 + i))];
    const next = Array.from({ length: 5 }, (_, i) => sampleRow(1_000 + i));
    await page.evaluate(
      ({ bad, next, done }) => {
        window.postMessage({ type: 'rows', runId: 1, reset: true, itemsJson: JSON.stringify(bad) }, '*');
        window.postMessage({ type: 'rows', runId: 1, reset: false, itemsJson: JSON.stringify(next) }, '*');
        window.postMessage(done, '*');
      },
      { bad, next, done: marker('after the bad page') },
    );
    await waitForMarker(page, 'after the bad page');
    const count = await rowCount();
    assert.ok(count >= next.length + 1 && count < good.length + next.length, `${count} rows: the part with the bad item joined`);
    const joined = count - next.length;
    // The rows shown first, in order, then the next page right after them.
    await scrollToRow(joined - 1);
    assert.equal(await cellText(joined - 1, 3), String(joined - 1));
    await scrollToRow(joined);
    assert.equal(await cellText(joined, 3), '1000');
    await scrollToRow(count - 1);
    assert.equal(await cellText(count - 1, 3), '1004');
  });
});
