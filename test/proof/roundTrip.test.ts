// Proof, part 3: at least 10,000 seeded random items through every path that carries an item, against DynamoDB
// Local, compared with what DynamoDB stored: zero differences. The items come from the same generator as the unit
// property tests (38-digit numbers, every set type, binary, empty strings, nesting to depth 32, odd and non-ASCII
// names), plus items padded to just under 400 KB.
//
// Paths: JSON document (DynamoDB JSON) saved with the product's save and read back; plain notation; the item form;
// the table viewer's wire protocol (rows message); export → import in JSON Lines, DynamoDB JSON and CSV; copy between
// two tables; PartiQL INSERT (of the items PartiQL can write: it has no binary literal) and SELECT of every item.
//
// ROUNDTRIP_SEED=<n> replays a run (the seed is printed).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fc from 'fast-check';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { canonicalNumber, itemSize, itemsEqual, itemToText, textToItem, validateItem, type AttributeValue, type Item, type KeyAttribute } from '../../src/model/items';
import { formEntriesFromWire, formEntriesToText } from '../../src/model/items/formValues';
import { ItemEditorToHost, ItemEditorToWebview, parseMessage } from '../../src/protocol/messages';
import { itemToWire, parseWireItems, ViewerEvent, wireToItem } from '../../src/protocol/tableViewer';
import { ItemStore } from '../../src/services/itemsave';
import { fetchAll, runPage } from '../../src/services/query/runner';
import { exportItems, exportTable } from '../../src/services/transfer/export';
import { importFile, type TransferFormat } from '../../src/services/transfer/import';
import { copyItems, wholeTableSpec } from '../../src/services/transfer/copy';
import { createPkTable, deleteTables, getTestEndpoint, mapWithConcurrency, testClient, uniqueTableName } from '../integration/dynamoLocal';
import { itemArbitrary, strictDifference } from '../unit/items/itemArbitraries';
import { printProofLine, seedFrom } from './proofSupport';

const ITEMS = 10_000;
const LARGE_ITEMS = 24;
const KEY: KeyAttribute[] = [{ name: 'pk', type: 'S' }];

/** A PartiQL literal of a value, or undefined when PartiQL has none (binary). */
function partiqlLiteral(v: AttributeValue): string | undefined {
  const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
  const number = (n: string) => canonicalNumber(n) ?? n;
  if (v.S !== undefined) return quote(v.S);
  if (v.N !== undefined) return number(v.N);
  if (v.BOOL !== undefined) return v.BOOL ? 'true' : 'false';
  if (v.NULL !== undefined) return 'null';
  if (v.SS !== undefined) return `<<${v.SS.map(quote).join(', ')}>>`;
  if (v.NS !== undefined) return `<<${v.NS.map(number).join(', ')}>>`;
  if (v.L !== undefined) {
    const parts = v.L.map(partiqlLiteral);
    return parts.includes(undefined) ? undefined : `[${parts.join(', ')}]`;
  }
  if (v.M !== undefined) return partiqlMap(v.M);
  return undefined;
}

function partiqlMap(m: Record<string, AttributeValue>): string | undefined {
  const parts: string[] = [];
  for (const k of Object.keys(m)) {
    const value = partiqlLiteral(m[k]);
    if (value === undefined) return undefined;
    parts.push(`'${k.replace(/'/g, "''")}': ${value}`);
  }
  return `{${parts.join(', ')}}`;
}

const chunks = <T>(list: T[], size: number): T[][] => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, i * size + size));

interface PathTally {
  items: number;
  differences: string[];
}

