// The explorer with 50 connections × 17 regions against DynamoDB Local: every region listed through the real client
// pool, never more than the cap of requests in flight (counted at the servers), and one account that never answers
// (a server that accepts requests and stays silent) plus one that refuses connections do not hold the others up.
// Accounts spread over two servers get at most the per-server cap at each while the total stays under its own.
import * as assert from 'node:assert/strict';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { ExplorerModel, type ExplorerNode } from '../../../src/edge/tree/model';
import { DYNAMODB_REGIONS } from '../../../src/model/aws/regions';
import { sleep } from '../../../src/services/retry/backoff';
import { InFlightGauge, startBlackHoleServer, startLatencyProxy, type LatencyProxy } from '../../../bench/latencyProxy';
import { endpointConnection, localPool, poolBackend } from '../../../bench/treeBackend';
import { deleteTables, getTestEndpoint, mapWithConcurrency, testClient, uniqueTableName } from '../dynamoLocal';

const ACCOUNTS = 50;
const REGIONS = DYNAMODB_REGIONS.filter((r) => r.partition === 'aws').slice(0, 17).map((r) => r.name);
const LISTING = { maxInFlight: 16, perConnection: 6, timeoutMs: 6_000 };

describe('Explorer with 50 accounts × 17 regions (DynamoDB Local)', function () {
  this.timeout(180_000);
  const tables = [0, 1, 2].map((i) => `${uniqueTableName('ManyAccounts')}-${i}`);
  let endpoint: string;
  const gauge = new InFlightGauge();
  const servers: LatencyProxy[] = [];

  before(async () => {
    endpoint = await getTestEndpoint();
    const client = testClient(endpoint);
    await mapWithConcurrency(tables, 3, (TableName) =>
      client.send(new CreateTableCommand({ TableName, KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' })),
    );
  });

  after(async () => {
    for (const s of servers) await s.close();
    await deleteTables(testClient(endpoint), tables);
  });

  it('lists every reachable account with at most the cap in flight while one account never answers and one refuses', async () => {
    // Every request of every account is counted by one gauge: the reachable ones at the proxy, the silent one at its server.
    const proxy = await startLatencyProxy(endpoint, 10, new InFlightGauge(gauge));
    const silent = await startBlackHoleServer(new InFlightGauge(gauge));
    const refusing = await startBlackHoleServer();
    servers.push(proxy, silent);
    const refusedEndpoint = refusing.endpoint;
    await refusing.close(); // its port now refuses connections
    const connections = Array.from({ length: ACCOUNTS }, (_, i) => {
      const name = `account-${String(i).padStart(2, '0')}`;
      if (i === 7) return endpointConnection(`${name}-silent`, silent.endpoint, REGIONS[0]);
      if (i === 31) return endpointConnection(`${name}-refused`, refusedEndpoint, REGIONS[0]);
      return endpointConnection(name, proxy.endpoint, REGIONS[0]);
    });
    const pool = localPool();
    try {
      const model = new ExplorerModel(poolBackend(pool, connections, () => REGIONS), LISTING);
      const roots = await model.getChildren();
      assert.equal(roots.length, ACCOUNTS);
      const regionNodes = (await Promise.all(roots.map((r) => model.getChildren(r)))).flat();
      assert.equal(regionNodes.length, ACCOUNTS * REGIONS.length, '50 × 17 region nodes');

      // Expand every region, as a person opening them all does; note when each one settles.
      let order = 0;
      const settled = new Map<string, { at: number; ms: number; children: ExplorerNode[] }>();
      const t0 = performance.now();
      await Promise.all(
        regionNodes.map(async (r) => {
          const children = await model.getChildren(r);
          settled.set(r.id, { at: order++, ms: performance.now() - t0, children });
        }),
      );

      const silentId = connections[7].id;
      const refusedId = connections[31].id;
      let listed = 0;
      for (const r of regionNodes) {
        const { children } = settled.get(r.id)!;
        if (r.connectionId === silentId || r.connectionId === refusedId) {
          assert.equal(children.length, 1, `${r.id}: one error node`);
          assert.equal(children[0].kind, 'error', `${r.id} ends in an error node`);
          assert.equal(children[0].retryId, r.id, `${r.id}: Retry lists the region again`);
          assert.equal(children[0].error?.kind, 'endpointUnreachable', `${r.id}: ${children[0].label}`);
          if (r.connectionId === silentId) assert.match(children[0].label, new RegExp(`Listing tables in ${r.region} of "account-07-silent" got no answer within 6 s`));
        } else {
          const names = children.filter((c) => c.kind === 'table').map((c) => c.label);
          for (const t of tables) assert.ok(names.includes(t), `${r.id} lists ${t}`);
          listed++;
        }
      }
      assert.equal(listed, 48 * REGIONS.length, 'every region of the 48 reachable accounts is listed');

      const msOf = (id: string) => Math.round(Math.max(...regionNodes.filter((r) => r.connectionId === id).map((r) => settled.get(r.id)!.ms)));
      console.log(`      last region settled after: reachable ${Math.max(...connections.filter((c) => c.id !== silentId && c.id !== refusedId).map((c) => msOf(c.id)))} ms, refused ${msOf(refusedId)} ms, silent ${msOf(silentId)} ms`);
      // The silent account kept at most its own share of the slots, and the others went on meanwhile: while its first
      // requests waited for the timeout, more reachable regions were listed than there are slots in all.
      assert.equal(silent.gauge.max, LISTING.perConnection, 'the silent account held its share of the slots, never more');
      const firstSilent = Math.min(...regionNodes.filter((r) => r.connectionId === silentId).map((r) => settled.get(r.id)!.at));
      const listedBefore = regionNodes.filter((r) => r.connectionId !== silentId && r.connectionId !== refusedId && settled.get(r.id)!.at < firstSilent).length;
      console.log(`      reachable regions listed before the silent account's first timeout: ${listedBefore}`);
      assert.ok(listedBefore >= LISTING.maxInFlight, `reachable regions were listed while the silent account waited (${listedBefore})`);

      // Requests counted at the servers: reachable accounts page once per region; the cap was reached, never passed.
      console.log(`      requests ${gauge.total}, most in flight ${gauge.max} (cap ${LISTING.maxInFlight}), of the silent account ${silent.gauge.max}`);
      assert.ok(gauge.total >= 48 * REGIONS.length + REGIONS.length, `every listing reached a server (${gauge.total})`);
      assert.equal(gauge.max, LISTING.maxInFlight, 'the cap of requests in flight was reached and never passed');
      // An aborted request closes its socket; the server hears of it a moment later.
      for (let i = 0; i < 50 && gauge.current > 0; i++) await sleep(20);
      assert.equal(gauge.current, 0, 'no request is left open: the silent account\'s requests were aborted');
    } finally {
      pool.dispose();
    }
  });

  it('keeps each of two servers at the per-server cap while the total stays below the global one', async () => {
    const total = new InFlightGauge();
    const a = await startLatencyProxy(endpoint, 10, new InFlightGauge(total));
    const b = await startLatencyProxy(endpoint, 10, new InFlightGauge(total));
    servers.push(a, b);
    const listing = { maxInFlight: 16, perConnection: 8, perServer: 5, timeoutMs: 20_000 };
    const connections = Array.from({ length: 20 }, (_, i) => endpointConnection(`spread-${String(i).padStart(2, '0')}`, (i % 2 ? b : a).endpoint, REGIONS[0]));
    const pool = localPool();
    try {
      const model = new ExplorerModel(poolBackend(pool, connections, () => REGIONS), listing);
      const regionNodes = (await Promise.all((await model.getChildren()).map((r) => model.getChildren(r)))).flat();
      const lists = await Promise.all(regionNodes.map((r) => model.getChildren(r)));
      const listed = lists.filter((children) => tables.every((t) => children.some((c) => c.kind === 'table' && c.label === t))).length;
      assert.equal(listed, 20 * REGIONS.length, 'every region of every account listed');
      console.log(`      most in flight: ${a.gauge.max} and ${b.gauge.max} at the two servers (cap ${listing.perServer}), ${total.max} in all (cap ${listing.maxInFlight})`);
      assert.deepEqual([a.gauge.max, b.gauge.max], [listing.perServer, listing.perServer], 'each server reached its cap and never passed it');
      assert.equal(total.max, 2 * listing.perServer, 'the two servers\' caps, not the global cap, bounded the total');
    } finally {
      pool.dispose();
    }
  });
});
