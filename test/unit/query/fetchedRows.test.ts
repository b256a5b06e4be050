// The viewer's fetched rows: one bounded window in memory, every row in a temporary file. Items of every attribute
// type, binary and 38-digit numbers included, come back exactly.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FetchedRows } from '../../../src/services/query/fetchedRows';
import { itemFromDynamoJsonLine } from '../../../src/model/transfer/lines';
import type { Item } from '../../../src/model/items/types';
import { itemToDynamoJsonLine } from '../../../src/model/transfer/lines';

function item(i: number): Item {
  return {
    pk: { S: `p${i % 7}` },
    sk: { N: String(i) },
    big: { N: `1234567890123456789012345678901234567${i % 10}` },
    raw: { B: new Uint8Array([i % 256, 0, 255]) },
    tags: { SS: ['a', `t${i}`] },
    nested: { M: { list: { L: [{ NULL: true }, { BOOL: i % 2 === 0 }] } } },
    text: { S: `row ${i} ü ✓` },
  };
}
const lineOf = (i: number) => itemToDynamoJsonLine(item(i));
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);

describe('FetchedRows (the viewer window and its spill file)', () => {
  let tempDir: string;
  const open: FetchedRows[] = [];
  const make = (windowSize: number) => {
    const rows = new FetchedRows({ windowSize, keyNames: ['pk', 'sk'], tempDir });
    open.push(rows);
    return rows;
  };
  beforeEach(() => (tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fetched-rows-test-'))));
  afterEach(() => {
    for (const r of open.splice(0)) r.dispose();
    fs.rmSync(tempDir, { recursive: true, force: true });
  });

  it('keeps at most one window in memory while every row goes to the file', async () => {
    const rows = make(100);
    let joined = 0;
    for (let page = 0; page < 7; page++) joined += (await rows.append(range(page * 45, page * 45 + 45).map(item))).length;
    assert.equal(joined, 100, 'only the first window joins the grid');
    assert.deepEqual(rows.windowLines(), range(0, 100).map(lineOf));
    assert.deepEqual(rows.info(), { start: 0, rows: 100, fetched: 315, size: 100, deleted: 0 });
    assert.equal(rows.windowCount, 4);
    assert.equal(fs.readFileSync(rows.file, 'utf8').split('\n').filter(Boolean).length, 315);
  });

  it('pages forward and back to exactly the rows of each window, and past the end to the last one', async () => {
    const rows = make(100);
    await rows.append(range(0, 250).map(item));
    assert.deepEqual(await rows.showWindow(1), range(100, 200).map(lineOf));
    assert.deepEqual(rows.info(), { start: 100, rows: 100, fetched: 250, size: 100, deleted: 0 });
    assert.deepEqual(await rows.showWindow(2), range(200, 250).map(lineOf));
    assert.deepEqual(await rows.showWindow(0), range(0, 100).map(lineOf));
    assert.deepEqual(await rows.showWindow(99), range(200, 250).map(lineOf));
    // Rows fetched while the last window is shown join it until it is full.
    const joined = await rows.append(range(250, 330).map(item));
    assert.deepEqual(joined, range(250, 300).map(lineOf));
    assert.deepEqual(rows.windowLines(), range(200, 300).map(lineOf));
    assert.deepEqual(await rows.showWindow(3), range(300, 330).map(lineOf));
  });

  it('keeps the order of appends made at once (parallel scan segments) and every item exact', async () => {
    const rows = make(1000);
    await Promise.all([rows.append(range(0, 30).map(item)), rows.append(range(30, 60).map(item)), rows.append(range(60, 90).map(item))]);
    const back: Item[] = [];
    for await (const it of rows.items()) back.push(it);
    assert.deepEqual(back, range(0, 90).map(item));
    assert.deepEqual(rows.windowLines().map(itemFromDynamoJsonLine), range(0, 90).map(item));
  });

  it('exports every fetched row from the file, in order, without the deleted ones', async () => {
    const rows = make(50);
    await rows.append(range(0, 180).map(item));
    await rows.showWindow(1);
    const removed = await rows.remove([{ pk: { S: 'p3' }, sk: { N: '52' } }, { pk: { S: 'p5' }, sk: { N: '68' } }]);
    assert.equal(removed, 2);
    assert.deepEqual(rows.info(), { start: 50, rows: 48, fetched: 178, size: 50, deleted: 2 });
    const exported: Item[] = [];
    for await (const it of rows.items()) exported.push(it);
    assert.deepEqual(exported, range(0, 180).filter((i) => i !== 52 && i !== 68).map(item));
    // Paging away and back skips them too.
    await rows.showWindow(0);
    assert.deepEqual(await rows.showWindow(1), range(50, 100).filter((i) => i !== 52 && i !== 68).map(lineOf));
  });

  it('removes its temporary file when disposed, even with a write in flight', async () => {
    const rows = make(10);
    await rows.append(range(0, 25).map(item));
    assert.ok(fs.existsSync(rows.file));
    const mode = fs.statSync(rows.file).mode & 0o777;
    assert.equal(mode, 0o600, 'only the user can read the fetched rows');
    const late = rows.append(range(25, 30).map(item));
    rows.dispose();
    assert.equal(fs.existsSync(rows.file), false);
    assert.equal(fs.existsSync(path.dirname(rows.file)), false);
    await assert.rejects(late, /closed/);
    await assert.rejects(rows.showWindow(1), /closed/);
    assert.deepEqual(fs.readdirSync(tempDir), []);
  });

  it('refuses a window that is not a whole number of rows, saying which setting to fix', () => {
    assert.throws(() => new FetchedRows({ windowSize: 0, keyNames: ['pk'], tempDir }), (e: Error & { hint?: string }) => /whole number of rows/.test(e.message) && /viewerWindowRows/.test(e.hint ?? ''));
    assert.deepEqual(fs.readdirSync(tempDir), [], 'no file is made');
  });
});
