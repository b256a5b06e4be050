// A status-bar item showing the guard mode of the connection in use: the one of the focused item editor or table
// viewer, else the one selected in the explorer. Confirm-writes shows the warning colour; clicking it changes
// the mode.
import * as vscode from 'vscode';
import { Commands, ITEM_SCHEME } from '../base/constants';
import { MODE_DESCRIPTIONS, MODE_ICONS, MODE_LABELS } from '../../model/aws/connectionMode';
import { escapeMarkdown } from '../../model/text/markdown';
import type { Studio } from '../studio/studio';
import type { ExplorerNode } from '../tree/model';

export class ModeStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('dynamodbStudio.connectionMode', vscode.StatusBarAlignment.Left, 50);
  private readonly disposables: vscode.Disposable[] = [];
  private connectionId: string | undefined;

  constructor(
    private readonly studio: Studio,
    view: vscode.TreeView<ExplorerNode>,
  ) {
    this.item.name = 'DynamoDB Connection Mode';
    this.disposables.push(
      this.item,
      view.onDidChangeSelection((e) => {
        const id = e.selection[0]?.connectionId;
        if (id) this.show(id);
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => this.followEditor(editor)),
      studio.panels.onDidFocusConnection((id) => this.show(id)),
      studio.tree.onDidChangeTreeData(() => this.render()),
    );
    this.followEditor(vscode.window.activeTextEditor);
  }

  /** The connection the status bar shows (for tests and the mode command's default). */
  get activeConnectionId(): string | undefined {
    return this.connectionId;
  }

  private followEditor(editor: vscode.TextEditor | undefined): void {
    const uri = editor?.document.uri;
    if (uri?.scheme === ITEM_SCHEME) this.show(decodeURIComponent(uri.path.split('/')[1] ?? ''));
  }

  show(connectionId: string): void {
    this.connectionId = connectionId;
    this.render();
  }

  private render(): void {
    // The explorer reloads connections lazily after a settings change; wait for that load (cached otherwise).
    void this.studio.model.getChildren().then(
      () => this.draw(),
      () => this.draw(),
    );
  }

  private draw(): void {
    const conn = this.connectionId ? this.studio.model.connection(this.connectionId) : undefined;
    if (!conn) {
      this.item.hide();
      return;
    }
    const mode = this.studio.modeOf(conn.id);
    this.item.text = `$(${MODE_ICONS[mode]}) ${conn.name}: ${MODE_LABELS[mode]}`;
    const tooltip = new vscode.MarkdownString(
      `**${escapeMarkdown(conn.name)}** is in **${MODE_LABELS[mode]}** mode. ${MODE_DESCRIPTIONS[mode]}\n\nClick to change the mode.`,
    );
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: `DynamoDB connection ${conn.name}, mode ${MODE_LABELS[mode]}`, role: 'button' };
    this.item.backgroundColor = mode === 'confirmWrites' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.command = { command: Commands.setConnectionMode, title: 'Set Connection Mode', arguments: [conn.id] };
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
