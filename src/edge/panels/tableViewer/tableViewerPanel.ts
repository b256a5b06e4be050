// The table viewer, extension side: one panel per connection/region/table. It runs the webview's queries through
// the core query runner with the connection's client, keeps the cursor and the fetched rows (one window of them in
// memory, all of them in a temporary file: see services/query/fetchedRows.ts), so a reloaded webview gets its window
// back and "Export results" writes exactly what was fetched, and does what needs the editor: clipboard, modal
// confirmations, history in globalState, the item editor and the transfer commands.
import { bulkGuardNote, runConfirmedBulk } from '../../guard/bulkWrites';
import * as vscode from 'vscode';
import type { DynamoDBClient, TableDescription } from '@aws-sdk/client-dynamodb';
import type { Studio } from '../../studio/studio';
import type { Connection } from '../../../services/aws/connections';
import { StudioError, toStudioError } from '../../../model/errors';
import type { Item } from '../../../model/items/types';
import { projectKey } from '../../../model/items/equality';
import { toAwsCliCommand, toSdkV3Code } from '../../../model/query/codegen';
import { QueryHistoryStore, tableKey } from '../../../model/query/history';
import { indexChoices, validateQuerySpec, type QuerySpec } from '../../../model/query/querySpec';
import { FetchedRows } from '../../../services/query/fetchedRows';
import { FetchStoppedError, describeOperation, fetchAll, nextCursor, runPage, type PageCursor } from '../../../services/query/runner';
import { describeRetry, observeRetries } from '../../../services/aws/clientPool';
import { isReadOnlyStatement } from '../../../services/aws/readOnlyGuard';
import { keyAttributes, keyNamesOf } from '../../../model/table/tableInfo';
import { itemToDynamoJsonLine } from '../../../model/transfer/lines';
import { tableNodeId } from '../../tree/model';
import {
  ViewerRequest,
  itemToWire,
  wireToItem,
  type RunMode,
  type RunStats,
  type TableInfo,
  type ViewerEvent,
  type ViewerRestore,
  type WireItem,
} from '../../../protocol/tableViewer';
import { PanelHost } from '../panelHost';
import { TABLE_VIEWER_VIEW_TYPE, TableViewerCommands } from './commandIds';
import { deleteItemsByKey } from '../../../services/items/deleteItems';
import type { FetchedItems, ViewerTransferArg } from '../../ui/transferTarget';

/** Rows per message: large pages are split so that no single message is huge. */
const ROWS_PER_MESSAGE = 2000;
/** Progress messages during "Fetch all" at most this often. */
const PROGRESS_INTERVAL_MS = 150;

type RunStateEvent = Extract<ViewerEvent, { type: 'runState' }>;

interface Read {
  runId: number;
  spec: QuerySpec;
  mode: RunMode;
  controller: AbortController;
}

const zeroStats = (): RunStats => ({ count: 0, scannedCount: 0, consumedCapacity: 0, pages: 0 });

export class TableViewerPanel extends PanelHost<ViewerRequest, ViewerEvent> {
  private readonly history: QueryHistoryStore;
  private readonly historyKey: string;
  /** The rows of the last read: one window in memory, all in a temporary file; undefined before the first read. */
  private rows: FetchedRows | undefined;
  private lastWindowPost = 0;
  private spec: QuerySpec | undefined;
  private cursor: PageCursor | undefined;
  private stats: RunStats = zeroStats();
  private runId = 0;
  private current: Read | undefined;
  private lastState: RunStateEvent | undefined;

  /** The viewer in front, if any (Open as Notebook). */
  static inFront(studio: Studio): TableViewerPanel | undefined {
    const panel = studio.panels.activePanel();
    return panel instanceof TableViewerPanel ? panel : undefined;
  }

  /** The viewer's table and the query it ran last (undefined before the first run). */
  currentQuery(): { connectionName: string; region: string; tableName: string; spec: QuerySpec | undefined } {
    return { connectionName: this.connection.name, region: this.region, tableName: this.tableName, spec: this.spec };
  }

  static keyFor(connectionId: string, region: string, tableName: string): string {
    return `${TABLE_VIEWER_VIEW_TYPE}:${tableNodeId(connectionId, region, tableName)}`;
  }

