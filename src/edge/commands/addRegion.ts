import * as vscode from 'vscode';
import { Settings } from '../base/constants';
import { DYNAMODB_REGIONS, isValidRegionName } from '../../model/aws/regions';
import { connectionNodeId } from '../tree/nodeIds';
import type { Studio } from '../studio/studio';
import { Cancelled, connectionFromArg } from '../ui/pickers';

/** Adds a region under a connection; its tables are listed in parallel with the others. */
export async function addRegion(studio: Studio, arg?: unknown): Promise<void> {
  const conn = await connectionFromArg(studio, arg, 'Connection to add a region to');
  const shown = new Set(studio.regionsFor(conn));
  const quickPick = vscode.window.createQuickPick<vscode.QuickPickItem>();
  quickPick.title = `Add Region to "${conn.name}"`;
  quickPick.placeholder = 'Region (type a name that is not listed to use it, for example for a local endpoint)';
  quickPick.ignoreFocusOut = true;
  quickPick.canSelectMany = true;
  const items = DYNAMODB_REGIONS.filter((r) => !shown.has(r.name)).map((r) => ({ label: r.name, description: r.label }));
  quickPick.items = items;
  quickPick.onDidChangeValue((v) => {
    const typed = v.trim();
    quickPick.items = typed && !items.some((i) => i.label === typed) && isValidRegionName(typed) && !shown.has(typed) ? [{ label: typed, description: 'custom region' }, ...items] : items;
  });
  const chosen = await new Promise<string[] | undefined>((resolve) => {
    quickPick.onDidAccept(() => {
      const selected = quickPick.selectedItems.length ? quickPick.selectedItems : quickPick.activeItems;
      resolve(selected.map((i) => i.label));
      quickPick.hide();
    });
    quickPick.onDidHide(() => resolve(undefined));
    quickPick.show();
  });
  quickPick.dispose();
  if (!chosen || chosen.length === 0) throw new Cancelled();
  const config = vscode.workspace.getConfiguration();
  const all = { ...config.get<Record<string, string[]>>(Settings.regions, {}) };
  all[conn.id] = [...(studio.settings.get('regions')[conn.id] ?? []), ...chosen.filter((r) => !shown.has(r))];
  await config.update(Settings.regions, all, vscode.ConfigurationTarget.Global);
  studio.tree.refresh(studio.model.node(connectionNodeId(conn.id)));
}
