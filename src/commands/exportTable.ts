// Exports to a file, with progress and cancel: the rows the viewer shows, everything its query finds, or the whole
// table (parallel scan). From the viewer, a table node, or the palette.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Studio } from '../studio';
import { exportItems, exportQuery, exportTable as exportWholeTable, type ExportReport } from '../core/transfer/export';
import { formatBytes } from '../core/dynamo/tableInfo';
import { describeTarget, transferTargetFromArg } from '../webviews/tableViewer/transferTarget';
import { FORMAT_LABELS, defaultFolder, pickFormat, withCancellableProgress } from '../webviews/tableViewer/transferUi';
import { Cancelled } from './pickers';

const n = (x: number) => x.toLocaleString('en-US');

export async function exportTable(studio: Studio, arg?: unknown): Promise<void> {
  const target = await transferTargetFromArg(studio, arg);
  const scope = target.items ? `${n(target.items.length)} loaded rows of ${describeTarget(target)}` : target.spec ? `what the query on ${describeTarget(target)} finds` : `table ${describeTarget(target)}`;
  const format = await pickFormat(`Export ${scope} as`);
  const folder = defaultFolder();
  const fileName = `${target.tableName}.${FORMAT_LABELS[format].extension}`;
  const uri = await vscode.window.showSaveDialog({
    title: `Export ${scope}`,
    defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : undefined,
    filters: { [FORMAT_LABELS[format].label]: [FORMAT_LABELS[format].extension.split('.').pop() as string], 'All files': ['*'] },
    saveLabel: 'Export',
  });
  if (!uri) throw new Cancelled();
  if (uri.scheme !== 'file') throw new Error(`Exports are written to local files; ${uri.toString()} is not one. Choose a file on this machine.`);
  const file = uri.fsPath;
  const client = await studio.pool.get(target.connection, target.region);
  const report: ExportReport = await withCancellableProgress(`Exporting ${scope}`, (signal, progress) => {
    const onProgress = (p: { items: number; scannedCount: number }) => progress(`${n(p.items)} items${p.scannedCount ? ` (${n(p.scannedCount)} scanned)` : ''}`);
    if (target.items) return exportItems(target.items, file, { format, onProgress });
    if (target.spec) return exportQuery(client, target.spec, file, { format, signal, onProgress });
    return exportWholeTable(client, target.tableName, file, { format, signal, onProgress });
  });
  const headline = `${report.cancelled ? 'Export cancelled' : 'Exported'}: ${n(report.items)} items to ${path.basename(file)} (${formatBytes(report.bytes)}${report.cancelled ? ', complete lines only' : ''}).`;
  studio.output.info(`${headline} ${file}`);
  void vscode.window.showInformationMessage(headline, 'Open File').then((choice) => {
    if (choice === 'Open File') void vscode.window.showTextDocument(uri);
  });
}
