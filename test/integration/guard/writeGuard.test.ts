// The production guard in the client layer, against DynamoDB Local: confirm-writes asks with the exact request
// and sends nothing when declined; an approved bulk action is not asked request by request, and only for its
// tables; a mode change applies to clients that already exist.
import * as assert from 'node:assert/strict';
import { BatchWriteItemCommand, DeleteItemCommand, GetItemCommand, PutItemCommand, ScanCommand, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoClientPool } from '../../../src/services/aws/clientPool';
import type { ConnectionMode } from '../../../src/model/aws/connectionMode';
import type { Connection } from '../../../src/services/aws/connections';
import { withApprovedWrites, type WriteRequest } from '../../../src/services/aws/readOnlyGuard';
import { StudioError } from '../../../src/model/errors';
import { createPkTable, deleteTables, getTestEndpoint, testClient, uniqueTableName } from '../dynamoLocal';

describe('production guard modes (DynamoDB Local)', function () {
  this.timeout(60000);
  const tableA = uniqueTableName('GuardA');
  const tableB = uniqueTableName('GuardB');
  let endpoint: string;
  let mode: ConnectionMode = 'confirmWrites';
  let answer = false;
  const asked: WriteRequest[] = [];
  let pool: DynamoClientPool;
  let client: DynamoDBClient;

  const stored = async (table: string) => ((await testClient(endpoint).send(new ScanCommand({ TableName: table, ConsistentRead: true }))).Items ?? []);

  before(async () => {
    endpoint = await getTestEndpoint();
    await createPkTable(testClient(endpoint), tableA);
    await createPkTable(testClient(endpoint), tableB);
    pool = new DynamoClientPool(async () => ({ accessKeyId: 'local', secretAccessKey: 'local' }), {
      modeOf: () => mode,
      confirmWrite: async (request) => {
        asked.push(request);
        return answer;
      },
    });
    const conn: Connection = { id: 'endpoint:Guarded', kind: 'endpoint', name: 'Guarded', defaultRegion: 'us-east-1', endpoint, readOnly: false, problems: [] };
    client = await pool.get(conn, 'us-east-1');
  });

  beforeEach(() => {
    asked.length = 0;
    mode = 'confirmWrites';
  });

  after(async () => {
    pool.dispose();
    await deleteTables(testClient(endpoint), [tableA, tableB]);
  });

  it('a declined write is not sent, says so, and the confirmer saw the exact request', async () => {
    answer = false;
    const input = { TableName: tableA, Item: { pk: { S: 'declined' }, n: { N: '1' } } };
    await assert.rejects(
      client.send(new PutItemCommand(input)),
      (err: unknown) => err instanceof StudioError && err.kind === 'cancelled' && /PutItem was not sent: you declined it on the confirm-writes connection "Guarded"/.test(err.message),
    );
    assert.equal(asked.length, 1);
    assert.equal(asked[0].operation, 'PutItem');
    assert.deepEqual(asked[0].tables, [tableA]);
    assert.deepEqual(asked[0].input, input);
    assert.deepEqual(await stored(tableA), []);
  });

  it('an accepted write is sent once; reads are never asked', async () => {
    answer = true;
    await client.send(new PutItemCommand({ TableName: tableA, Item: { pk: { S: 'accepted' } } }));
    await client.send(new GetItemCommand({ TableName: tableA, Key: { pk: { S: 'accepted' } } }));
    await client.send(new ScanCommand({ TableName: tableA }));
    assert.deepEqual(asked.map((r) => r.operation), ['PutItem']);
    assert.deepEqual(await stored(tableA), [{ pk: { S: 'accepted' } }]);
  });

  it('an approved bulk action is not asked per request, but a write to another table inside it still is', async () => {
    answer = false;
    const rows = Array.from({ length: 30 }, (_, i) => ({ PutRequest: { Item: { pk: { S: `bulk-${i}` } } } }));
    await withApprovedWrites({ tables: [tableA], description: 'import 30 items' }, async () => {
      await client.send(new BatchWriteItemCommand({ RequestItems: { [tableA]: rows.slice(0, 25) } }));
      await client.send(new BatchWriteItemCommand({ RequestItems: { [tableA]: rows.slice(25) } }));
      await assert.rejects(client.send(new PutItemCommand({ TableName: tableB, Item: { pk: { S: 'outside' } } })), /was not sent/);
      // A batch that touches the approved table and another one is asked as a whole.
      await assert.rejects(
        client.send(new BatchWriteItemCommand({ RequestItems: { [tableA]: [{ PutRequest: { Item: { pk: { S: 'mixed' } } } }], [tableB]: [{ PutRequest: { Item: { pk: { S: 'mixed' } } } }] } })),
        /was not sent/,
      );
    });
    assert.deepEqual(asked.map((r) => r.operation), ['PutItem', 'BatchWriteItem']);
    assert.equal((await stored(tableA)).filter((i) => i.pk.S?.startsWith('bulk-')).length, 30);
    assert.deepEqual(await stored(tableB), []);
    // Outside the approved action, the same table is asked again.
    await assert.rejects(client.send(new DeleteItemCommand({ TableName: tableA, Key: { pk: { S: 'bulk-0' } } })), /was not sent/);
    assert.equal((await stored(tableA)).filter((i) => i.pk.S === 'bulk-0').length, 1);
  });

  it('a mode change applies to the existing client at once', async () => {
    mode = 'readOnly';
    await assert.rejects(
      client.send(new UpdateItemCommand({ TableName: tableA, Key: { pk: { S: 'accepted' } }, UpdateExpression: 'SET a = :a', ExpressionAttributeValues: { ':a': { S: 'x' } } })),
      (err: unknown) => err instanceof StudioError && err.kind === 'readOnly',
    );
    // Read-only refuses even inside an approved action: approval only skips the question, never the refusal.
    await assert.rejects(withApprovedWrites({ tables: [tableA], description: 'x' }, () => client.send(new DeleteItemCommand({ TableName: tableA, Key: { pk: { S: 'accepted' } } }))), /read-only/);
    mode = 'normal';
    await client.send(new UpdateItemCommand({ TableName: tableA, Key: { pk: { S: 'accepted' } }, UpdateExpression: 'SET a = :a', ExpressionAttributeValues: { ':a': { S: 'x' } } }));
    assert.equal(asked.length, 0);
    const item = (await testClient(endpoint).send(new GetItemCommand({ TableName: tableA, Key: { pk: { S: 'accepted' } }, ConsistentRead: true }))).Item;
    assert.deepEqual(item, { pk: { S: 'accepted' }, a: { S: 'x' } });
  });
});
