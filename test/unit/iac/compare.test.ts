// Declared vs live, on hand-written DescribeTable answers: drift names both values; unknowns and unsupported
// settings are never drift.
import * as assert from 'node:assert/strict';
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import { compareTables, comparisonSummary } from '../../../src/model/iac/compare';
import { liveTableModel, type LiveTable } from '../../../src/model/iac/liveModel';
import { readFixture, tableOf } from './fixtures';

const inventoryLive: TableDescription = {
  TableName: 'inventory',
  TableStatus: 'ACTIVE',
  AttributeDefinitions: [
    { AttributeName: 'WarehouseId', AttributeType: 'S' },
    { AttributeName: 'ItemId', AttributeType: 'S' },
    { AttributeName: 'Quantity', AttributeType: 'N' },
  ],
  KeySchema: [
    { AttributeName: 'WarehouseId', KeyType: 'HASH' },
    { AttributeName: 'ItemId', KeyType: 'RANGE' },
  ],
  BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
  ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
  GlobalSecondaryIndexes: [
    {
      IndexName: 'ByQuantity',
      IndexStatus: 'ACTIVE',
      KeySchema: [
        { AttributeName: 'WarehouseId', KeyType: 'HASH' },
        { AttributeName: 'Quantity', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'KEYS_ONLY' },
    },
  ],
  StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
};

function live(table: TableDescription, extra: Partial<LiveTable> = {}): LiveTable {
  return {
    table,
    timeToLive: { supported: true, value: { TimeToLiveStatus: 'DISABLED' } },
    continuousBackups: { supported: true, value: { ContinuousBackupsStatus: 'ENABLED', PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'ENABLED' } } },
    tags: { supported: true, value: [{ Key: 'Service', Value: 'inventory' }, { Key: 'aws:cloudformation:stack-name', Value: 'InventoryStack' }] },
    ...extra,
  };
}

