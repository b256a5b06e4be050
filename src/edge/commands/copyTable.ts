// Copies items to another table, on this or any other connection and region: the whole table (parallel scan) or
// what the viewer's query finds. Progress with cancel, and a closing report from which the items that did not reach
// the target can be imported into it, or, when the read of the source stopped part way, the copy resumed.
import * as vscode from 'vscode';
import type { Studio } from '../studio/studio';
import { copyItems, wholeTableSpec } from '../../services/transfer/copy';
import { describeTarget, transferTargetFromArg } from '../ui/transferTarget';
import { reportStopped, showTransferReport, withCancellableProgress } from '../ui/transferUi';
import { Cancelled, connectionOf, tableNodeFromArg } from '../ui/pickers';
import { bulkGuardNote, confirmModal, itemCount, runConfirmedBulk } from '../guard/bulkWrites';
import { importFailedItemsInto } from './importTable';
import { resumeCopyFollowUp } from './resumeCopy';

export async function copyTable(studio: Studio, arg?: unknown): Promise<void> {
  const source = await transferTargetFromArg(studio, arg);
  let spec = wholeTableSpec(source.tableName);
  if (source.spec && source.spec.kind !== 'partiql') {
    const scope = await vscode.window.showQuickPick(
      [
        { label: 'The whole table', detail: 'A parallel scan of every item.', whole: true },
        { label: 'What the current query finds', detail: 'The query of the viewer, every page.', whole: false },
      ],
      { placeHolder: `Copy from ${describeTarget(source)}`, ignoreFocusOut: true },
    );
    if (!scope) throw new Cancelled();
    if (!scope.whole) spec = source.spec;
  }
  void vscode.window.setStatusBarMessage(`Choose the table to copy ${source.tableName} into`, 5000);
  const targetNode = await tableNodeFromArg(studio, undefined);
  const target = { connection: connectionOf(studio, targetNode), region: targetNode.region as string, tableName: targetNode.tableName as string };
  if (target.connection.id === source.connection.id && target.region === source.region && target.tableName === source.tableName) {
    throw new Error(`The source and the target are the same table ${describeTarget(source)}. Choose another target table.`);
  }
  const count = async (t: typeof target) =>
    (await studio.tableService(t.connection, t.region)).describeTable(t.tableName).then(
      (d) => d.ItemCount,
      () => undefined,
    );
  const [sourceCount, targetCount] = await Promise.all([spec === source.spec ? Promise.resolve(undefined) : count(source), count(target)]);
  const what = spec === source.spec ? 'what the query finds in' : `every item (${sourceCount === undefined ? 'count unknown' : itemCount(sourceCount, true)}) of`;
  const ok = await confirmModal(
    `Copy ${what} ${describeTarget(source)} into ${describeTarget(target)}?`,
    `"${target.tableName}" holds ${targetCount === undefined ? 'an unknown number of items' : itemCount(targetCount, true)}; a copied item with the key of an existing item replaces it. Items that do not fit the target key schema are reported and skipped.${bulkGuardNote(studio, target.connection.id)}`,
    'Copy',
  );
  if (!ok) throw new Cancelled();
  const [sourceClient, targetClient] = await Promise.all([studio.pool.get(source.connection, source.region), studio.pool.get(target.connection, target.region)]);
  const title = `Copy of ${source.tableName} into ${target.tableName}`;
  const followUp = { ...importFailedItemsInto(target), ...resumeCopyFollowUp() };
  try {
    const report = await withCancellableProgress(`Copying ${source.tableName} into ${target.tableName}`, (signal, progress, onRetry) =>
      runConfirmedBulk([target.tableName], title, () => copyItems(sourceClient, spec, targetClient, target.tableName, {
        signal,
        onRetry,
        ends: { source: { connectionId: source.connection.id, region: source.region }, target: { connectionId: target.connection.id, region: target.region } },
        onProgress: (p) => progress(`${p.written.toLocaleString('en-US')} written, ${p.read.toLocaleString('en-US')} read`),
      })),
    );
    showTransferReport(studio, title, report, followUp);
  } catch (err) {
    reportStopped(studio, title, err, followUp);
  }
}
