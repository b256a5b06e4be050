import { itemEditing } from '../editors';
import type { Studio } from '../studio/studio';

/** In the conflict diff: replaces the edited text with the stored item (undo brings the edits back). */
export async function takeStoredItem(studio: Studio, arg?: unknown): Promise<void> {
  await itemEditing(studio).conflicts.takeStored(arg);
}
