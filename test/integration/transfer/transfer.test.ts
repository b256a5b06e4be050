// Export → purge → import restores a table exactly in each format; bad rows are reported by line and never
// written; a cancel reports exactly what was written; copies go to another table on another client.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DescribeTableCommand,
  type AttributeValue,
  type DynamoDBClient,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { installReadOnlyGuard } from '../../../src/services/aws/readOnlyGuard';
import { StudioError } from '../../../src/model/errors';
import { itemToDynamoJson } from '../../../src/model/items';
import { newQuerySpec } from '../../../src/model/query/querySpec';
import { fetchAll } from '../../../src/services/query/runner';
import { copyItems, wholeTableSpec } from '../../../src/services/transfer/copy';
import { exportItems, exportQuery, exportTable } from '../../../src/services/transfer/export';
import { importFile, TransferStoppedError, type TransferFormat } from '../../../src/services/transfer/import';
import { deleteTables, getTestEndpoint, putAll, scanAll, testClient, uniqueTableName } from '../dynamoLocal';

type Item = Record<string, AttributeValue>;

async function createTable(client: DynamoDBClient, name: string, sortKey = true): Promise<TableDescription> {
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, ...(sortKey ? [{ AttributeName: 'sk', AttributeType: 'N' as const }] : [])],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, ...(sortKey ? [{ AttributeName: 'sk', KeyType: 'RANGE' as const }] : [])],
    }),
  );
  return (await client.send(new DescribeTableCommand({ TableName: name }))).Table as TableDescription;
}

/** Items with every type and the values that are hard to keep exact in text formats. */
function sampleItems(count: number): Item[] {
  const items: Item[] = [];
  for (let i = 0; i < count; i++) {
    const item: Item = {
      pk: { S: `p${i % 7}` },
      sk: { N: String(i) },
      text: { S: ['plain', 'with, comma', 'with "quotes"', 'multi\nline\r\ntext', ' spaced ', 'ünïcødé 表 🙂', '{"S":"x"}', '12', 'true'][i % 9] },
      price: { N: ['12.5', '-0.001', '12345678901234567890123456789012345678', '1E+100', '0'][i % 5] },
      flag: { BOOL: i % 2 === 0 },
      blob: { B: Uint8Array.from([i % 256, 0, 255, 10, 44]) },
      tags: { SS: [`t${i % 3}`, 'a,b', 'c"d'] },
      nums: { NS: ['1', `${i}.25`] },
      bins: { BS: [Uint8Array.of(1), Uint8Array.of(2, i % 256)] },
      nested: { M: { 'a.b': { L: [{ S: 'x' }, { N: '1' }, { NULL: true }, { M: { '#k': { BOOL: false } } }] }, $SS: { S: 'tag-like key' } } },
      'odd name, "quoted"': { S: `odd${i}` },
    };
    if (i % 4 === 0) item.sometimes = { S: '' }; // empty string: must not read back as "absent"
    if (i % 4 === 1) item.sometimes = { N: '7' }; // the same column with another type
    if (i % 5 === 0) item.nothing = { NULL: true };
    if (i % 6 === 0) item.emptyList = { L: [] };
    if (i % 6 === 1) item.emptyMap = { M: {} };
    items.push(item);
  }
  return items;
}

/** Deletes every item directly with the SDK. */
async function purge(client: DynamoDBClient, table: string, keyNames: string[]): Promise<void> {
  const items = await scanAll(client, table);
  for (let i = 0; i < items.length; i += 25) {
    let requests = items.slice(i, i + 25).map((item) => ({ DeleteRequest: { Key: Object.fromEntries(keyNames.map((k) => [k, item[k]])) } }));
    while (requests.length > 0) {
      const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
      requests = (out.UnprocessedItems?.[table] ?? []) as typeof requests;
    }
  }
}

/** Sets are unordered: sort their members so that equal items print the same. */
function canonical(value: AttributeValue): AttributeValue {
  if (value.SS) return { SS: [...value.SS].sort() };
  if (value.NS) return { NS: [...value.NS].sort() };
  if (value.BS) return { BS: [...value.BS].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))) };
  if (value.L) return { L: value.L.map(canonical) };
  if (value.M) return { M: Object.fromEntries(Object.keys(value.M).sort().map((k) => [k, canonical(value.M![k])])) };
  return value;
}