describe('IaC compare', () => {
  it('a live table exactly as declared: no drift, and aws: tags set by CloudFormation are not drift', async () => {
    const declared = tableOf(await readFixture('cdk/cdk.out/InventoryStack.template.json'), 'InventoryTable8E2F0B1C');
    const c = compareTables(declared.model, liveTableModel(live(inventoryLive)));
    assert.deepEqual(c.findings.filter((f) => f.status !== 'match'), []);
    assert.equal(c.counts.drift, 0);
    assert.ok(c.counts.match >= 12, comparisonSummary(c));
  });

  it('a GSI added by hand, TTL switched on, stream view changed, billing switched: each drift names live and declared values', async () => {
    const declared = tableOf(await readFixture('cdk/cdk.out/InventoryStack.template.json'), 'InventoryTable8E2F0B1C');
    const changed: TableDescription = {
      ...inventoryLive,
      BillingModeSummary: { BillingMode: 'PROVISIONED' },
      ProvisionedThroughput: { ReadCapacityUnits: 7, WriteCapacityUnits: 3 },
      AttributeDefinitions: [...inventoryLive.AttributeDefinitions!, { AttributeName: 'Sku', AttributeType: 'S' }],
      GlobalSecondaryIndexes: [
        ...inventoryLive.GlobalSecondaryIndexes!,
        { IndexName: 'BySku', IndexStatus: 'ACTIVE', KeySchema: [{ AttributeName: 'Sku', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } },
      ],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    };
    const c = compareTables(declared.model, liveTableModel(live(changed, { timeToLive: { supported: true, value: { TimeToLiveStatus: 'ENABLED', AttributeName: 'Expires' } } })));
    const drift = Object.fromEntries(c.findings.filter((f) => f.status === 'drift').map((f) => [f.path, { live: f.live, declared: f.declared }]));
    assert.deepEqual(drift, {
      billingMode: { live: 'provisioned (PROVISIONED)', declared: 'on-demand (PAY_PER_REQUEST)' },
      'gsi:BySku': { live: 'present', declared: 'missing' },
      timeToLive: { live: 'on (Expires)', declared: 'off' },
      stream: { live: 'on (NEW_AND_OLD_IMAGES)', declared: 'on (NEW_IMAGE)' },
    });
    const ttl = c.findings.find((f) => f.path === 'timeToLive')!;
    assert.equal(ttl.message, 'Time to live drifted: live on (Expires), declared off.');
    assert.match(c.findings.find((f) => f.path === 'gsi:BySku')!.message, /the live table has it \(Sku \(S\), ALL\) but it is not declared/);
  });

  it('values from parameters, conditions and imports are unknown, never drift, whatever the live value', async () => {
    const declared = tableOf(await readFixture('cloudformation/orders.yaml'), 'OrdersTable');
    const liveOrders: TableDescription = {
      TableName: 'orders-prod',
      AttributeDefinitions: [
        { AttributeName: 'CustomerId', AttributeType: 'S' },
        { AttributeName: 'OrderId', AttributeType: 'S' },
        { AttributeName: 'Status', AttributeType: 'S' },
        { AttributeName: 'Total', AttributeType: 'N' },
      ],
      KeySchema: [
        { AttributeName: 'CustomerId', KeyType: 'HASH' },
        { AttributeName: 'OrderId', KeyType: 'RANGE' },
      ],
      BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
      GlobalSecondaryIndexes: [
        {
          IndexName: 'ByStatus',
          KeySchema: [
            { AttributeName: 'Status', KeyType: 'HASH' },
            { AttributeName: 'OrderId', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['CustomerId', 'Total'] },
        },
      ],
      LocalSecondaryIndexes: [
        {
          IndexName: 'ByTotal',
          KeySchema: [
            { AttributeName: 'CustomerId', KeyType: 'HASH' },
            { AttributeName: 'Total', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      SSEDescription: { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/abc' },
      DeletionProtectionEnabled: true,
    };
    const c = compareTables(
      declared.model,
      liveTableModel(
        live(liveOrders, {
          timeToLive: { supported: true, value: { TimeToLiveStatus: 'ENABLED', AttributeName: 'ExpiresAt' } },
          tags: { supported: true, value: [{ Key: 'Team', Value: 'orders' }, { Key: 'Env', Value: 'something-else' }] },
        }),
      ),
    );
    assert.equal(c.counts.drift, 0, c.findings.filter((f) => f.status === 'drift').map((f) => f.message).join('\n'));
    const unknown = c.findings.filter((f) => f.status === 'unknown');
    assert.deepEqual(unknown.map((f) => f.path), ['pointInTimeRecovery', 'tags.Env']);
    assert.equal(unknown[1].message, 'Tag "Env": the declared value comes from parameter Env (default "dev"; the deployed value may differ), so it is unknown here and not compared (live: "something-else").');
  });

  it('an endpoint without tags or point-in-time recovery: "not supported by this endpoint", not drift', async () => {
    const declared = tableOf(await readFixture('cdk/cdk.out/InventoryStack.template.json'), 'InventoryTable8E2F0B1C');
    const c = compareTables(
      declared.model,
      liveTableModel(
        live(inventoryLive, {
          continuousBackups: { supported: false, reason: 'Not supported by this endpoint: it has no backups or point-in-time recovery (UnknownOperationException).' },
          tags: { supported: false, reason: 'Not supported by this endpoint: it has no tags (UnknownOperationException).' },
        }),
      ),
    );
    assert.equal(c.counts.drift, 0);
    const unsupported = c.findings.filter((f) => f.status === 'unsupported');
    assert.deepEqual(unsupported.map((f) => [f.path, f.live]), [
      ['pointInTimeRecovery', 'not supported by this endpoint'],
      ['tags', 'not supported by this endpoint'],
    ]);
    assert.match(unsupported[0].message, /^Point-in-time recovery: not supported by this endpoint, so not compared \(declared: on\)\.$/);
  });

  it('provisioned capacity of the table and of a GSI is compared when both sides are provisioned', async () => {
    const declared = tableOf(await readFixture('cloudformation/catalog.json'), 'Catalog');
    const catalogLive: TableDescription = {
      TableName: 'catalog',
      AttributeDefinitions: [
        { AttributeName: 'Sku', AttributeType: 'S' },
        { AttributeName: 'Category', AttributeType: 'S' },
        { AttributeName: 'Price', AttributeType: 'N' },
      ],
      KeySchema: [{ AttributeName: 'Sku', KeyType: 'HASH' }],
      ProvisionedThroughput: { ReadCapacityUnits: 10, WriteCapacityUnits: 5 },
      GlobalSecondaryIndexes: [
        {
          IndexName: 'ByCategory',
          KeySchema: [
            { AttributeName: 'Category', KeyType: 'HASH' },
            { AttributeName: 'Price', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
          ProvisionedThroughput: { ReadCapacityUnits: 8, WriteCapacityUnits: 2 },
        },
      ],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
    };
    const c = compareTables(declared.model, liveTableModel(live(catalogLive, { tags: { supported: true, value: [] } })));
    const drift = c.findings.filter((f) => f.status === 'drift');
    assert.deepEqual(drift.map((f) => f.message), ['Global index "ByCategory" capacity drifted: live 8 read / 2 write units, declared 4 read / 2 write units.', 'Point-in-time recovery drifted: live on, declared off.']);
    assert.equal(c.findings.find((f) => f.path === 'tags.Owner')!.status, 'unknown');
  });
});
