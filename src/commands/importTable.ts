// Imports a JSON Lines, DynamoDB JSON or CSV file into a table, with progress and cancel, and a closing report of
// what was written, refused or skipped. Read-only connections refuse it in the client's guard.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Studio } from '../studio';
import { formatFromFileName, importFile } from '../core/transfer/import';
import { describeTarget, transferTargetFromArg } from '../webviews/tableViewer/transferTarget';
import { defaultFolder, pickFormat, reportStopped, showTransferReport, withCancellableProgress } from '../webviews/tableViewer/transferUi';
import { Cancelled } from './pickers';

export async function importTable(studio: Studio, arg?: unknown): Promise<void> {
  const target = await transferTargetFromArg(studio, arg);
  const picked = await vscode.window.showOpenDialog({
    title: `Import items into ${describeTarget(target)}`,
    defaultUri: defaultFolder(),
    canSelectMany: false,
    filters: { 'Items (JSON Lines, DynamoDB JSON, CSV)': ['jsonl', 'json', 'ndjson', 'csv'], 'All files': ['*'] },
    openLabel: 'Import',
  });
  const uri = picked?.[0];
  if (!uri) throw new Cancelled();
  if (uri.scheme !== 'file') throw new Error(`Imports read local files; ${uri.toString()} is not one. Choose a file on this machine.`);
  const file = uri.fsPath;
  const format = await pickFormat(`Read ${path.basename(file)} as`, formatFromFileName(file));
  const confirm = await vscode.window.showWarningMessage(
    `Import ${path.basename(file)} into ${describeTarget(target)}?`,
    { modal: true, detail: 'Items with the key of an existing item replace it. Invalid rows are reported and never written.' },
    'Import',
  );
  if (confirm !== 'Import') throw new Cancelled();
  const client = await studio.pool.get(target.connection, target.region);
  const what = `Import of ${path.basename(file)} into ${target.tableName}`;
  try {
    const report = await withCancellableProgress(`Importing ${path.basename(file)} into ${target.tableName}`, (signal, progress) =>
      importFile(client, target.tableName, file, {
        format,
        signal,
        onProgress: (p) => progress(`${p.written.toLocaleString('en-US')} written, ${p.read.toLocaleString('en-US')} read`, p.totalBytes ? (p.bytesRead ?? 0) / p.totalBytes : undefined),
      }),
    );
    showTransferReport(studio, what, report);
  } catch (err) {
    reportStopped(studio, what, err);
  }
}
