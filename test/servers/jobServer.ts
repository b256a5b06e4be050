// DynamoDB's Export to S3 and Import from S3 for tests, where DynamoDB Local has neither: a loopback server that
// speaks DynamoDB's JSON 1.0 protocol, answers ExportTableToPointInTime, DescribeExport, ListExports, ImportTable,
// DescribeImport, ListImports, DescribeContinuousBackups and UpdateContinuousBackups itself, and forwards every
// other request to DynamoDB Local unchanged. Jobs follow the documented life cycle (IN_PROGRESS, then COMPLETED or
// FAILED) and do the real work: an export scans the table in DynamoDB Local and writes the documented layout into
// an S3-compatible server (AWSDynamoDB/<export id>/manifest-summary.json, manifest-files.json, data/*.json.gz in
// DynamoDB JSON); an import reads the objects under a prefix, creates the table and writes the items.
import * as crypto from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as zlib from 'node:zlib';
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ScanCommand,
  waitUntilTableExists,
  type AttributeValue,
  type BatchWriteItemCommandOutput,
  type CreateTableCommandInput,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ApiError } from './apiError';

const NS = 'com.amazonaws.dynamodb.v20120810';


interface ExportJob {
  ExportArn: string;
  ExportStatus: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
  StartTime: number;
  EndTime?: number;
  ExportManifest?: string;
  TableArn: string;
  TableId: string;
  ExportTime: number;
  ClientToken: string;
  S3Bucket: string;
  S3BucketOwner?: string;
  S3Prefix?: string;
  S3SseAlgorithm: string;
  FailureCode?: string;
  FailureMessage?: string;
  ExportFormat: string;
  BilledSizeBytes?: number;
  ItemCount?: number;
  ExportType: string;
}

interface ImportJob {
  ImportArn: string;
  ImportStatus: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED' | 'CANCELLING' | 'CANCELLED';
  TableArn: string;
  TableId: string;
  ClientToken: string;
  S3BucketSource: { S3Bucket: string; S3KeyPrefix?: string; S3BucketOwner?: string };
  ErrorCount: number;
  CloudWatchLogGroupArn: string;
  InputFormat: string;
  InputCompressionType: string;
  TableCreationParameters: Record<string, unknown>;
  StartTime: number;
  EndTime?: number;
  ProcessedSizeBytes: number;
  ProcessedItemCount: number;
  ImportedItemCount: number;
  FailureCode?: string;
  FailureMessage?: string;
}

export interface JobServerOptions {
  /** DynamoDB Local, where tables live and other requests go. */
  ddbEndpoint: string;
  /** The S3-compatible server exports are written to and imports read from. */
  s3Endpoint: string;
  region?: string;
  /** Items per data file of an export. */
  itemsPerFile?: number;
}

export interface JobServer {
  endpoint: string;
  /** Pause after each data file an export writes and each batch an import writes, so tests see jobs running. */
  stepDelayMs: number;
  /** Requests served by this server itself, by operation. */
  readonly handled: Map<string, number>;
  /** Resolves when no job is running. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

const seconds = (ms: number) => ms / 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** DynamoDB-style job ids: a millisecond timestamp and 8 hex digits. */
const jobId = () => `${Date.now().toString().padStart(14, '0')}-${crypto.randomBytes(4).toString('hex')}`;

function tableNameOfArn(arn: unknown): string {
  const m = typeof arn === 'string' ? /^arn:aws[\w-]*:dynamodb:[^:]*:\d*:table\/([^/]+)$/.exec(arn) : null;
  if (!m) throw new ApiError(`${NS}#ValidationException`, `1 validation error detected: Value '${String(arn)}' at 'tableArn' failed to satisfy constraint: Member must be a table ARN`);
  return m[1];
}

/** An SDK item as DynamoDB's wire JSON writes it: binary values in base64. */
function toWire(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(toWire);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toWire(v)]));
  return value;
}

