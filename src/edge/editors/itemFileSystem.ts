// Items as documents: dynamodb:/<connection>/<region>/<table>/<key label>.json?key=<key> opens one item as JSON in a
// normal editor (undo, find, formatting, JSON language features). A save validates the text first and writes
// through ItemStore's conditional protocol; nothing is written on close.
import * as vscode from 'vscode';
import { parseSetting } from '../../model/settings';
import { ITEM_LANGUAGE, ITEM_SCHEME, Settings } from '../base/constants';
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import type { Connection } from '../../services/aws/connections';
import { toStudioError } from '../../model/errors';
import { keyAttributes } from '../../model/table/tableInfo';
import { describeKey, ItemStore, type ConflictReason, type SaveResult } from '../../services/itemsave';
import { encodeBase64, itemKey, itemsEqual, itemToText, readItemDocument, textToItem, type Item, type ItemNotation, type KeyAttribute, type Problem } from '../../model/items';
import type { Studio } from '../studio/studio';

export { ITEM_SCHEME };
export const ITEM_NOTATION_SETTING = Settings.itemNotation;

/** What a document needs to know about its table; read once per document. */
export interface ItemTableContext {
  connection: Connection;
  region: string;
  tableName: string;
  keySchema: KeyAttribute[];
  /** Key attributes of secondary indexes (optional in items, typed when present). */
  indexKeys: KeyAttribute[];
  /** e.g. "GSI ByStatus: Status (S), OrderDate (S)" */
  indexHints: string[];
  ttlAttribute?: string;
}

interface Conflict {
  current: Item | undefined;
  reason: ConflictReason;
  text: string;
  message: string;
}

interface ItemDocumentState {
  table: ItemTableContext;
  /** What the document was loaded from (and what a save must still find stored); undefined for a new item. */
  loaded: Item | undefined;
  notation: ItemNotation;
  /** What readFile serves. */
  text: string;
  mtime: number;
  ctime: number;
  conflict?: Conflict;
  /** A save was tried: from then on an empty key of a new item is a problem shown (not before anything is typed). */
  saveAttempted?: boolean;
  /** Text the Save command has just written: VS Code's own save of it must not write again. */
  acceptedText?: string;
}

/** What a save did, in the person's words; never a URI or a base64 key. */
export type SaveOutcome =
  | { ok: true; notice?: string; created?: Item }
  | { ok: false; reason: 'conflict'; conflict: ConflictReason; message: string; readOnly?: false }
  | { ok: false; reason: 'refused'; message: string; readOnly?: boolean };

