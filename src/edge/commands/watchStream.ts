import * as vscode from 'vscode';
import { formatStreamRecord, streamArnOf, streamRecordView, streamsClientFor, tailStream, type StartPosition } from '../../services/dynamo/streamTail';
import { toStudioError } from '../../model/errors';
import type { Studio } from '../studio/studio';
import type { StreamWatches } from '../studio/streamWatches';
import { Cancelled, connectionOf, tableNodeFromArg } from '../ui/pickers';

/** Pause / Resume / Stop buttons; shown again after each click, gone once the watch ends. */
async function showControls(watches: StreamWatches, id: string): Promise<void> {
  for (;;) {
    const watch = watches.get(id);
    if (!watch) return;
    const state = watch.paused ? `paused after ${watch.records} records` : `${watch.records} records so far`;
    const choice = await vscode.window.showInformationMessage(vscode.l10n.t('Watching the stream of {0} ({1}).', watch.label, state), watch.paused ? 'Resume' : 'Pause', 'Stop', 'Show Output');
    if (watches.get(id) !== watch || choice === undefined) return;
    if (choice === 'Stop') {
      watch.controller.abort();
      return;
    }
    if (choice === 'Show Output') {
      watch.channel.show(true);
      continue;
    }
    watch.paused = !watch.paused;
    watch.channel.appendLine(watch.paused ? '— paused: new records wait in the stream (kept 24 hours) —' : '— resumed —');
  }
}

/**
 * Watch Stream: tails the table's stream into an output channel, INSERT / MODIFY / REMOVE with the key and the
 * changed attributes (old → new). Running it again on a watched table brings back Pause / Resume / Stop.
 */
export async function watchStream(studio: Studio, arg?: unknown): Promise<void> {
  const node = await tableNodeFromArg(studio, arg);
  const watches = studio.streamWatches;
  const existing = watches.get(node.id);
  if (existing) {
    existing.channel.show(true);
    return showControls(watches, node.id);
  }
  const conn = connectionOf(studio, node);
  const tableName = node.tableName!;
  studio.model.invalidate(node.id);
  const desc = await (await studio.tableService(conn, node.region!)).describeTable(tableName);
  const streamArn = streamArnOf(desc);
  const start = await vscode.window.showQuickPick(
    [
      { label: 'New changes only', description: 'LATEST', value: 'LATEST' as StartPosition },
      { label: 'From the oldest record kept', description: 'TRIM_HORIZON: up to 24 hours back', value: 'TRIM_HORIZON' as StartPosition },
    ],
    { title: `Watch Stream: ${tableName}`, placeHolder: 'Where to start', ignoreFocusOut: true },
  );
  if (!start) throw new Cancelled();

  const streams = streamsClientFor(await studio.pool.get(conn, node.region!));
  const label = `"${tableName}" (${conn.name} / ${node.region})`;
  const watch = watches.start(node.id, label, `DynamoDB Stream: ${tableName} (${node.region}, ${conn.name})`);
  const channel = watch.channel;
  channel.appendLine(`Watching ${streamArn} from ${start.description} (${desc.StreamSpecification?.StreamViewType ?? '?'}).`);
  channel.appendLine('+ added  - removed  ~ changed (old → new)');
  channel.show(true);

  const run = tailStream(streams, streamArn, {
    signal: watch.controller.signal,
    start: start.value,
    isPaused: () => watch.paused,
    onShards: (reading, deferred) => studio.output.debug(`Stream of ${label}: reading ${reading} shard(s), ${deferred} waiting for their parent.`),
    onRecords: (records) => {
      for (const record of records) for (const line of formatStreamRecord(streamRecordView(record))) channel.appendLine(line);
      watch.records += records.length;
    },
  });
  void run
    .then(
      (result) => {
        const why = result.reason === 'streamDisabled' ? 'the stream was turned off' : 'stopped';
        channel.appendLine(`— ${why}: ${result.records} records —`);
        if (result.reason === 'streamDisabled') void vscode.window.showInformationMessage(vscode.l10n.t('The stream of {0} was turned off; the watch ended.', label));
      },
      (err: unknown) => {
        const e = toStudioError(err, { operation: `Watch the stream of ${label}` });
        channel.appendLine(`— failed: ${e.fullMessage}`);
        void vscode.window.showErrorMessage(e.fullMessage);
      },
    )
    .finally(() => {
      watches.end(node.id, watch);
      streams.destroy();
    });
  void showControls(watches, node.id);
}
