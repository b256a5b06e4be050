// Cell text, sorting and copying of wire values. Numbers are compared as exact decimals (a double only orders
// them roughly first) and copied as their text; sets stay sets in every notation.
import { compareDecimals, parseDecimal, type Decimal } from '../../model/items/numbers';
import { itemToDynamoJson } from '../../model/items/dynamoJson';
import { itemToPlainJson } from '../../model/items/plainJson';
import { attributeValueToDynamoJson, itemToDynamoJsonLine, itemToPlainJsonLine } from '../../model/transfer/lines';
import { wireToItem, wireToValue, type WireItem, type WireValue } from '../../protocol/tableViewer';

export type CopyFormat = 'json' | 'dynamodb';

const PREVIEW_CHARS = 160;

/** A one-line preview of a value for a cell, at most about PREVIEW_CHARS characters. */
export function previewValue(v: WireValue): string {
  const out: string[] = [];
  let length = 0;
  const push = (s: string): boolean => {
    out.push(s);
    length += s.length;
    return length < PREVIEW_CHARS;
  };
  const walk = (x: WireValue): boolean => {
    if ('S' in x) return push(JSON.stringify(x.S));
    if ('N' in x) return push(x.N);
    if ('B' in x) return push(`<${x.B}>`);
    if ('BOOL' in x) return push(String(x.BOOL));
    if ('NULL' in x) return push('null');
    if ('SS' in x) return push(`{${x.SS.map((s) => JSON.stringify(s)).join(', ')}}`);
    if ('NS' in x) return push(`{${x.NS.join(', ')}}`);
    if ('BS' in x) return push(`{${x.BS.map((b) => `<${b}>`).join(', ')}}`);
    if ('L' in x) {
      if (!push('[')) return false;
      for (let i = 0; i < x.L.length; i++) if ((i > 0 && !push(', ')) || !walk(x.L[i])) return false;
      return push(']');
    }
    const names = Object.keys(x.M);
    if (!push('{')) return false;
    for (let i = 0; i < names.length; i++) {
      if ((i > 0 && !push(', ')) || !push(`${names[i]}: `) || !walk(x.M[names[i]])) return false;
    }
    return push('}');
  };
  // Strings are shown without quotes at the top level: the type column says what they are.
  if ('S' in v) return v.S.length > PREVIEW_CHARS ? `${v.S.slice(0, PREVIEW_CHARS)}…` : v.S;
  const complete = walk(v);
  const text = out.join('');
  return complete ? text : `${text.slice(0, PREVIEW_CHARS)}…`;
}

export function typeOf(v: WireValue): string {
  return Object.keys(v)[0];
}

/** Order of types when a column mixes them, and where missing values go (last). */
const TYPE_ORDER: Record<string, number> = { N: 0, S: 1, B: 2, BOOL: 3, NULL: 4, SS: 5, NS: 6, BS: 7, L: 8, M: 9 };

/** A sort key per row, computed once per sort: a double for a rough order, the exact text to break ties. */
export interface SortKey {
  rank: number;
  num: number;
  text: string;
  /** The exact number, parsed on the first tie. */
  decimal?: Decimal | null;
}

function exactOf(k: SortKey): Decimal | null {
  if (k.decimal === undefined) k.decimal = parseDecimal(k.text) ?? null;
  return k.decimal;
}

export function sortKeyOf(v: WireValue | undefined): SortKey {
  if (v === undefined) return { rank: 99, num: 0, text: '' };
  const type = typeOf(v);
  const rank = TYPE_ORDER[type] ?? 50;
  if ('N' in v) return { rank, num: Number(v.N), text: v.N };
  if ('S' in v) return { rank, num: 0, text: v.S };
  if ('BOOL' in v) return { rank, num: v.BOOL ? 1 : 0, text: '' };
  if ('B' in v) return { rank, num: 0, text: v.B };
  return { rank, num: 0, text: previewValue(v) };
}

export function compareSortKeys(a: SortKey, b: SortKey): number {
  if (a.rank !== b.rank) return a.rank - b.rank;
  if (a.rank === TYPE_ORDER.N) {
    // Rounding to a double keeps order, so different doubles order the numbers exactly; equal doubles may hide
    // a difference beyond 17 digits, which the exact comparison finds.
    if (a.num !== b.num) return a.num < b.num ? -1 : 1;
    if (a.text === b.text) return 0;
    const x = exactOf(a);
    const y = exactOf(b);
    return x && y ? compareDecimals(x, y) : 0;
  }
  if (a.num !== b.num) return a.num - b.num;
  return a.text < b.text ? -1 : a.text > b.text ? 1 : 0;
}

/** The text copied for one cell: a string or number as it is, anything else as JSON in the chosen notation. */
export function cellCopyText(v: WireValue, format: CopyFormat): string {
  const value = wireToValue(v);
  if (format === 'dynamodb') return attributeValueToDynamoJson(value);
  if ('S' in v) return v.S;
  if ('N' in v) return v.N;
  // The plain notation of a lone value: the line of a one-attribute item, without the wrapper.
  const line = itemToPlainJsonLine({ v: value });
  return line.slice('{"v":'.length, -1);
}

/** Rows as a JSON array (one row: the object itself), pretty-printed, in the chosen notation. */
export function rowsCopyText(rows: readonly WireItem[], format: CopyFormat, keyNames: readonly { name: string; type: string }[]): string {
  const keySchema = keyNames.filter((k) => k.type === 'S' || k.type === 'N' || k.type === 'B').map((k) => ({ name: k.name, type: k.type as 'S' | 'N' | 'B' }));
  const one = (row: WireItem) => (format === 'dynamodb' ? itemToDynamoJson(wireToItem(row), { keySchema }) : itemToPlainJson(wireToItem(row), { keySchema })).trimEnd();
  if (rows.length === 1) return one(rows[0]);
  return `[\n${rows.map((r) => one(r).replace(/^/gm, '  ')).join(',\n')}\n]`;
}

/** One compact line per row, for large selections. */
export function rowsAsLines(rows: readonly WireItem[], format: CopyFormat): string {
  return rows.map((r) => (format === 'dynamodb' ? itemToDynamoJsonLine(wireToItem(r)) : itemToPlainJsonLine(wireToItem(r)))).join('\n');
}

/** A value whole, for the hover text of a cell: a string or number as it is, anything else in plain notation. */
export function wholeValueText(v: WireValue): string {
  return cellCopyText(v, 'json');
}

/** One attribute whole and pretty-printed (plain notation, exact numbers), for the details pane. */
export function attributeDetailsText(name: string, v: WireValue): string {
  const item: WireItem = {};
  Object.defineProperty(item, name, { value: v, enumerable: true, writable: true, configurable: true });
  return itemToPlainJson(wireToItem(item)).trimEnd();
}