/** The table's content as DynamoDB JSON, items sorted by key, attributes by name. */
async function snapshot(client: DynamoDBClient, table: string): Promise<string[]> {
  const items = await scanAll(client, table);
  return items
    .map((item) => itemToDynamoJson(Object.fromEntries(Object.keys(item).sort().map((k) => [k, canonical(item[k])]))))
    .sort();
}

describe('transfer: export, import, copy (DynamoDB Local)', function () {
  this.timeout(120_000);
  let client: DynamoDBClient;
  let dir: string;
  const tables: string[] = [];
  const newTable = async (label: string, sortKey = true) => {
    const name = uniqueTableName(label);
    tables.push(name);
    return { name, table: await createTable(client, name, sortKey) };
  };

  before(async () => {
    client = testClient(await getTestEndpoint());
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'transfer-test-'));
  });
  after(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (client) await deleteTables(client, tables);
  });

  for (const format of ['jsonl', 'dynamodb-json', 'csv'] as TransferFormat[]) {
    it(`export → purge → import restores the table exactly (${format})`, async () => {
      const { name, table } = await newTable(`RoundTrip-${format}`);
      await putAll(client, name, sampleItems(240));
      const before = await snapshot(client, name);
      assert.equal(before.length, 240);

      const file = path.join(dir, `${name}.${format === 'csv' ? 'csv' : 'jsonl'}`);
      const progress: number[] = [];
      const exported = await exportTable(client, name, file, { format, segments: 3, onProgress: (p) => progress.push(p.items) });
      assert.equal(exported.items, 240);
      assert.equal(exported.cancelled, false);
      assert.equal(exported.bytes, fs.statSync(file).size);
      assert.ok(progress.length > 0 && progress[progress.length - 1] === 240);

      await purge(client, name, ['pk', 'sk']);
      assert.equal((await scanAll(client, name)).length, 0, 'the table is empty after the purge');

      const report = await importFile(client, name, file, { format, table, concurrency: 4 });
      assert.deepEqual(report.badRows, []);
      assert.equal(report.failed, 0);
      assert.equal(report.written, 240);
      assert.equal(report.failedItemsFile, undefined);
      assert.deepEqual(await snapshot(client, name), before);
    });
  }

  it('the CSV export has a header of every attribute, key first, and a type line', async () => {
    const file = path.join(dir, 'items.csv');
    await exportItems(sampleItems(8), file, { format: 'csv', keyNames: ['pk', 'sk'] });
    const lines = fs.readFileSync(file, 'utf8').split('\r\n');
    assert.equal(lines[0], 'pk,sk,text,price,flag,blob,tags,nums,bins,nested,"odd name, ""quoted""",sometimes,nothing,emptyList,emptyMap');
    assert.equal(lines[1], 'S,N,S,N,BOOL,B,JSON,JSON,JSON,JSON,S,JSON,JSON,JSON,JSON');
  });

  for (const format of ['jsonl', 'dynamodb-json', 'csv'] as TransferFormat[]) {
    it(`import reports bad rows by line and writes none of them (${format})`, async () => {
      const { name, table } = await newTable(`BadRows-${format}`);
      const file = path.join(dir, `bad-${format}`);
      let text: string;
      let expectedBad: number[];
      if (format === 'csv') {
        text = [
          'pk,sk,note', // 1
          'S,N,S', // 2
          'a,1,good', // 3
          ',2,missing partition key', // 4
          'b,two,sort key not a number', // 5
          'c,3', // 6: a cell short
          '"d,4,""quoted"" and', // 7-8: a good row whose quoted field spans two lines
          'multi-line",5,good',
          'e,six,bad sort key after the two-line row', // 9
        ].join('\n');
        expectedBad = [4, 5, 6, 9];
      } else {
        const good = (pk: string, sk: number) => (format === 'jsonl' ? JSON.stringify({ pk, sk, note: 'good' }) : JSON.stringify({ Item: { pk: { S: pk }, sk: { N: String(sk) } } }));
        const lines = [
          good('a', 1), // 1
          '{ not json', // 2
          format === 'jsonl' ? JSON.stringify({ sk: 2 }) : JSON.stringify({ Item: { sk: { N: '2' } } }), // 3: no partition key
          format === 'jsonl' ? JSON.stringify({ pk: 'b', sk: '3' }) : JSON.stringify({ Item: { pk: { S: 'b' }, sk: { S: '3' } } }), // 4: sort key is a string
          '', // 5: blank lines are skipped
          '[1, 2]', // 6: not an object
          format === 'jsonl' ? JSON.stringify({ pk: '', sk: 4 }) : JSON.stringify({ pk: { S: '' }, sk: { N: '4' } }), // 7: empty key
          good('e', 6), // 8
          format === 'jsonl' ? JSON.stringify({ pk: 'f', sk: 7 }) : JSON.stringify({ pk: { S: 'f' }, sk: { N: '7' } }), // 9: good (bare item)
        ];
        text = lines.join('\n');
        expectedBad = [2, 3, 4, 6, 7];
      }
      fs.writeFileSync(file, text);
      const report = await importFile(client, name, file, { format, table });
      assert.deepEqual(report.badRows.map((r) => r.line), expectedBad);
      for (const row of report.badRows) assert.ok(row.message.length > 10, `line ${row.line} says why: ${row.message}`);
      const items = await scanAll(client, name);
      const keys = items.map((i) => `${i.pk.S}|${i.sk.N}`).sort();
      const expectedKeys = format === 'csv' ? ['a|1', 'd,4,"quoted" and\nmulti-line|5'] : ['a|1', 'e|6', 'f|7'];
      assert.equal(report.written, items.length);
      assert.equal(report.badRowCount, expectedBad.length);
      assert.deepEqual(keys, expectedKeys);
    });
  }

  it('a read-only connection refuses the import before anything is written', async () => {
    const { name, table } = await newTable('ReadOnlyImport');
    const file = path.join(dir, 'ro.jsonl');
    fs.writeFileSync(file, sampleItems(30).map((i) => JSON.stringify({ pk: i.pk.S, sk: Number(i.sk.N) })).join('\n'));
    const readOnly = testClient(await getTestEndpoint(), { maxAttempts: 1 });
    installReadOnlyGuard(readOnly, 'Local (read-only)', () => true);
    await assert.rejects(importFile(readOnly, name, file, { table }), (err: unknown) => {
      assert.ok(err instanceof TransferStoppedError);
      assert.equal(err.kind, 'readOnly');
      assert.equal(err.report.written, 0);
      return true;
    });
    assert.equal((await scanAll(client, name)).length, 0);
  });

  it('a cancelled import reports exactly the items that were written', async () => {
    const { name, table } = await newTable('CancelImport');
    const file = path.join(dir, 'cancel.jsonl');
    fs.writeFileSync(file, Array.from({ length: 3000 }, (_, i) => JSON.stringify({ pk: `p${i}`, sk: i, pad: 'x'.repeat(100) })).join('\n'));
    const controller = new AbortController();
    const report = await importFile(client, name, file, {
      table,
      concurrency: 2,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.written >= 200) controller.abort();
      },
    });
    assert.equal(report.cancelled, true);
    assert.ok(report.written >= 200 && report.written < 3000, `wrote ${report.written}`);
    assert.equal((await scanAll(client, name)).length, report.written);
  });

  it('duplicate keys in a file: the later row wins, as with single writes', async () => {
    const { name, table } = await newTable('Duplicates');
    const file = path.join(dir, 'dup.jsonl');
    fs.writeFileSync(file, [{ pk: 'a', sk: 1, v: 'first' }, { pk: 'b', sk: 1, v: 'other' }, { pk: 'a', sk: 1, v: 'second' }].map((o) => JSON.stringify(o)).join('\n'));
    const report = await importFile(client, name, file, { table });
    assert.equal(report.written, 3);
    const items = await scanAll(client, name);
    assert.equal(items.find((i) => i.pk.S === 'a')?.v.S, 'second');
  });

  it('an item over 400 KB is a bad row, reported by line before anything is sent', async () => {
    const { name, table } = await newTable('TooLarge');
    const file = path.join(dir, 'large.jsonl');
    const big = 'x'.repeat(420 * 1024);
    fs.writeFileSync(file, Array.from({ length: 10 }, (_, i) => JSON.stringify({ pk: 'p', sk: i, v: i === 4 ? big : 'ok' })).join('\n'));
    const report = await importFile(client, name, file, { table });
    assert.deepEqual(report.badRows.map((r) => r.line), [5]);
    assert.equal(report.written, 9);
    assert.equal((await scanAll(client, name)).length, 9);
  });

  it('an item DynamoDB refuses fails alone, goes to the failed items file, and the rest of its batch is written', async () => {
    // A stale description (key pk only) lets an item without the real sort key through the local checks.
    const { name } = await newTable('Refused');
    const stale = await newTable('RefusedStale', false);
    const file = path.join(dir, 'refused.jsonl');
    const lines = Array.from({ length: 10 }, (_, i) => JSON.stringify(i === 4 ? { pk: 'lost', v: 'no sort key' } : { pk: 'p', sk: i }));
    fs.writeFileSync(file, lines.join('\n'));
    const failedItemsFile = path.join(dir, 'refused.failed.jsonl');
    const report = await importFile(client, name, file, { table: { ...stale.table, TableName: name }, failedItemsFile });
    assert.equal(report.badRowCount, 0);
    assert.equal(report.written, 9);
    assert.equal(report.failed, 1);
    assert.equal(report.failures[0].line, 5);
    assert.match(report.failures[0].message, /key/i);
    assert.equal(report.failedItemsFile, failedItemsFile);
    const saved = fs.readFileSync(failedItemsFile, 'utf8').trim().split('\n');
    assert.deepEqual(saved.map((l) => JSON.parse(l) as unknown), [{ Item: { pk: { S: 'lost' }, v: { S: 'no sort key' } } }]);
    assert.equal((await scanAll(client, name)).length, 9);
  });

  it('copies a whole table to a table on another client exactly, and exports query results', async () => {
    const source = await newTable('CopySource');
    const target = await newTable('CopyTarget');
    await putAll(client, source.name, sampleItems(120));
    const other = testClient(await getTestEndpoint(), { maxAttempts: 5 });
    const progress: number[] = [];
    const report = await copyItems(client, wholeTableSpec(source.name, 3), other, target.name, { onProgress: (p) => progress.push(p.written) });
    assert.equal(report.written, 120);
    assert.equal(report.failed, 0);
    assert.deepEqual(await snapshot(other, target.name), await snapshot(client, source.name));
    assert.equal(progress[progress.length - 1], 120);

    const file = path.join(dir, 'query.jsonl');
    const exported = await exportQuery(client, { ...newQuerySpec(source.name, 'query'), partitionKey: { name: 'pk', type: 'S', value: 'p3' } }, file);
    const expected = (await fetchAll(client, { ...newQuerySpec(source.name, 'query'), partitionKey: { name: 'pk', type: 'S', value: 'p3' } })).items.length;
    assert.equal(exported.items, expected);
    assert.equal(fs.readFileSync(file, 'utf8').trim().split('\n').length, expected);
  });

  it('a copy to a table with another key schema reports the items that lack its key and writes the others', async () => {
    const source = await newTable('CopyKeysSource');
    const target = await newTable('CopyKeysTarget', false);
    await putAll(client, source.name, [
      { pk: { S: 'a' }, sk: { N: '1' } },
      { pk: { S: 'b' }, sk: { N: '2' } },
    ]);
    // The target's key is pk alone: both items fit. Copy the other way round to see the refusals.
    const forward = await copyItems(client, wholeTableSpec(source.name, 1), client, target.name);
    assert.equal(forward.written, 2);
    const third = await newTable('CopyKeysThird');
    await putAll(client, target.name, [{ pk: { S: 'no-sort-key' } }]);
    const back = await copyItems(client, wholeTableSpec(target.name, 1), client, third.name);
    assert.equal(back.written, 2);
    assert.equal(back.badRowCount, 1);
    assert.match(back.badRows[0].message, /no-sort-key/);
    assert.match(back.badRows[0].message, /sk/);
    assert.equal((await scanAll(client, third.name)).length, 2);
  });

  it('an unreadable file is reported as such', async () => {
    const { name, table } = await newTable('Missing');
    await assert.rejects(importFile(client, name, path.join(dir, 'nope.jsonl'), { table }), (err: unknown) => err instanceof StudioError && err.kind === 'notFound');
  });
});
