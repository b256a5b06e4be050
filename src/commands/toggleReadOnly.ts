import * as vscode from 'vscode';
import { Settings } from '../constants';
import type { EndpointConfig } from '../core/aws/connections';
import type { Studio } from '../studio';
import { connectionFromArg } from './pickers';

/** Marks a connection read-only (every write refused in the client layer) or writable again. */
export async function toggleReadOnly(studio: Studio, arg?: unknown): Promise<void> {
  const conn = await connectionFromArg(studio, arg, 'Connection to make read-only or writable');
  const config = vscode.workspace.getConfiguration();
  const ids = config.get<string[]>(Settings.readOnlyConnections, []);
  if (!conn.readOnly) {
    await config.update(Settings.readOnlyConnections, [...ids, conn.id], vscode.ConfigurationTarget.Global);
  } else {
    const writable = await vscode.window.showWarningMessage(
      `Allow writes through "${conn.name}"?`,
      { modal: true, detail: 'Items and tables reached through this connection can then be changed and deleted.' },
      'Allow Writes',
    );
    if (writable !== 'Allow Writes') return;
    const inspect = config.inspect<string[]>(Settings.readOnlyConnections);
    for (const [value, target] of [
      [inspect?.globalValue, vscode.ConfigurationTarget.Global],
      [inspect?.workspaceValue, vscode.ConfigurationTarget.Workspace],
    ] as const) {
      if (value?.includes(conn.id)) await config.update(Settings.readOnlyConnections, value.filter((id) => id !== conn.id), target);
    }
    if (conn.kind === 'endpoint') {
      const endpoints = config.inspect<EndpointConfig[]>(Settings.customEndpoints);
      for (const [value, target] of [
        [endpoints?.globalValue, vscode.ConfigurationTarget.Global],
        [endpoints?.workspaceValue, vscode.ConfigurationTarget.Workspace],
      ] as const) {
        if (value?.some((e) => e.name === conn.name && e.readOnly)) {
          await config.update(Settings.customEndpoints, value.map((e) => (e.name === conn.name ? { ...e, readOnly: false } : e)), target);
        }
      }
    }
  }
  studio.refreshAll();
  void vscode.window.showInformationMessage(`"${conn.name}" is now ${conn.readOnly ? 'writable' : 'read-only'}.`);
}
