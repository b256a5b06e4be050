// The side-by-side drift report: every setting, declared next to live, as a Markdown page in the preview.
import * as vscode from 'vscode';
import { comparisonSummary, type FindingStatus } from '../../model/iac/compare';
import { IAC_KIND_LABELS } from '../../model/iac/tableModel';
import { mdText } from '../../services/dynamo/tableDetails';
import type { CompareRecord } from './driftStore';

const STATUS: Record<FindingStatus, string> = {
  match: '✓ as declared',
  drift: '⚠ **drift**',
  unknown: 'unknown in the file',
  unsupported: 'not supported by this endpoint',
};

export function driftReportMarkdown(file: string, records: readonly CompareRecord[]): string {
  const lines: string[] = [`# Drift report: ${mdText(file)}`, ''];
  for (const r of records) {
    const t = r.target;
    lines.push(
      `## ${mdText(r.table.resourceId)} (${IAC_KIND_LABELS[r.table.kind]}) vs ${mdText(t.tableName)}`,
      '',
      `Live: ${mdText(t.connectionName)} · ${mdText(t.region)} · table ${mdText(t.tableName)}, read ${r.at.toISOString().replace(/\.\d+Z$/, 'Z')}.`,
      '',
      `${mdText(comparisonSummary(r.comparison))}.`,
      '',
      '| Setting | Declared | Live | |',
      '| --- | --- | --- | --- |',
    );
    // Drift first, then what could not be compared, then what matches.
    const order: FindingStatus[] = ['drift', 'unknown', 'unsupported', 'match'];
    const sorted = [...r.comparison.findings].sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status));
    for (const f of sorted) lines.push(`| ${mdText(f.label)} | ${mdText(f.declared)} | ${mdText(f.live)} | ${STATUS[f.status]} |`);
    lines.push('');
  }
  return lines.join('\n');
}

/** Writes the report to the extension's storage (one file per template) and opens its preview. */
export async function showDriftReport(storage: vscode.Uri, document: vscode.Uri, records: readonly CompareRecord[]): Promise<vscode.Uri> {
  const folder = vscode.Uri.joinPath(storage, 'drift-reports');
  await vscode.workspace.fs.createDirectory(folder);
  const name = vscode.workspace.asRelativePath(document, false);
  const uri = vscode.Uri.joinPath(folder, `${name.replace(/[^A-Za-z0-9_.-]+/g, '_')}.md`);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(driftReportMarkdown(name, records)));
  await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
  return uri;
}
