// "Download export": streams the data files of a completed DynamoDB export from S3 into one local DynamoDB JSON
// Lines file ({"Item": …} per line, as the export wrote them), which the product's own import reads. The manifests
// are followed, never guessed: manifest-summary.json names manifest-files.json, which lists each data file and its
// item count; the counts are checked. The file is written under a temporary name and renamed only when complete.
import { once } from 'node:events';
import * as fs from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { StudioError, toStudioError } from '../../model/errors';
import type { JobView } from '../../model/s3jobs/jobs';

export interface DownloadProgress {
  files: number;
  totalFiles: number;
  items: number;
  totalItems: number;
  /** Compressed bytes read from S3. */
  bytes: number;
}

export interface DownloadReport {
  file: string;
  items: number;
  files: number;
  bytes: number;
}

interface ManifestSummary {
  manifestFilesS3Key?: string;
  itemCount?: number;
  outputFormat?: string;
  exportType?: string;
}

interface ManifestFileEntry {
  dataFileS3Key: string;
  itemCount?: number;
}

async function getObject(s3: S3Client, bucket: string, key: string, signal?: AbortSignal): Promise<Readable> {
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
    return out.Body as Readable;
  } catch (err) {
    throw toStudioError(err, { operation: `Reading s3://${bucket}/${key}` });
  }
}

async function getText(s3: S3Client, bucket: string, key: string, signal?: AbortSignal): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await getObject(s3, bucket, key, signal)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Counts line ends going through, so the items written are known without parsing them. */
function lineCounter(onLines: (n: number) => void): Transform {
  let last = 10;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      let n = 0;
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) n++;
      if (chunk.length) last = chunk[chunk.length - 1];
      if (n) onLines(n);
      done(null, chunk);
    },
    flush(done) {
      // A data file whose last line lacks its line end still gives one item per line.
      if (last !== 10) {
        onLines(1);
        this.push('\n');
      }
      done();
    },
  });
}

/** Downloads a completed DYNAMODB_JSON full export to `file`. */
export async function downloadExport(
  s3: S3Client,
  job: Pick<JobView, 'status' | 'bucket' | 'manifestKey' | 'format' | 'exportType' | 'id'>,
  file: string,
  options: { signal?: AbortSignal; onProgress?: (p: DownloadProgress) => void } = {},
): Promise<DownloadReport> {
  if (job.status !== 'COMPLETED' || !job.bucket || !job.manifestKey) {
    throw new StudioError('validation', `Export ${job.id} cannot be downloaded: it has not completed${job.status === 'FAILED' ? ' (it failed)' : ''}.`, {
      hint: job.status === 'IN_PROGRESS' ? 'Wait until the explorer shows it completed.' : 'Start a new export.',
    });
  }
  if (job.format && job.format !== 'DYNAMODB_JSON') {
    throw new StudioError('unsupported', `Export ${job.id} is in ${job.format}; Download Export reads DynamoDB JSON exports.`, { hint: 'Export again with the DynamoDB JSON format.' });
  }
  if (job.exportType === 'INCREMENTAL_EXPORT') {
    throw new StudioError('unsupported', `Export ${job.id} is incremental: its lines are changes (keys and images), not items the import can write.`, {
      hint: 'Download a full export instead.',
    });
  }
  const { signal, onProgress } = options;
  const bucket = job.bucket;
  let summary: ManifestSummary;
  try {
    summary = JSON.parse(await getText(s3, bucket, job.manifestKey, signal)) as ManifestSummary;
  } catch (err) {
    if (err instanceof StudioError) throw err;
    throw new StudioError('validation', `s3://${bucket}/${job.manifestKey} is not a DynamoDB export manifest (not JSON).`);
  }
  if (!summary.manifestFilesS3Key) throw new StudioError('validation', `s3://${bucket}/${job.manifestKey} names no manifestFilesS3Key: it is not a DynamoDB export manifest.`);
  const entries: ManifestFileEntry[] = [];
  const listing = await getText(s3, bucket, summary.manifestFilesS3Key, signal);
  listing.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let entry: ManifestFileEntry;
    try {
      entry = JSON.parse(line) as ManifestFileEntry;
    } catch {
      throw new StudioError('validation', `Line ${i + 1} of s3://${bucket}/${summary.manifestFilesS3Key} is not JSON.`);
    }
    if (typeof entry.dataFileS3Key !== 'string') throw new StudioError('validation', `Line ${i + 1} of s3://${bucket}/${summary.manifestFilesS3Key} names no dataFileS3Key.`);
    entries.push(entry);
  });
  const totalItems = summary.itemCount ?? entries.reduce((n, e) => n + (e.itemCount ?? 0), 0);
  const progress: DownloadProgress = { files: 0, totalFiles: entries.length, items: 0, totalItems, bytes: 0 };
  onProgress?.({ ...progress });

  const partial = `${file}.part`;
  const out = fs.createWriteStream(partial);
  let writeError: Error | undefined;
  out.on('error', (err) => (writeError ??= err));
  try {
    for (const entry of entries) {
      const body = await getObject(s3, bucket, entry.dataFileS3Key, signal);
      body.on('data', (chunk: Buffer) => (progress.bytes += chunk.length));
      let itemsOfFile = 0;
      const gzip = entry.dataFileS3Key.endsWith('.gz');
      const stages = [body, ...(gzip ? [zlib.createGunzip()] : []), lineCounter((n) => ((itemsOfFile += n), (progress.items += n)))];
      try {
        const sink = async (source: AsyncIterable<Buffer>) => {
          for await (const chunk of source) if (!out.write(chunk)) await once(out, 'drain');
        };
        await (pipeline as unknown as (...args: unknown[]) => Promise<void>)(...stages, sink, { signal });
        if (writeError) throw writeError;
      } catch (err) {
        if (signal?.aborted || err === writeError) throw err;
        throw new StudioError('validation', `s3://${bucket}/${entry.dataFileS3Key} could not be read: ${(err as Error).message}`, { cause: err });
      }
      if (entry.itemCount !== undefined && entry.itemCount !== itemsOfFile) {
        throw new StudioError('validation', `s3://${bucket}/${entry.dataFileS3Key} holds ${itemsOfFile} items, but the manifest says ${entry.itemCount}.`, {
          hint: 'The export files may have been changed after the export; export again.',
        });
      }
      progress.files++;
      onProgress?.({ ...progress });
    }
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    if (progress.items !== totalItems) {
      throw new StudioError('validation', `The export's data files hold ${progress.items} items, but its manifest says ${totalItems}.`, { hint: 'Export again.' });
    }
    await fs.promises.rename(partial, file);
  } catch (err) {
    out.destroy();
    await fs.promises.rm(partial, { force: true });
    if (signal?.aborted) throw new StudioError('cancelled', `Download of export ${job.id} was cancelled; no file was kept.`, { cause: err });
    throw err;
  }
  return { file, items: progress.items, files: progress.files, bytes: progress.bytes };
}

/** A file name for the download: `<table>-<export id>.ddb.jsonl` (".ddb" makes the import read DynamoDB JSON). */
export function downloadFileName(tableName: string, exportId: string): string {
  return `${tableName.replace(/[^\w.-]+/g, '_')}-${exportId}.ddb.jsonl`;
}
