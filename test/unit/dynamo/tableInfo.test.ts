// The explorer's summaries of hand-written DescribeTable results.
import * as assert from 'node:assert/strict';
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import {
  billingSummary,
  formatBytes,
  indexSummaries,
  keySchemaSummary,
  streamSummary,
  tableTooltipLines,
  timeToLiveLabel,
} from '../../../src/model/table/tableInfo';

const devOpsProjects: TableDescription = {
  TableName: 'DevOpsProjects',
  TableArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/DevOpsProjects',
  TableStatus: 'ACTIVE',
  AttributeDefinitions: [{ AttributeName: 'ProjectID', AttributeType: 'S' }],
  KeySchema: [{ AttributeName: 'ProjectID', KeyType: 'HASH' }],
  ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5, NumberOfDecreasesToday: 0 },
  ItemCount: 8,
  TableSizeBytes: 512,
};

const customerOrders: TableDescription = {
  TableName: 'CustomerOrders',
  TableArn: 'arn:aws:dynamodb:eu-west-1:123456789012:table/CustomerOrders',
  TableStatus: 'UPDATING',
  // Deliberately out of order: the sort key is listed first, as nothing in the API forbids.
  KeySchema: [
    { AttributeName: 'OrderId', KeyType: 'RANGE' },
    { AttributeName: 'CustomerId', KeyType: 'HASH' },
  ],
  AttributeDefinitions: [
    { AttributeName: 'CustomerId', AttributeType: 'S' },
    { AttributeName: 'OrderId', AttributeType: 'S' },
    { AttributeName: 'Status', AttributeType: 'S' },
    { AttributeName: 'OrderDate', AttributeType: 'S' },
    { AttributeName: 'Total', AttributeType: 'N' },
    { AttributeName: 'Sku', AttributeType: 'B' },
  ],
  BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
  ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
  GlobalSecondaryIndexes: [
    {
      IndexName: 'ByStatus',
      KeySchema: [
        { AttributeName: 'Status', KeyType: 'HASH' },
        { AttributeName: 'OrderDate', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
      IndexStatus: 'ACTIVE',
      ItemCount: 3000,
      IndexSizeBytes: 2048,
    },
    {
      IndexName: 'BySku',
      KeySchema: [{ AttributeName: 'Sku', KeyType: 'HASH' }],
      Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['Total', 'Status'] },
      IndexStatus: 'CREATING',
      Backfilling: true,
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
  StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
  LatestStreamArn: 'arn:aws:dynamodb:eu-west-1:123456789012:table/CustomerOrders/stream/2024-01-01T00:00:00.000',
  TableClassSummary: { TableClass: 'STANDARD_INFREQUENT_ACCESS' },
  DeletionProtectionEnabled: true,
  ItemCount: 1234567,
  TableSizeBytes: 5 * 1024 * 1024 * 1024,
  CreationDateTime: new Date('2024-03-01T12:00:00.000Z'),
};

describe('tableInfo', () => {
  describe('keySchemaSummary', () => {
    it('shows a partition key with its type', () => {
      assert.equal(keySchemaSummary(devOpsProjects), 'ProjectID (S)');
    });
    it('puts the partition key before the sort key whatever the order in the description', () => {
      assert.equal(keySchemaSummary(customerOrders), 'CustomerId (S) · OrderId (S)');
    });
    it('marks a key whose attribute definition is missing', () => {
      assert.equal(keySchemaSummary({ KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }] }), 'id (?)');
    });
    it('is empty for a description without keys', () => {
      assert.equal(keySchemaSummary({}), '');
    });
  });

  describe('indexSummaries', () => {
    it('lists GSIs then LSIs, sorted by name, with keys, status and projection', () => {
      const indexes = indexSummaries(customerOrders);
      assert.deepEqual(
        indexes.map((i) => ({ name: i.name, kind: i.kind, keys: i.keySummary, status: i.statusLabel, projection: i.projectionLabel })),
        [
          { name: 'BySku', kind: 'GSI', keys: 'Sku (B)', status: 'CREATING (backfilling)', projection: 'INCLUDE (Total, Status)' },
          { name: 'ByStatus', kind: 'GSI', keys: 'Status (S) · OrderDate (S)', status: 'ACTIVE', projection: 'ALL' },
          { name: 'ByTotal', kind: 'LSI', keys: 'CustomerId (S) · Total (N)', status: 'UPDATING', projection: 'KEYS_ONLY' },
        ],
      );
      assert.equal(indexes[0].backfilling, true);
      assert.deepEqual(indexes[0].nonKeyAttributes, ['Total', 'Status']);
      assert.equal(indexes[1].backfilling, false);
      assert.equal(indexes[1].itemCount, 3000);
      assert.equal(indexes[1].sizeBytes, 2048);
      assert.deepEqual(indexes[2].keys, [
        { name: 'CustomerId', type: 'S', role: 'partition' },
        { name: 'Total', type: 'N', role: 'sort' },
      ]);
    });
    it('shows provisioned capacity of a GSI only when it has some', () => {
      const desc: TableDescription = {
        ...devOpsProjects,
        AttributeDefinitions: [...(devOpsProjects.AttributeDefinitions ?? []), { AttributeName: 'Owner', AttributeType: 'S' }],
        GlobalSecondaryIndexes: [
          { IndexName: 'ByOwner', KeySchema: [{ AttributeName: 'Owner', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' }, IndexStatus: 'ACTIVE', ProvisionedThroughput: { ReadCapacityUnits: 3, WriteCapacityUnits: 2 } },
        ],
      };
      assert.deepEqual(indexSummaries(desc)[0].provisioned, { readCapacityUnits: 3, writeCapacityUnits: 2 });
      const onDemand = indexSummaries(customerOrders).find((i) => i.name === 'ByStatus');
      assert.ok(onDemand);
      assert.equal(onDemand.provisioned, undefined);
    });
    it('is empty for a table without indexes', () => {
      assert.deepEqual(indexSummaries(devOpsProjects), []);
    });
  });

  describe('streamSummary', () => {
    it('names the view type and ARN of an enabled stream', () => {
      assert.deepEqual(streamSummary(customerOrders), {
        enabled: true,
        viewType: 'NEW_IMAGE',
        arn: customerOrders.LatestStreamArn,
        label: 'NEW_IMAGE',
      });
    });
    it('says off when there is no stream or it was disabled (the old ARN is not shown)', () => {
      assert.deepEqual(streamSummary(devOpsProjects), { enabled: false, viewType: undefined, arn: undefined, label: 'off' });
      const disabled = { ...customerOrders, StreamSpecification: { StreamEnabled: false } };
      assert.equal(streamSummary(disabled).label, 'off');
      assert.equal(streamSummary(disabled).arn, undefined);
    });
  });

  describe('formatBytes', () => {
    const cases: Array<[number | undefined, string]> = [
      [0, '0 B'],
      [1, '1 B'],
      [1023, '1023 B'],
      [1024, '1.0 KiB'],
      [1536, '1.5 KiB'],
      [1024 * 1024 - 1, '1.0 MiB'],
      [10 * 1024 * 1024, '10.0 MiB'],
      [5 * 1024 ** 3, '5.0 GiB'],
      [2.5 * 1024 ** 4, '2.5 TiB'],
      [3 * 1024 ** 6, '3072.0 PiB'],
      [undefined, 'unknown'],
      [-1, 'unknown'],
      [Number.NaN, 'unknown'],
    ];
    for (const [input, expected] of cases) {
      it(`${String(input)} → ${expected}`, () => assert.equal(formatBytes(input), expected));
    }
  });

  describe('billingSummary', () => {
    it('reads provisioned capacity when the billing mode summary is absent', () => {
      assert.equal(billingSummary(devOpsProjects), 'Provisioned (5 RCU / 5 WCU)');
    });
    it('says on-demand, with maximum throughput when one is set', () => {
      assert.equal(billingSummary(customerOrders), 'On-demand');
      assert.equal(
        billingSummary({ ...customerOrders, OnDemandThroughput: { MaxReadRequestUnits: 1000, MaxWriteRequestUnits: -1 } }),
        'On-demand (max 1,000 reads/s)',
      );
    });
  });

  describe('timeToLiveLabel', () => {
    it('covers enabled, disabled, transitions and unsupported endpoints', () => {
      assert.equal(timeToLiveLabel({ TimeToLiveStatus: 'ENABLED', AttributeName: 'ExpiresAt' }), 'on (ExpiresAt)');
      assert.equal(timeToLiveLabel({ supported: true, description: { TimeToLiveStatus: 'DISABLED' } }), 'off');
      assert.equal(timeToLiveLabel({ supported: true, description: { TimeToLiveStatus: 'ENABLING', AttributeName: 'ttl' } }), 'enabling (ttl)');
      assert.equal(timeToLiveLabel({ TimeToLiveStatus: 'DISABLING', AttributeName: 'ttl' }), 'disabling (ttl)');
      assert.equal(timeToLiveLabel({ supported: false, reason: 'no TTL API' }), 'not supported by this endpoint');
    });
  });

  describe('tableTooltipLines', () => {
    it('lists ARN, status, key, billing, count, size, class, protection, indexes, stream, TTL and creation time', () => {
      assert.deepEqual(tableTooltipLines(customerOrders, { TimeToLiveStatus: 'ENABLED', AttributeName: 'ExpiresAt' }), [
        'ARN: arn:aws:dynamodb:eu-west-1:123456789012:table/CustomerOrders',
        'Status: UPDATING',
        'Key: CustomerId (S) · OrderId (S)',
        'Billing: On-demand',
        'Items: 1,234,567 (approximate)',
        'Size: 5.0 GiB (approximate)',
        'Table class: STANDARD_INFREQUENT_ACCESS',
        'Deletion protection: on',
        'Indexes: BySku (GSI, creating, backfilling), ByStatus (GSI), ByTotal (LSI)',
        'Stream: NEW_IMAGE',
        'Time to live: on (ExpiresAt)',
        'Created: 2024-03-01T12:00:00.000Z',
      ]);
    });
    it('fills defaults for a provisioned table and leaves TTL out when it was not read', () => {
      assert.deepEqual(tableTooltipLines(devOpsProjects), [
        'ARN: arn:aws:dynamodb:us-east-1:123456789012:table/DevOpsProjects',
        'Status: ACTIVE',
        'Key: ProjectID (S)',
        'Billing: Provisioned (5 RCU / 5 WCU)',
        'Items: 8 (approximate)',
        'Size: 512 B (approximate)',
        'Table class: STANDARD',
        'Deletion protection: off',
        'Indexes: none',
        'Stream: off',
      ]);
    });
    it('says when the endpoint has no TTL and when numbers are missing', () => {
      const lines = tableTooltipLines({ TableName: 'Bare' }, { supported: false, reason: 'unsupported' });
      assert.ok(lines.includes('Time to live: not supported by this endpoint'), lines.join('\n'));
      assert.ok(lines.includes('Items: unknown (approximate)'), lines.join('\n'));
      assert.ok(lines.includes('Size: unknown (approximate)'), lines.join('\n'));
      assert.ok(lines.includes('Status: unknown'), lines.join('\n'));
      assert.ok(!lines.some((l) => l.startsWith('ARN:')), 'no ARN line without an ARN');
    });
  });
});
