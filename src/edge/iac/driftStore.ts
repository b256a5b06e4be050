// What the last compares found: per template and resource the comparison (for CodeLenses, the report and the
// diagnostics), and per live table the drift badge shown on it in the explorer.
import * as vscode from 'vscode';
import { comparisonSummary, type Comparison } from '../../model/iac/compare';
import { IAC_KIND_LABELS, locateFinding, type DeclaredTable, type IacReadResult, type SourceRange } from '../../model/iac/tableModel';
import { TABLE_DECORATION_SCHEME, tableDecorationUri } from '../base/constants';

export interface CompareTarget {
  connectionId: string;
  connectionName: string;
  region: string;
  tableName: string;
}

export interface CompareRecord {
  table: DeclaredTable;
  target: CompareTarget;
  comparison: Comparison;
  at: Date;
}

const DIAGNOSTIC_SOURCE = 'DynamoDB drift';

const toRange = (r: SourceRange): vscode.Range => new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);

export class DriftStore implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('dynamodb-iac');
  /** Template URI → resource id → last compare. */
  private readonly records = new Map<string, Map<string, CompareRecord>>();
  /** Template URI → problems the reader found. */
  private readonly problems = new Map<string, IacReadResult['problems']>();
  private readonly decorationsChanged = new vscode.EventEmitter<vscode.Uri[]>();
  readonly onDidChangeFileDecorations = this.decorationsChanged.event;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fired when a compare is recorded or cleared (CodeLenses change their titles). */
  readonly onDidChange = this.changed.event;
  private readonly registration = vscode.window.registerFileDecorationProvider(this);

  record(document: vscode.Uri, record: CompareRecord): void {
    const key = document.toString();
    const byResource = this.records.get(key) ?? new Map<string, CompareRecord>();
    byResource.set(record.table.resourceId, record);
    this.records.set(key, byResource);
    this.publish(document);
    this.decorationsChanged.fire([vscode.Uri.parse(tableDecorationUri(record.target.connectionId, record.target.region, record.target.tableName))]);
    this.changed.fire();
  }

  get(document: vscode.Uri, resourceId: string): CompareRecord | undefined {
    return this.records.get(document.toString())?.get(resourceId);
  }

  recordsOf(document: vscode.Uri): CompareRecord[] {
    return [...(this.records.get(document.toString())?.values() ?? [])];
  }

  setProblems(document: vscode.Uri, problems: IacReadResult['problems']): void {
    this.problems.set(document.toString(), problems);
    this.publish(document);
  }

  /**
   * Drops the compares of a template (its text changed, so their places may be wrong), or only the one of
   * `resourceId` (that table was just created, so its last compare is out of date).
   */
  clearCompares(document: vscode.Uri, resourceId?: string): void {
    const key = document.toString();
    const records = this.recordsOf(document).filter((r) => resourceId === undefined || r.table.resourceId === resourceId);
    if (!records.length) return;
    if (resourceId === undefined) this.records.delete(key);
    else this.records.get(key)?.delete(resourceId);
    this.publish(document);
    this.decorationsChanged.fire(records.map((r) => vscode.Uri.parse(tableDecorationUri(r.target.connectionId, r.target.region, r.target.tableName))));
    this.changed.fire();
  }

  forget(document: vscode.Uri): void {
    this.clearCompares(document);
    this.problems.delete(document.toString());
    this.diagnostics.delete(document);
  }

  private publish(document: vscode.Uri): void {
    const list: vscode.Diagnostic[] = [];
    for (const p of this.problems.get(document.toString()) ?? []) {
      const d = new vscode.Diagnostic(p.range ? toRange(p.range) : new vscode.Range(0, 0, 0, 0), p.message, vscode.DiagnosticSeverity.Error);
      d.source = 'DynamoDB tables as code';
      list.push(d);
    }
    for (const r of this.recordsOf(document)) {
      const where = `${r.target.connectionName} · ${r.target.region} · ${r.target.tableName}`;
      for (const f of r.comparison.findings) {
        if (f.status === 'match') continue;
        const severity = f.status === 'drift' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
        const d = new vscode.Diagnostic(toRange(locateFinding(r.table, f.path)), `${r.table.resourceId}: ${f.message} (${where})`, severity);
        d.source = DIAGNOSTIC_SOURCE;
        d.code = f.path;
        list.push(d);
      }
    }
    this.diagnostics.set(document, list);
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== TABLE_DECORATION_SCHEME) return undefined;
    const key = uri.toString();
    const matching = [...this.records.entries()].flatMap(([doc, byResource]) =>
      [...byResource.values()]
        .filter((r) => vscode.Uri.parse(tableDecorationUri(r.target.connectionId, r.target.region, r.target.tableName)).toString() === key)
        .map((r) => ({ doc, r })),
    );
    if (matching.length === 0) return undefined;
    const drifted = matching.reduce((n, m) => n + m.r.comparison.counts.drift, 0);
    const sources = matching.map((m) => `${vscode.Uri.parse(m.doc).path.split('/').pop()} (${IAC_KIND_LABELS[m.r.table.kind]} ${m.r.table.resourceId}): ${comparisonSummary(m.r.comparison)}`);
    if (drifted === 0) {
      return new vscode.FileDecoration('✓', vscode.l10n.t('As declared in {0}', sources.join('; ')));
    }
    const badge = drifted > 9 ? '9+' : String(drifted);
    return new vscode.FileDecoration(badge, vscode.l10n.t('Drifted from its definition: {0}', sources.join('; ')), new vscode.ThemeColor('list.warningForeground'));
  }

  dispose(): void {
    this.registration.dispose();
    this.diagnostics.dispose();
    this.decorationsChanged.dispose();
    this.changed.dispose();
  }
}