  /** Opens the viewer of a table, or reveals it when it is open already. */
  static async show(studio: Studio, connection: Connection, region: string, tableName: string, initialSpec?: QuerySpec): Promise<void> {
    if (studio.panels.reveal(TableViewerPanel.keyFor(connection.id, region, tableName))) return;
    const description = await studio.describeTable(connection, region, tableName);
    new TableViewerPanel(studio, connection, region, tableName, description).initialSpec = initialSpec;
  }

  /**
   * A viewer VS Code brings back after a window reload (WebviewPanelSerializer): its table comes from the webview's
   * state, its query form from the rest of that state. When the connection or the table is gone the panel closes
   * and says why.
   */
  static async restore(studio: Studio, panel: vscode.WebviewPanel, restore: ViewerRestore): Promise<void> {
    try {
      await studio.model.getChildren();
      const connection = studio.model.connection(restore.connectionId);
      if (!connection) throw new StudioError('notFound', `its connection is no longer configured.`);
      if (studio.panels.get(TableViewerPanel.keyFor(connection.id, restore.region, restore.tableName))) {
        panel.dispose();
        return;
      }
      const description = await studio.describeTable(connection, restore.region, restore.tableName);
      new TableViewerPanel(studio, connection, restore.region, restore.tableName, description, panel);
    } catch (err) {
      panel.dispose();
      const e = toStudioError(err, { operation: `Reopening the viewer of "${restore.tableName}"` });
      studio.output.warn(`The viewer of "${restore.tableName}" (${restore.region}) was not reopened after the reload: ${e.message}`);
      void vscode.window.showWarningMessage(vscode.l10n.t('The viewer of "{0}" was not reopened after the reload: {1}', restore.tableName, e.message));
    }
  }

  /** A query put in the form once the webview is ready (not run). */
  private initialSpec: QuerySpec | undefined;

  private constructor(
    private readonly studio: Studio,
    private readonly connection: Connection,
    private readonly region: string,
    private readonly tableName: string,
    private readonly description: TableDescription,
    restored?: vscode.WebviewPanel,
  ) {
    super({
      key: TableViewerPanel.keyFor(connection.id, region, tableName),
      connectionId: connection.id,
      viewType: TABLE_VIEWER_VIEW_TYPE,
      title: `${tableName} · ${region}`,
      script: 'tableViewer',
      incoming: ViewerRequest,
      extensionUri: studio.context.extensionUri,
      output: studio.output,
      registry: studio.panels,
    }, restored);
    this.panel.iconPath = vscode.Uri.joinPath(studio.context.extensionUri, 'media', 'dynamodb.svg');
    this.history = new QueryHistoryStore(studio.context.globalState, undefined, undefined, (message) => studio.output.warn(message));
    this.historyKey = tableKey(connection.id, region, tableName);
  }

  private get readOnly(): boolean {
    return this.studio.model.connection(this.connection.id)?.readOnly ?? this.connection.readOnly;
  }

  private tableInfo(): TableInfo {
    const choices = indexChoices(this.description);
    return {
      tableName: this.tableName,
      connectionName: this.connection.name,
      region: this.region,
      readOnly: this.readOnly,
      keySchema: keyAttributes(this.description.KeySchema, this.description.AttributeDefinitions),
      indexes: choices.map((c) => ({ ...c, index: c.index })),
      itemCount: this.description.ItemCount,
    };
  }

  private client(): Promise<DynamoDBClient> {
    return this.studio.pool.get(this.connection, this.region);
  }

