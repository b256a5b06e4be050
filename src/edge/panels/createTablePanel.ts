// The Create Table form of one connection and region. The webview checks the form while it is typed; this side checks
// it again (names against the tables listed now) before anything is sent, creates the table through the pooled
// client (so the read-only and confirm-writes guard applies as to every write), shows progress until the table and
// its indexes are ACTIVE, reports a failure in the form without losing what was typed, then selects the new table in
// the explorer.
import * as vscode from 'vscode';
import type { Connection } from '../../services/aws/connections';
import { WriteDeclinedError } from '../../services/aws/readOnlyGuard';
import { abortSignalFor, createTable } from '../../services/dynamo/tableAdmin';
import { toStudioError } from '../../model/errors';
import { checkCreateTableForm, type CreateTableContext, type CreateTableForm } from '../../model/table/createTableForm';
import { CreateTableToHost, type CreateTableSavedState, type CreateTableToWebview } from '../../protocol/createTable';
import { regionNodeId, tableNodeId } from '../tree/model';
import type { Studio } from '../studio/studio';
import { PanelHost } from './panelHost';

export const CREATE_TABLE_VIEW_TYPE = 'dynamodbStudio.createTable';

/** The AWS CLI options that point a command at the connection's place. */
export function cliTargetOf(connection: Connection, region: string): CreateTableContext['target'] {
  return { region, profile: connection.kind === 'profile' ? connection.profile?.name : undefined, endpointUrl: connection.endpoint };
}

export class CreateTablePanel extends PanelHost<CreateTableToHost, CreateTableToWebview> {
  private creating = false;

  static keyFor(connectionId: string, region: string): string {
    return `${CREATE_TABLE_VIEW_TYPE}:${regionNodeId(connectionId, region)}`;
  }

  /** Opens the form for the connection and region, or reveals the one already open. */
  static show(studio: Studio, connection: Connection, region: string): void {
    if (studio.panels.reveal(CreateTablePanel.keyFor(connection.id, region))) return;
    new CreateTablePanel(studio, connection, region);
  }

  /** A form VS Code brings back after a window reload, with what was typed; closed with a word when its connection is gone. */
  static async restore(studio: Studio, panel: vscode.WebviewPanel, state: CreateTableSavedState): Promise<void> {
    await studio.model.getChildren();
    const connection = studio.model.connection(state.connectionId);
    if (!connection || studio.panels.get(CreateTablePanel.keyFor(state.connectionId, state.region))) {
      panel.dispose();
      if (!connection) studio.output.warn(`A Create Table form was not reopened after the reload: its connection is no longer configured.`);
      return;
    }
    new CreateTablePanel(studio, connection, state.region, panel, state.form);
  }

  private constructor(
    private readonly studio: Studio,
    private readonly connection: Connection,
    private readonly region: string,
    restored?: vscode.WebviewPanel,
    private restoredForm?: CreateTableForm,
  ) {
    super(
      {
        key: CreateTablePanel.keyFor(connection.id, region),
        connectionId: connection.id,
        viewType: CREATE_TABLE_VIEW_TYPE,
        title: `Create Table · ${connection.name} / ${region}`,
        script: 'createTable',
        incoming: CreateTableToHost,
        extensionUri: studio.context.extensionUri,
        output: studio.output,
        registry: studio.panels,
      },
      restored,
    );
    this.panel.iconPath = vscode.Uri.joinPath(studio.context.extensionUri, 'media', 'dynamodb.svg');
  }

  private get location(): string {
    return `${this.connection.name} / ${this.region}`;
  }

  /** What the form is checked against, with the tables of the region as given. */
  private contextWith(existingTables: readonly string[]): CreateTableContext {
    return { existingTables, location: this.location, target: cliTargetOf(this.connection, this.region) };
  }

  /** The same, with the tables listed now. */
  private async context(): Promise<CreateTableContext> {
    return this.contextWith(await this.studio.listTables(this.connection, this.region));
  }