export interface ItemLocation {
  connectionId: string;
  region: string;
  tableName: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function defaultNotation(): ItemNotation {
  return parseSetting('itemNotation', vscode.workspace.getConfiguration().get<unknown>(ITEM_NOTATION_SETTING)).value;
}

/** A short readable label for the tab: the key values joined with " · ". */
function keyLabel(key: Item): string {
  const label = Object.keys(key)
    .map((name) => {
      const v = key[name];
      return v.S ?? v.N ?? (v.B ? encodeBase64(v.B) : '?');
    })
    .join(' · ')
    .replace(/[\\/]/g, '_');
  return label.length > 60 ? `${label.slice(0, 57)}…` : label || 'item';
}

/**
 * One path segment: only '%' and '/' are escaped, so the breadcrumb and tab tooltip read "endpoint:Local", not
 * "endpoint%3ALocal"; parseItemUri decodes it again.
 */
const pathSegment = (text: string): string => text.replace(/[%/]/g, (c) => encodeURIComponent(c));

export function itemUri(location: ItemLocation, key: Item): vscode.Uri {
  const keyText = itemToText(key, 'dynamodb', { indent: '' });
  return vscode.Uri.from({
    scheme: ITEM_SCHEME,
    path: `/${pathSegment(location.connectionId)}/${pathSegment(location.region)}/${pathSegment(location.tableName)}/${keyLabel(key)}.json`,
    query: new URLSearchParams({ key: Buffer.from(keyText, 'utf8').toString('base64url') }).toString(),
  });
}

/** `count` numbers the new items of one ItemFileSystem (New Item 1, 2, ...). */
function newItemUri(location: ItemLocation, count: number): vscode.Uri {
  const id = `${Date.now().toString(36)}${count.toString(36)}`;
  return vscode.Uri.from({
    scheme: ITEM_SCHEME,
    path: `/${pathSegment(location.connectionId)}/${pathSegment(location.region)}/${pathSegment(location.tableName)}/New Item ${count}.json`,
    query: new URLSearchParams({ new: id }).toString(),
  });
}

export function parseItemUri(uri: vscode.Uri): ItemLocation & { key?: Item; view?: string } {
  const [connectionId, region, tableName] = uri.path.split('/').slice(1, 4).map(decodeURIComponent);
  const params = new URLSearchParams(uri.query);
  const keyParam = params.get('key');
  let key: Item | undefined;
  if (keyParam) {
    const parsed = textToItem(Buffer.from(keyParam, 'base64url').toString('utf8'), 'dynamodb');
    if (parsed.ok) key = parsed.item;
  }
  return { connectionId, region, tableName, key, view: params.get('view') ?? undefined };
}

/** The document's own URI, without the "stored" view marker of a comparison. */
function documentUri(uri: vscode.Uri): vscode.Uri {
  const params = new URLSearchParams(uri.query);
  params.delete('view');
  return uri.with({ query: params.toString() });
}

export function storedViewUri(uri: vscode.Uri): vscode.Uri {
  const params = new URLSearchParams(uri.query);
  params.set('view', 'stored');
  return uri.with({ query: params.toString() });
}

/** Reads a table's key schema, index keys and time-to-live attribute. */
export async function tableContext(studio: Studio, location: ItemLocation): Promise<ItemTableContext> {
  await studio.model.getChildren();
  const connection = studio.model.connection(location.connectionId);
  if (!connection) {
    throw toStudioError(new Error(`the connection "${location.connectionId}" is not configured`), { operation: `Opening table "${location.tableName}"` });
  }
  const desc: TableDescription = await studio.model.describe(connection, location.region, location.tableName);
  const keySchema = toKeyAttributes(keyAttributes(desc.KeySchema, desc.AttributeDefinitions));
  const indexKeys: KeyAttribute[] = [];
  const indexHints: string[] = [];
  const indexes = [
    ...(desc.GlobalSecondaryIndexes ?? []).map((i) => ({ kind: 'GSI', name: i.IndexName, keys: i.KeySchema })),
    ...(desc.LocalSecondaryIndexes ?? []).map((i) => ({ kind: 'LSI', name: i.IndexName, keys: i.KeySchema })),
  ];
  for (const index of indexes) {
    const keys = toKeyAttributes(keyAttributes(index.keys, desc.AttributeDefinitions));
    indexHints.push(`${index.kind} ${index.name}: ${keys.map((k) => `${k.name} (${k.type})`).join(', ')}`);
    for (const k of keys) if (!indexKeys.some((e) => e.name === k.name)) indexKeys.push({ name: k.name, type: k.type });
  }
  let ttlAttribute: string | undefined;
  try {
    const ttl = await (await studio.tableService(connection, location.region)).describeTimeToLive(location.tableName);
    if (ttl.supported && /^(ENABLED|ENABLING)$/.test(ttl.description.TimeToLiveStatus ?? '')) ttlAttribute = ttl.description.AttributeName;
  } catch {
    // The date hint is a convenience; a table whose TTL setting cannot be read still opens.
  }
  return { connection, region: location.region, tableName: location.tableName, keySchema, indexKeys, indexHints, ttlAttribute };
}

function toKeyAttributes(keys: ReturnType<typeof keyAttributes>): KeyAttribute[] {
  return keys
    .filter((k) => k.type === 'S' || k.type === 'N' || k.type === 'B')
    .map((k) => ({ name: k.name, type: k.type as KeyAttribute['type'], keyType: k.role === 'partition' ? 'HASH' : 'RANGE' }));
}

/** A key typed from the key schema, with empty values to fill in: "" for S, 0 for N, "" (base64) for B. */
export function keyTemplate(keySchema: readonly KeyAttribute[]): Item {
  const item: Item = {};
  for (const k of keySchema) item[k.name] = k.type === 'S' ? { S: '' } : k.type === 'N' ? { N: '0' } : { B: new Uint8Array() };
  return item;
}

export type ReadResult = { ok: true; item: Item; notation: ItemNotation; problems: Problem[] } | { ok: false; notation: ItemNotation; problems: Problem[] };

export class ItemFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private readonly states = new Map<string, ItemDocumentState>();
  private readonly conflictsChanged = new vscode.EventEmitter<vscode.Uri>();
  /** New items opened so far, for their names. */
  private newItems = 0;
  /** Fires when a document's conflict comparison opens or closes. */
  readonly onDidChangeConflict = this.conflictsChanged.event;