  protected async handle(message: ViewerRequest): Promise<void> {
    switch (message.type) {
      case 'ready':
        return this.sendInitialState();
      case 'run':
        return this.startRun(message.spec, message.mode, message.limit);
      case 'continue':
        return this.continueRun(message.mode);
      case 'cancel':
        this.current?.controller.abort();
        return;
      case 'showWindow':
        return this.showWindow(message.index);
      case 'openItem':
        return this.openItem(message.key);
      case 'deleteItems':
        return this.deleteItems(message.keys);
      case 'copyText':
        await vscode.env.clipboard.writeText(message.text);
        vscode.window.setStatusBarMessage(`$(copy) Copied ${message.description}.`, 4000);
        return;
      case 'copyCode':
        return this.copyCode(message.target, message.spec);
      case 'saveQuery':
        return this.saveQuery(message.spec);
      case 'deleteSavedQuery':
        await this.history.delete(this.historyKey, message.name);
        await this.sendHistory();
        return;
      case 'clearHistory':
        await this.history.clearHistory(this.historyKey);
        await this.sendHistory();
        return;
      case 'transfer':
        return this.transfer(message.action, message.spec);
    }
  }

  protected onError(err: unknown, message: ViewerRequest): void {
    const e = toStudioError(err, { operation: `${this.tableName}: ${message.type}`, region: this.region, endpoint: this.connection.endpoint });
    this.studio.output.error(e.message);
    void this.post({ type: 'notice', level: 'error', message: e.fullMessage });
  }

  protected onDispose(): void {
    this.current?.controller.abort();
    this.rows?.dispose();
    this.rows = undefined;
  }

  // ---- state for a (re)loaded webview ------------------------------------------------------------------------

  private async sendInitialState(): Promise<void> {
    const readBefore = (this.rows?.count ?? 0) > 0 || this.lastState !== undefined || this.current !== undefined;
    // A statement handed over (Run PartiQL Statement…) is put in the form, never run unasked: no first read then.
    const handedOver = this.initialSpec;
    this.initialSpec = undefined;
    await this.post({ type: 'init', table: this.tableInfo(), history: this.history.history(this.historyKey), saved: this.history.savedQueries(this.historyKey), firstRead: !readBefore && !handedOver, restore: { connectionId: this.connection.id, region: this.region, tableName: this.tableName } });
    if (handedOver) await this.post({ type: 'loadSpec', spec: handedOver });
    if (readBefore) {
      await this.postRows(this.runId, this.rows?.windowLines() ?? [], true);
      this.postWindow(true);
      if (this.lastState) await this.post(this.lastState);
    }
  }

  private sendHistory(): Thenable<boolean> {
    return this.post({ type: 'history', history: this.history.history(this.historyKey), saved: this.history.savedQueries(this.historyKey) });
  }

  /**
   * Sends rows (DynamoDB JSON lines, which are exactly wire items: numbers as text, sets as sets, binary as base64).
   * Every message is posted before the first await, so rows of two calls never interleave.
   */
  private async postRows(runId: number, lines: readonly string[], reset: boolean): Promise<void> {
    if (lines.length === 0) {
      if (reset) await this.post({ type: 'rows', runId, reset, itemsJson: '[]' });
      return;
    }
    const posts: Thenable<boolean>[] = [];
    for (let start = 0; start < lines.length; start += ROWS_PER_MESSAGE) {
      const itemsJson = `[${lines.slice(start, start + ROWS_PER_MESSAGE).join(',')}]`;
      posts.push(this.post({ type: 'rows', runId, reset: reset && start === 0, itemsJson }));
    }
    await Promise.all(posts);
  }

  /** Tells the webview which window of the fetched rows it shows; while rows arrive, at most every PROGRESS_INTERVAL_MS. */
  private postWindow(now: boolean): void {
    const rows = this.rows;
    if (!rows) return;
    const time = Date.now();
    if (!now && time - this.lastWindowPost < PROGRESS_INTERVAL_MS) return;
    this.lastWindowPost = time;
    void this.post({ type: 'window', ...rows.info() });
  }

  /** A fresh store for a new read; the last read's file is removed. */
  private newRows(): FetchedRows {
    this.rows?.dispose();
    const keyNames = keyNamesOf(this.description);
    this.rows = new FetchedRows({ windowSize: this.studio.settings.get('viewerWindowRows'), keyNames });
    // The new read's first rows say where they are at once.
    this.lastWindowPost = 0;
    return this.rows;
  }

  private async showWindow(index: number): Promise<void> {
    const rows = this.rows;
    if (!rows) return;
    const lines = await rows.showWindow(index);
    if (rows !== this.rows) return;
    await this.postRows(this.runId, lines, true);
    this.postWindow(true);
  }

