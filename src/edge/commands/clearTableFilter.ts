import type { Studio } from '../studio/studio';
import { regionNodeFromArg } from '../ui/pickers';

export async function clearTableFilter(studio: Studio, arg?: unknown): Promise<void> {
  const node = await regionNodeFromArg(studio, arg, 'Region whose filter to clear');
  studio.model.setFilter(node.id, undefined);
  studio.tree.rerender();
}