describe('proof: round trips of random items through every path (DynamoDB Local)', function () {
  this.timeout(900_000);
  const seed = seedFrom('ROUNDTRIP_SEED');
  let client: DynamoDBClient;
  let tmp: string;
  const source = uniqueTableName('proof-rt-source');
  const created: string[] = [source];
  let items: Item[] = [];
  /** The items as DynamoDB stored them (read back after the save), by partition key. */
  const stored = new Map<string, Item>();
  const paths = new Map<string, PathTally>();
  let invalid = 0;

  const tally = (name: string) => {
    let t = paths.get(name);
    if (!t) paths.set(name, (t = { items: 0, differences: [] }));
    return t;
  };
  const check = (pathName: string, pk: string, actual: Item | undefined, exact: boolean) => {
    const t = tally(pathName);
    t.items++;
    const expected = stored.get(pk);
    let difference: string | undefined;
    if (!expected) difference = 'no stored item to compare with';
    else if (!actual) difference = 'missing after the round trip';
    else if (exact) difference = strictDifference(actual, expected);
    else if (!itemsEqual(actual, expected)) difference = strictDifference(actual, expected) ?? 'differs';
    if (difference && t.differences.length < 1000) t.differences.push(`${pk}: ${difference}`);
  };
  const byPk = (list: Item[]) => new Map(list.map((i) => [i.pk.S as string, i]));
  const scanAll = async (table: string) => (await fetchAll(client, wholeTableSpec(table, 4))).items;

  before(async () => {
    client = testClient(await getTestEndpoint());
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dynamodb-studio-proof-rt-'));
    console.log(`      round trips: seed ${seed} (replay with ROUNDTRIP_SEED=${seed})`);
    const random = fc.sample(itemArbitrary({ storable: true }), { seed, numRuns: ITEMS });
    items = random.map((r, i) => ({ ...r, pk: { S: `rt-${i}` } }));
    // Items just under DynamoDB's 400 KB limit.
    const large = fc.sample(itemArbitrary({ storable: true, maxChain: 8 }), { seed: seed + 1, numRuns: LARGE_ITEMS });
    large.forEach((r, i) => {
      const item: Item = { ...r, pk: { S: `rt-large-${i}` }, pad: { S: '' } };
      item.pad = { S: 'x'.repeat(409_600 - 64 - itemSize(item)) };
      items.push(item);
    });
    // The generator also makes items DynamoDB refuses (nesting beyond 32 levels); validation says so, and they are left out.
    items = items.filter((item) => {
      const ok = validateItem(item, { keySchema: KEY }).every((p) => p.severity !== 'error');
      if (!ok) invalid++;
      return ok;
    });
    await createPkTable(client, source);
  });

  after(async () => {
    if (client) await deleteTables(client, created);
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('JSON document (DynamoDB JSON) → the product save → read back', async () => {
    const store = new ItemStore(client, { tableName: source, keySchema: KEY });
    await mapWithConcurrency(items, 16, async (item) => {
      const parsed = textToItem(itemToText(item, 'dynamodb', { keySchema: KEY }), 'dynamodb');
      assert.ok(parsed.ok, `the document of ${item.pk.S} does not read back`);
      const saved = await store.save(undefined, parsed.item);
      assert.equal(saved.status, 'saved', `${item.pk.S}: ${saved.status === 'conflict' ? saved.message : saved.status}`);
    });
    // Read back with one parallel scan (the item editor reads the same values with GetItem; a scan is faster here).
    for (const back of await scanAll(source)) stored.set(back.pk.S as string, back);
    for (const item of items) {
      const back = stored.get(item.pk.S as string);
      // Compared by value with what was generated (DynamoDB may rewrite number text and set order).
      const t = tally('document');
      t.items++;
      if ((!back || !itemsEqual(back, item)) && t.differences.length < 1000) t.differences.push(`${item.pk.S}: ${back ? strictDifference(back, item) : 'not stored'}`);
    }
  });

  it('plain notation, the item form and the viewer wire protocol carry every stored item exactly', () => {
    for (const [pk, item] of stored) {
      const plain = textToItem(itemToText(item, 'plain', { keySchema: KEY }), 'plain');
      check('plain', pk, plain.ok ? plain.item : undefined, true);

      // The form: the host's load message, the form's rows, the edit message back, read as the host reads it.
      const load = parseMessage(ItemEditorToWebview, { type: 'load', text: itemToText(item, 'dynamodb', { keySchema: KEY }), title: pk, keySchema: KEY, readOnly: false });
      assert.ok(load.ok && load.message.type === 'load', `the load message of ${pk} does not validate`);
      const rows = formEntriesFromWire(JSON.parse(load.message.text) as Record<string, Record<string, unknown>>);
      const edit = parseMessage(ItemEditorToHost, { type: 'edit', text: formEntriesToText(rows) });
      assert.ok(edit.ok && edit.message.type === 'edit', `the edit message of ${pk} does not validate`);
      const fromForm = textToItem(edit.message.text, 'dynamodb');
      check('form', pk, fromForm.ok ? fromForm.item : undefined, true);
    }
  });

  it('the table viewer wire protocol: a scan sent as rows messages, validated and read by the webview', async () => {
    const page: Item[] = [];
    await fetchAll(client, wholeTableSpec(source, 4), {
      collect: false,
      onItems: (batch) => {
        page.push(...batch);
      },
    });
    for (let i = 0; i < page.length; i += 500) {
      const event = parseMessage(ViewerEvent, { type: 'rows', runId: 1, reset: i === 0, itemsJson: JSON.stringify(page.slice(i, i + 500).map(itemToWire)) });
      assert.ok(event.ok && event.message.type === 'rows', 'a rows message does not validate');
      const parsed = parseWireItems(event.message.itemsJson);
      assert.ok(parsed.ok, parsed.ok ? '' : parsed.problem);
      for (const wire of parsed.items) {
        const item = wireToItem(wire);
        check('viewer-wire', item.pk.S as string, item, true);
      }
    }
    assert.equal(page.length, stored.size, 'the scan did not return every item');
  });

  for (const format of ['jsonl', 'dynamodb-json', 'csv'] as TransferFormat[]) {
    it(`export (${format}) → import into another table`, async () => {
      const target = uniqueTableName(`proof-rt-${format}`);
      created.push(target);
      await createPkTable(client, target);
      // A CSV has a column per attribute name; random items have thousands of names, so CSV goes in files of 400
      // items (exported as the viewer exports its rows). The other formats export the whole table.
      const batches = format === 'csv' ? chunks([...stored.values()], 400) : [undefined];
      const totals = { written: 0, failed: 0, bad: 0 };
      for (const [i, batch] of batches.entries()) {
        const file = path.join(tmp, `export-${i}.${format === 'csv' ? 'csv' : 'jsonl'}`);
        const exported = batch ? await exportItems(batch, file, { format, keyNames: ['pk'] }) : await exportTable(client, source, file, { format });
        assert.equal(exported.items, batch?.length ?? stored.size);
        const report = await importFile(client, target, file, { format });
        totals.written += report.written;
        totals.failed += report.failed;
        totals.bad += report.badRowCount;
        assert.equal(report.badRowCount, 0, JSON.stringify(report.badRows.slice(0, 3)));
        fs.rmSync(file);
      }
      assert.deepEqual(totals, { written: stored.size, failed: 0, bad: 0 });
      const back = byPk(await scanAll(target));
      for (const pk of stored.keys()) check(`export-import-${format}`, pk, back.get(pk), false);
      assert.equal(back.size, stored.size);
      await deleteTables(client, [target]);
    });
  }

  it('copy between two tables', async () => {
    const target = uniqueTableName('proof-rt-copy');
    created.push(target);
    await createPkTable(client, target);
    const report = await copyItems(client, wholeTableSpec(source, 4), client, target, { failedItemsFile: path.join(tmp, 'copy.failed.jsonl') });
    assert.deepEqual({ written: report.written, failed: report.failed }, { written: stored.size, failed: 0 });
    const back = byPk(await scanAll(target));
    for (const pk of stored.keys()) check('copy', pk, back.get(pk), false);
    await deleteTables(client, [target]);
  });

  it('PartiQL: INSERT of every item PartiQL can write, SELECT of every item', async () => {
    const target = uniqueTableName('proof-rt-partiql');
    created.push(target);
    await createPkTable(client, target);
    const statement = (item: Item) => {
      const value = partiqlMap(item);
      return value === undefined ? undefined : `INSERT INTO "${target}" VALUE ${value}`;
    };
    // PartiQL has no binary literal, and DynamoDB takes statements of at most 8,192 characters.
    const insertable = [...stored.values()].filter((item) => (statement(item)?.length ?? Infinity) <= 8192);
    assert.ok(insertable.length >= stored.size / 3, `only ${insertable.length} items can be written in PartiQL`);
    await mapWithConcurrency(insertable, 16, async (item) => {
      await runPage(client, { kind: 'partiql', table: target, filters: [], filterJoin: 'AND', statement: statement(item) });
    });
    const inserted = byPk((await fetchAll(client, { kind: 'partiql', table: target, filters: [], filterJoin: 'AND', statement: `SELECT * FROM "${target}"` })).items);
    for (const item of insertable) check('partiql-insert', item.pk.S as string, inserted.get(item.pk.S as string), false);
    const selected = byPk((await fetchAll(client, { kind: 'partiql', table: source, filters: [], filterJoin: 'AND', statement: `SELECT * FROM "${source}"` })).items);
    for (const pk of stored.keys()) check('partiql-select', pk, selected.get(pk), false);
    await deleteTables(client, [target]);
  });

  after(() => {
    if (paths.size === 0) return;
    const lines = [...paths].map(([name, t]) => `${name} ${t.items}${t.differences.length ? ` (${t.differences.length} different)` : ''}`);
    console.log(`      round trips per path: ${lines.join(', ')}; ${invalid} generated items refused by validation`);
  });

  it('tally: at least 10,000 items over at least 7 paths, zero differences', () => {
    const differences = [...paths.values()].reduce((n, t) => n + t.differences.length, 0);
    const shown = [...paths].flatMap(([name, t]) => t.differences.slice(0, 3).map((d) => `${name}: ${d}`));
    assert.equal(differences, 0, `differences (ROUNDTRIP_SEED=${seed}):\n${shown.join('\n')}`);
    assert.ok(stored.size >= 10_000, `only ${stored.size} items were stored`);
    const complete = [...paths].filter(([, t]) => t.items >= 10_000);
    assert.ok(paths.size >= 7 && complete.length >= 7, `paths with 10,000 items: ${complete.map(([n]) => n).join(', ')}`);
    printProofLine(`proof roundtrip ${stored.size} paths ${paths.size} differences ${differences} seed ${seed}`);
  });
});
