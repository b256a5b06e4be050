// The editor side of long transfers: a cancellable progress notification, the format choice, and the closing
// report (with the bad rows and failures written to the output channel).
import * as vscode from 'vscode';
import type { Studio } from '../../studio';
import { TRANSFER_FORMATS, TransferStoppedError, type TransferFormat, type TransferReport } from '../../core/transfer/import';
import { Cancelled } from '../../commands/pickers';

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

/** Runs work under a cancellable progress notification; `report` sets the message (and the bar, with a fraction). */
export function withCancellableProgress<T>(title: string, work: (signal: AbortSignal, report: (message: string, fraction?: number) => void) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
    const controller = new AbortController();
    token.onCancellationRequested(() => controller.abort());
    let shown = 0;
    let lastAt = 0;
    return work(controller.signal, (message, fraction) => {
      const now = Date.now();
      if (now - lastAt < 100 && fraction === undefined) return;
      lastAt = now;
      if (fraction === undefined) return progress.report({ message });
      const percent = Math.min(100, Math.max(0, fraction * 100));
      progress.report({ message, increment: percent - shown });
      shown = percent;
    });
  });
}

const n = (x: number) => x.toLocaleString('en-US');

/** The closing report of an import or a copy: counts in the notification, details in the output channel. */
export function showTransferReport(studio: Studio, what: string, report: TransferReport): void {
  const parts = [`${n(report.written)} items written`];
  if (report.failed) parts.push(`${n(report.failed)} failed`);
  if (report.badRowCount) parts.push(`${n(report.badRowCount)} rows skipped as invalid`);
  const headline = `${what} ${report.cancelled ? 'was cancelled' : 'finished'}: ${parts.join(', ')} (${n(report.read)} read).`;
  const lines = [headline];
  for (const bad of report.badRows) lines.push(`  line ${bad.line}: ${bad.message}`);
  if (report.badRowCount > report.badRows.length) lines.push(`  … and ${n(report.badRowCount - report.badRows.length)} more invalid rows`);
  for (const f of report.failures) lines.push(`  ${f.line !== undefined ? `line ${f.line}` : f.index !== undefined ? `item ${f.index}` : 'item'}: ${f.message}`);
  if (report.failedItemsFile) lines.push(`  failed items, ready to import again: ${report.failedItemsFile}`);
  studio.output.info(lines.join('\n'));
  const problems = report.failed > 0 || report.badRowCount > 0;
  const actions = [...(problems ? ['Show Details'] : []), ...(report.failedItemsFile ? ['Open Failed Items'] : [])];
  const show = problems ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  // Not awaited: the command ends when the work does, not when the notification is closed.
  void show(problems ? `${headline} See the details for why.` : headline, ...actions).then(async (choice) => {
    if (choice === 'Show Details') studio.output.show(true);
    if (choice === 'Open Failed Items' && report.failedItemsFile) await vscode.window.showTextDocument(vscode.Uri.file(report.failedItemsFile));
  });
}

/** A transfer that stopped writing (read-only, access denied, …) still has a report: show it, then rethrow. */
export function reportStopped(studio: Studio, what: string, err: unknown): never {
  if (err instanceof TransferStoppedError) showTransferReport(studio, what, err.report);
  throw err;
}
