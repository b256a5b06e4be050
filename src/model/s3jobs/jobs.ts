// DynamoDB's own Export to S3 and Import from S3 jobs as plain data: one view of either kind for the explorer and
// the commands, built from DescribeExport / DescribeImport (or the shorter List summaries), with words for it.
import type { ExportDescription, ExportSummary, ImportSummary, ImportTableDescription } from '@aws-sdk/client-dynamodb';
import { formatBytes } from '../table/tableInfo';

export type JobKind = 'export' | 'import';
export type JobStatus = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED' | 'CANCELLING' | 'CANCELLED' | 'UNKNOWN';

export interface JobView {
  kind: JobKind;
  arn: string;
  /** The id part of the ARN (after /export/ or /import/). */
  id: string;
  status: JobStatus;
  startTime?: Date;
  endTime?: Date;
  /** Export: FULL_EXPORT or INCREMENTAL_EXPORT. */
  exportType?: string;
  /** DYNAMODB_JSON, ION or CSV. */
  format?: string;
  /** Export: items written (known when completed). Import: items imported so far. */
  itemCount?: number;
  /** Import: items read from S3 so far. */
  processedItems?: number;
  /** Export: billed size. Import: bytes read from S3 so far. */
  bytes?: number;
  /** Import: lines that could not be imported (details go to CloudWatch Logs). */
  errorCount?: number;
  failureCode?: string;
  failureMessage?: string;
  bucket?: string;
  /** Export: the S3 prefix asked for; import: the key prefix read. */
  prefix?: string;
  /** Export: key of manifest-summary.json (when completed). */
  manifestKey?: string;
  /** True when only a List summary was read: counts and times are not known yet. */
  summaryOnly: boolean;
}

const STATUSES = new Set<JobStatus>(['IN_PROGRESS', 'COMPLETED', 'FAILED', 'CANCELLING', 'CANCELLED']);
const statusOf = (s: string | undefined): JobStatus => (s && STATUSES.has(s as JobStatus) ? (s as JobStatus) : 'UNKNOWN');

/** The job id from an export or import ARN: `…:table/T/export/01700000000000-abcd1234` → `01700000000000-abcd1234`. */
export function jobIdOfArn(arn: string): string {
  const m = /\/(?:export|import)\/([^/]+)$/.exec(arn);
  return m ? m[1] : arn;
}

export function exportView(d: ExportDescription): JobView {
  return {
    kind: 'export',
    arn: d.ExportArn ?? '',
    id: jobIdOfArn(d.ExportArn ?? ''),
    status: statusOf(d.ExportStatus),
    startTime: d.StartTime,
    endTime: d.EndTime,
    exportType: d.ExportType,
    format: d.ExportFormat,
    itemCount: d.ItemCount,
    bytes: d.BilledSizeBytes,
    failureCode: d.FailureCode,
    failureMessage: d.FailureMessage,
    bucket: d.S3Bucket,
    prefix: d.S3Prefix,
    manifestKey: d.ExportManifest,
    summaryOnly: false,
  };
}

export function exportSummaryView(s: ExportSummary): JobView {
  return { kind: 'export', arn: s.ExportArn ?? '', id: jobIdOfArn(s.ExportArn ?? ''), status: statusOf(s.ExportStatus), exportType: s.ExportType, summaryOnly: true };
}

export function importView(d: ImportTableDescription): JobView {
  return {
    kind: 'import',
    arn: d.ImportArn ?? '',
    id: jobIdOfArn(d.ImportArn ?? ''),
    status: statusOf(d.ImportStatus),
    startTime: d.StartTime,
    endTime: d.EndTime,
    format: d.InputFormat,
    itemCount: d.ImportedItemCount,
    processedItems: d.ProcessedItemCount,
    bytes: d.ProcessedSizeBytes,
    errorCount: d.ErrorCount,
    failureCode: d.FailureCode,
    failureMessage: d.FailureMessage,
    bucket: d.S3BucketSource?.S3Bucket,
    prefix: d.S3BucketSource?.S3KeyPrefix,
    summaryOnly: false,
  };
}

export function importSummaryView(s: ImportSummary): JobView {
  return {
    kind: 'import',
    arn: s.ImportArn ?? '',
    id: jobIdOfArn(s.ImportArn ?? ''),
    status: statusOf(s.ImportStatus),
    startTime: s.StartTime,
    endTime: s.EndTime,
    format: s.InputFormat,
    bucket: s.S3BucketSource?.S3Bucket,
    prefix: s.S3BucketSource?.S3KeyPrefix,
    summaryOnly: true,
  };
}

