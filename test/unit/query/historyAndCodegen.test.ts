// Query history and saved queries over an in-memory store; shell quoting and generated code shapes.
import * as assert from 'node:assert/strict';
import * as childProcess from 'node:child_process';
import * as fc from 'fast-check';
import { shellQuote, toAwsCliCommand, toSdkV3Code } from '../../../src/model/query/codegen';
import { QueryHistoryStore, tableKey, type KeyValueStore } from '../../../src/model/query/history';
import { newQuerySpec, type QuerySpec } from '../../../src/model/query/querySpec';

class MemoryStore implements KeyValueStore {
  readonly data = new Map<string, string>();
  get<T>(key: string): T | undefined {
    const v = this.data.get(key);
    return v === undefined ? undefined : (JSON.parse(v) as T);
  }
  async update(key: string, value: unknown): Promise<void> {
    this.data.set(key, JSON.stringify(value));
  }
}

describe('QueryHistoryStore', () => {
  const orders = tableKey('local', 'us-east-1', 'Orders');
  const spec = (status: string): QuerySpec => ({ ...newQuerySpec('Orders'), filters: [{ path: 'Status', op: '=', values: [status] }] });

  it('keeps runs per table, most recent first, once per spec, up to the limit', async () => {
    let t = 0;
    const store = new QueryHistoryStore(new MemoryStore(), 3, () => new Date(Date.UTC(2024, 0, 1, 0, 0, t++)));
    await store.recordRun(orders, spec('A'), '1 item');
    await store.recordRun(orders, spec('B'));
    await store.recordRun(tableKey('local', 'eu-west-1', 'Orders'), spec('X'));
    // Same spec with keys in another order and an undefined field: still the same query.
    await store.recordRun(orders, { filterJoin: 'AND', filters: [{ values: ['A'], op: '=', path: 'Status' }], table: 'Orders', kind: 'scan', index: undefined });
    await store.recordRun(orders, spec('C'));
    await store.recordRun(orders, spec('D'));
    assert.deepEqual(store.history(orders).map((e) => e.spec.filters[0].values[0]), ['D', 'C', 'A']);
    assert.deepEqual(store.history(tableKey('local', 'eu-west-1', 'Orders')).map((e) => e.spec.filters[0].values[0]), ['X']);
    assert.equal(store.history(orders)[2].ranAt, '2024-01-01T00:00:03.000Z');
    await store.clearHistory(orders);
    assert.deepEqual(store.history(orders), []);
  });

  it('saves, replaces only when asked, renames and deletes saved queries; a stored spec runs as it was', async () => {
    const backing = new MemoryStore();
    const store = new QueryHistoryStore(backing);
    await store.save(orders, ' Open orders ', spec('OPEN'));
    await assert.rejects(store.save(orders, 'Open orders', spec('X')), /already exists/);
    await store.save(orders, 'Open orders', spec('OPEN2'), { overwrite: true });
    await store.save(orders, 'Another', spec('B'));
    await assert.rejects(store.rename(orders, 'Another', 'Open orders'), /already exists/);
    await store.rename(orders, 'Another', 'Held');
    assert.deepEqual(store.savedQueries(orders).map((q) => q.name), ['Held', 'Open orders']);
    // A fresh store over the same backing data sees the same queries.
    assert.deepEqual(new QueryHistoryStore(backing).savedQuery(orders, 'Open orders')?.spec, spec('OPEN2'));
    assert.equal(await store.delete(orders, 'Held'), true);
    assert.equal(await store.delete(orders, 'Held'), false);
    await assert.rejects(store.save(orders, '  ', spec('x')), /name is empty/);
  });

  it('returns copies: changing a returned spec does not change the store', async () => {
    const store = new QueryHistoryStore(new MemoryStore());
    await store.recordRun(orders, spec('A'));
    store.history(orders)[0].spec.filters.length = 0;
    assert.equal(store.history(orders)[0].spec.filters.length, 1);
  });
});

