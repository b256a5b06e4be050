// Creating tables from a spec against a real DynamoDB Local: both billing modes, global and local indexes,
// stream, time to live; invalid specs never reach the endpoint; a read-only connection refuses.
import * as assert from 'node:assert/strict';
import { DescribeTableCommand, DescribeTimeToLiveCommand, UpdateTableCommand, type TableDescription } from '@aws-sdk/client-dynamodb';
import { buildCreateTableInput, type CreateTableSpec } from '../../../src/model/table/createTableSpec';
import { checkCreateTableForm, emptyCreateTableForm, type CreateTableForm } from '../../../src/model/table/createTableForm';
import { createTable, waitForTableActive, type WaitProgress } from '../../../src/services/dynamo/tableAdmin';
import { StudioError } from '../../../src/model/errors';
import { deleteTables, getTestEndpoint, testClient, uniqueTableName } from '../dynamoLocal';
import { withReadOnlyClient } from './readOnlyPool';

const keysOf = (schema: TableDescription['KeySchema']) => (schema ?? []).map((k) => `${k.AttributeName}:${k.KeyType}`);

describe('createTable (DynamoDB Local)', function () {
  this.timeout(60_000);
  const created: string[] = [];
  let endpoint: string;

  before(async () => {
    endpoint = await getTestEndpoint();
  });
  after(async () => {
    await deleteTables(testClient(endpoint), created);
  });

  function spec(label: string, billing: CreateTableSpec['billing']): CreateTableSpec {
    const name = uniqueTableName(label);
    created.push(name);
    const provisioned = billing.mode === 'PROVISIONED';
    return {
      tableName: name,
      partitionKey: { name: 'customerId', type: 'S' },
      sortKey: { name: 'orderId', type: 'N' },
      billing,
      globalIndexes: [
        {
          name: 'ByStatus',
          partitionKey: { name: 'status', type: 'S' },
          sortKey: { name: 'orderId', type: 'N' },
          projection: { type: 'INCLUDE', nonKeyAttributes: ['total', 'currency'] },
          capacity: provisioned ? { readCapacityUnits: 3, writeCapacityUnits: 1 } : undefined,
        },
      ],
      localIndexes: [{ name: 'ByCreated', sortKey: { name: 'created', type: 'S' }, projection: { type: 'KEYS_ONLY' } }],
      stream: 'NEW_AND_OLD_IMAGES',
      timeToLiveAttribute: 'expiresAt',
      deletionProtection: false,
    };
  }

  it('creates an on-demand table with a GSI, an LSI, a stream and time to live, and waits until ACTIVE', async () => {
    const client = testClient(endpoint);
    const s = spec('CreateOnDemand', { mode: 'PAY_PER_REQUEST' });
    const progress: WaitProgress[] = [];
    let accepted = false;
    const result = await createTable(client, s, { pollMs: 100, onProgress: (p) => progress.push(p), onCreated: () => (accepted = true) });
    assert.equal(accepted, true);
    assert.equal(result.TableStatus, 'ACTIVE');
    assert.equal(progress[progress.length - 1].tableStatus, 'ACTIVE');

    const { Table: t } = await client.send(new DescribeTableCommand({ TableName: s.tableName }));
    assert.equal(t?.BillingModeSummary?.BillingMode, 'PAY_PER_REQUEST');
    assert.deepEqual(keysOf(t?.KeySchema), ['customerId:HASH', 'orderId:RANGE']);
    assert.deepEqual(
      new Map((t?.AttributeDefinitions ?? []).map((d) => [d.AttributeName, d.AttributeType])),
      new Map([['customerId', 'S'], ['orderId', 'N'], ['status', 'S'], ['created', 'S']]),
    );
    const gsi = t?.GlobalSecondaryIndexes?.[0];
    assert.equal(gsi?.IndexName, 'ByStatus');
    assert.equal(gsi?.IndexStatus, 'ACTIVE');
    assert.deepEqual(keysOf(gsi?.KeySchema), ['status:HASH', 'orderId:RANGE']);
    assert.deepEqual(gsi?.Projection, { ProjectionType: 'INCLUDE', NonKeyAttributes: ['total', 'currency'] });
    const lsi = t?.LocalSecondaryIndexes?.[0];
    assert.equal(lsi?.IndexName, 'ByCreated');
    assert.deepEqual(keysOf(lsi?.KeySchema), ['customerId:HASH', 'created:RANGE']);
    assert.deepEqual(t?.StreamSpecification, { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    assert.equal(t?.DeletionProtectionEnabled, false);

    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: s.tableName }));
    assert.deepEqual(ttl.TimeToLiveDescription, { TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
  });

  it('creates a provisioned table with capacity on the table and on its GSI', async () => {
    const client = testClient(endpoint);
    const s = spec('CreateProvisioned', { mode: 'PROVISIONED', readCapacityUnits: 7, writeCapacityUnits: 4 });
    await createTable(client, { ...s, timeToLiveAttribute: undefined, deletionProtection: true }, { pollMs: 100 });
    const { Table: t } = await client.send(new DescribeTableCommand({ TableName: s.tableName }));
    assert.notEqual(t?.BillingModeSummary?.BillingMode, 'PAY_PER_REQUEST');
    assert.equal(t?.ProvisionedThroughput?.ReadCapacityUnits, 7);
    assert.equal(t?.ProvisionedThroughput?.WriteCapacityUnits, 4);
    assert.equal(t?.GlobalSecondaryIndexes?.[0].ProvisionedThroughput?.ReadCapacityUnits, 3);
    assert.equal(t?.GlobalSecondaryIndexes?.[0].ProvisionedThroughput?.WriteCapacityUnits, 1);
    assert.equal(t?.LocalSecondaryIndexes?.length, 1);
    assert.equal(t?.DeletionProtectionEnabled, true);
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: s.tableName }));
    assert.equal(ttl.TimeToLiveDescription?.TimeToLiveStatus, 'DISABLED');
    // Let the cleanup delete it.
    await client.send(new UpdateTableCommand({ TableName: s.tableName, DeletionProtectionEnabled: false }));
  });

  it('creates from a filled Create Table form exactly the table its request and CLI line describe', async () => {
    const name = uniqueTableName('form');
    created.push(name);
    const form: CreateTableForm = {
      ...emptyCreateTableForm(),
      tableName: name,
      partitionKey: { name: 'customerId', type: 'S' },
      sortKey: { name: 'shippedAt', type: 'N' },
      billing: 'PROVISIONED',
      readCapacity: '4',
      writeCapacity: '2',
      globalIndexes: [{ name: 'ByStatus', partitionKey: { name: 'status', type: 'S' }, sortKey: { name: 'shippedAt', type: 'N' }, projection: 'INCLUDE', include: 'total, carrier' }],
      localIndexes: [{ name: 'ByCarrier', sortKey: { name: 'carrier', type: 'S' }, projection: 'KEYS_ONLY', include: '' }],
      stream: 'NEW_AND_OLD_IMAGES',
      timeToLiveAttribute: 'expiresAt',
    };
    const check = checkCreateTableForm(form, { existingTables: [], location: 'Local / us-east-1', target: { endpointUrl: endpoint } });
    assert.deepEqual(check.problems, []);
    assert.ok(check.cliLine?.includes(`--endpoint-url ${endpoint}`));
    const input = buildCreateTableInput(check.spec);
    await createTable(testClient(endpoint), check.spec, { pollMs: 100 });
    const { Table } = await testClient(endpoint).send(new DescribeTableCommand({ TableName: name }));
    assert.equal(Table?.TableStatus, 'ACTIVE');
    assert.deepEqual(Table?.KeySchema, input.KeySchema);
    const byName = (a: { AttributeName?: string }, b: { AttributeName?: string }) => String(a.AttributeName).localeCompare(String(b.AttributeName));
    assert.deepEqual([...(Table?.AttributeDefinitions ?? [])].sort(byName), [...(input.AttributeDefinitions ?? [])].sort(byName));
    assert.deepEqual(
      { read: Table?.ProvisionedThroughput?.ReadCapacityUnits, write: Table?.ProvisionedThroughput?.WriteCapacityUnits },
      { read: 4, write: 2 },
    );
    const gsi = Table?.GlobalSecondaryIndexes?.[0];
    assert.deepEqual([gsi?.IndexName, gsi?.KeySchema, gsi?.Projection], ['ByStatus', input.GlobalSecondaryIndexes?.[0].KeySchema, { ProjectionType: 'INCLUDE', NonKeyAttributes: ['total', 'carrier'] }]);
    assert.deepEqual({ read: gsi?.ProvisionedThroughput?.ReadCapacityUnits, write: gsi?.ProvisionedThroughput?.WriteCapacityUnits }, { read: 4, write: 2 });
    const lsi = Table?.LocalSecondaryIndexes?.[0];
    assert.deepEqual([lsi?.IndexName, keysOf(lsi?.KeySchema), lsi?.Projection], ['ByCarrier', ['customerId:HASH', 'carrier:RANGE'], { ProjectionType: 'KEYS_ONLY' }]);
    assert.deepEqual(Table?.StreamSpecification, { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    const ttl = await testClient(endpoint).send(new DescribeTimeToLiveCommand({ TableName: name }));
    assert.equal(ttl.TimeToLiveDescription?.AttributeName, 'expiresAt');
  });

  it('sends nothing for an invalid spec', async () => {
    const client = testClient(endpoint);
    const s = spec('CreateInvalid', { mode: 'PROVISIONED', readCapacityUnits: 0, writeCapacityUnits: 1 });
    await assert.rejects(createTable(client, s), (e: unknown) => e instanceof StudioError && e.kind === 'validation' && /billing\.readCapacityUnits/.test(e.message));
    await assert.rejects(client.send(new DescribeTableCommand({ TableName: s.tableName })), { name: 'ResourceNotFoundException' });
  });

  it('reports an existing table by name', async () => {
    const client = testClient(endpoint);
    const s = spec('CreateTwice', { mode: 'PAY_PER_REQUEST' });
    const simple = { ...s, globalIndexes: [], localIndexes: [], stream: undefined, timeToLiveAttribute: undefined };
    await createTable(client, simple, { pollMs: 100 });
    await assert.rejects(createTable(client, simple), (e: unknown) => e instanceof StudioError && e.message.includes(`Create table "${s.tableName}" failed`) && e.awsCode === 'ResourceInUseException');
  });

  it('is refused on a read-only connection, and no table appears', async () => {
    await withReadOnlyClient(endpoint, async (client) => {
      const s = spec('CreateReadOnly', { mode: 'PAY_PER_REQUEST' });
      await assert.rejects(createTable(client, s), (e: unknown) => e instanceof StudioError && e.kind === 'readOnly' && /CreateTable was refused: the connection "LifecycleRO" is read-only/.test(e.message));
      await assert.rejects(testClient(endpoint).send(new DescribeTableCommand({ TableName: s.tableName })), { name: 'ResourceNotFoundException' });
    });
  });

  it('stops waiting when cancelled', async () => {
    const client = testClient(endpoint);
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(waitForTableActive(client, 'does-not-matter', { signal: controller.signal }), (e: unknown) => e instanceof StudioError && e.kind === 'cancelled');
  });
});
