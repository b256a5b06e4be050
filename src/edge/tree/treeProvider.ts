// Renders the explorer model as a VS Code tree. Refresh goes through one private emitter.
import * as vscode from 'vscode';
import { Commands, ContextKeys, tableDecorationUri } from '../base/constants';
import { ExplorerModel, hasRunningJob, type ExplorerNode } from './model';

/** How often an open jobs folder with a running job is described again. */
export const JOB_POLL_MS = 2000;

export class ExplorerTreeProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined | void>();
  /** Pending refreshes of jobs folders that showed a running job, by node id. */
  private readonly polls = new Map<string, ReturnType<typeof setTimeout>>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(readonly model: ExplorerModel) {}

  /** Reloads a node's children (or the whole tree). */
  refresh(node?: ExplorerNode): void {
    this.model.invalidate(node?.id);
    this.changed.fire(node ?? undefined);
  }

  /** Re-renders without dropping cached data (e.g. after a filter change). */
  rerender(node?: ExplorerNode): void {
    this.changed.fire(node ?? undefined);
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    const item = new vscode.TreeItem(
      node.label,
      node.collapsible ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = node.id;
    item.description = node.description;
    item.contextValue = node.tags.join(' ');
    item.iconPath =
      node.kind === 'error'
        ? new vscode.ThemeIcon(node.icon, new vscode.ThemeColor('errorForeground'))
        : new vscode.ThemeIcon(node.icon, node.iconColor ? new vscode.ThemeColor(node.iconColor) : undefined);
    if (node.tooltip) item.tooltip = new vscode.MarkdownString(node.tooltip);
    // A click on an error shows its whole text (a sidebar cuts it), with Retry there (issue 14, finding 23).
    if (node.kind === 'error') item.command = { command: Commands.showErrorDetails, title: 'Show Details', arguments: [node] };
    if (node.tags.includes('openTable')) {
      item.command = { command: Commands.openTable, title: 'Open Table', arguments: [node.id.slice(0, node.id.lastIndexOf('#'))] };
    }
    if (node.kind === 'table') {
      item.accessibilityInformation = { label: `Table ${node.label}`, role: 'treeitem' };
      // Lets file decorations (the drift badge of tables as code) find the node.
      if (node.connectionId && node.region && node.tableName) item.resourceUri = vscode.Uri.parse(tableDecorationUri(node.connectionId, node.region, node.tableName));
    }
    return item;
  }

  async resolveTreeItem(item: vscode.TreeItem, node: ExplorerNode): Promise<vscode.TreeItem> {
    if (node.kind === 'table' && !item.tooltip) {
      const tooltip = await this.model.tableTooltip(node);
      if (tooltip) item.tooltip = new vscode.MarkdownString(tooltip);
    }
    return item;
  }

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    const children = await this.model.getChildren(node);
    // The view's welcome says "Loading connections…" until it is known to be empty, and only then "No connections
    // yet": a context key set as soon as the list was read (before VS Code rendered its rows) let the empty-state
    // text flash on every start although connections exist.
    if (!node && children.length === 0) await vscode.commands.executeCommand('setContext', ContextKeys.loaded, true);
    if (node?.kind === 'jobs' && hasRunningJob(children) && !this.polls.has(node.id)) {
      // Jobs run on AWS's side for minutes or hours: describe them again while the folder shows one running.
      this.polls.set(
        node.id,
        setTimeout(() => {
          this.polls.delete(node.id);
          this.changed.fire(node);
        }, JOB_POLL_MS),
      );
    }
    return children;
  }

  getParent(node: ExplorerNode): ExplorerNode | undefined {
    const cut = Math.max(node.id.lastIndexOf('/'), node.id.lastIndexOf('#'));
    return cut > 0 ? this.model.node(node.id.slice(0, cut)) : undefined;
  }

  dispose(): void {
    for (const timer of this.polls.values()) clearTimeout(timer);
    this.polls.clear();
    this.changed.dispose();
  }
}
