// Fuzz against DynamoDB Local: a few hundred hostile documents through the real read-and-save path, hostile import
// files through importFile, and PartiQL writes in disguise through a read-only connection of the real client pool.
// Afterwards each table holds exactly what was valid: nothing from a refused input, nothing through read-only.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fc from 'fast-check';
import {
  BatchExecuteStatementCommand,
  DeleteItemCommand,
  ExecuteStatementCommand,
  ExecuteTransactionCommand,
  PutItemCommand,
  ScanCommand,
  UpdateItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { DynamoClientPool } from '../../../src/services/aws/clientPool';
import { isReadOnlyStatement } from '../../../src/services/aws/readOnlyGuard';
import type { Connection } from '../../../src/services/aws/connections';
import { StudioError } from '../../../src/model/errors';
import { ItemStore } from '../../../src/services/itemsave';
import { itemsEqual, itemToText, readItemDocument, type Item, type ItemNotation, type KeyAttribute } from '../../../src/model/items';
import { importFile, type TransferFormat } from '../../../src/services/transfer/import';
import { itemArbitrary } from '../../unit/items/itemArbitraries';
import { assertPrototypesClean, FUZZ_SEED, FuzzTally } from '../../unit/fuzz/fuzzSupport';
import { hostileDocument } from '../../unit/fuzz/hostileDocuments';
import { importFileArbitrary } from '../../unit/fuzz/hostileImport';
import { createPkTable, deleteTables, getTestEndpoint, testClient, uniqueTableName } from '../dynamoLocal';

const KEY: KeyAttribute[] = [{ name: 'pk', type: 'S' }];

async function scanAll(client: DynamoDBClient, table: string): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start, ConsistentRead: true }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

const sample = <T>(arb: fc.Arbitrary<T>, numRuns: number): T[] => fc.sample(arb, { seed: FUZZ_SEED, numRuns });

