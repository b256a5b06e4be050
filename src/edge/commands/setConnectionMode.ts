import * as vscode from 'vscode';
import { Settings } from '../base/constants';
import { CONNECTION_MODES, MODE_DESCRIPTIONS, MODE_ICONS, MODE_LABELS, isConnectionMode, strictestMode, type ConnectionMode } from '../../model/aws/connectionMode';
import type { Connection, EndpointConfig } from '../../services/aws/connections';
import type { Studio } from '../studio/studio';
import { Cancelled, connectionFromArg } from '../ui/pickers';

type Scope = vscode.ConfigurationTarget.Global | vscode.ConfigurationTarget.Workspace;
const SCOPES: Array<{ target: Scope; key: 'globalValue' | 'workspaceValue'; name: string }> = [
  { target: vscode.ConfigurationTarget.Global, key: 'globalValue', name: 'user settings' },
  { target: vscode.ConfigurationTarget.Workspace, key: 'workspaceValue', name: 'workspace settings' },
];

/**
 * Set Connection Mode: read-only, confirm-writes or normal, saved in the workspace settings (which a team can
 * commit) or the user settings. The strictest value of any scope counts, so making a connection less strict
 * changes every scope that holds a stricter value, after saying which.
 */
export async function setConnectionMode(studio: Studio, arg?: unknown): Promise<void> {
  const conn = await connectionFromArg(studio, arg, 'Connection whose mode to set');
  const current = studio.modeOf(conn.id);
  const picked = await vscode.window.showQuickPick(
    CONNECTION_MODES.map((mode) => ({
      label: `$(${MODE_ICONS[mode]}) ${MODE_LABELS[mode]}`,
      description: mode === current ? 'current' : undefined,
      detail: MODE_DESCRIPTIONS[mode],
      mode,
    })),
    { title: `Mode of "${conn.name}"`, placeHolder: `Now: ${MODE_LABELS[current]}`, ignoreFocusOut: true },
  );
  if (!picked) throw new Cancelled();
  await applyConnectionMode(studio, conn, picked.mode, current);
}

/** Toggle Read-Only: read-only, or back to normal writes. */
export async function toggleReadOnly(studio: Studio, arg?: unknown): Promise<void> {
  const conn = await connectionFromArg(studio, arg, 'Connection to make read-only or writable');
  const current = studio.modeOf(conn.id);
  await applyConnectionMode(studio, conn, current === 'readOnly' ? 'normal' : 'readOnly', current);
}

async function applyConnectionMode(studio: Studio, conn: Connection, mode: ConnectionMode, current: ConnectionMode): Promise<void> {
  if (mode === current) return;
  const config = vscode.workspace.getConfiguration();
  const target = await pickTarget();
  const relaxing = strictestMode(mode, current) === current;
  if (relaxing) {
    const stricter = stricterScopes(config, conn, mode);
    const detail =
      `${MODE_DESCRIPTIONS[mode]}` + (stricter.length ? `\n\nThis changes the ${stricter.map((s) => s.name).join(' and ')}, which now make it ${MODE_LABELS[current].toLowerCase()}.` : '');
    const ok = await vscode.window.showWarningMessage(vscode.l10n.t('Make "{0}" {1}?', conn.name, MODE_LABELS[mode].toLowerCase()), { modal: true, detail }, 'Change Mode');
    if (ok !== 'Change Mode') throw new Cancelled();
    for (const scope of stricter) await relaxScope(config, conn, mode, scope);
  }
  const modes = { ...(config.inspect<Record<string, unknown>>(Settings.connectionModes)?.[keyOf(target)] ?? {}) };
  modes[conn.id] = mode;
  await config.update(Settings.connectionModes, modes, target);
  studio.refreshAll();
  const effective = studio.modeOf(conn.id);
  if (effective !== mode) {
    void vscode.window.showWarningMessage(vscode.l10n.t('"{0}" stays {1}: another settings scope holds a stricter mode. Check dynamodbStudio.connectionModes, readOnlyConnections and customEndpoints.', conn.name, MODE_LABELS[effective].toLowerCase()),
    );
    return;
  }
  void vscode.window.showInformationMessage(vscode.l10n.t('"{0}" is now {1}. {2}', conn.name, MODE_LABELS[mode].toLowerCase(), MODE_DESCRIPTIONS[mode]));
}

const keyOf = (target: Scope) => (target === vscode.ConfigurationTarget.Global ? 'globalValue' : 'workspaceValue');

/** Workspace settings when a folder is open (a team can commit them), else user settings; asked when both exist. */
async function pickTarget(): Promise<Scope> {
  if (!vscode.workspace.workspaceFolders?.length) return vscode.ConfigurationTarget.Global;
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'This workspace', detail: 'Saved in .vscode/settings.json: commit it so the whole team gets this mode.', target: vscode.ConfigurationTarget.Workspace as Scope },
      { label: 'User settings', detail: 'Only for you, in every workspace.', target: vscode.ConfigurationTarget.Global as Scope },
    ],
    { title: 'Save the mode in', ignoreFocusOut: true },
  );
  if (!picked) throw new Cancelled();
  return picked.target;
}

interface StricterScope {
  target: Scope;
  key: 'globalValue' | 'workspaceValue';
  name: string;
}

/** The scopes whose settings make the connection stricter than `mode`. */
function stricterScopes(config: vscode.WorkspaceConfiguration, conn: Connection, mode: ConnectionMode): StricterScope[] {
  return SCOPES.filter((scope) => {
    const modes = config.inspect<Record<string, unknown>>(Settings.connectionModes)?.[scope.key];
    const own = modes?.[conn.id];
    if (own !== undefined && (!isConnectionMode(own) || strictestMode(own, mode) !== mode)) return true;
    if (mode !== 'readOnly' && config.inspect<string[]>(Settings.readOnlyConnections)?.[scope.key]?.includes(conn.id)) return true;
    const entry = endpointEntry(config.inspect<EndpointConfig[]>(Settings.customEndpoints)?.[scope.key], conn);
    return !!entry && ((mode !== 'readOnly' && entry.readOnly === true) || (entry.mode !== undefined && (!isConnectionMode(entry.mode) || strictestMode(entry.mode, mode) !== mode)));
  });
}

function endpointEntry(list: EndpointConfig[] | undefined, conn: Connection): EndpointConfig | undefined {
  return conn.kind === 'endpoint' ? list?.find((e) => e?.name?.trim() === conn.name) : undefined;
}

async function relaxScope(config: vscode.WorkspaceConfiguration, conn: Connection, mode: ConnectionMode, scope: StricterScope): Promise<void> {
  const modes = config.inspect<Record<string, unknown>>(Settings.connectionModes)?.[scope.key];
  if (modes && conn.id in modes) await config.update(Settings.connectionModes, { ...modes, [conn.id]: mode }, scope.target);
  const ids = config.inspect<string[]>(Settings.readOnlyConnections)?.[scope.key];
  if (ids?.includes(conn.id)) await config.update(Settings.readOnlyConnections, ids.filter((id) => id !== conn.id), scope.target);
  const endpoints = config.inspect<EndpointConfig[]>(Settings.customEndpoints)?.[scope.key];
  if (endpointEntry(endpoints, conn)) {
    await config.update(
      Settings.customEndpoints,
      endpoints!.map((e) => {
        if (e?.name?.trim() !== conn.name) return e;
        const { readOnly: _readOnly, mode: _mode, ...rest } = e;
        return rest;
      }),
      scope.target,
    );
  }
}
