// Fetch all into the viewer's data layer against a raw SDK parallel scan with the same segments and page size,
// on one DynamoDB Local table of 100,000 items of about 250 bytes. Prints:
//   bench scan-ratio <fetchAll items/s ÷ raw SDK items/s>     (target ≥ 0.9)
//   bench heap-mb-per-100k <MB of heap the fetched items take>
//
// Run: npx tsc -p test/tsconfig.json && node out/bench/scan.js
//   BENCH_ITEMS=20000 for a shorter run; BENCH_SEGMENTS (8), BENCH_ROUNDS (runs of each side after the warm-up, ≥ 3);
//   DYNAMODB_STUDIO_TEST_ENDPOINT=http://127.0.0.1:8000 to use a running DynamoDB Local instead of starting one.
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { BatchWriteItemCommand, CreateTableCommand, DeleteTableCommand, DynamoDBClient, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { newQuerySpec, type QuerySpec } from '../src/model/query/querySpec';
import { fetchAll } from '../src/services/query/runner';
import { alternate, reportComparison } from './stats';
import { generatedItem } from '../test/servers/scanServer';

type Item = Record<string, AttributeValue>;

export const BENCH_ITEMS = Number(process.env.BENCH_ITEMS ?? 100_000);
export const BENCH_SEGMENTS = Number(process.env.BENCH_SEGMENTS ?? 8);
export { median } from './stats';

export function report(name: string, value: number, unit: string): void {
  console.log(`bench ${name} ${Number.isFinite(value) ? value.toFixed(3) : String(value)} ${unit}`);
}

export interface BenchTable {
  endpoint: string;
  client: DynamoDBClient;
  table: string;
  dispose(): Promise<void>;
}

/** About 250 bytes per item as DynamoDB counts them: the items of the generated table of test/servers/scanServer.ts. */
const benchItem = (i: number): Item => generatedItem(i);

/** Writes items from..from+count-1 of the bench shape with 8 batches in flight (setup, never timed). */
export async function fillTable(client: DynamoDBClient, table: string, count: number, from = 0): Promise<void> {
  let next = from;
  const end = from + count;
  const writer = async () => {
    while (next < end) {
      const start = next;
      next = Math.min(end, next + 25);
      let requests = Array.from({ length: next - start }, (_, k) => ({ PutRequest: { Item: benchItem(start + k) } }));
      while (requests.length > 0) {
        const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
        requests = (out.UnprocessedItems?.[table] ?? []) as typeof requests;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, writer));
}

/** Creates an empty table of the bench's key schema. */
export async function createBenchTable(client: DynamoDBClient, table: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'N' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    }),
  );
}

/** Starts DynamoDB Local (unless one is given) and fills a table. */
export async function setUpBenchTable(label: string, count = BENCH_ITEMS): Promise<BenchTable> {
  let endpoint = process.env.DYNAMODB_STUDIO_TEST_ENDPOINT;
  let stop: (() => Promise<void>) | undefined;
  if (!endpoint) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { startDynamoDbLocal } = require(path.join(__dirname, '..', '..', 'scripts', 'ddb-local.js')) as {
      startDynamoDbLocal(o: { port: number; memoryMb: number; quiet: boolean }): Promise<{ endpoint: string; stop(): Promise<void> }>;
    };
    const local = await startDynamoDbLocal({ port: 0, memoryMb: 1536, quiet: true });
    endpoint = local.endpoint;
    stop = () => local.stop();
  }
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const table = `Bench${label}${Date.now().toString(36)}`;
  await createBenchTable(client, table);
  await fillTable(client, table, count);
  return {
    endpoint,
    client,
    table,
    async dispose() {
      await client.send(new DeleteTableCommand({ TableName: table })).catch(() => undefined);
      client.destroy();
      await stop?.();
    },
  };
}

/** A raw parallel scan with the SDK: the baseline. Keeps the items, as a viewer must. */
export async function rawParallelScan(client: DynamoDBClient, table: string, segments: number, pageSize?: number): Promise<Item[]> {
  const items: Item[] = [];
  await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      let ExclusiveStartKey: Item | undefined;
      do {
        const page = await client.send(new ScanCommand({ TableName: table, Segment: segment, TotalSegments: segments, ExclusiveStartKey, Limit: pageSize }));
        for (const item of page.Items ?? []) items.push(item as Item);
        ExclusiveStartKey = page.LastEvaluatedKey as Item | undefined;
      } while (ExclusiveStartKey);
    }),
  );
  return items;
}

/** The engine's garbage collector, callable from here (like `node --expose-gc`). */
export function gc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

/** Module-level so that nothing can collect the fetched items before the second measure. */
let heldForMeasure: { items: unknown[] } | undefined;

/** Both sides compared as every bench does (stats.ts). Its own function: a suspended async frame keeps stale values alive, which would spoil the heap measure. */
async function compareThroughput(bench: BenchTable, spec: QuerySpec) {
  const timed = async (side: string, read: () => Promise<number>) => {
    const start = process.hrtime.bigint();
    const count = await read();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (count !== BENCH_ITEMS) throw new Error(`${side} read ${count} items, expected ${BENCH_ITEMS}`);
    return count / seconds;
  };
  return alternate(
    () => timed('fetch all', async () => (await fetchAll(bench.client, spec)).items.length),
    () => timed('the raw SDK scan', async () => (await rawParallelScan(bench.client, bench.table, BENCH_SEGMENTS)).length),
  );
}

/** Heap the items of one Fetch all take, scaled to 100,000 items. */
async function heapPer100k(bench: BenchTable, spec: QuerySpec): Promise<number> {
  const collect = gc();
  const settle = () => {
    for (let i = 0; i < 3; i++) collect();
    return process.memoryUsage().heapUsed;
  };
  const before = settle();
  heldForMeasure = await fetchAll(bench.client, spec);
  const after = settle();
  const perHundredK = ((after - before) / 1024 / 1024) * (100_000 / heldForMeasure.items.length);
  heldForMeasure = undefined;
  return perHundredK;
}

/** Entry for scripts/bench.js: uses the given DynamoDB Local, or starts one. */
export async function run(endpoint?: string): Promise<void> {
  if (endpoint) process.env.DYNAMODB_STUDIO_TEST_ENDPOINT = endpoint;
  const bench = await setUpBenchTable('Scan');
  try {
    const spec = { ...newQuerySpec(bench.table), segments: BENCH_SEGMENTS };
    const result = await compareThroughput(bench, spec);
    reportComparison('scan-ratio', result.ours.median / result.baseline.median, result, 'items/s', 'raw SDK parallel scan');
    report('heap-mb-per-100k', await heapPer100k(bench, spec), 'MB');
  } finally {
    await bench.dispose();
  }
}

if (require.main === module) {
  run().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
