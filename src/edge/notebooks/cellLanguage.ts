// Validation and completion in notebook cells, from the model: problems of a query cell (syntax, fields, operators,
// the index's key names, placeholders declared and used) in the Problems panel at their place, and suggestions of
// fields, tables, indexes, key names, operators, attributes and variables.
import * as vscode from 'vscode';
import { cellKindOfLanguage } from '../../model/notebook/notebookFile';
import { cellRefs, checkPlaceholders, parseQueryCell, toQuerySpec, type CellProblem } from '../../model/notebook/queryCell';
import { checkPartiqlPlaceholders, parsePartiqlCell } from '../../model/notebook/partiqlCell';
import { completePartiqlCell, completeQueryCell, type CompletionEntry } from '../../model/notebook/completion';
import { toRange } from '../editors/itemDiagnostics';
import { NOTEBOOK_TYPE } from '../../protocol/notebookOutput';
import { NotebookSession } from './notebookSession';
import { EDITOR_ANSWER_WAIT_MS } from '../base/constants';
import { within } from '../../services/retry/backoff';

const DIAGNOSTIC_SOURCE = 'DynamoDB notebook';

function toDiagnostic(p: CellProblem): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(p.range), p.message, p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
  d.source = DIAGNOSTIC_SOURCE;
  return d;
}

export class CellDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('dynamodbNotebook');
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly session: NotebookSession) {
    this.disposables.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((d) => void this.check(d)),
      vscode.workspace.onDidChangeTextDocument((e) => void this.check(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.collection.delete(d.uri)),
      vscode.workspace.onDidOpenNotebookDocument((nb) => this.checkNotebook(nb)),
    );
    for (const nb of vscode.workspace.notebookDocuments) this.checkNotebook(nb);
  }

  private checkNotebook(nb: vscode.NotebookDocument): void {
    if (nb.notebookType !== NOTEBOOK_TYPE) return;
    for (const cell of nb.getCells()) void this.check(cell.document);
  }

  /** The problems of one cell, as the model finds them; with the table description once it is known. */
  async problemsOf(cell: vscode.NotebookCell): Promise<CellProblem[]> {
    const text = cell.document.getText();
    const names = this.session.namesAbove(cell).map((n) => n.name);
    if (cellKindOfLanguage(cell.document.languageId) === 'partiql') {
      const parsed = parsePartiqlCell(text);
      return [...parsed.problems, ...checkPartiqlPlaceholders(text, names)];
    }
    const parsed = parseQueryCell(text);
    if (!parsed.ok) return parsed.problems;
    const problems = [...parsed.problems, ...checkPlaceholders(parsed.cell, names)];
    if (problems.some((p) => p.severity === 'error')) return problems;
    // Checks against the table (index and key names, key types) when every value can be resolved now.
    const results = this.session.resultsOf(cell.notebook);
    const resolvable = cellRefs(parsed.cell).every(({ ref }) => parsed.cell.params.has(ref.name) || results.has(ref.name));
    const place = await this.session.place(cell).catch(() => undefined);
    if (!resolvable || !place?.tableName) return problems;
    const description = await this.session.describe(place.connection, place.region, place.tableName).catch(() => undefined);
    if (!description) return problems;
    const spec = toQuerySpec(parsed.cell, place.tableName, description, { results, params: new Map() });
    return spec.ok ? problems : [...problems, ...spec.problems];
  }

  private async check(document: vscode.TextDocument): Promise<void> {
    const cell = NotebookSession.isNotebookCell(document);
    if (!cell || cell.kind !== vscode.NotebookCellKind.Code) return;
    const version = document.version;
    const problems = await this.problemsOf(cell);
    if (document.version !== version || document.isClosed) return;
    this.collection.set(document.uri, problems.map(toDiagnostic));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

const KINDS: Record<CompletionEntry['kind'], vscode.CompletionItemKind> = {
  field: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.Value,
  operator: vscode.CompletionItemKind.Operator,
  variable: vscode.CompletionItemKind.Variable,
  attribute: vscode.CompletionItemKind.Field,
  index: vscode.CompletionItemKind.Reference,
  table: vscode.CompletionItemKind.Class,
  keyword: vscode.CompletionItemKind.Keyword,
};

export function registerCellCompletion(session: NotebookSession): vscode.Disposable {
  const provider: vscode.CompletionItemProvider = {
    async provideCompletionItems(document, position) {
      const cell = NotebookSession.isNotebookCell(document);
      if (!cell) return [];
      const place = await session.place(cell).catch(() => undefined);
      // Both asked at once, and neither waited for long: a slow or silent endpoint leaves out what it would add.
      const [table, tables] = await Promise.all([
        within(session.describeIfKnown(cell), EDITOR_ANSWER_WAIT_MS, undefined),
        place ? within(session.studio.listTables(place.connection, place.region).catch(() => []), EDITOR_ANSWER_WAIT_MS, []) : Promise.resolve([]),
      ]);
      const results = session.resultsOf(cell.notebook);
      const attributes = new Set<string>();
      for (const r of results.values()) for (const item of r.items.slice(0, 50)) for (const a of Object.keys(item)) attributes.add(a);
      const text = document.getText();
      const variables = session.namesAbove(cell);
      const parsedCell = cellKindOfLanguage(document.languageId) === 'query' ? parseQueryCell(text) : undefined;
      const params = parsedCell?.ok ? [...parsedCell.cell.params.keys()] : [];
      const ctx = {
        tables,
        connections: session.studio.model.allConnections().map((c) => c.name),
        table,
        variables: [...variables, ...params.map((name) => ({ name, detail: vscode.l10n.t('placeholder of this cell') }))],
        attributes: [...attributes],
      };
      const offset = document.offsetAt(position);
      const entries = cellKindOfLanguage(document.languageId) === 'query' ? completeQueryCell(text, offset, ctx) : completePartiqlCell(text, offset, ctx);
      return entries.map((e) => {
        const item = new vscode.CompletionItem(e.label, KINDS[e.kind]);
        item.detail = e.detail;
        return item;
      });
    },
  };
  return vscode.Disposable.from(
    vscode.languages.registerCompletionItemProvider({ notebookType: NOTEBOOK_TYPE, language: 'json' }, provider, '"', ':'),
    vscode.languages.registerCompletionItemProvider({ notebookType: NOTEBOOK_TYPE, language: 'sql' }, provider, ':', '"'),
  );
}
