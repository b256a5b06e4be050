// Export and import jobs as the explorer shows them, the checks before a job is started, and the jobs folder of the
// explorer model (running jobs make the tree describe them again; an endpoint without the API says so).
import * as assert from 'node:assert/strict';
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import { bucketNameProblem, exportView, importView, jobDescription, jobTooltip, sortJobs } from '../../../src/model/s3jobs/jobs';
import { creationParametersLike, exportInput, exportRequestProblems, importRequestProblems } from '../../../src/services/s3jobs/jobs';
import { ExplorerModel, hasRunningJob, type ExplorerBackend } from '../../../src/edge/tree/model';
import type { Connection } from '../../../src/services/aws/connections';
import type { TableJobs } from '../../../src/services/s3jobs/jobs';

const ARN = 'arn:aws:dynamodb:us-east-1:123456789012:table/Orders';
const start = new Date('2026-01-01T10:00:00Z');

describe('S3 export and import jobs: views and checks', () => {
  it('describes a completed export with items, billed size and duration; a failed one with its code', () => {
    const done = exportView({ ExportArn: `${ARN}/export/01767261600000-abcd1234`, ExportStatus: 'COMPLETED', StartTime: start, EndTime: new Date(start.getTime() + 65_000), ItemCount: 1234567, BilledSizeBytes: 3 * 1024 * 1024, ExportFormat: 'DYNAMODB_JSON', ExportType: 'FULL_EXPORT', S3Bucket: 'b', S3Prefix: 'p' });
    assert.equal(done.id, '01767261600000-abcd1234');
    assert.equal(jobDescription(done), 'completed · 1,234,567 items · 3.0 MiB billed · 1 min 5 s');
    const failed = exportView({ ExportArn: `${ARN}/export/x`, ExportStatus: 'FAILED', FailureCode: 'S3NoSuchBucket', FailureMessage: 'The specified bucket does not exist', StartTime: start, EndTime: start });
    assert.equal(jobDescription(failed), 'failed · 0 s · S3NoSuchBucket');
    assert.match(jobTooltip(failed), /Failure: S3NoSuchBucket: The specified bucket does not exist/);
  });

  it('describes a running import with what it read and imported so far, and its errors', () => {
    const running = importView({ ImportArn: `${ARN}/import/01767261600000-00000001`, ImportStatus: 'IN_PROGRESS', StartTime: start, ProcessedItemCount: 500, ImportedItemCount: 480, ProcessedSizeBytes: 2048, ErrorCount: 20 });
    assert.equal(jobDescription(running, new Date(start.getTime() + 42_000)), 'running · 500 read · 480 imported · 2.0 KiB read · 20 errors · 42 s');
    assert.match(jobTooltip(running), /Errors: 20 \(details are in the import’s CloudWatch Logs group\)/);
  });

  it('sorts newest first', () => {
    const a = exportView({ ExportArn: `${ARN}/export/a`, StartTime: new Date(1000) });
    const b = importView({ ImportArn: `${ARN}/import/b`, StartTime: new Date(2000) });
    assert.deepEqual(sortJobs([a, b]).map((j) => j.id), ['b', 'a']);
  });

  it('checks bucket names as S3 does', () => {
    assert.equal(bucketNameProblem('my-exports.2026'), undefined);
    for (const bad of ['ab', 'My-Bucket', 'under_score', '-start', 'a..b', '192.168.1.1', 'x'.repeat(64)]) assert.ok(bucketNameProblem(bad), bad);
  });

  it('refuses bad export requests before sending, and builds the request DynamoDB takes', () => {
    const now = new Date('2026-01-02T00:00:00Z');
    const base = { tableArn: ARN, tableName: 'Orders', bucket: 'exports', format: 'DYNAMODB_JSON' as const, type: 'FULL_EXPORT' as const };
    assert.deepEqual(exportRequestProblems(base, now), []);
    assert.match(exportRequestProblems({ ...base, exportTime: new Date(now.getTime() + 1) }, now).join(), /in the future/);
    const inc = (fromMin: number, toMin: number) => ({ ...base, type: 'INCREMENTAL_EXPORT' as const, incremental: { from: new Date(now.getTime() - fromMin * 60_000), to: new Date(now.getTime() - toMin * 60_000), view: 'NEW_IMAGE' as const } });
    assert.match(exportRequestProblems(inc(10, 0), now).join(), /at least 15 minutes/);
    assert.match(exportRequestProblems(inc(25 * 60, 0), now).join(), /at most 24 hours/);
    assert.match(exportRequestProblems(inc(0, 30), now).join(), /after its start/);
    assert.deepEqual(exportRequestProblems(inc(60, 0), now), []);
    const input = exportInput({ ...inc(60, 0), prefix: 'p' });
    assert.equal(input.ExportType, 'INCREMENTAL_EXPORT');
    assert.equal(input.IncrementalExportSpecification?.ExportViewType, 'NEW_IMAGE');
    assert.equal(input.S3Prefix, 'p');
    assert.equal(input.ExportTime, undefined);
  });

  it('refuses bad import requests, and copies keys, billing and GSIs (not LSIs) from a table', () => {
    const desc: TableDescription = {
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'g', AttributeType: 'N' }, { AttributeName: 'l', AttributeType: 'S' }],
      BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
      GlobalSecondaryIndexes: [{ IndexName: 'ByG', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' }, IndexStatus: 'ACTIVE' }],
    };
    const params = creationParametersLike(desc, 'Copy');
    assert.deepEqual(params.AttributeDefinitions?.map((a) => a.AttributeName), ['pk', 'g']);
    assert.deepEqual(params.GlobalSecondaryIndexes, [{ IndexName: 'ByG', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } }]);
    assert.equal(params.BillingMode, 'PAY_PER_REQUEST');
    const base = { bucket: 'b-1', format: 'DYNAMODB_JSON' as const, compression: 'GZIP' as const, table: params };
    assert.deepEqual(importRequestProblems(base), []);
    assert.match(importRequestProblems({ ...base, table: { ...params, KeySchema: [] } }).join(), /needs a partition key/);
    assert.match(importRequestProblems({ ...base, csv: { delimiter: ',' } }).join(), /CSV options apply only to CSV/);
    assert.match(importRequestProblems({ ...base, format: 'CSV', csv: { delimiter: 'x' } }).join(), /delimiter/);
  });
});

