// Hostile import files in the three formats: rows that are surely good, rows that are surely bad (broken JSON,
// missing or wrong key, empty sets, cells that do not fit their column), and random hostile rows, with the line
// each row starts on. Shared by the unit and integration fuzz suites.
import * as fc from 'fast-check';
import type { TransferFormat } from '../../../src/services/transfer/import';
import { HOSTILE_TEXTS, hostileText } from './fuzzSupport';
import { hostileLine } from './hostileDocuments';

export interface ImportFileSample {
  format: TransferFormat;
  text: string;
  /** pk values of rows that are valid items for a table keyed by pk (S): each must be written. */
  goodKeys: string[];
  /** pk values of rows that are surely invalid: none may be written. */
  badKeys: string[];
  /** Lines where a surely invalid row starts: each must be reported. */
  badLines: number[];
  /** Lines where some row starts (blank lines of JSON files hold none). */
  rowLines: number[];
}

type Row = { kind: 'good' | 'bad' | 'random'; key?: string; text: string };

const safeValue = fc.oneof(hostileText().map((s) => ({ S: s.replace(/[\ud800-\udfff]/g, 'x') })), fc.constantFrom({ N: '1.50' }, { BOOL: true }, { NULL: true }, { SS: ['<script>window.__pwned=1</script>', 'b'] }, { L: [{ S: '__proto__' }] }, { M: { __proto__x: { S: 'y' } } }));
const safeName = hostileText({ maxLength: 12 }).filter((n) => n.length > 0 && n !== 'pk' && n !== '__proto__' && !/[\ud800-\udfff]/.test(n));

