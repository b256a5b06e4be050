// Purge against a real DynamoDB Local: every item goes, the table and its index stay; a cancelled purge reports
// exactly how many items it deleted; a read-only connection refuses before deleting anything.
import * as assert from 'node:assert/strict';
import { BatchWriteItemCommand, CreateTableCommand, DescribeTableCommand, ScanCommand, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { purgeSummary, purgeTable, type PurgeProgress } from '../../../src/services/dynamo/purge';
import { StudioError } from '../../../src/model/errors';
import { deleteTables, getTestEndpoint, mapWithConcurrency, testClient, uniqueTableName } from '../dynamoLocal';
import { withReadOnlyClient } from './readOnlyPool';

describe('purgeTable (DynamoDB Local)', function () {
  this.timeout(120_000);
  const names: string[] = [];
  let endpoint: string;

  async function seededTable(label: string, count: number): Promise<string> {
    const name = uniqueTableName(label);
    names.push(name);
    const client = testClient(endpoint);
    await client.send(
      new CreateTableCommand({
        TableName: name,
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'N' },
          { AttributeName: 'kind', AttributeType: 'S' },
        ],
        GlobalSecondaryIndexes: [{ IndexName: 'ByKind', KeySchema: [{ AttributeName: 'kind', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    const requests: WriteRequest[] = Array.from({ length: count }, (_, i) => ({
      PutRequest: { Item: { pk: { S: `p${i % 37}` }, sk: { N: String(i) }, kind: { S: i % 2 ? 'odd' : 'even' }, body: { S: 'x'.repeat(200) } } },
    }));
    const batches = Array.from({ length: Math.ceil(count / 25) }, (_, b) => requests.slice(b * 25, b * 25 + 25));
    await mapWithConcurrency(batches, 4, async (batch) => {
      let pending: WriteRequest[] | undefined = batch;
      while (pending?.length) pending = (await client.send(new BatchWriteItemCommand({ RequestItems: { [name]: pending } }))).UnprocessedItems?.[name];
    });
    return name;
  }

  async function itemCount(name: string): Promise<number> {
    let total = 0;
    let start: Record<string, never> | undefined;
    do {
      const page = await testClient(endpoint).send(new ScanCommand({ TableName: name, Select: 'COUNT', ExclusiveStartKey: start }));
      total += page.Count ?? 0;
      start = page.LastEvaluatedKey as typeof start;
    } while (start);
    return total;
  }

  before(async () => {
    endpoint = await getTestEndpoint();
  });
  after(async () => {
    await deleteTables(testClient(endpoint), names);
  });

  it('deletes every item with a parallel scan and keeps the table and its index', async () => {
    const name = await seededTable('PurgeAll', 613);
    const progress: PurgeProgress[] = [];
    const result = await purgeTable(testClient(endpoint), name, { segments: 4, onProgress: (p) => progress.push(p) });
    assert.deepEqual(result, { deleted: 613, scanned: 613, cancelled: false });
    assert.equal(await itemCount(name), 0);
    assert.ok(progress.length > 1, 'progress is reported along the way');
    assert.ok(progress.every((p, i) => i === 0 || p.deleted >= progress[i - 1].deleted), 'the deleted count only grows');
    const { Table } = await testClient(endpoint).send(new DescribeTableCommand({ TableName: name }));
    assert.equal(Table?.TableStatus, 'ACTIVE');
    assert.equal(Table?.GlobalSecondaryIndexes?.[0].IndexName, 'ByKind');
    assert.equal(purgeSummary(name, result), `Table "${name}" was purged: 613 items deleted.`);
  });

  it('purges an empty table to zero', async () => {
    const name = await seededTable('PurgeEmpty', 0);
    assert.deepEqual(await purgeTable(testClient(endpoint), name, { segments: 2 }), { deleted: 0, scanned: 0, cancelled: false });
  });

  it('stops cleanly when cancelled and says how many items were deleted', async () => {
    const name = await seededTable('PurgeCancel', 400);
    const controller = new AbortController();
    const result = await purgeTable(testClient(endpoint), name, {
      segments: 2,
      pageSize: 25,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.deleted >= 100) controller.abort();
      },
    });
    assert.equal(result.cancelled, true);
    assert.ok(result.deleted >= 100 && result.deleted < 400, `deleted ${result.deleted}`);
    assert.equal(await itemCount(name), 400 - result.deleted, 'the reported count is exactly what is gone');
    assert.match(purgeSummary(name, result), new RegExp(`was stopped: ${result.deleted} items deleted; the rest remain`));
  });

  it('is refused on a read-only connection and deletes nothing', async () => {
    const name = await seededTable('PurgeReadOnly', 30);
    await withReadOnlyClient(endpoint, async (client) => {
      await assert.rejects(purgeTable(client, name), (e: unknown) => {
        assert.ok(e instanceof StudioError);
        assert.equal(e.kind, 'readOnly');
        assert.match(e.message, /BatchWriteItem was refused: the connection "LifecycleRO" is read-only\. 0 items were deleted before it stopped\./);
        return true;
      });
      assert.equal(await itemCount(name), 30);
    });
  });

  it('reports a missing table as not found', async () => {
    await assert.rejects(purgeTable(testClient(endpoint), uniqueTableName('PurgeMissing')), (e: unknown) => e instanceof StudioError && e.kind === 'notFound');
  });
});
