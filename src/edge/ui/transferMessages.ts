// The words of transfer notifications (import, copy, export), without the editor API so they are tested in plain
// Node: closing reports, which follow-up actions a report offers, whether a stopped export can continue, and the
// progress line with the latest retry.
import * as path from 'node:path';
import { formatBytes } from '../../model/table/tableInfo';
import type { ExportReport } from '../../services/transfer/export';
import type { TransferReport } from '../../services/transfer/import';

const n = (x: number) => x.toLocaleString('en-US');

export const TransferActions = {
  resumeCopy: 'Resume Copy',
  importFailedItems: 'Import Failed Items',
  openFailedItems: 'Open Failed Items',
  showDetails: 'Show Details',
  continueExport: 'Continue Export',
  openFile: 'Open File',
} as const;

export interface TransferSummary {
  /** One sentence for the notification. */
  headline: string;
  /** The headline and every bad row and failure, for the output channel. */
  details: string[];
  /** Items failed or rows were skipped: a warning, with the details one click away. */
  problems: boolean;
  actions: string[];
}

/**
 * The closing report of an import or a copy. `stopped`: writing stopped on an error (the error itself is shown
 * separately). `canImportFailed`: the caller can import the failed items file into the same table. `canResumeCopy`:
 * the caller can resume a copy that did not read its whole source (report.resumeFile).
 */
export function summarizeTransfer(what: string, report: TransferReport, options: { stopped?: boolean; canImportFailed?: boolean; canResumeCopy?: boolean } = {}): TransferSummary {
  const parts = [`${n(report.written)} items written`];
  const refused = report.failed - report.unconfirmed;
  if (refused > 0) parts.push(`${n(refused)} failed`);
  if (report.unconfirmed > 0) parts.push(`${n(report.unconfirmed)} may have been written (DynamoDB never answered for them)`);
  if (report.badRowCount) parts.push(`${n(report.badRowCount)} rows skipped as invalid`);
  const resumable = !!report.resumeFile && !!options.canResumeCopy;
  if (report.resumeFile && report.unreadSegments) parts.push(unreadText(report.unreadSegments));
  const state = options.stopped ? 'stopped' : report.cancelled ? 'was cancelled' : 'finished';
  const headline = `${what} ${state}: ${parts.join(', ')} (${n(report.read)} read).`;
  const details = [headline];
  for (const bad of report.badRows) details.push(`  line ${bad.line}: ${bad.message}`);
  if (report.badRowCount > report.badRows.length) details.push(`  … and ${n(report.badRowCount - report.badRows.length)} more invalid rows`);
  for (const f of report.failures) details.push(`  ${f.line !== undefined ? `line ${f.line}` : f.index !== undefined ? `item ${f.index}` : 'item'}: ${f.message}`);
  if (report.failed > report.failures.length) details.push(`  … and ${n(report.failed - report.failures.length)} more failed items`);
  if (report.failedItemsFile) details.push(`  the ${n(report.failed)} items not confirmed written, ready to ${report.resumeFile ? 'send again with Resume Copy' : 'import again'}: ${report.failedItemsFile}`);
  if (report.resumeFile) details.push(`  where the read of the source stopped, for Resume Copy: ${report.resumeFile}`);
  const problems = report.failed > 0 || report.badRowCount > 0 || !!report.resumeFile;
  const actions: string[] = [];
  // Resume Copy sends the failed items again itself, so it replaces Import Failed Items rather than joining it.
  if (resumable) actions.push(TransferActions.resumeCopy);
  else if (report.failedItemsFile && options.canImportFailed) actions.push(TransferActions.importFailedItems);
  if (report.failedItemsFile) actions.push(TransferActions.openFailedItems);
  if (problems) actions.push(TransferActions.showDetails);
  return { headline, details, problems, actions };
}

/** The notification text of a summary: a report with problems points at what explains them. */
export function transferNotification(summary: TransferSummary): string {
  if (!summary.problems) return summary.headline;
  const again = summary.actions.includes(TransferActions.resumeCopy)
    ? ' Resume Copy reads the rest of the source from where it stopped and sends the items not confirmed again (an item written twice is the same item).'
    : summary.actions.includes(TransferActions.importFailedItems)
      ? ' Import Failed Items sends the items not confirmed again (an item written twice is the same item).'
      : '';
  return `${summary.headline} See the details for why.${again}`;
}

/** "2 of 4 segments not read to their end", or "the source not read to its end" for a sequential read. */
export function unreadText(unread: { unfinished: number; total: number }): string {
  return unread.total > 1 ? `${n(unread.unfinished)} of ${n(unread.total)} segments of the source not read to their end` : 'the source not read to its end';
}

/** "Exported: 1,234 items to orders.jsonl (56 KB)." */
export function exportHeadline(report: ExportReport): string {
  const file = path.basename(report.file);
  return `${report.cancelled ? 'Export cancelled' : 'Exported'}: ${n(report.items)} items to ${file} (${formatBytes(report.bytes)}${report.cancelled ? ', complete lines only' : ''}).`;
}

export const CSV_CANNOT_CONTINUE =
  'A CSV export cannot be continued: its header names every column, so the file is written from all the items at once. Export again from the start, or choose JSON Lines or DynamoDB JSON, which continue where they stopped.';

/** Whether an export that stopped or was cancelled can continue appending to its file, and if not, why. */
export function exportContinuation(report: ExportReport): { resumable: true } | { resumable: false; why: string } {
  if (report.format === 'csv') return { resumable: false, why: CSV_CANNOT_CONTINUE };
  if (!report.cursor) {
    return { resumable: false, why: 'The export cannot be continued: the file could not be completed, so there is no exact place to continue from. Export again from the start.' };
  }
  return { resumable: true };
}

/** How long a retry stays in a progress line after it happened. */
export const RETRY_SHOWN_MS = 5000;

export interface ShownRetry {
  text: string;
  at: number;
}

/** The progress line: the counts, followed by the latest retry while it is recent. */
export function progressLine(counts: string | undefined, retry: ShownRetry | undefined, now: number): string {
  const recent = retry && now - retry.at < RETRY_SHOWN_MS ? retry.text : undefined;
  if (!recent) return counts ?? '';
  return counts ? `${counts} — ${recent}` : recent;
}
