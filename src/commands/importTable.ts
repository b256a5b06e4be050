// Imports a JSON Lines, DynamoDB JSON or CSV file into a table, with progress and cancel, and a closing report of
// what was written, refused or skipped. Read-only connections refuse it in the client's guard.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Studio } from '../studio';
import { formatFromFileName, importFile } from '../core/transfer/import';
import { describeTarget, transferTargetFromArg } from '../webviews/tableViewer/transferTarget';
import { defaultFolder, pickFormat, reportStopped, showTransferReport, withCancellableProgress } from '../webviews/tableViewer/transferUi';
import { Cancelled } from './pickers';
import { countImportRows } from '../core/transfer/rowCount';
import { bulkGuardNote, confirmModal, itemCount, runConfirmedBulk } from '../guard/bulkWrites';

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
  const client = await studio.pool.get(target.connection, target.region);
  const [rows, existing] = await Promise.all([
    countImportRows(file, format),
    (async () => (await studio.tableService(target.connection, target.region)).describeTable(target.tableName))().then(
      (d) => d.ItemCount,
      () => undefined,
    ),
  ]);
  const holds = existing === undefined ? '' : ` "${target.tableName}" holds ${itemCount(existing, true)}.`;
  const ok = await confirmModal(
    `Import ${format === 'csv' ? 'about ' : ''}${rows.toLocaleString('en-US')} rows of ${path.basename(file)} into table ${describeTarget(target)}?`,
    `An imported item with the key of an existing item replaces it.${holds} Invalid rows are reported and never written.${bulkGuardNote(studio, target.connection.id)}`,
    'Import',
  );
  if (!ok) throw new Cancelled();
  const what = `Import of ${path.basename(file)} into ${target.tableName}`;
  try {
    const report = await withCancellableProgress(`Importing ${path.basename(file)} into ${target.tableName}`, (signal, progress) =>
      runConfirmedBulk([target.tableName], `import ${path.basename(file)}`, () => importFile(client, target.tableName, file, {
        format,
        signal,
        onProgress: (p) => progress(`${p.written.toLocaleString('en-US')} written, ${p.read.toLocaleString('en-US')} read`, p.totalBytes ? (p.bytesRead ?? 0) / p.totalBytes : undefined),
      })),
    );
    showTransferReport(studio, what, report);
  } catch (err) {
    reportStopped(studio, what, err);
  }
}
