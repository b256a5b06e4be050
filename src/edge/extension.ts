// activate() only wires: services, tree, commands, providers. Every disposable goes to context.subscriptions.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { FS_SCHEME_DESCRIBE, OUTPUT_CHANNEL_NAME, Views } from './base/constants';
import { CodeChecks } from './codecheck/codeChecks';
import { registerCommands } from './commands';
import { welcomeOnFirstRun } from './commands/getStarted';
import { registerTablesAsCode } from './iac';
import { DescribeDocumentProvider } from './editors/describeDocumentProvider';
import { registerItemEditing } from './editors';
import { registerPanelSerializers } from './panels/serializers';
import { registerNotebooks } from './notebooks';
import { ModeStatusBar } from './status/modeStatusBar';
import { RetryStatus } from './status/retryStatus';
import { Studio } from './studio/studio';
import type { ExplorerNode } from './tree/model';

// Taken when the bundle is evaluated, so activationMs covers module evaluation plus activate().
const moduleEvaluatedAt = performance.now();

/** What the extension exports: used by its own tests inside the extension host. */
export interface DynamoDbStudioApi {
  /** Milliseconds from the evaluation of this module to the end of activate() (measured by `npm run bench`). */
  activationMs: number;
  explorer: {
    getChildren(nodeId?: string): Promise<ExplorerNodeSummary[]>;
    refresh(): void;
    /** Reveals and selects a node by id in the explorer view (loading the path to it); returns the selected node's id. */
    reveal(nodeId: string): Promise<string | undefined>;
  };
  /** Keys of the open webview panels (table viewers, form editors), as the Studio tracks them. */
  openPanels(): string[];
  /** What the extension keeps in globalState and workspaceState (its tests check that no credential is there). */
  storedState(): { global: Record<string, unknown>; workspace: Record<string, unknown> };
  /** The production guard mode of a connection, as the client layer applies it now. */
  connectionMode(connectionId: string): 'readOnly' | 'confirmWrites' | 'normal';
}

export interface ExplorerNodeSummary {
  id: string;
  label: string;
  description?: string;
  contextValue: string;
  collapsible: boolean;
  tooltip?: string;
}

const summary = (n: ExplorerNode): ExplorerNodeSummary => ({
  id: n.id,
  label: n.label,
  description: n.description,
  contextValue: n.tags.join(' '),
  collapsible: n.collapsible,
  tooltip: n.tooltip,
});

export function activate(context: vscode.ExtensionContext): DynamoDbStudioApi {
  const output = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  const studio = new Studio(context, output);
  const view = vscode.window.createTreeView(Views.explorer, { treeDataProvider: studio.tree, showCollapseAll: true });
  studio.attachExplorerView(view);
  const describeProvider = new DescribeDocumentProvider(studio);
  registerItemEditing(studio);
  // The Studio owns the services, panels, watches and item documents; the workbench pieces below are registered
  // here once, and everything is disposed in reverse order.
  context.subscriptions.push(
    output,
    studio,
    view,
    describeProvider,
    new ModeStatusBar(studio, view),
    new RetryStatus(studio.pool),
    vscode.workspace.registerTextDocumentContentProvider(FS_SCHEME_DESCRIBE, describeProvider),
    ...registerNotebooks(studio),
    ...registerPanelSerializers(studio),
    ...registerCommands(studio),
    new CodeChecks(studio, path.join(context.extensionPath, 'dist')),
    ...registerTablesAsCode(studio, path.join(context.extensionPath, 'dist')),
  );
  // Until the list of connections is known to be empty, the view says it is loading, not "No connections yet"
  // (ExplorerTreeProvider.getChildren sets the key).
  void welcomeOnFirstRun(context).catch((err) => output.warn(`Could not show the welcome: ${String(err)}`));

  return {
    activationMs: performance.now() - moduleEvaluatedAt,
    explorer: {
      async getChildren(nodeId?: string) {
        if (nodeId === undefined) return (await studio.model.getChildren()).map(summary);
        const node = await studio.model.resolve(nodeId);
        if (!node) throw new Error(`No explorer node with id "${nodeId}".`);
        return (await studio.model.getChildren(node)).map(summary);
      },
      refresh: () => studio.refreshAll(),
      async reveal(nodeId: string) {
        if (!(await studio.revealInExplorer(nodeId))) throw new Error(`No explorer node with id "${nodeId}".`);
        return view.selection[0]?.id;
      },
    },
    openPanels: () => studio.panels.keys(),
    connectionMode: (connectionId) => studio.modeOf(connectionId),
    storedState: () => {
      const read = (memento: vscode.Memento) => Object.fromEntries(memento.keys().map((key) => [key, memento.get(key)]));
      return { global: read(context.globalState), workspace: read(context.workspaceState) };
    },
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions (the Studio owns the stream watches and panels).
}
