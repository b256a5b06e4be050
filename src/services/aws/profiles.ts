// Profiles of the shared AWS config and credentials files, classified the way the AWS SDK for JavaScript resolves
// them (@aws-sdk/credential-provider-ini, @smithy/core/config), with a reason for every profile that cannot work.
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseIni, type IniDocument, type IniProperty, type IniSection, type IniSeverity } from '../../model/aws/ini';
import { isValidRegionName } from '../../model/aws/regions';

import type { ProfileKind } from '../../model/aws/profileKind';
export type { ProfileKind } from '../../model/aws/profileKind';

export interface SourceLocation {
  file: string;
  /** 1-based line number; 0 when the problem concerns the file as a whole (for example it cannot be read). */
  line: number;
}

export interface ConfigDiagnostic extends SourceLocation {
  message: string;
  /** error: the SDK drops or misreads what is written; warning: it works, but is fragile or read differently by the CLI. */
  severity?: IniSeverity;
}

export interface ProfileInfo {
  name: string;
  kind: ProfileKind;
  region?: string;
  /** endpoint_url of the profile, or of the dynamodb part of its services section. */
  endpointUrl?: string;
  /** endpoint_url of the s3 part of its services section (for export and import jobs). */
  s3EndpointUrl?: string;
  ssoSession?: string;
  ssoStartUrl?: string;
  roleArn?: string;
  sourceProfile?: string;
  mfaSerial?: string;
  /** The profile to name in `aws sso login --profile`: this one when it is SSO, or the SSO profile its source_profile chain ends at. */
  ssoLoginProfile?: string;
  /** Why this profile cannot be used as it is; non-empty means the explorer shows it as an error. */
  problems: string[];
  /** Where the profile is defined (config and/or credentials file). */
  sources: SourceLocation[];
}

export interface SharedConfig {
  configFile: string;
  credentialsFile: string;
  profiles: ProfileInfo[];
  /** Malformed lines and other problems that do not belong to one profile. */
  diagnostics: ConfigDiagnostic[];
}

export type ReadTextFile = (file: string) => Promise<string>;

type Env = Record<string, string | undefined>;

const DEFAULT_PROFILE = 'default';

/** The profile the AWS CLI and SDK use when none is named: AWS_PROFILE, else "default". */
export function defaultProfileName(env: Env = process.env): string {
  return env.AWS_PROFILE || DEFAULT_PROFILE;
}

/** Home directory as the SDK finds it (HOME, USERPROFILE, HOMEDRIVE+HOMEPATH, then the OS), so paths agree with it. */
export function homeDirectory(env: Env = process.env): string {
  if (env.HOME) return env.HOME;
  if (env.USERPROFILE) return env.USERPROFILE;
  if (env.HOMEPATH) return `${env.HOMEDRIVE ?? `C:${path.sep}`}${env.HOMEPATH}`;
  return os.homedir();
}

function expandHome(file: string, env: Env): string {
  if (file === '~') return homeDirectory(env);
  if (file.startsWith('~/') || file.startsWith('~\\')) return path.join(homeDirectory(env), file.slice(2));
  return file;
}

export function configFilePath(env: Env = process.env): string {
  return expandHome(env.AWS_CONFIG_FILE || path.join(homeDirectory(env), '.aws', 'config'), env);
}

export function credentialsFilePath(env: Env = process.env): string {
  return expandHome(env.AWS_SHARED_CREDENTIALS_FILE || path.join(homeDirectory(env), '.aws', 'credentials'), env);
}

const readUtf8: ReadTextFile = (file) => fs.readFile(file, 'utf8');

