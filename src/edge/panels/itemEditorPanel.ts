// The form editor of one item document. The document stays the single source of truth: form edits are applied
// to it (so undo, the JSON view and the safe save are the same as for typing), and changes typed in the JSON
// view are sent back to the form. Saving from the form saves the document.
import * as vscode from 'vscode';
import { itemToText, textToItem, validateItem, type Item } from '../../model/items';
import type { ItemFileSystem } from '../editors/itemFileSystem';
import { toStudioError } from '../../model/errors';
import { ItemEditorToHost, type ItemEditorProblem, type ItemEditorToWebview } from '../../protocol/messages';
import { PanelHost } from './panelHost';
import type { PanelRegistry } from '../studio/panelRegistry';

export const ITEM_EDITOR_VIEW_TYPE = 'dynamodbStudio.itemEditor';

const panelKey = (uri: vscode.Uri): string => `${ITEM_EDITOR_VIEW_TYPE}:${uri.toString()}`;

/** What a form editor needs from the running extension. */
export interface ItemEditorHost {
  extensionUri: vscode.Uri;
  items: ItemFileSystem;
  panels: PanelRegistry;
  output?: vscode.LogOutputChannel;
}

export class ItemEditorPanel extends PanelHost<ItemEditorToHost, ItemEditorToWebview> {
  private readonly items: ItemFileSystem;
  /** Text this panel itself put into the document, so its own edits are not echoed back to the form. */
  private lastApplied: string | undefined;
  /** The newest form text not yet applied, and the run applying it: edits are applied one at a time, newest wins. */
  private pendingFormText: string | undefined;
  private applying: Promise<void> | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  /** Opens the form of an item document, or reveals the open one. */
  static show(host: ItemEditorHost, document: vscode.TextDocument, restored?: vscode.WebviewPanel): ItemEditorPanel {
    const open = host.panels.get(panelKey(document.uri));
    if (open instanceof ItemEditorPanel && !restored) {
      open.reveal();
      return open;
    }
    open?.dispose();
    return new ItemEditorPanel(host, document, restored);
  }

