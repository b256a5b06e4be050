// Exports to a file, with progress and cancel: the rows the viewer shows, everything its query finds, or the whole
// table (parallel scan). From the viewer, a table node, or the palette. An export that stopped (the endpoint went
// away, throttling outlasted the retries) or was cancelled can continue into the same file.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Commands } from '../base/constants';
import type { Studio } from '../studio/studio';
import { joinSentences, StudioError } from '../../model/errors';
import type { PageCursor } from '../../services/query/runner';
import type { TransferFormat } from '../../services/transfer/import';
import { exportItems, exportQuery, ExportStoppedError, exportTable as exportWholeTable, type ExportOptions, type ExportReport } from '../../services/transfer/export';
import { describeTarget, transferTargetFromArg, type TransferTarget, type ViewerTransferArg } from '../ui/transferTarget';
import { exportContinuation, exportHeadline, TransferActions } from '../ui/transferMessages';
import { FORMAT_LABELS, defaultFolder, pickFormat, withCancellableProgress } from '../ui/transferUi';
import { Cancelled } from '../ui/pickers';

const n = (x: number) => x.toLocaleString('en-US');

/** Where a stopped or cancelled export continues: its file, format, the items already in it and the cursor after them. */
interface ExportContinuation {
  file: string;
  format: TransferFormat;
  items: number;
  cursor: PageCursor;
}

/** The export command's argument for "Continue Export": the same table and query, appending to the same file. */
export interface ContinueExportArg extends ViewerTransferArg {
  continueExport: ExportContinuation;
}

function continuationOf(arg: unknown): ExportContinuation | undefined {
  const c = (arg as Partial<ContinueExportArg> | undefined)?.continueExport;
  if (!c || typeof c.file !== 'string' || !FORMAT_LABELS[c.format] || typeof c.items !== 'number' || !c.cursor || typeof c.cursor !== 'object') return undefined;
  return c;
}

export async function exportTable(studio: Studio, arg?: unknown): Promise<void> {
  const target = await transferTargetFromArg(studio, arg);
  const continuation = continuationOf(arg);
  if (continuation) return runExport(studio, { ...target, items: undefined }, continuation.file, continuation.format, `the export of ${describeTarget(target)}`, continuation);
  const scope = target.items ? `${n(target.items.count)} fetched rows of ${describeTarget(target)}` : target.spec ? `what the query on ${describeTarget(target)} finds` : `table ${describeTarget(target)}`;
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
  return runExport(studio, target, uri.fsPath, format, scope);
}

/** Runs one export (or its continuation) under progress, then reports; a stop that can continue offers to. */
async function runExport(studio: Studio, target: TransferTarget, file: string, format: TransferFormat, scope: string, resume?: ExportContinuation): Promise<void> {
  const client = await studio.pool.get(target.connection, target.region);
  const title = resume ? `Continuing ${scope} into ${path.basename(file)} (${n(resume.items)} items in it)` : `Exporting ${scope}`;
  let report: ExportReport;
  try {
    report = await withCancellableProgress(title, (signal, progress, onRetry) => {
      const options: ExportOptions = {
        format,
        signal,
        onRetry,
        onProgress: (p) => progress(`${n(p.items)} items${p.scannedCount ? ` (${n(p.scannedCount)} scanned)` : ''}`),
        ...(resume ? { resume: { cursor: resume.cursor, items: resume.items } } : {}),
      };
      if (target.items) return exportItems(target.items.read(), file, options);
      if (target.spec) return exportQuery(client, target.spec, file, options);
      return exportWholeTable(client, target.tableName, file, options);
    });
  } catch (err) {
    if (!(err instanceof ExportStoppedError)) throw err;
    const next = exportContinuation(err.report);
    // Without a way to continue, the command's error boundary shows the error with the reason; a denied read goes
    // there too, for its policy offer.
    if (!next.resumable) throw new StudioError(err.kind, joinSentences(err.message, next.why), { hint: err.hint, fixCommand: err.fixCommand, awsCode: err.awsCode, cause: err });
    if (err.kind === 'accessDenied') throw err;
    studio.output.error(`${err.message}${err.awsCode ? ` [${err.awsCode}]` : ''}`);
    const actions = [TransferActions.continueExport, TransferActions.openFile, ...(err.fixCommand ? ['Copy Command'] : [])];
    void vscode.window.showErrorMessage(vscode.l10n.t('{0} Continue Export appends the rest to the same file.', err.fullMessage), ...actions).then(async (choice) => {
      if (choice === TransferActions.continueExport) continueExport(target, err.report);
      if (choice === TransferActions.openFile) await vscode.window.showTextDocument(vscode.Uri.file(file));
      if (choice === 'Copy Command' && err.fixCommand) await vscode.env.clipboard.writeText(err.fixCommand);
    });
    return;
  }
  const headline = exportHeadline(report);
  studio.output.info(`${headline} ${file}`);
  const canContinue = report.cancelled && !target.items && exportContinuation(report).resumable;
  const actions = [TransferActions.openFile, ...(canContinue ? [TransferActions.continueExport] : [])];
  // Not awaited: the command ends when the export does, not when the notification is closed.
  void vscode.window.showInformationMessage(headline, ...actions).then(async (choice) => {
    if (choice === TransferActions.openFile) await vscode.window.showTextDocument(vscode.Uri.file(file));
    if (choice === TransferActions.continueExport) continueExport(target, report);
  });
}

/** Continues through the export command, so the continuation has the same progress, cancel and error handling. */
function continueExport(target: TransferTarget, report: ExportReport): void {
  if (!report.cursor) return;
  const arg: ContinueExportArg = {
    connectionId: target.connection.id,
    region: target.region,
    tableName: target.tableName,
    spec: target.spec,
    continueExport: { file: report.file, format: report.format, items: report.items, cursor: report.cursor },
  };
  // The command's error boundary has shown any failure already.
  void vscode.commands.executeCommand(Commands.exportTable, arg).then(undefined, () => undefined);
}
