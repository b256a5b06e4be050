// Update Table and Delete Table against a real DynamoDB Local: stream on and its view type changed, time to live
// on and off, a GSI added and waited for, billing switched, deletion protection explained rather than bypassed.
import * as assert from 'node:assert/strict';
import { CreateTableCommand, DescribeTableCommand, DescribeTimeToLiveCommand, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import {
  addGlobalIndexInput,
  billingUpdateInput,
  deleteGlobalIndexInput,
  deleteTable,
  deletionProtectionInput,
  setStream,
  setTimeToLive,
  streamUpdateInputs,
  timeToLiveInput,
  updateTable,
  waitForTableActive,
} from '../../../src/services/dynamo/tableAdmin';
import { StudioError } from '../../../src/model/errors';
import { deleteTables, getTestEndpoint, testClient, uniqueTableName } from '../dynamoLocal';
import { withReadOnlyClient } from './readOnlyPool';

describe('updating and deleting tables (DynamoDB Local)', function () {
  this.timeout(60_000);
  const names: string[] = [];
  let endpoint: string;

  async function newTable(label: string, extra: { DeletionProtectionEnabled?: boolean } = {}): Promise<string> {
    const name = uniqueTableName(label);
    names.push(name);
    await testClient(endpoint).send(
      new CreateTableCommand({
        TableName: name,
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
        ...extra,
      }),
    );
    return name;
  }
  const describe_ = async (name: string) => (await testClient(endpoint).send(new DescribeTableCommand({ TableName: name }))).Table!;

  before(async () => {
    endpoint = await getTestEndpoint();
  });
  after(async () => {
    await deleteTables(testClient(endpoint), names);
  });

  it('turns the stream on, then changes its view type (off, then on)', async () => {
    const client = testClient(endpoint);
    const name = await newTable('UpdateStream');
    await setStream(client, streamUpdateInputs(await describe_(name), 'KEYS_ONLY'), { pollMs: 100 });
    let t = await describe_(name);
    assert.deepEqual(t.StreamSpecification, { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' });
    const firstArn = t.LatestStreamArn;
    assert.ok(firstArn);
    await setStream(client, streamUpdateInputs(t, 'NEW_AND_OLD_IMAGES'), { pollMs: 100 });
    t = await describe_(name);
    assert.deepEqual(t.StreamSpecification, { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    assert.notEqual(t.LatestStreamArn, firstArn);
  });

  it('turns time to live on with an attribute, and off again', async () => {
    const client = testClient(endpoint);
    const name = await newTable('UpdateTtl');
    await setTimeToLive(client, timeToLiveInput(name, 'expiresAt'));
    const on = await client.send(new DescribeTimeToLiveCommand({ TableName: name }));
    assert.deepEqual(on.TimeToLiveDescription, { TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
    await setTimeToLive(client, timeToLiveInput(name, undefined, 'expiresAt'));
    const off = await client.send(new DescribeTimeToLiveCommand({ TableName: name }));
    assert.equal(off.TimeToLiveDescription?.TimeToLiveStatus, 'DISABLED');
  });

  it('adds a GSI, waits until it is ACTIVE and queries it; then deletes it', async () => {
    const client = testClient(endpoint);
    const name = await newTable('UpdateGsi');
    await client.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'a' }, status: { S: 'open' }, n: { N: '3' } } }));
    const input = addGlobalIndexInput(await describe_(name), {
      name: 'ByStatus',
      partitionKey: { name: 'status', type: 'S' },
      sortKey: { name: 'n', type: 'N' },
      projection: { type: 'ALL' },
    });
    await updateTable(client, input);
    const active = await waitForTableActive(client, name, { waitForIndexes: true, pollMs: 100 });
    assert.equal(active.GlobalSecondaryIndexes?.[0].IndexName, 'ByStatus');
    assert.equal(active.GlobalSecondaryIndexes?.[0].IndexStatus, 'ACTIVE');
    const found = await client.send(
      new QueryCommand({ TableName: name, IndexName: 'ByStatus', KeyConditionExpression: '#s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': { S: 'open' } } }),
    );
    assert.deepEqual(found.Items?.map((i) => i.pk.S), ['a']);

    await updateTable(client, deleteGlobalIndexInput(active, 'ByStatus'));
    const gone = await waitForTableActive(client, name, { pollMs: 100 });
    assert.ok(!(gone.GlobalSecondaryIndexes ?? []).some((g) => g.IndexName === 'ByStatus' && g.IndexStatus === 'ACTIVE'));
  });

  it('switches billing to provisioned (the GSI gets capacity too) and back', async () => {
    const client = testClient(endpoint);
    const name = await newTable('UpdateBilling');
    await updateTable(client, addGlobalIndexInput(await describe_(name), { name: 'ByX', partitionKey: { name: 'x', type: 'S' }, projection: { type: 'KEYS_ONLY' } }));
    await waitForTableActive(client, name, { waitForIndexes: true, pollMs: 100 });
    await updateTable(client, billingUpdateInput(await describe_(name), { mode: 'PROVISIONED', readCapacityUnits: 6, writeCapacityUnits: 2 }, { ByX: { readCapacityUnits: 2, writeCapacityUnits: 1 } }));
    let t = await waitForTableActive(client, name, { waitForIndexes: true, pollMs: 100 });
    assert.equal(t.BillingModeSummary?.BillingMode, 'PROVISIONED');
    assert.deepEqual([t.ProvisionedThroughput?.ReadCapacityUnits, t.ProvisionedThroughput?.WriteCapacityUnits], [6, 2]);
    assert.deepEqual([t.GlobalSecondaryIndexes?.[0].ProvisionedThroughput?.ReadCapacityUnits, t.GlobalSecondaryIndexes?.[0].ProvisionedThroughput?.WriteCapacityUnits], [2, 1]);
    await updateTable(client, billingUpdateInput(t, { mode: 'PAY_PER_REQUEST' }));
    t = await waitForTableActive(client, name, { pollMs: 100 });
    assert.equal(t.BillingModeSummary?.BillingMode, 'PAY_PER_REQUEST');
  });

  it('refuses to delete a protected table, explaining how to turn protection off; deletes once it is off', async () => {
    const client = testClient(endpoint);
    const name = await newTable('DeleteProtected', { DeletionProtectionEnabled: true });
    await assert.rejects(deleteTable(client, name), (e: unknown) => {
      assert.ok(e instanceof StudioError);
      assert.equal(e.kind, 'validation');
      assert.match(e.message, /was not deleted: deletion protection is on/);
      assert.match(e.hint ?? '', /turn deletion protection off first/);
      assert.equal(e.fixCommand, `aws dynamodb update-table --table-name ${name} --no-deletion-protection-enabled`);
      return true;
    });
    assert.equal((await describe_(name)).DeletionProtectionEnabled, true, 'protection is not switched off behind the user');

    await updateTable(client, deletionProtectionInput(name, false));
    await deleteTable(client, name);
    await assert.rejects(describe_(name), { name: 'ResourceNotFoundException' });
  });

  it('reports a missing table as not found', async () => {
    await assert.rejects(deleteTable(testClient(endpoint), uniqueTableName('Missing')), (e: unknown) => e instanceof StudioError && e.kind === 'notFound');
  });

  it('is refused on a read-only connection, and the table stays', async () => {
    const name = await newTable('DeleteReadOnly');
    await withReadOnlyClient(endpoint, async (client) => {
      await assert.rejects(deleteTable(client, name), (e: unknown) => e instanceof StudioError && e.kind === 'readOnly' && /DeleteTable was refused/.test(e.message));
      await assert.rejects(updateTable(client, deletionProtectionInput(name, true)), (e: unknown) => e instanceof StudioError && e.kind === 'readOnly');
      assert.equal((await describe_(name)).TableStatus, 'ACTIVE');
    });
  });
});
