import * as vscode from 'vscode';
import { purgeSummary, purgeTable as runPurge } from '../../services/dynamo/purge';
import { abortSignalFor, isTableNameConfirmed } from '../../services/dynamo/tableAdmin';
import { ReadOnlyConnectionError } from '../../model/errors';
import type { Studio } from '../studio/studio';
import { bulkGuardNote, itemCount, runConfirmedBulk } from '../guard/bulkWrites';
import { Cancelled, connectionOf, tableNodeFromArg } from '../ui/pickers';

/** Purge Table: deletes every item and keeps the table, after the user types its name; progress and cancel. */
export async function purgeTable(studio: Studio, arg?: unknown): Promise<void> {
  const node = await tableNodeFromArg(studio, arg);
  const conn = connectionOf(studio, node);
  const tableName = node.tableName!;
  if (conn.readOnly) throw new ReadOnlyConnectionError(conn.name, 'Empty Table');
  studio.model.invalidate(node.id);
  const desc = await (await studio.tableService(conn, node.region!)).describeTable(tableName);
  const approx = desc.ItemCount ?? 0;

  const typed = await vscode.window.showInputBox({
    title: `Empty Table "${tableName}"`,
    prompt: `This deletes every item (${itemCount(approx, true)}) of "${tableName}" in ${conn.name} / ${node.region} and keeps the empty table. It cannot be undone, and each deleted item costs a write. Type the table name to confirm.${bulkGuardNote(studio, conn.id).replace(/\n+/g, ' ')}`,
    placeHolder: 'the table name, typed in full',
    ignoreFocusOut: true,
    validateInput: (v) => (isTableNameConfirmed(tableName, v) ? undefined : `Type ${tableName} exactly to empty it.`),
  });
  if (!isTableNameConfirmed(tableName, typed)) throw new Cancelled();

  const client = await studio.pool.get(conn, node.region!);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Purging "${tableName}"`, cancellable: true },
    (progress, token) => {
      let reported = 0;
      return runConfirmedBulk([tableName], `purge ${tableName}`, () => runPurge(client, tableName, {
        signal: abortSignalFor(token),
        onProgress: (p) => {
          // ItemCount is refreshed only every few hours, so it steers the bar but is never taken as the truth.
          const increment = approx > 0 ? Math.min(100, (p.deleted / approx) * 100) - reported : 0;
          if (increment > 0) reported += increment;
          progress.report({ message: `${p.deleted.toLocaleString('en-US')} deleted`, increment: increment > 0 ? increment : undefined });
        },
      }));
    },
  );
  studio.tree.refresh(node);
  const summary = purgeSummary(tableName, result);
  studio.output.info(summary);
  void (result.cancelled ? vscode.window.showWarningMessage(summary) : vscode.window.showInformationMessage(summary));
}
