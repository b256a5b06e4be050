// DynamoDB's Export to S3 and Import from S3 as jobs, through the local job server (DynamoDB's JSON protocol in
// front of DynamoDB Local) and the local S3 server: point-in-time recovery required and offered, a job seen running
// and then completed with its counts, a failed job with its reason, Download Export into DynamoDB JSON Lines that the
// product's import writes back with zero differences, and Import from S3 into a new table, with progress and errors.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import * as zlib from 'node:zlib';
import { StudioError } from '../../../src/model/errors';
import { itemsEqual } from '../../../src/model/items/equality';
import type { JobView } from '../../../src/model/s3jobs/jobs';
import { installReadOnlyGuard } from '../../../src/services/aws/readOnlyGuard';
import { downloadExport, downloadFileName } from '../../../src/services/s3jobs/download';
import {
  creationParametersLike,
  describeJob,
  enablePointInTimeRecovery,
  listTableJobs,
  pointInTimeRecoveryState,
  startExport,
  startImport,
  type ExportRequest,
} from '../../../src/services/s3jobs/jobs';
import { listBucketNames } from '../../../src/services/s3jobs/s3Clients';
import { importFile } from '../../../src/services/transfer/import';
import { startJobServer, type JobServer } from '../../servers/jobServer';
import { startS3Server, type S3TestServer } from '../../servers/s3Server';
import { deleteTables, getTestEndpoint, putAll, scanAll, TEST_CREDENTIALS, TEST_REGION, testClient, uniqueTableName } from '../dynamoLocal';

type Item = Record<string, AttributeValue>;
const BUCKET = 'studio-exports';

/** 300 items with every attribute type, binary and numbers past double precision among them. */
function sampleItems(count: number): Item[] {
  return Array.from({ length: count }, (_, i) => ({
    pk: { S: `p${i % 11}` },
    sk: { N: String(i) },
    text: { S: ['plain', 'ünïcødé 表 🙂', 'multi\nline', '{"S":"x"}'][i % 4] },
    big: { N: '12345678901234567890123456789012345678' },
    blob: { B: Uint8Array.from([i % 256, 0, 255, 10]) },
    tags: { SS: [`t${i % 3}`, 'a,b'] },
    nums: { NS: ['1', `${i}.25`] },
    bins: { BS: [Uint8Array.of(1), Uint8Array.of(2, i % 256)] },
    nested: { M: { list: { L: [{ S: 'x' }, { N: '1' }, { NULL: true }, { BOOL: i % 2 === 0 }] } } },
  }));
}

/** Items of `a` missing from `b` or different there, plus items of `b` not in `a`: 0 means the same content. */
function differences(a: Item[], b: Item[]): number {
  const key = (i: Item) => `${i.pk.S}\u0000${i.sk.N}`;
  const byKey = new Map(b.map((i) => [key(i), i]));
  let diff = Math.abs(a.length - b.length);
  for (const item of a) {
    const other = byKey.get(key(item));
    if (!other || !itemsEqual(item, other)) diff++;
  }
  return diff;
}

async function createSource(client: DynamoDBClient, name: string, items: Item[]): Promise<string> {
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'N' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    }),
  );
  await putAll(client, name, items);
  return (await client.send(new DescribeTableCommand({ TableName: name }))).Table!.TableArn!;
}

