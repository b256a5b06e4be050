// The one owner of the extension's long-lived things, built once in activate(): connections from the AWS files
// and the settings, one client pool (with one credential provider per connection), the explorer model and tree,
// the open panels, the stream watches, and (through a slot) the item documents. Each is a Disposable registered
// here once; disposing the Studio disposes them in reverse order. Commands receive this object.
import * as vscode from 'vscode';
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import type { TimeToLiveLookup } from '../../model/table/tableInfo';
import { Settings, secretKeyForEndpoint } from '../base/constants';
import { SettingsReader } from '../base/settings';
import { buildConnections, resolveConnectionMode, type Connection } from '../../services/aws/connections';
import { combineModeSettings, type ConnectionMode } from '../../model/aws/connectionMode';
import { WriteConfirmations } from '../guard/writeConfirmation';
import { DynamoClientPool } from '../../services/aws/clientPool';
import { createProfileCredentials } from '../../services/aws/credentials';
import { loadSharedConfig } from '../../services/aws/profiles';
import { orderRegions } from '../../model/aws/regions';
import type { ConfigDiagnostic, SharedConfig } from '../../services/aws/profiles';
import { TableService } from '../../services/dynamo/tableService';
import { listTableJobs, type TableJobs } from '../../services/s3jobs/jobs';
import { S3ClientPool } from '../../services/s3jobs/s3Clients';
import { ExplorerModel, type ExplorerBackend, type ExplorerNode } from '../tree/model';
import { ExplorerTreeProvider } from '../tree/treeProvider';
import { PanelRegistry } from './panelRegistry';
import type { Slot } from './slot';
import { StreamWatches } from './streamWatches';

interface StoredKeys {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Keys used for an endpoint connection that has none stored: DynamoDB Local accepts any letters-only key. */
const PLACEHOLDER_KEYS: StoredKeys = { accessKeyId: 'local', secretAccessKey: 'local' };

export class Studio implements ExplorerBackend, vscode.Disposable {
  readonly pool: DynamoClientPool;
  /** S3 clients for export and import jobs, with the same credentials as the DynamoDB clients. */
  readonly s3: S3ClientPool;
  readonly model: ExplorerModel;
  readonly tree: ExplorerTreeProvider;
  readonly panels: PanelRegistry;
  /** The settings, parsed: a bad value or entry is dropped with a warning in the output channel. */
  readonly settings: SettingsReader;
  readonly streamWatches: StreamWatches;
  private sharedConfig: SharedConfig | undefined;
  /** Everything the Studio owns, disposed last-first. */
  private readonly disposables: vscode.Disposable[] = [];
  private readonly slots = new Map<Slot<unknown>, unknown>();
  readonly writeConfirmations = new WriteConfirmations();
  /** The explorer's tree view, once activate() made it: commands select nodes in it. */
  private explorerView: vscode.TreeView<ExplorerNode> | undefined;

