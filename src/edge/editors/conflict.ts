// What the user chooses after a refused save, from the comparison's title bar or the command palette:
// Overwrite (save again, based on the stored item), Take Stored (the document becomes the stored item), or keep
// editing (do nothing). The context key lists documents with an open conflict, for the title bar buttons.
import * as vscode from 'vscode';
import { ContextKeys } from '../base/constants';
import { ITEM_SCHEME, type ItemFileSystem } from './itemFileSystem';

export const CONFLICT_CONTEXT_KEY = ContextKeys.itemConflicts;

/** The item document an argument or the active editor refers to. */
export function itemDocumentUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg.scheme === ITEM_SCHEME ? arg : undefined;
  if (typeof arg === 'string' && arg.startsWith(`${ITEM_SCHEME}:`)) return vscode.Uri.parse(arg);
  const active = vscode.window.activeTextEditor?.document.uri;
  return active?.scheme === ITEM_SCHEME ? active : undefined;
}

export class ConflictTracker implements vscode.Disposable {
  private readonly open = new Set<string>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly items: ItemFileSystem) {
    this.subscription = items.onDidChangeConflict((uri) => {
      if (items.conflictOf(uri)) this.open.add(uri.toString());
      else this.open.delete(uri.toString());
      void vscode.commands.executeCommand('setContext', CONFLICT_CONTEXT_KEY, [...this.open]);
    });
  }

  /** The save goes through only if the stored item has not changed again since the comparison was made. */
  overwrite(arg?: unknown): Promise<boolean> {
    return this.items.overwrite(this.requireConflict(arg));
  }

  takeStored(arg?: unknown): Promise<boolean> {
    return this.items.takeStored(this.requireConflict(arg));
  }

  private requireConflict(arg: unknown): vscode.Uri {
    const uri = itemDocumentUri(arg);
    if (!uri || !this.items.conflictOf(uri)) {
      throw new Error('There is no refused save to resolve for this document. Overwrite and Take Stored apply after a save was refused because the item had changed.');
    }
    return uri;
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