/** DynamoDB JSON of a few attributes; '__proto__' is kept out of the top level, where the SDK cannot read it back. */
function dynamoAttributes(pk: string, extra: [string, unknown][]): string {
  const members = [`"pk":{"S":${JSON.stringify(pk)}}`, ...extra.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`)];
  return `{${[...new Set(members)].join(',')}}`;
}

function plainOf(v: unknown): unknown {
  const value = v as Record<string, unknown>;
  if ('S' in value) return value.S;
  if ('N' in value) return 1.5;
  if ('BOOL' in value) return value.BOOL;
  if ('NULL' in value) return null;
  if ('SS' in value) return { $SS: value.SS };
  if ('L' in value) return ['__proto__'];
  return { __proto__x: 'y' };
}

function jsonRow(format: 'jsonl' | 'dynamodb-json', n: number): fc.Arbitrary<Row> {
  const extra = fc.uniqueArray(fc.tuple(safeName, safeValue), { maxLength: 4, selector: ([k]) => k });
  const good = extra.map(([...attrs]): Row => {
    const key = `good-${n}`;
    if (format === 'jsonl') {
      const body = [`"pk":${JSON.stringify(key)}`, ...attrs.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(plainOf(v))}`)];
      return { kind: 'good', key, text: `{${body.join(',')}}` };
    }
    const item = dynamoAttributes(key, attrs);
    return { kind: 'good', key, text: n % 2 === 0 ? `{"Item":${item}}` : item };
  });
  const key = `bad-${n}`;
  const p = (v: string) => (format === 'jsonl' ? v : `{"S":${v}}`);
  const badTexts = [
    `{"pk":${p(JSON.stringify(key))},"x":${p('"a"')}`, // truncated
    `{"pk":${p(JSON.stringify(key))},"s":${format === 'jsonl' ? '{"$SS":[]}' : '{"SS":[]}'}}`, // empty set
    `{"pk":${format === 'jsonl' ? '42' : '{"N":"42"}'},"k":${p(JSON.stringify(key))}}`, // key of the wrong type
    `{"other":${p(JSON.stringify(key))}}`, // no key
    `{"pk":${p(JSON.stringify(key))},"pk":${p('"again"')}}`, // duplicate key
    `{"pk":${p(JSON.stringify(key))},"n":${format === 'jsonl' ? '1e126' : '{"N":"1e126"}'}}`, // number out of range
    `{"pk":${p(JSON.stringify(key))},"<script>window.__pwned=1</script>":${format === 'jsonl' ? 'NaN' : '{"N":NaN}'}}`,
    `[${p(JSON.stringify(key))}]`,
    `{"pk":${p(JSON.stringify(key))},"": ${p('"empty name"')}}`,
  ];
  const bad = fc.constantFrom(...badTexts).map((text): Row => ({ kind: 'bad', key, text }));
  const random = hostileLine(format === 'jsonl' ? 'plain' : 'dynamodb').filter((t) => t.trim().length > 0).map((text): Row => ({ kind: 'random', text: text.replace(/"(good|bad)-/g, '"x-') }));
  return fc.oneof({ weight: 3, arbitrary: good }, { weight: 3, arbitrary: bad }, { weight: 3, arbitrary: random });
}

/** RFC 4180 quoting of every field, written here so the reader is judged against an independent writer. */
const quote = (field: string) => `"${field.replace(/"/g, '""')}"`;

const CSV_COLUMNS = ['pk', 'n', 'flag', 'doc', 'text'];
const CSV_TYPES = ['S', 'N', 'BOOL', 'JSON', 'S'];

function csvRow(n: number): fc.Arbitrary<Row> {
  const key = `good-${n}`;
  const good = fc.tuple(hostileText(), fc.constantFrom('', '1', '-0.5', '12345678901234567890123456789012345678'), fc.constantFrom('', 'true', 'false'), fc.constantFrom('', '{"SS":["<b>x</b>"]}', '{"M":{"__proto__":{"S":"p"}}}', '{"L":[]}'))
    .map(([text, num, flag, doc]): Row => ({ kind: 'good', key, text: [key, num, flag, doc, text.replace(/[\ud800-\udfff]/g, 'x')].map(quote).join(',') }));
  const badKey = `bad-${n}`;
  const bad = fc
    .constantFrom(
      [badKey, 'NaN', 'true', '', 'x'],
      [badKey, '1e126', '', '', ''],
      [badKey, '', 'yes', '', ''],
      [badKey, '', '', '{"S":1}', ''],
      [badKey, '', '', '{"SS":[]}', ''],
      [badKey, '', '', '{"__proto__":{"S":"x"}}', ''],
      [badKey, '', '', '<script>window.__pwned=1</script>', ''],
      [badKey, '1'],
      [badKey, '1', 'true', '', '', 'extra'],
    )
    .map((fields): Row => ({ kind: 'bad', key: badKey, text: fields.map(quote).join(',') }));
  const random = fc
    .array(fc.oneof(hostileText(), fc.constantFrom(...HOSTILE_TEXTS)), { minLength: 1, maxLength: 6 })
    .map((fields): Row => ({ kind: 'random', text: fields.map((f) => (f.includes('good-') || f.includes('bad-') ? 'x' : f)).map(quote).join(',') }));
  return fc.oneof({ weight: 3, arbitrary: good }, { weight: 3, arbitrary: bad }, { weight: 2, arbitrary: random });
}

/** A whole import file of `rows` rows in one format. */
export function importFileArbitrary(format: TransferFormat, rows: number): fc.Arbitrary<ImportFileSample> {
  const rowArbs = Array.from({ length: rows }, (_, n) => (format === 'csv' ? csvRow(n) : jsonRow(format, n)));
  return fc.tuple(fc.tuple(...rowArbs), fc.array(fc.boolean(), { minLength: rows, maxLength: rows })).map(([generated, blanks]) => {
    const sample: ImportFileSample = { format, text: '', goodKeys: [], badKeys: [], badLines: [], rowLines: [] };
    const lines: string[] = [];
    if (format === 'csv') {
      lines.push(CSV_COLUMNS.join(','), CSV_TYPES.join(','));
    }
    generated.forEach((row, i) => {
      // Blank lines between JSON rows are allowed and hold no row.
      if (format !== 'csv' && blanks[i]) lines.push('');
      const line = lines.length + 1;
      sample.rowLines.push(line);
      if (row.kind === 'good') sample.goodKeys.push(row.key!);
      if (row.kind === 'bad') {
        sample.badKeys.push(row.key!);
        sample.badLines.push(line);
      }
      // A CSV field may hold line breaks: the next row starts further down.
      lines.push(...row.text.split(/\r\n|\r|\n/));
    });
    sample.text = lines.join(format === 'csv' ? '\r\n' : '\n') + '\n';
    return sample;
  });
}
