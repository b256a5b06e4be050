// "DynamoDB: Run PartiQL Statement…": asks for the connection, region and table, and opens the table viewer with a
// PartiQL statement on that table in its form, ready to edit and run.
import { newQuerySpec } from '../../model/query/querySpec';
import { TableViewerPanel } from '../panels/tableViewer/tableViewerPanel';
import type { Studio } from '../studio/studio';
import { connectionOf, tableNodeFromArg } from '../ui/pickers';

export async function runPartiql(studio: Studio, arg?: unknown): Promise<void> {
  const node = await tableNodeFromArg(studio, arg);
  const tableName = node.tableName as string;
  const spec = { ...newQuerySpec(tableName, 'partiql'), statement: `SELECT * FROM "${tableName.replace(/"/g, '""')}"` };
  await TableViewerPanel.show(studio, connectionOf(studio, node), node.region as string, tableName, spec);
}
