// Delete Item: confirmation shows the key; the delete is conditional on the item being the one shown.
import * as vscode from 'vscode';
import { ReadOnlyConnectionError, StudioError } from '../../model/errors';
import { describeKey } from '../../services/itemsave';
import { itemKey } from '../../model/items';
import type { Studio } from '../studio/studio';
import { itemSourceFromArg, storeFor } from './getItem';
import { Cancelled } from '../ui/pickers';

export async function deleteItem(studio: Studio, arg?: unknown): Promise<void> {
  const source = await itemSourceFromArg(studio, arg, 'Delete Item');
  const { table } = source;
  const base = source.loaded ?? source.item;
  const key = describeKey(itemKey(base, table.keySchema));
  // Say so before asking, not after the person agreed to a delete that cannot happen.
  if (studio.modeOf(table.connection.id) === 'readOnly') throw new ReadOnlyConnectionError(table.connection.name, 'DeleteItem');
  const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Delete the item {0} from "{1}"?', key, table.tableName),
    { modal: true, detail: `Connection ${table.connection.name}, ${table.region}. The item is deleted only if it is still the one you loaded; this cannot be undone.` },
    'Delete',
  );
  if (choice !== 'Delete') throw new Cancelled();
  const result = await (await storeFor(studio, table)).delete(base);
  if (result.status === 'conflict') {
    throw new StudioError('validation', `Not deleted: ${result.message}`, { hint: result.current ? 'Open the item again to see its current content, then delete it if you still want to.' : 'Nothing is left to delete.' });
  }
  if (source.uri) {
    // The document of a deleted item stays open with its text, so nothing is lost by accident; saving would recreate it.
    void vscode.window.showInformationMessage(vscode.l10n.t('Deleted {0} from "{1}". The open document still has its content: saving it would create the item again.', key, table.tableName));
  } else {
    void vscode.window.showInformationMessage(vscode.l10n.t('Deleted {0} from "{1}".', key, table.tableName));
  }
}
