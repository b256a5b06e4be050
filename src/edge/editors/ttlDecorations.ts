// Inlay hints in item documents: the readable date beside the epoch seconds of the table's time-to-live
// attribute, and, on the opening brace, the secondary index keys the item may carry.
import * as vscode from 'vscode';
import { textToItem } from '../../model/items';
import { ITEM_SCHEME, type ItemFileSystem } from './itemFileSystem';

/** "2024-05-01 12:00:00 UTC" for epoch seconds; undefined for values that are not a plausible time. */
export function ttlDateLabel(epochSeconds: string): string | undefined {
  if (!/^\d{1,12}(\.\d+)?$/.test(epochSeconds.trim())) return undefined;
  const ms = Number(epochSeconds) * 1000;
  if (!Number.isFinite(ms)) return undefined;
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return undefined;
  const expired = ms < Date.now() ? ' (expired)' : '';
  return `${date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}${expired}`;
}

export class ItemInlayHints implements vscode.InlayHintsProvider {
  constructor(private readonly items: ItemFileSystem) {}

  provideInlayHints(document: vscode.TextDocument): vscode.InlayHint[] {
    const table = this.items.tableOf(document.uri);
    const notation = this.items.notationOf(document.uri);
    if (!table || !notation) return [];
    const parsed = textToItem(document.getText(), notation);
    if (!parsed.ok) return [];
    const hints: vscode.InlayHint[] = [];
    if (table.indexHints.length > 0) {
      const start = parsed.positions.itemStart.end;
      const hint = new vscode.InlayHint(new vscode.Position(start.line, start.column), ` index keys: ${table.indexHints.join('; ')}`);
      hint.paddingLeft = true;
      hint.tooltip = 'Secondary index keys: optional in an item, but when present they must have these types and not be empty.';
      hints.push(hint);
    }
    const ttl = table.ttlAttribute;
    const value = ttl !== undefined && Object.prototype.hasOwnProperty.call(parsed.item, ttl) ? parsed.item[ttl] : undefined;
    const label = value?.N !== undefined ? ttlDateLabel(value.N) : undefined;
    const place = ttl !== undefined ? parsed.positions.get([ttl]) : undefined;
    if (label && place) {
      const end = place.value.end;
      const hint = new vscode.InlayHint(new vscode.Position(end.line, end.column), `⏱ ${label}`);
      hint.paddingLeft = true;
      hint.tooltip = `"${ttl}" is this table's time-to-live attribute: DynamoDB deletes the item some time after this moment.`;
      hints.push(hint);
    }
    return hints;
  }
}

export function registerItemInlayHints(items: ItemFileSystem): vscode.Disposable {
  return vscode.languages.registerInlayHintsProvider({ scheme: ITEM_SCHEME }, new ItemInlayHints(items));
}
