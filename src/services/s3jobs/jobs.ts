// DynamoDB's managed Export to S3 and Import from S3: start a job, describe it, list a table's jobs. The work runs
// on AWS's side at any table size; these calls only start and watch it. Inputs are checked before anything is sent.
import {
  DescribeContinuousBackupsCommand,
  DescribeExportCommand,
  DescribeImportCommand,
  ExportTableToPointInTimeCommand,
  ImportTableCommand,
  ListExportsCommand,
  ListImportsCommand,
  type DynamoDBClient,
  type ExportTableToPointInTimeCommandInput,
  type ImportTableCommandInput,
  type ListExportsCommandOutput,
  type ListImportsCommandOutput,
  type TableCreationParameters,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { StudioError } from '../../model/errors';
import { bucketNameProblem, exportSummaryView, exportView, importSummaryView, importView, sortJobs, type JobKind, type JobView } from '../../model/s3jobs/jobs';
import { pointInTimeRecoveryInput, sendFeature, setPointInTimeRecovery } from '../dynamo/backups';
import { adminError, isUnsupportedOperation } from '../dynamo/tableAdmin';

export type ExportFormat = 'DYNAMODB_JSON' | 'ION';
export type ImportFormat = 'DYNAMODB_JSON' | 'ION' | 'CSV';
export type ImportCompression = 'GZIP' | 'ZSTD' | 'NONE';

export interface ExportRequest {
  tableArn: string;
  /** For messages. */
  tableName: string;
  bucket: string;
  prefix?: string;
  bucketOwner?: string;
  format: ExportFormat;
  /** Full export of the table as it was at `exportTime` (default now), or the changes between two times. */
  type: 'FULL_EXPORT' | 'INCREMENTAL_EXPORT';
  exportTime?: Date;
  incremental?: { from: Date; to: Date; view: 'NEW_IMAGE' | 'NEW_AND_OLD_IMAGES' };
  /** Makes a repeated start (after a lost answer) the same job. */
  clientToken?: string;
}

export interface ImportRequest {
  bucket: string;
  prefix?: string;
  bucketOwner?: string;
  format: ImportFormat;
  compression: ImportCompression;
  /** The new table: name, keys, billing and global secondary indexes (LSIs cannot be imported into). */
  table: TableCreationParameters;
  /** CSV only: separator and, when the files have no header line, the column names. */
  csv?: { delimiter?: string; headerList?: string[] };
  clientToken?: string;
}

const FEATURE = 'export to and import from Amazon S3';
/** Incremental exports cover at least 15 minutes and at most 24 hours (DynamoDB's limits). */
const INCREMENTAL_MIN_MS = 15 * 60_000;
const INCREMENTAL_MAX_MS = 24 * 3600_000;

/** Everything wrong with an export request, in words; empty when it can be sent. */
export function exportRequestProblems(req: ExportRequest, now: Date = new Date()): string[] {
  const problems: string[] = [];
  const bucket = bucketNameProblem(req.bucket);
  if (bucket) problems.push(bucket);
  if (req.prefix && (req.prefix.length > 1024 || req.prefix.startsWith('/'))) problems.push('The S3 prefix must not start with "/" and is at most 1,024 characters.');
  if (req.type === 'FULL_EXPORT' && req.exportTime && req.exportTime.getTime() > now.getTime()) {
    problems.push(`The export time ${req.exportTime.toISOString()} is in the future; pick a time in the point-in-time recovery window, or now.`);
  }
  if (req.type === 'INCREMENTAL_EXPORT') {
    const inc = req.incremental;
    if (!inc) problems.push('An incremental export needs a start and an end time.');
    else {
      const span = inc.to.getTime() - inc.from.getTime();
      if (!(span > 0)) problems.push('The end of an incremental export must come after its start.');
      else if (span < INCREMENTAL_MIN_MS) problems.push('An incremental export covers at least 15 minutes; move the start earlier or the end later.');
      else if (span > INCREMENTAL_MAX_MS) problems.push('An incremental export covers at most 24 hours; export longer periods as several jobs.');
      if (inc.to.getTime() > now.getTime()) problems.push('The end of an incremental export must not be in the future.');
    }
  }
  return problems;
}

export function exportInput(req: ExportRequest): ExportTableToPointInTimeCommandInput {
  return {
    TableArn: req.tableArn,
    S3Bucket: req.bucket,
    ...(req.prefix ? { S3Prefix: req.prefix } : {}),
    ...(req.bucketOwner ? { S3BucketOwner: req.bucketOwner } : {}),
    ExportFormat: req.format,
    ExportType: req.type,
    ...(req.type === 'FULL_EXPORT' && req.exportTime ? { ExportTime: req.exportTime } : {}),
    ...(req.type === 'INCREMENTAL_EXPORT' && req.incremental
      ? { IncrementalExportSpecification: { ExportFromTime: req.incremental.from, ExportToTime: req.incremental.to, ExportViewType: req.incremental.view } }
      : {}),
    ...(req.clientToken ? { ClientToken: req.clientToken } : {}),
  };
}

/** Starts an export; a missing point-in-time recovery is explained with what to do. */
export async function startExport(client: DynamoDBClient, req: ExportRequest): Promise<JobView> {
  const problems = exportRequestProblems(req);
  if (problems.length) throw new StudioError('validation', `Export of "${req.tableName}" to S3 was not started: ${problems.join(' ')}`);
  try {
    const out = await sendFeature(client, `Export "${req.tableName}" to S3`, FEATURE, () => client.send(new ExportTableToPointInTimeCommand(exportInput(req))));
    return exportView(out.ExportDescription ?? {});
  } catch (err) {
    if (err instanceof StudioError && err.awsCode === 'PointInTimeRecoveryUnavailableException') {
      throw new StudioError('validation', `Export of "${req.tableName}" to S3 was not started: point-in-time recovery is off for the table, and DynamoDB exports only from it.`, {
        hint: 'Turn on point-in-time recovery (Export to S3 offers to, or Backups… on the table), then export again. It is billed by the table’s size.',
        awsCode: err.awsCode,
        cause: err,
      });
    }
    throw err;
  }
}

/** Everything wrong with an import request, in words; empty when it can be sent. */
export function importRequestProblems(req: ImportRequest): string[] {
  const problems: string[] = [];
  const bucket = bucketNameProblem(req.bucket);
  if (bucket) problems.push(bucket);
  if (!req.table.TableName) problems.push('The new table needs a name.');
  if (!req.table.KeySchema?.some((k) => k.KeyType === 'HASH')) problems.push('The new table needs a partition key.');
  for (const k of req.table.KeySchema ?? []) {
    if (!req.table.AttributeDefinitions?.some((a) => a.AttributeName === k.AttributeName)) problems.push(`The key attribute "${k.AttributeName}" has no type.`);
  }
  if (req.format !== 'CSV' && req.csv) problems.push('CSV options apply only to CSV files.');
  if (req.csv?.delimiter !== undefined && !/^[,\t:;| ]$/.test(req.csv.delimiter)) problems.push('The CSV delimiter must be one of , tab : ; | or space.');
  return problems;
}

export function importInput(req: ImportRequest): ImportTableCommandInput {
  return {
    S3BucketSource: { S3Bucket: req.bucket, ...(req.prefix ? { S3KeyPrefix: req.prefix } : {}), ...(req.bucketOwner ? { S3BucketOwner: req.bucketOwner } : {}) },
    InputFormat: req.format,
    InputCompressionType: req.compression,
    TableCreationParameters: { BillingMode: 'PAY_PER_REQUEST', ...req.table },
    ...(req.format === 'CSV' && req.csv ? { InputFormatOptions: { Csv: { Delimiter: req.csv.delimiter, HeaderList: req.csv.headerList } } } : {}),
    ...(req.clientToken ? { ClientToken: req.clientToken } : {}),
  };
}

export async function startImport(client: DynamoDBClient, req: ImportRequest): Promise<JobView> {
  const problems = importRequestProblems(req);
  if (problems.length) throw new StudioError('validation', `Import from S3 into "${req.table.TableName ?? ''}" was not started: ${problems.join(' ')}`);
  const out = await sendFeature(client, `Import from S3 into "${req.table.TableName}"`, FEATURE, () => client.send(new ImportTableCommand(importInput(req))));
  return importView(out.ImportTableDescription ?? {});
}

/** The key schema, attribute types, billing and GSIs of an existing table, as the creation parameters of an import. */
export function creationParametersLike(desc: TableDescription, tableName: string): TableCreationParameters {
  const used = new Set<string>([...(desc.KeySchema ?? []), ...(desc.GlobalSecondaryIndexes ?? []).flatMap((g) => g.KeySchema ?? [])].map((k) => k.AttributeName!));
  const provisioned = desc.BillingModeSummary?.BillingMode === 'PROVISIONED' || (!desc.BillingModeSummary && (desc.ProvisionedThroughput?.ReadCapacityUnits ?? 0) > 0);
  const capacity = (p?: { ReadCapacityUnits?: number; WriteCapacityUnits?: number }) => ({ ReadCapacityUnits: p?.ReadCapacityUnits || 1, WriteCapacityUnits: p?.WriteCapacityUnits || 1 });
  return {
    TableName: tableName,
    KeySchema: desc.KeySchema,
    AttributeDefinitions: (desc.AttributeDefinitions ?? []).filter((a) => used.has(a.AttributeName!)),
    BillingMode: provisioned ? 'PROVISIONED' : 'PAY_PER_REQUEST',
    ...(provisioned ? { ProvisionedThroughput: capacity(desc.ProvisionedThroughput) } : {}),
    ...(desc.GlobalSecondaryIndexes?.length
      ? {
          GlobalSecondaryIndexes: desc.GlobalSecondaryIndexes.map((g) => ({
            IndexName: g.IndexName,
            KeySchema: g.KeySchema,
            Projection: g.Projection,
            ...(provisioned ? { ProvisionedThroughput: capacity(g.ProvisionedThroughput) } : {}),
          })),
        }
      : {}),
  };
}

export async function describeJob(client: DynamoDBClient, kind: JobKind, arn: string, signal?: AbortSignal): Promise<JobView> {
  if (kind === 'export') {
    const out = await sendFeature(client, 'Describe the export', FEATURE, () => client.send(new DescribeExportCommand({ ExportArn: arn }), { abortSignal: signal }));
    return exportView(out.ExportDescription ?? {});
  }
  const out = await sendFeature(client, 'Describe the import', FEATURE, () => client.send(new DescribeImportCommand({ ImportArn: arn }), { abortSignal: signal }));
  return importView(out.ImportTableDescription ?? {});
}

export interface TableJobs {
  jobs: JobView[];
  /** Set when the endpoint has no export/import API (DynamoDB Local): what to tell the person instead. */
  unsupported?: string;
}

/**
 * The exports of a table and the imports into it, newest first. The newest `detailed` of each kind are described
 * in full (status, counts, sizes); older ones keep their list summary.
 */
export async function listTableJobs(client: DynamoDBClient, tableArn: string, options: { detailed?: number; max?: number } = {}): Promise<TableJobs> {
  const detailed = options.detailed ?? 10;
  const max = options.max ?? 50;
  const exports: JobView[] = [];
  const imports: JobView[] = [];
  try {
    let token: string | undefined;
    do {
      const out: ListExportsCommandOutput = await client.send(new ListExportsCommand({ TableArn: tableArn, MaxResults: 25, NextToken: token }));
      exports.push(...(out.ExportSummaries ?? []).map(exportSummaryView));
      token = out.NextToken;
    } while (token && exports.length < max);
    token = undefined;
    do {
      const out: ListImportsCommandOutput = await client.send(new ListImportsCommand({ TableArn: tableArn, PageSize: 25, NextToken: token }));
      imports.push(...(out.ImportSummaryList ?? []).map(importSummaryView));
      token = out.NextToken;
    } while (token && imports.length < max);
  } catch (err) {
    const e = await adminError(client, 'Listing export and import jobs', err);
    if (isUnsupportedOperation(e) && e.kind !== 'readOnly') {
      return { jobs: [], unsupported: 'This endpoint has no export to or import from S3 (DynamoDB Local has none); use an AWS connection for them.' };
    }
    throw e;
  }
  const describeNewest = async (list: JobView[]) => {
    const sorted = sortJobs(list);
    const full = await Promise.all(sorted.slice(0, detailed).map((j) => describeJob(client, j.kind, j.arn).catch(() => j)));
    return [...full, ...sorted.slice(detailed)];
  };
  const [e, i] = await Promise.all([describeNewest(exports), describeNewest(imports)]);
  return { jobs: sortJobs([...e, ...i]) };
}

export type PitrState = 'ENABLED' | 'DISABLED' | 'unsupported';

/** Whether the table has point-in-time recovery, which DynamoDB's export needs. */
export async function pointInTimeRecoveryState(client: DynamoDBClient, tableName: string): Promise<PitrState> {
  try {
    const out = await sendFeature(client, `Read point-in-time recovery of "${tableName}"`, 'point-in-time recovery', () =>
      client.send(new DescribeContinuousBackupsCommand({ TableName: tableName })),
    );
    return out.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus === 'ENABLED' ? 'ENABLED' : 'DISABLED';
  } catch (err) {
    if (err instanceof StudioError && err.kind === 'unsupported') return 'unsupported';
    throw err;
  }
}

export async function enablePointInTimeRecovery(client: DynamoDBClient, tableName: string): Promise<void> {
  await setPointInTimeRecovery(client, pointInTimeRecoveryInput(tableName, true));
}
