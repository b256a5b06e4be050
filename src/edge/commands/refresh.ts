import type { Studio } from '../studio/studio';

/** Refresh All: re-reads the AWS files and settings and reloads every node. */
export async function refresh(studio: Studio): Promise<void> {
  studio.refreshAll();
}