  protected async handle(message: CreateTableToHost): Promise<void> {
    switch (message.type) {
      case 'ready': {
        const context = await this.context().catch((err: unknown) => {
          // The list only warns about a taken name while typing; CreateTable itself refuses one.
          this.studio.output.warn(`Create Table: the tables of ${this.location} could not be listed: ${toStudioError(err, { operation: 'Listing tables' }).message}`);
          return this.contextWith([]);
        });
        const form = this.restoredForm;
        this.restoredForm = undefined;
        void this.post({
          type: 'init',
          location: this.location,
          connectionId: this.connection.id,
          connectionName: this.connection.name,
          region: this.region,
          mode: this.studio.modeOf(this.connection.id),
          existingTables: [...context.existingTables],
          target: context.target ?? {},
          ...(form ? { form } : {}),
        });
        return;
      }
      case 'copyCli': {
        const check = checkCreateTableForm(message.form, this.contextWith([]));
        if (!check.cliLine) {
          void this.post({ type: 'status', kind: 'error', message: `Nothing copied: ${check.problems[0]?.message ?? 'the form is not complete.'}` });
          return;
        }
        await vscode.env.clipboard.writeText(check.cliLine);
        void this.post({ type: 'status', kind: 'info', message: 'Copied the aws dynamodb create-table command to the clipboard.' });
        return;
      }
      case 'create':
        return this.create(message.form);
      case 'close':
        this.dispose();
        return;
    }
  }

  protected onError(err: unknown): void {
    const e = toStudioError(err, { operation: 'Create Table', region: this.region, endpoint: this.connection.endpoint });
    this.studio.output.error(e.message);
    void this.post({ type: 'status', kind: 'error', message: e.fullMessage });
  }

  private async create(form: CreateTableForm): Promise<void> {
    if (this.creating) return;
    // Checked again here: the webview's checks are a convenience, and the list of tables may have changed.
    const check = checkCreateTableForm(form, await this.context());
    if (check.problems.length) {
      const first = check.problems[0];
      void this.post({ type: 'status', kind: 'error', field: first.field, message: `Not created: ${first.message}` });
      return;
    }
    const spec = check.spec;
    this.creating = true;
    void this.post({ type: 'status', kind: 'busy', message: `Creating table "${spec.tableName}"…` });
    // The region's node, to refresh only it; the whole tree when it is not listed (yet).
    const regionNode = await this.studio.model.resolve(regionNodeId(this.connection.id, this.region)).catch(() => undefined);
    try {
      const client = await this.studio.pool.get(this.connection, this.region);
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Creating table "{0}"', spec.tableName), cancellable: true },
        (progress, token) =>
          createTable(client, spec, {
            signal: abortSignalFor(token),
            onCreated: () => this.studio.tree.refresh(regionNode),
            onProgress: (p) => {
              const message = [p.tableStatus, ...p.pendingIndexes.map((i) => `${i.name} ${i.status}${i.backfilling ? ' (backfilling)' : ''}`)].join(' · ');
              progress.report({ message });
              void this.post({ type: 'status', kind: 'busy', message: `Creating table "${spec.tableName}": ${message}` });
            },
          }),
      );
    } catch (err) {
      const e = toStudioError(err, { operation: `Create table "${spec.tableName}"`, region: this.region, endpoint: this.connection.endpoint });
      this.studio.tree.refresh(regionNode);
      if (err instanceof WriteDeclinedError) {
        void this.post({ type: 'status', kind: 'info', message: e.fullMessage });
      } else if (e.kind === 'cancelled') {
        void this.post({ type: 'status', kind: 'info', message: `Stopped waiting for "${spec.tableName}": if it was accepted, it is still being created. Refresh the explorer to see when it is ACTIVE.` });
      } else {
        this.studio.output.error(`${e.message}${e.awsCode ? ` [${e.awsCode}]` : ''}`);
        void this.post({ type: 'status', kind: 'error', field: e.awsCode === 'ResourceInUseException' ? 'tableName' : undefined, message: e.fullMessage });
      }
      return;
    } finally {
      this.creating = false;
    }
    this.studio.tree.refresh(regionNode);
    const revealed = await this.studio.revealInExplorer(tableNodeId(this.connection.id, this.region, spec.tableName)).catch(() => false);
    void this.post({ type: 'tables', existingTables: await this.studio.listTables(this.connection, this.region).catch(() => [spec.tableName]) });
    void this.post({
      type: 'status',
      kind: 'done',
      message: `Table "${spec.tableName}" is ACTIVE in ${this.location}${revealed ? ' and selected in the explorer' : ''}.`,
    });
    void vscode.window.showInformationMessage(vscode.l10n.t('Table "{0}" is ACTIVE in {1}.', spec.tableName, this.region));
  }
}
