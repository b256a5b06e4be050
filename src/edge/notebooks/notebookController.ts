// Runs notebook cells: run one, run all (in order, so later cells see the named results of earlier ones), cancel.
// A cell's output is one result item for the notebook renderer: the rows, the request sent, pages, items scanned vs
// returned, consumed capacity and its on-demand cost estimate. Failures become error outputs that say what to do.
import * as vscode from 'vscode';
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import { StudioError, toStudioError } from '../../model/errors';
import type { Item } from '../../model/items/types';
import { cellKindOfLanguage } from '../../model/notebook/notebookFile';
import { estimateCost, estimateScanReadUnits, LARGE_SCAN_READ_UNITS } from '../../model/notebook/pricing';
import { runNotebookCell, type CellOutcome } from '../../services/notebook/cellRunner';
import { itemToWire } from '../../protocol/tableViewer';
import { MAX_OUTPUT_ROWS, NOTEBOOK_RESULT_MIME, NOTEBOOK_TYPE, type NotebookResult } from '../../protocol/notebookOutput';
import { Cancelled } from '../ui/pickers';
import { NOTEBOOK_CONTROLLER_ID } from '../base/constants';
import type { NotebookSession, CellPlace } from './notebookSession';

export { NOTEBOOK_CONTROLLER_ID };

export class NotebookRunner implements vscode.Disposable {
  private readonly controller: vscode.NotebookController;
  private order = 0;

  constructor(private readonly session: NotebookSession) {
    this.controller = vscode.notebooks.createNotebookController(NOTEBOOK_CONTROLLER_ID, NOTEBOOK_TYPE, 'DynamoDB');
    this.controller.supportedLanguages = ['json', 'sql'];
    this.controller.supportsExecutionOrder = true;
    this.controller.description = vscode.l10n.t('Runs PartiQL and query cells on the notebook\'s connection');
    this.controller.executeHandler = (cells, notebook) => this.runCells(cells, notebook);
  }

  private async runCells(cells: vscode.NotebookCell[], _notebook: vscode.NotebookDocument): Promise<void> {
    for (const cell of cells) {
      if (cell.kind !== vscode.NotebookCellKind.Code) continue;
      const ok = await this.runCell(cell);
      // Later cells may use this one's result: stop a Run All at the first failure.
      if (!ok && cells.length > 1) break;
    }
  }