describe('Explorer: the jobs folder of a table', () => {
  const conn: Connection = { id: 'profile:prod', kind: 'profile', name: 'prod', defaultRegion: 'us-east-1', readOnly: false, problems: [] };
  const backend = (jobs: TableJobs | Error): ExplorerBackend => ({
    listConnections: async () => ({ connections: [conn], diagnostics: [] }),
    regionsFor: () => ['us-east-1'],
    listTables: async () => ['Orders'],
    describeTable: async () => ({ TableName: 'Orders', TableArn: ARN, KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }] }),
    describeTimeToLive: async () => ({ status: 'DISABLED' }) as never,
    listTableJobs: async (_c, _r, tableArn) => {
      assert.equal(tableArn, ARN);
      if (jobs instanceof Error) throw jobs;
      return jobs;
    },
  });
  const jobsOf = async (model: ExplorerModel) => {
    const table = (await model.resolve('profile:prod/us-east-1/Orders'))!;
    const folder = (await model.getChildren(table)).find((n) => n.kind === 'jobs')!;
    assert.equal(folder.tableArn, ARN);
    return model.getChildren(folder);
  };

  it('shows each job with status, counts and a download action only on completed full DynamoDB JSON exports', async () => {
    const running = exportView({ ExportArn: `${ARN}/export/2`, ExportStatus: 'IN_PROGRESS', StartTime: new Date() });
    const done = exportView({ ExportArn: `${ARN}/export/1`, ExportStatus: 'COMPLETED', ItemCount: 5, ExportFormat: 'DYNAMODB_JSON', ExportType: 'FULL_EXPORT' });
    const ion = exportView({ ExportArn: `${ARN}/export/0`, ExportStatus: 'COMPLETED', ExportFormat: 'ION' });
    const nodes = await jobsOf(new ExplorerModel(backend({ jobs: [running, done, ion] })));
    assert.deepEqual(nodes.map((n) => n.label), ['Export 2', 'Export 1', 'Export 0']);
    assert.deepEqual(nodes.map((n) => n.tags.includes('downloadable')), [false, true, false]);
    assert.equal(nodes[0].icon, 'sync~spin');
    assert.equal(hasRunningJob(nodes), true);
    assert.equal(hasRunningJob(nodes.slice(1)), false);
    assert.equal(nodes[1].id, 'profile:prod/us-east-1/Orders#jobs#export:1');
  });

  it('says when the endpoint has none, and turns a failure into an error node', async () => {
    const unsupported = await jobsOf(new ExplorerModel(backend({ jobs: [], unsupported: 'This endpoint has no export to or import from S3.' })));
    assert.deepEqual(unsupported.map((n) => [n.kind, n.label]), [['info', 'Not supported by this endpoint']]);
    const failed = await jobsOf(new ExplorerModel(backend(Object.assign(new Error('User is not authorized to perform: dynamodb:ListExports'), { name: 'AccessDeniedException' }))));
    assert.equal(failed[0].kind, 'error');
    assert.match(failed[0].label, /ListExports/);
  });
});
