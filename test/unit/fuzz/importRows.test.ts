// Fuzz: hostile import rows in JSON Lines, DynamoDB JSON and CSV. Each row is read and checked on its own and
// through importFile with a recording stand-in for the client: every surely bad row is reported with its line
// and never handed to the writer, every surely good row is written, and what is written is a valid item.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fc from 'fast-check';
import type { BatchWriteItemCommand, DynamoDBClient, TableDescription } from '@aws-sdk/client-dynamodb';
import { validateItem, type Item } from '../../../src/model/items';
import { csvLayout, csvRowToItem, CsvRowReader } from '../../../src/model/transfer/csv';
import { importFile, itemProblem, parseJsonLine, tableKeys, type TransferFormat } from '../../../src/services/transfer/import';
import { assertPrototypesClean, fuzz, fuzzAsync, FuzzTally, hostileText } from './fuzzSupport';
import { hostileLine } from './hostileDocuments';
import { importFileArbitrary } from './hostileImport';

const TABLE: TableDescription = {
  TableName: 'FuzzImport',
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
};
const KEYS = tableKeys(TABLE);
const KEY_NAMES = new Set(['pk']);

/** Records every item a BatchWriteItem would write; answers as DynamoDB does when all were processed. */
function recordingClient(): { client: DynamoDBClient; written: Item[] } {
  const written: Item[] = [];
  const client = {
    send: async (command: BatchWriteItemCommand) => {
      for (const request of command.input.RequestItems?.[TABLE.TableName!] ?? []) written.push(request.PutRequest!.Item as Item);
      return { UnprocessedItems: {} };
    },
  } as unknown as DynamoDBClient;
  return { client, written };
}

function checkMessage(message: string): void {
  assert.equal(typeof message, 'string');
  assert.ok(message.trim().length > 10 && message.length <= 3000, `unhelpful or huge message (${message.length}): ${message.slice(0, 200)}`);
}

describe('fuzz: import rows', function () {
  this.timeout(300_000);
  const tally = new FuzzTally();
  tally.printAfter();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-import-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const format of ['jsonl', 'dynamodb-json'] as const) {
    it(`${format}: each hostile line is read as a valid item or refused with a message`, () => {
      fuzz(`${format} lines`, hostileLine(format === 'jsonl' ? 'plain' : 'dynamodb'), (line) => {
        tally.add('import rows');
        const parsed = parseJsonLine(line, format, KEY_NAMES);
        assertPrototypesClean('after reading an import line');
        if (!parsed.ok) return checkMessage(parsed.message);
        const problem = itemProblem(parsed.item, KEYS);
        if (problem !== undefined) return checkMessage(problem);
        assert.deepEqual(validateItem(parsed.item, KEYS).filter((p) => p.severity === 'error'), []);
      }, 1000);
    });
  }

  it('csv: hostile headers and cells give a layout or a message, rows an item or a message', () => {
    const cells = fc.array(fc.oneof(hostileText(), fc.constantFrom('S', 'N', 'B', 'BOOL', 'JSON', '{"S":"x"}', '{"__proto__":{"S":"x"}}', '1e126', 'AA==', 'true')), { minLength: 1, maxLength: 5 });
    fuzz('csv rows', fc.tuple(cells, fc.option(cells, { nil: undefined }), cells), ([header, second, row]) => {
      tally.add('import rows');
      const layout = csvLayout(header, second, KEYS.keySchema);
      if (!layout.ok) return checkMessage(layout.message);
      const result = csvRowToItem(row, layout.layout);
      assertPrototypesClean('after reading a CSV row');
      if (!result.ok) return checkMessage(result.message);
      assert.deepEqual(Object.getOwnPropertyNames(result.item).sort(), header.filter((_, i) => row[i] !== '').sort());
    }, 1000);
  });

  it('csv: the row reader splits any text into rows without losing a character of a quoted field', () => {
    fuzz('csv text', fc.array(fc.oneof(hostileText(), fc.constantFrom(',', '"', '""', '\r\n', '\n', '\r')), { maxLength: 12 }), (pieces) => {
      tally.add('import rows');
      const text = pieces.join('');
      const reader = new CsvRowReader();
      // Fed in two chunks: a split anywhere must read the same rows.
      const cut = Math.floor(text.length / 2);
      const rows = [...reader.push(text.slice(0, cut)), ...reader.push(text.slice(cut))];
      const end = reader.end();
      const whole = new CsvRowReader();
      const once = [...whole.push(text), ...whole.end().rows];
      assert.deepEqual([...rows, ...end.rows], once);
      for (const row of once) assert.ok(row.line >= 1 && Number.isInteger(row.line));
    }, 1000);
  });

  for (const format of ['jsonl', 'dynamodb-json', 'csv'] as TransferFormat[]) {
    it(`${format}: importFile reports every bad row by its line and hands only valid items to the writer`, async () => {
      let file = 0;
      await fuzzAsync(`${format} files`, importFileArbitrary(format, 40), async (sample) => {
        tally.add('import rows', sample.rowLines.length);
        const target = path.join(dir, `rows-${file++}.${format === 'csv' ? 'csv' : format === 'jsonl' ? 'jsonl' : 'ddb.jsonl'}`);
        fs.writeFileSync(target, sample.text);
        const { client, written } = recordingClient();
        const report = await importFile(client, TABLE.TableName!, target, { format, table: TABLE, maxAttempts: 1 });
        assertPrototypesClean('after an import');
        const badLines = report.badRows.map((r) => r.line);
        for (const line of sample.badLines) assert.ok(badLines.includes(line), `the bad row on line ${line} was not reported; reported: ${badLines.join(', ')}`);
        for (const line of badLines) assert.ok(sample.rowLines.includes(line), `a bad row was reported on line ${line}, where no row starts`);
        for (const r of report.badRows) checkMessage(r.message);
        const writtenKeys = written.map((item) => item.pk?.S);
        const leaked = sample.badKeys.filter((k) => writtenKeys.includes(k));
        tally.writes += leaked.length;
        assert.deepEqual(leaked, [], 'rows that are not valid items reached the writer');
        for (const k of sample.goodKeys) assert.ok(writtenKeys.includes(k), `the valid row ${k} was not written: ${JSON.stringify(report.badRows.slice(0, 3))}`);
        for (const item of written) assert.deepEqual(validateItem(item, KEYS).filter((p) => p.severity === 'error'), []);
        assert.equal(report.written, written.length);
        assert.equal(report.read, sample.rowLines.length, 'rows read');
        assert.equal(report.written + report.badRowCount, sample.rowLines.length, 'every row is written or reported');
      }, 60);
    });
  }
});
