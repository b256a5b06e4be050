import * as vscode from 'vscode';
import { deleteTable as sendDeleteTable, deletionProtectedError, isTableNameConfirmed } from '../../services/dynamo/tableAdmin';
import { formatBytes } from '../../model/table/tableInfo';
import { ReadOnlyConnectionError } from '../../model/errors';
import type { Studio } from '../studio/studio';
import { runConfirmedBulk } from '../guard/bulkWrites';
import { Cancelled, connectionOf, tableNodeFromArg } from '../ui/pickers';

/**
 * Delete Table: the user types the table name to confirm. A table with deletion protection is refused with how
 * to turn the protection off; it is never turned off from here.
 */
export async function deleteTable(studio: Studio, arg?: unknown): Promise<void> {
  const node = await tableNodeFromArg(studio, arg);
  const conn = connectionOf(studio, node);
  const tableName = node.tableName!;
  if (conn.readOnly) throw new ReadOnlyConnectionError(conn.name, 'Delete Table');
  studio.model.invalidate(node.id);
  const desc = await (await studio.tableService(conn, node.region!)).describeTable(tableName);
  // Say so before asking for the name, not after.
  if (desc.DeletionProtectionEnabled) throw deletionProtectedError(tableName);

  const typed = await vscode.window.showInputBox({
    title: `Delete Table "${tableName}"`,
    prompt: `This deletes the table and all its items (about ${(desc.ItemCount ?? 0).toLocaleString('en-US')}, ${formatBytes(desc.TableSizeBytes)}) in ${conn.name} / ${node.region}. It cannot be undone. Type the table name to confirm.`,
    placeHolder: 'the table name, typed in full',
    ignoreFocusOut: true,
    // Nothing typed yet: no message, so the prompt with what is deleted stays readable.
    validateInput: (v) =>
      v === '' || isTableNameConfirmed(tableName, v) ? undefined : `Type ${tableName} exactly to delete it with all its items; this cannot be undone.`,
  });
  if (!isTableNameConfirmed(tableName, typed)) throw new Cancelled();

  const client = await studio.pool.get(conn, node.region!);
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Deleting table "${tableName}"` }, () =>
    // The typed name was the confirmation: a confirm-writes connection does not ask a second time.
    runConfirmedBulk([tableName], `delete table ${tableName}`, () => sendDeleteTable(client, tableName)),
  );
  const regionNode = studio.model.node(node.id.slice(0, node.id.lastIndexOf('/')));
  studio.tree.refresh(regionNode);
  void vscode.window.showInformationMessage(vscode.l10n.t('Table "{0}" is being deleted from {1}.', tableName, String(node.region)));
}
