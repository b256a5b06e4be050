// tree-regions-ratio: time for the explorer to list the tables of 8 regions of one connection ÷ time for the
// slowest single region alone, against DynamoDB Local. Regions load in parallel, so the target is ≤ 1.5.
// Real regions are separate servers far away, so the ratio is measured through a proxy adding the round trip of
// a remote region (ROUND_TRIP_MS) to each request; the raw figure, where all "regions" share one local
// DynamoDB process on the same two cores and so mostly measures that server, is printed beside it.
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoClientPool } from '../src/services/aws/clientPool';
import type { Connection } from '../src/services/aws/connections';
import { ExplorerModel } from '../src/edge/tree/model';
import { startLatencyProxy } from './latencyProxy';
import { endpointConnection, localPool, poolBackend } from './treeBackend';
import { median } from './stats';

const REGIONS = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-1', 'ap-northeast-1'];
const TABLES = 250; // three ListTables pages per region
const ROUNDS = 7;
const ROUND_TRIP_MS = 60;

/** Expands the connection and every region, as a person opening them does; returns milliseconds. */
async function timeExpand(pool: DynamoClientPool, connection: Connection, regions: string[]): Promise<number> {
  const model = new ExplorerModel(poolBackend(pool, [connection], () => regions));
  const t0 = performance.now();
  const [conn] = await model.getChildren();
  const regionNodes = await model.getChildren(conn);
  const lists = await Promise.all(regionNodes.map((r) => model.getChildren(r)));
  const elapsed = performance.now() - t0;
  for (const l of lists) if (l.filter((n) => n.kind === 'table').length < TABLES) throw new Error('a region listed too few tables');
  return elapsed;
}

async function measure(endpoint: string, name: string, note: string): Promise<void> {
  const connection = endpointConnection('Bench', endpoint, REGIONS[0]);
  const pool = localPool();
  await timeExpand(pool, connection, REGIONS); // warm-up: clients, connections, JIT
  const single: number[] = [];
  const all: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate the two sides; a single region is timed for each region and the slowest counts.
    const perRegion: number[] = [];
    for (const region of REGIONS) perRegion.push(await timeExpand(pool, connection, [region]));
    single.push(Math.max(...perRegion));
    all.push(await timeExpand(pool, connection, REGIONS));
  }
  pool.dispose();
  console.log(`bench ${name}-single-ms ${median(single).toFixed(1)} ms`);
  console.log(`bench ${name}-8-ms ${median(all).toFixed(1)} ms`);
  console.log(`bench ${name} ${(median(all) / median(single)).toFixed(2)} ratio (${note})`);
}

export async function run(endpoint: string): Promise<void> {
  const admin = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const prefix = `BenchRegions${Date.now()}x`;
  const names = Array.from({ length: TABLES }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);
  for (let i = 0; i < names.length; i += 25) {
    await Promise.all(
      names.slice(i, i + 25).map((TableName) =>
        admin.send(new CreateTableCommand({ TableName, KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' })),
      ),
    );
  }
  try {
    const proxy = await startLatencyProxy(endpoint, ROUND_TRIP_MS);
    try {
      await measure(proxy.endpoint, 'tree-regions-ratio', `with ${ROUND_TRIP_MS} ms round trip, target <= 1.5`);
    } finally {
      await proxy.close();
    }
    await measure(endpoint, 'tree-regions-ratio-local', 'no added latency: one shared local server');
  } finally {
    for (let i = 0; i < names.length; i += 25) {
      await Promise.all(names.slice(i, i + 25).map((TableName) => admin.send(new DeleteTableCommand({ TableName }))));
    }
    admin.destroy();
  }
}