/** Reads both shared files; a missing file means no profiles from it, not an error. */
export async function loadSharedConfig(env: Env = process.env, readFile: ReadTextFile = readUtf8): Promise<SharedConfig> {
  const configFile = configFilePath(env);
  const credentialsFile = credentialsFilePath(env);
  const diagnostics: ConfigDiagnostic[] = [];
  const read = async (file: string): Promise<IniDocument | undefined> => {
    let text: string;
    try {
      text = await readFile(file);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'ENOENT') return undefined;
      diagnostics.push({
        file,
        line: 0,
        severity: 'error',
        message: `The AWS file ${file} cannot be read (${code ?? (err as Error).message}), so its profiles are not shown. Check that it is a readable file.`,
      });
      return undefined;
    }
    return parseIni(text, file);
  };
  const [config, credentials] = await Promise.all([read(configFile), read(credentialsFile)]);
  const profiles = buildProfiles(config, credentials, diagnostics);
  // Reading order: the config file, then the credentials file, each from top to bottom.
  const fileRank = (file: string) => (file === configFile ? 0 : 1);
  diagnostics.sort((a, b) => fileRank(a.file) - fileRank(b.file) || a.line - b.line);
  return { configFile, credentialsFile, profiles, diagnostics };
}

// ---- sections ----------------------------------------------------------------------------------------------

