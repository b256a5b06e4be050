// Production guard: every connection has a mode. Read-only refuses every write, confirm-writes shows each write
// request and sends it only when the person agrees, normal sends writes as they come. The mode comes from the
// settings (user or workspace, so a team can commit it), and the strictest of the sources wins.

export type ConnectionMode = 'readOnly' | 'confirmWrites' | 'normal';

export const CONNECTION_MODES: readonly ConnectionMode[] = ['readOnly', 'confirmWrites', 'normal'];

const STRICTNESS: Record<ConnectionMode, number> = { readOnly: 2, confirmWrites: 1, normal: 0 };

export function isConnectionMode(value: unknown): value is ConnectionMode {
  return typeof value === 'string' && (CONNECTION_MODES as readonly string[]).includes(value);
}

/** The strictest of the given modes; `normal` when none is given. */
export function strictestMode(...modes: Array<ConnectionMode | undefined>): ConnectionMode {
  let result: ConnectionMode = 'normal';
  for (const m of modes) if (m && STRICTNESS[m] > STRICTNESS[result]) result = m;
  return result;
}

export const MODE_LABELS: Record<ConnectionMode, string> = {
  readOnly: 'Read-only',
  confirmWrites: 'Confirm writes',
  normal: 'Normal',
};

export const MODE_DESCRIPTIONS: Record<ConnectionMode, string> = {
  readOnly: 'Every write is refused before it leaves VS Code.',
  confirmWrites: 'Every write shows the exact request and is sent only after you agree.',
  normal: 'Writes are sent without asking; destructive actions still ask.',
};

/** Codicon shown for the mode (tree, status bar). */
export const MODE_ICONS: Record<ConnectionMode, string> = {
  readOnly: 'lock',
  confirmWrites: 'shield',
  normal: 'unlock',
};

/** Theme colour ids for the mode's icon: a guarded connection is easy to tell apart in the explorer. */
export const MODE_COLORS: Record<ConnectionMode, string | undefined> = {
  readOnly: 'charts.blue',
  confirmWrites: 'charts.yellow',
  normal: undefined,
};

export interface ModeSetting {
  modes: Map<string, ConnectionMode>;
  /** Entries that are not a known mode, in words a person can act on. */
  problems: string[];
}

/** Reads the connectionModes setting: an object from connection id (`profile:NAME`, `endpoint:NAME`) to a mode. */
export function parseModeSetting(value: unknown): ModeSetting {
  const modes = new Map<string, ConnectionMode>();
  const problems: string[] = [];
  if (value === undefined || value === null) return { modes, problems };
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push('The connectionModes setting must be an object such as {"profile:prod": "readOnly"}.');
    return { modes, problems };
  }
  for (const [id, mode] of Object.entries(value as Record<string, unknown>)) {
    if (isConnectionMode(mode)) modes.set(id, mode);
    else {
      problems.push(
        `connectionModes["${id}"] is ${JSON.stringify(mode)}; use "readOnly", "confirmWrites" or "normal". Until it is fixed the connection is read-only.`,
      );
      // An unreadable safety setting must not make a connection less safe than intended.
      modes.set(id, 'readOnly');
    }
  }
  return { modes, problems };
}

/**
 * Combines the connectionModes values of several settings scopes (user, workspace, folder) by taking the
 * strictest mode per connection, so no scope can make a connection less safe than another scope made it.
 * A value that is not a mode is kept, so that parseModeSetting reports it (and treats it as read-only).
 */
export function combineModeSettings(values: readonly unknown[]): Record<string, unknown> {
  const combined: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const value of values) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) continue;
    for (const [id, mode] of Object.entries(value as Record<string, unknown>)) {
      const before = combined[id];
      if (!isConnectionMode(mode)) combined[id] = mode;
      else if (before === undefined) combined[id] = mode;
      else if (isConnectionMode(before)) combined[id] = strictestMode(before, mode);
    }
  }
  return combined;
}