/** Describes the job until it leaves IN_PROGRESS; returns every view seen. */
async function untilDone(client: DynamoDBClient, job: JobView): Promise<JobView[]> {
  const seen: JobView[] = [];
  for (let i = 0; i < 600; i++) {
    const now = await describeJob(client, job.kind, job.arn);
    seen.push(now);
    if (now.status !== 'IN_PROGRESS') return seen;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${job.kind} ${job.id} did not finish`);
}

describe('Export to S3 and Import from S3 jobs (local job server + local S3 + DynamoDB Local)', function () {
  this.timeout(120_000);
  let s3Server: S3TestServer;
  let jobs: JobServer;
  let client: DynamoDBClient;
  let s3: S3Client;
  let direct: DynamoDBClient;
  const tables: string[] = [];
  const items = sampleItems(300);
  let source: string;
  let sourceArn: string;
  let tmp: string;

  before(async () => {
    const ddbEndpoint = await getTestEndpoint();
    direct = testClient(ddbEndpoint);
    s3Server = await startS3Server();
    s3Server.createBucket(BUCKET);
    jobs = await startJobServer({ ddbEndpoint, s3Endpoint: s3Server.endpoint, itemsPerFile: 64 });
    client = new DynamoDBClient({ endpoint: jobs.endpoint, region: TEST_REGION, credentials: { ...TEST_CREDENTIALS } });
    s3 = new S3Client({ endpoint: s3Server.endpoint, region: TEST_REGION, credentials: { ...TEST_CREDENTIALS }, forcePathStyle: true });
    source = uniqueTableName('S3JobsSource');
    tables.push(source);
    sourceArn = await createSource(direct, source, items);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 's3jobs-'));
  });

  after(async () => {
    await jobs?.stop();
    await s3Server?.stop();
    client?.destroy();
    s3?.destroy();
    if (direct) await deleteTables(direct, tables);
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  const request = (over: Partial<ExportRequest> = {}): ExportRequest => ({
    tableArn: sourceArn,
    tableName: source,
    bucket: BUCKET,
    prefix: 'exports/run',
    format: 'DYNAMODB_JSON',
    type: 'FULL_EXPORT',
    ...over,
  });

  let completed: JobView;

  it('refuses to export without point-in-time recovery, saying how to turn it on; then turns it on', async () => {
    assert.equal(await pointInTimeRecoveryState(client, source), 'DISABLED');
    await assert.rejects(startExport(client, request()), (err: StudioError) => {
      assert.match(err.message, /point-in-time recovery is off/);
      assert.match(err.hint ?? '', /Turn on point-in-time recovery/);
      return true;
    });
    assert.equal(s3Server.buckets.get(BUCKET)!.size, 0, 'nothing was written to S3');
    await enablePointInTimeRecovery(client, source);
    assert.equal(await pointInTimeRecoveryState(client, source), 'ENABLED');
  });

  it('checks the request before sending it: bad bucket name, future export time', async () => {
    const before = jobs.handled.get('ExportTableToPointInTime') ?? 0;
    await assert.rejects(startExport(client, request({ bucket: 'Bad_Bucket' })), /not an S3 bucket name/);
    await assert.rejects(startExport(client, request({ exportTime: new Date(Date.now() + 3600_000) })), /in the future/);
    await assert.rejects(
      startExport(client, request({ type: 'INCREMENTAL_EXPORT', incremental: { from: new Date(Date.now() - 60_000), to: new Date(), view: 'NEW_IMAGE' } })),
      /at least 15 minutes/,
    );
    assert.equal(jobs.handled.get('ExportTableToPointInTime') ?? 0, before, 'no request was sent');
  });

  it('starts an export, sees it running, then completed with its item count and billed size', async () => {
    jobs.stepDelayMs = 40;
    const started = await startExport(client, request());
    assert.equal(started.status, 'IN_PROGRESS');
    assert.match(started.arn, /\/export\/\d{14}-[0-9a-f]{8}$/);
    const listed = await listTableJobs(client, sourceArn);
    assert.equal(listed.unsupported, undefined);
    assert.ok(listed.jobs.some((j) => j.arn === started.arn && j.status === 'IN_PROGRESS'), 'the running job is listed under the table');
    const seen = await untilDone(client, started);
    jobs.stepDelayMs = 0;
    completed = seen[seen.length - 1];
    assert.ok(seen.some((j) => j.status === 'IN_PROGRESS'), 'it was seen running before it completed');
    assert.equal(completed.status, 'COMPLETED', completed.failureMessage);
    assert.equal(completed.itemCount, items.length);
    assert.ok((completed.bytes ?? 0) > 0, 'billed size is reported');
    assert.match(completed.manifestKey ?? '', /^exports\/run\/AWSDynamoDB\/[^/]+\/manifest-summary\.json$/);
    const keys = [...s3Server.buckets.get(BUCKET)!.keys()];
    assert.equal(keys.filter((k) => /\/data\/[0-9a-f]+\.json\.gz$/.test(k)).length, Math.ceil(items.length / 64), 'data files of 64 items each');
    assert.ok(keys.some((k) => k.endsWith('/manifest-files.json')));
    const again = await listTableJobs(client, sourceArn);
    assert.equal(again.jobs.find((j) => j.arn === started.arn)?.itemCount, items.length, 'the explorer listing carries the counts');
  });

  it('reports a failed export with its failure code and message (bucket does not exist)', async () => {
    const started = await startExport(client, request({ bucket: 'no-such-bucket-here' }));
    const done = (await untilDone(client, started)).pop()!;
    assert.equal(done.status, 'FAILED');
    assert.equal(done.failureCode, 'S3NoSuchBucket');
    assert.match(done.failureMessage ?? '', /bucket does not exist/);
  });

  it('downloads the export into DynamoDB JSON Lines that the import writes back with zero differences', async () => {
    const file = path.join(tmp, downloadFileName(source, completed.id));
    const progress: number[] = [];
    const report = await downloadExport(s3, completed, file, { onProgress: (p) => progress.push(p.items) });
    assert.equal(report.items, items.length);
    assert.equal(report.files, Math.ceil(items.length / 64));
    assert.deepEqual(progress, [...progress].sort((a, b) => a - b), 'progress only grows');
    assert.equal(progress[progress.length - 1], items.length);
    assert.ok(!fs.existsSync(`${file}.part`), 'no partial file is left');
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    assert.equal(lines.length, items.length);
    assert.ok(lines.every((l) => Object.keys(JSON.parse(l) as object).join() === 'Item'), 'every line is {"Item": …}');

    const target = uniqueTableName('S3JobsDownloaded');
    tables.push(target);
    await createSource(direct, target, []);
    const imported = await importFile(direct, target, file);
    assert.equal(imported.written, items.length);
    assert.equal(imported.badRowCount, 0);
    assert.equal(differences(await scanAll(direct, source), await scanAll(direct, target)), 0);
  });

  it('a cancelled download stops between data files and keeps no file', async () => {
    const file = path.join(tmp, 'cancelled.ddb.jsonl');
    const controller = new AbortController();
    let filesAtCancel = 0;
    await assert.rejects(
      downloadExport(s3, completed, file, {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.files === 2 && !controller.signal.aborted) {
            filesAtCancel = p.files;
            controller.abort();
          }
        },
      }),
      (err: StudioError) => err.kind === 'cancelled' && /was cancelled; no file was kept/.test(err.message),
    );
    assert.equal(filesAtCancel, 2);
    assert.ok(!fs.existsSync(file) && !fs.existsSync(`${file}.part`), 'no file is kept');
  });

  it('refuses to download an export that has not completed, and keeps no file when a data file is damaged', async () => {
    const file = path.join(tmp, 'never.ddb.jsonl');
    await assert.rejects(downloadExport(s3, { ...completed, status: 'FAILED' }, file), /has not completed/);
    const objects = s3Server.buckets.get(BUCKET)!;
    const dataKey = [...objects.keys()].find((k) => k.startsWith(completed.manifestKey!.replace('manifest-summary.json', 'data/')))!;
    const original = objects.get(dataKey)!;
    objects.set(dataKey, { ...original, body: zlib.gzipSync('{"Item":{"pk":{"S":"only one"}}}\n') });
    try {
      await assert.rejects(downloadExport(s3, completed, file), /holds 1 items, but the manifest says 64/);
      assert.ok(!fs.existsSync(file) && !fs.existsSync(`${file}.part`), 'no file is kept');
    } finally {
      objects.set(dataKey, original);
    }
  });

  it('imports the export files from S3 into a new table with its key schema: progress, counts, zero differences', async () => {
    const target = uniqueTableName('S3JobsImported');
    tables.push(target);
    const desc = (await direct.send(new DescribeTableCommand({ TableName: source }))).Table!;
    jobs.stepDelayMs = 15;
    const dataPrefix = completed.manifestKey!.replace('manifest-summary.json', 'data/');
    const started = await startImport(client, { bucket: BUCKET, prefix: dataPrefix, format: 'DYNAMODB_JSON', compression: 'GZIP', table: creationParametersLike(desc, target) });
    assert.equal(started.status, 'IN_PROGRESS');
    const seen = await untilDone(client, started);
    jobs.stepDelayMs = 0;
    const done = seen[seen.length - 1];
    assert.equal(done.status, 'COMPLETED', done.failureMessage);
    assert.ok(
      seen.some((j) => j.status === 'IN_PROGRESS' && (j.itemCount ?? 0) > 0 && (j.itemCount ?? 0) < items.length),
      `progress was seen while running (imported counts: ${seen.map((j) => j.itemCount).join(', ')})`,
    );
    assert.equal(done.itemCount, items.length);
    assert.equal(done.processedItems, items.length);
    assert.equal(done.errorCount, 0);
    const targetArn = (await direct.send(new DescribeTableCommand({ TableName: target }))).Table!.TableArn!;
    assert.ok((await listTableJobs(client, targetArn)).jobs.some((j) => j.kind === 'import' && j.arn === started.arn), 'the import is listed under the new table');
    assert.equal(differences(await scanAll(direct, source), await scanAll(direct, target)), 0);
  });

  it('counts lines that are not items as import errors, and fails an import whose prefix holds nothing', async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'handmade/part-1.json', Body: '{"Item":{"pk":{"S":"a"},"sk":{"N":"1"}}}\nnot json\n{"Item":{"sk":{"N":"2"}}}\n{"Item":{"pk":{"S":"b"},"sk":{"N":"3"}}}\n' }));
    const desc = (await direct.send(new DescribeTableCommand({ TableName: source }))).Table!;
    const target = uniqueTableName('S3JobsHandmade');
    tables.push(target);
    const done = (await untilDone(client, await startImport(client, { bucket: BUCKET, prefix: 'handmade/', format: 'DYNAMODB_JSON', compression: 'NONE', table: creationParametersLike(desc, target) }))).pop()!;
    assert.equal(done.status, 'COMPLETED');
    assert.equal(done.processedItems, 4);
    assert.equal(done.itemCount, 2);
    assert.equal(done.errorCount, 2);
    assert.equal((await scanAll(direct, target)).length, 2);

    const empty = uniqueTableName('S3JobsEmpty');
    tables.push(empty);
    const failed = (await untilDone(client, await startImport(client, { bucket: BUCKET, prefix: 'nothing-here/', format: 'DYNAMODB_JSON', compression: 'NONE', table: creationParametersLike(desc, empty) }))).pop()!;
    assert.equal(failed.status, 'FAILED');
    assert.match(failed.failureMessage ?? '', /No objects were found/);
  });

  it('refuses an import into a table that exists, and lists the buckets for the picker', async () => {
    const desc = (await direct.send(new DescribeTableCommand({ TableName: source }))).Table!;
    await assert.rejects(startImport(client, { bucket: BUCKET, prefix: 'handmade/', format: 'DYNAMODB_JSON', compression: 'NONE', table: creationParametersLike(desc, source) }), /already exists/);
    await assert.rejects(startImport(client, { bucket: BUCKET, format: 'DYNAMODB_JSON', compression: 'NONE', table: { TableName: 'x', KeySchema: [], AttributeDefinitions: [] } }), /needs a partition key/);
    assert.deepEqual(await listBucketNames(s3), [BUCKET]);
  });

  it('a read-only connection starts neither an export nor an import', async () => {
    const readOnly = new DynamoDBClient({ endpoint: jobs.endpoint, region: TEST_REGION, credentials: { ...TEST_CREDENTIALS } });
    installReadOnlyGuard(readOnly, 'prod', () => true);
    try {
      const before = (jobs.handled.get('ExportTableToPointInTime') ?? 0) + (jobs.handled.get('ImportTable') ?? 0);
      await assert.rejects(startExport(readOnly, request()), /read-only/);
      const desc = (await direct.send(new DescribeTableCommand({ TableName: source }))).Table!;
      await assert.rejects(startImport(readOnly, { bucket: BUCKET, prefix: 'handmade/', format: 'DYNAMODB_JSON', compression: 'NONE', table: creationParametersLike(desc, 'NeverCreated') }), /read-only/);
      assert.equal((jobs.handled.get('ExportTableToPointInTime') ?? 0) + (jobs.handled.get('ImportTable') ?? 0), before, 'nothing reached the server');
      assert.ok((await listTableJobs(readOnly, sourceArn)).jobs.length >= 2, 'listing jobs is a read and works');
    } finally {
      readOnly.destroy();
    }
  });

  it('says plainly when the endpoint has no export API (DynamoDB Local itself)', async () => {
    const jobsOnLocal = await listTableJobs(direct, sourceArn);
    assert.equal(jobsOnLocal.jobs.length, 0);
    assert.match(jobsOnLocal.unsupported ?? '', /no export to or import from S3/);
    assert.equal(await pointInTimeRecoveryState(direct, source), 'unsupported');
  });
});
