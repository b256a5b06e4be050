import * as vscode from 'vscode';
import { DescribeContinuousBackupsCommand } from '@aws-sdk/client-dynamodb';
import {
  createBackup,
  createBackupInput,
  defaultBackupName,
  listBackups,
  pointInTimeRecoveryInput,
  restoreFromBackup,
  restoreFromBackupInput,
  setPointInTimeRecovery,
} from '../../services/dynamo/backups';
import { resourceNameProblem } from '../../model/table/createTableSpec';
import { abortSignalFor, adminError, isUnsupportedOperation, waitForTableActive } from '../../services/dynamo/tableAdmin';
import { formatBytes } from '../../model/table/tableInfo';
import { ReadOnlyConnectionError, StudioError } from '../../model/errors';
import type { Studio } from '../studio/studio';
import { Cancelled, connectionOf, tableNodeFromArg } from '../ui/pickers';

type Action = 'create' | 'restore' | 'pitrOn' | 'pitrOff';

/**
 * Backups: create an on-demand backup, list them and restore one to a new table, turn point-in-time recovery on or
 * off. An endpoint without these APIs (DynamoDB Local) is named as such.
 */
export async function manageBackups(studio: Studio, arg?: unknown): Promise<void> {
  const node = await tableNodeFromArg(studio, arg);
  const conn = connectionOf(studio, node);
  const tableName = node.tableName!;
  const title = `Backups: ${tableName}`;
  const client = await studio.pool.get(conn, node.region!);

  let pitr = 'unknown';
  try {
    const out = await client.send(new DescribeContinuousBackupsCommand({ TableName: tableName }));
    pitr = out.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus === 'ENABLED' ? 'on' : 'off';
  } catch (err) {
    const e = await adminError(client, `Read the backup settings of "${tableName}"`, err);
    if (isUnsupportedOperation(e)) {
      throw new StudioError('unsupported', `Backups of "${tableName}" are not available: the endpoint of "${conn.name}" does not support backups or point-in-time recovery.`, {
        hint: 'Backups exist only in DynamoDB on AWS (DynamoDB Local has none).',
        awsCode: e.awsCode,
      });
    }
    throw e;
  }

  const action = await vscode.window.showQuickPick(
    [
      { label: '$(save) Create an on-demand backup', value: 'create' as Action },
      { label: '$(history) Restore a backup to a new table…', description: 'lists the backups of this table', value: 'restore' as Action },
      pitr === 'on'
        ? { label: '$(debug-stop) Turn point-in-time recovery off', description: 'now on', value: 'pitrOff' as Action }
        : { label: '$(clock) Turn point-in-time recovery on', description: 'now off', value: 'pitrOn' as Action },
    ],
    { title, placeHolder: `Point-in-time recovery is ${pitr}`, ignoreFocusOut: true },
  );
  if (!action) throw new Cancelled();
  if (action.value !== 'restore' && conn.readOnly) throw new ReadOnlyConnectionError(conn.name, action.label.replace(/^\$\([^)]*\) /, ''));

  switch (action.value) {
    case 'create': {
      const name = await vscode.window.showInputBox({
        title,
        prompt: 'Backup name',
        value: defaultBackupName(tableName),
        ignoreFocusOut: true,
        validateInput: (v) => resourceNameProblem(v, 'The backup name'),
      });
      if (name === undefined) throw new Cancelled();
      const details = await createBackup(client, createBackupInput(tableName, name));
      void vscode.window.showInformationMessage(vscode.l10n.t('Backup "{0}" of "{1}" is {2}.', name, tableName, details?.BackupStatus?.toLowerCase() ?? 'requested'));
      return;
    }
    case 'pitrOn':
    case 'pitrOff': {
      const enabled = action.value === 'pitrOn';
      const out = await setPointInTimeRecovery(client, pointInTimeRecoveryInput(tableName, enabled));
      void vscode.window.showInformationMessage(vscode.l10n.t('Point-in-time recovery of "{0}" is {1}.', tableName, out?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus?.toLowerCase() ?? (enabled ? 'on' : 'off')),
      );
      return;
    }
    case 'restore': {
      const backups = await listBackups(client, tableName);
      if (backups.length === 0) throw new StudioError('notFound', `Table "${tableName}" has no backups in ${node.region}.`, { hint: 'Create an on-demand backup first.' });
      const picked = await vscode.window.showQuickPick(
        backups.map((b) => ({
          label: b.BackupName ?? '?',
          description: [b.BackupCreationDateTime?.toISOString(), b.BackupType, b.BackupStatus].filter(Boolean).join(' · '),
          detail: `${formatBytes(b.BackupSizeBytes)} · ${b.BackupArn}`,
          backup: b,
        })),
        { title, placeHolder: 'Backup to restore', ignoreFocusOut: true, matchOnDetail: true },
      );
      if (!picked) throw new Cancelled();
      if (conn.readOnly) throw new ReadOnlyConnectionError(conn.name, 'Restore from backup');
      const target = await vscode.window.showInputBox({
        title,
        prompt: 'Name of the new table to restore into (a restore never overwrites a table)',
        value: `${tableName}-restored`,
        ignoreFocusOut: true,
        validateInput: (v) => resourceNameProblem(v, 'The table name'),
      });
      if (target === undefined) throw new Cancelled();
      await restoreFromBackup(client, restoreFromBackupInput(picked.backup.BackupArn!, target));
      const regionNode = studio.model.node(node.id.slice(0, node.id.lastIndexOf('/')));
      studio.tree.refresh(regionNode);
      try {
        await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Restoring into "${target}"`, cancellable: true }, (progress, token) =>
          waitForTableActive(client, target, { signal: abortSignalFor(token), pollMs: 5000, onProgress: (p) => progress.report({ message: p.tableStatus }) }),
        );
      } catch (err) {
        if (err instanceof StudioError && err.kind === 'cancelled') return;
        throw err;
      }
      studio.tree.refresh(regionNode);
      void vscode.window.showInformationMessage(vscode.l10n.t('Table "{0}" was restored from backup "{1}".', target, picked.label));
      return;
    }
  }
}
