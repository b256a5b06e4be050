// The status bar shows retries of single requests and leaves those of transfers to their progress notification.
// That rests on the pool's retry listener running in the async context of the request that was retried: checked
// here with the real pool and SDK, against DynamoDB Local behind a proxy that throttles chosen requests.
import * as assert from 'node:assert/strict';
import { CreateTableCommand, GetItemCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describeRetry, DynamoClientPool, retriesObserved, type RetryNotice } from '../../../src/services/aws/clientPool';
import type { Connection } from '../../../src/services/aws/connections';
import { newQuerySpec } from '../../../src/model/query/querySpec';
import { fetchAll } from '../../../src/services/query/runner';
import { deleteTables, getTestEndpoint, testClient, TEST_CREDENTIALS, TEST_REGION, uniqueTableName } from '../dynamoLocal';
import { startFaultProxy, type FaultProxy } from '../faults/faultProxy';

describe('retry notices for the status bar (DynamoDB Local behind a throttling proxy)', function () {
  this.timeout(60_000);
  let direct: DynamoDBClient;
  let proxy: FaultProxy;
  let pool: DynamoClientPool;
  let client: DynamoDBClient;
  const table = uniqueTableName('retry-status');
  /** Each retry the pool reported: its operation, and whether the caller shows it in its own progress. */
  const heard: { operation: string; shownByCaller: boolean }[] = [];

  before(async () => {
    const endpoint = await getTestEndpoint();
    direct = testClient(endpoint);
    await direct.send(
      new CreateTableCommand({ TableName: table, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] }),
    );
    for (let i = 0; i < 20; i++) await direct.send(new PutItemCommand({ TableName: table, Item: { pk: { S: `k${i}` } } }));
    proxy = await startFaultProxy(endpoint);
    pool = new DynamoClientPool(async () => ({ ...TEST_CREDENTIALS }), { maxAttempts: 3 });
    const connection: Connection = { id: 'endpoint:RetryStatus', kind: 'endpoint', name: 'RetryStatus', defaultRegion: TEST_REGION, endpoint: proxy.endpoint, readOnly: false, problems: [] };
    client = await pool.get(connection, TEST_REGION);
    pool.onRetry((notice) => heard.push({ operation: notice.operation, shownByCaller: retriesObserved() }));
  });

  beforeEach(() => {
    heard.length = 0;
    proxy.reset();
  });

  after(async () => {
    pool?.dispose();
    await proxy?.idle();
    await proxy?.close();
    if (direct) await deleteTables(direct, [table]);
  });

  it('a throttled single read is not marked, so the status bar shows it', async () => {
    proxy.setRules([{ operation: 'GetItem', nth: 1, action: { kind: 'error', fault: 'ProvisionedThroughputExceededException' } }]);
    const out = await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'k1' } } }));
    assert.deepEqual(out.Item, { pk: { S: 'k1' } });
    assert.deepEqual(heard, [{ operation: 'GetItem', shownByCaller: false }]);
  });

  it('a throttled read of a transfer that observes its retries is marked, also while a single read retries at the same time', async () => {
    proxy.setRules([
      { operation: 'Scan', nth: 1, action: { kind: 'error', fault: 'ThrottlingException' } },
      { operation: 'GetItem', nth: 1, action: { kind: 'error', fault: 'ThrottlingException' } },
    ]);
    const ownNotices: string[] = [];
    const [result] = await Promise.all([
      fetchAll(client, { ...newQuerySpec(table), pageSize: 5 }, { onRetry: (notice) => ownNotices.push(notice.operation) }),
      client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'k2' } } })),
    ]);
    assert.equal(result.count, 20);
    assert.deepEqual(
      [...heard].sort((a, b) => a.operation.localeCompare(b.operation)),
      [
        { operation: 'GetItem', shownByCaller: false },
        { operation: 'Scan', shownByCaller: true },
      ],
    );
    assert.deepEqual(ownNotices, ['Scan']);
  });
  it('a request whose last attempt fails ends with a final notice, so the status bar stops saying "retrying" (issue 14, finding 17)', async () => {
    const notices: RetryNotice[] = [];
    const off = pool.onRetry((n) => notices.push(n));
    proxy.setRules([{ operation: 'GetItem', action: { kind: 'error', fault: 'ProvisionedThroughputExceededException' } }]);
    try {
      await assert.rejects(client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'k1' } } })));
    } finally {
      off();
    }
    assert.deepEqual(notices.map((n) => [n.attempt, n.maxAttempts, n.final === true]), [[1, 3, false], [2, 3, false], [3, 3, true]]);
    assert.equal(describeRetry(notices[1]), `DynamoDB is throttling GetItem on table "${table}" (ProvisionedThroughputExceededException); retrying with backoff (attempt 3 of 3).`);
    assert.equal(describeRetry(notices[2]), `GetItem on table "${table}" failed after 3 attempts (ProvisionedThroughputExceededException).`);
  });
});