  private readonly saveAttempts = new vscode.EventEmitter<vscode.Uri>();
  /** Fires when a save of a document is tried, whatever its outcome. */
  readonly onDidAttemptSave = this.saveAttempts.event;

  /** Documents whose next write is an auto save (files.autoSave: the web workbench's default is afterDelay). */
  private readonly autoSaves = new Set<string>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private autoSaveExplained = false;

  constructor(private readonly studio: Studio) {
    // Issue 14, finding 2: with auto save an edit was written a second after typing, before the person pressed
    // Ctrl+S; another writer's later change then won, and Ctrl+S had nothing left to save. An item is written only
    // when the person saves it: the reason of the save tells auto saves apart.
    this.subscriptions.push(
      vscode.workspace.onWillSaveTextDocument((e) => {
        if (e.document.uri.scheme !== ITEM_SCHEME) return;
        const id = documentUri(e.document.uri).toString();
        if (e.reason === vscode.TextDocumentSaveReason.Manual) this.autoSaves.delete(id);
        else this.autoSaves.add(id);
      }),
    );
  }

  // ---- API for commands, diagnostics and the form editor ------------------------------------------------------

  /** Opens the stored item with this key in an editor tab (or reveals the open one). */
  async openItem(location: ItemLocation, key: Item, options: vscode.TextDocumentShowOptions = {}): Promise<vscode.TextEditor> {
    const doc = await inItemLanguage(await vscode.workspace.openTextDocument(itemUri(location, key)));
    return vscode.window.showTextDocument(doc, { preview: false, ...options });
  }

  /** Opens an unsaved new item: the save creates it (only if its key is free). */
  async openNewItem(table: ItemTableContext, item: Item, notation = defaultNotation()): Promise<vscode.TextEditor> {
    const uri = newItemUri({ connectionId: table.connection.id, region: table.region, tableName: table.tableName }, ++this.newItems);
    const now = Date.now();
    const text = itemToText(item, notation, { keySchema: table.keySchema });
    this.states.set(uri.toString(), { table, loaded: undefined, notation, text, mtime: now, ctime: now });
    const doc = await inItemLanguage(await vscode.workspace.openTextDocument(uri));
    return vscode.window.showTextDocument(doc, { preview: false });
  }

  isItemDocument(uri: vscode.Uri): boolean {
    return uri.scheme === ITEM_SCHEME && this.states.has(documentUri(uri).toString());
  }

  tableOf(uri: vscode.Uri): ItemTableContext | undefined {
    return this.states.get(documentUri(uri).toString())?.table;
  }

  loadedItem(uri: vscode.Uri): Item | undefined {
    return this.states.get(documentUri(uri).toString())?.loaded;
  }

  notationOf(uri: vscode.Uri): ItemNotation | undefined {
    return this.states.get(documentUri(uri).toString())?.notation;
  }

  conflictOf(uri: vscode.Uri): Conflict | undefined {
    return this.states.get(documentUri(uri).toString())?.conflict;
  }

  /**
   * Parses and checks a document's text. The document's notation is tried first; text that is only valid in the
   * other notation (after an undo across a notation switch, or a paste) is read in that one.
   */
  read(uri: vscode.Uri, text: string): ReadResult | undefined {
    const state = this.states.get(documentUri(uri).toString());
    if (!state) return undefined;
    const options = { keySchema: state.table.keySchema, indexKeys: state.table.indexKeys };
    const first = readItemDocument(text, state.notation, options);
    if (first.ok) return { ...first, notation: state.notation };
    const other: ItemNotation = state.notation === 'dynamodb' ? 'plain' : 'dynamodb';
    const second = readItemDocument(text, other, options);
    if (second.ok) {
      state.notation = other;
      return { ...second, notation: other };
    }
    return { ok: false, notation: state.notation, problems: first.problems };
  }

  setNotation(uri: vscode.Uri, notation: ItemNotation): void {
    const state = this.states.get(documentUri(uri).toString());
    if (state) state.notation = notation;
  }

  /** After a conflict: the next save is based on the stored item, so it replaces it (still only if unchanged since). */
  async overwrite(uri: vscode.Uri): Promise<boolean> {
    if (!this.adoptStored(uri)) return false;
    const doc = await vscode.workspace.openTextDocument(documentUri(uri));
    return doc.isDirty ? doc.save() : false;
  }