/** Section header as the SDK splits it: a type, one whitespace character, a name (optionally quoted). */
const TYPED_SECTION = /^([\w-]+)\s(["'])?([\w\-@+.%:/]+)\2$/;
const SECTION_TYPES = ['profile', 'sso-session', 'services'] as const;
type SectionType = (typeof SECTION_TYPES)[number];

/** Keys whose case matters to the SDK; written in another case they are silently not read. */
const KNOWN_KEYS = new Set([
  'region', 'output', 'endpoint_url', 'services', 'ignore_configured_endpoint_urls',
  'aws_access_key_id', 'aws_secret_access_key', 'aws_session_token', 'aws_account_id',
  'role_arn', 'source_profile', 'credential_source', 'role_session_name', 'external_id', 'mfa_serial', 'duration_seconds',
  'web_identity_token_file', 'credential_process',
  'sso_session', 'sso_start_url', 'sso_region', 'sso_account_id', 'sso_role_name', 'sso_registration_scopes',
]);

const CREDENTIAL_SOURCES = ['Environment', 'Ec2InstanceMetadata', 'EcsContainer'];

interface Located {
  value: string;
  file: string;
  line: number;
}

/** One profile, [sso-session] or [services] section, merged over all its occurrences. */
interface MergedSection {
  name: string;
  values: Map<string, Located>;
  /** Nested blocks (`dynamodb =` + indented lines), merged the same way. */
  blocks: Map<string, Map<string, Located>>;
  sources: SourceLocation[];
  malformed: ConfigDiagnostic[];
}

class SectionTable {
  readonly byName = new Map<string, MergedSection>();

  add(name: string, section: IniSection, file: string, diagnostics: ConfigDiagnostic[], where: string): void {
    let merged = this.byName.get(name);
    if (merged) {
      const earlier = merged.sources.find((s) => s.file === file);
      if (earlier) {
        diagnostics.push({
          file,
          line: section.line,
          severity: 'warning',
          message:
            `[${section.name}] appears again in ${where} (first on line ${earlier.line}); the AWS SDK merges both and later values win, ` +
            'but the AWS CLI refuses a file with a repeated section. Merge them into one section.',
        });
      }
    } else {
      merged = { name, values: new Map(), blocks: new Map(), sources: [], malformed: [] };
      this.byName.set(name, merged);
    }
    merged.sources.push({ file, line: section.line });
    merged.malformed.push(...section.malformed);
    for (const property of section.properties.values()) mergeProperty(merged, property, file);
  }
}

function mergeProperty(merged: MergedSection, property: IniProperty, file: string): void {
  if (property.subProperties) {
    const block = merged.blocks.get(property.key) ?? new Map<string, Located>();
    for (const [key, v] of property.subProperties) block.set(key, { value: v.value, line: v.line, file });
    merged.blocks.set(property.key, block);
    return;
  }
  merged.values.set(property.key, { value: property.value, line: property.line, file });
}

interface SectionTables {
  profiles: SectionTable;
  ssoSessions: SectionTable;
  services: SectionTable;
}

function collectConfigSections(doc: IniDocument, tables: SectionTables, diagnostics: ConfigDiagnostic[]): void {
  const where = 'the config file';
  let plainDefault: IniSection[] = [];
  const prefixedDefault: IniSection[] = [];
  for (const section of doc.sections) {
    if (section.name === DEFAULT_PROFILE) {
      plainDefault.push(section);
      continue;
    }
    const typed = TYPED_SECTION.exec(section.name);
    const type = typed?.[1] as SectionType | undefined;
    if (typed && type && (SECTION_TYPES as readonly string[]).includes(type)) {
      const name = typed[3];
      if (type === 'profile') {
        if (name === DEFAULT_PROFILE) prefixedDefault.push(section);
        else tables.profiles.add(name, section, doc.file, diagnostics, where);
      } else if (type === 'sso-session') {
        tables.ssoSessions.add(name, section, doc.file, diagnostics, where);
      } else {
        tables.services.add(name, section, doc.file, diagnostics, where);
      }
      continue;
    }
    diagnostics.push({ file: doc.file, line: section.line, severity: 'error', message: ignoredConfigSectionMessage(section.name) });
  }
  // The SDK lets [profile default] replace [default] of the config file entirely.
  if (plainDefault.length > 0 && prefixedDefault.length > 0) {
    for (const section of plainDefault) {
      diagnostics.push({
        file: doc.file,
        line: section.line,
        severity: 'warning',
        message: '[default] is ignored because the file also has [profile default], which the AWS SDK uses instead. Keep only one of them.',
      });
    }
    plainDefault = [];
  }
  for (const section of [...plainDefault, ...prefixedDefault]) tables.profiles.add(DEFAULT_PROFILE, section, doc.file, diagnostics, where);
}

function ignoredConfigSectionMessage(name: string): string {
  const typed = TYPED_SECTION.exec(name);
  if (typed) {
    return `[${name}] is ignored: "${typed[1]}" is not a section type of the AWS config file. Use [profile NAME], [sso-session NAME] or [services NAME].`;
  }
  const prefix = SECTION_TYPES.find((t) => name.startsWith(`${t} `) || name.startsWith(`${t}\t`));
  if (prefix) {
    return (
      `[${name}] is ignored by the AWS SDK: after "${prefix}" it accepts one space and a name made of letters, digits and - _ @ + . % : / only. ` +
      'Rename the section.'
    );
  }
  if (/\s/.test(name)) {
    return `[${name}] is ignored: a section name of the AWS config file is [default], [profile NAME], [sso-session NAME] or [services NAME].`;
  }
  return `[${name}] is ignored: in the AWS config file a profile section is written [profile ${name}]. Rename it, or move it to the credentials file.`;
}

function collectCredentialsSections(doc: IniDocument, tables: SectionTables, diagnostics: ConfigDiagnostic[]): void {
  for (const section of doc.sections) {
    const typed = TYPED_SECTION.exec(section.name);
    if (typed) {
      const isConfigType = (SECTION_TYPES as readonly string[]).includes(typed[1]);
      diagnostics.push({
        file: doc.file,
        line: section.line,
        severity: 'error',
        message: isConfigType
          ? `[${section.name}] is not used: the credentials file names profiles without a prefix (write [${typed[3]}]), and [sso-session] and [services] sections belong in the config file.`
          : `[${section.name}] is ignored by the AWS SDK: a profile name in the credentials file cannot contain a space. Rename the section.`,
      });
      continue;
    }
    tables.profiles.add(section.name, section, doc.file, diagnostics, 'the credentials file');
  }
}

// ---- profiles ----------------------------------------------------------------------------------------------

function buildProfiles(config: IniDocument | undefined, credentials: IniDocument | undefined, diagnostics: ConfigDiagnostic[]): ProfileInfo[] {
  const tables: SectionTables = { profiles: new SectionTable(), ssoSessions: new SectionTable(), services: new SectionTable() };
  // Order matters: the SDK merges the credentials file over the config file, so its values win for the same key.
  if (config) {
    diagnostics.push(...config.diagnostics);
    collectConfigSections(config, tables, diagnostics);
  }
  if (credentials) {
    diagnostics.push(...credentials.diagnostics);
    collectCredentialsSections(credentials, tables, diagnostics);
  }
  for (const table of [tables.profiles, tables.ssoSessions, tables.services]) {
    for (const section of table.byName.values()) reportMiscasedKeys(section, diagnostics);
  }

  const classified = new Map<string, ProfileInfo>();
  for (const [name, section] of tables.profiles.byName) classified.set(name, classifyProfile(section, tables));
  // Problems of each profile on its own, before its source chain adds any: a chain reports its sources' own faults.
  const localProblems = new Map([...classified].map(([name, info]) => [name, [...info.problems]]));
  for (const [name, section] of tables.profiles.byName) resolveSourceChain(section, classified.get(name)!, tables.profiles, classified, localProblems);

  return [...classified.values()].sort(compareProfiles);
}

function compareProfiles(a: ProfileInfo, b: ProfileInfo): number {
  if (a.name === DEFAULT_PROFILE) return b.name === DEFAULT_PROFILE ? 0 : -1;
  if (b.name === DEFAULT_PROFILE) return 1;
  return a.name.localeCompare(b.name, 'en') || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

function reportMiscasedKeys(section: MergedSection, diagnostics: ConfigDiagnostic[]): void {
  for (const [key, v] of section.values) {
    const lower = key.toLowerCase();
    if (key !== lower && KNOWN_KEYS.has(lower)) {
      const diagnostic: ConfigDiagnostic = {
        file: v.file,
        line: v.line,
        severity: 'error',
        message: `"${key}" is not read by the AWS SDK, which matches keys by exact case (the AWS CLI accepts any case). Write it as "${lower}".`,
      };
      diagnostics.push(diagnostic);
      section.malformed.push(diagnostic);
    }
  }
}

function get(section: MergedSection, key: string): string | undefined {
  return section.values.get(key)?.value;
}

function at(section: MergedSection, key: string): string {
  const v = section.values.get(key);
  return v ? ` (${v.file}, line ${v.line})` : '';
}

function classifyProfile(section: MergedSection, tables: SectionTables): ProfileInfo {
  const v = (key: string) => get(section, key);
  const problems: string[] = section.malformed.map((d) => `Line ${d.line} of ${d.file}: ${d.message}`);
  const info: ProfileInfo = {
    name: section.name,
    kind: 'unknown',
    region: v('region'),
    roleArn: v('role_arn'),
    sourceProfile: v('source_profile'),
    mfaSerial: v('mfa_serial'),
    problems,
    sources: section.sources,
  };
  if (info.region !== undefined && !isValidRegionName(info.region)) {
    problems.push(`region "${info.region}"${at(section, 'region')} is not a region name; write one such as us-east-1.`);
  }
  resolveEndpoint(section, info, tables);

  const roleArn = v('role_arn');
  const sourceProfile = v('source_profile');
  const credentialSource = v('credential_source');
  const keyId = v('aws_access_key_id');
  const secret = v('aws_secret_access_key');
  const tokenFile = v('web_identity_token_file');
  const ssoKeys = ['sso_session', 'sso_start_url', 'sso_account_id', 'sso_role_name', 'sso_region'].filter((k) => v(k) !== undefined);

  // Same precedence as the SDK: assume-role, static keys, web identity, credential_process, SSO.
  if (roleArn !== undefined && (sourceProfile !== undefined || credentialSource !== undefined || tokenFile === undefined)) {
    info.kind = 'assume-role';
    if (sourceProfile !== undefined && credentialSource !== undefined) {
      problems.push(`It sets both source_profile and credential_source${at(section, 'credential_source')}; the AWS SDK then ignores role_arn. Keep only one of them.`);
    } else if (sourceProfile === undefined && credentialSource === undefined) {
      problems.push(
        `role_arn${at(section, 'role_arn')} is set, but nothing says which credentials assume the role. ` +
          `Add source_profile = NAME, or credential_source = ${CREDENTIAL_SOURCES.join(' | ')}.`,
      );
    } else if (credentialSource !== undefined && !CREDENTIAL_SOURCES.includes(credentialSource)) {
      problems.push(`credential_source "${credentialSource}"${at(section, 'credential_source')} is not supported; use ${CREDENTIAL_SOURCES.join(', ')}.`);
    }
    // source_profile is checked once every profile is classified (resolveSourceChain).
  } else if (keyId !== undefined || secret !== undefined) {
    info.kind = 'static';
    if (secret === undefined) problems.push(`It has aws_access_key_id${at(section, 'aws_access_key_id')} but no aws_secret_access_key. Add the secret access key.`);
    if (keyId === undefined) problems.push(`It has aws_secret_access_key${at(section, 'aws_secret_access_key')} but no aws_access_key_id. Add the access key id.`);
  } else if (tokenFile !== undefined) {
    info.kind = 'web-identity';
    if (roleArn === undefined) problems.push(`web_identity_token_file${at(section, 'web_identity_token_file')} needs role_arn, the role to assume with the token. Add role_arn.`);
  } else if (v('credential_process') !== undefined) {
    info.kind = 'credential-process';
  } else if (ssoKeys.length > 0) {
    info.kind = 'sso';
    info.ssoLoginProfile = section.name;
    classifySso(section, info, tables);
  } else if (v('login_session') !== undefined) {
    // Console sign-in sessions (`aws login`): the SDK resolves them; there is no dedicated kind for them yet.
    info.kind = 'unknown';
  } else if (credentialSource !== undefined) {
    problems.push('credential_source only works together with role_arn, or in a profile used as source_profile. Add role_arn, or use another profile.');
  } else {
    problems.push(
      'It has no credentials: add aws_access_key_id and aws_secret_access_key, sso_session, role_arn with source_profile, ' +
        'credential_process, or web_identity_token_file with role_arn.',
    );
  }
  return info;
}

function classifySso(section: MergedSection, info: ProfileInfo, tables: SectionTables): void {
  const v = (key: string) => get(section, key);
  const problems = info.problems;
  const sessionName = v('sso_session');
  const missing: string[] = [];
  if (sessionName !== undefined) {
    info.ssoSession = sessionName;
    const session = tables.ssoSessions.byName.get(sessionName);
    if (!session) {
      problems.push(`sso_session${at(section, 'sso_session')} names [sso-session ${sessionName}], which does not exist in the config file. Add that section or fix the name.`);
    } else {
      const startUrl = get(session, 'sso_start_url');
      const region = get(session, 'sso_region');
      info.ssoStartUrl = startUrl;
      const sessionMissing = [startUrl === undefined ? 'sso_start_url' : '', region === undefined ? 'sso_region' : ''].filter(Boolean);
      if (sessionMissing.length > 0) {
        problems.push(`[sso-session ${sessionName}] has no ${sessionMissing.join(' and ')}. Add ${sessionMissing.length > 1 ? 'them' : 'it'} to that section.`);
      }
      // The SDK refuses a profile that repeats the session's settings with other values.
      for (const key of ['sso_region', 'sso_start_url']) {
        const own = v(key);
        const shared = get(session, key);
        if (own !== undefined && shared !== undefined && own !== shared) {
          problems.push(`${key} "${own}"${at(section, key)} differs from the one of [sso-session ${sessionName}] ("${shared}"). Remove it from the profile.`);
        }
      }
    }
  } else {
    info.ssoStartUrl = v('sso_start_url');
    for (const key of ['sso_start_url', 'sso_region']) if (v(key) === undefined) missing.push(key);
  }
  for (const key of ['sso_account_id', 'sso_role_name']) if (v(key) === undefined) missing.push(key);
  if (missing.length > 0) {
    problems.push(`The SSO settings are incomplete: ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing. Add ${missing.length > 1 ? 'them' : 'it'}, or run \`aws configure sso --profile ${section.name}\`.`);
  }
}

function resolveEndpoint(section: MergedSection, info: ProfileInfo, tables: SectionTables): void {
  if (get(section, 'ignore_configured_endpoint_urls')?.toLowerCase() === 'true') return;
  let endpoint: Located | undefined;
  const servicesName = get(section, 'services');
  if (servicesName !== undefined) {
    const services = tables.services.byName.get(servicesName);
    if (!services) {
      // The SDK throws when it builds a client for such a profile.
      info.problems.push(`services${at(section, 'services')} names [services ${servicesName}], which does not exist in the config file. Add that section or fix the name.`);
    } else {
      endpoint = services.blocks.get('dynamodb')?.get('endpoint_url');
      const s3 = services.blocks.get('s3')?.get('endpoint_url');
      if (s3 && isHttpUrl(s3.value)) info.s3EndpointUrl = s3.value;
    }
  }
  endpoint ??= section.values.get('endpoint_url');
  if (!endpoint) return;
  info.endpointUrl = endpoint.value;
  if (!isHttpUrl(endpoint.value)) {
    info.problems.push(`endpoint_url "${endpoint.value}" (${endpoint.file}, line ${endpoint.line}) is not an http or https URL; write one such as http://localhost:8000.`);
  }
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Follows source_profile the way the SDK does: a source with static keys ends the chain (even when it also has
 * role_arn, which allows a profile to name itself), as does a credential_source; a profile seen twice is a cycle.
 */
function resolveSourceChain(
  section: MergedSection,
  info: ProfileInfo,
  sections: SectionTable,
  classified: Map<string, ProfileInfo>,
  localProblems: Map<string, string[]>,
): void {
  if (info.kind !== 'assume-role' || info.sourceProfile === undefined || get(section, 'credential_source') !== undefined) return;
  const visited: string[] = [info.name];
  let current = section;
  for (;;) {
    const sourceName = get(current, 'source_profile')!;
    const source = sections.byName.get(sourceName);
    const sourceInfo = classified.get(sourceName);
    if (!source || !sourceInfo) {
      info.problems.push(`source_profile "${sourceName}"${at(current, 'source_profile')} does not exist. Add that profile or fix the name.`);
      return;
    }
    if (get(source, 'aws_access_key_id') !== undefined && get(source, 'aws_secret_access_key') !== undefined) return;
    if (get(source, 'credential_source') !== undefined) {
      if (get(source, 'role_arn') === undefined && !CREDENTIAL_SOURCES.includes(get(source, 'credential_source')!)) {
        info.problems.push(`Its source profile "${sourceName}" has an unsupported credential_source. Use ${CREDENTIAL_SOURCES.join(', ')}.`);
      }
      return;
    }
    if (visited.includes(sourceName)) {
      info.problems.push(`Its source_profile chain loops (${[...visited, sourceName].join(' → ')}). End the chain at a profile with credentials of its own.`);
      return;
    }
    visited.push(sourceName);
    const sourceProblems = localProblems.get(sourceName) ?? [];
    if (sourceProblems.length > 0) {
      info.problems.push(`Its source profile "${sourceName}" cannot be used: ${sourceProblems.join(' ')}`);
      return;
    }
    if (sourceInfo.kind === 'assume-role' && get(source, 'source_profile') !== undefined) {
      current = source;
      continue;
    }
    if (sourceInfo.kind === 'sso') info.ssoLoginProfile = sourceName;
    return;
  }
}
