// The extension's settings parsed with zod, like messages: a value of the wrong type falls back to the default and
// a bad entry of a list or map is dropped, each with a warning that names the setting and what is wrong; the rest
// is kept. The guard settings (connectionModes, readOnlyConnections) are not parsed here: a value that is not a mode
// must make the connection read-only, never be dropped (see model/aws/connectionMode.ts).
import { z } from './zod';

export interface ParsedSetting<T> {
  value: T;
  warnings: string[];
}

const issues = (error: z.ZodError): string => error.issues.map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`).join('; ');

/** A plain value: the default when it does not parse. */
function plain<T>(schema: z.ZodType<T>, fallback: T) {
  return (name: string, raw: unknown): ParsedSetting<T> => {
    if (raw === undefined) return { value: fallback, warnings: [] };
    const parsed = schema.safeParse(raw);
    return parsed.success
      ? { value: parsed.data, warnings: [] }
      : { value: fallback, warnings: [`The setting ${name} is not valid (${issues(parsed.error)}); the default ${JSON.stringify(fallback)} is used. Fix it in your settings.`] };
  };
}

/** A list: entries that do not parse are dropped. */
function list<T>(entry: z.ZodType<T>) {
  return (name: string, raw: unknown): ParsedSetting<T[]> => {
    if (raw === undefined || raw === null) return { value: [], warnings: [] };
    if (!Array.isArray(raw)) return { value: [], warnings: [`The setting ${name} is not a list; it is ignored. Fix it in your settings.`] };
    const value: T[] = [];
    const warnings: string[] = [];
    raw.forEach((item, i) => {
      const parsed = entry.safeParse(item);
      if (parsed.success) value.push(parsed.data);
      else warnings.push(`Entry ${i + 1} of the setting ${name} is not valid (${issues(parsed.error)}); it is ignored. Fix it in your settings.`);
    });
    return { value, warnings };
  };
}

/** A map: keys whose value does not parse are dropped. */
function map<T>(entry: z.ZodType<T>) {
  return (name: string, raw: unknown): ParsedSetting<Record<string, T>> => {
    if (raw === undefined || raw === null) return { value: {}, warnings: [] };
    if (typeof raw !== 'object' || Array.isArray(raw)) return { value: {}, warnings: [`The setting ${name} is not an object; it is ignored. Fix it in your settings.`] };
    const value: Record<string, T> = Object.create(null);
    const warnings: string[] = [];
    for (const [key, item] of Object.entries(raw)) {
      const parsed = entry.safeParse(item);
      if (parsed.success) value[key] = parsed.data;
      else warnings.push(`"${key}" in the setting ${name} is not valid (${issues(parsed.error)}); it is ignored. Fix it in your settings.`);
    }
    return { value, warnings };
  };
}

const Text = z.string().trim().min(1);

/** Parsers of the settings by their key below `dynamodbStudio.`. */
export const SETTING_PARSERS = {
  defaultRegion: plain(Text, 'us-east-1'),
  showAwsProfiles: plain(z.boolean(), true),
  itemNotation: plain(z.enum(['dynamodb', 'plain']), 'dynamodb' as 'dynamodb' | 'plain'),
  /** Rows of a fetch the table viewer keeps in memory (one window); the rest waits in a temporary file. */
  viewerWindowRows: plain(z.number().int().min(100).max(1_000_000), 50_000),
  regions: map(z.array(Text)),
  // An endpoint entry is checked in full by buildConnections, which shows what is wrong with it in the explorer;
  // here only what cannot be an entry at all (not an object) is dropped.
  customEndpoints: list(z.record(z.string(), z.unknown())),
} as const;

export type SettingName = keyof typeof SETTING_PARSERS;
export type SettingValue<K extends SettingName> = ReturnType<(typeof SETTING_PARSERS)[K]>['value'];

/** Parses the raw value of `dynamodbStudio.<key>`. */
export function parseSetting<K extends SettingName>(key: K, raw: unknown): ParsedSetting<SettingValue<K>> {
  return SETTING_PARSERS[key](`dynamodbStudio.${key}`, raw) as ParsedSetting<SettingValue<K>>;
}