  constructor(
    readonly context: vscode.ExtensionContext,
    readonly output: vscode.LogOutputChannel,
  ) {
    this.settings = new SettingsReader((message) => output.warn(message));
    this.pool = new DynamoClientPool((c) => this.credentialsFor(c), {
      modeOf: (id) => this.modeOf(id),
      confirmWrite: this.writeConfirmations.confirm,
    });
    this.s3 = new S3ClientPool((c) => this.credentialsFor(c));
    this.model = new ExplorerModel(this);
    this.tree = new ExplorerTreeProvider(this.model);
    this.panels = new PanelRegistry();
    this.streamWatches = new StreamWatches();
    this.own(
      { dispose: () => this.pool.dispose() },
      this.tree,
      this.streamWatches,
      this.panels,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(Settings.section)) this.refreshAll();
      }),
    );
  }

  /** Takes ownership: disposed with the Studio (after everything owned later). */
  own(...disposables: vscode.Disposable[]): void {
    this.disposables.push(...disposables);
  }

  /** Fills a slot once (at activation) with a service the Studio then owns. */
  provide<T extends vscode.Disposable>(slot: Slot<T>, value: T): void {
    if (this.slots.has(slot)) throw new Error(`${slot.name} is set up twice.`);
    this.slots.set(slot, value);
    this.own(value, { dispose: () => this.slots.delete(slot) });
  }

  /** The service in a slot, or undefined before it is set up (and after the Studio is disposed). */
  lookup<T>(slot: Slot<T>): T | undefined {
    return this.slots.get(slot) as T | undefined;
  }

  private get config(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration();
  }

  /** Called once by activate() with the explorer's tree view. */
  attachExplorerView(view: vscode.TreeView<ExplorerNode>): void {
    this.explorerView = view;
  }

  /** Selects a node (e.g. a table just created) in the explorer, expanding its parents; false when it is not there. */
  async revealInExplorer(nodeId: string): Promise<boolean> {
    const node = await this.model.resolve(nodeId);
    if (!node || !this.explorerView) return false;
    await this.explorerView.reveal(node, { select: true, focus: false, expand: false });
    return true;
  }

  /** Re-reads the AWS files and settings, drops clients and cached listings. */
  refreshAll(): void {
    this.sharedConfig = undefined;
    this.pool.invalidate();
    this.s3.invalidate();
    this.tree.refresh();
  }

  // ---- ExplorerBackend -------------------------------------------------------------------------------------

  async listConnections(): Promise<{ connections: Connection[]; diagnostics: ConfigDiagnostic[] }> {
    const showProfiles = this.settings.get('showAwsProfiles');
    if (showProfiles && !this.sharedConfig) this.sharedConfig = await loadSharedConfig(process.env);
    const connections = buildConnections({
      sharedConfig: showProfiles ? this.sharedConfig : undefined,
      endpoints: this.settings.get('customEndpoints'),
      defaultRegion: this.settings.get('defaultRegion'),
      ...this.guardSettings(),
      showProfiles,
    });
    return { connections, diagnostics: showProfiles ? (this.sharedConfig?.diagnostics ?? []) : [] };
  }

  /**
   * The connection's guard mode from the settings as they are now (not as the explorer last loaded them), so a
   * mode change applies to the next request even before the explorer reloads.
   */
  modeOf(connectionId: string): ConnectionMode {
    return resolveConnectionMode(connectionId, { ...this.guardSettings(), endpoints: this.settings.get('customEndpoints') }).mode;
  }

  /**
   * The guard settings of every scope together: VS Code lets a workspace value replace a user value, but a
   * workspace must not be able to make a connection the user made read-only writable again (nor the reverse),
   * so the strictest value of any scope counts.
   */
  private guardSettings(): { modes: Record<string, unknown>; readOnlyIds: string[] } {
    const scopes = <T>(key: string): T[] => {
      const i = this.config.inspect<T>(key);
      return [i?.globalValue, i?.workspaceValue, i?.workspaceFolderValue].filter((v): v is NonNullable<T> => v !== undefined && v !== null) as T[];
    };
    return {
      modes: combineModeSettings(scopes<unknown>(Settings.connectionModes)),
      readOnlyIds: scopes<unknown>(Settings.readOnlyConnections).flatMap((v) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [])),
    };
  }

  regionsFor(connection: Connection): string[] {
    const extra = this.settings.get('regions')[connection.id] ?? [];
    return orderRegions(connection.defaultRegion, extra);
  }

  async listTables(connection: Connection, region: string, signal?: AbortSignal): Promise<string[]> {
    return (await this.tableService(connection, region)).listTableNames({ signal });
  }

  async prepareListing(connection: Connection, region: string): Promise<void> {
    // Resolving the credentials may wait for an MFA code or a credential_process: done before the listing takes
    // one of the explorer's request slots, and before its timeout starts. A failure here is the listing's error.
    await this.pool.credentialsReady(connection, region);
  }

  async describeTable(connection: Connection, region: string, table: string): Promise<TableDescription> {
    return (await this.tableService(connection, region)).describeTable(table);
  }

  async describeTimeToLive(connection: Connection, region: string, table: string): Promise<TimeToLiveLookup> {
    return (await this.tableService(connection, region)).describeTimeToLive(table);
  }

  async listTableJobs(connection: Connection, region: string, tableArn: string): Promise<TableJobs> {
    return listTableJobs(await this.pool.get(connection, region), tableArn);
  }

  // ---- services for commands -------------------------------------------------------------------------------

  async tableService(connection: Connection, region: string): Promise<TableService> {
    return new TableService(await this.pool.get(connection, region), { endpoint: connection.endpoint, region });
  }

  /** The shared config and credentials file paths in use (for "Open AWS Config File"). */
  async sharedConfigFiles(): Promise<{ configFile: string; credentialsFile: string }> {
    const cfg = this.sharedConfig ?? (await loadSharedConfig(process.env));
    return { configFile: cfg.configFile, credentialsFile: cfg.credentialsFile };
  }

  async storeEndpointKeys(name: string, keys: StoredKeys | undefined): Promise<void> {
    if (keys) await this.context.secrets.store(secretKeyForEndpoint(name), JSON.stringify(keys));
    else await this.context.secrets.delete(secretKeyForEndpoint(name));
  }

  private async credentialsFor(connection: Connection) {
    if (connection.kind === 'endpoint') {
      const stored = await this.context.secrets.get(secretKeyForEndpoint(connection.name));
      if (!stored) return PLACEHOLDER_KEYS;
      const keys = JSON.parse(stored) as StoredKeys;
      return { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey };
    }
    const files = this.sharedConfig ?? (await loadSharedConfig(process.env));
    return createProfileCredentials(connection.profile!, files, {
      mfaCodeProvider: (serial: string) => this.askMfaCode(connection.name, serial),
    });
  }

  private async askMfaCode(profile: string, serial: string): Promise<string> {
    const code = await vscode.window.showInputBox({
      title: `MFA code for profile "${profile}"`,
      prompt: `Enter the current code of ${serial}`,
      ignoreFocusOut: true,
      validateInput: (v) => (/^\d{6}$/.test(v.trim()) ? undefined : 'The code is 6 digits.'),
    });
    if (!code) throw new Error(`No MFA code was entered for profile "${profile}".`);
    return code.trim();
  }

  dispose(): void {
    this.s3.dispose();
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
  }
}
