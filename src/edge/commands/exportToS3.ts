// Export to S3…: starts DynamoDB's own export of a table (full, at a point in time, or incremental) into a bucket.
// The export reads from point-in-time recovery; when that is off, the command explains it and offers to turn it on.
// The job then shows under the table in the explorer, refreshed while it runs.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { ReadOnlyConnectionError, StudioError } from '../../model/errors';
import { enablePointInTimeRecovery, pointInTimeRecoveryState, startExport, type ExportRequest } from '../../services/s3jobs/jobs';
import type { Studio } from '../studio/studio';
import type { ExplorerNode } from '../tree/model';
import { Cancelled, connectionOf, pickOne, tableNodeFromArg } from '../ui/pickers';
import { askPrefix, pickBucket } from '../ui/s3Pickers';

/** A table node from a table or its jobs folder (or a picker). */
export async function tableOrJobsNode(studio: Studio, arg: unknown): Promise<ExplorerNode> {
  const node = arg as Partial<ExplorerNode> | undefined;
  if (node && (node.kind === 'jobs' || node.kind === 'job') && typeof node.id === 'string') {
    const tableId = node.id.slice(0, node.id.indexOf('#'));
    return tableNodeFromArg(studio, tableId);
  }
  return tableNodeFromArg(studio, arg);
}

async function askTime(title: string, prompt: string, value: Date): Promise<Date> {
  const text = await vscode.window.showInputBox({
    title,
    prompt: `${prompt} (ISO 8601 in UTC, for example ${value.toISOString()})`,
    value: value.toISOString(),
    ignoreFocusOut: true,
    validateInput: (v) => (Number.isNaN(Date.parse(v.trim())) ? 'Write a date and time such as 2026-01-31T12:00:00Z.' : undefined),
  });
  if (text === undefined) throw new Cancelled();
  return new Date(Date.parse(text.trim()));
}

export async function exportToS3(studio: Studio, arg?: unknown): Promise<void> {
  const node = await tableOrJobsNode(studio, arg);
  const conn = connectionOf(studio, node);
  const region = node.region!;
  const tableName = node.tableName!;
  if (conn.readOnly) throw new ReadOnlyConnectionError(conn.name, 'Export to S3');
  const title = vscode.l10n.t('Export "{0}" to S3', tableName);
  const client = await studio.pool.get(conn, region);
  const desc = await (await studio.tableService(conn, region)).describeTable(tableName);

  const pitr = await pointInTimeRecoveryState(client, tableName);
  if (pitr === 'unsupported') {
    throw new StudioError('unsupported', vscode.l10n.t('Export to S3 of "{0}" is not possible here: this endpoint has no point-in-time recovery, which DynamoDB exports from.', tableName), {
      hint: vscode.l10n.t('DynamoDB Local has neither; use an AWS connection, or Export… to a local file.'),
    });
  }
  if (pitr === 'DISABLED') {
    const turnOn = vscode.l10n.t('Turn On and Continue');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Point-in-time recovery is off for "{0}".', tableName),
      {
        modal: true,
        detail: vscode.l10n.t(
          'DynamoDB exports a table from its point-in-time recovery backups, so an export needs it on. Turning it on keeps continuous backups (35 days by default), billed by the table size; it does not use the table’s capacity.',
        ),
      },
      turnOn,
    );
    if (choice !== turnOn) throw new Cancelled();
    await enablePointInTimeRecovery(client, tableName);
  }

  const bucket = await pickBucket(studio, conn, region, title);
  const prefix = await askPrefix(title, vscode.l10n.t('Key prefix in s3://{0}/ (DynamoDB adds AWSDynamoDB/<export id>/ below it)', bucket), `exports/${tableName}`);
  const kind = await pickOne(title, vscode.l10n.t('What to export'), [
    { label: vscode.l10n.t('Full export, as of now'), detail: vscode.l10n.t('Every item as it is now.'), value: 'now' as const },
    { label: vscode.l10n.t('Full export at a point in time…'), detail: vscode.l10n.t('Every item as it was at a time within the recovery window.'), value: 'pointInTime' as const },
    { label: vscode.l10n.t('Incremental export…'), detail: vscode.l10n.t('The changes between two times (15 minutes to 24 hours apart).'), value: 'incremental' as const },
  ]);
  const format = await pickOne(title, vscode.l10n.t('Format'), [
    { label: 'DynamoDB JSON', detail: vscode.l10n.t('One {"Item": …} per line, gzip; Download Export and the import read it.'), value: 'DYNAMODB_JSON' as const },
    { label: 'Amazon Ion', detail: vscode.l10n.t('Ion text, gzip.'), value: 'ION' as const },
  ]);
  const request: ExportRequest = { tableArn: desc.TableArn!, tableName, bucket, prefix: prefix || undefined, format, type: 'FULL_EXPORT', clientToken: randomUUID() };
  if (kind === 'pointInTime') request.exportTime = await askTime(title, vscode.l10n.t('Export the table as it was at'), new Date(Date.now() - 3600_000));
  if (kind === 'incremental') {
    const to = await askTime(title, vscode.l10n.t('Changes up to'), new Date(Math.floor(Date.now() / 60_000) * 60_000));
    const from = await askTime(title, vscode.l10n.t('Changes from'), new Date(to.getTime() - 3600_000));
    const view = await pickOne(title, vscode.l10n.t('What each change holds'), [
      { label: vscode.l10n.t('New images'), value: 'NEW_IMAGE' as const },
      { label: vscode.l10n.t('New and old images'), value: 'NEW_AND_OLD_IMAGES' as const },
    ]);
    Object.assign(request, { type: 'INCREMENTAL_EXPORT', incremental: { from, to, view } });
  }

  const job = await startExport(client, request);
  studio.output.info(`Export ${job.id} of ${tableName} started to s3://${bucket}/${prefix}`);
  const jobsNode = studio.model.node(`${node.id}#jobs`);
  studio.tree.refresh(jobsNode ?? node);
  void vscode.window.showInformationMessage(
    vscode.l10n.t('Export {0} of "{1}" started to s3://{2}/{3}. Its progress shows under the table in the explorer (S3 Export and Import Jobs).', job.id, tableName, bucket, prefix),
  );
}
