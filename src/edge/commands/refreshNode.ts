import type { Studio } from '../studio/studio';
import { anyNodeFromArg } from '../ui/pickers';

/** Reloads one node's children (a connection, region or table); without such a node, everything. */
export async function refreshNode(studio: Studio, arg?: unknown): Promise<void> {
  const node = await anyNodeFromArg(studio, arg);
  if (!node || !['connection', 'region', 'table', 'jobs'].includes(node.kind)) return studio.refreshAll();
  if (node.kind === 'connection') studio.pool.invalidate(node.connectionId);
  studio.tree.refresh(node);
}
