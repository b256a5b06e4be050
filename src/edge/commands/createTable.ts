import * as vscode from 'vscode';
import { regionNodeId, type ExplorerNode } from '../tree/model';
import type { Studio } from '../studio/studio';
import { CreateTablePanel } from '../panels/createTablePanel';
import { Cancelled, connectionOf, nodeFromArg, regionNodeFromArg } from '../ui/pickers';

const TITLE = 'Create Table';

/** The region the table goes to: the region node it was run on, the only region of a connection node, or asked. */
async function regionNodeFor(studio: Studio, arg: unknown): Promise<ExplorerNode> {
  const connNode = await nodeFromArg(studio, arg, 'connection');
  if (connNode) {
    const conn = connectionOf(studio, connNode);
    const regions = studio.regionsFor(conn);
    const region = regions.length === 1 ? regions[0] : await vscode.window.showQuickPick(regions, { title: TITLE, placeHolder: 'Region of the new table', ignoreFocusOut: true });
    if (!region) throw new Cancelled();
    const node = await nodeFromArg(studio, regionNodeId(conn.id, region), 'region');
    if (!node) throw new Cancelled();
    return node;
  }
  return regionNodeFromArg(studio, arg, 'Region of the new table');
}

/**
 * Create Table: opens the form (key schema, indexes, billing, stream, TTL and the AWS CLI line it will run) for the
 * region; the form creates the table, waits until it is ACTIVE and selects it in the explorer.
 */
export async function createTable(studio: Studio, arg?: unknown): Promise<void> {
  const regionNode = await regionNodeFor(studio, arg);
  CreateTablePanel.show(studio, connectionOf(studio, regionNode), regionNode.region!);
}
