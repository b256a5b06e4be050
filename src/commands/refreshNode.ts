import type { Studio } from '../studio';
import { nodeFromArg } from './pickers';

/** Reloads one node's children; without a node, everything. */
export async function refreshNode(studio: Studio, arg?: unknown): Promise<void> {
  const node =
    (await nodeFromArg(studio, arg, 'table')) ?? (await nodeFromArg(studio, arg, 'region')) ?? (await nodeFromArg(studio, arg, 'connection'));
  if (!node) return studio.refreshAll();
  if (node.kind === 'connection') studio.pool.invalidate(node.connectionId);
  studio.tree.refresh(node);
}