describe('fuzz against DynamoDB Local: nothing invalid is written', function () {
  this.timeout(600_000);
  const tally = new FuzzTally();
  tally.printAfter();
  const tables: string[] = [];
  let client: DynamoDBClient;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-integration-'));

  before(async () => {
    client = testClient(await getTestEndpoint());
  });

  after(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (client) await deleteTables(client, tables);
  });

  async function newTable(label: string): Promise<string> {
    const table = uniqueTableName(label);
    tables.push(table);
    await createPkTable(client, table);
    return table;
  }

  it('hostile documents: refused ones write nothing, accepted ones are stored exactly', async () => {
    const table = await newTable('fuzz-docs');
    const store = new ItemStore(client, { tableName: table, keySchema: KEY });
    const expected = new Map<string, Item>();
    const docs: { notation: ItemNotation; text: string }[] = [];
    for (const notation of ['dynamodb', 'plain'] as const) {
      for (const d of sample(hostileDocument(notation), 150)) docs.push({ notation, text: d.text });
      // Valid items with hostile names and values, so that plenty reach DynamoDB.
      sample(itemArbitrary({ storable: true, maxChain: 10 }), 40).forEach((item, i) => {
        Object.defineProperty(item, 'pk', { value: { S: `valid-${notation}-${i}` }, enumerable: true, writable: true, configurable: true });
        docs.push({ notation, text: itemToText(item, notation, { keySchema: KEY }) });
      });
    }
    let refused = 0;
    const refusedByDynamo: string[] = [];
    for (const { notation, text } of docs) {
      tally.add('documents');
      const read = readItemDocument(text, notation, { keySchema: KEY });
      assertPrototypesClean('after reading a document');
      if (!read.ok) {
        refused++;
        continue;
      }
      let result;
      try {
        result = await store.save(undefined, read.item);
      } catch (err) {
        // A document the checks let through but DynamoDB refused: a gap in the checks, reported below.
        refusedByDynamo.push(`${(err as Error).message.slice(0, 300)} — ${text.slice(0, 200)}`);
        continue;
      }
      const pk = read.item.pk.S!;
      if (result.status === 'saved') {
        const stored = { ...read.item };
        // DynamoDB stores a top-level "__proto__"; the SDK cannot read it back (the document warns about this).
        delete (stored as Record<string, unknown>)['__proto__'];
        // A create finding the very same item already there counts as done (a retried request); anything else is refused.
        if (expected.has(pk)) assert.ok(itemsEqual(expected.get(pk)!, stored), `a second create of ${pk} replaced a different item`);
        expected.set(pk, stored);
      } else {
        assert.equal(result.status, 'conflict');
        assert.ok(expected.has(pk), `create of ${pk} refused as ${result.status} though no item has that key`);
      }
    }
    assert.deepEqual(refusedByDynamo, [], 'documents that passed the checks were refused by DynamoDB');
    const stored = await scanAll(client, table);
    const unexpected = stored.filter((item) => !expected.has(item.pk.S!)).map((item) => item.pk.S);
    tally.writes += unexpected.length;
    assert.deepEqual(unexpected, [], 'items that no accepted document holds are in the table');
    assert.equal(stored.length, expected.size, 'items missing from the table');
    for (const item of stored) assert.ok(itemsEqual(item, expected.get(item.pk.S!)!), `the stored ${item.pk.S} differs from its document`);
    assert.ok(refused > 100 && expected.size > 50, `too few of either kind to mean anything: ${refused} refused, ${expected.size} stored`);
  });

  for (const format of ['jsonl', 'dynamodb-json', 'csv'] as TransferFormat[]) {
    it(`${format} import: bad rows are reported and absent, good rows are present`, async () => {
      const table = await newTable(`fuzz-import-${format}`);
      const files = sample(importFileArbitrary(format, 40), 3);
      const writtenRows: number[] = [];
      for (const [n, file] of files.entries()) {
        tally.add('import rows', file.rowLines.length);
        const target = path.join(dir, `${format}-${n}.${format === 'csv' ? 'csv' : 'jsonl'}`);
        fs.writeFileSync(target, file.text);
        const report = await importFile(client, table, target, { format });
        assert.equal(report.failed, 0, JSON.stringify(report.failures.slice(0, 3)));
        const badLines = report.badRows.map((r) => r.line);
        for (const line of file.badLines) assert.ok(badLines.includes(line), `the bad row on line ${line} was not reported`);
        writtenRows.push(report.written);
      }
      const stored = await scanAll(client, table);
      const keys = new Set(stored.map((item) => item.pk.S));
      const leaked = files.flatMap((f) => f.badKeys).filter((k) => keys.has(k));
      tally.writes += leaked.length;
      assert.deepEqual(leaked, [], 'rows that are not valid items are in the table');
      for (const k of files.flatMap((f) => f.goodKeys)) assert.ok(keys.has(k), `the valid row ${k} is missing`);
      const written = writtenRows.reduce((a, b) => a + b, 0);
      assert.ok(stored.length <= written, `${stored.length} items in the table, but only ${written} rows were written`);
    });
  }

  it('PartiQL writes in disguise and every write operation are refused through a read-only connection; the table is unchanged', async () => {
    const table = await newTable('fuzz-readonly');
    const seed: Item[] = Array.from({ length: 5 }, (_, i) => ({ pk: { S: `fuzz-${'ab'[i % 2]}${i}` }, v: { N: String(i) } }));
    seed.push({ pk: { S: 'fuzz-a' }, v: { S: 'original' } });
    for (const item of seed) await client.send(new PutItemCommand({ TableName: table, Item: item }));
    const before = await scanAll(client, table);

    const endpoint = await getTestEndpoint();
    const pool = new DynamoClientPool(async () => ({ accessKeyId: 'local', secretAccessKey: 'local' }), { modeOf: () => 'readOnly' });
    const conn: Connection = { id: 'endpoint:FuzzReadOnly', kind: 'endpoint', name: 'FuzzReadOnly', defaultRegion: 'us-east-1', endpoint, readOnly: true, problems: [] };
    try {
      const ro = await pool.get(conn, 'us-east-1');
      const statements = partiqlWrites(table);
      let refusedByGuard = 0;
      let sentAsReads = 0;
      for (const statement of statements) {
        tally.add('partiql');
        const attempts = [
          () => ro.send(new ExecuteStatementCommand({ Statement: statement })),
          () => ro.send(new BatchExecuteStatementCommand({ Statements: [{ Statement: `SELECT * FROM "${table}"` }, { Statement: statement }] })),
          () => ro.send(new ExecuteTransactionCommand({ TransactStatements: [{ Statement: statement }] })),
        ];
        for (const attempt of attempts) {
          try {
            await attempt();
            // Reached DynamoDB: only a statement the guard judged a read may, and it must not have written.
            assert.ok(isReadOnlyStatement(statement), `a write went through: ${JSON.stringify(statement)}`);
            sentAsReads++;
          } catch (err) {
            if (err instanceof StudioError && err.kind === 'readOnly') refusedByGuard++;
            else assert.ok(isReadOnlyStatement(statement), `not refused by the guard: ${JSON.stringify(statement)}: ${(err as Error).message}`);
          }
        }
      }
      const writes = [
        () => ro.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'fuzz-new' } } })),
        () => ro.send(new UpdateItemCommand({ TableName: table, Key: { pk: { S: 'fuzz-a' } }, UpdateExpression: 'SET v = :v', ExpressionAttributeValues: { ':v': { S: 'changed' } } })),
        () => ro.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: 'fuzz-a' } } })),
      ];
      for (const write of writes) {
        tally.add('partiql');
        await assert.rejects(write, (err: unknown) => err instanceof StudioError && err.kind === 'readOnly');
      }
      assert.ok(refusedByGuard > statements.length, `the guard refused only ${refusedByGuard} of ${statements.length * 3} attempts`);
      console.log(`      read-only: ${refusedByGuard} refused by the guard, ${sentAsReads} genuine reads sent`);
    } finally {
      pool.dispose();
    }
    const after = await scanAll(client, table);
    const key = (items: Item[]) => JSON.stringify(items.map((i) => JSON.stringify(i)).sort());
    const changed = key(after) !== key(before);
    if (changed) tally.writes++;
    assert.equal(key(after), key(before), 'the table changed through a read-only connection');
  });
});

