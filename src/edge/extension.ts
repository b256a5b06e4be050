// activate() only wires: services, tree, commands, providers. Every disposable goes to context.subscriptions.
import * as vscode from 'vscode';
import { FS_SCHEME_DESCRIBE, OUTPUT_CHANNEL_NAME, Views } from './base/constants';
import { registerCommands } from './commands';
import { registerTablesAsCode } from './iac';
import { DescribeDocumentProvider } from './editors/describeDocumentProvider';
import { registerItemEditing } from './editors';
import { ModeStatusBar } from './status/modeStatusBar';
import { RetryStatus } from './status/retryStatus';
import { Studio } from './studio/studio';
import { stopAllStreamWatches } from './commands/watchStream';
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
  };
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
  const describeProvider = new DescribeDocumentProvider(studio);
  context.subscriptions.push(
    output,
    studio,
    view,
    describeProvider,
    new ModeStatusBar(studio, view),
    new RetryStatus(studio.pool),
    vscode.workspace.registerTextDocumentContentProvider(FS_SCHEME_DESCRIBE, describeProvider),
    ...registerItemEditing(studio),
    ...registerCommands(studio),
    ...registerTablesAsCode(studio),
  );

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
    },
    connectionMode: (connectionId) => studio.modeOf(connectionId),
    storedState: () => {
      const read = (memento: vscode.Memento) => Object.fromEntries(memento.keys().map((key) => [key, memento.get(key)]));
      return { global: read(context.globalState), workspace: read(context.workspaceState) };
    },
  };
}

export function deactivate(): void {
  // Everything else is disposed through context.subscriptions.
  stopAllStreamWatches();
}
