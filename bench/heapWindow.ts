// Heap of the table viewer's data layer (services/query/fetchedRows.ts) holding a Fetch all of 1,000,000 items of
// about 250 bytes, against the old way of holding every fetched item in memory, measured in the same run. Prints:
//   bench heap-mb-1m <MB>                 heap growth after GC: fetched, then paged, then exported (the largest)
//   bench heap-mb-1m-baseline <MB>        the same count held as items (the viewer before the window)
//
// The items come from the generated table of test/servers/scanServer.ts, a local server in a child process that
// answers DynamoDB's Scan wire format (JSON 1.0 protocol, parallel segments, LastEvaluatedKey): the SDK and the
// query runner read it exactly as they read DynamoDB, and it serves a million items in seconds, where loading them
// into DynamoDB Local takes many minutes. What is measured is this process's heap, not the server's speed.
//
// Run: npx tsc -p test/tsconfig.json && node out/bench/heapWindow.js
//   BENCH_HEAP_ITEMS (1000000), BENCH_HEAP_WINDOW (50000, the viewer's default window), BENCH_SEGMENTS (8).
import * as childProcess from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { newQuerySpec } from '../src/model/query/querySpec';
import { fetchAll } from '../src/services/query/runner';
import { FetchedRows } from '../src/services/query/fetchedRows';
import { exportItems } from '../src/services/transfer/export';
import { GENERATED_TABLE } from '../test/servers/scanServer';
import { gc, report } from './scan';

const ITEMS = Number(process.env.BENCH_HEAP_ITEMS ?? 1_000_000);
const WINDOW = Number(process.env.BENCH_HEAP_WINDOW ?? 50_000);
const SEGMENTS = Number(process.env.BENCH_SEGMENTS ?? 8);
const MB = 1024 * 1024;

async function startServer(items: number): Promise<{ endpoint: string; stop(): void }> {
  const child = childProcess.spawn(process.execPath, [path.join(__dirname, '..', 'test', 'servers', 'scanServer.js'), String(items)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`the scan server ended with ${code} before listening`)));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
  });
  return { endpoint, stop: () => child.kill() };
}

/** Module-level so that nothing can collect what is measured before the measure. */
let held: unknown;

export async function run(): Promise<void> {
  const server = await startServer(ITEMS);
  const client = new DynamoDBClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ddbs-bench-heap-'));
  const collect = gc();
  const settle = () => {
    for (let i = 0; i < 3; i++) collect();
    return process.memoryUsage().heapUsed;
  };
  const spec = { ...newQuerySpec(GENERATED_TABLE), segments: SEGMENTS };
  console.log(`# ${ITEMS.toLocaleString('en-US')} items of about 250 B from a local Scan wire-format server (test/servers/scanServer.ts), ${SEGMENTS} segments, window ${WINDOW.toLocaleString('en-US')} rows; load average ${os.loadavg().map((l) => l.toFixed(2)).join(', ')} on ${os.cpus().length} cores`);
  try {
    // One small read first, so that the SDK's and the runner's code is loaded before the first measure.
    await fetchAll(client, spec, { limit: 10 });

    // Ours: the window and the spill file.
    const before = settle();
    const rows = new FetchedRows({ windowSize: WINDOW, keyNames: ['pk', 'sk'], tempDir: tmp });
    held = rows;
    let peak = 0;
    const started = Date.now();
    const result = await fetchAll(client, spec, {
      collect: false,
      onItems: async (items) => {
        await rows.append(items);
      },
      onProgress: () => (peak = Math.max(peak, process.memoryUsage().heapUsed)),
    });
    const fetchSeconds = (Date.now() - started) / 1000;
    if (result.count !== ITEMS || rows.count !== ITEMS) throw new Error(`the fetch read ${result.count} items and kept ${rows.count}, expected ${ITEMS}`);
    if (rows.windowLines().length > WINDOW) throw new Error(`the window holds ${rows.windowLines().length} rows, more than ${WINDOW}`);
    const afterFetch = settle();
    // Scrolling through the result: a window in the middle, the last one, and back to the first.
    const middle = Math.floor(rows.windowCount / 2);
    await rows.showWindow(middle);
    await rows.showWindow(rows.windowCount - 1);
    const first = await rows.showWindow(0);
    if (first.length !== Math.min(WINDOW, ITEMS)) throw new Error(`the first window came back with ${first.length} rows`);
    const afterPaging = settle();
    // Export of what was fetched, streamed from the file.
    const file = path.join(tmp, 'export.ddb.json');
    const exported = await exportItems(rows.items(), file, { format: 'dynamodb-json' });
    if (exported.items !== ITEMS) throw new Error(`the export wrote ${exported.items} items, expected ${ITEMS}`);
    const afterExport = settle();
    const growth = (Math.max(afterFetch, afterPaging, afterExport) - before) / MB;
    console.log(`#   fetch ${fetchSeconds.toFixed(1)} s; heap growth after GC: fetched ${((afterFetch - before) / MB).toFixed(1)} MB, paged ${((afterPaging - before) / MB).toFixed(1)} MB, exported ${((afterExport - before) / MB).toFixed(1)} MB; peak during the fetch (no GC) ${((peak - before) / MB).toFixed(1)} MB; spill file ${(fs.statSync(rows.file).size / MB).toFixed(0)} MB`);
    rows.dispose();
    held = undefined;

    // The baseline: the same fetch with every item kept in memory, as the viewer did before.
    const baseBefore = settle();
    held = await fetchAll(client, spec);
    const baseAfter = settle();
    const baseline = (baseAfter - baseBefore) / MB;
    held = undefined;

    report('heap-mb-1m', growth * (1_000_000 / ITEMS), `MB (window ${WINDOW.toLocaleString('en-US')} rows; ${ITEMS.toLocaleString('en-US')} items fetched, paged and exported; target < 100)`);
    report('heap-mb-1m-baseline', baseline * (1_000_000 / ITEMS), `MB (every item held, the viewer before the window; ratio ${(baseline / growth).toFixed(1)}x)`);
  } finally {
    client.destroy();
    server.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) {
  run().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
