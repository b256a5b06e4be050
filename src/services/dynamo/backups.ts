// On-demand backups, point-in-time recovery and global table replicas: request builders that return the exact
// inputs (tested against the API's request shapes) and executors that send them. Endpoints without these APIs
// (DynamoDB Local) are answered with an 'unsupported' error that says so, not a raw UnknownOperationException.
import {
  CreateBackupCommand,
  DynamoDBClient,
  ListBackupsCommand,
  RestoreTableFromBackupCommand,
  UpdateContinuousBackupsCommand,
  UpdateTableCommand,
  type BackupDetails,
  type BackupSummary,
  type BillingMode,
  type ContinuousBackupsDescription,
  type CreateBackupCommandInput,
  type ListBackupsCommandInput,
  type RestoreTableFromBackupCommandInput,
  type TableDescription,
  type UpdateContinuousBackupsCommandInput,
  type UpdateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { StudioError } from '../../model/errors';
import { resourceNameProblem } from '../../model/table/createTableSpec';
import { adminError, isUnsupportedOperation } from './tableAdmin';

function requireName(name: string, what: string, hint: string): void {
  const problem = resourceNameProblem(name, what);
  if (problem) throw new StudioError('validation', problem, { hint });
}

/** A backup name from the table name and a UTC timestamp, e.g. `Orders-2024-05-01T10-30-00Z`. */
export function defaultBackupName(tableName: string, now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
  // The whole name has the same 255-character limit as a table name.
  return `${tableName.slice(0, 255 - stamp.length - 1)}-${stamp}`;
}

export function createBackupInput(tableName: string, backupName: string): CreateBackupCommandInput {
  requireName(backupName, 'The backup name', 'Use 3 to 255 letters, digits, "_", "-" or ".".');
  return { TableName: tableName, BackupName: backupName };
}

export function listBackupsInput(tableName: string | undefined, startAfterArn?: string): ListBackupsCommandInput {
  const input: ListBackupsCommandInput = { BackupType: 'ALL' };
  if (tableName) input.TableName = tableName;
  if (startAfterArn) input.ExclusiveStartBackupArn = startAfterArn;
  return input;
}

export interface RestoreOptions {
  /** Billing of the new table; the backed-up table's billing when omitted. */
  billingMode?: BillingMode;
  /** Needed with billingMode PROVISIONED. */
  capacity?: { readCapacityUnits: number; writeCapacityUnits: number };
}

export function restoreFromBackupInput(backupArn: string, targetTableName: string, options: RestoreOptions = {}): RestoreTableFromBackupCommandInput {
  requireName(targetTableName, 'The name of the restored table', 'A restore creates a new table: give it a name of 3 to 255 letters, digits, "_", "-" or ".".');
  const input: RestoreTableFromBackupCommandInput = { BackupArn: backupArn, TargetTableName: targetTableName };
  if (options.billingMode) {
    input.BillingModeOverride = options.billingMode;
    if (options.billingMode === 'PROVISIONED') {
      const c = options.capacity;
      if (!c || !(c.readCapacityUnits >= 1 && c.writeCapacityUnits >= 1)) {
        throw new StudioError('validation', `Restoring to "${targetTableName}" with provisioned billing needs read and write capacity of at least 1.`);
      }
      input.ProvisionedThroughputOverride = { ReadCapacityUnits: c.readCapacityUnits, WriteCapacityUnits: c.writeCapacityUnits };
    }
  }
  return input;
}

/** Point-in-time recovery on or off; the recovery period (1 to 35 days) applies when turning it on. */
export function pointInTimeRecoveryInput(tableName: string, enabled: boolean, recoveryPeriodInDays?: number): UpdateContinuousBackupsCommandInput {
  const spec: UpdateContinuousBackupsCommandInput['PointInTimeRecoverySpecification'] = { PointInTimeRecoveryEnabled: enabled };
  if (enabled && recoveryPeriodInDays !== undefined) {
    if (!Number.isInteger(recoveryPeriodInDays) || recoveryPeriodInDays < 1 || recoveryPeriodInDays > 35) {
      throw new StudioError('validation', `The recovery period must be 1 to 35 days (got ${recoveryPeriodInDays}).`);
    }
    spec.RecoveryPeriodInDays = recoveryPeriodInDays;
  }
  return { TableName: tableName, PointInTimeRecoverySpecification: spec };
}

// ---- replicas (global tables, version 2019.11.21) ---------------------------------------------------------------

export interface ReplicaView {
  region: string;
  status: string;
  /** e.g. `42%` while a replica is being created. */
  progress?: string;
  statusDescription?: string;
  tableClass?: string;
}

/** The replicas of a table as DescribeTable reports them; empty for a table that is not global. */
export function replicaViews(desc: TableDescription): ReplicaView[] {
  return (desc.Replicas ?? []).map((r) => ({
    region: r.RegionName ?? '?',
    status: r.ReplicaStatus ?? 'UNKNOWN',
    progress: r.ReplicaStatusPercentProgress,
    statusDescription: r.ReplicaStatusDescription,
    tableClass: r.ReplicaTableClassSummary?.TableClass,
  }));
}

const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;

function requireRegion(region: string): void {
  if (!REGION_PATTERN.test(region)) {
    throw new StudioError('validation', `"${region}" is not a region name.`, { hint: 'Use a region code such as eu-west-1.' });
  }
}

/**
 * UpdateTable adding a replica. The service requires a stream with NEW_AND_OLD_IMAGES on the table, and refuses
 * the region the table lives in; both are checked here first.
 */
export function addReplicaInput(desc: TableDescription, region: string, homeRegion?: string): UpdateTableCommandInput {
  requireRegion(region);
  const name = desc.TableName!;
  if (region === homeRegion) throw new StudioError('validation', `Table "${name}" already lives in ${region}; a replica goes to another region.`);
  if (replicaViews(desc).some((r) => r.region === region)) throw new StudioError('validation', `Table "${name}" already has a replica in ${region}.`);
  const stream = desc.StreamSpecification;
  if (stream?.StreamEnabled && stream.StreamViewType !== 'NEW_AND_OLD_IMAGES') {
    throw new StudioError('validation', `Table "${name}" cannot get a replica: its stream is on with ${stream.StreamViewType}, and replicas need NEW_AND_OLD_IMAGES.`, {
      hint: 'Change the stream view type to NEW_AND_OLD_IMAGES (Update Table → Stream), then add the replica.',
    });
  }
  return { TableName: name, ReplicaUpdates: [{ Create: { RegionName: region } }] };
}

export function removeReplicaInput(desc: TableDescription, region: string): UpdateTableCommandInput {
  requireRegion(region);
  if (!replicaViews(desc).some((r) => r.region === region)) {
    throw new StudioError('validation', `Table "${desc.TableName}" has no replica in ${region}.`, { hint: 'Refresh the table details to see its replicas.' });
  }
  return { TableName: desc.TableName!, ReplicaUpdates: [{ Delete: { RegionName: region } }] };
}

// ---- executors -------------------------------------------------------------------------------------------------------

export async function sendFeature<T>(client: DynamoDBClient, operation: string, feature: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const e = await adminError(client, operation, err);
    if (isUnsupportedOperation(e) && e.kind !== 'readOnly') {
      throw new StudioError('unsupported', `${operation} failed: this endpoint does not support ${feature}.`, {
        hint: `${feature[0].toUpperCase()}${feature.slice(1)} exist only in DynamoDB on AWS (DynamoDB Local has none).`,
        awsCode: e.awsCode,
        cause: err,
      });
    }
    throw e;
  }
}

