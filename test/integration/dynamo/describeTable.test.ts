// Describing a table and summarising it for the explorer, against a real DynamoDB Local.
import * as assert from 'node:assert/strict';
import { CreateTableCommand, PutItemCommand, UpdateTableCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { indexSummaries, keySchemaSummary, streamSummary, tableTooltipLines } from '../../../src/model/table/tableInfo';
import { TableService } from '../../../src/services/dynamo/tableService';
import { StudioError } from '../../../src/model/errors';
import { deleteTables, getTestEndpoint, testClient, uniqueTableName } from '../dynamoLocal';

describe('TableService.describeTable and describeTimeToLive (DynamoDB Local)', function () {
  this.timeout(60_000);
  const indexedTable = uniqueTableName('DescribeIndexed');
  const plainTable = uniqueTableName('DescribePlain');
  let endpoint: string;
  let service: TableService;

  before(async () => {
    endpoint = await getTestEndpoint();
    const client = testClient(endpoint);
    service = new TableService(client);
    await client.send(
      new CreateTableCommand({
        TableName: indexedTable,
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'N' },
          { AttributeName: 'owner', AttributeType: 'S' },
          { AttributeName: 'created', AttributeType: 'S' },
          { AttributeName: 'size', AttributeType: 'N' },
          { AttributeName: 'kind', AttributeType: 'B' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        BillingMode: 'PROVISIONED',
        ProvisionedThroughput: { ReadCapacityUnits: 7, WriteCapacityUnits: 3 },
        GlobalSecondaryIndexes: [
          {
            IndexName: 'ByOwner',
            KeySchema: [
              { AttributeName: 'owner', KeyType: 'HASH' },
              { AttributeName: 'created', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['title', 'size'] },
            ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 1 },
          },
          {
            IndexName: 'ByKind',
            KeySchema: [{ AttributeName: 'kind', KeyType: 'HASH' }],
            Projection: { ProjectionType: 'KEYS_ONLY' },
            ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
          },
        ],
        LocalSecondaryIndexes: [
          {
            IndexName: 'BySize',
            KeySchema: [
              { AttributeName: 'pk', KeyType: 'HASH' },
              { AttributeName: 'size', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
        DeletionProtectionEnabled: true,
      }),
    );
    for (const sk of ['1', '2']) {
      await client.send(new PutItemCommand({ TableName: indexedTable, Item: { pk: { S: 'a' }, sk: { N: sk }, owner: { S: 'ops' }, created: { S: '2024-01-0' + sk }, size: { N: sk } } }));
    }
    await client.send(
      new CreateTableCommand({
        TableName: plainTable,
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  });

  after(async () => {
    if (!endpoint) return;
    const client = testClient(endpoint);
    await client.send(new UpdateTableCommand({ TableName: indexedTable, DeletionProtectionEnabled: false })).catch(() => undefined);
    await deleteTables(client, [indexedTable, plainTable]);
  });

  it('summarises the key schema, both GSIs, the LSI and the stream', async () => {
    const desc = await service.describeTable(indexedTable);
    assert.equal(desc.TableName, indexedTable);
    assert.equal(keySchemaSummary(desc), 'pk (S) · sk (N)');

    const indexes = indexSummaries(desc);
    assert.deepEqual(
      indexes.map((i) => [i.name, i.kind, i.keySummary, i.projectionLabel, i.statusLabel]),
      [
        ['ByKind', 'GSI', 'kind (B)', 'KEYS_ONLY', 'ACTIVE'],
        ['ByOwner', 'GSI', 'owner (S) · created (S)', 'INCLUDE (title, size)', 'ACTIVE'],
        ['BySize', 'LSI', 'pk (S) · size (N)', 'ALL', 'ACTIVE'],
      ],
    );
    assert.deepEqual(indexes.find((i) => i.name === 'ByOwner')?.provisioned, { readCapacityUnits: 2, writeCapacityUnits: 1 });
    assert.deepEqual(indexes.find((i) => i.name === 'BySize')?.keys, [
      { name: 'pk', type: 'S', role: 'partition' },
      { name: 'size', type: 'N', role: 'sort' },
    ]);

    const stream = streamSummary(desc);
    assert.equal(stream.enabled, true);
    assert.equal(stream.viewType, 'NEW_AND_OLD_IMAGES');
    assert.match(stream.arn ?? '', new RegExp(`table/${indexedTable}/stream/`));
  });

  it('builds a tooltip with ARN, capacity, item count, protection and indexes', async () => {
    const desc = await service.describeTable(indexedTable);
    const lines = tableTooltipLines(desc, await service.describeTimeToLive(indexedTable));
    assert.match(lines[0], new RegExp(`^ARN: arn:aws:dynamodb:[^:]+:\\d+:table/${indexedTable}$`));
    for (const expected of [
      'Status: ACTIVE',
      'Key: pk (S) · sk (N)',
      'Billing: Provisioned (7 RCU / 3 WCU)',
      'Items: 2 (approximate)',
      'Table class: STANDARD',
      'Deletion protection: on',
      'Indexes: ByKind (GSI), ByOwner (GSI), BySize (LSI)',
      'Stream: NEW_AND_OLD_IMAGES',
      'Time to live: off',
    ]) {
      assert.ok(lines.includes(expected), `tooltip lacks "${expected}":\n${lines.join('\n')}`);
    }
    assert.ok(lines.some((l) => /^Size: \d+(\.\d)? (B|KiB) \(approximate\)$/.test(l)), lines.join('\n'));
  });

  it('describes an on-demand table without indexes or stream', async () => {
    const desc = await service.describeTable(plainTable);
    assert.equal(keySchemaSummary(desc), 'id (S)');
    assert.deepEqual(indexSummaries(desc), []);
    assert.equal(streamSummary(desc).label, 'off');
    const lines = tableTooltipLines(desc);
    assert.ok(lines.includes('Billing: On-demand'), lines.join('\n'));
    assert.ok(lines.includes('Indexes: none'), lines.join('\n'));
    assert.ok(lines.includes('Deletion protection: off'), lines.join('\n'));
    assert.ok(!lines.some((l) => l.startsWith('Time to live')), 'no TTL line when TTL was not looked up');
  });

  it('reads the time-to-live setting before and after enabling it', async () => {
    const before = await service.describeTimeToLive(plainTable);
    assert.equal(before.supported, true);
    assert.equal(before.supported && before.description.TimeToLiveStatus, 'DISABLED');

    await testClient(endpoint).send(
      new UpdateTimeToLiveCommand({ TableName: plainTable, TimeToLiveSpecification: { Enabled: true, AttributeName: 'ExpiresAt' } }),
    );
    const after = await service.describeTimeToLive(plainTable);
    assert.ok(after.supported, 'DynamoDB Local supports time to live');
    assert.equal(after.description.TimeToLiveStatus, 'ENABLED');
    assert.equal(after.description.AttributeName, 'ExpiresAt');
    assert.ok(tableTooltipLines(await service.describeTable(plainTable), after).includes('Time to live: on (ExpiresAt)'));
  });

  it('reports a missing table as notFound, naming the table', async () => {
    const missing = uniqueTableName('NoSuchTable');
    for (const call of [() => service.describeTable(missing), () => service.describeTimeToLive(missing)]) {
      await assert.rejects(call(), (err: unknown) => {
        assert.ok(err instanceof StudioError, String(err));
        assert.equal(err.kind, 'notFound');
        assert.ok(err.message.includes(missing), err.message);
        assert.ok(err.hint, 'a notFound error says what to do');
        return true;
      });
    }
  });
});
