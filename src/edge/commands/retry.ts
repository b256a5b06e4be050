import type { ExplorerNode } from '../tree/model';
import type { Studio } from '../studio/studio';

/** Retry on an error node: reloads the node the error replaced the children of. */
export async function retry(studio: Studio, arg?: unknown): Promise<void> {
  const retryId = (arg as ExplorerNode | undefined)?.retryId;
  const target = retryId ? studio.model.node(retryId) : undefined;
  if (!target) return studio.refreshAll();
  if (target.kind === 'connection') {
    // A broken profile may have been fixed in the file: re-read everything.
    return studio.refreshAll();
  }
  studio.pool.invalidate(target.connectionId);
  studio.tree.refresh(target);
}
