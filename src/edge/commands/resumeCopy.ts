// Resume Copy: finishes a Copy to Table that stopped before it read its whole source (the source endpoint died,
// access was denied or the credentials expired part way, the target stopped taking writes, or a cancel). Offered by
// the stop's notification, and in the palette, which lists the resume files the stopped copies left in the
// temporary folder. It says what was and was not done, asks once as the copy did, then sends the failed items again
// and reads every unfinished segment on from where it stopped. The writes go through the target connection's guard.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Commands } from '../base/constants';
import type { Studio } from '../studio/studio';
import { StudioError } from '../../model/errors';
import { COPY_RESUME_SUFFIX, parseCopyResume, unfinishedSegments, type CopyResumeState } from '../../model/transfer/copyResume';
import { readCopyResumeFile, resumeCopy as resumeCopyItems } from '../../services/transfer/copy';
import { describeTarget, type TransferTarget } from '../ui/transferTarget';
import { defaultFolder, reportStopped, showTransferReport, withCancellableProgress, type TransferReportOptions } from '../ui/transferUi';
import { unreadText } from '../ui/transferMessages';
import { Cancelled } from '../ui/pickers';
import { bulkGuardNote, confirmModal, runConfirmedBulk } from '../guard/bulkWrites';
import { importFailedItemsInto } from './importTable';

/** The command's argument when the resume file is known (the action of a stopped copy's notification). */
export interface ResumeCopyArg {
  resumeFile: string;
}

const n = (x: number) => x.toLocaleString('en-US');

/** The report action that resumes a stopped copy through this command (confirmation, guard, progress and report). */
export function resumeCopyFollowUp(): Pick<TransferReportOptions, 'resumeCopy'> {
  return {
    resumeCopy: (resumeFile) => {
      const arg: ResumeCopyArg = { resumeFile };
      // The command's error boundary has shown any failure already.
      void vscode.commands.executeCommand(Commands.resumeCopy, arg).then(undefined, () => undefined);
    },
  };
}

function givenFile(arg: unknown): string | undefined {
  const file = (arg as Partial<ResumeCopyArg> | undefined)?.resumeFile;
  return typeof file === 'string' && file.length > 0 ? file : undefined;
}

/** The resume files stopped copies left in the temporary folder, newest first, then "Browse…". */
async function pickResumeFile(): Promise<string> {
  const dir = os.tmpdir();
  const names = (await fs.promises.readdir(dir).catch(() => [] as string[])).filter((name) => name.startsWith('dynamodb-studio-copy-') && name.endsWith(COPY_RESUME_SUFFIX));
  const found: { state: CopyResumeState; file: string }[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    const parsed = parseCopyResume(await fs.promises.readFile(file, 'utf8').catch(() => ''));
    if (parsed.ok) found.push({ state: parsed.state, file });
  }
  found.sort((a, b) => b.state.savedAt.localeCompare(a.state.savedAt));
  const browse = vscode.l10n.t('Browse…');
  const picked = await vscode.window.showQuickPick(
    [
      ...found.map(({ state, file }) => ({
        label: `${state.source.table} → ${state.target.table}`,
        description: vscode.l10n.t('{0} written, {1}', n(state.done.written), unreadText(unfinishedSegments(state.position))),
        detail: vscode.l10n.t('Stopped {0} · {1}', state.savedAt, file),
        file,
      })),
      { label: browse, description: vscode.l10n.t('Choose a resume file (*{0})', COPY_RESUME_SUFFIX), file: undefined },
    ],
    { placeHolder: found.length > 0 ? vscode.l10n.t('The stopped copy to resume') : vscode.l10n.t('No stopped copy was found in the temporary folder: choose its resume file'), ignoreFocusOut: true },
  );
  if (!picked) throw new Cancelled();
  if (picked.file) return picked.file;
  const uris = await vscode.window.showOpenDialog({
    title: vscode.l10n.t('Resume a stopped copy'),
    defaultUri: defaultFolder() ?? vscode.Uri.file(dir),
    canSelectMany: false,
    filters: { [vscode.l10n.t('Copy resume files')]: ['json'] },
    openLabel: vscode.l10n.t('Resume'),
  });
  const uri = uris?.[0];
  if (!uri) throw new Cancelled();
  return uri.fsPath;
}

