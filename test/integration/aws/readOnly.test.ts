// A read-only connection refuses every write in the client layer, against a real DynamoDB Local.
import * as assert from 'node:assert/strict';
import { CreateTableCommand, DeleteTableCommand, GetItemCommand, PutItemCommand, ExecuteStatementCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { DynamoClientPool } from '../../../src/services/aws/clientPool';
import type { Connection } from '../../../src/services/aws/connections';
import { StudioError } from '../../../src/model/errors';
import { getTestEndpoint, testClient } from '../dynamoLocal';

describe('read-only connections (DynamoDB Local)', function () {
  this.timeout(60000);
  const table = `ReadOnlyGuard${Date.now()}`;
  let endpoint: string;
  let readOnly = true;
  let pool: DynamoClientPool;
  let conn: Connection;

  before(async () => {
    endpoint = await getTestEndpoint();
    await testClient(endpoint).send(
      new CreateTableCommand({
        TableName: table,
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    conn = { id: 'endpoint:Guarded', kind: 'endpoint', name: 'Guarded', defaultRegion: 'us-east-1', endpoint, readOnly: true, problems: [] };
    pool = new DynamoClientPool(async () => ({ accessKeyId: 'local', secretAccessKey: 'local' }), { modeOf: () => (readOnly ? 'readOnly' : 'normal') });
  });

  after(async () => {
    pool.dispose();
    await testClient(endpoint).send(new DeleteTableCommand({ TableName: table }));
  });

  it('refuses PutItem, DeleteTable and writing PartiQL, and nothing is written', async () => {
    const client = await pool.get(conn, 'us-east-1');
    const attempts = [
      () => client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'a' } } })),
      () => client.send(new ExecuteStatementCommand({ Statement: `INSERT INTO "${table}" VALUE {'pk': 'b'}` })),
      () => client.send(new DeleteTableCommand({ TableName: table })),
    ];
    for (const attempt of attempts) {
      await assert.rejects(attempt, (err: unknown) => err instanceof StudioError && err.kind === 'readOnly' && /read-only/.test(err.message));
    }
    const scan = await testClient(endpoint).send(new ScanCommand({ TableName: table }));
    assert.equal(scan.Count, 0);
  });

  it('allows reads, and writes once read-only is turned off on the same client', async () => {
    const client = await pool.get(conn, 'us-east-1');
    const got = await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'a' } } }));
    assert.equal(got.Item, undefined);
    const selected = await client.send(new ExecuteStatementCommand({ Statement: `SELECT * FROM "${table}"` }));
    assert.deepEqual(selected.Items, []);
    readOnly = false;
    await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'c' } } }));
    const after = await testClient(endpoint).send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'c' } } }));
    assert.deepEqual(after.Item, { pk: { S: 'c' } });
    readOnly = true;
  });

  it('refuses a broken connection before any request, saying why', async () => {
    await assert.rejects(pool.get({ ...conn, id: 'endpoint:Bad', name: 'Bad', problems: ['"endpoint" is missing.'] }, 'us-east-1'), /cannot be used: "endpoint" is missing/);
  });
});
