// The viewer's data layer against DynamoDB Local: every sort key operator, every filter kind on awkward names and
// nested paths, paging, limit-until-N, parallel scans, PartiQL paging, cancel and the read-only guard.
import * as assert from 'node:assert/strict';
import { GetItemCommand, type DynamoDBClient, type TableDescription } from '@aws-sdk/client-dynamodb';
import { installReadOnlyGuard } from '../../../src/services/aws/readOnlyGuard';
import { StudioError } from '../../../src/model/errors';
import { newKeyQuery, newQuerySpec, validateQuerySpec, type FilterCondition, type QuerySpec } from '../../../src/model/query/querySpec';
import { fetchAll, nextCursor, runPage, type FetchProgress, type PageCursor } from '../../../src/services/query/runner';
import { deleteTables, getTestEndpoint, testClient, uniqueTableName } from '../dynamoLocal';
import { createFixtureTable, fixtureItems, itemKeyOf, keyOf, type FixtureItem, type Item } from './fixture';

const ALL = fixtureItems();
const sortedKeys = (items: Item[]) => items.map(itemKeyOf).sort();
const expectedKeys = (pred: (f: FixtureItem) => boolean) => ALL.filter(pred).map(keyOf).sort();

describe('query runner (DynamoDB Local)', function () {
  this.timeout(60_000);
  let client: DynamoDBClient;
  let table: TableDescription;
  const name = uniqueTableName('QueryRunner');

  before(async () => {
    client = testClient(await getTestEndpoint());
    table = await createFixtureTable(client, name);
  });
  after(async () => {
    if (client) await deleteTables(client, [name]);
  });

  const scan = (filters: FilterCondition[], extra: Partial<QuerySpec> = {}): QuerySpec => ({ ...newQuerySpec(name), filters, ...extra });
  const g1 = (extra: Partial<QuerySpec> = {}): QuerySpec => ({ ...newKeyQuery(table, undefined, 'g1'), ...extra });

  async function run(spec: QuerySpec): Promise<Item[]> {
    assert.deepEqual(validateQuerySpec(spec, table), [], 'the spec under test is valid');
    return (await fetchAll(client, spec)).items;
  }

  describe('sort key operators', () => {
    const cases: [string, QuerySpec['sortKey'], (f: FixtureItem) => boolean][] = [
      ['=', { name: 'Size', op: '=', type: 'N', value: '7' }, (f) => f.Size === 7],
      ['<', { name: 'Size', op: '<', type: 'N', value: '5' }, (f) => f.Size < 5],
      ['<=', { name: 'Size', op: '<=', type: 'N', value: '5' }, (f) => f.Size <= 5],
      ['>', { name: 'Size', op: '>', type: 'N', value: '55' }, (f) => f.Size > 55],
      ['>=', { name: 'Size', op: '>=', type: 'N', value: '55' }, (f) => f.Size >= 55],
      ['BETWEEN', { name: 'Size', op: 'BETWEEN', type: 'N', value: '10', value2: '14' }, (f) => f.Size >= 10 && f.Size <= 14],
    ];
    for (const [op, sortKey, pred] of cases) {
      it(`${op} on the number sort key Size (a reserved word) returns exactly the matching items`, async () => {
        const items = await run(g1({ sortKey }));
        assert.deepEqual(sortedKeys(items), expectedKeys((f) => f.Group === 'g1' && pred(f)));
      });
    }

    it('begins_with on the LSI ByName sort key', async () => {
      const items = await run({ ...newKeyQuery(table, 'ByName', 'g1'), sortKey: { name: 'Name', op: 'begins_with', type: 'S', value: 'alpha-01' } });
      assert.deepEqual(sortedKeys(items), expectedKeys((f) => f.Group === 'g1' && f.Name.startsWith('alpha-01')));
      assert.ok(items.length > 0);
    });

    it('begins_with and BETWEEN on the GSI ByStatus (Status, Date), both reserved words', async () => {
      const begins = await run({ ...newKeyQuery(table, 'ByStatus', 'OPEN'), sortKey: { name: 'Date', op: 'begins_with', type: 'S', value: '2024-04' } });
      assert.deepEqual(sortedKeys(begins), expectedKeys((f) => f.Status === 'OPEN' && f.Date.startsWith('2024-04')));
      assert.ok(begins.length > 0);
      const between = await run({ ...newKeyQuery(table, 'ByStatus', 'HELD'), sortKey: { name: 'Date', op: 'BETWEEN', type: 'S', value: '2024-02', value2: '2024-05' } });
      assert.deepEqual(sortedKeys(between), expectedKeys((f) => f.Status === 'HELD' && f.Date >= '2024-02' && f.Date <= '2024-05'));
      assert.ok(between.length > 0);
    });

    it('descending order returns the sort key from high to low', async () => {
      const items = await run(g1({ scanIndexForward: false, sortKey: { name: 'Size', op: '<=', type: 'N', value: '12' } }));
      assert.deepEqual(items.map((i) => Number(i.Size.N)), [12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    });
  });

  describe('filter kinds', () => {
    const b64 = (byte: number) => Buffer.from([byte]).toString('base64');
    const cases: [string, FilterCondition[], (f: FixtureItem) => boolean, Partial<QuerySpec>?][] = [
      ['= on the reserved word Status', [{ path: 'Status', op: '=', values: ['OPEN'] }], (f) => f.Status === 'OPEN'],
      ["<> on the name '#hash'", [{ path: '#hash', op: '<>', values: ['h0'] }], (f) => f.hash !== 'h0'],
      ["< on the name 'with space'", [{ path: 'with space', op: '<', values: ['100'], type: 'N' }], (f) => f.spaced !== undefined && f.spaced < 100],
      ['<= on the reserved word Year', [{ path: 'Year', op: '<=', values: ['2003'], type: 'N' }], (f) => f.Year <= 2003],
      ['> on the nested path nested.list[0].c', [{ path: 'nested.list[0].c', op: '>', values: ['4'], type: 'N' }], (f) => f.nestedC > 4],
      ['>= on "with space"', [{ path: '"with space"', op: '>=', values: ['300'], type: 'N' }], (f) => f.spaced !== undefined && f.spaced >= 300],
      ['BETWEEN on Year', [{ path: 'Year', op: 'BETWEEN', values: ['2002', '2004'], type: 'N' }], (f) => f.Year >= 2002 && f.Year <= 2004],
      ['IN on Status', [{ path: 'Status', op: 'IN', values: ['OPEN', 'HELD'] }], (f) => f.Status === 'OPEN' || f.Status === 'HELD'],
      ['IN on the dotted name "a.b"', [{ path: '"a.b"', op: 'IN', values: ['dot-1', 'dot-3'] }], (f) => f.dotted === 'dot-1' || f.dotted === 'dot-3'],
      ['attribute_exists("with space")', [{ path: 'with space', op: 'attribute_exists', values: [] }], (f) => f.spaced !== undefined],
      ['attribute_not_exists("with space")', [{ path: 'with space', op: 'attribute_not_exists', values: [] }], (f) => f.spaced === undefined],
      ['attribute_type(maybe, NULL)', [{ path: 'maybe', op: 'attribute_type', values: ['NULL'] }], (f) => f.maybeNull],
      ['attribute_type(tags, SS)', [{ path: 'tags', op: 'attribute_type', values: ['SS'] }], () => true],
      ['attribute_type(tags, L) matches nothing', [{ path: 'tags', op: 'attribute_type', values: ['L'] }], () => false],
      ['begins_with on Name', [{ path: 'Name', op: 'begins_with', values: ['alpha'] }], (f) => f.Name.startsWith('alpha')],
      ['contains on a string set', [{ path: 'tags', op: 'contains', values: ['t2'] }], (f) => f.tags.includes('t2')],
      ['contains on a string', [{ path: 'Name', op: 'contains', values: ['-01'] }], (f) => f.Name.includes('-01')],
      ['size() of a string', [{ path: 'Name', op: '=', values: ['8'], size: true }], (f) => f.Name.length === 8],
      ['size() BETWEEN on a nested list', [{ path: 'nested.list', op: 'BETWEEN', values: ['1', '1'], size: true }], () => true],
      ['NOT contains', [{ path: 'tags', op: 'contains', values: ['t1'], not: true }], (f) => !f.tags.includes('t1')],
      ['nested quoted name nested."x.y"', [{ path: 'nested."x.y"', op: '=', values: ['xy2'] }], (f) => f.nestedXY === 'xy2'],
      ['BOOL value', [{ path: 'flag', op: '=', values: ['true'], type: 'BOOL' }], (f) => f.flag],
      ['binary value', [{ path: 'blob', op: '=', values: [b64(5)], type: 'B' }], (f) => f.blobByte === 5],
      [
        'several conditions joined with AND',
        [
          { path: 'Status', op: '=', values: ['OPEN'] },
          { path: 'Year', op: '>', values: ['2004'], type: 'N' },
        ],
        (f) => f.Status === 'OPEN' && f.Year > 2004,
      ],
      [
        'several conditions joined with OR',
        [
          { path: 'Status', op: '=', values: ['CLOSED'] },
          { path: '#hash', op: '=', values: ['h0'] },
          { path: 'nested."x.y"', op: '=', values: ['xy0'] },
        ],
        (f) => f.Status === 'CLOSED' || f.hash === 'h0' || f.nestedXY === 'xy0',
        { filterJoin: 'OR' },
      ],
    ];
    for (const [label, filters, pred, extra] of cases) {
      it(`${label} returns exactly the matching items`, async () => {
        const items = await run(scan(filters, extra));
        assert.deepEqual(sortedKeys(items), expectedKeys(pred));
      });
    }

    it('a filter on a query applies after the key condition', async () => {
      const items = await run(g1({ sortKey: { name: 'Size', op: '<=', type: 'N', value: '30' }, filters: [{ path: 'Status', op: '=', values: ['HELD'] }] }));
      assert.deepEqual(sortedKeys(items), expectedKeys((f) => f.Group === 'g1' && f.Size <= 30 && f.Status === 'HELD'));
    });
  });

  it('projection returns only the named attributes, nested paths and odd names included', async () => {
    const items = await run(g1({ sortKey: { name: 'Size', op: '=', type: 'N', value: '9' }, projection: ['Size', '"a.b"', 'nested.list[0].c', '#hash'] }));
    assert.equal(items.length, 1);
    assert.deepEqual(items[0], { Size: { N: '9' }, 'a.b': { S: 'dot-1' }, '#hash': { S: 'h1' }, nested: { M: { list: { L: [{ M: { c: { N: '2' } } }] } } } });
  });

  it('consistent reads work on the table and DynamoDB refuses them on a GSI, as validation says', async () => {
    const items = await run(g1({ consistentRead: true, sortKey: { name: 'Size', op: '<', type: 'N', value: '4' } }));
    assert.equal(items.length, 3);
    const gsi: QuerySpec = { ...newKeyQuery(table, 'ByStatus', 'OPEN'), consistentRead: true };
    assert.match(validateQuerySpec(gsi, table).map((p) => p.message).join(' '), /Consistent reads are not allowed on a global secondary index/);
    await assert.rejects(runPage(client, gsi), (err: unknown) => err instanceof StudioError && err.kind === 'validation');
  });

  it('next page follows LastEvaluatedKey through every item once, with scanned and returned counts and capacity', async () => {
    const spec = scan([{ path: 'Status', op: '=', values: ['OPEN'] }], { pageSize: 9 });
    const seen: Item[] = [];
    let cursor: PageCursor | undefined = {};
    let pages = 0;
    let scanned = 0;
    let capacity = 0;
    while (cursor) {
      const page = await runPage(client, spec, cursor);
      pages++;
      seen.push(...page.items);
      assert.equal(page.count, page.items.length);
      scanned += page.scannedCount ?? 0;
      capacity += page.consumedCapacity;
      cursor = nextCursor(page);
    }
    assert.ok(pages >= 9, `read ${pages} pages of 9 out of 80 items`);
    assert.equal(scanned, ALL.length, 'every item was scanned once');
    assert.deepEqual(sortedKeys(seen), expectedKeys((f) => f.Status === 'OPEN'));
    assert.ok(capacity > 0, 'consumed capacity is reported');
  });

  it('limit keeps reading through empty filtered pages until N matches, then the cursor resumes exactly after them', async () => {
    // flag is true only for Size 51..60 of g1: with pages of 5, the first ten pages return nothing.
    const spec = g1({ pageSize: 5, filters: [{ path: 'flag', op: '=', values: ['true'], type: 'BOOL' }] });
    const progress: FetchProgress[] = [];
    const first = await fetchAll(client, spec, { limit: 4, onProgress: (p) => progress.push(p), table });
    assert.deepEqual(first.items.map((i) => Number(i.Size.N)), [51, 52, 53, 54]);
    assert.equal(first.limited, true);
    assert.ok(progress.filter((p) => p.count === 0).length >= 10, 'early pages were empty and reported');
    assert.ok(first.cursor);
    const rest = await fetchAll(client, spec, { ...first.cursor });
    assert.deepEqual(rest.items.map((i) => Number(i.Size.N)), [55, 56, 57, 58, 59, 60]);
    assert.equal(rest.cursor, undefined);
  });

  it('limit without a table description reads the key schema itself to resume mid-page (GSI)', async () => {
    const spec: QuerySpec = { ...newKeyQuery(table, 'ByStatus', 'OPEN'), pageSize: 50 };
    const all = (await fetchAll(client, spec)).items;
    const first = await fetchAll(client, spec, { limit: 5 });
    assert.equal(first.items.length, 5);
    const rest = await fetchAll(client, spec, { ...first.cursor });
    assert.deepEqual([...first.items, ...rest.items].map(itemKeyOf), all.map(itemKeyOf));
  });

  it('a parallel scan returns every item exactly once', async () => {
    const result = await fetchAll(client, scan([], { segments: 4, pageSize: 7 }));
    const keys = result.items.map(itemKeyOf);
    assert.equal(new Set(keys).size, keys.length, 'no duplicates');
    assert.deepEqual(keys.sort(), expectedKeys(() => true));
    assert.equal(result.segmentsDone, 4);
  });

  it('a parallel scan with a limit stops at N and its cursor reads the rest exactly once', async () => {
    const spec = scan([{ path: 'Year', op: '>=', values: ['2005'], type: 'N' }], { segments: 3, pageSize: 4 });
    const first = await fetchAll(client, spec, { limit: 7, table });
    assert.equal(first.items.length, 7);
    assert.ok(first.cursor?.segmentStartKeys);
    const rest = await fetchAll(client, spec, { ...first.cursor });
    const keys = [...first.items, ...rest.items].map(itemKeyOf);
    assert.equal(new Set(keys).size, keys.length, 'no item twice');
    assert.deepEqual(keys.sort(), expectedKeys((f) => f.Year >= 2005));
  });

  it('parallel next page reads one page per unfinished segment until all are done', async () => {
    const spec = scan([], { segments: 3, pageSize: 10 });
    const seen: Item[] = [];
    let cursor: PageCursor | undefined = {};
    while (cursor) {
      const page = await runPage(client, spec, cursor);
      seen.push(...page.items);
      cursor = nextCursor(page);
    }
    assert.deepEqual(sortedKeys(seen), expectedKeys(() => true));
  });

  it('cancel stops a fetch, keeps what was read, and the cursor continues without gaps or repeats', async () => {
    const controller = new AbortController();
    const spec = scan([], { pageSize: 5 });
    const first = await fetchAll(client, spec, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.pages === 2) controller.abort();
      },
    });
    assert.equal(first.cancelled, true);
    assert.equal(first.items.length, 10);
    const rest = await fetchAll(client, spec, { ...first.cursor });
    assert.equal(rest.cancelled, false);
    const keys = [...first.items, ...rest.items].map(itemKeyOf);
    assert.equal(new Set(keys).size, ALL.length);
    assert.equal(keys.length, ALL.length);
  });

  it('cancel of a parallel scan resolves with cancelled and no error', async () => {
    const controller = new AbortController();
    const result = await fetchAll(client, scan([], { segments: 4, pageSize: 3 }), {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    assert.equal(result.cancelled, true);
    assert.ok(result.items.length < ALL.length);
  });

  it('runPage with an aborted signal rejects with a cancelled StudioError', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(runPage(client, scan([]), { signal: controller.signal }), (err: unknown) => err instanceof StudioError && err.kind === 'cancelled');
  });

  describe('PartiQL', () => {
    it('pages with NextToken and returns every matching item once', async () => {
      const spec: QuerySpec = { ...newQuerySpec(name, 'partiql'), statement: `SELECT * FROM "${name}" WHERE "Group" = 'g1'`, pageSize: 7 };
      const first = await runPage(client, spec);
      assert.ok(first.nextToken, 'a first page of 7 out of 60 has a NextToken');
      assert.ok(first.items.length <= 7);
      const all = await fetchAll(client, spec);
      assert.ok(all.pages > 1);
      assert.deepEqual(sortedKeys(all.items), expectedKeys((f) => f.Group === 'g1'));
    });

    it('a writing statement is refused on a read-only connection and changes nothing; SELECT still works', async () => {
      const readOnly = testClient(await getTestEndpoint(), { maxAttempts: 1 });
      installReadOnlyGuard(readOnly, 'Local (read-only)', () => true);
      const update: QuerySpec = { ...newQuerySpec(name, 'partiql'), statement: `UPDATE "${name}" SET Status = 'GONE' WHERE "Group" = 'g1' AND "Size" = 1` };
      await assert.rejects(runPage(readOnly, update), (err: unknown) => err instanceof StudioError && err.kind === 'readOnly');
      const item = await client.send(new GetItemCommand({ TableName: name, Key: { Group: { S: 'g1' }, Size: { N: '1' } } }));
      assert.equal(item.Item?.Status.S, 'CLOSED');
      const select = await fetchAll(readOnly, { ...newQuerySpec(name, 'partiql'), statement: `SELECT * FROM "${name}" WHERE "Group" = 'g2'` });
      assert.equal(select.items.length, 20);
    });
  });

  it('errors from DynamoDB come back as StudioErrors that name the operation', async () => {
    await assert.rejects(fetchAll(client, newQuerySpec(`${name}-missing`)), (err: unknown) => {
      assert.ok(err instanceof StudioError);
      assert.equal(err.kind, 'notFound');
      assert.match(err.message, /Scan table ".*-missing" failed/);
      return true;
    });
  });
});
