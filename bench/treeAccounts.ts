// tree-accounts-ratio: time for the explorer to list every region of 50 connections × 17 regions ÷ time for the
// slowest single connection (its 17 regions alone), both through the explorer's own limiter (at most
// DEFAULT_LISTING.maxInFlight listings at once, perConnection per connection) and through a proxy adding a remote
// region's round trip to each request. Target ≤ 2. The proxy counts the requests in flight, printed beside the
// ratio, so the bound is seen, not assumed.
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoClientPool } from '../src/services/aws/clientPool';
import type { Connection } from '../src/services/aws/connections';
import { DEFAULT_LISTING, ExplorerModel, type ExplorerListingOptions } from '../src/edge/tree/model';
import { DYNAMODB_REGIONS } from '../src/model/aws/regions';
import { startLatencyProxy } from './latencyProxy';
import { alternate, reportComparison } from './stats';
import { endpointConnection, localPool, poolBackend } from './treeBackend';

const ACCOUNTS = 50;
const REGIONS = DYNAMODB_REGIONS.filter((r) => r.partition === 'aws').slice(0, 17).map((r) => r.name);
const TABLES = 20; // one ListTables page per region
const ROUND_TRIP_MS = 60;

/** Expands the given connections and all their regions, as a person opening them does; returns milliseconds. */
async function timeExpand(pool: DynamoClientPool, connections: Connection[], prefix: string, listing: Partial<ExplorerListingOptions> = {}): Promise<number> {
  const model = new ExplorerModel(poolBackend(pool, connections, () => REGIONS), listing);
  const t0 = performance.now();
  const roots = await model.getChildren();
  const regionNodes = (await Promise.all(roots.map((r) => model.getChildren(r)))).flat();
  const lists = await Promise.all(regionNodes.map((r) => model.getChildren(r)));
  const elapsed = performance.now() - t0;
  // A tally, checked: every region of every connection listed all the bench's tables.
  const complete = lists.filter((l) => l.filter((n) => n.kind === 'table' && n.label.startsWith(prefix)).length === TABLES).length;
  if (complete !== connections.length * REGIONS.length) throw new Error(`only ${complete} of ${connections.length * REGIONS.length} regions listed all ${TABLES} tables`);
  return elapsed;
}

export async function run(endpoint: string): Promise<void> {
  const admin = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const prefix = `BenchAccounts${Date.now()}x`;
  const names = Array.from({ length: TABLES }, (_, i) => `${prefix}${String(i).padStart(3, '0')}`);
  await Promise.all(
    names.map((TableName) =>
      admin.send(new CreateTableCommand({ TableName, KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' })),
    ),
  );
  const proxy = await startLatencyProxy(endpoint, ROUND_TRIP_MS);
  const pool = localPool();
  try {
    const connections = Array.from({ length: ACCOUNTS }, (_, i) => endpointConnection(`Account${String(i).padStart(2, '0')}`, proxy.endpoint, REGIONS[0]));
    let maxInFlightAll = 0;
    const all = async () => {
      proxy.gauge.reset();
      const ms = await timeExpand(pool, connections, prefix);
      maxInFlightAll = Math.max(maxInFlightAll, proxy.gauge.max);
      return ms;
    };
    // The slowest single account: each one alone, one after the other; the largest time counts.
    const slowestSingle = async () => {
      let slowest = 0;
      for (const c of connections) slowest = Math.max(slowest, await timeExpand(pool, [c], prefix));
      return slowest;
    };
    const result = await alternate(all, slowestSingle);
    reportComparison('tree-accounts-ratio', result.ours.median / result.baseline.median, result, 'ms', 'slowest single account');
    // What the cap costs: the same listing with no cap (every region at once) against the capped one, alternated.
    const uncapped = { maxInFlight: ACCOUNTS * REGIONS.length, perConnection: REGIONS.length };
    const cost = await alternate(all, () => timeExpand(pool, connections, prefix, uncapped));
    reportComparison('tree-accounts-cap-cost', cost.ours.median / cost.baseline.median, cost, 'ms', `uncapped (${uncapped.maxInFlight} at once)`);
    console.log(
      `bench tree-accounts-in-flight ${maxInFlightAll} requests (most at once while listing ${ACCOUNTS} × ${REGIONS.length}; cap ${DEFAULT_LISTING.maxInFlight}, ${DEFAULT_LISTING.perConnection} per connection, ${ROUND_TRIP_MS} ms round trip, target <= 2 for the ratio)`,
    );
    if (maxInFlightAll > DEFAULT_LISTING.maxInFlight) throw new Error(`${maxInFlightAll} requests were in flight at once, above the cap of ${DEFAULT_LISTING.maxInFlight}`);
  } finally {
    pool.dispose();
    await proxy.close();
    await Promise.all(names.map((TableName) => admin.send(new DeleteTableCommand({ TableName }))));
    admin.destroy();
  }
}
