// tree-accounts-ratio: time for the explorer to list every region of 50 connections × 17 regions ÷ time for the
// slowest single connection (its 17 regions alone), both through the explorer's own limiter (DEFAULT_LISTING: at
// most maxInFlight listings at once, perServer against one server, perConnection per connection). Target ≤ 2.
//
// Each AWS region is its own server, so each region here has its own loopback proxy (its own host:port), adding a
// remote region's round trip to each request before forwarding it to DynamoDB Local; the explorer counts each
// proxy as one server, as it counts each AWS region. The proxies run in a process of their own (proxyProcess.ts),
// count the requests in flight (all of them, and the most at any one proxy) and time DynamoDB Local's answers; the
// bench prints those beside the ratio, with the CPU time of each process in the last all-accounts run (DynamoDB
// Local's when scripts/bench.js gives its pid in BENCH_DDB_PID), so the bounds are seen and the time is placed.
// `tree-accounts-one-server-ratio` is the same listing with every region through one proxy (one custom endpoint
// serving every account and region, as one DynamoDB Local does), and `tree-accounts-vs-global-cap` the per-region
// listing under today's caps ÷ under the single global cap of 64 the explorer had before.
//
// `tree-accounts-vs-sdk` is the raw SDK doing the same work in the same run: a plain DynamoDBClient per account and
// region (created once, as the pool's are, sharing one keep-alive agent as the pool's clients do) sending the same
// ListTables under the same caps (the same FairLimiter settings), with no tree, no pool and no middleware of ours;
// the line gives its throughput ÷ ours (≥ 1 means ours is as fast). `tree-accounts-sdk-ratio` is the raw SDK's own
// all ÷ slowest single account: what the SDK itself reaches on this machine against the explorer's target.
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { DynamoClientPool } from '../src/services/aws/clientPool';
import type { Connection } from '../src/services/aws/connections';
import { DEFAULT_LISTING, ExplorerModel, listingLimiter, type ExplorerListingOptions } from '../src/edge/tree/model';
import { DYNAMODB_REGIONS } from '../src/model/aws/regions';
import { startProxyProcess, type ProxyCounts, type ProxyProcess } from './proxyProcess';
import { alternate, median, reportComparison } from './stats';
import { endpointConnection, localPool, poolBackend } from './treeBackend';

const ACCOUNTS = 50;
const REGIONS = DYNAMODB_REGIONS.filter((r) => r.partition === 'aws').slice(0, 17).map((r) => r.name);
const TABLES = 20; // one ListTables page per region
// A nearby region's round trip; BENCH_ROUND_TRIP_MS sets another (e.g. 250 for a region across the world), which
// shows how the ratio moves when latency rather than CPU dominates.
const ROUND_TRIP_MS = Number(process.env.BENCH_ROUND_TRIP_MS ?? 60);

/** Expands the given connections and all their regions, as a person opening them does; returns milliseconds. */
async function timeExpand(pool: DynamoClientPool, endpointOf: (region: string) => string, connections: Connection[], prefix: string, listing: Partial<ExplorerListingOptions> = {}): Promise<number> {
  const model = new ExplorerModel(poolBackend(pool, connections, () => REGIONS, endpointOf), listing);
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

/**
 * The raw SDK's side of the same listing: one plain client per connection and region (kept between runs in
 * `clients`), every region's ListTables under the explorer's caps; returns milliseconds, with the same tally.
 */
async function timeRawSdk(clients: Map<string, DynamoDBClient>, agent: http.Agent, endpointOf: (region: string) => string, connections: Connection[], prefix: string): Promise<number> {
  const slots = listingLimiter(DEFAULT_LISTING);
  const t0 = performance.now();
  const lists = await Promise.all(
    connections.flatMap((c, i) =>
      REGIONS.map((region) => {
        const key = `${c.id}/${region}`;
        let client = clients.get(key);
        if (!client) {
          const credentials = { accessKeyId: `local${i}`, secretAccessKey: 'local' };
          client = new DynamoDBClient({ region, endpoint: endpointOf(region), credentials, maxAttempts: 3, requestHandler: { httpAgent: agent } });
          clients.set(key, client);
        }
        const sending = client;
        return slots.run(c.id, async () => (await sending.send(new ListTablesCommand({}))).TableNames ?? [], endpointOf(region));
      }),
    ),
  );
  const elapsed = performance.now() - t0;
  const complete = lists.filter((l) => l.filter((n) => n.startsWith(prefix)).length === TABLES).length;
  if (complete !== connections.length * REGIONS.length) throw new Error(`raw SDK: only ${complete} of ${connections.length * REGIONS.length} regions listed all ${TABLES} tables`);
  return elapsed;
}

/** The slowest single account: each one timed alone, one after the other. */
async function slowestAlone(connections: Connection[], time: (alone: Connection[]) => Promise<number>): Promise<number> {
  let slowest = 0;
  for (const c of connections) slowest = Math.max(slowest, await time([c]));
  return slowest;
}

/** CPU milliseconds (user + system) a process has used, from /proc (Linux); undefined elsewhere. */
function processCpuMs(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks of 1/100 s
  } catch {
    return undefined;
  }
}

