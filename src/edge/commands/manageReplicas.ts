import * as vscode from 'vscode';
import { DYNAMODB_REGIONS } from '../../model/aws/regions';
import { addReplicaInput, removeReplicaInput, replicaViews, updateReplicas } from '../../services/dynamo/backups';
import { ReadOnlyConnectionError } from '../../model/errors';
import type { Studio } from '../studio/studio';
import { Cancelled, connectionOf, tableNodeFromArg } from '../ui/pickers';

/** Global Table Replicas: lists the table's replicas with their status; adds a region or removes one. */
export async function manageReplicas(studio: Studio, arg?: unknown): Promise<void> {
  const node = await tableNodeFromArg(studio, arg);
  const conn = connectionOf(studio, node);
  const tableName = node.tableName!;
  const region = node.region!;
  const title = `Replicas: ${tableName}`;
  studio.model.invalidate(node.id);
  const desc = await (await studio.tableService(conn, region)).describeTable(tableName);
  const replicas = replicaViews(desc);

  type Item = vscode.QuickPickItem & { add?: true; remove?: string };
  const items: Item[] = [
    { label: '$(add) Add a replica region…', add: true },
    { label: replicas.length ? 'Replicas' : 'No replicas: this is not a global table yet', kind: vscode.QuickPickItemKind.Separator },
    ...replicas.map((r) => ({
      label: `$(globe) ${r.region}`,
      description: [r.status, r.progress, r.tableClass].filter(Boolean).join(' · '),
      detail: r.statusDescription ?? 'Select to remove this replica',
      remove: r.region,
    })),
  ];
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: `Table "${tableName}" in ${region}`, ignoreFocusOut: true });
  if (!picked || (!picked.add && !picked.remove)) throw new Cancelled();
  if (conn.readOnly) throw new ReadOnlyConnectionError(conn.name, picked.add ? 'Add replica' : 'Remove replica');
  const client = await studio.pool.get(conn, region);

  if (picked.add) {
    const taken = new Set([region, ...replicas.map((r) => r.region)]);
    const target = await vscode.window.showQuickPick(
      DYNAMODB_REGIONS.filter((r) => !taken.has(r.name)).map((r) => ({ label: r.name, description: r.label })),
      { title, placeHolder: 'Region of the new replica', ignoreFocusOut: true },
    );
    if (!target) throw new Cancelled();
    const input = addReplicaInput(desc, target.label, region);
    const ok = await vscode.window.showWarningMessage(vscode.l10n.t('Add a replica of "{0}" in {1}?', tableName, target.label),
      { modal: true, detail: 'Every write is then replicated to that region and billed there too. Creating the replica copies the whole table and can take a long time.' },
      'Add Replica',
    );
    if (ok !== 'Add Replica') throw new Cancelled();
    await updateReplicas(client, input);
    void vscode.window.showInformationMessage(vscode.l10n.t('The replica of "{0}" in {1} is being created; Table Details show its progress.', tableName, target.label));
  } else {
    const input = removeReplicaInput(desc, picked.remove!);
    const ok = await vscode.window.showWarningMessage(vscode.l10n.t('Remove the replica of "{0}" in {1}?', tableName, String(picked.remove)),
      { modal: true, detail: `The table in ${picked.remove} and its items are deleted. The table in ${region} stays.` },
      'Remove Replica',
    );
    if (ok !== 'Remove Replica') throw new Cancelled();
    await updateReplicas(client, input);
    void vscode.window.showInformationMessage(vscode.l10n.t('The replica of "{0}" in {1} is being removed.', tableName, String(picked.remove)));
  }
  studio.tree.refresh(node);
}
