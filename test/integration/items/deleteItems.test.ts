// "Delete selected" of the table viewer against DynamoDB Local, through the batch-write engine: every key is deleted
// once (duplicates too), more than one request's worth; a key of the wrong type is refused with what was deleted
// before; a read-only connection deletes nothing.
import * as assert from 'node:assert/strict';
import { BatchWriteItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { deleteItemsByKey } from '../../../src/services/items/deleteItems';
import { StudioError } from '../../../src/model/errors';
import type { Item } from '../../../src/model/items/types';
import { createPkTable, deleteTables, getTestEndpoint, testClient, uniqueTableName } from '../dynamoLocal';
import { withReadOnlyClient } from '../lifecycle/readOnlyPool';

describe('deleteItemsByKey (DynamoDB Local)', function () {
  this.timeout(60_000);
  const names: string[] = [];
  let endpoint: string;

  async function table(label: string, count: number): Promise<string> {
    const name = uniqueTableName(label);
    names.push(name);
    const client = testClient(endpoint);
    await createPkTable(client, name);
    for (let start = 0; start < count; start += 25) {
      const requests = Array.from({ length: Math.min(25, count - start) }, (_, i) => ({ PutRequest: { Item: { pk: { S: `k${start + i}` }, v: { N: String(start + i) } } } }));
      await client.send(new BatchWriteItemCommand({ RequestItems: { [name]: requests } }));
    }
    return name;
  }

  async function remaining(name: string): Promise<string[]> {
    const out = await testClient(endpoint).send(new ScanCommand({ TableName: name, ConsistentRead: true }));
    return (out.Items ?? []).map((i) => i.pk.S as string).sort();
  }

  const key = (i: number): Item => ({ pk: { S: `k${i}` } });

  before(async () => {
    endpoint = await getTestEndpoint();
  });
  after(async () => {
    await deleteTables(testClient(endpoint), names);
  });

  it('deletes 60 selected keys (two given twice) in several requests and reports each once', async () => {
    const name = await table('DeleteKeys', 70);
    const keys = [...Array.from({ length: 60 }, (_, i) => key(i)), key(3), key(59)];
    const report = await deleteItemsByKey(testClient(endpoint), name, keys);
    assert.equal(report.deleted.length, 60);
    assert.deepEqual(report.failed, []);
    assert.deepEqual(await remaining(name), Array.from({ length: 10 }, (_, i) => `k${60 + i}`).sort());
  });

  it('a key of the wrong type is refused, saying how many were deleted before', async () => {
    const name = await table('DeleteBadKey', 5);
    const keys = [key(0), key(1), { pk: { N: '7' } }];
    await assert.rejects(deleteItemsByKey(testClient(endpoint), name, keys), (e: unknown) => {
      assert.ok(e instanceof StudioError);
      assert.match(e.message, /2 items were deleted before it stopped\./);
      return true;
    });
    assert.deepEqual(await remaining(name), ['k2', 'k3', 'k4']);
  });

  it('is refused on a read-only connection and deletes nothing', async () => {
    const name = await table('DeleteReadOnly', 5);
    await withReadOnlyClient(endpoint, async (client) => {
      await assert.rejects(deleteItemsByKey(client, name, [key(0), key(1)]), (e: unknown) => {
        assert.ok(e instanceof StudioError);
        assert.equal(e.kind, 'readOnly');
        assert.match(e.message, /0 items were deleted before it stopped\./);
        return true;
      });
    });
    assert.equal((await remaining(name)).length, 5);
  });
});