/**
 * Milliseconds the process's main thread (the event loop) spent ready to run but waiting for a CPU taken by other
 * processes, from /proc/self/schedstat (Linux; its second field, in ns); undefined elsewhere.
 */
function runQueueWaitMs(): number | undefined {
  try {
    return Number(fs.readFileSync('/proc/self/schedstat', 'utf8').split(' ')[1]) / 1e6;
  } catch {
    return undefined;
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** Runs the all-accounts and slowest-single sides alternated through `proxies`; prints the ratio and what the proxies saw. */
async function compare(name: string, proxies: ProxyProcess, prefix: string, againstGlobalCap = false, againstSdk = false): Promise<void> {
  const endpointOf = (region: string) => proxies.endpoints[REGIONS.indexOf(region) % proxies.endpoints.length];
  const connections = Array.from({ length: ACCOUNTS }, (_, i) => endpointConnection(`Account${String(i).padStart(2, '0')}`, proxies.endpoints[0], REGIONS[0]));
  const ddbPid = Number(process.env.BENCH_DDB_PID) || undefined;
  const pool = localPool();
  let last: { counts: ProxyCounts; ms: number; oursCpuMs: number; ddbCpuMs?: number; waitMs?: number } | undefined;
  let maxTotal = 0;
  let maxAtOne = 0;
  try {
    const all = async () => {
      await proxies.take();
      const cpu = process.cpuUsage();
      const ddb0 = processCpuMs(ddbPid);
      const wait0 = runQueueWaitMs();
      const ms = await timeExpand(pool, endpointOf, connections, prefix);
      const used = process.cpuUsage(cpu);
      const ddb1 = processCpuMs(ddbPid);
      const wait1 = runQueueWaitMs();
      const counts = await proxies.take();
      if (counts.requests !== ACCOUNTS * REGIONS.length) throw new Error(`${counts.requests} requests reached the servers, not one per region (${ACCOUNTS * REGIONS.length})`);
      maxTotal = Math.max(maxTotal, counts.maxTotal);
      maxAtOne = Math.max(maxAtOne, counts.maxAtOne);
      last = { counts, ms, oursCpuMs: (used.user + used.system) / 1000, ddbCpuMs: ddb0 !== undefined && ddb1 !== undefined ? ddb1 - ddb0 : undefined, waitMs: wait0 !== undefined && wait1 !== undefined ? wait1 - wait0 : undefined };
      return ms;
    };
    const slowestSingle = () => slowestAlone(connections, (alone) => timeExpand(pool, endpointOf, alone, prefix));
    const result = await alternate(all, slowestSingle);
    reportComparison(name, result.ours.median / result.baseline.median, result, 'ms', 'slowest single account');
    if (againstSdk) {
      const rawClients = new Map<string, DynamoDBClient>();
      const agent = new http.Agent({ keepAlive: true, maxSockets: 50 });
      try {
        const rawAll = () => timeRawSdk(rawClients, agent, endpointOf, connections, prefix);
        // Throughput ratio, as the other vs-sdk lines: the raw SDK's time ÷ ours (≥ 1: ours as fast).
        const vsSdk = await alternate(all, rawAll);
        reportComparison(`${name.replace(/-ratio$/, '')}-vs-sdk`, vsSdk.baseline.median / vsSdk.ours.median, vsSdk, 'ms', 'raw SDK, same caps');
        const rawSingle = () => slowestAlone(connections, (alone) => timeRawSdk(rawClients, agent, endpointOf, alone, prefix));
        const sdkRatio = await alternate(rawAll, rawSingle);
        console.log(
          `bench ${name.replace(/-ratio$/, '')}-sdk-ratio ${(sdkRatio.ours.median / sdkRatio.baseline.median).toFixed(3)} ratio (the raw SDK alone: all ${fmt(sdkRatio.ours.median)} ms [${fmt(sdkRatio.ours.min)}–${fmt(sdkRatio.ours.max)}], slowest single account ${fmt(sdkRatio.baseline.median)} ms [${fmt(sdkRatio.baseline.min)}–${fmt(sdkRatio.baseline.max)}]; ${sdkRatio.ours.runs.length} runs each after a warm-up, alternated)`,
        );
      } finally {
        for (const c of rawClients.values()) c.destroy();
        agent.destroy();
      }
    }
    if (againstGlobalCap) {
      // What counting servers gained: the same listing under the one global cap of 64 the explorer had before.
      const globalCap = { maxInFlight: 64, perServer: 64 };
      const gain = await alternate(all, () => timeExpand(pool, endpointOf, connections, prefix, globalCap));
      reportComparison(`${name.replace(/-ratio$/, '')}-vs-global-cap`, gain.ours.median / gain.baseline.median, gain, 'ms', 'one global cap of 64');
    }
  } finally {
    pool.dispose();
  }
  console.log(
    `bench ${name}-in-flight ${maxTotal} requests (most at once over ${proxies.endpoints.length} server(s), ${maxAtOne} at one; cap ${DEFAULT_LISTING.maxInFlight}, ${DEFAULT_LISTING.perServer} per server, ${DEFAULT_LISTING.perConnection} per connection; ${ROUND_TRIP_MS} ms round trip)`,
  );
  if (last) {
    const up = last.counts.upstreamMs;
    const sorted = [...up].sort((a, b) => a - b);
    console.log(
      `bench ${name}-server-ms ${median(sorted).toFixed(1)} ms (DynamoDB Local's answer per request in the last all-accounts run, forwarded → answered, median of ${sorted.length}; p90 ${sorted[Math.floor(sorted.length * 0.9)].toFixed(1)}; ${last.counts.connections} new TCP connections for its ${last.counts.requests} requests)`,
    );
    console.log(
      `bench ${name}-cpu-ms ${fmt(last.oursCpuMs)} ms (CPU of the explorer's process in the last all-accounts run of ${fmt(last.ms)} ms; proxies ${fmt(last.counts.cpuMs)} ms, DynamoDB Local ${last.ddbCpuMs === undefined ? 'not measured (no BENCH_DDB_PID)' : `${fmt(last.ddbCpuMs)} ms`}; the explorer's event loop waited ${last.waitMs === undefined ? 'an unmeasured time' : `${fmt(last.waitMs)} ms`} for a CPU held by other processes)`,
    );
  }
  if (maxTotal > DEFAULT_LISTING.maxInFlight) throw new Error(`${maxTotal} requests were in flight at once, above the cap of ${DEFAULT_LISTING.maxInFlight}`);
  if (maxAtOne > DEFAULT_LISTING.perServer) throw new Error(`${maxAtOne} requests were in flight at one server, above the cap of ${DEFAULT_LISTING.perServer}`);
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
  // BENCH_TREE_ACCOUNTS=regions (or one-server) runs one of the two shapes.
  const only = (process.env.BENCH_TREE_ACCOUNTS ?? 'regions,one-server').split(',');
  try {
    for (const [shape, name, servers] of [['regions', 'tree-accounts-ratio', REGIONS.length], ['one-server', 'tree-accounts-one-server-ratio', 1]] as const) {
      if (!only.includes(shape)) continue;
      const proxies = await startProxyProcess(endpoint, ROUND_TRIP_MS, servers);
      try {
        await compare(name, proxies, prefix, shape === 'regions', shape === 'regions');
      } finally {
        await proxies.close();
      }
    }
  } finally {
    await Promise.all(names.map((TableName) => admin.send(new DeleteTableCommand({ TableName }))));
    admin.destroy();
  }
}
