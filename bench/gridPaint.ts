// Paint cost of the table viewer's grid with 100,000 rows in Chromium: time from the first rows message to the
// first painted rows, and the worst frame while scrolling through the whole grid and across its columns.
// Prints `bench grid-first-paint-ms N ms` and `bench grid-worst-frame-ms N ms` (medians of 3 runs). Measured,
// never asserted. Run: node esbuild.js && npx tsc -p test/tsconfig.json && node out/bench/gridPaint.js
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
  const worstFrames: number[] = [];
  const sortTimes: number[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      const page = await openViewer(browser, dir);
      await send(page, { type: 'init', table: SAMPLE_TABLE, history: [], saved: [] });
      // Rows are made in the page first, so the measurement covers validation, the grid and the paint only.
      const firstPaint = await page.evaluate(
        ({ source, count }) =>
          new Promise<number>((resolve) => {
            const rowAt = new Function(`return (${source})`)() as (i: number) => unknown;
            const messages: unknown[] = [];
            for (let start = 0; start < count; start += 2000) {
              const items = [];
              for (let i = start; i < Math.min(count, start + 2000); i++) items.push(rowAt(i));
              messages.push({ type: 'rows', runId: 1, reset: start === 0, itemsJson: JSON.stringify(items) });
            }
            const started = performance.now();
            for (const m of messages) window.postMessage(m, '*');
            const check = () => {
              const grid = document.querySelector('[role=grid]');
              if (grid?.getAttribute('aria-rowcount') === String(count + 1) && document.querySelector('.grid-row')) {
                // The frame after the last layout change is the first one that shows every row's count.
                requestAnimationFrame(() => resolve(performance.now() - started));
              } else requestAnimationFrame(check);
            };
            check();
          }),
        { source: sampleRow.toString(), count: ROWS },
      );
      firstPaints.push(firstPaint);
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
  console.log(`bench grid-worst-frame-ms ${median(worstFrames).toFixed(1)} ms`);
  console.log(`bench grid-sort-100k-exact-ms ${median(sortTimes).toFixed(0)} ms`);
  console.log(`(runs: first paint ${firstPaints.map((x) => x.toFixed(0)).join(', ')}; worst frame ${worstFrames.map((x) => x.toFixed(1)).join(', ')}; ${ROWS.toLocaleString('en-US')} rows, 70 columns)`);
}

if (require.main === module) {
  run().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
