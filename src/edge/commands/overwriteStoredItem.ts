import { itemEditing } from '../editors';
import type { Studio } from '../studio/studio';

/** In the conflict diff: writes the edited item over the stored one (still only if it has not changed again). */
export async function overwriteStoredItem(studio: Studio, arg?: unknown): Promise<void> {
  await itemEditing(studio).conflicts.overwrite(arg);
}
