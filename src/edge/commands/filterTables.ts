import * as vscode from 'vscode';
import type { Studio } from '../studio/studio';
import { regionNodeFromArg } from '../ui/pickers';

/** Filters the tables of a region by a case-insensitive pattern (`*` matches anything). */
export async function filterTables(studio: Studio, arg?: unknown): Promise<void> {
  const node = await regionNodeFromArg(studio, arg, 'Region whose tables to filter');
  const value = await vscode.window.showInputBox({
    title: `Filter tables in ${node.region}`,
    prompt: 'Part of the table name; * matches anything (e.g. orders*prod). Empty shows all tables.',
    value: studio.model.filterOf(node.id) ?? '',
    ignoreFocusOut: true,
  });
  if (value === undefined) return;
  studio.model.setFilter(node.id, value);
  studio.tree.rerender();
}
