// What the transfer commands (export, import, copy) work on: a table given by the viewer (with its query and the
// rows it shows), a table node of the explorer, a node id, or nothing, in which case the user picks a table.
import type { Studio } from '../studio/studio';
import type { Connection } from '../../services/aws/connections';
import type { Item } from '../../model/items/types';
import type { QuerySpec } from '../../model/query/querySpec';
import { StudioError } from '../../model/errors';
import { connectionOf, tableNodeFromArg } from './pickers';

/** The rows a viewer fetched, read when they are exported (they may be far more than fit in memory). */
export interface FetchedItems {
  count: number;
  read(): AsyncIterable<Item>;
}

/** The argument the table viewer passes to the transfer commands. */
export interface ViewerTransferArg {
  connectionId: string;
  region: string;
  tableName: string;
  /** The viewer's current query: "export everything the query finds" or "copy what the query finds". */
  spec?: QuerySpec;
  /** The rows the viewer fetched, for "export results". */
  items?: FetchedItems;
}

export interface TransferTarget {
  connection: Connection;
  region: string;
  tableName: string;
  spec?: QuerySpec;
  items?: FetchedItems;
}

function isViewerArg(arg: unknown): arg is ViewerTransferArg {
  const a = arg as ViewerTransferArg | undefined;
  return !!a && typeof a === 'object' && typeof a.connectionId === 'string' && typeof a.region === 'string' && typeof a.tableName === 'string' && !('kind' in a);
}

export async function transferTargetFromArg(studio: Studio, arg: unknown): Promise<TransferTarget> {
  if (isViewerArg(arg)) {
    await studio.model.getChildren();
    const connection = studio.model.connection(arg.connectionId);
    if (!connection) {
      throw new StudioError('notFound', `The connection of table "${arg.tableName}" is no longer configured.`, { hint: 'Refresh the explorer and open the table again.' });
    }
    return { connection, region: arg.region, tableName: arg.tableName, spec: arg.spec, items: arg.items };
  }
  const node = await tableNodeFromArg(studio, arg);
  return { connection: connectionOf(studio, node), region: node.region as string, tableName: node.tableName as string };
}

/** "Orders (Local, us-east-1)" for messages. */
export function describeTarget(t: Pick<TransferTarget, 'connection' | 'region' | 'tableName'>): string {
  return `"${t.tableName}" (${t.connection.name}, ${t.region})`;
}
