// The client pool's clients share keep-alive sockets per server: many accounts in one region (one endpoint) open
// one connection between them, not one each, and dropping one account's clients leaves the others' sockets open.
// Counted at a loopback proxy in front of DynamoDB Local, which sees every TCP connection the pool opens.
import * as assert from 'node:assert/strict';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DynamoClientPool } from '../../../src/services/aws/clientPool';
import { startLatencyProxy, type LatencyProxy } from '../../../bench/latencyProxy';
import { endpointConnection } from '../../../bench/treeBackend';
import { getTestEndpoint, TEST_CREDENTIALS } from '../dynamoLocal';

describe('client pool sockets (DynamoDB Local)', function () {
  this.timeout(60_000);
  let proxy: LatencyProxy;

  before(async () => {
    proxy = await startLatencyProxy(await getTestEndpoint(), 0);
  });

  after(async () => {
    await proxy.close();
  });

  it('lets ten accounts × two regions on one server reuse one connection, also after one account is dropped', async () => {
    const pool = new DynamoClientPool(async () => TEST_CREDENTIALS);
    try {
      const accounts = Array.from({ length: 10 }, (_, i) => endpointConnection(`account-${i}`, proxy.endpoint, 'us-east-1'));
      const before = proxy.connections;
      // One request at a time, so one keep-alive socket can serve them all.
      for (const region of ['us-east-1', 'eu-west-1']) {
        for (const account of accounts) {
          const client = await pool.get(account, region);
          const answer = await client.send(new ListTablesCommand({ Limit: 1 }));
          assert.ok(Array.isArray(answer.TableNames), `${account.name} ${region} listed`);
        }
      }
      assert.equal(proxy.gauge.total, 20, 'twenty requests reached the server');
      assert.equal(proxy.connections - before, 1, 'twenty clients of one server used one connection');

      // Dropping one account destroys its clients; the sockets they shared stay open for the others.
      pool.invalidate(accounts[0].id);
      await new Promise((r) => setImmediate(r));
      for (const account of accounts.slice(1)) await (await pool.get(account, 'us-east-1')).send(new ListTablesCommand({ Limit: 1 }));
      assert.equal(proxy.connections - before, 1, 'the other accounts kept the shared connection');
    } finally {
      pool.dispose();
    }
  });
});
