// The editor side of long transfers: a cancellable progress notification, the format choice, and the closing
// report (with the bad rows and failures written to the output channel, and the failed items one click from being
// imported again).
import * as vscode from 'vscode';
import type { Studio } from '../studio/studio';
import { TRANSFER_FORMATS, TransferStoppedError, type TransferFormat, type TransferReport } from '../../services/transfer/import';
import { Cancelled } from './pickers';
import { describeRetry, type RetryNotice } from '../../services/aws/clientPool';
import { progressLine, summarizeTransfer, TransferActions, transferNotification, type ShownRetry } from './transferMessages';

export const FORMAT_LABELS: Record<TransferFormat, { label: string; detail: string; extension: string }> = {
  jsonl: { label: 'JSON Lines', detail: 'One item per line in plain JSON; sets and binary as {"$SS": …}, {"$B": …}; exact numbers.', extension: 'jsonl' },
  'dynamodb-json': { label: 'DynamoDB JSON', detail: 'One {"Item": …} per line in AttributeValue JSON, as DynamoDB exports write it.', extension: 'ddb.jsonl' },
  csv: { label: 'CSV', detail: 'A header of attribute names and a line of their types; maps, lists and sets as DynamoDB JSON cells.', extension: 'csv' },
};

export async function pickFormat(placeHolder: string, suggested?: TransferFormat): Promise<TransferFormat> {
  const order = suggested ? [suggested, ...TRANSFER_FORMATS.filter((f) => f !== suggested)] : [...TRANSFER_FORMATS];
  const picked = await vscode.window.showQuickPick(
    order.map((format) => ({ label: FORMAT_LABELS[format].label, detail: FORMAT_LABELS[format].detail, format })),
    { placeHolder, ignoreFocusOut: true },
  );
  if (!picked) throw new Cancelled();
  return picked.format;
}

/** A folder to suggest in file dialogs: the first workspace folder, else the home folder. */
export function defaultFolder(): vscode.Uri | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri;
}

/** Reports progress counts (and, with a fraction, moves the bar). */
export type ProgressReport = (message: string, fraction?: number) => void;

/**
 * Runs work under a cancellable progress notification. `report` sets the counts (and the bar, with a fraction);
 * `onRetry`, passed to the operation, adds its latest retry (throttling, an endpoint that did not answer) to the
 * line for a few seconds. Retries of the work are not repeated in the status bar.
 */
export function withCancellableProgress<T>(
  title: string,
  work: (signal: AbortSignal, report: ProgressReport, onRetry: (notice: RetryNotice) => void) => Promise<T>,
): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
    const controller = new AbortController();
    token.onCancellationRequested(() => controller.abort());
    let shown = 0;
    let lastAt = 0;
    let counts: string | undefined;
    let retry: ShownRetry | undefined;
    const report: ProgressReport = (message, fraction) => {
      counts = message;
      const now = Date.now();
      if (now - lastAt < 100 && fraction === undefined) return;
      lastAt = now;
      const line = progressLine(counts, retry, now);
      if (fraction === undefined) return progress.report({ message: line });
      const percent = Math.min(100, Math.max(0, fraction * 100));
      progress.report({ message: line, increment: percent - shown });
      shown = percent;
    };
    const onRetry = (notice: RetryNotice) => {
      retry = { text: describeRetry(notice), at: Date.now() };
      progress.report({ message: progressLine(counts, retry, retry.at) });
    };
    return work(controller.signal, report, onRetry);
  });
}

/**
 * What a closing report can offer beyond the details: importing the failed items into the same table again, and
 * for a copy that did not read its whole source, resuming it.
 */
export interface TransferReportOptions {
  importFailedItems?: (failedItemsFile: string) => void;
  resumeCopy?: (resumeFile: string) => void;
}

/** The closing report of an import or a copy: counts in the notification, details in the output channel. */
export function showTransferReport(studio: Studio, what: string, report: TransferReport, options: TransferReportOptions = {}, stopped = false): void {
  const summary = summarizeTransfer(what, report, { stopped, canImportFailed: !!options.importFailedItems, canResumeCopy: !!options.resumeCopy });
  studio.output.info(summary.details.join('\n'));
  const show = summary.problems ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  // Not awaited: the command ends when the work does, not when the notification is closed.
  void show(transferNotification(summary), ...summary.actions).then(async (choice) => {
    if (choice === TransferActions.showDetails) studio.output.show(true);
    if (choice === TransferActions.resumeCopy && report.resumeFile) options.resumeCopy?.(report.resumeFile);
    if (!report.failedItemsFile) return;
    if (choice === TransferActions.openFailedItems) await vscode.window.showTextDocument(vscode.Uri.file(report.failedItemsFile));
    if (choice === TransferActions.importFailedItems) options.importFailedItems?.(report.failedItemsFile);
  });
}

/** A transfer that stopped writing (read-only, access denied, …) still has a report: show it, then rethrow. */
export function reportStopped(studio: Studio, what: string, err: unknown, options: TransferReportOptions = {}): never {
  if (err instanceof TransferStoppedError) showTransferReport(studio, what, err.report, options, true);
  throw err;
}
