// Imports a JSON Lines, DynamoDB JSON or CSV file into a table, with progress and cancel, and a closing report of
// what was written, refused or skipped, from which the failed items can be imported again. Read-only connections
// refuse it in the client's guard.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Commands } from '../base/constants';
import type { Studio } from '../studio/studio';
import { formatFromFileName, importFile, TRANSFER_FORMATS, type TransferFormat } from '../../services/transfer/import';
import { describeTarget, transferTargetFromArg, type TransferTarget, type ViewerTransferArg } from '../ui/transferTarget';
import { defaultFolder, pickFormat, reportStopped, showTransferReport, withCancellableProgress, type TransferReportOptions } from '../ui/transferUi';
import { Cancelled } from '../ui/pickers';
import { countImportRows } from '../../services/transfer/rowCount';
import { bulkGuardNote, confirmModal, itemCount, runConfirmedBulk } from '../guard/bulkWrites';

/** The import command's argument when the file is already known (the failed items of an earlier import or copy). */
export interface ImportGivenFileArg extends ViewerTransferArg {
  importFile: { file: string; format: TransferFormat };
}

function givenFile(arg: unknown): { file: string; format: TransferFormat } | undefined {
  const given = (arg as Partial<ImportGivenFileArg> | undefined)?.importFile;
  if (!given || typeof given.file !== 'string' || !TRANSFER_FORMATS.includes(given.format)) return undefined;
  return given;
}

/**
 * The report action that imports a failed items file (DynamoDB JSON) into `target`, through the import command:
 * the same confirmation naming the table and the count, the same guard approval, progress and report.
 */
export function importFailedItemsInto(target: Pick<TransferTarget, 'connection' | 'region' | 'tableName'>): TransferReportOptions {
  return {
    importFailedItems: (file) => {
      const arg: ImportGivenFileArg = { connectionId: target.connection.id, region: target.region, tableName: target.tableName, importFile: { file, format: 'dynamodb-json' } };
      // The command's error boundary has shown any failure already.
      void vscode.commands.executeCommand(Commands.importTable, arg).then(undefined, () => undefined);
    },
  };
}

async function pickImportFile(target: TransferTarget): Promise<{ file: string; format: TransferFormat }> {
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
  return { file: uri.fsPath, format: await pickFormat(`Read ${path.basename(uri.fsPath)} as`, formatFromFileName(uri.fsPath)) };
}

export async function importTable(studio: Studio, arg?: unknown): Promise<void> {
  const target = await transferTargetFromArg(studio, arg);
  const { file, format } = givenFile(arg) ?? (await pickImportFile(target));
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
  const followUp = importFailedItemsInto(target);
  try {
    const report = await withCancellableProgress(`Importing ${path.basename(file)} into ${target.tableName}`, (signal, progress, onRetry) =>
      runConfirmedBulk([target.tableName], `import ${path.basename(file)}`, () => importFile(client, target.tableName, file, {
        format,
        signal,
        onRetry,
        onProgress: (p) => progress(`${p.written.toLocaleString('en-US')} written, ${p.read.toLocaleString('en-US')} read`, p.totalBytes ? (p.bytesRead ?? 0) / p.totalBytes : undefined),
      })),
    );
    showTransferReport(studio, what, report, followUp);
  } catch (err) {
    reportStopped(studio, what, err, followUp);
  }
}
