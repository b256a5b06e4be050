// Backups, point-in-time recovery and replicas exist only on AWS (DynamoDB Local has none), so these tests check
// our requests as they leave the real SDK client: it serializes them against the API's schemas and sends them to
// a small HTTP server on 127.0.0.1 that records the operation (X-Amz-Target) and the JSON body, and answers a
// canned success. The expected bodies are written out by hand from the API reference.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, type TableDescription } from '@aws-sdk/client-dynamodb';
import {
  addReplicaInput,
  createBackup,
  createBackupInput,
  defaultBackupName,
  listBackups,
  pointInTimeRecoveryInput,
  removeReplicaInput,
  restoreFromBackup,
  restoreFromBackupInput,
  setPointInTimeRecovery,
  updateReplicas,
} from '../../../src/services/dynamo/backups';
import { StudioError } from '../../../src/model/errors';

interface Recorded {
  target: string | undefined;
  contentType: string | undefined;
  body: unknown;
}

/** Records requests and answers each with the next canned response for its operation. */
class RecordingEndpoint {
  readonly requests: Recorded[] = [];
  private readonly answers = new Map<string, { status: number; body: unknown }[]>();
  private server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = req.headers['x-amz-target'] as string | undefined;
      const text = Buffer.concat(chunks).toString('utf8');
      this.requests.push({ target, contentType: req.headers['content-type'], body: text ? JSON.parse(text) : undefined });
      const operation = target?.split('.')[1] ?? '';
      const answer = this.answers.get(operation)?.shift() ?? { status: 200, body: {} };
      res.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'test' });
      res.end(JSON.stringify(answer.body));
    });
  });

  answer(operation: string, body: unknown, status = 200): void {
    const list = this.answers.get(operation) ?? [];
    list.push({ status, body });
    this.answers.set(operation, list);
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const TABLE: TableDescription = {
  TableName: 'Orders',
  TableArn: 'arn:aws:dynamodb:eu-west-1:111122223333:table/Orders',
  StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  Replicas: [{ RegionName: 'us-east-1', ReplicaStatus: 'ACTIVE' }],
};
const BACKUP_ARN = 'arn:aws:dynamodb:eu-west-1:111122223333:table/Orders/backup/01714557600000-abcdefgh';

describe('backup and replica requests (recorded as the SDK sends them)', () => {
  const endpoint = new RecordingEndpoint();
  let client: DynamoDBClient;

  before(async () => {
    const url = await endpoint.start();
    client = new DynamoDBClient({ endpoint: url, region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
  });
  after(async () => {
    client.destroy();
    await endpoint.stop();
  });
  beforeEach(() => (endpoint.requests.length = 0));

  const last = () => endpoint.requests[endpoint.requests.length - 1];

  it('CreateBackup', async () => {
    endpoint.answer('CreateBackup', {
      BackupDetails: { BackupArn: BACKUP_ARN, BackupName: 'nightly', BackupStatus: 'CREATING', BackupType: 'USER', BackupCreationDateTime: 1714557600 },
    });
    const details = await createBackup(client, createBackupInput('Orders', 'nightly'));
    assert.equal(last().target, 'DynamoDB_20120810.CreateBackup');
    assert.equal(last().contentType, 'application/x-amz-json-1.0');
    assert.deepEqual(last().body, { TableName: 'Orders', BackupName: 'nightly' });
    assert.equal(details?.BackupArn, BACKUP_ARN);
    assert.equal(details?.BackupCreationDateTime?.toISOString(), '2024-05-01T10:00:00.000Z');
  });

  it('refuses a backup name the API would reject, before sending', () => {
    assert.throws(() => createBackupInput('Orders', 'my backup'), (e: unknown) => e instanceof StudioError && e.kind === 'validation' && /backup name/.test(e.message));
    assert.equal(defaultBackupName('Orders', new Date('2024-05-01T10:30:00.123Z')), 'Orders-2024-05-01T10-30-00Z');
    assert.doesNotThrow(() => createBackupInput('Orders', defaultBackupName('Orders')));
    assert.equal(endpoint.requests.length, 0);
  });

  it('ListBackups follows LastEvaluatedBackupArn across pages, newest first', async () => {
    endpoint.answer('ListBackups', {
      BackupSummaries: [{ BackupArn: 'arn:1', BackupName: 'older', BackupCreationDateTime: 1700000000 }],
      LastEvaluatedBackupArn: 'arn:1',
    });
    endpoint.answer('ListBackups', { BackupSummaries: [{ BackupArn: 'arn:2', BackupName: 'newer', BackupCreationDateTime: 1710000000 }] });
    const backups = await listBackups(client, 'Orders');
    assert.deepEqual(
      endpoint.requests.map((r) => [r.target, r.body]),
      [
        ['DynamoDB_20120810.ListBackups', { TableName: 'Orders', BackupType: 'ALL' }],
        ['DynamoDB_20120810.ListBackups', { TableName: 'Orders', BackupType: 'ALL', ExclusiveStartBackupArn: 'arn:1' }],
      ],
    );
    assert.deepEqual(backups.map((b) => b.BackupName), ['newer', 'older']);
  });

  it('RestoreTableFromBackup to a new table, with and without a billing override', async () => {
    endpoint.answer('RestoreTableFromBackup', { TableDescription: { TableName: 'OrdersRestored', TableStatus: 'CREATING' } });
    const restored = await restoreFromBackup(client, restoreFromBackupInput(BACKUP_ARN, 'OrdersRestored'));
    assert.equal(last().target, 'DynamoDB_20120810.RestoreTableFromBackup');
    assert.deepEqual(last().body, { BackupArn: BACKUP_ARN, TargetTableName: 'OrdersRestored' });
    assert.equal(restored?.TableStatus, 'CREATING');

    await restoreFromBackup(client, restoreFromBackupInput(BACKUP_ARN, 'OrdersProvisioned', { billingMode: 'PROVISIONED', capacity: { readCapacityUnits: 5, writeCapacityUnits: 3 } }));
    assert.deepEqual(last().body, {
      BackupArn: BACKUP_ARN,
      TargetTableName: 'OrdersProvisioned',
      BillingModeOverride: 'PROVISIONED',
      ProvisionedThroughputOverride: { ReadCapacityUnits: 5, WriteCapacityUnits: 3 },
    });
  });

  it('UpdateContinuousBackups turns point-in-time recovery on (with a period) and off', async () => {
    endpoint.answer('UpdateContinuousBackups', {
      ContinuousBackupsDescription: { ContinuousBackupsStatus: 'ENABLED', PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'ENABLED', RecoveryPeriodInDays: 7 } },
    });
    const on = await setPointInTimeRecovery(client, pointInTimeRecoveryInput('Orders', true, 7));
    assert.equal(last().target, 'DynamoDB_20120810.UpdateContinuousBackups');
    assert.deepEqual(last().body, { TableName: 'Orders', PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 7 } });
    assert.equal(on?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus, 'ENABLED');
    await setPointInTimeRecovery(client, pointInTimeRecoveryInput('Orders', false));
    assert.deepEqual(last().body, { TableName: 'Orders', PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false } });
    assert.throws(() => pointInTimeRecoveryInput('Orders', true, 36), (e: unknown) => e instanceof StudioError && /1 to 35 days/.test(e.message));
  });

  it('UpdateTable ReplicaUpdates adds and removes a replica region', async () => {
    endpoint.answer('UpdateTable', { TableDescription: { TableName: 'Orders', Replicas: [{ RegionName: 'ap-southeast-2', ReplicaStatus: 'CREATING' }] } });
    const added = await updateReplicas(client, addReplicaInput(TABLE, 'ap-southeast-2', 'eu-west-1'));
    assert.equal(last().target, 'DynamoDB_20120810.UpdateTable');
    assert.deepEqual(last().body, { TableName: 'Orders', ReplicaUpdates: [{ Create: { RegionName: 'ap-southeast-2' } }] });
    assert.equal(added?.Replicas?.[0].ReplicaStatus, 'CREATING');
    await updateReplicas(client, removeReplicaInput(TABLE, 'us-east-1'));
    assert.deepEqual(last().body, { TableName: 'Orders', ReplicaUpdates: [{ Delete: { RegionName: 'us-east-1' } }] });
  });

  it('refuses replica changes the service would refuse, saying why', () => {
    const validation = (pattern: RegExp) => (e: unknown) => e instanceof StudioError && e.kind === 'validation' && pattern.test(e.message);
    assert.throws(() => addReplicaInput(TABLE, 'eu-west-1', 'eu-west-1'), validation(/already lives in eu-west-1/));
    assert.throws(() => addReplicaInput(TABLE, 'us-east-1', 'eu-west-1'), validation(/already has a replica in us-east-1/));
    assert.throws(() => addReplicaInput(TABLE, 'Europe', 'eu-west-1'), validation(/not a region name/));
    const keysOnly = { ...TABLE, StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' as const } };
    assert.throws(() => addReplicaInput(keysOnly, 'ap-southeast-2', 'eu-west-1'), validation(/replicas need NEW_AND_OLD_IMAGES/));
    assert.throws(() => removeReplicaInput(TABLE, 'sa-east-1'), validation(/no replica in sa-east-1/));
    assert.equal(endpoint.requests.length, 0);
  });

  it('turns an endpoint without the API into an "unsupported" error that says so', async () => {
    endpoint.answer('CreateBackup', { __type: 'com.amazonaws.dynamodb.v20120810#UnknownOperationException', message: 'An unknown operation was requested.' }, 400);
    await assert.rejects(createBackup(client, createBackupInput('Orders', 'nightly')), (e: unknown) => {
      assert.ok(e instanceof StudioError);
      assert.equal(e.kind, 'unsupported');
      assert.match(e.message, /Back up table "Orders" failed: this endpoint does not support on-demand backups/);
      return true;
    });
  });
});
