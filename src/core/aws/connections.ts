// Connections: the profiles of the shared AWS files and the custom endpoints of the settings, as one list.
import type { ProfileInfo, SharedConfig } from './profiles';

export type ConnectionKind = 'profile' | 'endpoint';

export interface EndpointConfig {
  name: string;
  endpoint: string;
  region?: string;
  readOnly?: boolean;
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
  readOnly: boolean;
  profile?: ProfileInfo;
  /** Non-empty when the connection cannot be used as configured. */
  problems: string[];
}

export const connectionId = (kind: ConnectionKind, name: string): string => `${kind}:${name}`;

export interface ConnectionSources {
  sharedConfig?: SharedConfig;
  endpoints: readonly unknown[];
  defaultRegion: string;
  readOnlyIds: readonly string[];
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

export function buildConnections(src: ConnectionSources): Connection[] {
  const readOnly = new Set(src.readOnlyIds);
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
      readOnly: e?.readOnly === true || readOnly.has(id),
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
        readOnly: readOnly.has(id),
        profile: p,
        problems: [...p.problems],
      });
    }
  }
  return result;
}