  /**
   * The item document as VS Code has it open now: a change of its language (item documents are switched to the item
   * language when opened) closes the document object and opens a new one for the same URI.
   */
  private get document(): vscode.TextDocument {
    const uri = this.opened.uri.toString();
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri) ?? this.opened;
  }

  private constructor(
    host: ItemEditorHost,
    private readonly opened: vscode.TextDocument,
    restored?: vscode.WebviewPanel,
  ) {
    super({
      key: panelKey(opened.uri),
      viewType: ITEM_EDITOR_VIEW_TYPE,
      title: `Form: ${opened.uri.path.split('/').pop()}`,
      script: 'itemEditor',
      incoming: ItemEditorToHost,
      extensionUri: host.extensionUri,
      output: host.output,
      connectionId: decodeURIComponent(opened.uri.path.split('/')[1] ?? ''),
      registry: host.panels,
    }, restored);
    this.items = host.items;
    this.subscriptions.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() !== this.document.uri.toString() || e.contentChanges.length === 0) return;
        // While form edits are being applied, the document lags behind the form: reloading the form from it
        // would drop what was typed meanwhile.
        if (this.applying || this.document.getText() === this.lastApplied) return;
        this.sendLoad();
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        // Closed for good only when no document with its URI is open a moment later (a language change reopens it).
        if (d.uri.toString() !== this.opened.uri.toString()) return;
        setTimeout(() => {
          if (!vscode.workspace.textDocuments.some((open) => open.uri.toString() === this.opened.uri.toString())) this.dispose();
        }, 100);
      }),
    );
  }

  protected override onDispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }

  protected onError(err: unknown): void {
    const e = toStudioError(err, { operation: 'The item form' });
    void this.post({ type: 'status', kind: 'error', message: e.fullMessage });
  }

  protected async handle(message: ItemEditorToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.sendLoad();
        return;
      case 'edit':
        this.pendingFormText = message.text;
        await (this.applying ??= this.applyPendingFormText());
        return;
      case 'save': {
        // Edits typed just before Save go into the document first, so the save writes what the form shows.
        await this.applying;
        const saved = await this.document.save();
        void this.post(
          saved || !this.document.isDirty
            ? { type: 'status', kind: 'info', message: 'Saved.' }
            : { type: 'status', kind: 'error', message: 'Not saved: see the notification for why. Nothing was written.' },
        );
        return;
      }
      case 'showJson':
        await vscode.window.showTextDocument(this.document, { viewColumn: vscode.ViewColumn.Beside });
        return;
      default:
        return;
    }
  }

  private async applyPendingFormText(): Promise<void> {
    try {
      while (this.pendingFormText !== undefined) {
        const text = this.pendingFormText;
        this.pendingFormText = undefined;
        await this.applyFormText(text);
      }
    } finally {
      this.applying = undefined;
    }
  }

  /** The form's item (DynamoDB JSON) written into the document in the document's notation. */
  private async applyFormText(text: string): Promise<void> {
    const parsed = textToItem(text, 'dynamodb');
    const table = this.items.tableOf(this.document.uri);
    if (!parsed.ok || !table) {
      void this.post({ type: 'problems', problems: (parsed.ok ? [] : parsed.problems).map((p) => ({ path: [...(p.path ?? [])], message: p.message, severity: p.severity })) });
      return;
    }
    const notation = this.items.notationOf(this.document.uri) ?? 'dynamodb';
    const documentText = itemToText(parsed.item, notation, { keySchema: table.keySchema });
    void this.post({ type: 'problems', problems: this.problemsOf(parsed.item) });
    if (documentText === this.document.getText()) return;
    this.lastApplied = documentText;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(this.document.uri, new vscode.Range(0, 0, this.document.lineCount, 0), documentText);
    await vscode.workspace.applyEdit(edit);
  }

  private problemsOf(item: Item): ItemEditorProblem[] {
    const table = this.items.tableOf(this.document.uri);
    return validateItem(item, { keySchema: table?.keySchema, indexKeys: table?.indexKeys }).map((p) => ({ path: [...(p.path ?? [])], message: p.message, severity: p.severity }));
  }

  private sendLoad(): void {
    const table = this.items.tableOf(this.document.uri);
    if (!table) return;
    const read = this.items.read(this.document.uri, this.document.getText());
    const title = `${table.tableName} · ${this.document.uri.path.split('/').pop()?.replace(/\.json$/, '')}`;
    const base = { type: 'load' as const, title, keySchema: table.keySchema.map((k) => ({ name: k.name, type: k.type })), ttlAttribute: table.ttlAttribute, readOnly: table.connection.readOnly, documentUri: this.document.uri.toString() };
    if (read?.ok) {
      void this.post({ ...base, text: itemToText(read.item, 'dynamodb', { keySchema: table.keySchema }) });
      void this.post({ type: 'problems', problems: this.problemsOf(read.item) });
      return;
    }
    // Text that does not parse: the form keeps what it shows and lists the problems; the JSON view is the place to fix them.
    const parsed = textToItem(this.document.getText(), this.items.notationOf(this.document.uri) ?? 'dynamodb');
    if (parsed.ok) {
      void this.post({ ...base, text: itemToText(parsed.item, 'dynamodb', { keySchema: table.keySchema }) });
      void this.post({ type: 'problems', problems: this.problemsOf(parsed.item) });
    } else {
      void this.post({ ...base, text: '{}', unreadable: true });
      void this.post({ type: 'problems', problems: (read?.problems ?? []).map((p) => ({ path: [...(p.path ?? [])], message: `${p.message} (line ${p.range.start.line + 1})`, severity: p.severity })) });
    }
  }
}