  private postState(state: Omit<RunStateEvent, 'type'>): void {
    this.lastState = { type: 'runState', ...state };
    void this.post(this.lastState);
  }

  // ---- reading -------------------------------------------------------------------------------------------------

  private async startRun(spec: QuerySpec, mode: RunMode, limit: number | undefined): Promise<void> {
    const problems = validateQuerySpec(spec, this.description);
    if (mode === 'limit' && limit === undefined) problems.push({ field: 'limit', message: 'Give the number of matching items to read until.' });
    await this.post({ type: 'problems', problems });
    if (problems.length > 0) return;
    this.current?.controller.abort();
    this.spec = spec;
    this.cursor = undefined;
    this.stats = zeroStats();
    const runId = ++this.runId;
    this.newRows();
    await this.read(runId, spec, mode, limit, undefined, true);
  }

  private async continueRun(mode: 'page' | 'all'): Promise<void> {
    if (!this.spec || !this.cursor || this.current) return;
    await this.read(this.runId, this.spec, mode, undefined, this.cursor, false);
  }

  private async read(runId: number, spec: QuerySpec, mode: RunMode, limit: number | undefined, cursor: PageCursor | undefined, reset: boolean): Promise<void> {
    const controller = new AbortController();
    const read: Read = { runId, spec, mode, controller };
    this.current = read;
    const operation = describeOperation(spec);
    const base = { ...this.stats };
    const isCurrent = () => this.current === read && this.runId === runId;
    let segmentsDone: number | undefined;
    let segments: number | undefined;
    this.postState({ runId, state: 'running', operation, mode, stats: base, hasMore: !!cursor });
    let resetNext = reset;
    const rows = this.rows ?? this.newRows();
    const append = async (items: Item[]) => {
      const joined = await rows.append(items);
      if (!isCurrent() || rows !== this.rows) return;
      // Read and cleared before posting: with parallel segments, several appends finish one after the other.
      const first = resetNext;
      resetNext = false;
      await this.postRows(runId, joined, first);
      this.postWindow(false);
    };
    try {
      const client = await this.client();
      if (mode === 'page') {
        // The viewer's status line shows this page's retries and then how it ended; the status bar does not repeat
        // them (a retry notice there would outlive the final failure).
        const page = await observeRetries(
          (notice) => {
            if (isCurrent()) this.postState({ runId, state: 'running', operation, mode, stats: base, hasMore: !!cursor, message: describeRetry(notice) });
          },
          () => runPage(client, spec, { ...cursor, signal: controller.signal }),
        );
        if (!isCurrent()) return;
        this.stats = {
          count: base.count + page.items.length,
          scannedCount: page.scannedCount === undefined ? base.scannedCount : (base.scannedCount ?? 0) + page.scannedCount,
          consumedCapacity: base.consumedCapacity + page.consumedCapacity,
          pages: base.pages + 1,
        };
        this.cursor = nextCursor(page);
        await append(page.items);
      } else {
        let lastProgress = 0;
        // The viewer's status line shows this fetch's retries (onRetry); the status bar does not repeat them.
        const result = await fetchAll(client, spec, {
          ...cursor,
          signal: controller.signal,
          limit: mode === 'limit' ? limit : undefined,
          collect: false,
          table: this.description,
          onItems: (items) => (isCurrent() ? append(items) : undefined),
          onProgress: (p) => {
            if (!isCurrent()) return;
            this.stats = { count: base.count + p.count, scannedCount: (base.scannedCount ?? 0) + p.scannedCount, consumedCapacity: base.consumedCapacity + p.consumedCapacity, pages: base.pages + p.pages };
            segmentsDone = p.segments > 1 ? p.segmentsDone : undefined;
            segments = p.segments > 1 ? p.segments : undefined;
            const now = Date.now();
            if (now - lastProgress >= PROGRESS_INTERVAL_MS) {
              lastProgress = now;
              this.postState({ runId, state: 'running', operation, mode, stats: this.stats, hasMore: true, segmentsDone, segments });
            }
          },
          onRetry: (notice) => {
            if (isCurrent()) this.postState({ runId, state: 'running', operation, mode, stats: this.stats, hasMore: true, segmentsDone, segments, message: describeRetry(notice) });
          },
        });
        if (!isCurrent()) return;
        this.cursor = result.cursor;
        if (result.cancelled) {
          if (resetNext) await this.postRows(runId, [], true);
          this.postState({ runId, state: 'cancelled', operation, mode, stats: this.stats, hasMore: !!this.cursor, segmentsDone, segments, message: `${operation} was cancelled after ${this.stats.count.toLocaleString('en-US')} items.` });
          return;
        }
        if (resetNext) await this.postRows(runId, [], true);
        this.postState({ runId, state: 'done', operation, mode, stats: this.stats, hasMore: !!this.cursor, limited: result.limited, segmentsDone, segments });
        if (reset) await this.recordRun(spec);
        return;
      }
      this.postState({ runId, state: 'done', operation, mode, stats: this.stats, hasMore: !!this.cursor, outcome: writeOutcome(spec) });
      if (reset) await this.recordRun(spec);
    } catch (err) {
      if (!isCurrent()) return;
      // Rows read before the failure stay; Fetch all or Next page continues right after them.
      if (err instanceof FetchStoppedError) this.cursor = err.partial.cursor;
      const e = toStudioError(err, { operation, region: this.region, endpoint: this.connection.endpoint });
      if (e.kind === 'cancelled') {
        this.postState({ runId, state: 'cancelled', operation, mode, stats: this.stats, hasMore: !!this.cursor, message: `${operation} was cancelled.` });
        return;
      }
      this.studio.output.error(`${e.message}${e.awsCode ? ` [${e.awsCode}]` : ''}`);
      this.postState({ runId, state: 'failed', operation, mode, stats: this.stats, hasMore: !!this.cursor, message: e.fullMessage });
    } finally {
      if (this.current === read) this.current = undefined;
      if (this.runId === runId) this.postWindow(true);
    }
  }

