// CSV that restores a table exactly.
//
//   line 1   attribute names: the key attributes first, then every other top-level name in the order first seen
//   line 2   the type of each column: S, N, B, BOOL or JSON
//   line 3…  one item per line; an empty cell means the item lacks that attribute
//
// A column is S, N, B or BOOL when every item that has the attribute holds that type (and, for S and B, never an
// empty value, which would read as "absent"). Cells then hold the text: the string, the exact number text, base64,
// true/false. Any other column is JSON: each cell is the attribute value in DynamoDB JSON, e.g. {"SS":["a","b"]} or
// {"S":""}. Fields are quoted as RFC 4180 says (quotes doubled; commas, quotes and line breaks inside quotes).
//
// A CSV without the type line (any file whose line 2 is not made only of type names) is read as text: key columns
// take the type of the table's key, every other non-empty cell is a string.
import { decodeBase64 } from '../items/base64';
import { dynamoJsonToItem } from '../items/dynamoJson';
import { checkDynamoNumber } from '../items/numbers';
import type { AttributeValue, Item, KeyAttribute } from '../items/types';

export type CsvColumnType = 'S' | 'N' | 'B' | 'BOOL' | 'JSON';
export const CSV_COLUMN_TYPES: readonly CsvColumnType[] = ['S', 'N', 'B', 'BOOL', 'JSON'];

