// Connections: the profiles of the shared AWS files and the custom endpoints of the settings, as one list.
import type { ProfileInfo, SharedConfig } from './profiles';
import { isConnectionMode, parseModeSetting, strictestMode, type ConnectionMode } from '../../model/aws/connectionMode';

export type ConnectionKind = 'profile' | 'endpoint';

export interface EndpointConfig {
  name: string;
  endpoint: string;
  region?: string;
  readOnly?: boolean;
  mode?: ConnectionMode;
  /** S3-compatible endpoint for Export to S3 / Import from S3 through this connection (default: AWS's S3). */
  s3Endpoint?: string;
}

export interface Connection {
  /** `profile:NAME` or `endpoint:NAME`; the root of every tree id below it. */
  id: string;
  kind: ConnectionKind;
  name: string;
  /** Region listed first: the profile's region, the endpoint's region, else the default-region setting. */
  defaultRegion: string;
  /** Custom endpoint URL (endpoint connections, or a profile with endpoint_url). */
  endpoint?: string;
  /** S3 endpoint URL for export and import jobs (an endpoint's s3Endpoint, a profile's services s3 endpoint_url). */
  s3Endpoint?: string;
  /**
   * Production guard mode: the strictest of the connectionModes setting, the endpoint's own fields and
   * readOnlyConnections. buildConnections always sets it; read it with connectionMode().
   */
  mode?: ConnectionMode;
  /** Same as `mode === 'readOnly'`. */
  readOnly: boolean;
  /** Problems with the mode settings for this connection (they make it read-only, never less safe). */
  modeProblems?: string[];
  profile?: ProfileInfo;
  /** Non-empty when the connection cannot be used as configured. */
  problems: string[];
}

/** The connection's guard mode (a connection made without one is read-only or normal by its flag). */
export function connectionMode(c: Pick<Connection, 'mode' | 'readOnly'>): ConnectionMode {
  return c.mode ?? (c.readOnly ? 'readOnly' : 'normal');
}

/**
 * The server a connection's requests for a region go to, as a key: a custom endpoint is one server for every
 * region (its host and port); without one, each AWS region is its own endpoint (dynamodb.REGION.amazonaws.com and
 * its partition's equivalents), so the region names the server.
 */
export function serverOf(c: Pick<Connection, 'endpoint'>, region: string): string {
  if (c.endpoint) {
    try {
      return new URL(c.endpoint).host.toLowerCase();
    } catch {
      return c.endpoint;
    }
  }
  return `dynamodb.${region}`;
}

export const connectionId = (kind: ConnectionKind, name: string): string => `${kind}:${name}`;

export interface ConnectionSources {
  sharedConfig?: SharedConfig;
  endpoints: readonly unknown[];
  defaultRegion: string;
  readOnlyIds: readonly string[];
  /** The connectionModes setting as read (an object from connection id to mode). */
  modes?: unknown;
  showProfiles: boolean;
}

/** Checks one entry of the customEndpoints setting; returns the problems in words a person can act on. */
export function endpointProblems(entry: unknown): string[] {
  const e = entry as Partial<EndpointConfig> | null;
  if (!e || typeof e !== 'object') return ['The entry is not an object with "name" and "endpoint".'];
  const problems: string[] = [];
  if (typeof e.name !== 'string' || !e.name.trim()) problems.push('"name" is missing.');
  if (typeof e.endpoint !== 'string' || !e.endpoint.trim()) problems.push('"endpoint" is missing (for example http://localhost:8000).');
  else {
    const urlProblem = endpointUrlProblem(e.endpoint);
    if (urlProblem) problems.push(urlProblem);
  }
  if (e.s3Endpoint !== undefined) {
    const s3Problem = typeof e.s3Endpoint === 'string' ? endpointUrlProblem(e.s3Endpoint) : '"s3Endpoint" must be a URL string.';
    if (s3Problem) problems.push(`s3Endpoint: ${s3Problem}`);
  }
  if (e.mode !== undefined && !isConnectionMode(e.mode)) {
    problems.push(`"mode" ${JSON.stringify(e.mode)} is not one of "readOnly", "confirmWrites", "normal".`);
  }
  if (e.region !== undefined && (typeof e.region !== 'string' || !/^[a-z0-9-]+$/.test(e.region))) {
    problems.push(`"region" ${JSON.stringify(e.region)} is not a region name (letters, digits and '-').`);
  }
  return problems;
}

/** Why a string is not a usable endpoint URL, or undefined when it is. */
export function endpointUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a URL; write it like http://localhost:8000.`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `"${url}" must start with http:// or https://.`;
  return undefined;
}

/**
 * The guard mode of a connection, read straight from the settings (so a change applies before the explorer
 * reloads): the strictest of connectionModes, readOnlyConnections and the endpoint entry's readOnly and mode.
 */
export function resolveConnectionMode(
  id: string,
  src: Pick<ConnectionSources, 'modes' | 'readOnlyIds' | 'endpoints'>,
): { mode: ConnectionMode; problems: string[] } {
  const setting = parseModeSetting(src.modes);
  const own: Array<ConnectionMode | undefined> = [];
  if (id.startsWith('endpoint:')) {
    const name = id.slice('endpoint:'.length);
    const entry = src.endpoints.find((e) => typeof (e as EndpointConfig)?.name === 'string' && (e as EndpointConfig).name.trim() === name) as
      | Partial<EndpointConfig>
      | undefined;
    if (entry?.readOnly === true) own.push('readOnly');
    // An entry whose mode is not understood is read-only rather than less safe than meant.
    if (entry?.mode !== undefined) own.push(isConnectionMode(entry.mode) ? entry.mode : 'readOnly');
  }
  const mode = strictestMode(setting.modes.get(id), src.readOnlyIds.includes(id) ? 'readOnly' : undefined, ...own);
  return { mode, problems: setting.problems.filter((p) => p.startsWith(`connectionModes["${id}"]`)) };
}

export function buildConnections(src: ConnectionSources): Connection[] {
  const modeOf = (id: string) => {
    const { mode, problems } = resolveConnectionMode(id, src);
    return { mode, readOnly: mode === 'readOnly', ...(problems.length ? { modeProblems: problems } : {}) };
  };
  const result: Connection[] = [];
  const seen = new Set<string>();
  for (const raw of src.endpoints) {
    const e = raw as Partial<EndpointConfig>;
    const name = typeof e?.name === 'string' && e.name.trim() ? e.name.trim() : `endpoint #${result.length + 1}`;
    const id = connectionId('endpoint', name);
    if (seen.has(id)) continue;
    seen.add(id);
    result.push({
      id,
      kind: 'endpoint',
      name,
      defaultRegion: typeof e?.region === 'string' && e.region ? e.region : src.defaultRegion,
      endpoint: typeof e?.endpoint === 'string' ? e.endpoint.trim() : undefined,
      ...(typeof e?.s3Endpoint === 'string' && e.s3Endpoint.trim() ? { s3Endpoint: e.s3Endpoint.trim() } : {}),
      ...modeOf(id),
      problems: endpointProblems(raw),
    });
  }
  if (src.showProfiles && src.sharedConfig) {
    for (const p of src.sharedConfig.profiles) {
      const id = connectionId('profile', p.name);
      result.push({
        id,
        kind: 'profile',
        name: p.name,
        defaultRegion: p.region ?? src.defaultRegion,
        endpoint: p.endpointUrl,
        ...(p.s3EndpointUrl ? { s3Endpoint: p.s3EndpointUrl } : {}),
        ...modeOf(id),
        profile: p,
        problems: [...p.problems],
      });
    }
  }
  return result;
}
