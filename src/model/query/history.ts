// Query history and saved queries per table, kept in a key-value store the extension injects (VS Code's
// globalState fits the interface). Entries hold plain specs, so any of them can be run again as it was.
import { StudioError } from '../errors';
import { z } from '../zod';
import type { QuerySpec } from './querySpec';
import { QuerySpecSchema } from './querySpecSchema';

/** The part of a Memento this store needs. */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export interface HistoryEntry {
  spec: QuerySpec;
  /** ISO time of the last run. */
  ranAt: string;
  /** What the last run found, e.g. "42 items, 1,000 scanned". */
  summary?: string;
}

export interface SavedQuery {
  name: string;
  spec: QuerySpec;
  savedAt: string;
}

export const HistoryEntrySchema = z.object({ spec: QuerySpecSchema, ranAt: z.string(), summary: z.string().optional() }).strict();
export const SavedQuerySchema = z.object({ name: z.string(), spec: QuerySpecSchema, savedAt: z.string() }).strict();

interface TableQueries {
  history: HistoryEntry[];
  saved: SavedQuery[];
}

export const DEFAULT_HISTORY_SIZE = 50;
const STORE_PREFIX = 'dynamodbStudio.queries/';

/**
 * Where a table lives, so that two regions or connections with a same-named table keep separate histories.
 * For example `tableKey('local', 'us-east-1', 'Orders')`.
 */
export function tableKey(connectionId: string, region: string, table: string): string {
  return [connectionId, region, table].map(encodeURIComponent).join('/');
}

/** Canonical JSON of a spec (sorted keys, no undefined), so that the same query is recognised when run again. */
export function specIdentity(spec: QuerySpec): string {
  const canon = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canon);
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) {
        const x = (v as Record<string, unknown>)[k];
        if (x !== undefined) out[k] = canon(x);
      }
      return out;
    }
    return v;
  };
  return JSON.stringify(canon(spec));
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export class QueryHistoryStore {
  /** Warnings given already: each bad entry is reported once, not at every read. */
  private readonly warned = new Set<string>();

  constructor(
    private readonly store: KeyValueStore,
    private readonly maxHistory = DEFAULT_HISTORY_SIZE,
    private readonly now: () => Date = () => new Date(),
    /** Told about each stored entry that is dropped because it does not parse. */
    private readonly report: (message: string) => void = () => undefined,
  ) {}

  private warn(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.report(message);
  }

  /**
   * The stored queries of a table, each entry parsed: an entry that is not a valid query (an older format, a
   * hand-edited state file) is dropped with a warning and the rest are kept, so one bad entry cannot stop the viewer.
   */
  private read(table: string): TableQueries {
    const stored = this.store.get<unknown>(STORE_PREFIX + table);
    const record = stored !== null && typeof stored === 'object' ? (stored as Record<string, unknown>) : {};
    if (stored !== undefined && record !== stored) this.warn(`The stored queries of ${table} are not an object; they were ignored.`);
    return {
      history: this.entries(table, 'history', record.history, HistoryEntrySchema),
      saved: this.entries(table, 'saved queries', record.saved, SavedQuerySchema),
    };
  }

  private entries<T>(table: string, what: string, list: unknown, schema: z.ZodType<T>): T[] {
    if (list === undefined) return [];
    if (!Array.isArray(list)) {
      this.warn(`The stored ${what} of ${table} are not a list; they were ignored.`);
      return [];
    }
    const kept: T[] = [];
    list.forEach((entry, i) => {
      const parsed = schema.safeParse(entry);
      if (parsed.success) kept.push(parsed.data);
      else this.warn(`Dropped entry ${i + 1} of the stored ${what} of ${table}: ${parsed.error.issues.map((x) => `${x.path.join('.') || 'entry'}: ${x.message}`).join('; ')}.`);
    });
    return kept;
  }

  private async write(table: string, queries: TableQueries): Promise<void> {
    await this.store.update(STORE_PREFIX + table, queries);
  }

  /** Most recent first. */
  history(table: string): HistoryEntry[] {
    return clone(this.read(table).history);
  }

  /** Records a run: the spec moves to the top (once), the oldest entries beyond the limit drop off. */
  async recordRun(table: string, spec: QuerySpec, summary?: string): Promise<HistoryEntry> {
    const queries = this.read(table);
    const identity = specIdentity(spec);
    const entry: HistoryEntry = { spec: clone(spec), ranAt: this.now().toISOString(), ...(summary === undefined ? {} : { summary }) };
    queries.history = [entry, ...queries.history.filter((e) => specIdentity(e.spec) !== identity)].slice(0, this.maxHistory);
    await this.write(table, queries);
    return clone(entry);
  }

  async clearHistory(table: string): Promise<void> {
    const queries = this.read(table);
    queries.history = [];
    await this.write(table, queries);
  }

  /** Sorted by name. */
  savedQueries(table: string): SavedQuery[] {
    return clone(this.read(table).saved).sort((a, b) => a.name.localeCompare(b.name));
  }

  savedQuery(table: string, name: string): SavedQuery | undefined {
    return this.savedQueries(table).find((q) => q.name === name);
  }

  /** Saves under a name; an existing query of that name is replaced only when `overwrite` is set. */
  async save(table: string, name: string, spec: QuerySpec, options: { overwrite?: boolean } = {}): Promise<SavedQuery> {
    const trimmed = name.trim();
    if (trimmed.length === 0) throw new StudioError('validation', 'The query was not saved: its name is empty.', { hint: 'Give the query a name.' });
    const queries = this.read(table);
    const existing = queries.saved.findIndex((q) => q.name === trimmed);
    if (existing >= 0 && !options.overwrite) {
      throw new StudioError('validation', `The query was not saved: a saved query named "${trimmed}" already exists for this table.`, {
        hint: 'Choose another name, or replace the existing query.',
      });
    }
    const saved: SavedQuery = { name: trimmed, spec: clone(spec), savedAt: this.now().toISOString() };
    if (existing >= 0) queries.saved[existing] = saved;
    else queries.saved.push(saved);
    await this.write(table, queries);
    return clone(saved);
  }

  async rename(table: string, from: string, to: string): Promise<void> {
    const queries = this.read(table);
    const query = queries.saved.find((q) => q.name === from);
    if (!query) throw new StudioError('notFound', `The saved query "${from}" was not renamed: it does not exist.`, { hint: 'Refresh the list of saved queries.' });
    const target = to.trim();
    if (target.length === 0) throw new StudioError('validation', `The saved query "${from}" was not renamed: the new name is empty.`);
    if (target !== from && queries.saved.some((q) => q.name === target)) {
      throw new StudioError('validation', `The saved query "${from}" was not renamed: "${target}" already exists.`, { hint: 'Choose another name.' });
    }
    query.name = target;
    await this.write(table, queries);
  }

  /** True when a query of that name was there. */
  async delete(table: string, name: string): Promise<boolean> {
    const queries = this.read(table);
    const before = queries.saved.length;
    queries.saved = queries.saved.filter((q) => q.name !== name);
    if (queries.saved.length === before) return false;
    await this.write(table, queries);
    return true;
  }
}
