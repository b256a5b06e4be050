// New Notebook: a starter notebook for a table (from its context menu, or picked from the palette): one query cell
// per access path — the table and each index — with a key condition on keys that exist, read from one item of each.
import * as vscode from 'vscode';
import type { Item } from '../../model/items/types';
import { indexChoices, newQuerySpec } from '../../model/query/querySpec';
import { starterNotebook } from '../../model/notebook/accessPatterns';
import { runPage } from '../../services/query/runner';
import { openNewNotebook } from '../editors/notebookFiles';
import type { Studio } from '../studio/studio';
import { connectionOf, tableNodeFromArg } from '../ui/pickers';

export async function newNotebook(studio: Studio, arg?: unknown): Promise<vscode.NotebookEditor> {
  const node = await tableNodeFromArg(studio, arg);
  const connection = connectionOf(studio, node);
  const region = node.region!;
  const tableName = node.tableName!;
  const description = await studio.describeTable(connection, region, tableName);
  const client = await studio.pool.get(connection, region);
  const samples = new Map<string, Item>();
  // One item of the table and of each index gives key values a query finds; an empty index keeps a placeholder.
  await Promise.all(
    indexChoices(description).map(async (choice) => {
      const page = await runPage(client, { ...newQuerySpec(tableName), index: choice.index, pageSize: 1 }).catch(() => undefined);
      const item = page?.items[0];
      if (item) samples.set(choice.index ?? '', item);
    }),
  );
  return openNewNotebook(starterNotebook(description, { connection: connection.name, region }, samples));
}