/** Writes DynamoDB's PartiQL accepts, disguised as the unit fuzz suite disguises them, on a real table. */
function partiqlWrites(table: string): string[] {
  const writes = [
    `INSERT INTO "${table}" VALUE {'pk': 'fuzz-insert'}`,
    `UPDATE "${table}" SET v = 'changed' WHERE pk = 'fuzz-a'`,
    `DELETE FROM "${table}" WHERE pk = 'fuzz-a'`,
    `UPDATE "${table}" REMOVE v WHERE pk = 'fuzz-a'`,
  ];
  const disguises = [
    (w: string) => w,
    (w: string) => w.toLowerCase(),
    (w: string) => `/* SELECT */ ${w}`,
    (w: string) => `-- SELECT\n${w}`,
    (w: string) => `\u00a0\ufeff\t${w}`,
    (w: string) => `;${w}`,
    (w: string) => `SELECT * FROM "${table}"; ${w}`,
    (w: string) => `-- c\rSELECT * FROM "${table}"\n${w}`,
    (w: string) => `/* /* */ SELECT * FROM "${table}" */ ${w}`,
    (w: string) => `SELECT * FROM "${table}" WHERE pk = 'x'';'; ${w}`,
    (w: string) => `ЅELECT ${w}`,
    (w: string) => `(${w})`,
  ];
  return writes.flatMap((w) => disguises.map((d) => d(w)));
}