  private async runCell(cell: vscode.NotebookCell): Promise<boolean> {
    const execution = this.controller.createNotebookCellExecution(cell);
    execution.executionOrder = ++this.order;
    execution.start(Date.now());
    const abort = new AbortController();
    const cancel = execution.token.onCancellationRequested(() => abort.abort());
    try {
      await execution.clearOutput();
      const result = await this.execute(cell, abort.signal);
      await execution.replaceOutput([new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.json(result, NOTEBOOK_RESULT_MIME)])]);
      execution.end(!result.cancelled, Date.now());
      return !result.cancelled;
    } catch (err) {
      const e = err instanceof Cancelled ? new StudioError('cancelled', vscode.l10n.t('The cell was not run.')) : toStudioError(err, { operation: vscode.l10n.t('Running cell {0}', cell.index + 1) });
      if (e.kind !== 'cancelled') this.session.studio.output.error(`Notebook cell ${cell.index + 1}: ${e.message}`);
      // An error output without a stack: what failed, why and what to do, never internals.
      const shown = { name: e.kind === 'readOnly' ? 'Refused' : e.kind === 'cancelled' ? 'Cancelled' : 'Error', message: e.fullMessage, stack: '' };
      await execution.replaceOutput([new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.error(shown as Error)])]);
      execution.end(false, Date.now());
      return false;
    } finally {
      cancel.dispose();
    }
  }

  private async execute(cell: vscode.NotebookCell, signal: AbortSignal): Promise<NotebookResult> {
    const place = await this.session.place(cell);
    const client = await this.session.studio.pool.get(place.connection, place.region);
    const run = await runNotebookCell(
      {
        kind: cellKindOfLanguage(cell.document.languageId),
        text: cell.document.getText(),
        defaultTable: place.tableName,
        results: this.session.resultsOf(cell.notebook),
        namesAbove: this.session.namesAbove(cell).map((n) => n.name),
      },
      {
        client,
        signal,
        describe: (tableName) => this.session.describe(place.connection, place.region, tableName),
        confirmScan: (spec, table) => this.confirmLargeScan({ ...place, tableName: spec.spec.table }, table, spec.spec.index, spec.limit, !!spec.spec.consistentRead),
      },
    );
    return this.result(place, run.outcome, { name: run.name, tableName: run.tableName, description: run.description, notes: [] });
  }

  /** A Scan without a filter that would read much asks first, with the estimated read units and cost. */
  private async confirmLargeScan(place: CellPlace, table: TableDescription, index: string | undefined, limit: number, consistent: boolean): Promise<void> {
    const indexDescription = index ? [...(table.GlobalSecondaryIndexes ?? []), ...(table.LocalSecondaryIndexes ?? [])].find((i) => i.IndexName === index) : undefined;
    const size = indexDescription ? indexDescription.IndexSizeBytes : table.TableSizeBytes;
    const count = indexDescription ? indexDescription.ItemCount : table.ItemCount;
    // Up to the cell's limit of items, at the table's average item size.
    const bytes = size !== undefined && count ? Math.min(size, (size / count) * limit) : size;
    const units = estimateScanReadUnits(bytes, consistent);
    if (units === undefined || units <= LARGE_SCAN_READ_UNITS) return;
    const cost = estimateCost({ readUnits: units, writeUnits: 0 }, place.region);
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('This Scan of "{0}" has no filter and reads about {1} read units{2}.', place.tableName ?? '', units.toLocaleString('en-US'), cost.ok ? vscode.l10n.t(' (about {0} on on-demand pricing)', cost.text) : ''),
      { modal: true, detail: vscode.l10n.t('Estimated from the table size DynamoDB reports (updated about every six hours). Add a filter, a lower "limit", or a key condition to read less.') },
      vscode.l10n.t('Run Scan'),
    );
    if (!choice) throw new Cancelled();
  }

  private result(place: CellPlace, outcome: CellOutcome, extra: { name?: string; tableName?: string; description?: TableDescription; notes: string[] }): NotebookResult {
    const { capacity } = outcome;
    const readUnits = capacity.read || capacity.write ? capacity.read : outcome.isWrite ? 0 : capacity.total;
    const writeUnits = capacity.read || capacity.write ? capacity.write : outcome.isWrite ? capacity.total : 0;
    const estimate = estimateCost({ readUnits, writeUnits }, place.region);
    const notes = [...extra.notes];
    if (!capacity.reported) notes.push(vscode.l10n.t('The endpoint reported no consumed capacity for {0} (DynamoDB Local omits it for PartiQL).', outcome.operation));
    if (outcome.cancelled) notes.push(vscode.l10n.t('Cancelled after {0} items.', outcome.count.toLocaleString('en-US')));
    else if (outcome.more) notes.push(extra.name && outcome.lastKey ? vscode.l10n.t('More items match: raise "limit", or continue in another cell with "startKey": ":{0}.$lastKey".', extra.name) : vscode.l10n.t('More items match: raise "limit" to read them.'));
    if (outcome.items.length > MAX_OUTPUT_ROWS) notes.push(vscode.l10n.t('Showing the first {0} of {1} items.', MAX_OUTPUT_ROWS.toLocaleString('en-US'), outcome.items.length.toLocaleString('en-US')));
    const keyNames = (extra.description?.KeySchema ?? []).map((k) => k.AttributeName ?? '').filter(Boolean);
    return {
      version: 1,
      location: { connectionId: place.connection.id, connectionName: place.connection.name, region: place.region, tableName: extra.tableName },
      operation: outcome.operation,
      request: outcome.request,
      items: outcome.items.slice(0, MAX_OUTPUT_ROWS).map((i: Item) => itemToWire(i)),
      keyNames,
      count: outcome.count,
      scannedCount: outcome.scannedCount,
      pages: outcome.pages,
      more: outcome.more,
      cancelled: outcome.cancelled,
      isWrite: outcome.isWrite,
      capacity,
      cost: estimate.ok ? { text: estimate.text, basis: estimate.basis } : { reason: estimate.reason },
      name: extra.name,
      notes,
    };
  }

  dispose(): void {
    this.controller.dispose();
  }
}

