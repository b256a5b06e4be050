// csv-reader-ratio: the import's CSV row reader (src/model/transfer/csv.ts, CsvRowReader) against the csv-parse
// package reading the same text in the same chunks, rows/s, alternated as every comparison (stats.ts). Both must
// give the same rows (quoted fields with commas, quotes and line breaks, CRLF, empty fields) or the bench says where
// they differ; the library's side also derives each row's start line from its info, as the import reports bad rows
// by line. It decides whether the hand-written reader gives way to the library:
// the issue asks for the swap where the library measures as good.
// Run: npx tsc -p test/tsconfig.json && node out/bench/csvReader.js (or `npm run bench -- csv`).
import { parse } from 'csv-parse';
import { CsvRowReader, type CsvRow } from '../src/model/transfer/csv';
import { alternate, reportComparison } from './stats';

const ROWS = 200_000;
const CHUNK = 64 * 1024;

/** A seeded CSV text: ten columns, about one field in eight quoted with a comma, a doubled quote or a line break. */
function sampleCsv(rows: number): string {
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const lines = ['pk,sk,name,total,tags,note,city,flag,count,payload'];
  for (let r = 0; r < rows; r++) {
    const fields: string[] = [];
    for (let c = 0; c < 10; c++) {
      const x = next();
      const word = `v${r}-${c}-${Math.floor(x * 1e6)}`;
      if (x < 0.04) fields.push(`"${word}, with a comma"`);
      else if (x < 0.08) fields.push(`"say ""${word}"""`);
      else if (x < 0.1) fields.push(`"line one\r\nline two ${word}"`);
      else if (x < 0.12) fields.push('');
      else fields.push(word);
    }
    lines.push(fields.join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

function chunks(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += CHUNK) out.push(text.slice(i, i + CHUNK));
  return out;
}

function readOurs(parts: readonly string[]): CsvRow[] {
  const reader = new CsvRowReader();
  const rows: CsvRow[] = [];
  for (const part of parts) rows.push(...reader.push(part));
  rows.push(...reader.end().rows);
  return rows;
}

/** csv-parse with the options that match the import's reading (start line of each row from its info). */
function readLibrary(parts: readonly string[]): Promise<CsvRow[]> {
  return new Promise((resolve, reject) => {
    const rows: CsvRow[] = [];
    let lastLine = 0;
    const parser = parse({ relax_quotes: true, relax_column_count: true, skip_empty_lines: true, info: true });
    parser.on('readable', () => {
      let record: { record: string[]; info: { lines: number } } | null;
      while ((record = parser.read() as typeof record) !== null) {
        rows.push({ line: lastLine + 1, fields: record.record });
        lastLine = record.info.lines;
      }
    });
    parser.on('error', reject);
    parser.on('end', () => resolve(rows));
    for (const part of parts) parser.write(part);
    parser.end();
  });
}

function firstDifference(a: readonly CsvRow[], b: readonly CsvRow[]): string | undefined {
  if (a.length !== b.length) return `${a.length} rows against ${b.length}`;
  for (let i = 0; i < a.length; i++) {
    if (JSON.stringify(a[i].fields) !== JSON.stringify(b[i].fields)) return `row ${i + 1}: ${JSON.stringify(a[i])} against ${JSON.stringify(b[i])}`;
  }
  return undefined;
}

/** Entry for scripts/bench.js (needs no DynamoDB). */
export async function run(): Promise<void> {
  const parts = chunks(sampleCsv(ROWS));
  const difference = firstDifference(readOurs(parts), await readLibrary(parts));
  if (difference) console.log(`bench csv-reader-same-rows no (${difference})`);
  else console.log(`bench csv-reader-same-rows yes (${(ROWS + 1).toLocaleString('en-US')} rows)`);
  const result = await alternate(
    async () => {
      const start = process.hrtime.bigint();
      const rows = readOurs(parts);
      return rows.length / (Number(process.hrtime.bigint() - start) / 1e9);
    },
    async () => {
      const start = process.hrtime.bigint();
      const rows = await readLibrary(parts);
      return rows.length / (Number(process.hrtime.bigint() - start) / 1e9);
    },
  );
  reportComparison('csv-reader-ratio', result.ours.median / result.baseline.median, result, 'rows/s', 'csv-parse');
}

if (require.main === module) {
  run().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