export const isRunning = (job: Pick<JobView, 'status'>): boolean => job.status === 'IN_PROGRESS' || job.status === 'CANCELLING';

const STATUS_WORDS: Record<JobStatus, string> = {
  IN_PROGRESS: 'running',
  COMPLETED: 'completed',
  FAILED: 'failed',
  CANCELLING: 'cancelling',
  CANCELLED: 'cancelled',
  UNKNOWN: 'status unknown',
};

const count = (n: number) => n.toLocaleString('en-US');

/** `1 min 5 s`, `42 s`, `2 h 3 min`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** The explorer line of a job: `Export 01700…-abcd1234` and `completed · 250 items · 12.3 KiB billed · 3 s`. */
export function jobLabel(job: JobView): string {
  return `${job.kind === 'export' ? 'Export' : 'Import'} ${job.id}`;
}

export function jobDescription(job: JobView, now: Date = new Date()): string {
  const parts = [STATUS_WORDS[job.status]];
  if (job.kind === 'export') {
    if (job.exportType === 'INCREMENTAL_EXPORT') parts.push('incremental');
    if (job.itemCount !== undefined) parts.push(`${count(job.itemCount)} items`);
    if (job.bytes !== undefined) parts.push(`${formatBytes(job.bytes)} billed`);
  } else {
    if (job.processedItems !== undefined && isRunning(job)) parts.push(`${count(job.processedItems)} read`);
    if (job.itemCount !== undefined) parts.push(`${count(job.itemCount)} imported`);
    if (job.bytes !== undefined) parts.push(`${formatBytes(job.bytes)} read`);
    if (job.errorCount) parts.push(`${count(job.errorCount)} errors`);
  }
  if (job.startTime) parts.push(formatDuration((job.endTime ?? now).getTime() - job.startTime.getTime()));
  if (job.status === 'FAILED' && job.failureCode) parts.push(job.failureCode);
  return parts.join(' · ');
}

/** Markdown for the job's tooltip: every field known, the failure in full. */
export function jobTooltip(job: JobView): string {
  const lines = [`**${jobLabel(job)}**: ${STATUS_WORDS[job.status]}`];
  if (job.bucket) lines.push(`S3: s3://${job.bucket}/${job.prefix ?? ''}`);
  if (job.format) lines.push(`Format: ${job.format}${job.exportType ? `, ${job.exportType === 'INCREMENTAL_EXPORT' ? 'incremental' : 'full'}` : ''}`);
  if (job.startTime) lines.push(`Started: ${job.startTime.toISOString()}`);
  if (job.endTime) lines.push(`Ended: ${job.endTime.toISOString()}`);
  if (job.kind === 'export') {
    if (job.itemCount !== undefined) lines.push(`Items: ${count(job.itemCount)}`);
    if (job.bytes !== undefined) lines.push(`Billed size: ${formatBytes(job.bytes)} (${count(job.bytes)} bytes)`);
    if (job.manifestKey) lines.push(`Manifest: s3://${job.bucket}/${job.manifestKey}`);
  } else {
    if (job.processedItems !== undefined) lines.push(`Items read: ${count(job.processedItems)}`);
    if (job.itemCount !== undefined) lines.push(`Items imported: ${count(job.itemCount)}`);
    if (job.bytes !== undefined) lines.push(`Read from S3: ${formatBytes(job.bytes)}`);
    if (job.errorCount !== undefined) lines.push(`Errors: ${count(job.errorCount)}${job.errorCount ? ' (details are in the import’s CloudWatch Logs group)' : ''}`);
  }
  if (job.failureCode || job.failureMessage) lines.push(`Failure: ${[job.failureCode, job.failureMessage].filter(Boolean).join(': ')}`);
  lines.push(`ARN: ${job.arn}`);
  return lines.join('\n\n');
}

/** Newest first; jobs without a start time (list summaries) by id, which begins with the start time. */
export function sortJobs(jobs: JobView[]): JobView[] {
  return [...jobs].sort((a, b) => (b.startTime?.getTime() ?? 0) - (a.startTime?.getTime() ?? 0) || b.id.localeCompare(a.id));
}

/** Why an S3 bucket name is not valid, or undefined. (S3's rules: 3–63 lowercase letters, digits, dots, hyphens.) */
export function bucketNameProblem(name: string): string | undefined {
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name)) {
    return `"${name}" is not an S3 bucket name: use 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit.`;
  }
  if (/\.\.|^\d+\.\d+\.\d+\.\d+$/.test(name)) return `"${name}" is not an S3 bucket name: no two dots in a row, and not an IP address.`;
  return undefined;
}
