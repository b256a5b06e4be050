// Each bulk operation of the product against the raw SDK doing the same work in the same run, on DynamoDB Local:
//   export-vs-sdk  exportTable (DynamoDB JSON lines) ÷ a raw parallel scan writing {"Item": …} lines, same segments,
//                  asking for the consumed capacity as the export does
//   copy-vs-sdk    copyItems ÷ a raw parallel scan feeding BatchWriteItem (25 per request, 8 in flight)
//   purge-vs-sdk   purgeTable ÷ a raw keys-only parallel scan feeding BatchWriteItem deletes (same segments, as many
//                  batches in flight as segments, as the purge keeps)
//   import-vs-sdk  importFile of a DynamoDB JSON Lines file ÷ reading the same file line by line into BatchWriteItem
// Each prints the ratio of median throughputs (ours ÷ raw; ≥ 0.9 is the target) with both medians, minima and
// maxima: one warm-up of each side, then the sides alternated (stats.ts). Items of about 250 B (scan.ts).
//
// Run: npx tsc -p test/tsconfig.json && node out/bench/vsSdk.js
//   BENCH_WRITE_ITEMS (20,000: writes on DynamoDB Local are slow), BENCH_SEGMENTS (8), BENCH_ROUNDS (≥ 3),
//   BENCH_VS_SDK=export,copy,purge,import to choose; DYNAMODB_STUDIO_TEST_ENDPOINT to use a running DynamoDB Local.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { BatchWriteItemCommand, DeleteTableCommand, ScanCommand, type AttributeValue, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { purgeTable } from '../src/services/dynamo/purge';
import { copyItems, wholeTableSpec } from '../src/services/transfer/copy';
import { exportTable } from '../src/services/transfer/export';
import { importFile } from '../src/services/transfer/import';
import { BENCH_SEGMENTS, createBenchTable, fillTable, setUpBenchTable } from './scan';
import { alternate, reportComparison } from './stats';

type Item = Record<string, AttributeValue>;

const ITEMS = Number(process.env.BENCH_WRITE_ITEMS ?? 20_000);
/** Requests in flight of the raw writers: the product's batch writer default. */
const WRITE_CONCURRENCY = 8;
/** Purge scans with its default segments. */
const PURGE_SEGMENTS = 4;
const chosen = (name: string) => !process.env.BENCH_VS_SDK || process.env.BENCH_VS_SDK.split(',').includes(name);

/** Times `work` (which returns the items it handled) and checks the count; returns items/s. */
async function itemsPerSecond(what: string, work: () => Promise<number>): Promise<number> {
  const start = process.hrtime.bigint();
  const count = await work();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (count !== ITEMS) throw new Error(`${what} handled ${count} items, expected ${ITEMS}`);
  return count / seconds;
}

/** BatchWriteItem with the raw SDK: 25 requests each, at most WRITE_CONCURRENCY in flight, unprocessed ones resent. */
class RawWriter {
  private readonly inFlight = new Set<Promise<void>>();
  private batch: WriteRequest[] = [];
  written = 0;
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
    private readonly concurrency = WRITE_CONCURRENCY,
  ) {}

  async add(request: WriteRequest): Promise<void> {
    this.batch.push(request);
    if (this.batch.length === 25) await this.flush();
  }

  private async flush(): Promise<void> {
    if (!this.batch.length) return;
    // Taken before waiting for a slot: other segments keep adding meanwhile.
    let requests = this.batch;
    this.batch = [];
    while (this.inFlight.size >= this.concurrency) await Promise.race(this.inFlight);
    const send = (async () => {
      while (requests.length) {
        const out = await this.client.send(new BatchWriteItemCommand({ RequestItems: { [this.table]: requests } }));
        const left = out.UnprocessedItems?.[this.table] ?? [];
        this.written += requests.length - left.length;
        requests = left;
      }
    })();
    const tracked = send.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  async close(): Promise<number> {
    await this.flush();
    await Promise.all(this.inFlight);
    return this.written;
  }
}

/**
 * A raw parallel scan calling `onPage` for each page in turn per segment. `withCapacity` asks for the consumed
 * capacity as the product's reads do (ReturnConsumedCapacity INDEXES, summed): the export reports it, and on
 * DynamoDB Local asking for it costs the server about a tenth more CPU per page, so a baseline without it would
 * measure less work, not a faster way of doing the same.
 */
async function rawScan(client: DynamoDBClient, table: string, segments: number, onPage: (items: Item[]) => Promise<void>, keysOnly = false, withCapacity = false): Promise<number> {
  let capacity = 0;
  await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      let ExclusiveStartKey: Item | undefined;
      do {
        const page = await client.send(
          new ScanCommand({
            TableName: table,
            Segment: segment,
            TotalSegments: segments,
            ExclusiveStartKey,
            ...(keysOnly ? { ProjectionExpression: '#p, #s', ExpressionAttributeNames: { '#p': 'pk', '#s': 'sk' }, ConsistentRead: true } : {}),
            ...(withCapacity ? { ReturnConsumedCapacity: 'INDEXES' as const } : {}),
          }),
        );
        capacity += page.ConsumedCapacity?.CapacityUnits ?? 0;
        await onPage((page.Items ?? []) as Item[]);
        ExclusiveStartKey = page.LastEvaluatedKey as Item | undefined;
      } while (ExclusiveStartKey);
    }),
  );
  return capacity;
}