/** Quotes a field when it holds a comma, a quote, a line break or surrounding spaces. */
export function csvField(text: string): string {
  if (/[",\r\n]/.test(text) || (text.length > 0 && (text[0] === ' ' || text[text.length - 1] === ' '))) return `"${text.replace(/"/g, '""')}"`;
  return text;
}

export function csvLine(fields: readonly string[]): string {
  return fields.map(csvField).join(',') + '\r\n';
}

/** What the export learns about one column while it reads the items. */
export class CsvColumnStats {
  readonly types = new Set<string>();
  hasEmpty = false;

  add(value: AttributeValue): void {
    for (const type in value) {
      if ((value as unknown as Record<string, unknown>)[type] === undefined) continue;
      this.types.add(type);
      if ((type === 'S' && value.S === '') || (type === 'B' && value.B?.length === 0)) this.hasEmpty = true;
    }
  }

  columnType(): CsvColumnType {
    if (this.types.size !== 1) return 'JSON';
    const [type] = this.types;
    if (type === 'N' || type === 'BOOL') return type;
    if ((type === 'S' || type === 'B') && !this.hasEmpty) return type;
    return 'JSON';
  }
}

/** The cell of a value in DynamoDB JSON wire form, for a column of the given type. */
export function csvCell(value: Record<string, unknown> | undefined, type: CsvColumnType): string {
  if (value === undefined) return '';
  switch (type) {
    case 'S':
    case 'N':
    case 'B':
      return value[type] as string;
    case 'BOOL':
      return value.BOOL ? 'true' : 'false';
    case 'JSON':
      return JSON.stringify(value);
  }
}

export interface CsvRow {
  /** 1-based line where the row starts. */
  line: number;
  fields: string[];
}

/**
 * Splits CSV text into rows as it arrives, keeping the line where each row starts (a quoted field may span lines).
 * Accepts CRLF and LF. A quote inside an unquoted field is kept as text.
 */
export class CsvRowReader {
  private field = '';
  private fields: string[] = [];
  private inQuotes = false;
  /** The previous chunk ended on a quote inside a quoted field: the next character decides. */
  private pendingQuote = false;
  private fieldStarted = false;
  private line = 1;
  private rowLine = 1;
  private lastWasCR = false;

  /** Rows completed by this chunk. */
  push(chunk: string): CsvRow[] {
    const rows: CsvRow[] = [];
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      const ch = chunk[i];
      if (this.pendingQuote) {
        this.pendingQuote = false;
        if (ch === '"') {
          this.field += '"';
          i++;
          continue;
        }
        this.inQuotes = false;
      }
      if (this.inQuotes) {
        const next = chunk.indexOf('"', i);
        const end = next < 0 ? n : next;
        const text = chunk.slice(i, end);
        this.field += text;
        for (let k = 0; k < text.length; k++) {
          const c = text.charCodeAt(k);
          if (c === 10) {
            if (!this.lastWasCR) this.line++;
            this.lastWasCR = false;
          } else if (c === 13) {
            this.line++;
            this.lastWasCR = true;
          } else this.lastWasCR = false;
        }
        i = end;
        if (next >= 0) {
          this.lastWasCR = false;
          i++;
          if (i < n) {
            if (chunk[i] === '"') {
              this.field += '"';
              i++;
            } else this.inQuotes = false;
          } else this.pendingQuote = true;
        }
        continue;
      }
      if (ch === '\n' && this.lastWasCR) {
        this.lastWasCR = false;
        i++;
        continue;
      }
      this.lastWasCR = false;
      if (ch === ',') {
        this.fields.push(this.field);
        this.field = '';
        this.fieldStarted = true;
        i++;
      } else if (ch === '\r' || ch === '\n') {
        this.endRow(rows);
        this.line++;
        this.rowLine = this.line;
        this.lastWasCR = ch === '\r';
        i++;
      } else if (ch === '"' && this.field.length === 0) {
        this.inQuotes = true;
        this.fieldStarted = true;
        i++;
      } else {
        // Plain text up to the next special character in one step.
        let j = i + 1;
        while (j < n) {
          const c = chunk[j];
          if (c === ',' || c === '\r' || c === '\n') break;
          j++;
        }
        this.field += chunk.slice(i, j);
        this.fieldStarted = true;
        i = j;
      }
    }
    return rows;
  }

  /** The last row when the text does not end with a line break; an error when a quoted field is left open. */
  end(): { rows: CsvRow[]; unclosedQuoteLine?: number } {
    const rows: CsvRow[] = [];
    if (this.pendingQuote) {
      this.pendingQuote = false;
      this.inQuotes = false;
    }
    if (this.inQuotes) return { rows, unclosedQuoteLine: this.rowLine };
    this.endRow(rows);
    return { rows };
  }

  private endRow(rows: CsvRow[]): void {
    if (this.fieldStarted || this.field.length > 0 || this.fields.length > 0) {
      this.fields.push(this.field);
      rows.push({ line: this.rowLine, fields: this.fields });
    }
    this.fields = [];
    this.field = '';
    this.fieldStarted = false;
  }
}

export interface CsvLayout {
  names: string[];
  types: CsvColumnType[];
  /** Whether line 2 was the type line (else the data starts on line 2). */
  typed: boolean;
}

export type RowResult = { ok: true; item: Item } | { ok: false; message: string };

/** Reads the header (and the type line when there is one). Undefined when `second` is data, not types. */
export function csvLayout(header: string[], second: string[] | undefined, keySchema: readonly KeyAttribute[]): { ok: true; layout: CsvLayout } | { ok: false; message: string } {
  const seen = new Set<string>();
  for (const [i, name] of header.entries()) {
    if (name.length === 0) return { ok: false, message: `Column ${i + 1} of the header has no name. Every column needs an attribute name.` };
    if (seen.has(name)) return { ok: false, message: `The header names the column "${name}" twice. Rename or remove one.` };
    seen.add(name);
  }
  for (const key of keySchema) {
    if (!seen.has(key.name)) return { ok: false, message: `The header has no column for the key attribute "${key.name}". Add it.` };
  }
  const typed = second !== undefined && second.length === header.length && second.every((t) => (CSV_COLUMN_TYPES as readonly string[]).includes(t));
  if (typed) return { ok: true, layout: { names: header, types: second as CsvColumnType[], typed } };
  const keyTypes = new Map(keySchema.map((k) => [k.name, k.type]));
  return { ok: true, layout: { names: header, types: header.map((name) => keyTypes.get(name) ?? 'S'), typed: false } };
}

/** The item of one data row, or why the row cannot be one. */
export function csvRowToItem(fields: string[], layout: CsvLayout): RowResult {
  if (fields.length !== layout.names.length) {
    return { ok: false, message: `The row has ${fields.length} cells but the header has ${layout.names.length} columns. Check for a missing or extra comma, or an unclosed quote.` };
  }
  const item: Item = {};
  for (let c = 0; c < fields.length; c++) {
    const cell = fields[c];
    if (cell === '') continue;
    const name = layout.names[c];
    let value: AttributeValue;
    switch (layout.types[c]) {
      case 'S':
        value = { S: cell };
        break;
      case 'N': {
        const check = checkDynamoNumber(cell);
        if (!check.ok) return { ok: false, message: `Column "${name}" (N): ${check.reason}` };
        value = { N: cell };
        break;
      }
      case 'B': {
        const decoded = decodeBase64(cell);
        if (!decoded.ok) return { ok: false, message: `Column "${name}" (B) is not base64: ${decoded.reason}.` };
        value = { B: decoded.bytes };
        break;
      }
      case 'BOOL':
        if (cell !== 'true' && cell !== 'false') return { ok: false, message: `Column "${name}" (BOOL) holds '${cell}'; write true or false.` };
        value = { BOOL: cell === 'true' };
        break;
      case 'JSON': {
        const parsed = dynamoJsonToItem(`{${JSON.stringify(name)}:${cell}}`);
        if (!parsed.ok) return { ok: false, message: `Column "${name}" (JSON): ${parsed.problems[0].message}` };
        value = parsed.item[name];
        break;
      }
    }
    Object.defineProperty(item, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return { ok: true, item };
}