  /** After a conflict: the next save is based on the stored item (Overwrite without saving yet). */
  adoptStored(uri: vscode.Uri): boolean {
    const state = this.requireState(uri);
    if (!state.conflict) return false;
    state.loaded = state.conflict.current;
    this.clearConflict(uri, state);
    return true;
  }

  /** After a conflict: the document shows the stored item; the edits are dropped (undo brings them back). */
  async takeStored(uri: vscode.Uri): Promise<boolean> {
    const state = this.requireState(uri);
    const conflict = state.conflict;
    if (!conflict) return false;
    if (!conflict.current) {
      void vscode.window.showWarningMessage(vscode.l10n.t('The item no longer exists in DynamoDB, so there is nothing stored to take. Use Overwrite Stored Item to create it again from this document, or close the document without saving.'));
      return false;
    }
    state.loaded = conflict.current;
    this.clearConflict(uri, state);
    const doc = await vscode.workspace.openTextDocument(documentUri(uri));
    const text = itemToText(conflict.current, state.notation, { keySchema: state.table.keySchema });
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
    await vscode.workspace.applyEdit(edit);
    // The text now equals the stored item: this save writes nothing and leaves the document clean.
    return doc.save();
  }

  // ---- FileSystemProvider ------------------------------------------------------------------------------------

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const state = await this.ensureState(uri);
    const text = parseItemUri(uri).view === 'stored' ? (state.conflict?.text ?? '') : state.text;
    // The mode when the document was opened: were stat() to follow a later switch to read-only, VS Code would refuse
    // the save itself with a message that says nothing of the connection; writeFile checks the current mode instead.
    const readOnly = parseItemUri(uri).view === 'stored' || state.table.connection.readOnly;
    return {
      type: vscode.FileType.File,
      ctime: state.ctime,
      mtime: state.mtime,
      size: encoder.encode(text).length,
      permissions: readOnly ? vscode.FilePermission.Readonly : undefined,
    };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const state = await this.ensureState(uri);
    if (parseItemUri(uri).view === 'stored') return encoder.encode(state.conflict?.text ?? '');
    return encoder.encode(state.text);
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    if (parseItemUri(uri).view === 'stored') throw vscode.FileSystemError.NoPermissions('The stored item in a comparison cannot be edited.');
    const state = await this.ensureState(uri);
    const text = decoder.decode(content);
    const bump = () => {
      state.mtime = Math.max(Date.now(), state.mtime + 1);
    };
    if (state.acceptedText !== undefined && state.acceptedText === text) {
      // Written already by the Save command (saveText), which then asked VS Code to mark the document saved.
      state.acceptedText = undefined;
      bump();
      return;
    }
    if (this.autoSaves.delete(documentUri(uri).toString())) {
      this.explainAutoSave();
      throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Not saved automatically: an item is written to DynamoDB only when you save it yourself (Ctrl+S).'));
    }
    const outcome = await this.saveText(uri, text);
    if (!outcome.ok) {
      if (outcome.reason === 'conflict') void this.showConflict(uri);
      if (outcome.readOnly) throw vscode.FileSystemError.NoPermissions(outcome.message);
      throw new Error(outcome.message);
    }
    bump();
    if (outcome.notice) void vscode.window.showInformationMessage(outcome.notice);
  }

  /**
   * Writes a document's text to DynamoDB (validated, conditional: see ItemStore) and says what happened instead of
   * throwing, so the Save command can show the product's own message with its actions. VS Code's save of the same
   * text afterwards (writeFile) then only marks the document saved.
   */
  async saveText(uri: vscode.Uri, text: string): Promise<SaveOutcome> {
    const state = await this.ensureState(uri);
    if (!state.saveAttempted) {
      state.saveAttempted = true;
      this.saveAttempts.fire(documentUri(uri));
    }
    const label = `${state.table.tableName} ${uri.path.split('/').pop()}`;
    // The mode as the settings say now: it may have changed since the document was opened.
    if (this.studio.modeOf(state.table.connection.id) === 'readOnly') {
      return {
        ok: false,
        reason: 'refused',
        readOnly: true,
        message: `Not saved: the connection "${state.table.connection.name}" is read-only, so nothing was written. Change its mode (explorer context menu: Set Connection Mode) to save.`,
      };
    }
    const read = this.read(uri, text);
    if (!read || !read.ok) {
      const count = read?.problems.filter((p) => p.severity === 'error').length ?? 0;
      return { ok: false, reason: 'refused', message: `Not saved: the item has ${count} problem${count === 1 ? '' : 's'} (see the Problems panel), so nothing was written. Fix them and save again.` };
    }
    const edited = read.item;
    if (state.loaded && !itemsEqual(itemKey(state.loaded, state.table.keySchema), itemKey(edited, state.table.keySchema))) {
      const from = describeKey(itemKey(state.loaded, state.table.keySchema));
      const to = describeKey(itemKey(edited, state.table.keySchema));
      const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Change the item\'s key from {0} to {1}?', from, to),
        { modal: true, detail: 'DynamoDB cannot change a key in place: the item is created with the new key, then the old one is deleted if nobody changed it meanwhile (otherwise the new one is removed again). The new key must be free.' },
        'Change Key',
      );
      if (choice !== 'Change Key') return { ok: false, reason: 'refused', message: 'Not saved: the key change was cancelled, so nothing was written. Restore the key to save the other changes.' };
    }
    let result: SaveResult;
    try {
      const store = new ItemStore(await this.studio.pool.get(state.table.connection, state.table.region), { tableName: state.table.tableName, keySchema: state.table.keySchema });
      result = await store.save(state.loaded, edited);
    } catch (err) {
      const e = toStudioError(err, { operation: `Saving ${label}`, endpoint: state.table.connection.endpoint, region: state.table.region });
      this.studio.output.error(e.message);
      return { ok: false, reason: 'refused', readOnly: e.kind === 'readOnly', message: `Not saved: ${e.fullMessage}` };
    }
    if (result.status === 'conflict') {
      const current = result.current;
      state.conflict = {
        current,
        reason: result.reason,
        message: result.message,
        text: current ? itemToText(current, state.notation, { keySchema: state.table.keySchema }) : '// The item no longer exists in DynamoDB.\n',
      };
      this.conflictsChanged.fire(documentUri(uri));
      const next =
        result.reason === 'exists'
          ? 'Compare shows the existing item: Overwrite replaces it, or change the key.'
          : result.reason === 'deleted'
            ? 'The item was deleted in DynamoDB, so there is nothing stored to take: Overwrite creates it again, or discard your edits.'
            : 'Compare shows the stored item and yours: Overwrite, Take Theirs, or keep editing.';
      return { ok: false, reason: 'conflict', conflict: result.reason, message: `Not saved: ${result.message} Nothing was written. ${next}` };
    }
    if (result.status === 'unchanged') {
      state.text = text;
      return { ok: true };
    }
    state.loaded = result.stored;
    this.clearConflict(uri, state);
    let notice: string | undefined;
    if (result.concurrentChanges.length > 0) {
      // Attributes someone else changed were kept: after this save the editor reloads to show the stored item.
      state.text = itemToText(result.stored, state.notation, { keySchema: state.table.keySchema });
      setTimeout(() => this.changed.fire([{ type: vscode.FileChangeType.Changed, uri: documentUri(uri) }]), 50);
      notice = `Saved. Someone else had changed ${result.concurrentChanges.map((n) => JSON.stringify(n)).join(', ')} since you opened the item; those changes were kept and the document now shows the stored item.`;
    } else {
      state.text = text;
    }
    if (result.protocol === 'keyChange') {
      notice = `Saved under the new key ${describeKey(itemKey(result.stored, state.table.keySchema))}; the old item was deleted.`;
    }
    if (result.protocol === 'create') {
      return { ok: true, created: itemKey(result.stored, state.table.keySchema), notice: `Created the item ${describeKey(itemKey(result.stored, state.table.keySchema))} in "${state.table.tableName}".` };
    }
    return { ok: true, notice };
  }

  /** Once per window: why an item document stays unsaved with auto save on, and how to stop the refusals. */
  private explainAutoSave(): void {
    if (this.autoSaveExplained) return;
    this.autoSaveExplained = true;
    const limit = vscode.l10n.t('Auto Save Only Workspace Files');
    void vscode.window
      .showInformationMessage(
        vscode.l10n.t('Item documents are never auto saved: each save is a write to DynamoDB, so it happens only when you press Ctrl+S. Auto save keeps working for your files.'),
        limit,
      )
      .then(async (choice) => {
        if (choice === limit) await vscode.workspace.getConfiguration('files').update('autoSaveWorkspaceFilesOnly', true, vscode.ConfigurationTarget.Global);
      });
  }

  /** After saveText succeeded: VS Code's save of exactly this text only marks the document saved. */
  acceptSaved(uri: vscode.Uri, text: string): void {
    const state = this.states.get(documentUri(uri).toString());
    if (state) state.acceptedText = text;
  }

  /** A new item once created: its document becomes the stored item's own document (named after its key). */
  isNewItem(uri: vscode.Uri): boolean {
    return new URLSearchParams(uri.query).has('new');
  }

  /** A new item's empty key is not reported before its first save: the template is empty by design. */
  reportsEmptyKey(uri: vscode.Uri): boolean {
    const state = this.states.get(documentUri(uri).toString());
    return !state || state.loaded !== undefined || state.saveAttempted === true;
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions('Items are not organized in folders.');
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions('Delete items with the "Delete Item" command, which asks for confirmation.');
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions('Change the key attributes in the document and save to move an item to another key.');
  }

  // ---- internals ------------------------------------------------------------------------------------------

  private requireState(uri: vscode.Uri): ItemDocumentState {
    const state = this.states.get(documentUri(uri).toString());
    if (!state) throw vscode.FileSystemError.FileNotFound(uri);
    return state;
  }

  /** The document's state; on first use, the table is described and the item read from DynamoDB. */
  private async ensureState(uri: vscode.Uri): Promise<ItemDocumentState> {
    const id = documentUri(uri).toString();
    const existing = this.states.get(id);
    if (existing) return existing;
    const location = parseItemUri(uri);
    if (!location.key) throw vscode.FileSystemError.FileNotFound(uri);
    try {
      const table = await tableContext(this.studio, location);
      const store = new ItemStore(await this.studio.pool.get(table.connection, table.region), { tableName: table.tableName, keySchema: table.keySchema });
      const item = await store.get(itemKey(location.key, table.keySchema));
      if (!item) {
        throw vscode.FileSystemError.FileNotFound(`No item with the key ${describeKey(location.key)} is in table "${table.tableName}". It may have been deleted; use Put Item to create it.`);
      }
      const notation = defaultNotation();
      const now = Date.now();
      const state: ItemDocumentState = { table, loaded: item, notation, text: itemToText(item, notation, { keySchema: table.keySchema }), mtime: now, ctime: now };
      // Another open of the same URI may have finished meanwhile: keep the first.
      const raced = this.states.get(id);
      if (raced) return raced;
      this.states.set(id, state);
      return state;
    } catch (err) {
      if (err instanceof vscode.FileSystemError) throw err;
      const e = toStudioError(err, { operation: `Opening the item ${location.key ? describeKey(location.key) : ''} of "${location.tableName}"` });
      throw vscode.FileSystemError.Unavailable(e.fullMessage);
    }
  }

  private clearConflict(uri: vscode.Uri, state: ItemDocumentState): void {
    if (!state.conflict) return;
    state.conflict = undefined;
    this.conflictsChanged.fire(documentUri(uri));
  }

  async showConflict(uri: vscode.Uri): Promise<void> {
    const stored = storedViewUri(documentUri(uri));
    // The stored side may already be open from an earlier conflict: tell VS Code it changed.
    this.changed.fire([{ type: vscode.FileChangeType.Changed, uri: stored }]);
    const name = uri.path.split('/').pop() ?? 'item';
    await vscode.commands.executeCommand('vscode.diff', stored, documentUri(uri), `${name}: stored in DynamoDB ↔ yours`, { preview: false });
  }

  /** Closes documents of a connection when it is removed; keeps the state of open ones otherwise. */
  forget(uri: vscode.Uri): void {
    this.states.delete(documentUri(uri).toString());
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
    this.saveAttempts.dispose();
    this.changed.dispose();
    this.conflictsChanged.dispose();
  }
}

/**
 * An item document in the item language, whichever way it was opened (a command, a restored tab, a comparison):
 * auto save is off for that language only (package.json configurationDefaults).
 */
export async function inItemLanguage(doc: vscode.TextDocument): Promise<vscode.TextDocument> {
  if (doc.uri.scheme !== ITEM_SCHEME || doc.languageId === ITEM_LANGUAGE) return doc;
  return vscode.languages.setTextDocumentLanguage(doc, ITEM_LANGUAGE);
}
