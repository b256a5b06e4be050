// Line formats and CSV: what is written reads back to the same item; the CSV reader finds rows and their lines
// however the text is cut into chunks.
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { dynamoJsonToItem } from '../../../src/model/items/dynamoJson';
import { itemsEqual } from '../../../src/model/items/equality';
import { plainJsonToItem } from '../../../src/model/items/plainJson';
import { CsvColumnStats, csvCell, csvLayout, csvLine, CsvRowReader, csvRowToItem, type CsvRow } from '../../../src/model/transfer/csv';
import { parseJsonLine } from '../../../src/services/transfer/import';
import { itemToExportLine, itemToPlainJsonLine } from '../../../src/model/transfer/lines';
import { itemArbitrary, strictDifference } from '../items/itemArbitraries';

type Item = Record<string, AttributeValue>;

function readAll(text: string, cuts: number[] = []): { rows: CsvRow[]; unclosedQuoteLine?: number } {
  const reader = new CsvRowReader();
  const rows: CsvRow[] = [];
  let last = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    rows.push(...reader.push(text.slice(last, cut)));
    last = cut;
  }
  rows.push(...reader.push(text.slice(last)));
  const end = reader.end();
  return { rows: [...rows, ...end.rows], unclosedQuoteLine: end.unclosedQuoteLine };
}

describe('line formats', () => {
  it('JSON Lines and DynamoDB JSON lines are single lines that the item readers read back exactly', function () {
    this.timeout(30_000);
    fc.assert(
      fc.property(itemArbitrary({ storable: true }), (item) => {
        const plain = itemToPlainJsonLine(item);
        const wrapped = itemToExportLine(item);
        assert.ok(!/[\n\r]/.test(plain) && !/[\n\r]/.test(wrapped));
        const p = plainJsonToItem(plain);
        assert.ok(p.ok);
        assert.equal(strictDifference(p.item, item), undefined);
        const d = parseJsonLine(wrapped, 'dynamodb-json', new Set(['id']));
        assert.ok(d.ok);
        assert.equal(strictDifference(d.item, item), undefined);
      }),
      { numRuns: 150 },
    );
  });

  it('reads a bare DynamoDB JSON item, and reads {"Item": …} as an item when "Item" is a key attribute', () => {
    const bare = parseJsonLine('{"id":{"S":"1"}}', 'dynamodb-json', new Set(['id']));
    assert.ok(bare.ok && bare.item.id.S === '1');
    const keyed = parseJsonLine('{"Item":{"S":"1"}}', 'dynamodb-json', new Set(['Item']));
    assert.ok(keyed.ok && keyed.item.Item.S === '1');
    const bad = parseJsonLine('{"Item":{"id":{"N":1}}}', 'dynamodb-json', new Set(['id']));
    assert.ok(!bad.ok);
    assert.match(bad.message, /must be written as a string/);
    assert.match(bad.message, /\(column 20\)$/);
  });
});

describe('CSV', () => {
  it('finds rows, quoted fields and the line each row starts on, for any chunking', () => {
    const text = 'a,b,c\r\n"x,1","say ""hi""",\n"multi\nline",2,3\r\n\nlast,,"q"';
    const expected: CsvRow[] = [
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x,1', 'say "hi"', ''] },
      { line: 3, fields: ['multi\nline', '2', '3'] },
      { line: 6, fields: ['last', '', 'q'] },
    ];
    assert.deepEqual(readAll(text).rows, expected);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: text.length }), { maxLength: 6 }), (cuts) => {
        assert.deepEqual(readAll(text, cuts).rows, expected);
      }),
      { numRuns: 300 },
    );
    assert.equal(readAll('a,b\n"open,1\n2').unclosedQuoteLine, 2);
  });

  it('written fields read back as the same fields, with any chunking', () => {
    const field = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('', ',', '"', '\r\n', '\n', '\r', ' x ', '""'));
    const rows = fc.array(fc.array(field, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(rows, fc.array(fc.nat(), { maxLength: 4 }), (table, cutSeeds) => {
        const text = table.map(csvLine).join('');
        const cuts = cutSeeds.map((s) => s % (text.length + 1));
        assert.deepEqual(readAll(text, cuts).rows.map((r) => r.fields), table);
      }),
      { numRuns: 300 },
    );
  });

  it('types columns so that every value reads back exactly, including empty strings and mixed types', () => {
    const items: Item[] = [
      { id: { S: 'a' }, s: { S: 'x' }, n: { N: '1.50' }, b: { B: Uint8Array.of(1, 2) }, f: { BOOL: true }, mixed: { S: '' }, set: { SS: ['p', 'q'] } },
      { id: { S: 'b' }, n: { N: '-1E+100' }, f: { BOOL: false }, mixed: { N: '3' }, nul: { NULL: true } },
    ];
    const names = ['id', 's', 'n', 'b', 'f', 'mixed', 'set', 'nul'];
    const stats = new Map(names.map((n) => [n, new CsvColumnStats()]));
    for (const item of items) for (const [k, v] of Object.entries(item)) stats.get(k)!.add(v);
    const types = names.map((n) => stats.get(n)!.columnType());
    assert.deepEqual(types, ['S', 'S', 'N', 'B', 'BOOL', 'JSON', 'JSON', 'JSON']);
    const wire = (v: AttributeValue | undefined) => (v === undefined ? undefined : (JSON.parse(JSON.stringify(v, (_k, x: unknown) => (x instanceof Uint8Array ? Buffer.from(x).toString('base64') : x))) as Record<string, unknown>));
    const text = csvLine(names) + csvLine(types) + items.map((item) => csvLine(names.map((n, i) => csvCell(wire(item[n]), types[i])))).join('');
    const [header, typeRow, ...data] = readAll(text).rows;
    const layout = csvLayout(header.fields, typeRow.fields, [{ name: 'id', type: 'S' }]);
    assert.ok(layout.ok && layout.layout.typed);
    data.forEach((row, i) => {
      const read = csvRowToItem(row.fields, layout.layout);
      assert.ok(read.ok);
      assert.ok(itemsEqual(read.item, items[i]), `row ${i + 1}`);
      assert.equal(strictDifference(read.item, items[i]), undefined);
    });
  });

  it('reads a CSV without a type line as text, with key columns typed by the key schema', () => {
    const layout = csvLayout(['id', 'sk', 'note'], ['a', '1', 'S'], [{ name: 'id', type: 'S' }, { name: 'sk', type: 'N' }]);
    assert.ok(layout.ok && !layout.layout.typed);
    assert.deepEqual(layout.layout.types, ['S', 'N', 'S']);
    const read = csvRowToItem(['a', '1', '12'], layout.layout);
    assert.ok(read.ok);
    assert.deepEqual(read.item, { id: { S: 'a' }, sk: { N: '1' }, note: { S: '12' } });
  });

  it('refuses headers with a missing key, a duplicate or an empty name', () => {
    const keys = [{ name: 'id', type: 'S' as const }];
    assert.match((csvLayout(['x'], undefined, keys) as { message: string }).message, /no column for the key attribute "id"/);
    assert.match((csvLayout(['id', 'id'], undefined, keys) as { message: string }).message, /twice/);
    assert.match((csvLayout(['id', ''], undefined, keys) as { message: string }).message, /Column 2 of the header has no name/);
  });
});

describe('DynamoDB JSON import line', () => {
  it('keeps huge and oddly written numbers exactly', () => {
    const r = dynamoJsonToItem(itemToExportLine({ n: { N: '12345678901234567890123456789012345678' } }).slice(8, -1));
    assert.ok(r.ok && r.item.n.N === '12345678901234567890123456789012345678');
  });
});
