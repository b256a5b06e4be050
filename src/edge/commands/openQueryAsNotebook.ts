// Open as Notebook (table viewer title bar): the viewer's current query as a notebook cell, on the viewer's
// connection, region and table. From the palette without a viewer in front it asks for a table and starts a scan.
import type * as vscode from 'vscode';
import { newQuerySpec } from '../../model/query/querySpec';
import { specToCell } from '../../model/notebook/accessPatterns';
import { TableViewerPanel } from '../panels/tableViewer/tableViewerPanel';
import { openNewNotebook } from '../editors/notebookFiles';
import type { Studio } from '../studio/studio';
import { connectionOf, tableNodeFromArg } from '../ui/pickers';

export async function openQueryAsNotebook(studio: Studio, arg?: unknown): Promise<vscode.NotebookEditor> {
  const viewer = TableViewerPanel.inFront(studio);
  const from = viewer?.currentQuery() ?? (await (async () => {
    const node = await tableNodeFromArg(studio, arg);
    return { connectionName: connectionOf(studio, node).name, region: node.region!, tableName: node.tableName!, spec: undefined };
  })());
  const spec = from.spec ?? newQuerySpec(from.tableName);
  return openNewNotebook({
    connection: from.connectionName,
    region: from.region,
    table: from.tableName,
    cells: [
      { kind: 'markdown', source: `# ${from.tableName}\n\nThe table viewer's query, as a notebook cell. Name its result ("name") to use it in cells below.` },
      specToCell(spec, { name: 'result' }),
    ],
  });
}
