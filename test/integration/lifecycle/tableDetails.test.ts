// The table details page against a real DynamoDB Local, which has no tags and no backups: those sections say
// "not supported by this endpoint" while the rest is filled in; the backup and replica commands say the same.
import * as assert from 'node:assert/strict';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import {
  addReplicaInput,
  createBackup,
  createBackupInput,
  listBackups,
  pointInTimeRecoveryInput,
  setPointInTimeRecovery,
  updateReplicas,
} from '../../../src/services/dynamo/backups';
import { describeTableDetails, tableDetailsMarkdown } from '../../../src/services/dynamo/tableDetails';
import { setTimeToLive, timeToLiveInput } from '../../../src/services/dynamo/tableAdmin';
import { StudioError } from '../../../src/model/errors';
import { deleteTables, getTestEndpoint, testClient, uniqueTableName } from '../dynamoLocal';

describe('table details and backups (DynamoDB Local)', function () {
  this.timeout(60_000);
  let endpoint: string;
  const name = uniqueTableName('Details');

  before(async () => {
    endpoint = await getTestEndpoint();
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
          { AttributeName: 'sk', AttributeType: 'S' },
          { AttributeName: 'g', AttributeType: 'N' },
        ],
        GlobalSecondaryIndexes: [{ IndexName: 'ByG', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    );
    await setTimeToLive(client, timeToLiveInput(name, 'expiresAt'));
  });
  after(async () => {
    await deleteTables(testClient(endpoint), [name]);
  });

  it('gathers what the endpoint supports and marks tags and backups as not supported', async () => {
    const details = await describeTableDetails(testClient(endpoint), name);
    assert.equal(details.table.TableName, name);
    assert.deepEqual(details.timeToLive, { supported: true, value: { TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' } });
    assert.equal(details.tags.supported, false);
    assert.match(!details.tags.supported ? details.tags.reason : '', /^Not supported by this endpoint: it has no tags \(UnknownOperationException\)/);
    assert.equal(details.continuousBackups.supported, false);
    assert.deepEqual(details.replicas, { supported: true, value: [] });
    assert.equal(details.location.endpoint, endpoint.replace('localhost', '127.0.0.1').replace(/\/$/, ''));

    const page = tableDetailsMarkdown(details).join('\n');
    assert.ok(page.startsWith(`# ${name}\n`), 'the page is titled with the table name');
    assert.match(page, /\| Billing \| On-demand \|/);
    assert.match(page, /\| ByG \| GSI \| g \\\(N\\\) \| ALL \| ACTIVE \|/);
    assert.match(page, /## Stream\n\nOn, view type \*\*NEW_AND_OLD_IMAGES\*\*\./);
    assert.match(page, /## Time to live\n\non \\\(expiresAt\\\)/);
    assert.match(page, /## Backups\n\n_Not supported by this endpoint: it has no backups or point-in-time recovery/);
    assert.match(page, /## Tags\n\n_Not supported by this endpoint: it has no tags/);
    assert.match(page, /## Replicas\n\nNone: this is not a global table\./);
  });

  it('backup, PITR and replica changes say the endpoint does not support them', async () => {
    const client = testClient(endpoint);
    const unsupported = (feature: RegExp) => (e: unknown) => e instanceof StudioError && e.kind === 'unsupported' && feature.test(e.message);
    await assert.rejects(createBackup(client, createBackupInput(name, 'nightly')), unsupported(/does not support on-demand backups/));
    await assert.rejects(listBackups(client, name), unsupported(/does not support on-demand backups/));
    await assert.rejects(setPointInTimeRecovery(client, pointInTimeRecoveryInput(name, true)), unsupported(/does not support point-in-time recovery/));
    const details = await describeTableDetails(client, name);
    await assert.rejects(updateReplicas(client, addReplicaInput(details.table, 'eu-west-1', 'us-east-1')), unsupported(/does not support global table replicas/));
  });

  it('fails, rather than hides, a table that does not exist', async () => {
    await assert.rejects(describeTableDetails(testClient(endpoint), uniqueTableName('Nope')), (e: unknown) => e instanceof StudioError && e.kind === 'notFound');
  });
});
