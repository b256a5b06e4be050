// Opens the table viewer of a table: from its tree node, a node id, or the palette (pick connection, region, table).
// Opening a table that is open already reveals its panel.
import type { Studio } from '../studio/studio';
import { TableViewerPanel } from '../panels/tableViewer/tableViewerPanel';
import { connectionOf, tableNodeFromArg } from '../ui/pickers';

export async function openTable(studio: Studio, arg?: unknown): Promise<void> {
  const node = await tableNodeFromArg(studio, arg);
  await TableViewerPanel.show(studio, connectionOf(studio, node), node.region as string, node.tableName as string);
}
