// Download Export: streams a completed export's data files from S3 into one local DynamoDB JSON Lines file, with
// progress and cancel; the file can then be imported (Import…) into any table on any connection.
import * as vscode from 'vscode';
import { StudioError } from '../../model/errors';
import { describeJob } from '../../services/s3jobs/jobs';
import { downloadExport as runDownload, downloadFileName } from '../../services/s3jobs/download';
import type { Studio } from '../studio/studio';
import { anyNodeFromArg, Cancelled, connectionOf } from '../ui/pickers';
import { defaultFolder, withCancellableProgress } from '../ui/transferUi';

const n = (x: number) => x.toLocaleString('en-US');

export async function downloadExport(studio: Studio, arg?: unknown): Promise<void> {
  const node = await anyNodeFromArg(studio, arg);
  if (!node?.job || node.job.kind !== 'export') {
    throw new StudioError('validation', vscode.l10n.t('Download Export works on an export job in the explorer.'), {
      hint: vscode.l10n.t('Open a table’s "S3 Export and Import Jobs" and use Download Export on a completed export.'),
    });
  }
  const conn = connectionOf(studio, node);
  const region = node.region!;
  // The node may be a few seconds old: describe it again for the manifest and the status.
  const job = await describeJob(await studio.pool.get(conn, region), 'export', node.job.arn);
  const folder = defaultFolder();
  const fileName = downloadFileName(node.tableName ?? 'export', job.id);
  const uri = await vscode.window.showSaveDialog({
    title: vscode.l10n.t('Download export {0}', job.id),
    defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : undefined,
    filters: { 'DynamoDB JSON Lines': ['jsonl'], 'All files': ['*'] },
    saveLabel: vscode.l10n.t('Download'),
  });
  if (!uri) throw new Cancelled();
  if (uri.scheme !== 'file') throw new StudioError('validation', vscode.l10n.t('Downloads are written to local files; {0} is not one. Choose a file on this machine.', uri.toString()));
  const s3 = await studio.s3.get(conn, region);
  const report = await withCancellableProgress(vscode.l10n.t('Downloading export {0}', job.id), (signal, progress) =>
    runDownload(s3, job, uri.fsPath, {
      signal,
      onProgress: (p) => progress(`${n(p.items)} of ${n(p.totalItems)} items, file ${p.files} of ${p.totalFiles}`, p.totalItems ? p.items / p.totalItems : undefined),
    }),
  );
  const headline = vscode.l10n.t('Downloaded {0} items of export {1} from {2} data files into {3}.', n(report.items), job.id, report.files, uri.fsPath);
  studio.output.info(headline);
  const open = vscode.l10n.t('Open File');
  void vscode.window.showInformationMessage(headline, open).then(async (choice) => {
    if (choice === open) await vscode.window.showTextDocument(uri);
  });
}
