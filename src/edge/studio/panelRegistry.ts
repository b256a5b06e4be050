// The open webview panels of the running extension, by key (one panel per key: opening it again reveals it), and
// which connection the focused panel works on. Owned by the Studio; disposing it closes every panel.
import * as vscode from 'vscode';

export interface RegisteredPanel extends vscode.Disposable {
  reveal(): void;
  /** True while the panel is the active editor. */
  readonly active: boolean;
}

export class PanelRegistry implements vscode.Disposable {
  private readonly open = new Map<string, RegisteredPanel>();
  private readonly focused = new vscode.EventEmitter<string>();
  /** Fires the connection id of a panel that became the active editor. */
  readonly onDidFocusConnection = this.focused.event;

  /** The open panel with this key. */
  get(key: string): RegisteredPanel | undefined {
    return this.open.get(key);
  }

  /** Reveals the open panel with this key; false when there is none. */
  reveal(key: string): boolean {
    const existing = this.open.get(key);
    existing?.reveal();
    return existing !== undefined;
  }

  add(key: string, panel: RegisteredPanel): void {
    this.open.set(key, panel);
  }

  /** Forgets the panel (when it closes); a newer panel under the same key stays. */
  remove(key: string, panel: RegisteredPanel): void {
    if (this.open.get(key) === panel) this.open.delete(key);
  }

  /** The open panel that is the active editor, if any. */
  activePanel(): RegisteredPanel | undefined {
    return [...this.open.values()].find((p) => p.active);
  }

  focusConnection(connectionId: string): void {
    this.focused.fire(connectionId);
  }

  /** Keys of the open panels (tests, serializer checks). */
  keys(): string[] {
    return [...this.open.keys()];
  }

  dispose(): void {
    for (const panel of [...this.open.values()]) panel.dispose();
    this.open.clear();
    this.focused.dispose();
  }
}