  private async recordRun(spec: QuerySpec): Promise<void> {
    const s = this.stats;
    const summary = writeOutcome(spec) ?? [`${s.count.toLocaleString('en-US')} items`, s.scannedCount ? `${s.scannedCount.toLocaleString('en-US')} scanned` : undefined].filter(Boolean).join(', ');
    await this.history.recordRun(this.historyKey, spec, summary);
    await this.sendHistory();
  }

  // ---- rows ----------------------------------------------------------------------------------------------------

  private async openItem(wireKey: WireItem): Promise<void> {
    const key = wireToItem(wireKey);
    await vscode.commands.executeCommand(TableViewerCommands.openItem, { connectionId: this.connection.id, region: this.region, tableName: this.tableName, key });
  }

  private async deleteItems(wireKeys: WireItem[]): Promise<void> {
    const keys = wireKeys.map(wireToItem);
    const what = keys.length === 1 ? `the item ${itemToDynamoJsonLine(keys[0])}` : `${keys.length.toLocaleString('en-US')} items`;
    const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Delete {0} from table "{1}" ({2}, {3})?', what, this.tableName, this.connection.name, this.region),
      { modal: true, detail: `The items are deleted with BatchWriteItem. This cannot be undone.${bulkGuardNote(this.studio, this.connection.id)}` },
      'Delete',
    );
    if (choice !== 'Delete') return;
    const client = await this.client();
    let report;
    try {
      report = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Deleting ${what} from ${this.tableName}`, cancellable: true },
        (_progress, token) => {
          const controller = new AbortController();
          token.onCancellationRequested(() => controller.abort());
          return runConfirmedBulk([this.tableName], `delete ${what}`, () => deleteItemsByKey(client, this.tableName, keys, controller.signal));
        },
      );
    } catch (err) {
      const e = toStudioError(err, { operation: `Deleting ${what}` });
      void vscode.window.showErrorMessage(e.fullMessage);
      await this.post({ type: 'notice', level: 'error', message: e.fullMessage });
      return;
    }
    const keyNames = keyNamesOf(this.description);
    await this.rows?.remove(report.deleted.map((k) => projectKey(k, keyNames)));
    await this.post({ type: 'removed', keys: report.deleted.map(itemToWire) });
    this.postWindow(true);
    const message = `Deleted ${report.deleted.length.toLocaleString('en-US')} of ${keys.length.toLocaleString('en-US')} items from ${this.tableName}.` +
      (report.failed.length ? ` ${report.failed.length} were left unprocessed by DynamoDB (capacity exhausted or cancelled): select them and delete again.` : '');
    await this.post({ type: 'notice', level: report.failed.length ? 'error' : 'info', message });
  }

  // ---- code, history, transfers ---------------------------------------------------------------------------

  private async copyCode(target: 'cli' | 'sdk', spec: QuerySpec): Promise<void> {
    const problems = validateQuerySpec(spec, this.description);
    await this.post({ type: 'problems', problems });
    if (problems.length > 0) return;
    const where = { region: this.region, endpoint: this.connection.endpoint, profile: this.connection.kind === 'profile' ? this.connection.profile?.name : undefined };
    const text = target === 'cli' ? toAwsCliCommand(spec, where) : toSdkV3Code(spec, where);
    await vscode.env.clipboard.writeText(text);
    const what = target === 'cli' ? 'AWS CLI command' : 'SDK v3 code';
    await this.post({ type: 'notice', level: 'info', message: `Copied the ${what} to the clipboard.` });
  }

  private async saveQuery(spec: QuerySpec): Promise<void> {
    const name = await vscode.window.showInputBox({
      title: `Save query for ${this.tableName}`,
      prompt: 'Name of the saved query',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'Give the query a name.'),
    });
    if (!name) return;
    const exists = this.history.savedQuery(this.historyKey, name.trim());
    if (exists) {
      const replace = await vscode.window.showWarningMessage(vscode.l10n.t('A saved query named "{0}" exists for {1}. Replace it?', name.trim(), this.tableName), { modal: true }, 'Replace');
      if (replace !== 'Replace') return;
    }
    await this.history.save(this.historyKey, name, spec, { overwrite: !!exists });
    await this.sendHistory();
  }

  private async transfer(action: 'exportResults' | 'exportQuery' | 'exportTable' | 'import' | 'copyTable', spec: QuerySpec | undefined): Promise<void> {
    const arg: ViewerTransferArg = { connectionId: this.connection.id, region: this.region, tableName: this.tableName };
    switch (action) {
      case 'exportResults':
      {
        const rows = this.rows;
        if (!rows || rows.count === 0) throw new StudioError('validation', 'There are no rows to export.', { hint: 'Run a query first, or export the whole table.' });
        // Every fetched row, streamed from the temporary file: not only the window shown.
        const fetched: FetchedItems = { count: rows.count, read: () => rows.items() };
        await vscode.commands.executeCommand(TableViewerCommands.exportTable, { ...arg, items: fetched });
        return;
      }
      case 'exportQuery':
        await vscode.commands.executeCommand(TableViewerCommands.exportTable, { ...arg, spec });
        return;
      case 'exportTable':
        await vscode.commands.executeCommand(TableViewerCommands.exportTable, arg);
        return;
      case 'import':
        await vscode.commands.executeCommand(TableViewerCommands.importTable, arg);
        return;
      case 'copyTable':
        await vscode.commands.executeCommand(TableViewerCommands.copyTable, { ...arg, spec });
        return;
    }
  }
}

/** What a PartiQL write statement did, in words; undefined for reads. DynamoDB's PartiQL writes act on one item. */
function writeOutcome(spec: QuerySpec): string | undefined {
  if (spec.kind !== 'partiql' || spec.statement === undefined || isReadOnlyStatement(spec.statement)) return undefined;
  // The first word after comments and blanks.
  const verb = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*([A-Za-z]+)/.exec(spec.statement)?.[1]?.toUpperCase();
  switch (verb) {
    case 'DELETE':
      return 'DELETE done: 1 item deleted, if it existed.';
    case 'UPDATE':
      return 'UPDATE done: 1 item updated.';
    case 'INSERT':
      return 'INSERT done: 1 item inserted.';
    default:
      return 'The statement was run.';
  }
}
