// Paint cost of the table viewer's grid with 100,000 rows (70 columns) in headless Chromium, fed as the panel
// feeds it: 50 rows messages of 2,000 items each, all arriving at once (the worst burst).
//   grid-first-paint-ms  from the moment the messages have been posted to the page (before the first one is
//                        delivered, so the viewer's deserializing, parsing and checking of the first message is
//                        included) to the start of the first frame after the frame that painted rows: a
//                        requestAnimationFrame check that first sees a row in the DOM runs in the frame after the
//                        one that painted it, since the grid only draws rows in its own animation frame callback.
//   grid-all-rows-ms     the same start, to the first frame after the grid counts all 100,000 rows.
//   grid-worst-frame-ms  with every row in, the longest frame interval while the grid jumps in 200 steps from
//                        the first to the last row, then in 40 steps across the columns (every visible cell
//                        changes on each step).
//   grid-sort-100k-exact-ms  one click on a number column's header, sorting 100,000 rows exactly.
// Prints `bench <name> N ms` lines (medians of 3 runs). Measured, never asserted.
// Run: npx tsc -p test/tsconfig.json && node esbuild.js --production && node out/bench/gridPaint.js
/// <reference lib="dom" />
import * as fs from 'node:fs';
import { SAMPLE_TABLE, launchBrowser, openViewer, preparePageDir, sampleRow, send } from '../test/webview/harness';

const ROWS = 100_000;
const RUNS = 3;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Entry for scripts/bench.js (needs no DynamoDB: the grid is fed 100,000 generated rows). */
export async function run(): Promise<void> {
  const browser = await launchBrowser();
  const dir = preparePageDir();
  const firstPaints: number[] = [];
  const allRows: number[] = [];
  const worstFrames: number[] = [];
  const sortTimes: number[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      const page = await openViewer(browser, dir);
      await send(page, { type: 'init', table: SAMPLE_TABLE, history: [], saved: [] });
      // The rows messages are made in the page first (the panel's JSON strings), so neither generating the rows nor
      // the sender's side of postMessage (serializing 50 strings) is timed: the viewer's work and its frames are.
      const loaded = await page.evaluate(
        ({ source, count }) =>
          new Promise<{ firstPaint: number; allRows: number }>((resolve) => {
            const rowAt = new Function(`return (${source})`)() as (i: number) => unknown;
            const messages: unknown[] = [];
            for (let start = 0; start < count; start += 2000) {
              const items = [];
              for (let i = start; i < Math.min(count, start + 2000); i++) items.push(rowAt(i));
              messages.push({ type: 'rows', runId: 1, reset: start === 0, itemsJson: JSON.stringify(items) });
            }
            for (const m of messages) window.postMessage(m, '*');
            // No message is delivered before this task ends, so this is no later than the first one's arrival.
            const started = performance.now();
            let firstPaint: number | undefined;
            const check = () => {
              // In an animation frame callback: a row seen now was painted by an earlier frame (see above).
              if (firstPaint === undefined && document.querySelector('.grid-row')) firstPaint = performance.now() - started;
              const grid = document.querySelector('[role=grid]');
              if (firstPaint !== undefined && grid?.getAttribute('aria-rowcount') === String(count + 1)) {
                // The frame after the one that drew the full count.
                requestAnimationFrame(() => resolve({ firstPaint: firstPaint as number, allRows: performance.now() - started }));
              } else requestAnimationFrame(check);
            };
            requestAnimationFrame(check);
          }),
        { source: sampleRow.toString(), count: ROWS },
      );
      firstPaints.push(loaded.firstPaint);
      allRows.push(loaded.allRows);
      const worst = await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const viewport = document.querySelector('.grid-viewport') as HTMLElement;
            let last = performance.now();
            let worstFrame = 0;
            let step = 0;
            const steps = 240;
            const tick = (now: number) => {
              worstFrame = Math.max(worstFrame, now - last);
              last = now;
              if (step >= steps) return resolve(worstFrame);
              // Large jumps down the rows, then across the columns: the cases that replace every visible cell.
              if (step < 200) viewport.scrollTop = ((viewport.scrollHeight - viewport.clientHeight) * step) / 199;
              else viewport.scrollLeft = ((viewport.scrollWidth - viewport.clientWidth) * (step - 200)) / 39;
              step++;
              requestAnimationFrame(tick);
            };
            requestAnimationFrame((now) => {
              last = now;
              requestAnimationFrame(tick);
            });
          }),
      );
      worstFrames.push(worst);
      await page.evaluate(() => new Promise((resolve) => {
        (document.querySelector('.grid-viewport') as HTMLElement).scrollLeft = 0;
        requestAnimationFrame(() => requestAnimationFrame(resolve));
      }));
      const sortMs = await page.evaluate(() => {
        const header = Array.from(document.querySelectorAll('.grid-hcell')).find((h) => h.querySelector('.name')?.textContent === 'precise') as HTMLElement;
        const t = performance.now();
        header.click();
        return performance.now() - t;
      });
      sortTimes.push(sortMs);
      await page.close();
    }
  } finally {
    await browser.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`bench grid-first-paint-ms ${median(firstPaints).toFixed(0)} ms`);
  console.log(`bench grid-all-rows-ms ${median(allRows).toFixed(0)} ms`);
  console.log(`bench grid-worst-frame-ms ${median(worstFrames).toFixed(1)} ms`);
  console.log(`bench grid-sort-100k-exact-ms ${median(sortTimes).toFixed(0)} ms`);
  console.log(`(runs: first paint ${firstPaints.map((x) => x.toFixed(0)).join(', ')}; all rows ${allRows.map((x) => x.toFixed(0)).join(', ')}; worst frame ${worstFrames.map((x) => x.toFixed(1)).join(', ')}; ${ROWS.toLocaleString('en-US')} rows, 70 columns)`);
}

if (require.main === module) {
  run().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
