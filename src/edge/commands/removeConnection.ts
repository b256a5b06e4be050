import * as vscode from 'vscode';
import { Settings } from '../base/constants';
import type { EndpointConfig } from '../../services/aws/connections';
import { StudioError } from '../../model/errors';
import type { Studio } from '../studio/studio';
import { connectionFromArg } from '../ui/pickers';

/** Removes an endpoint connection (profiles live in the AWS files and are removed there). */
export async function removeConnection(studio: Studio, arg?: unknown): Promise<void> {
  const conn = await connectionFromArg(studio, arg, 'Endpoint connection to remove', (c) => c.kind === 'endpoint');
  if (conn.kind !== 'endpoint') {
    throw new StudioError('validation', `"${conn.name}" is a profile of your AWS config files.`, { hint: 'Remove it from the config or credentials file.' });
  }
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Remove the connection "{0}" ({1})?', conn.name, String(conn.endpoint)),
    { modal: true, detail: 'Its stored access keys are deleted too. The tables at the endpoint are not touched.' },
    'Remove',
  );
  if (answer !== 'Remove') return;
  const config = vscode.workspace.getConfiguration();
  const inspect = config.inspect<EndpointConfig[]>(Settings.customEndpoints);
  for (const [value, target] of [
    [inspect?.globalValue, vscode.ConfigurationTarget.Global],
    [inspect?.workspaceValue, vscode.ConfigurationTarget.Workspace],
  ] as const) {
    if (Array.isArray(value) && value.some((e) => e?.name === conn.name)) {
      await config.update(Settings.customEndpoints, value.filter((e) => e.name !== conn.name), target);
    }
  }
  await studio.storeEndpointKeys(conn.name, undefined);
  studio.refreshAll();
}
