// The pickers every command shares. Arguments of tree commands: a node from the tree, a node id (tests,
// keybindings), or nothing (command palette), in which case the user picks with a QuickPick; and the one key
// picker, which asks for an item's key attribute by attribute.
import * as vscode from 'vscode';
import type { Connection } from '../../services/aws/connections';
import type { ExplorerNode, NodeKind } from '../tree/model';
import { regionNodeId, tableNodeId } from '../tree/model';
import type { Studio } from '../studio/studio';
import { StudioError } from '../../model/errors';
import { decodeBase64, encodeBase64, type Item, type KeyAttribute } from '../../model/items';
import { valueProblem } from '../../model/query/querySpec';

export class Cancelled extends Error {
  constructor() {
    super('Cancelled');
    this.name = 'Cancelled';
  }
}

function isNode(arg: unknown): arg is ExplorerNode {
  return !!arg && typeof arg === 'object' && typeof (arg as ExplorerNode).id === 'string' && typeof (arg as ExplorerNode).kind === 'string';
}

/** Resolves a command argument (a node or a node id) to a loaded node, loading the path to it if needed. */
export async function anyNodeFromArg(studio: Studio, arg: unknown): Promise<ExplorerNode | undefined> {
  if (isNode(arg)) return arg;
  if (typeof arg !== 'string') return undefined;
  const found = await studio.model.resolve(arg);
  if (!found) {
    throw new StudioError('notFound', `Nothing named "${arg}" is in the DynamoDB explorer.`, { hint: 'Refresh the explorer and try again.' });
  }
  return found;
}

/** Resolves a command argument to a loaded node of the wanted kind, loading the path to it if needed. */
export async function nodeFromArg(studio: Studio, arg: unknown, kind: NodeKind): Promise<ExplorerNode | undefined> {
  const node = await anyNodeFromArg(studio, arg);
  return node?.kind === kind ? node : undefined;
}

export async function pickConnection(studio: Studio, placeHolder: string, filter?: (c: Connection) => boolean): Promise<Connection> {
  await studio.model.getChildren();
  const connections = studio.model.allConnections().filter((c) => (filter ? filter(c) : true));
  if (connections.length === 0) {
    throw new StudioError('notFound', 'There is no connection to choose from.', {
      hint: 'Add an endpoint connection, or a profile to your AWS config file.',
    });
  }
  const picked = await vscode.window.showQuickPick(
    connections.map((c) => ({
      label: c.name,
      description: c.kind === 'endpoint' ? c.endpoint : `profile${c.profile ? ` (${c.profile.kind})` : ''}`,
      detail: c.problems.length ? `⚠ ${c.problems.join(' ')}` : undefined,
      connection: c,
    })),
    { placeHolder, matchOnDescription: true, ignoreFocusOut: true },
  );
  if (!picked) throw new Cancelled();
  return picked.connection;
}

export async function connectionFromArg(studio: Studio, arg: unknown, placeHolder: string, filter?: (c: Connection) => boolean): Promise<Connection> {
  const node = await nodeFromArg(studio, arg, 'connection');
  const conn = node?.connectionId ? studio.model.connection(node.connectionId) : undefined;
  return conn ?? pickConnection(studio, placeHolder, filter);
}

export async function regionNodeFromArg(studio: Studio, arg: unknown, placeHolder: string): Promise<ExplorerNode> {
  const node = await nodeFromArg(studio, arg, 'region');
  if (node) return node;
  const conn = await pickConnection(studio, 'Connection', (c) => c.problems.length === 0);
  const regions = studio.regionsFor(conn);
  const region = regions.length === 1 ? regions[0] : await vscode.window.showQuickPick(regions, { placeHolder, ignoreFocusOut: true });
  if (!region) throw new Cancelled();
  const found = await nodeFromArg(studio, regionNodeId(conn.id, region), 'region');
  if (!found) throw new Cancelled();
  return found;
}

export async function tableNodeFromArg(studio: Studio, arg: unknown): Promise<ExplorerNode> {
  const node = await nodeFromArg(studio, arg, 'table');
  if (node) return node;
  const regionNode = await regionNodeFromArg(studio, undefined, 'Region of the table');
  const children = await studio.model.getChildren(regionNode);
  const tables = children.filter((n) => n.kind === 'table');
  const errorNode = children.find((n) => n.kind === 'error');
  if (errorNode?.error) throw errorNode.error;
  if (tables.length === 0) throw new StudioError('notFound', `There are no tables in ${regionNode.region}.`);
  const picked = await vscode.window.showQuickPick(
    tables.map((t) => ({ label: t.label, node: t })),
    { placeHolder: 'Table', ignoreFocusOut: true },
  );
  if (!picked) throw new Cancelled();
  return nodeFromArg(studio, tableNodeId(regionNode.connectionId!, regionNode.region!, picked.label), 'table') as Promise<ExplorerNode>;
}

/** The connection of a loaded node; every tree node below a connection carries its id. */
export function connectionOf(studio: Studio, node: ExplorerNode): Connection {
  const conn = node.connectionId ? studio.model.connection(node.connectionId) : undefined;
  if (!conn) throw new StudioError('notFound', `The connection of "${node.label}" is no longer configured.`, { hint: 'Refresh the explorer.' });
  return conn;
}

/** The table a key is asked for: its name (for the prompt) and its key schema. */
export interface KeyPickerTable {
  tableName: string;
  keySchema: readonly KeyAttribute[];
}

/** Why the text cannot be this key attribute's value, or undefined when it can. */
export function keyValueProblem(type: KeyAttribute['type'], text: string): string | undefined {
  if (type !== 'N' && text.length === 0) return 'A key value cannot be empty.';
  return valueProblem(text, type);
}

function keyValueText(value: Item[string] | undefined): string {
  if (!value) return '';
  return value.S ?? value.N ?? (value.B ? encodeBase64(value.B) : '');
}

/**
 * The key picker: asks for each key attribute in turn (partition key, then sort key), checking the value against
 * its type as it is typed; `initial` pre-fills the boxes. Throws Cancelled when a box is dismissed.
 */
export async function promptKey(table: KeyPickerTable, title: string, initial?: Item): Promise<Item> {
  const key: Item = {};
  for (const attribute of table.keySchema) {
    const role = attribute.keyType === 'RANGE' ? 'sort key' : 'partition key';
    const value = await vscode.window.showInputBox({
      title,
      prompt: `${attribute.name}: ${role} of "${table.tableName}", type ${attribute.type}${attribute.type === 'B' ? ' (base64)' : ''}`,
      value: keyValueText(initial?.[attribute.name]),
      ignoreFocusOut: true,
      validateInput: (text) => keyValueProblem(attribute.type, text),
    });
    if (value === undefined) throw new Cancelled();
    if (attribute.type === 'S') key[attribute.name] = { S: value };
    else if (attribute.type === 'N') key[attribute.name] = { N: value.trim() };
    else {
      const bytes = decodeBase64(value.trim());
      if (!bytes.ok) throw new Cancelled();
      key[attribute.name] = { B: bytes.bytes };
    }
  }
  return key;
}

/** One choice of a QuickPick of fixed values; Cancelled when dismissed. */
export async function pickOne<T>(title: string, placeHolder: string, choices: readonly { label: string; detail?: string; value: T }[]): Promise<T> {
  const picked = await vscode.window.showQuickPick(choices.map((c) => ({ ...c })), { title, placeHolder, ignoreFocusOut: true });
  if (!picked) throw new Cancelled();
  return picked.value;
}
