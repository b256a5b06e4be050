// The exact UpdateTable / UpdateTimeToLive requests behind "Update Table", and the checks made before sending.
import * as assert from 'node:assert/strict';
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import {
  addGlobalIndexInput,
  billingUpdateInput,
  deleteGlobalIndexInput,
  deletionProtectionInput,
  isTableNameConfirmed,
  streamUpdateInputs,
  tableClassInput,
  timeToLiveInput,
} from '../../../src/services/dynamo/tableAdmin';
import { StudioError } from '../../../src/model/errors';

const ON_DEMAND: TableDescription = {
  TableName: 'Orders',
  TableStatus: 'ACTIVE',
  AttributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: 'status', AttributeType: 'S' },
  ],
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
  BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
  GlobalSecondaryIndexes: [{ IndexName: 'ByStatus', IndexStatus: 'ACTIVE', KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
};

const PROVISIONED: TableDescription = {
  ...ON_DEMAND,
  BillingModeSummary: undefined,
  ProvisionedThroughput: { ReadCapacityUnits: 4, WriteCapacityUnits: 2 },
  StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
};

const isValidation = (pattern: RegExp) => (e: unknown) => e instanceof StudioError && e.kind === 'validation' && pattern.test(e.message);

describe('update table requests', () => {
  it('switches to provisioned with capacity for the table and every index', () => {
    assert.deepEqual(billingUpdateInput(ON_DEMAND, { mode: 'PROVISIONED', readCapacityUnits: 10, writeCapacityUnits: 5 }, { ByStatus: { readCapacityUnits: 2, writeCapacityUnits: 1 } }), {
      TableName: 'Orders',
      BillingMode: 'PROVISIONED',
      ProvisionedThroughput: { ReadCapacityUnits: 10, WriteCapacityUnits: 5 },
      GlobalSecondaryIndexUpdates: [{ Update: { IndexName: 'ByStatus', ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 1 } } }],
    });
    assert.deepEqual(billingUpdateInput(PROVISIONED, { mode: 'PAY_PER_REQUEST' }), { TableName: 'Orders', BillingMode: 'PAY_PER_REQUEST' });
    assert.throws(() => billingUpdateInput(ON_DEMAND, { mode: 'PAY_PER_REQUEST' }), isValidation(/already on-demand/));
    assert.throws(() => billingUpdateInput(ON_DEMAND, { mode: 'PROVISIONED', readCapacityUnits: 0, writeCapacityUnits: 1 }), isValidation(/at least 1 \(got 0\)/));
  });

  it('turns a stream on, off, or off-then-on to change its view type', () => {
    assert.deepEqual(streamUpdateInputs(ON_DEMAND, 'NEW_IMAGE'), [{ TableName: 'Orders', StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } }]);
    assert.deepEqual(streamUpdateInputs(PROVISIONED, undefined), [{ TableName: 'Orders', StreamSpecification: { StreamEnabled: false } }]);
    assert.deepEqual(streamUpdateInputs(PROVISIONED, 'NEW_AND_OLD_IMAGES'), [
      { TableName: 'Orders', StreamSpecification: { StreamEnabled: false } },
      { TableName: 'Orders', StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } },
    ]);
    assert.throws(() => streamUpdateInputs(PROVISIONED, 'KEYS_ONLY'), isValidation(/already on with KEYS_ONLY/));
    assert.throws(() => streamUpdateInputs(ON_DEMAND, undefined), isValidation(/already off/));
  });

  it('turns time to live on with an attribute, and off with the current one', () => {
    assert.deepEqual(timeToLiveInput('Orders', 'expiresAt'), { TableName: 'Orders', TimeToLiveSpecification: { Enabled: true, AttributeName: 'expiresAt' } });
    assert.deepEqual(timeToLiveInput('Orders', undefined, 'expiresAt'), { TableName: 'Orders', TimeToLiveSpecification: { Enabled: false, AttributeName: 'expiresAt' } });
    assert.throws(() => timeToLiveInput('Orders', ''), isValidation(/empty/));
    assert.throws(() => timeToLiveInput('Orders', undefined), isValidation(/it is not on/));
  });

  it('adds a global index with its key definitions, capacity only on provisioned tables', () => {
    const index = { name: 'ByDay', partitionKey: { name: 'day', type: 'S' as const }, sortKey: { name: 'n', type: 'N' as const }, projection: { type: 'KEYS_ONLY' as const } };
    assert.deepEqual(addGlobalIndexInput(ON_DEMAND, index), {
      TableName: 'Orders',
      AttributeDefinitions: [
        { AttributeName: 'day', AttributeType: 'S' },
        { AttributeName: 'n', AttributeType: 'N' },
      ],
      GlobalSecondaryIndexUpdates: [
        {
          Create: {
            IndexName: 'ByDay',
            KeySchema: [
              { AttributeName: 'day', KeyType: 'HASH' },
              { AttributeName: 'n', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'KEYS_ONLY' },
          },
        },
      ],
    });
    // No capacity given: the table's.
    assert.deepEqual(addGlobalIndexInput(PROVISIONED, index).GlobalSecondaryIndexUpdates?.[0].Create?.ProvisionedThroughput, { ReadCapacityUnits: 4, WriteCapacityUnits: 2 });
    assert.throws(() => addGlobalIndexInput(ON_DEMAND, { ...index, name: 'ByStatus' }), isValidation(/already has an index with that name/));
    assert.throws(() => addGlobalIndexInput(ON_DEMAND, { ...index, partitionKey: { name: 'status', type: 'N' } }), isValidation(/"status" is already a key of type S, not N/));
  });

  it('deletes only existing global indexes; protection and class are single fields', () => {
    assert.deepEqual(deleteGlobalIndexInput(ON_DEMAND, 'ByStatus'), { TableName: 'Orders', GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'ByStatus' } }] });
    assert.throws(() => deleteGlobalIndexInput(ON_DEMAND, 'Nope'), isValidation(/no global index "Nope"/));
    assert.deepEqual(deletionProtectionInput('Orders', true), { TableName: 'Orders', DeletionProtectionEnabled: true });
    assert.deepEqual(tableClassInput('Orders', 'STANDARD_INFREQUENT_ACCESS'), { TableName: 'Orders', TableClass: 'STANDARD_INFREQUENT_ACCESS' });
  });

  it('confirms a delete only with the exact table name', () => {
    assert.equal(isTableNameConfirmed('Orders', 'Orders'), true);
    for (const typed of ['orders', 'Orders ', '', undefined]) assert.equal(isTableNameConfirmed('Orders', typed), false);
  });
});
