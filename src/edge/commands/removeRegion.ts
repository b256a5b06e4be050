import * as vscode from 'vscode';
import { Settings } from '../base/constants';
import { StudioError } from '../../model/errors';
import { connectionNodeId } from '../tree/nodeIds';
import type { Studio } from '../studio/studio';
import { connectionOf, regionNodeFromArg } from '../ui/pickers';

/** Removes an added region from a connection (the connection's own region always stays). */
export async function removeRegion(studio: Studio, arg?: unknown): Promise<void> {
  const node = await regionNodeFromArg(studio, arg, 'Region to remove');
  const conn = connectionOf(studio, node);
  if (node.region === conn.defaultRegion) {
    throw new StudioError('validation', `${node.region} is the region of "${conn.name}" and cannot be removed.`, {
      hint: conn.kind === 'profile' ? 'Change the region in the profile to list another one first.' : 'Change the endpoint region in the settings.',
    });
  }
  const config = vscode.workspace.getConfiguration();
  const all = { ...config.get<Record<string, string[]>>(Settings.regions, {}) };
  all[conn.id] = (studio.settings.get('regions')[conn.id] ?? []).filter((r) => r !== node.region);
  if (all[conn.id].length === 0) delete all[conn.id];
  await config.update(Settings.regions, all, vscode.ConfigurationTarget.Global);
  studio.tree.refresh(studio.model.node(connectionNodeId(conn.id)));
}