/** One side of the copy, with its connection as configured in this window. */
function sideOf(studio: Studio, end: { connectionId: string; region: string; table: string }, side: string): TransferTarget {
  const connection = studio.model.connection(end.connectionId);
  if (!connection) {
    throw new StudioError('notFound', vscode.l10n.t('The copy cannot be resumed: the {0} connection "{1}" named by the resume file is not configured in this window. Nothing was written.', side, end.connectionId), {
      hint: vscode.l10n.t('Add that connection again (the same profile, or an endpoint of the same name), then Resume Copy.'),
    });
  }
  return { connection, region: end.region, tableName: end.table };
}

/** What the stopped copy did and what is left, for the confirmation. */
function doneAndLeft(state: CopyResumeState): string {
  const done = state.done;
  const parts = [vscode.l10n.t('{0} items read, {1} written', n(done.read), n(done.written))];
  if (done.failed > 0) {
    parts.push(
      done.unconfirmed > 0
        ? vscode.l10n.t('{0} not confirmed, sent again now ({1} of them may have been written; writing one again leaves the same item)', n(done.failed), n(done.unconfirmed))
        : vscode.l10n.t('{0} not confirmed, sent again now', n(done.failed)),
    );
  }
  if (done.badRows > 0) parts.push(vscode.l10n.t('{0} skipped as invalid for the target', n(done.badRows)));
  const filtered = state.source.spec.filters.length > 0 ? vscode.l10n.t(', with the same filter') : '';
  return vscode.l10n.t('Before it stopped: {0}. Left: {1}, read on from where it stopped{2}.', parts.join(', '), unreadText(unfinishedSegments(state.position)), filtered);
}

export async function resumeCopy(studio: Studio, arg?: unknown): Promise<void> {
  const file = givenFile(arg) ?? (await pickResumeFile());
  const state = await readCopyResumeFile(file);
  await studio.model.getChildren();
  const source = sideOf(studio, state.source, vscode.l10n.t('source'));
  const target = sideOf(studio, state.target, vscode.l10n.t('target'));
  const ok = await confirmModal(
    vscode.l10n.t('Resume the copy of {0} into {1}?', describeTarget(source), describeTarget(target)),
    `${doneAndLeft(state)} ${vscode.l10n.t('A copied item with the key of an existing item replaces it.')}${bulkGuardNote(studio, target.connection.id)}`,
    vscode.l10n.t('Resume'),
  );
  if (!ok) throw new Cancelled();
  const [sourceClient, targetClient] = await Promise.all([studio.pool.get(source.connection, source.region), studio.pool.get(target.connection, target.region)]);
  const title = vscode.l10n.t('Resumed copy of {0} into {1} ({2} items written before the stop)', source.tableName, target.tableName, n(state.done.written));
  const followUp: TransferReportOptions = { ...importFailedItemsInto(target), ...resumeCopyFollowUp() };
  try {
    const report = await withCancellableProgress(vscode.l10n.t('Resuming the copy of {0} into {1}', source.tableName, target.tableName), (signal, progress, onRetry) =>
      runConfirmedBulk([target.tableName], title, () =>
        resumeCopyItems(sourceClient, targetClient, state, file, {
          signal,
          onRetry,
          onProgress: (p) => progress(vscode.l10n.t('{0} written, {1} read', n(p.written), n(p.read))),
        }),
      ),
    );
    showTransferReport(studio, title, report, followUp);
  } catch (err) {
    reportStopped(studio, title, err, followUp);
  }
}