export async function createBackup(client: DynamoDBClient, input: CreateBackupCommandInput): Promise<BackupDetails | undefined> {
  const out = await sendFeature(client, `Back up table "${input.TableName}"`, 'on-demand backups', () => client.send(new CreateBackupCommand(input)));
  return out.BackupDetails;
}

/** Every backup of a table (or of the region), following LastEvaluatedBackupArn, newest first. */
export async function listBackups(client: DynamoDBClient, tableName?: string): Promise<BackupSummary[]> {
  const backups: BackupSummary[] = [];
  let startAfter: string | undefined;
  do {
    const out = await sendFeature(client, `List backups${tableName ? ` of table "${tableName}"` : ''}`, 'on-demand backups', () =>
      client.send(new ListBackupsCommand(listBackupsInput(tableName, startAfter))),
    );
    backups.push(...(out.BackupSummaries ?? []));
    const next = out.LastEvaluatedBackupArn;
    startAfter = next && next !== startAfter ? next : undefined;
  } while (startAfter);
  return backups.sort((a, b) => (b.BackupCreationDateTime?.getTime() ?? 0) - (a.BackupCreationDateTime?.getTime() ?? 0));
}

export async function restoreFromBackup(client: DynamoDBClient, input: RestoreTableFromBackupCommandInput): Promise<TableDescription | undefined> {
  const out = await sendFeature(client, `Restore backup to table "${input.TargetTableName}"`, 'on-demand backups', () =>
    client.send(new RestoreTableFromBackupCommand(input)),
  );
  return out.TableDescription;
}

export async function setPointInTimeRecovery(client: DynamoDBClient, input: UpdateContinuousBackupsCommandInput): Promise<ContinuousBackupsDescription | undefined> {
  const verb = input.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled ? 'Turn on' : 'Turn off';
  const out = await sendFeature(client, `${verb} point-in-time recovery of table "${input.TableName}"`, 'point-in-time recovery', () =>
    client.send(new UpdateContinuousBackupsCommand(input)),
  );
  return out.ContinuousBackupsDescription;
}

/** Sends a replica change (add or remove). */
export async function updateReplicas(client: DynamoDBClient, input: UpdateTableCommandInput): Promise<TableDescription | undefined> {
  const change = input.ReplicaUpdates?.[0];
  const operation = change?.Create ? `Add a replica in ${change.Create.RegionName} to table "${input.TableName}"` : `Remove the replica in ${change?.Delete?.RegionName} of table "${input.TableName}"`;
  const out = await sendFeature(client, operation, 'global table replicas', async () => {
    try {
      return await client.send(new UpdateTableCommand(input));
    } catch (err) {
      // DynamoDB Local ignores ReplicaUpdates and then finds nothing to change; AWS never answers that to a valid change.
      if ((err as { name?: string }).name === 'ValidationException' && /nothing to update/i.test(String((err as Error).message))) {
        const e = new Error(`Replica updates are not supported: ${(err as Error).message}`);
        e.name = 'UnsupportedOperationException';
        throw e;
      }
      throw err;
    }
  });
  return out.TableDescription;
}
