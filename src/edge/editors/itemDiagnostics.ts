// Problems of item documents in the Problems panel, at their place, updated while typing (the same check a save
// runs first, so what is shown is exactly what blocks a save).
import * as vscode from 'vscode';
import type { Problem, TextRange } from '../../model/items';
import { ITEM_SCHEME, type ItemFileSystem } from './itemFileSystem';

const TYPING_DELAY_MS = 200;

export function toRange(range: TextRange): vscode.Range {
  return new vscode.Range(range.start.line, range.start.column, range.end.line, Math.max(range.end.column, range.start.column));
}

export function toDiagnostic(problem: Problem): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(
    toRange(problem.range),
    problem.message,
    problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
  );
  diagnostic.source = 'DynamoDB';
  diagnostic.code = problem.code;
  return diagnostic;
}

export class ItemDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('dynamodbStudio.items');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly items: ItemFileSystem) {
    this.disposables.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, TYPING_DELAY_MS)),
      vscode.workspace.onDidSaveTextDocument((d) => this.schedule(d, 0)),
      items.onDidAttemptSave((uri) => {
        const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        if (document) this.update(document);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.uri.scheme !== ITEM_SCHEME) return;
        this.collection.delete(d.uri);
        clearTimeout(this.timers.get(d.uri.toString()));
      }),
    );
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  /** Checks a document now and returns its problems (used by tests and before a save). */
  update(document: vscode.TextDocument): Problem[] {
    if (document.uri.scheme !== ITEM_SCHEME) return [];
    const read = this.items.read(document.uri, document.getText());
    if (!read) return [];
    const shown = this.items.reportsEmptyKey(document.uri) ? read.problems : read.problems.filter((p) => p.code !== 'emptyKey');
    this.collection.set(document.uri, shown.map(toDiagnostic));
    return shown;
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    if (document.uri.scheme !== ITEM_SCHEME) return;
    const id = document.uri.toString();
    clearTimeout(this.timers.get(id));
    this.timers.set(
      id,
      setTimeout(() => {
        this.timers.delete(id);
        this.update(document);
      }, delay),
    );
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}