describe('stored query history parsing', () => {
  const spec = (table: string): QuerySpec => newQuerySpec(table);
  const good = (n: number) => ({ spec: spec('T'), ranAt: `2024-01-01T00:00:0${n}Z` });

  it('drops each bad entry with a warning and keeps the rest', async () => {
    const backing = new MemoryStore();
    const key = tableKey('endpoint:Local', 'us-east-1', 'T');
    await backing.update(`dynamodbStudio.queries/${key}`, {
      history: [good(1), { spec: { kind: 'drop table' }, ranAt: 'x' }, null, 'text', good(2), { ...good(3), extra: true }],
      saved: [{ name: 'ok', spec: spec('T'), savedAt: 'now' }, { name: 7, spec: spec('T'), savedAt: 'now' }],
    });
    const warnings: string[] = [];
    const store = new QueryHistoryStore(backing, 50, undefined, (m) => warnings.push(m));
    assert.deepEqual(store.history(key).map((e) => e.ranAt), ['2024-01-01T00:00:01Z', '2024-01-01T00:00:02Z']);
    assert.deepEqual(store.savedQueries(key).map((q) => q.name), ['ok']);
    assert.equal(warnings.length, 5, warnings.join('\n'));
    assert.match(warnings[0], /Dropped entry 2 of the stored history of .*spec/);
    assert.match(warnings[4], /Dropped entry 2 of the stored saved queries/);
    // Recording a run writes back the valid entries below the new one.
    await store.recordRun(key, { ...spec('T'), pageSize: 5 });
    assert.equal(store.history(key).length, 3);
    assert.equal(warnings.length, 5, 'each bad entry is reported once');
  });

  it('ignores stored values of the wrong shape with a warning', () => {
    for (const stored of ['text', { history: 'x', saved: 3 }]) {
      const backing = new MemoryStore();
      void backing.update('dynamodbStudio.queries/k', stored);
      const warnings: string[] = [];
      const store = new QueryHistoryStore(backing, 50, undefined, (m) => warnings.push(m));
      assert.deepEqual(store.history('k'), []);
      assert.deepEqual(store.savedQueries('k'), []);
      assert.ok(warnings.length >= 1, JSON.stringify(stored));
    }
  });
});

describe('codegen', () => {
  it('shellQuote survives a real shell for any text', function () {
    if (process.platform === 'win32') this.skip();
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }).filter((s) => !s.includes('\u0000')), (text) => {
        const out = childProcess.execFileSync('/bin/sh', ['-c', `printf %s ${shellQuote(text)}`], { encoding: 'utf8' });
        assert.equal(out, text);
      }),
      { numRuns: 60 },
    );
  });

  it('writes the CLI flags of each spec field', () => {
    const spec: QuerySpec = {
      ...newQuerySpec('My Table', 'query'),
      index: 'ByStatus',
      partitionKey: { name: 'Status', type: 'S', value: "it's" },
      filters: [{ path: 'blob', op: '=', values: ['AAE='], type: 'B' }],
      scanIndexForward: false,
      consistentRead: false,
      pageSize: 25,
      projection: ['a'],
    };
    assert.equal(
      toAwsCliCommand(spec, { region: 'eu-west-1', endpoint: 'http://localhost:8000', profile: 'dev' }),
      "aws dynamodb query --table-name 'My Table' --index-name ByStatus --key-condition-expression '#n0 = :v0' --filter-expression '#n1 = :v1' " +
        "--projection-expression '#n2' --expression-attribute-names '{\"#n0\":\"Status\",\"#n1\":\"blob\",\"#n2\":\"a\"}' " +
        "--expression-attribute-values '{\":v0\":{\"S\":\"it'\\''s\"},\":v1\":{\"B\":\"AAE=\"}}' --no-scan-index-forward --page-size 25 " +
        '--return-consumed-capacity INDEXES --region eu-west-1 --endpoint-url http://localhost:8000 --profile dev',
    );
    const parallel = toAwsCliCommand({ ...newQuerySpec('T'), segments: 4 });
    assert.match(parallel, /^for segment in \$\(seq 0 3\); do\n {2}aws dynamodb scan --table-name T --segment "\$segment" --total-segments 4/);
  });

  it('writes SDK code with binary values as Buffers and the profile as credentials', () => {
    const code = toSdkV3Code({ ...newQuerySpec('T'), filters: [{ path: 'b', op: '=', values: ['AAE='], type: 'B' }] }, { region: 'us-east-1', profile: 'dev' });
    assert.match(code, /import \{ DynamoDBClient, paginateScan \} from '@aws-sdk\/client-dynamodb';/);
    assert.match(code, /credentials: fromIni\(\{ profile: "dev" \}\)/);
    assert.match(code, /":v0": \{\n\s+B: Buffer\.from\("AAE=", 'base64'\)/);
  });
});
