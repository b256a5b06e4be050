// tree-accounts-ratio: time for the explorer to list every region of 50 connections × 17 regions ÷ time for the
// slowest single connection (its 17 regions alone), both through the explorer's own limiter (DEFAULT_LISTING: at
// most maxInFlight listings at once, perServer against one server, perConnection per connection). Target ≤ 2.
//
// Each AWS region is its own server, so each region here has its own loopback proxy (its own host:port), adding a
// remote region's round trip to each request before forwarding it to DynamoDB Local; the explorer counts each
// proxy as one server, as it counts each AWS region. The proxies count the requests in flight (all of them, and
// the most at any one proxy) and time DynamoDB Local's answers, printed beside the ratio, so the bounds are seen,
// not assumed, and the server's share of the time is known. `tree-accounts-one-server-ratio` is the same listing
// with every region through one proxy (one custom endpoint serving every account and region, as DynamoDB Local is).
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoClientPool } from '../src/services/aws/clientPool';
import type { Connection } from '../src/services/aws/connections';
import { DEFAULT_LISTING, ExplorerModel, type ExplorerListingOptions } from '../src/edge/tree/model';
import { DYNAMODB_REGIONS } from '../src/model/aws/regions';
import { InFlightGauge, startLatencyProxy, type LatencyProxy } from './latencyProxy';
import { alternate, median, reportComparison } from './stats';
import { endpointConnection, localPool, poolBackend } from './treeBackend';

const ACCOUNTS = 50;
const REGIONS = DYNAMODB_REGIONS.filter((r) => r.partition === 'aws').slice(0, 17).map((r) => r.name);
const TABLES = 20; // one ListTables page per region
const ROUND_TRIP_MS = 60;

interface Topology {
  /** The endpoint of each region (one proxy per region, or one for all). */
  endpointOf: (region: string) => string;
  proxies: LatencyProxy[];
  /** Every request of every proxy. */
  total: InFlightGauge;
}

/** Expands the given connections and all their regions, as a person opening them does; returns milliseconds. */
async function timeExpand(pool: DynamoClientPool, topology: Topology, connections: Connection[], prefix: string, listing: Partial<ExplorerListingOptions> = {}): Promise<number> {
  const model = new ExplorerModel(poolBackend(pool, connections, () => REGIONS, topology.endpointOf), listing);
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

async function startTopology(endpoint: string, perRegion: boolean): Promise<Topology> {
  const total = new InFlightGauge();
  const proxies = await Promise.all((perRegion ? REGIONS : ['all']).map(() => startLatencyProxy(endpoint, ROUND_TRIP_MS, new InFlightGauge(total))));
  const byRegion = new Map(REGIONS.map((r, i) => [r, proxies[perRegion ? i : 0].endpoint]));
  return { endpointOf: (region) => byRegion.get(region)!, proxies, total };
}

/** Runs the all-accounts and slowest-single sides alternated on one topology; returns what the proxies saw. */
async function compare(name: string, pool: DynamoClientPool, topology: Topology, connections: Connection[], prefix: string) {
  const seen = { maxTotal: 0, maxServer: 0, requests: 0, upstream: [] as number[] };
  const all = async () => {
    topology.total.reset();
    for (const p of topology.proxies) {
      p.gauge.reset();
      p.upstreamMs.length = 0;
    }
    const ms = await timeExpand(pool, topology, connections, prefix);
    seen.maxTotal = Math.max(seen.maxTotal, topology.total.max);
    seen.maxServer = Math.max(seen.maxServer, ...topology.proxies.map((p) => p.gauge.max));
    seen.requests = topology.total.total;
    seen.upstream = topology.proxies.flatMap((p) => p.upstreamMs);
    return ms;
  };
  // The slowest single account: each one alone, one after the other; the largest time counts.
  const slowestSingle = async () => {
    let slowest = 0;
    for (const c of connections) slowest = Math.max(slowest, await timeExpand(pool, topology, [c], prefix));
    return slowest;
  };
  const result = await alternate(all, slowestSingle);
  reportComparison(name, result.ours.median / result.baseline.median, result, 'ms', 'slowest single account');
  const sorted = [...seen.upstream].sort((a, b) => a - b);
  console.log(
    `bench ${name}-in-flight ${seen.maxTotal} requests (most at once over ${topology.proxies.length} server(s), ${seen.maxServer} at one; cap ${DEFAULT_LISTING.maxInFlight}, ${DEFAULT_LISTING.perServer} per server, ${DEFAULT_LISTING.perConnection} per connection; ${ROUND_TRIP_MS} ms round trip)`,
  );
  console.log(
    `bench ${name}-server-ms ${median(sorted).toFixed(1)} ms (DynamoDB Local's answer time per request in the last all-accounts run, forwarded → answered, median of ${sorted.length}; p90 ${sorted[Math.floor(sorted.length * 0.9)]?.toFixed(1)}, sum ${Math.round(sorted.reduce((a, b) => a + b, 0)).toLocaleString('en-US')} ms)`,
  );
  if (seen.requests !== connections.length * REGIONS.length) throw new Error(`${seen.requests} requests reached the servers, not one per region (${connections.length * REGIONS.length})`);
  if (seen.maxTotal > DEFAULT_LISTING.maxInFlight) throw new Error(`${seen.maxTotal} requests were in flight at once, above the cap of ${DEFAULT_LISTING.maxInFlight}`);
  if (seen.maxServer > DEFAULT_LISTING.perServer) throw new Error(`${seen.maxServer} requests were in flight at one server, above the cap of ${DEFAULT_LISTING.perServer}`);
  return result;
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
  const connections = (at: string) => Array.from({ length: ACCOUNTS }, (_, i) => endpointConnection(`Account${String(i).padStart(2, '0')}`, at, REGIONS[0]));
  const only = (process.env.BENCH_TREE_ACCOUNTS ?? 'regions,one-server').split(',');
  try {
    if (only.includes('regions')) {
      const topology = await startTopology(endpoint, true);
      const pool = localPool();
      try {
        await compare('tree-accounts-ratio', pool, topology, connections(topology.proxies[0].endpoint), prefix);
      } finally {
        pool.dispose();
        await Promise.all(topology.proxies.map((p) => p.close()));
      }
    }
    if (only.includes('one-server')) {
      const topology = await startTopology(endpoint, false);
      const pool = localPool();
      try {
        await compare('tree-accounts-one-server-ratio', pool, topology, connections(topology.proxies[0].endpoint), prefix);
      } finally {
        pool.dispose();
        await Promise.all(topology.proxies.map((p) => p.close()));
      }
    }
  } finally {
    await Promise.all(names.map((TableName) => admin.send(new DeleteTableCommand({ TableName }))));
    admin.destroy();
  }
}
