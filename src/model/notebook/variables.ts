// Variables between notebook cells. A cell can name its result ("name": "customer" in a query cell, `-- name:
// customer` in a PartiQL cell); a later cell uses a value of it through a reference:
//
//   :customer.CustomerId     the attribute of the first item
//   :orders[*].OrderId       the attribute of every item (a list, for IN)
//   :orders.$lastKey         where the result stopped (for "startKey")
//   :orders.$count           how many items it returned
//   :status                  a placeholder declared in the cell's "params"
//
// Pure: the values are AttributeValues, never numbers, so a 38-digit number travels exactly.
import type { AttributeValue, Item } from '../items/types';

/** What a named cell left for later cells. */
export interface NamedResult {
  items: readonly Item[];
  /** Where the read stopped, when it stopped before the end. */
  lastKey?: Item;
}

export interface VariableScope {
  results: ReadonlyMap<string, NamedResult>;
  /** Placeholders declared by the cell itself ("params"), without the colon. */
  params: ReadonlyMap<string, AttributeValue>;
}

export const emptyScope = (): VariableScope => ({ results: new Map(), params: new Map() });

/** A reference as written: `:name`, `:name.Attr`, `:name[*].Attr`, `:name.$lastKey`, `:name.$count`. */
export interface VariableRef {
  text: string;
  name: string;
  all: boolean;
  /** The attribute, or `$lastKey` / `$count`; undefined for a bare `:name`. */
  member?: string;
}

const NAME = '[A-Za-z_][A-Za-z0-9_]*';
const MEMBER = '\\$?[A-Za-z0-9_#-]+';
const REF_SOURCE = `:(${NAME})(\\[\\*\\])?(?:\\.(${MEMBER}))?`;
/** A whole string that is one reference. */
const WHOLE_REF = new RegExp(`^${REF_SOURCE}$`);
/** References inside a longer text (PartiQL). */
export const REF_PATTERN = new RegExp(REF_SOURCE, 'g');
/** Names a cell result or placeholder may have. */
export const VARIABLE_NAME = new RegExp(`^${NAME}$`);

/** The reference a string is, or undefined when it is an ordinary string. */
export function parseRef(text: string): VariableRef | undefined {
  const m = WHOLE_REF.exec(text);
  if (!m) return undefined;
  return { text, name: m[1], all: !!m[2], member: m[3] };
}

export type Resolved =
  | { ok: true; kind: 'value'; value: AttributeValue }
  | { ok: true; kind: 'list'; values: AttributeValue[] }
  | { ok: true; kind: 'key'; key: Item }
  | { ok: false; message: string };

/** Every name a cell may use: the named results of cells run before it and its own placeholders. */
export function scopeNames(scope: VariableScope): string[] {
  return [...scope.params.keys(), ...scope.results.keys()];
}

/** The value a reference stands for now, or why it has none (in words that say what to do). */
export function resolveRef(ref: VariableRef, scope: VariableScope): Resolved {
  const param = scope.params.get(ref.name);
  if (param) {
    if (ref.member || ref.all) return { ok: false, message: `${ref.text}: ":${ref.name}" is a placeholder holding one value; use it as ":${ref.name}".` };
    return { ok: true, kind: 'value', value: param };
  }
  const result = scope.results.get(ref.name);
  if (!result) {
    const known = scopeNames(scope);
    return {
      ok: false,
      message: `${ref.text}: nothing is named "${ref.name}". ${known.length ? `Known names: ${known.map((n) => `:${n}`).join(', ')}.` : 'No cell has named its result yet.'} Declare it in "params", or run the cell that names its result "${ref.name}" first.`,
    };
  }
  if (!ref.member) return { ok: false, message: `${ref.text} names the result of a cell; say which value, e.g. :${ref.name}.<attribute>, :${ref.name}[*].<attribute> or :${ref.name}.$lastKey.` };
  if (ref.member === '$count') return { ok: true, kind: 'value', value: { N: String(result.items.length) } };
  if (ref.member === '$lastKey') {
    if (!result.lastKey) return { ok: false, message: `${ref.text}: the result "${ref.name}" was read to the end, so there is no key to continue from.` };
    return { ok: true, kind: 'key', key: result.lastKey };
  }
  if (ref.all) {
    const values = result.items.map((item) => item[ref.member!]).filter((v): v is AttributeValue => v !== undefined);
    if (values.length === 0) return { ok: false, message: `${ref.text}: no item of "${ref.name}" has an attribute ${ref.member}.` };
    return { ok: true, kind: 'list', values };
  }
  const first = result.items[0];
  if (!first) return { ok: false, message: `${ref.text}: the result "${ref.name}" has no items. Change that cell so it finds one, and run it again.` };
  const value = first[ref.member];
  if (!value) return { ok: false, message: `${ref.text}: the first item of "${ref.name}" has no attribute ${ref.member}. Its attributes: ${Object.keys(first).slice(0, 12).join(', ')}.` };
  return { ok: true, kind: 'value', value };
}
