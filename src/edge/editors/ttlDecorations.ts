// Item documents: an inlay hint with the readable date beside the epoch seconds of the table's time-to-live
// attribute, and a CodeLens above the item with the secondary index keys it may carry (above line 1, so nothing
// is pushed to the right of the opening brace).
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

/** The secondary index keys an item may carry, as a CodeLens (plain text, no action) above the item's first line. */
export class ItemIndexKeysLens implements vscode.CodeLensProvider {
  constructor(private readonly items: ItemFileSystem) {}

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const table = this.items.tableOf(document.uri);
    if (!table || table.indexHints.length === 0) return [];
    const parsed = textToItem(document.getText(), this.items.notationOf(document.uri) ?? 'plain');
    const line = parsed.ok ? parsed.positions.itemStart.start.line : 0;
    const range = new vscode.Range(line, 0, line, 0);
    return [
      new vscode.CodeLens(range, {
        title: vscode.l10n.t('Index keys: {0}', table.indexHints.join('; ')),
        tooltip: vscode.l10n.t('Secondary index keys: optional in an item, but when present they must have these types and not be empty.'),
        command: '',
      }),
    ];
  }
}

export function registerItemInlayHints(items: ItemFileSystem): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.languages.registerInlayHintsProvider({ scheme: ITEM_SCHEME }, new ItemInlayHints(items)),
    vscode.languages.registerCodeLensProvider({ scheme: ITEM_SCHEME }, new ItemIndexKeysLens(items)),
  );
}
