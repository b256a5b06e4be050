// Fetch all into the viewer's bounded window (services/query/fetchedRows.ts) against DynamoDB Local: every item of
// the table lands in the spill file exactly once, windows page back to exactly the rows they held, and the export of
// what was fetched equals the table. A read that fails in the middle (a local server answering DynamoDB's Scan wire
// format, which goes away after some pages) keeps every row read before the failure.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DynamoDBClient, ScanCommand, type DynamoDBClient as Client, type TableDescription } from '@aws-sdk/client-dynamodb';
import { newQuerySpec } from '../../../src/model/query/querySpec';
import { FetchStoppedError, fetchAll } from '../../../src/services/query/runner';
import { FetchedRows } from '../../../src/services/query/fetchedRows';
import { itemFromDynamoJsonLine } from '../../../src/model/transfer/lines';
import { exportItems } from '../../../src/services/transfer/export';
import { itemToDynamoJsonLine } from '../../../src/model/transfer/lines';
import { fromDynamoJsonItem } from '../../../src/model/items/codec';
import type { Item } from '../../../src/model/items/types';
import { createBenchTable, fillTable } from '../../../bench/scan';
import { GENERATED_TABLE, startScanServer } from '../../servers/scanServer';
import { deleteTables, getTestEndpoint, TEST_CREDENTIALS, TEST_REGION, testClient, uniqueTableName } from '../dynamoLocal';

const ITEMS = 730;
const WINDOW = 100;

async function scanAll(client: Client, table: string): Promise<Item[]> {
  const items: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start as never }));
    for (const it of page.Items ?? []) items.push(it as Item);
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}
const lines = (items: readonly Item[]) => items.map(itemToDynamoJsonLine);

describe('viewer window over a Fetch all (DynamoDB Local)', function () {
  this.timeout(120_000);
  let client: Client;
  let tempDir: string;
  const name = uniqueTableName('ViewerWindow');
  let table: Item[];

  before(async () => {
    client = testClient(await getTestEndpoint());
    await createBenchTable(client, name);
    await fillTable(client, name, ITEMS);
    table = await scanAll(client, name);
    assert.equal(table.length, ITEMS);
  });
  after(async () => {
    if (client) await deleteTables(client, [name]);
  });
  beforeEach(() => (tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'viewer-window-it-'))));
  afterEach(() => fs.rmSync(tempDir, { recursive: true, force: true }));

  for (const segments of [1, 4]) {
    it(`${segments === 1 ? 'a sequential scan' : 'a parallel scan of 4 segments'}: the window stays bounded, paging back returns its rows, the export equals the table`, async () => {
      const rows = new FetchedRows({ windowSize: WINDOW, keyNames: ['pk', 'sk'], tempDir });
      try {
        let largestWindow = 0;
        // Small pages, so the window fills while the read goes on.
        const result = await fetchAll(client, { ...newQuerySpec(name), pageSize: 60, segments }, {
          collect: false,
          onItems: async (items) => {
            await rows.append(items);
            largestWindow = Math.max(largestWindow, rows.windowLines().length);
          },
        });
        assert.equal(result.count, ITEMS);
        assert.equal(rows.count, ITEMS);
        assert.equal(largestWindow, WINDOW, 'the window never holds more than its size');
        assert.equal(rows.windowCount, Math.ceil(ITEMS / WINDOW));

        // Every window, forward then back: the windows together are the table, each exactly once.
        const seen: string[][] = [];
        for (let k = 0; k < rows.windowCount; k++) seen.push([...(await rows.showWindow(k))]);
        for (let k = rows.windowCount - 1; k >= 0; k--) assert.deepEqual(await rows.showWindow(k), seen[k], `window ${k} on the way back`);
        assert.deepEqual(seen.map((w) => w.length), [...Array(7).fill(WINDOW), ITEMS - 7 * WINDOW]);
        assert.deepEqual(seen.flat().sort(), lines(table).sort());

        // Export of what was fetched, read back from the file: the table, item for item.
        const file = path.join(tempDir, 'fetched.ddb.json');
        const report = await exportItems(rows.items(), file, { format: 'dynamodb-json' });
        assert.equal(report.items, ITEMS);
        const exported = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => fromDynamoJsonItem((JSON.parse(l) as { Item: never }).Item));
        assert.deepEqual(lines(exported).sort(), lines(table).sort());
      } finally {
        rows.dispose();
      }
      assert.deepEqual(fs.readdirSync(tempDir).filter((n) => n.startsWith('dynamodb-studio-rows-')), [], 'the temporary file is gone after dispose');
    });
  }

  it('a read that fails in the middle keeps every row fetched before the failure, in the windows and the export', async () => {
    const server = await startScanServer({ items: 1000, pageItems: 70, failAfterPages: 4 });
    const failing = new DynamoDBClient({ endpoint: server.endpoint, region: TEST_REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    const rows = new FetchedRows({ windowSize: WINDOW, keyNames: ['pk', 'sk'], tempDir });
    try {
      const table: TableDescription = { KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }] };
      const err = await fetchAll(failing, newQuerySpec(GENERATED_TABLE), { collect: false, table, onItems: async (items) => void (await rows.append(items)) }).then(
        () => assert.fail('the read should have failed'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof FetchStoppedError, `a FetchStoppedError, not ${String(err)}`);
      assert.equal(err.partial.count, 280, '4 pages of 70 were read');
      assert.deepEqual(err.partial.cursor, { exclusiveStartKey: { pk: { S: 'customer#00279' }, sk: { N: '279' } } }, 'it continues after the last kept row');
      assert.equal(rows.count, 280);
      const expected = Array.from({ length: 280 }, (_, i) => String(i));
      const windows: string[] = [];
      for (let k = 0; k < rows.windowCount; k++) for (const l of await rows.showWindow(k)) windows.push((itemFromDynamoJsonLine(l).sk as { N: string }).N);
      assert.deepEqual(windows, expected);
      const exported: string[] = [];
      for await (const it of rows.items()) exported.push((it.sk as { N: string }).N);
      assert.deepEqual(exported, expected);
    } finally {
      rows.dispose();
      failing.destroy();
      await server.close();
    }
  });
});
