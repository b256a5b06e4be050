// What the notebook features share: where a cell runs (its overrides, else the notebook's defaults), the table
// descriptions (the explorer's cache), and the named results of each open notebook (the variables of later cells).
import * as vscode from 'vscode';
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import { StudioError } from '../../model/errors';
import type { Connection } from '../../services/aws/connections';
import type { Studio } from '../studio/studio';
import { parseQueryCell, type CellTarget } from '../../model/notebook/queryCell';
import { parsePartiqlCell } from '../../model/notebook/partiqlCell';
import type { NamedResult } from '../../model/notebook/variables';
import { cellKindOfLanguage } from '../../model/notebook/notebookFile';
import { NOTEBOOK_TYPE } from '../../protocol/notebookOutput';
import { notebookDefaults } from '../editors/notebookFiles';

export interface CellPlace {
  connection: Connection;
  region: string;
  /** The table of a query cell (or the notebook's default). */
  tableName?: string;
}

export class NotebookSession implements vscode.Disposable {
  private readonly results = new WeakMap<vscode.NotebookDocument, Map<string, NamedResult>>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(readonly studio: Studio) {
    this.disposables.push(vscode.workspace.onDidCloseNotebookDocument((nb) => this.results.delete(nb)));
  }

  /** The named results of a notebook's cells run so far. */
  resultsOf(notebook: vscode.NotebookDocument): Map<string, NamedResult> {
    let found = this.results.get(notebook);
    if (!found) this.results.set(notebook, (found = new Map()));
    return found;
  }

  /** What a cell overrides of the notebook's defaults, read from its text. */
  cellTarget(cell: vscode.NotebookCell): CellTarget & { name?: string } {
    const text = cell.document.getText();
    if (cellKindOfLanguage(cell.document.languageId) === 'partiql') {
      const { cell: p } = parsePartiqlCell(text);
      return { connection: p.connection, region: p.region, name: p.name };
    }
    const parsed = parseQueryCell(text);
    return parsed.ok ? { connection: parsed.cell.connection, region: parsed.cell.region, table: parsed.cell.table, name: parsed.cell.name } : {};
  }

  /** The result names of the code cells above `cell`, with the cell each comes from. */
  namesAbove(cell: vscode.NotebookCell): { name: string; detail: string }[] {
    const out: { name: string; detail: string }[] = [];
    for (const other of cell.notebook.getCells()) {
      if (other.index >= cell.index) break;
      if (other.kind !== vscode.NotebookCellKind.Code) continue;
      const name = this.cellTarget(other).name;
      if (name) out.push({ name, detail: `result of cell ${other.index + 1}` });
    }
    return out;
  }

  /** The connection, region and table a cell runs on, or an error saying what to set. */
  async place(cell: vscode.NotebookCell): Promise<CellPlace> {
    const defaults = notebookDefaults(cell.notebook);
    const target = this.cellTarget(cell);
    const name = target.connection ?? defaults.connection;
    if (!name) {
      throw new StudioError('validation', vscode.l10n.t('The notebook names no connection.'), {
        hint: vscode.l10n.t('Create notebooks from a table (DynamoDB: New Notebook), or add "connection": "<name>" to the cell.'),
      });
    }
    const connection = await this.connectionNamed(name);
    return { connection, region: target.region ?? defaults.region ?? connection.defaultRegion, tableName: target.table ?? defaults.table };
  }

  async connectionNamed(name: string): Promise<Connection> {
    await this.studio.model.getChildren();
    const all = this.studio.model.allConnections();
    const found = all.find((c) => c.name === name) ?? all.find((c) => c.id === name);
    if (!found) {
      throw new StudioError('notFound', vscode.l10n.t('The notebook uses the connection "{0}", which is not configured here.', name), {
        hint: vscode.l10n.t('Add it (a profile of that name, or DynamoDB: Add Endpoint Connection…), or change the connection name in the notebook. Known: {0}.', all.map((c) => c.name).join(', ') || 'none'),
      });
    }
    return found;
  }

  /** The table's description, from the explorer's cache (dropped when the table or a parent is refreshed). */
  describe(connection: Connection, region: string, tableName: string): Promise<TableDescription> {
    return this.studio.model.describe(connection, region, tableName);
  }

  /** A description already read, without waiting for one (completion and diagnostics must not block). */
  async describeIfKnown(cell: vscode.NotebookCell): Promise<TableDescription | undefined> {
    try {
      const place = await this.place(cell);
      return place.tableName ? await this.describe(place.connection, place.region, place.tableName) : undefined;
    } catch {
      return undefined;
    }
  }

  static isNotebookCell(document: vscode.TextDocument): vscode.NotebookCell | undefined {
    if (document.uri.scheme !== 'vscode-notebook-cell') return undefined;
    for (const nb of vscode.workspace.notebookDocuments) {
      if (nb.notebookType !== NOTEBOOK_TYPE) continue;
      const cell = nb.getCells().find((c) => c.document === document);
      if (cell) return cell;
    }
    return undefined;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