export async function run(endpoint?: string): Promise<void> {
  if (endpoint) process.env.DYNAMODB_STUDIO_TEST_ENDPOINT = endpoint;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-vs-sdk-'));
  const bench = await setUpBenchTable('VsSdk', ITEMS);
  const { client, table } = bench;
  const extraTables: string[] = [];
  const newTable = async (label: string) => {
    const name = `Bench${label}${Date.now().toString(36)}`;
    await createBenchTable(client, name);
    extraTables.push(name);
    return name;
  };
  try {
    console.log(`# ${ITEMS.toLocaleString('en-US')} items of about 250 B; scans with ${BENCH_SEGMENTS} segments (purge: ${PURGE_SEGMENTS}); raw writers keep ${WRITE_CONCURRENCY} batches in flight (purge: ${PURGE_SEGMENTS})`);
    if (chosen('export')) {
      const file = path.join(dir, 'export.ddb.jsonl');
      const result = await alternate(
        () => itemsPerSecond('exportTable', async () => (await exportTable(client, table, file, { format: 'dynamodb-json', segments: BENCH_SEGMENTS })).items),
        () =>
          itemsPerSecond('raw export', async () => {
            const out = fs.createWriteStream(file);
            let n = 0;
            await rawScan(
              client,
              table,
              BENCH_SEGMENTS,
              async (items) => {
                n += items.length;
                if (!out.write(items.map((Item) => `${JSON.stringify({ Item })}\n`).join(''))) await new Promise<void>((r) => out.once('drain', () => r()));
              },
              false,
              true,
            );
            await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
            return n;
          }),
      );
      reportComparison('export-vs-sdk', result.ours.median / result.baseline.median, result, 'items/s', 'raw SDK');
    }
    if (chosen('copy')) {
      const target = await newTable('CopyTarget');
      const result = await alternate(
        () => itemsPerSecond('copyItems', async () => (await copyItems(client, wholeTableSpec(table, BENCH_SEGMENTS), client, target)).written),
        () =>
          itemsPerSecond('raw copy', async () => {
            const writer = new RawWriter(client, target);
            await rawScan(client, table, BENCH_SEGMENTS, async (items) => {
              for (const Item of items) await writer.add({ PutRequest: { Item } });
            });
            return writer.close();
          }),
      );
      reportComparison('copy-vs-sdk', result.ours.median / result.baseline.median, result, 'items/s', 'raw SDK');
    }
    if (chosen('import')) {
      const file = path.join(dir, 'import.ddb.jsonl');
      await exportTable(client, table, file, { format: 'dynamodb-json', segments: BENCH_SEGMENTS });
      const target = await newTable('ImportTarget');
      const result = await alternate(
        () => itemsPerSecond('importFile', async () => (await importFile(client, target, file, { format: 'dynamodb-json', failedItemsFile: path.join(dir, 'failed.ddb.jsonl') })).written),
        () =>
          itemsPerSecond('raw import', async () => {
            const writer = new RawWriter(client, target);
            const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
            for await (const line of lines) if (line.trim()) await writer.add({ PutRequest: { Item: (JSON.parse(line) as { Item: Item }).Item } });
            return writer.close();
          }),
      );
      reportComparison('import-vs-sdk', result.ours.median / result.baseline.median, result, 'items/s', 'raw SDK');
    }
    if (chosen('purge')) {
      const target = await newTable('PurgeTarget');
      // Each run empties the table: it is filled again before each, untimed.
      const refilled = async (measure: () => Promise<number>) => {
        await fillTable(client, target, ITEMS);
        return measure();
      };
      const result = await alternate(
        () => refilled(() => itemsPerSecond('purgeTable', async () => (await purgeTable(client, target, { segments: PURGE_SEGMENTS })).deleted)),
        () =>
          refilled(() =>
            itemsPerSecond('raw purge', async () => {
              // The purge keeps as many delete batches in flight as it has segments: so does its baseline.
              const writer = new RawWriter(client, target, PURGE_SEGMENTS);
              await rawScan(client, target, PURGE_SEGMENTS, async (keys) => {
                for (const Key of keys) await writer.add({ DeleteRequest: { Key } });
              }, true);
              return writer.close();
            }),
          ),
      );
      reportComparison('purge-vs-sdk', result.ours.median / result.baseline.median, result, 'items/s', 'raw SDK');
    }
  } finally {
    for (const name of extraTables) await client.send(new DeleteTableCommand({ TableName: name })).catch(() => undefined);
    await bench.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  run().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
