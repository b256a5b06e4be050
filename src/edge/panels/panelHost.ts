// Base of every webview panel: one panel per key (reveal instead of a second one), the HTML shell, the ready
// handshake, and validation of every incoming message before it reaches the panel's handler.
import * as vscode from 'vscode';
import type { z } from 'zod';
import { parseMessage } from '../../protocol/messages';
import type { PanelRegistry, RegisteredPanel } from '../studio/panelRegistry';
import { renderWebviewHtml, webviewResourceRoots } from './webviewHtml';

export interface PanelOptions<In> {
  /** Unique per panel, e.g. viewType + connection/region/table; opening the same key again reveals it. */
  key: string;
  viewType: string;
  title: string;
  script: string;
  /** Schema of every message the webview may send (a discriminated union including { type: 'ready' }). */
  incoming: z.ZodType<In>;
  extensionUri: vscode.Uri;
  output?: vscode.LogOutputChannel;
  column?: vscode.ViewColumn;
  /** The connection the panel works on: the guard mode status bar follows the focused panel's connection. */
  connectionId?: string;
  /** The Studio's open panels: this one is added while it is open. */
  registry: PanelRegistry;
}

export abstract class PanelHost<In extends { type: string }, Out> implements RegisteredPanel {
  protected readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  /**
   * A new panel, or (`restored`) a panel VS Code brings back after a window reload through the view type's
   * WebviewPanelSerializer: its HTML and handlers are set up again the same way.
   */
  protected constructor(
    protected readonly options: PanelOptions<In>,
    restored?: vscode.WebviewPanel,
  ) {
    const webviewOptions = { enableScripts: true, localResourceRoots: webviewResourceRoots(options.extensionUri) };
    this.panel = restored ?? vscode.window.createWebviewPanel(options.viewType, options.title, options.column ?? vscode.ViewColumn.Active, webviewOptions);
    if (restored) {
      restored.webview.options = webviewOptions;
      restored.title = options.title;
    }
    this.panel.webview.html = renderWebviewHtml(this.panel.webview, options.extensionUri, { title: options.title, script: options.script });
    options.registry.add(options.key, this);
    if (options.connectionId) options.registry.focusConnection(options.connectionId);
    this.disposables.push(
      this.panel.onDidDispose(() => this.dispose()),
      this.panel.onDidChangeViewState((e) => {
        if (e.webviewPanel.active && options.connectionId) options.registry.focusConnection(options.connectionId);
      }),
      this.panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
    );
  }

  /** Handles one validated message. 'ready' arrives first (and again after the webview is reloaded). */
  protected abstract handle(message: In): Promise<void> | void;

  get active(): boolean {
    return this.panel.active;
  }

  reveal(): void {
    this.panel.reveal();
  }

  protected post(message: Out): Thenable<boolean> {
    return this.disposed ? Promise.resolve(false) : this.panel.webview.postMessage(message);
  }

  private async receive(raw: unknown): Promise<void> {
    const parsed = parseMessage(this.options.incoming, raw);
    if (!parsed.ok) {
      this.options.output?.warn(`${this.options.title}: ${parsed.error}`);
      return;
    }
    try {
      await this.handle(parsed.message);
    } catch (err) {
      this.onError(err, parsed.message);
    }
  }

  /** Errors of a handler; panels show them in the webview or as a notification. */
  protected abstract onError(err: unknown, message: In): void;

  protected onDispose(): void {
    // for subclasses
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.options.registry.remove(this.options.key, this);
    this.onDispose();
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}