/** A wire-JSON item as the SDK takes it: B and BS values decoded from base64, recursively through L and M. */
function fromWire(av: Record<string, unknown>): AttributeValue {
  const [type, v] = Object.entries(av)[0] ?? [];
  if (type === 'B') return { B: Buffer.from(String(v), 'base64') };
  if (type === 'BS') return { BS: (v as string[]).map((b) => Buffer.from(b, 'base64')) };
  if (type === 'L') return { L: (v as Record<string, unknown>[]).map(fromWire) };
  if (type === 'M') return { M: Object.fromEntries(Object.entries(v as Record<string, Record<string, unknown>>).map(([k, x]) => [k, fromWire(x)])) };
  return av as unknown as AttributeValue;
}

/** The item's size roughly as DynamoDB bills it: names and values in bytes. */
function itemBytes(item: Record<string, AttributeValue>): number {
  return Buffer.byteLength(JSON.stringify(toWire(item)), 'utf8');
}

export async function startJobServer(options: JobServerOptions): Promise<JobServer> {
  const region = options.region ?? 'us-east-1';
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const ddb = new DynamoDBClient({ endpoint: options.ddbEndpoint, region, credentials });
  const s3 = new S3Client({ endpoint: options.s3Endpoint, region, credentials, forcePathStyle: true });
  const itemsPerFile = options.itemsPerFile ?? 1000;
  const exports = new Map<string, ExportJob>();
  const imports = new Map<string, ImportJob>();
  const pitr = new Map<string, boolean>();
  const running = new Set<Promise<void>>();
  const handled = new Map<string, number>();
  const target = new URL(options.ddbEndpoint);
  const state = { stepDelayMs: 0 };

  const track = (work: Promise<void>) => {
    running.add(work);
    void work.finally(() => running.delete(work));
  };

  async function describeTable(name: string) {
    try {
      return (await ddb.send(new DescribeTableCommand({ TableName: name }))).Table!;
    } catch (err) {
      if ((err as Error).name === 'ResourceNotFoundException') throw new ApiError(`${NS}#TableNotFoundException`, `Table not found: ${name}`);
      throw err;
    }
  }

  function continuousBackups(name: string) {
    const enabled = pitr.get(name) === true;
    const now = seconds(Date.now());
    return {
      ContinuousBackupsDescription: {
        ContinuousBackupsStatus: 'ENABLED',
        PointInTimeRecoveryDescription: enabled
          ? { PointInTimeRecoveryStatus: 'ENABLED', RecoveryPeriodInDays: 35, EarliestRestorableDateTime: now - 60, LatestRestorableDateTime: now }
          : { PointInTimeRecoveryStatus: 'DISABLED' },
      },
    };
  }

  // ---------------------------------------------------------------------------------------------- exports

  async function startExport(input: Record<string, unknown>) {
    const tableName = tableNameOfArn(input.TableArn);
    const table = await describeTable(tableName);
    if (typeof input.S3Bucket !== 'string' || !input.S3Bucket) throw new ApiError(`${NS}#ValidationException`, 'S3Bucket must be specified');
    if (pitr.get(tableName) !== true) {
      throw new ApiError(`${NS}#PointInTimeRecoveryUnavailableException`, `Point in time recovery is not enabled for table '${tableName}'`);
    }
    const format = (input.ExportFormat as string | undefined) ?? 'DYNAMODB_JSON';
    const type = (input.ExportType as string | undefined) ?? 'FULL_EXPORT';
    if (format !== 'DYNAMODB_JSON') throw new ApiError(`${NS}#ValidationException`, `This local test server writes only DYNAMODB_JSON exports, not ${format}.`);
    if (type !== 'FULL_EXPORT') throw new ApiError(`${NS}#ValidationException`, `This local test server makes only FULL_EXPORT exports, not ${type}.`);
    const clientToken = (input.ClientToken as string | undefined) ?? crypto.randomUUID();
    const same = [...exports.values()].find((e) => e.ClientToken === clientToken && e.TableArn === input.TableArn);
    if (same) return { ExportDescription: same };
    const id = jobId();
    const now = Date.now();
    const job: ExportJob = {
      ExportArn: `${input.TableArn as string}/export/${id}`,
      ExportStatus: 'IN_PROGRESS',
      StartTime: seconds(now),
      TableArn: input.TableArn as string,
      TableId: table.TableId ?? crypto.randomUUID(),
      ExportTime: typeof input.ExportTime === 'number' ? input.ExportTime : seconds(now),
      ClientToken: clientToken,
      S3Bucket: input.S3Bucket,
      S3BucketOwner: input.S3BucketOwner as string | undefined,
      S3Prefix: input.S3Prefix as string | undefined,
      S3SseAlgorithm: (input.S3SseAlgorithm as string | undefined) ?? 'AES256',
      ExportFormat: format,
      ExportType: type,
    };
    exports.set(job.ExportArn, job);
    track(runExport(job, tableName, id));
    return { ExportDescription: { ...job } };
  }

  async function runExport(job: ExportJob, tableName: string, id: string): Promise<void> {
    const base = `${job.S3Prefix ? `${job.S3Prefix.replace(/\/+$/, '')}/` : ''}AWSDynamoDB/${id}`;
    try {
      await s3.send(new PutObjectCommand({ Bucket: job.S3Bucket, Key: `${base}/_started`, Body: Buffer.alloc(0) }));
      const files: { itemCount: number; md5Checksum: string; etag: string; dataFileS3Key: string }[] = [];
      let itemCount = 0;
      let billed = 0;
      let lines: string[] = [];
      const flush = async () => {
        if (!lines.length) return;
        const body = zlib.gzipSync(Buffer.from(lines.join(''), 'utf8'));
        const key = `${base}/data/${crypto.randomBytes(12).toString('hex')}.json.gz`;
        const out = await s3.send(new PutObjectCommand({ Bucket: job.S3Bucket, Key: key, Body: body }));
        files.push({ itemCount: lines.length, md5Checksum: crypto.createHash('md5').update(body).digest('base64'), etag: (out.ETag ?? '').replace(/"/g, ''), dataFileS3Key: key });
        lines = [];
        if (state.stepDelayMs) await sleep(state.stepDelayMs);
      };
      let startKey: Record<string, AttributeValue> | undefined;
      do {
        const page = await ddb.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: startKey }));
        for (const item of page.Items ?? []) {
          lines.push(`${JSON.stringify({ Item: toWire(item) })}\n`);
          itemCount++;
          billed += itemBytes(item);
          if (lines.length >= itemsPerFile) await flush();
        }
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      await flush();
      const end = Date.now();
      const filesKey = `${base}/manifest-files.json`;
      const filesBody = files.map((f) => JSON.stringify(f)).join('\n') + (files.length ? '\n' : '');
      await s3.send(new PutObjectCommand({ Bucket: job.S3Bucket, Key: filesKey, Body: filesBody }));
      await s3.send(new PutObjectCommand({ Bucket: job.S3Bucket, Key: `${base}/manifest-files.md5`, Body: crypto.createHash('md5').update(filesBody).digest('base64') }));
      const summary = {
        version: '2020-06-30',
        exportArn: job.ExportArn,
        startTime: new Date(job.StartTime * 1000).toISOString(),
        endTime: new Date(end).toISOString(),
        tableArn: job.TableArn,
        tableId: job.TableId,
        exportTime: new Date(job.ExportTime * 1000).toISOString(),
        s3Bucket: job.S3Bucket,
        s3Prefix: job.S3Prefix ?? null,
        s3SseAlgorithm: job.S3SseAlgorithm,
        s3SseKmsKeyId: null,
        manifestFilesS3Key: filesKey,
        billedSizeBytes: billed,
        itemCount,
        outputFormat: job.ExportFormat,
        exportType: job.ExportType,
      };
      const summaryBody = JSON.stringify(summary);
      await s3.send(new PutObjectCommand({ Bucket: job.S3Bucket, Key: `${base}/manifest-summary.json`, Body: summaryBody }));
      await s3.send(new PutObjectCommand({ Bucket: job.S3Bucket, Key: `${base}/manifest-summary.md5`, Body: crypto.createHash('md5').update(summaryBody).digest('base64') }));
      Object.assign(job, { ExportStatus: 'COMPLETED', EndTime: seconds(end), ExportManifest: `${base}/manifest-summary.json`, ItemCount: itemCount, BilledSizeBytes: billed });
    } catch (err) {
      const name = (err as Error).name;
      const [code, message] =
        name === 'NoSuchBucket'
          ? ['S3NoSuchBucket', 'The specified bucket does not exist']
          : name === 'AccessDenied'
            ? ['S3AccessDenied', 'Access Denied']
            : ['UNKNOWN', (err as Error).message];
      Object.assign(job, { ExportStatus: 'FAILED', EndTime: seconds(Date.now()), FailureCode: code, FailureMessage: message });
    }
  }

  // ---------------------------------------------------------------------------------------------- imports

  async function startImport(input: Record<string, unknown>) {
    const source = input.S3BucketSource as ImportJob['S3BucketSource'] | undefined;
    const params = input.TableCreationParameters as CreateTableCommandInput | undefined;
    if (!source?.S3Bucket) throw new ApiError(`${NS}#ValidationException`, 'S3BucketSource.S3Bucket must be specified');
    if (!params?.TableName || !params.KeySchema || !params.AttributeDefinitions) {
      throw new ApiError(`${NS}#ValidationException`, 'TableCreationParameters must name the table, its key schema and attribute definitions');
    }
    const format = (input.InputFormat as string | undefined) ?? '';
    const compression = (input.InputCompressionType as string | undefined) ?? 'NONE';
    if (format !== 'DYNAMODB_JSON') throw new ApiError(`${NS}#ValidationException`, `This local test server imports only DYNAMODB_JSON, not ${format || 'no format'}.`);
    if (compression !== 'GZIP' && compression !== 'NONE') throw new ApiError(`${NS}#ValidationException`, `This local test server reads GZIP or NONE, not ${compression}.`);
    const clientToken = (input.ClientToken as string | undefined) ?? crypto.randomUUID();
    const same = [...imports.values()].find((i) => i.ClientToken === clientToken);
    if (same) return { ImportTableDescription: same };
    try {
      await ddb.send(new CreateTableCommand({ BillingMode: 'PAY_PER_REQUEST', ...params }));
    } catch (err) {
      if ((err as Error).name === 'ResourceInUseException') throw new ApiError(`${NS}#ResourceInUseException`, `Table already exists: ${params.TableName}`);
      throw err;
    }
    await waitUntilTableExists({ client: ddb, maxWaitTime: 60 }, { TableName: params.TableName });
    const table = await describeTable(params.TableName);
    const id = jobId();
    const job: ImportJob = {
      ImportArn: `${table.TableArn}/import/${id}`,
      ImportStatus: 'IN_PROGRESS',
      TableArn: table.TableArn!,
      TableId: table.TableId ?? crypto.randomUUID(),
      ClientToken: clientToken,
      S3BucketSource: source,
      ErrorCount: 0,
      CloudWatchLogGroupArn: `arn:aws:logs:${region}:000000000000:log-group:/aws-dynamodb/imports:*`,
      InputFormat: format,
      InputCompressionType: compression,
      TableCreationParameters: { BillingMode: 'PAY_PER_REQUEST', ...params },
      StartTime: seconds(Date.now()),
      ProcessedSizeBytes: 0,
      ProcessedItemCount: 0,
      ImportedItemCount: 0,
    };
    imports.set(job.ImportArn, job);
    track(runImport(job, params.TableName, params.KeySchema.map((k) => k.AttributeName!)));
    return { ImportTableDescription: { ...job } };
  }

  async function runImport(job: ImportJob, tableName: string, keyNames: string[]): Promise<void> {
    try {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await s3.send(new ListObjectsV2Command({ Bucket: job.S3BucketSource.S3Bucket, Prefix: job.S3BucketSource.S3KeyPrefix, ContinuationToken: token }));
        for (const o of page.Contents ?? []) if (o.Key && (o.Size ?? 0) > 0) keys.push(o.Key);
        token = page.NextContinuationToken;
      } while (token);
      if (keys.length === 0) {
        throw Object.assign(new Error(`No objects were found under s3://${job.S3BucketSource.S3Bucket}/${job.S3BucketSource.S3KeyPrefix ?? ''}`), { name: 'InvalidS3Prefix' });
      }
      for (const key of keys) {
        const object = await s3.send(new GetObjectCommand({ Bucket: job.S3BucketSource.S3Bucket, Key: key }));
        let body = Buffer.from(await object.Body!.transformToByteArray());
        job.ProcessedSizeBytes += body.length;
        if (job.InputCompressionType === 'GZIP') {
          try {
            body = zlib.gunzipSync(body);
          } catch {
            job.ErrorCount++;
            continue;
          }
        }
        let batch: WriteRequest[] = [];
        const write = async () => {
          let pending: Record<string, WriteRequest[]> | undefined = { [tableName]: batch };
          while (pending && Object.keys(pending).length) {
            const out: BatchWriteItemCommandOutput = await ddb.send(new BatchWriteItemCommand({ RequestItems: pending }));
            pending = out.UnprocessedItems;
          }
          job.ImportedItemCount += batch.length;
          batch = [];
          if (state.stepDelayMs) await sleep(state.stepDelayMs);
        };
        for (const line of body.toString('utf8').split('\n')) {
          if (!line.trim()) continue;
          job.ProcessedItemCount++;
          let item: Record<string, AttributeValue> | undefined;
          try {
            const wire = (JSON.parse(line) as { Item?: Record<string, Record<string, unknown>> }).Item;
            item = wire && typeof wire === 'object' ? Object.fromEntries(Object.entries(wire).map(([k, v]) => [k, fromWire(v)])) : undefined;
          } catch {
            item = undefined;
          }
          if (!item || keyNames.some((k) => !item![k])) {
            job.ErrorCount++;
            continue;
          }
          batch.push({ PutRequest: { Item: item } });
          if (batch.length === 25) await write();
        }
        if (batch.length) await write();
      }
      Object.assign(job, { ImportStatus: 'COMPLETED', EndTime: seconds(Date.now()) });
    } catch (err) {
      const name = (err as Error).name;
      const code = name === 'NoSuchBucket' ? 'S3NoSuchBucket' : name === 'InvalidS3Prefix' ? 'InvalidS3Prefix' : 'UNKNOWN';
      const message = name === 'NoSuchBucket' ? 'The specified bucket does not exist' : (err as Error).message;
      Object.assign(job, { ImportStatus: 'FAILED', EndTime: seconds(Date.now()), FailureCode: code, FailureMessage: message });
    }
  }

  // ---------------------------------------------------------------------------------------------- dispatch

  const pageOf = <T>(list: T[], size: unknown, token: unknown): { page: T[]; next?: string } => {
    const start = typeof token === 'string' ? Number(Buffer.from(token, 'base64').toString('utf8')) || 0 : 0;
    const n = typeof size === 'number' && size > 0 ? size : 25;
    const page = list.slice(start, start + n);
    return { page, next: start + n < list.length ? Buffer.from(String(start + n)).toString('base64') : undefined };
  };

  const operations: Record<string, (input: Record<string, unknown>) => Promise<unknown>> = {
    ExportTableToPointInTime: startExport,
    DescribeExport: async (input) => {
      const job = exports.get(String(input.ExportArn));
      if (!job) throw new ApiError(`${NS}#ExportNotFoundException`, `Export not found: ${String(input.ExportArn)}`);
      return { ExportDescription: { ...job } };
    },
    ListExports: async (input) => {
      const all = [...exports.values()].filter((e) => !input.TableArn || e.TableArn === input.TableArn).reverse();
      const { page, next } = pageOf(all, input.MaxResults, input.NextToken);
      return { ExportSummaries: page.map((e) => ({ ExportArn: e.ExportArn, ExportStatus: e.ExportStatus, ExportType: e.ExportType })), NextToken: next };
    },
    ImportTable: startImport,
    DescribeImport: async (input) => {
      const job = imports.get(String(input.ImportArn));
      if (!job) throw new ApiError(`${NS}#ImportNotFoundException`, `Import not found: ${String(input.ImportArn)}`);
      return { ImportTableDescription: { ...job } };
    },
    ListImports: async (input) => {
      const all = [...imports.values()].filter((i) => !input.TableArn || i.TableArn === input.TableArn).reverse();
      const { page, next } = pageOf(all, input.PageSize, input.NextToken);
      return {
        ImportSummaryList: page.map((i) => ({
          ImportArn: i.ImportArn,
          ImportStatus: i.ImportStatus,
          TableArn: i.TableArn,
          S3BucketSource: i.S3BucketSource,
          CloudWatchLogGroupArn: i.CloudWatchLogGroupArn,
          InputFormat: i.InputFormat,
          StartTime: i.StartTime,
          EndTime: i.EndTime,
        })),
        NextToken: next,
      };
    },
    DescribeContinuousBackups: async (input) => {
      await describeTable(String(input.TableName));
      return continuousBackups(String(input.TableName));
    },
    UpdateContinuousBackups: async (input) => {
      await describeTable(String(input.TableName));
      const spec = input.PointInTimeRecoverySpecification as { PointInTimeRecoveryEnabled?: boolean } | undefined;
      if (typeof spec?.PointInTimeRecoveryEnabled !== 'boolean') throw new ApiError(`${NS}#ValidationException`, 'PointInTimeRecoveryEnabled must be specified');
      pitr.set(String(input.TableName), spec.PointInTimeRecoveryEnabled);
      return continuousBackups(String(input.TableName));
    },
  };

  const forward = (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) => {
    const out = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 500, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => res.destroy());
    out.end(body);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      const handler = operations[operation];
      if (!handler) return forward(req, res, body);
      handled.set(operation, (handled.get(operation) ?? 0) + 1);
      const reply = (status: number, payload: unknown) => {
        const data = Buffer.from(JSON.stringify(payload), 'utf8');
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'content-length': String(data.length), 'x-amzn-requestid': crypto.randomUUID() });
        res.end(data);
      };
      let input: Record<string, unknown>;
      try {
        input = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
      } catch {
        return reply(400, { __type: `${NS}#SerializationException`, message: 'The request body is not JSON' });
      }
      handler(input).then(
        (out) => reply(200, out),
        (err: Error) =>
          err instanceof ApiError ? reply(err.status, { __type: err.type, message: err.message }) : reply(500, { __type: `${NS}#InternalServerError`, message: err.message }),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    get stepDelayMs() {
      return state.stepDelayMs;
    },
    set stepDelayMs(ms: number) {
      state.stepDelayMs = ms;
    },
    handled,
    idle: async () => {
      while (running.size) await Promise.allSettled([...running]);
    },
    stop: async () => {
      state.stepDelayMs = 0;
      await Promise.allSettled([...running]);
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      ddb.destroy();
      s3.destroy();
    },
  };
}
