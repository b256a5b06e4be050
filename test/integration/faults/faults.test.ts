// Fault injection: the real client pool, query runner, import and safe save talk to DynamoDB Local through a
// proxy that throttles, fails, delays and drops chosen requests. Every scenario checks the message a person sees
// and then reads the table directly (not through the proxy) to count lost writes, and counts writes DynamoDB
// confirmed more than once per key from the proxy's log.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
  type DynamoDBClient,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import * as net from 'node:net';
import { describeRetry, DynamoClientPool, type ClientPoolOptions, type CredentialsResolver, type RetryNotice } from '../../../src/services/aws/clientPool';
import { createProfileCredentials } from '../../../src/services/aws/credentials';
import type { ProfileInfo } from '../../../src/services/aws/profiles';
import type { Connection } from '../../../src/services/aws/connections';
import { StudioError } from '../../../src/model/errors';
import { itemsEqual } from '../../../src/model/items/equality';
import type { Item } from '../../../src/model/items/types';
import { ItemStore } from '../../../src/services/itemsave/itemStore';
import { newQuerySpec } from '../../../src/model/query/querySpec';
import { fetchAll, FetchStoppedError, runPage } from '../../../src/services/query/runner';
import { copyItems } from '../../../src/services/transfer/copy';
import { exportQuery, ExportStoppedError } from '../../../src/services/transfer/export';
import { importFile, TransferStoppedError } from '../../../src/services/transfer/import';
import { deleteTables, getTestEndpoint, testClient, TEST_CREDENTIALS, TEST_REGION, uniqueTableName } from '../dynamoLocal';
import { startFaultProxy, type FaultProxy } from './faultProxy';

const KEY_SCHEMA = [{ name: 'pk', type: 'S' as const, keyType: 'HASH' as const }];

/** What the summary line reports, summed from the checks of the scenarios that ran to the end. */
const tally = { scenarios: 0, lostWrites: 0, duplicateWrites: 0 };

function item(i: number, extra: Item = {}): Item {
  return { pk: { S: `k${String(i).padStart(4, '0')}` }, n: { N: String(i) }, text: { S: `row ${i}, "quoted"` }, ...extra };
}

const keyOf = (x: Item | Record<string, unknown>): string => JSON.stringify((x as Record<string, unknown>).pk);

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Item rejections name the kind, the AWS code and the message; one assertion per part for clear failures. */
async function expectStudioError(promise: Promise<unknown>, kind: StudioError['kind']): Promise<StudioError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof StudioError, `expected a StudioError, got ${String(err)}`);
    assert.equal(err.kind, kind, `kind of: ${err.message}`);
    return err;
  }
  assert.fail(`expected a StudioError of kind ${kind}, but it succeeded`);
}

/** A transfer that had to stop: rejects with TransferStoppedError, which carries the report so far. */
async function expectTransferStopped(promise: Promise<unknown>): Promise<TransferStoppedError> {
  const err = await promise.then(
    () => assert.fail('the transfer should stop'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof TransferStoppedError, `expected a TransferStoppedError, got ${String(err)}`);
  return err;
}

// Root-level, so the line comes at the end of the run, next to mocha's own counts.
after(() => {
  console.log(`faults: ${tally.scenarios} scenarios, ${tally.lostWrites} lost writes, ${tally.duplicateWrites} duplicate writes`);
});

describe('fault injection (proxy in front of DynamoDB Local)', function () {
  this.timeout(60_000);
  let endpoint: string;
  let direct: DynamoDBClient;
  let proxy: FaultProxy;
  let tmpDir: string;
  const tables: string[] = [];
  const pools: DynamoClientPool[] = [];

  before(async function () {
    endpoint = await getTestEndpoint();
    direct = testClient(endpoint);
    proxy = await startFaultProxy(endpoint);
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dynamodb-studio-faults-'));
  });

  beforeEach(() => proxy.reset());

  afterEach(() => {
    for (const pool of pools.splice(0)) pool.dispose();
  });

  after(async function () {
    await proxy?.idle();
    await proxy?.close();
    if (direct) await deleteTables(direct, tables);
    if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
  });

  /** A client from the real pool, for an endpoint connection that points at the proxy. */
  async function poolClient(options: ClientPoolOptions, endpointUrl = proxy.endpoint): Promise<DynamoDBClient> {
    return newPool(options).get(endpointConnection(endpointUrl), TEST_REGION);
  }

  function newPool(options: ClientPoolOptions, resolve: CredentialsResolver = async () => ({ ...TEST_CREDENTIALS })): DynamoClientPool {
    const pool = new DynamoClientPool(resolve, options);
    pools.push(pool);
    return pool;
  }

  function endpointConnection(endpointUrl = proxy.endpoint): Connection {
    return { id: `endpoint:Faults${pools.length}`, kind: 'endpoint', name: 'Faults', defaultRegion: TEST_REGION, endpoint: endpointUrl, readOnly: false, problems: [] };
  }

  /** A profile connection whose requests go to the proxy (endpoint_url), as a profile with a custom endpoint does. */
  function profileConnection(profile: ProfileInfo): Connection {
    return { id: `profile:${profile.name}`, kind: 'profile', name: profile.name, defaultRegion: TEST_REGION, endpoint: proxy.endpoint, readOnly: false, profile, problems: [] };
  }

  async function createTable(label: string, items: Item[] = []): Promise<TableDescription> {
    const name = uniqueTableName(`faults-${label}`);
    tables.push(name);
    await direct.send(
      new CreateTableCommand({ TableName: name, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] }),
    );
    for (let i = 0; i < items.length; i += 25) {
      await direct.send(new BatchWriteItemCommand({ RequestItems: { [name]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
    }
    return (await direct.send(new DescribeTableCommand({ TableName: name }))).Table as TableDescription;
  }

  /** Every item of the table, read directly from DynamoDB Local, in scan order. */
  async function scanDirect(table: string, pageSize?: number): Promise<Item[]> {
    const out: Item[] = [];
    let start: Item | undefined;
    do {
      const page = await direct.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start, Limit: pageSize }));
      out.push(...((page.Items ?? []) as Item[]));
      start = page.LastEvaluatedKey as Item | undefined;
    } while (start);
    return out;
  }

  async function getDirect(table: string, key: Item): Promise<Item | undefined> {
    return (await direct.send(new GetItemCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item as Item | undefined;
  }

  /**
   * Compares the table with the writes that were confirmed to the user: each must be stored exactly (else it is
   * lost), and no key may have been applied more than `allowedPerKey` times by DynamoDB Local. Adds to the tally.
   */
  async function checkWrites(table: string, confirmed: Item[], allowedPerKey: number | ((key: string) => number) = 1): Promise<{ lost: Item[]; duplicates: number }> {
    const allowed = typeof allowedPerKey === 'number' ? () => allowedPerKey : allowedPerKey;
    await proxy.idle();
    const stored = new Map((await scanDirect(table)).map((x) => [keyOf(x), x]));
    const lost = confirmed.filter((x) => {
      const s = stored.get(keyOf(x));
      return !s || !itemsEqual(s, x);
    });
    const perKey = new Map<string, number>();
    for (const w of proxy.applied) if (w.table === table) perKey.set(keyOf(w.attributes), (perKey.get(keyOf(w.attributes)) ?? 0) + 1);
    let duplicates = 0;
    for (const [key, n] of perKey) if (n > allowed(key)) duplicates += n - allowed(key);
    tally.scenarios++;
    tally.lostWrites += lost.length;
    tally.duplicateWrites += duplicates;
    return { lost, duplicates };
  }

  /** For scenarios that write nothing: counts the scenario once its checks passed. */
  function readScenarioDone(): void {
    tally.scenarios++;
  }

  function jsonlFile(name: string, items: Item[]): string {
    const file = path.join(tmpDir, `${name}.jsonl`);
    fs.writeFileSync(file, items.map((x) => JSON.stringify({ pk: x.pk.S, n: Number(x.n.N), text: x.text.S })).join('\n') + '\n');
    return file;
  }

  const rows = (n: number) => Array.from({ length: n }, (_, i) => item(i));

  /** Keys of a JSON Lines export, in file order. */
  function exportedKeys(file: string): string[] {
    return fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.stringify({ S: (JSON.parse(line) as { pk: string }).pk }));
  }

  /** Keys of a failed-items file (DynamoDB JSON lines). */
  function failedKeys(file: string): string[] {
    return fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => keyOf((JSON.parse(line) as { Item: Item }).Item));
  }

  it('the proxy records a write applied twice (the duplicate count can be non-zero)', async () => {
    const table = await createTable('proxy-self-check');
    const client = testClient(proxy.endpoint);
    const twice = item(99);
    await new ItemStore(client, { tableName: table.TableName!, keySchema: KEY_SCHEMA }).save(undefined, twice);
    await direct.send(new DeleteItemCommand({ TableName: table.TableName!, Key: { pk: twice.pk } }));
    await new ItemStore(client, { tableName: table.TableName!, keySchema: KEY_SCHEMA }).save(undefined, twice);
    const writes = proxy.applied.filter((w) => w.table === table.TableName && keyOf(w.attributes) === keyOf(twice));
    assert.equal(writes.length, 2);
  });

  // ---- throttling ---------------------------------------------------------------------------------------------

  it('throttled Scan pages (ProvisionedThroughputExceeded, Throttling) are retried: fetch-all reads every item exactly once', async () => {
    const table = await createTable('scan-throttle', rows(60));
    const client = await poolClient({ maxAttempts: 3 });
    proxy.setRules([
      { operation: 'Scan', nth: 2, action: { kind: 'error', fault: 'ProvisionedThroughputExceededException' } },
      { operation: 'Scan', nth: 3, action: { kind: 'error', fault: 'ThrottlingException' } },
      { operation: 'Scan', nth: 5, action: { kind: 'error', fault: 'ProvisionedThroughputExceededException' } },
    ]);
    const result = await fetchAll(client, { ...newQuerySpec(table.TableName!), pageSize: 10 });
    assert.equal(proxy.counts('Scan').faulted, 3);
    const expected = await scanDirect(table.TableName!);
    assert.equal(result.count, expected.length);
    assert.equal(new Set(result.items.map(keyOf)).size, result.items.length, 'no item read twice');
    const byKey = new Map(result.items.map((x) => [keyOf(x), x]));
    for (const x of expected) assert.ok(itemsEqual(byKey.get(keyOf(x)) ?? {}, x), `item ${keyOf(x)} read as stored`);
    readScenarioDone();
  });

  it('throttled BatchWriteItem during an import is retried by the SDK: every item written exactly once', async () => {
    const table = await createTable('import-sdk-retry');
    const source = rows(120);
    const client = await poolClient({ maxAttempts: 3 });
    proxy.setRules([
      { operation: 'BatchWriteItem', nth: 1, action: { kind: 'error', fault: 'ProvisionedThroughputExceededException' } },
      { operation: 'BatchWriteItem', nth: 3, action: { kind: 'error', fault: 'ThrottlingException' } },
    ]);
    const report = await importFile(client, table.TableName!, jsonlFile('sdk-retry', source), { table, concurrency: 2 });
    assert.equal(proxy.counts('BatchWriteItem').faulted, 2);
    assert.deepEqual({ written: report.written, failed: report.failed }, { written: 120, failed: 0 });
    const { lost, duplicates } = await checkWrites(table.TableName!, source);
    assert.deepEqual({ lost: lost.length, duplicates, stored: (await scanDirect(table.TableName!)).length }, { lost: 0, duplicates: 0, stored: 120 });
  });

  it('throttled and failing BatchWriteItem without SDK retries is retried by the import backoff: every item written exactly once', async () => {
    const table = await createTable('import-own-retry');
    const source = rows(100);
    const client = await poolClient({ maxAttempts: 1 });
    proxy.setRules([
      { operation: 'BatchWriteItem', first: 3, action: { kind: 'error', fault: 'ProvisionedThroughputExceededException' } },
      { operation: 'BatchWriteItem', nth: 6, action: { kind: 'error', fault: 'InternalServerError' } },
      { operation: 'BatchWriteItem', nth: 7, action: { kind: 'error', fault: 'ThrottlingException' } },
    ]);
    const report = await importFile(client, table.TableName!, jsonlFile('own-retry', source), { table, concurrency: 1 });
    assert.equal(proxy.counts('BatchWriteItem').faulted, 5);
    assert.deepEqual({ written: report.written, failed: report.failed }, { written: 100, failed: 0 });
    const { lost, duplicates } = await checkWrites(table.TableName!, source);
    assert.deepEqual({ lost: lost.length, duplicates, stored: (await scanDirect(table.TableName!)).length }, { lost: 0, duplicates: 0, stored: 100 });
  });

  it('throttling that never ends: the import report counts exactly the items in the table and lists the rest', async () => {
    const table = await createTable('import-throttle-forever');
    const source = rows(100);
    const client = await poolClient({ maxAttempts: 1 });
    // Two batches get through, then every request is throttled.
    proxy.setRules([{ operation: 'BatchWriteItem', from: 3, action: { kind: 'error', fault: 'ProvisionedThroughputExceededException' } }]);
    const failedFile = path.join(tmpDir, 'throttle-forever.failed.ddb.jsonl');
    const report = await importFile(client, table.TableName!, jsonlFile('throttle-forever', source), { table, concurrency: 1, maxAttempts: 3, failedItemsFile: failedFile });
    const stored = await scanDirect(table.TableName!);
    assert.equal(report.written, stored.length, 'report.written equals the items in the table');
    assert.equal(report.written, 50);
    assert.equal(report.failed, source.length - stored.length);
    assert.match(report.failures[0].message, /kept throttling the writes \(ProvisionedThroughputExceededException\) after 3 attempts/);
    // The failed-items file holds exactly the items that are not in the table.
    const failedKeys = fs.readFileSync(failedFile, 'utf8').trim().split('\n').map((line) => keyOf((JSON.parse(line) as { Item: Item }).Item));
    const storedKeys = new Set(stored.map(keyOf));
    assert.deepEqual(failedKeys.sort(), source.map(keyOf).filter((k) => !storedKeys.has(k)).sort());
    const confirmed = source.filter((x) => storedKeys.has(keyOf(x)));
    const { lost, duplicates } = await checkWrites(table.TableName!, confirmed);
    assert.deepEqual({ lost: lost.length, duplicates }, { lost: 0, duplicates: 0 });
  });

  it('throttled segments of a parallel scan are retried: fetch-all reads every item exactly once', async () => {
    const table = await createTable('parallel-throttle', rows(80));
    const client = await poolClient({ maxAttempts: 3 });
    proxy.setRules([
      { operation: 'Scan', nth: 1, action: { kind: 'error', fault: 'ThrottlingException' } },
      { operation: 'Scan', nth: 4, action: { kind: 'error', fault: 'ProvisionedThroughputExceededException' } },
      { operation: 'Scan', nth: 7, action: { kind: 'error', fault: 'InternalServerError' } },
    ]);
    const result = await fetchAll(client, { ...newQuerySpec(table.TableName!), segments: 4, pageSize: 7 });
    assert.equal(proxy.counts('Scan').faulted, 3);
    const expected = await scanDirect(table.TableName!);
    assert.equal(result.count, expected.length);
    assert.equal(new Set(result.items.map(keyOf)).size, result.items.length, 'no item read twice');
    const byKey = new Map(result.items.map((x) => [keyOf(x), x]));
    for (const x of expected) assert.ok(itemsEqual(byKey.get(keyOf(x)) ?? {}, x), `item ${keyOf(x)} read as stored`);
    readScenarioDone();
  });

  it('connections dropped before BatchWriteItem reaches DynamoDB are retried by the SDK: every item written exactly once', async () => {
    const table = await createTable('import-drop-before');
    const source = rows(90);
    const client = await poolClient({ maxAttempts: 3 });
    proxy.setRules([
      { operation: 'BatchWriteItem', nth: 2, action: { kind: 'dropBefore' } },
      { operation: 'BatchWriteItem', nth: 4, action: { kind: 'dropBefore' } },
    ]);
    const report = await importFile(client, table.TableName!, jsonlFile('drop-before', source), { table, concurrency: 2 });
    assert.equal(proxy.counts('BatchWriteItem').faulted, 2);
    assert.deepEqual({ written: report.written, failed: report.failed }, { written: 90, failed: 0 });
    const { lost, duplicates } = await checkWrites(table.TableName!, source);
    assert.deepEqual({ lost: lost.length, duplicates, stored: (await scanDirect(table.TableName!)).length }, { lost: 0, duplicates: 0, stored: 90 });
  });

  it('a BatchWriteItem applied but never acknowledged is resent whole; a later line with the same key still wins', async () => {
    const table = await createTable('import-drop-after');
    const source = rows(60);
    // Line 41 rewrites the key of line 6, which is in the batch whose answer is lost.
    const rewrite: Item = { ...source[5], text: { S: 'the later line' } };
    source.splice(40, 0, rewrite);
    const client = await poolClient({ maxAttempts: 3 });
    proxy.setRules([{ operation: 'BatchWriteItem', nth: 1, action: { kind: 'dropAfter' } }]);
    const report = await importFile(client, table.TableName!, jsonlFile('drop-after', source), { table, concurrency: 4 });
    assert.deepEqual({ written: report.written, failed: report.failed }, { written: 61, failed: 0 });
    // Puts of the same item are idempotent, so the resent batch may be applied twice (one more write allowed for
    // its keys); what must hold is that no newer version was overwritten by it.
    const firstBatchKeys = new Set(source.slice(0, 25).map(keyOf));
    const expected = new Map<string, Item>();
    const linesPerKey = new Map<string, number>();
    for (const x of source) {
      expected.set(keyOf(x), x);
      linesPerKey.set(keyOf(x), (linesPerKey.get(keyOf(x)) ?? 0) + 1);
    }
    const { lost, duplicates } = await checkWrites(table.TableName!, [...expected.values()], (k) => (linesPerKey.get(k) ?? 0) + (firstBatchKeys.has(k) ? 1 : 0));
    assert.ok(itemsEqual((await getDirect(table.TableName!, { pk: rewrite.pk })) ?? {}, rewrite), 'the later line is stored');
    assert.equal(proxy.counts('BatchWriteItem').faulted, 1);
    assert.deepEqual({ lost: lost.length, duplicates, stored: (await scanDirect(table.TableName!)).length }, { lost: 0, duplicates: 0, stored: 60 });
  });

  it('a scan throttled on every attempt fails with kind throttled, the AWS code and what to do', async () => {
    const table = await createTable('scan-throttle-forever', rows(5));
    const client = await poolClient({ maxAttempts: 2 });
    proxy.setRules([{ operation: 'Scan', action: { kind: 'error', fault: 'ThrottlingException' } }]);
    const err = await expectStudioError(runPage(client, newQuerySpec(table.TableName!)), 'throttled');
    assert.equal(err.awsCode, 'ThrottlingException');
    assert.match(err.message, new RegExp(`^Scan table "${table.TableName}" failed: DynamoDB is throttling requests`));
    assert.match(err.hint ?? '', /retry|capacity/i);
    assert.equal(proxy.counts('Scan').received, 2, 'the pool retried once (maxAttempts 2)');
    readScenarioDone();
  });

  // ---- safe save --------------------------------------------------------------------------------------------

  it('InternalServerError on the PutItem of a new item is retried: the item is stored once, exactly as edited', async () => {
    const table = await createTable('save-create-500');
    const client = await poolClient({ maxAttempts: 3 });
    proxy.setRules([{ operation: 'PutItem', nth: 1, action: { kind: 'error', fault: 'InternalServerError' } }]);
    const edited = item(1, { note: { S: 'new' } });
    const result = await new ItemStore(client, { tableName: table.TableName!, keySchema: KEY_SCHEMA }).save(undefined, edited);
    assert.equal(result.status, 'saved');
    assert.equal(proxy.counts('PutItem').faulted, 1);
    assert.ok(itemsEqual((await getDirect(table.TableName!, { pk: edited.pk })) ?? {}, edited));
    const { lost, duplicates } = await checkWrites(table.TableName!, [edited]);
    assert.deepEqual({ lost: lost.length, duplicates }, { lost: 0, duplicates: 0 });
  });

  it('InternalServerError on every attempt of a save: reported with the item and table, the stored item stays the old version', async () => {
    const loaded = item(2, { note: { S: 'old' }, keep: { N: '7' } });
    const table = await createTable('save-update-500', [loaded]);
    const client = await poolClient({ maxAttempts: 2 });
    proxy.setRules([{ operation: 'UpdateItem', action: { kind: 'error', fault: 'InternalServerError' } }]);
    const edited: Item = { ...loaded, note: { S: 'new' }, added: { BOOL: true } };
    const err = await expectStudioError(new ItemStore(client, { tableName: table.TableName!, keySchema: KEY_SCHEMA }).save(loaded, edited), 'unknown');
    assert.equal(err.awsCode, 'InternalServerError');
    assert.match(err.message, new RegExp(`Save the item pk = "k0002" in table "${table.TableName}" failed: Internal server error`));
    assert.ok(itemsEqual((await getDirect(table.TableName!, { pk: loaded.pk })) ?? {}, loaded), 'the old version, untouched');
    const { lost, duplicates } = await checkWrites(table.TableName!, [loaded], 0);
    assert.deepEqual({ lost: lost.length, duplicates }, { lost: 0, duplicates: 0 });
  });

  // DynamoDB documents InternalServerError as transient: the message says to retry.
  it('InternalServerError on a save tells the person to retry', async () => {
    const loaded = item(10, { note: { S: 'old' } });
    const table = await createTable('save-500-hint', [loaded]);
    const client = await poolClient({ maxAttempts: 1 });
    proxy.setRules([{ operation: 'UpdateItem', action: { kind: 'error', fault: 'InternalServerError' } }]);
    const err = await expectStudioError(new ItemStore(client, { tableName: table.TableName!, keySchema: KEY_SCHEMA }).save(loaded, { ...loaded, note: { S: 'new' } }), 'unknown');
    assert.match(err.hint ?? '', /retry|try again/i);
  });

  it('connection dropped after a conditional save was applied: the SDK retry is refused by the condition, nothing is overwritten', async () => {
    const loaded = item(3, { note: { S: 'old' }, keep: { S: 'untouched' } });
    const table = await createTable('save-drop-after', [loaded]);
    const client = await poolClient({ maxAttempts: 3 });
    proxy.setRules([{ operation: 'UpdateItem', nth: 1, action: { kind: 'dropAfter' } }]);
    const edited: Item = { ...loaded, note: { S: 'new' } };
    const result = await new ItemStore(client, { tableName: table.TableName!, keySchema: KEY_SCHEMA }).save(loaded, edited);
    // The write landed; the retry's condition (note = "old") then failed without writing, and the stored item is
    // the edit itself, so the store reports the save as done.
    assert.equal(proxy.counts('UpdateItem').received, 2);
    assert.equal(result.status, 'saved');
    assert.ok(result.status === 'saved' && itemsEqual(result.stored, edited), 'the result carries the stored item, which is the edit');
    assert.ok(itemsEqual((await getDirect(table.TableName!, { pk: loaded.pk })) ?? {}, edited), 'stored item equals the edit, no other attribute changed');
    const { lost, duplicates } = await checkWrites(table.TableName!, [edited]);
    assert.deepEqual({ lost: lost.length, duplicates }, { lost: 0, duplicates: 0 });
  });

  it('connection dropped after a conditional delete was applied: the SDK retry finds the item gone and nothing else is deleted', async () => {
    const loaded = item(11, { note: { S: 'to delete' } });
    const neighbour = item(12);
    const table = await createTable('delete-drop-after', [loaded, neighbour]);
    const client = await poolClient({ maxAttempts: 3 });
    proxy.setRules([{ operation: 'DeleteItem', nth: 1, action: { kind: 'dropAfter' } }]);
    const result = await new ItemStore(client, { tableName: table.TableName!, keySchema: KEY_SCHEMA }).delete(loaded);
    assert.equal(proxy.counts('DeleteItem').received, 2);
    // The retry's condition fails on the missing item; the SDK sent the delete twice, so the first one deleted it.
    assert.deepEqual({ status: result.status, message: result.status === 'conflict' ? result.message : undefined }, { status: 'deleted', message: undefined });
    assert.equal(await getDirect(table.TableName!, { pk: loaded.pk }), undefined);
    const { lost, duplicates } = await checkWrites(table.TableName!, [neighbour]);
    assert.deepEqual({ lost: lost.length, duplicates, stored: (await scanDirect(table.TableName!)).length }, { lost: 0, duplicates: 0, stored: 1 });
  });

  // Once reported as "changed by someone else" although the stored item was exactly this edit.
  it('connection dropped after an applied save: the save is reported as saved, not as someone else\'s change', async () => {
    const loaded = item(4, { note: { S: 'old' } });
    const table = await createTable('save-drop-after-message', [loaded]);
    const client = await poolClient({ maxAttempts: 3 });
    proxy.setRules([{ operation: 'UpdateItem', nth: 1, action: { kind: 'dropAfter' } }]);
    const edited: Item = { ...loaded, note: { S: 'new' } };
    const result = await new ItemStore(client, { tableName: table.TableName!, keySchema: KEY_SCHEMA }).save(loaded, edited);
    assert.equal(result.status, 'saved', result.status === 'conflict' ? result.message : '');
    const { lost, duplicates } = await checkWrites(table.TableName!, [edited]);
    assert.deepEqual({ lost: lost.length, duplicates }, { lost: 0, duplicates: 0 });
  });

  it('connection dropped after a save without SDK retries: endpointUnreachable, and saving again does not overwrite silently', async () => {
    const loaded = item(5, { note: { S: 'old' }, keep: { S: 'untouched' } });
    const table = await createTable('save-drop-no-retry', [loaded]);
    const client = await poolClient({ maxAttempts: 1 });
    proxy.setRules([{ operation: 'UpdateItem', nth: 1, action: { kind: 'dropAfter' } }]);
    const store = new ItemStore(client, { tableName: table.TableName!, keySchema: KEY_SCHEMA });
    const edited: Item = { ...loaded, note: { S: 'new' } };
    const err = await expectStudioError(store.save(loaded, edited), 'endpointUnreachable');
    assert.match(err.message, /^Save the item pk = "k0005" in table "[^"]+" failed: .* cannot be reached \(ECONNRESET\)\.$/);
    // The person presses Save again with the same editor content: refused by the condition (nothing written),
    // and reported as saved because the stored item is this edit.
    const again = await store.save(loaded, edited);
    assert.equal(again.status, 'saved');
    assert.equal(proxy.counts('UpdateItem').forwarded, 2);
    assert.ok(itemsEqual((await getDirect(table.TableName!, { pk: loaded.pk })) ?? {}, edited), 'stored item equals the edit, no other attribute changed');
    const { lost, duplicates } = await checkWrites(table.TableName!, [edited]);
    assert.deepEqual({ lost: lost.length, duplicates }, { lost: 0, duplicates: 0 });
  });

  // Once named no endpoint: ItemStore passed only the operation, not where the client points.
  it('a save that cannot reach a custom endpoint names the endpoint and says to check that it is running', async () => {
    const loaded = item(9, { note: { S: 'old' } });
    const table = await createTable('save-drop-hint', [loaded]);
    const client = await poolClient({ maxAttempts: 1 });
    proxy.setRules([{ operation: 'UpdateItem', action: { kind: 'dropBefore' } }]);
    const err = await expectStudioError(new ItemStore(client, { tableName: table.TableName!, keySchema: KEY_SCHEMA }).save(loaded, { ...loaded, note: { S: 'new' } }), 'endpointUnreachable');
    assert.ok(err.message.includes(proxy.endpoint), err.message);
    assert.match(err.hint ?? '', /endpoint is running/);
    const { lost, duplicates } = await checkWrites(table.TableName!, [loaded], 0);
    assert.deepEqual({ lost: lost.length, duplicates }, { lost: 0, duplicates: 0 });
  });

  // ---- endpoint gone mid-read -------------------------------------------------------------------------------

  it('endpoint stops answering in the middle of a fetch-all: the pages read before are kept and the error says the endpoint cannot be reached', async () => {
    const table = await createTable('fetch-killed', rows(50));
    const client = await poolClient({ maxAttempts: 2 });
    proxy.setRules([{ operation: 'Scan', from: 4, action: { kind: 'dropBefore' } }]);
    const kept: Item[] = [];
    let lastProgress = 0;
    const err = await expectStudioError(
      fetchAll(client, { ...newQuerySpec(table.TableName!), pageSize: 10 }, { collect: false, onItems: (items) => void kept.push(...items), onProgress: (p) => (lastProgress = p.count) }),
      'endpointUnreachable',
    );
    assert.match(err.message, new RegExp(`^Scan table "${table.TableName}" failed: the endpoint at ${proxy.endpoint} cannot be reached`));
    assert.equal(lastProgress, 30, 'progress reported the three pages read');
    const firstPages = (await scanDirect(table.TableName!, 10)).slice(0, 30);
    assert.equal(kept.length, 30);
    kept.forEach((x, i) => assert.ok(itemsEqual(x, firstPages[i]), `kept item ${i} is the stored item`));
    readScenarioDone();
  });

  // Once said nothing about the items already in the file (the fetch's StudioError passed through unchanged).
  it('endpoint stops answering in the middle of an export: the error says how many items were exported, the file holds them, and the export resumes', async () => {
    const table = await createTable('export-killed', rows(50));
    const client = await poolClient({ maxAttempts: 2 });
    proxy.setRules([{ operation: 'Scan', from: 4, action: { kind: 'dropBefore' } }]);
    const file = path.join(tmpDir, 'killed.jsonl');
    const spec = { ...newQuerySpec(table.TableName!), pageSize: 10 };
    const err = await expectStudioError(exportQuery(client, spec, file), 'endpointUnreachable');
    assert.match(err.message, /after 30 items/);
    assert.match(err.message, new RegExp(`^Export to ${escapeRegExp(file)} stopped after 30 items, which are in the file \\(complete lines only\\): Scan table "${table.TableName}" failed: the endpoint at ${escapeRegExp(proxy.endpoint)} cannot be reached`));
    assert.ok(err instanceof ExportStoppedError && err.report.cursor);
    const stored = await scanDirect(table.TableName!, 10);
    assert.deepEqual(exportedKeys(file), stored.slice(0, 30).map(keyOf), 'the file holds exactly the first 30 items');
    proxy.setRules([]);
    const report = await exportQuery(client, spec, file, { resume: { cursor: err.report.cursor!, items: err.report.items } });
    assert.equal(report.items, 50);
    assert.deepEqual(exportedKeys(file), stored.map(keyOf), 'after resuming, every item once, in order');
    readScenarioDone();
  });

  // ---- credentials and permissions --------------------------------------------------------------------------

  it('AccessDeniedException on one table while another works on the same client; the import into it writes nothing', async () => {
    const denied = await createTable('denied', rows(5));
    const allowed = await createTable('allowed', rows(12));
    const client = await poolClient({ maxAttempts: 3 });
    proxy.setRules([{ table: denied.TableName!, action: { kind: 'error', fault: 'AccessDeniedException' } }]);
    const err = await expectStudioError(fetchAll(client, newQuerySpec(denied.TableName!)), 'accessDenied');
    assert.match(err.message, new RegExp(`^Scan table "${denied.TableName}" failed: access denied\\. User: .* is not authorized`));
    assert.match(err.hint ?? '', /IAM permission/);
    const ok = await fetchAll(client, newQuerySpec(allowed.TableName!));
    assert.equal(ok.count, 12);
    const stop = await expectTransferStopped(importFile(client, denied.TableName!, jsonlFile('denied', rows(40).slice(20)), { table: denied, concurrency: 1 }));
    assert.equal(stop.kind, 'accessDenied');
    assert.match(stop.message, /allows it\. 0 items were written before it stopped\. The 20 items not confirmed are in .*denied\.jsonl\.failed\.ddb\.jsonl, ready to import again/);
    assert.equal(stop.report.written, 0);
    assert.deepEqual(failedKeys(stop.report.failedItemsFile!), rows(40).slice(20).map(keyOf), 'every item of the file is listed for the next try');
    const { lost, duplicates } = await checkWrites(denied.TableName!, rows(5), 0);
    assert.deepEqual({ lost: lost.length, duplicates, stored: (await scanDirect(denied.TableName!)).length }, { lost: 0, duplicates: 0, stored: 5 });
  });

  it('ExpiredTokenException gives kind expiredToken with a hint to refresh the credentials, and the save writes nothing', async () => {
    const loaded = item(6, { note: { S: 'old' } });
    const table = await createTable('expired', [loaded]);
    const client = await poolClient({ maxAttempts: 3 });
    proxy.setRules([{ action: { kind: 'error', fault: 'ExpiredTokenException' } }]);
    const err = await expectStudioError(runPage(client, newQuerySpec(table.TableName!)), 'expiredToken');
    assert.equal(err.awsCode, 'ExpiredTokenException');
    assert.match(err.message, /failed: the credentials have expired\.$/);
    assert.match(err.hint ?? '', /Refresh the credentials/);
    const saveErr = await expectStudioError(new ItemStore(client, { tableName: table.TableName!, keySchema: KEY_SCHEMA }).save(loaded, { ...loaded, note: { S: 'new' } }), 'expiredToken');
    assert.match(saveErr.hint ?? '', /Refresh the credentials/);
    const { lost, duplicates } = await checkWrites(table.TableName!, [loaded], 0);
    assert.deepEqual({ lost: lost.length, duplicates }, { lost: 0, duplicates: 0 });
  });

  // ---- delays beyond the request timeout --------------------------------------------------------------------

  // Bug: DynamoClientPool passes requestTimeout to the SDK's request handler without throwOnRequestTimeout: true.
  // The pool sets throwOnRequestTimeout: without it @smithy/node-http-handler 4.x only logs a warning and keeps waiting.
  it('a delay beyond the request timeout gives endpointUnreachable (TimeoutError); the late write lands once and saving again is refused', async () => {
    const table = await createTable('timeout-create');
    const client = await poolClient({ maxAttempts: 1, requestTimeoutMs: 300 });
    proxy.setRules([{ operation: 'PutItem', nth: 1, action: { kind: 'delay', ms: 1500 } }]);
    const store = new ItemStore(client, { tableName: table.TableName!, keySchema: KEY_SCHEMA });
    const edited = item(7, { note: { S: 'created' } });
    const err = await expectStudioError(store.save(undefined, edited), 'endpointUnreachable');
    // The request timer fails the socket: the SDK reports it as TimeoutError or as the socket's ETIMEDOUT.
    assert.ok(['TimeoutError', 'ETIMEDOUT'].includes(err.awsCode ?? ''), `a timeout, not ${err.awsCode}`);
    await proxy.idle();
    // The proxy forwarded the request after the client gave up: the item exists although the save failed.
    assert.ok(itemsEqual((await getDirect(table.TableName!, { pk: edited.pk })) ?? {}, edited));
    const again = await store.save(undefined, { ...edited, note: { S: 'second try' } });
    assert.equal(again.status, 'conflict');
    assert.ok(again.status === 'conflict' && again.reason === 'exists' && again.current && itemsEqual(again.current, edited));
    const { lost, duplicates } = await checkWrites(table.TableName!, [edited]);
    assert.deepEqual({ lost: lost.length, duplicates }, { lost: 0, duplicates: 0 });
  });

  // Holds whether the request times out (and the SDK retry saves while the late original is refused by the
  // condition) or, as long as the timeout above does not fail requests, simply waits for the delayed answer.
  it('a save delayed beyond the request timeout is applied exactly once and the stored item is the edit', async () => {
    const loaded = item(8, { note: { S: 'old' }, keep: { S: 'untouched' } });
    const table = await createTable('timeout-update', [loaded]);
    const client = await poolClient({ maxAttempts: 3, requestTimeoutMs: 300 });
    proxy.setRules([{ operation: 'UpdateItem', nth: 1, action: { kind: 'delay', ms: 1500 } }]);
    const edited: Item = { ...loaded, note: { S: 'new' } };
    const result = await new ItemStore(client, { tableName: table.TableName!, keySchema: KEY_SCHEMA }).save(loaded, edited);
    assert.equal(result.status, 'saved');
    await proxy.idle();
    assert.equal(proxy.counts('UpdateItem').faulted, 1, 'the save went through the delay');
    assert.ok(itemsEqual((await getDirect(table.TableName!, { pk: loaded.pk })) ?? {}, edited));
    const { lost, duplicates } = await checkWrites(table.TableName!, [edited]);
    assert.deepEqual({ lost: lost.length, duplicates }, { lost: 0, duplicates: 0 });
  });

  // ---- throttling is reported while it is retried -----------------------------------------------------------

  it('a throttled fetch-all tells its caller and the pool about each retry, with the table, the code and the next attempt', async () => {
    const table = await createTable('retry-notice-scan', rows(40));
    const pool = newPool({ maxAttempts: 3 });
    const client = await pool.get(endpointConnection(), TEST_REGION);
    const poolNotices: RetryNotice[] = [];
    pool.onRetry((n) => poolNotices.push(n));
    proxy.setRules([
      { operation: 'Scan', nth: 2, action: { kind: 'error', fault: 'ProvisionedThroughputExceededException' } },
      { operation: 'Scan', nth: 4, action: { kind: 'error', fault: 'ThrottlingException' } },
    ]);
    const notices: RetryNotice[] = [];
    const result = await fetchAll(client, { ...newQuerySpec(table.TableName!), pageSize: 10 }, { onRetry: (n) => notices.push(n) });
    assert.deepEqual(
      notices.map((n) => [n.reason, n.operation, n.table, n.errorCode, n.attempt, n.maxAttempts]),
      [
        ['throttled', 'Scan', table.TableName, 'ProvisionedThroughputExceededException', 1, 3],
        ['throttled', 'Scan', table.TableName, 'ThrottlingException', 1, 3],
      ],
    );
    assert.equal(describeRetry(notices[0]), `DynamoDB is throttling Scan on table "${table.TableName}" (ProvisionedThroughputExceededException); retrying with backoff (attempt 2 of 3).`);
    assert.deepEqual(poolNotices.map((n) => [n.connection, n.region, n.errorCode]), [['Faults', TEST_REGION, 'ProvisionedThroughputExceededException'], ['Faults', TEST_REGION, 'ThrottlingException']]);
    assert.equal(result.count, 40);
    assert.equal(new Set(result.items.map(keyOf)).size, 40, 'no item read twice');
    readScenarioDone();
  });

  it('retry notices reach only the operation whose requests were throttled, also on a shared client', async () => {
    const throttled = await createTable('retry-scope-hot', rows(30));
    const calm = await createTable('retry-scope-calm', rows(30));
    const client = await poolClient({ maxAttempts: 3 });
    proxy.setRules([{ operation: 'Scan', table: throttled.TableName!, nth: 2, action: { kind: 'error', fault: 'ThrottlingException' } }]);
    const hot: RetryNotice[] = [];
    const quiet: RetryNotice[] = [];
    const [a, b] = await Promise.all([
      fetchAll(client, { ...newQuerySpec(throttled.TableName!), pageSize: 5 }, { onRetry: (n) => hot.push(n) }),
      fetchAll(client, { ...newQuerySpec(calm.TableName!), pageSize: 5 }, { onRetry: (n) => quiet.push(n) }),
    ]);
    assert.deepEqual({ hot: hot.map((n) => n.table), quiet: quiet.length }, { hot: [throttled.TableName], quiet: 0 });
    assert.deepEqual([a.count, b.count], [30, 30]);
    readScenarioDone();
  });

  it('an export under throttling reports the retries and writes every item to the file exactly once', async () => {
    const table = await createTable('export-throttle', rows(45));
    const client = await poolClient({ maxAttempts: 4 });
    proxy.setRules([{ operation: 'Scan', first: 2, action: { kind: 'error', fault: 'ProvisionedThroughputExceededException' } }]);
    const notices: RetryNotice[] = [];
    const file = path.join(tmpDir, 'throttled-export.jsonl');
    const report = await exportQuery(client, { ...newQuerySpec(table.TableName!), pageSize: 10 }, file, { onRetry: (n) => notices.push(n) });
    assert.deepEqual(notices.map((n) => [n.reason, n.attempt]), [['throttled', 1], ['throttled', 2]]);
    assert.equal(report.items, 45);
    assert.deepEqual(exportedKeys(file), (await scanDirect(table.TableName!, 10)).map(keyOf));
    readScenarioDone();
  });

  it('an import throttled past the SDK retries reports its own backoff retries and writes every item exactly once', async () => {
    const table = await createTable('import-retry-notice');
    const source = rows(60);
    const client = await poolClient({ maxAttempts: 1 });
    proxy.setRules([{ operation: 'BatchWriteItem', first: 2, action: { kind: 'error', fault: 'ThrottlingException' } }]);
    const notices: RetryNotice[] = [];
    const report = await importFile(client, table.TableName!, jsonlFile('import-retry-notice', source), { table, concurrency: 1, onRetry: (n) => notices.push(n) });
    assert.deepEqual(notices.map((n) => [n.reason, n.operation, n.items, n.attempt, n.errorCode]), [
      ['throttled', 'BatchWriteItem', 25, 1, 'ThrottlingException'],
      ['throttled', 'BatchWriteItem', 25, 2, 'ThrottlingException'],
    ]);
    assert.deepEqual({ written: report.written, failed: report.failed }, { written: 60, failed: 0 });
    const { lost, duplicates } = await checkWrites(table.TableName!, source);
    assert.deepEqual({ lost: lost.length, duplicates, stored: (await scanDirect(table.TableName!)).length }, { lost: 0, duplicates: 0, stored: 60 });
  });

  it('unprocessed items of a batch are reported and retried: every item written exactly once', async () => {
    const table = await createTable('import-unprocessed');
    const source = rows(50);
    const client = await poolClient({ maxAttempts: 3 });
    proxy.setRules([
      { operation: 'BatchWriteItem', nth: 1, action: { kind: 'partialBatch', keep: 10 } },
      { operation: 'BatchWriteItem', nth: 2, action: { kind: 'partialBatch', keep: 0 } },
    ]);
    const notices: RetryNotice[] = [];
    const report = await importFile(client, table.TableName!, jsonlFile('unprocessed', source), { table, concurrency: 1, onRetry: (n) => notices.push(n) });
    assert.deepEqual(notices.map((n) => [n.reason, n.items]), [['unprocessed', 15], ['unprocessed', 15]]);
    assert.match(describeRetry(notices[0]), /^DynamoDB left 15 items of BatchWriteItem on table ".*" unprocessed \(write capacity exhausted\); retrying them with backoff \(attempt 2 of 10\)\.$/);
    assert.deepEqual({ written: report.written, failed: report.failed }, { written: 50, failed: 0 });
    const { lost, duplicates } = await checkWrites(table.TableName!, source);
    assert.deepEqual({ lost: lost.length, duplicates, stored: (await scanDirect(table.TableName!)).length }, { lost: 0, duplicates: 0, stored: 50 });
  });

  it('a copy whose writes are throttled reports the retries and copies every item exactly once', async () => {
    const sourceTable = await createTable('copy-throttle-source', rows(40));
    const target = await createTable('copy-throttle-target');
    const client = await poolClient({ maxAttempts: 2 });
    proxy.setRules([{ operation: 'BatchWriteItem', first: 3, action: { kind: 'error', fault: 'ProvisionedThroughputExceededException' } }]);
    const notices: RetryNotice[] = [];
    const report = await copyItems(client, newQuerySpec(sourceTable.TableName!), client, target.TableName!, { targetTable: target, concurrency: 1, onRetry: (n) => notices.push(n) });
    assert.ok(notices.length >= 3 && notices.every((n) => n.reason === 'throttled' && n.table === target.TableName), JSON.stringify(notices));
    assert.deepEqual({ written: report.written, failed: report.failed }, { written: 40, failed: 0 });
    const { lost, duplicates } = await checkWrites(target.TableName!, rows(40));
    assert.deepEqual({ lost: lost.length, duplicates }, { lost: 0, duplicates: 0 });
  });

  it('a throttled save is reported to the pool listener and saved exactly once', async () => {
    const loaded = item(20, { note: { S: 'old' } });
    const table = await createTable('save-throttle', [loaded]);
    const pool = newPool({ maxAttempts: 3 });
    const notices: RetryNotice[] = [];
    pool.onRetry((n) => notices.push(n));
    const client = await pool.get(endpointConnection(), TEST_REGION);
    proxy.setRules([{ operation: 'UpdateItem', nth: 1, action: { kind: 'error', fault: 'ProvisionedThroughputExceededException' } }]);
    const edited: Item = { ...loaded, note: { S: 'new' } };
    const result = await new ItemStore(client, { tableName: table.TableName!, keySchema: KEY_SCHEMA }).save(loaded, edited);
    assert.equal(result.status, 'saved');
    assert.deepEqual(notices.map((n) => [n.reason, n.operation, n.table]), [['throttled', 'UpdateItem', table.TableName]]);
    const { lost, duplicates } = await checkWrites(table.TableName!, [edited]);
    assert.deepEqual({ lost: lost.length, duplicates }, { lost: 0, duplicates: 0 });
  });

  // ---- endpoint gone: partial results, exact counts, resume -------------------------------------------------

  it('a fetch-all stopped by the endpoint keeps a cursor that reads the rest exactly once', async () => {
    const table = await createTable('fetch-resume', rows(50));
    const client = await poolClient({ maxAttempts: 1 });
    proxy.setRules([{ operation: 'Scan', nth: 3, action: { kind: 'dropBefore' } }]);
    const spec = { ...newQuerySpec(table.TableName!), pageSize: 10 };
    const err = await expectStudioError(fetchAll(client, spec), 'endpointUnreachable');
    assert.ok(err instanceof FetchStoppedError);
    assert.match(err.message, /cannot be reached \(ECONNRESET\)\. 20 items were read before it stopped\.$/);
    assert.equal(err.partial.items.length, 20);
    proxy.setRules([]);
    const rest = await fetchAll(client, spec, { ...err.partial.cursor });
    const all = [...err.partial.items, ...rest.items];
    assert.deepEqual(all.map(keyOf), (await scanDirect(table.TableName!, 10)).map(keyOf), 'every item once, in scan order');
    readScenarioDone();
  });

  it('a parallel scan stopped by the endpoint keeps a cursor per segment that reads the rest exactly once', async () => {
    const table = await createTable('parallel-resume', rows(80));
    const client = await poolClient({ maxAttempts: 1 });
    proxy.setRules([{ operation: 'Scan', nth: 9, action: { kind: 'dropBefore' } }]);
    const spec = { ...newQuerySpec(table.TableName!), segments: 4, pageSize: 5 };
    const err = await expectStudioError(fetchAll(client, spec), 'endpointUnreachable');
    assert.ok(err instanceof FetchStoppedError && err.partial.cursor?.segmentStartKeys?.length === 4);
    assert.ok(err.partial.count > 0 && err.partial.count < 80, `part was read (${err.partial.count})`);
    proxy.setRules([]);
    const rest = await fetchAll(client, spec, { ...err.partial.cursor });
    const keys = [...err.partial.items, ...rest.items].map(keyOf);
    assert.equal(new Set(keys).size, keys.length, 'no item read twice');
    assert.deepEqual([...keys].sort(), (await scanDirect(table.TableName!)).map(keyOf).sort(), 'every item read');
    readScenarioDone();
  });

  it('an import stopped by the endpoint says how many items were written and lists every other item for the next import', async () => {
    const table = await createTable('import-killed');
    const source = rows(100);
    const file = jsonlFile('import-killed', source);
    const client = await poolClient({ maxAttempts: 2 });
    proxy.setRules([{ operation: 'BatchWriteItem', from: 3, action: { kind: 'dropBefore' } }]);
    const stop = await expectTransferStopped(importFile(client, table.TableName!, file, { table, concurrency: 1 }));
    assert.equal(stop.kind, 'endpointUnreachable');
    const stored = await scanDirect(table.TableName!);
    assert.equal(stop.report.written, stored.length);
    assert.equal(stored.length, 50);
    assert.match(stop.message, /cannot be reached \(ECONNRESET\)\. 50 items were written before it stopped; 25 more may have been written \(the connection broke before DynamoDB answered\)\. The 50 items not confirmed are in .*import-killed\.jsonl\.failed\.ddb\.jsonl, ready to import again/);
    const storedKeys = new Set(stored.map(keyOf));
    assert.deepEqual(failedKeys(stop.report.failedItemsFile!).sort(), source.map(keyOf).filter((k) => !storedKeys.has(k)).sort());
    // The endpoint is back: importing the failed items finishes the job.
    proxy.setRules([]);
    const again = await importFile(client, table.TableName!, stop.report.failedItemsFile!, { table, failedItemsFile: path.join(tmpDir, 'import-killed.again.failed') });
    assert.deepEqual({ written: again.written, failed: again.failed }, { written: 50, failed: 0 });
    const { lost, duplicates } = await checkWrites(table.TableName!, source);
    assert.deepEqual({ lost: lost.length, duplicates, stored: (await scanDirect(table.TableName!)).length }, { lost: 0, duplicates: 0, stored: 100 });
  });

  it('an import whose batch was applied but never answered counts it as maybe written; importing the failed items again changes nothing', async () => {
    const table = await createTable('import-unconfirmed');
    const source = rows(75);
    const client = await poolClient({ maxAttempts: 1 });
    proxy.setRules([{ operation: 'BatchWriteItem', nth: 2, action: { kind: 'dropAfter' } }]);
    const stop = await expectTransferStopped(importFile(client, table.TableName!, jsonlFile('import-unconfirmed', source), { table, concurrency: 1 }));
    assert.deepEqual({ written: stop.report.written, unconfirmed: stop.report.unconfirmed, failed: stop.report.failed }, { written: 25, unconfirmed: 25, failed: 50 });
    assert.match(stop.message, /25 items were written before it stopped; 25 more may have been written/);
    assert.equal((await scanDirect(table.TableName!)).length, 50, 'the unanswered batch was applied');
    const again = await importFile(client, table.TableName!, stop.report.failedItemsFile!, { table, failedItemsFile: path.join(tmpDir, 'import-unconfirmed.again.failed') });
    assert.equal(again.written, 50);
    // The unanswered batch is written a second time with the same content; no other key twice.
    const secondBatch = new Set(source.slice(25, 50).map(keyOf));
    const { lost, duplicates } = await checkWrites(table.TableName!, source, (k) => (secondBatch.has(k) ? 2 : 1));
    assert.deepEqual({ lost: lost.length, duplicates, stored: (await scanDirect(table.TableName!)).length }, { lost: 0, duplicates: 0, stored: 75 });
  });

  it('an endpoint that is not running: reads and imports say so with the endpoint, and nothing is written', async () => {
    const table = await createTable('not-running', rows(3));
    const closedPort = await freePort();
    const deadEndpoint = `http://127.0.0.1:${closedPort}`;
    const client = await poolClient({ maxAttempts: 2 }, deadEndpoint);
    const err = await expectStudioError(fetchAll(client, newQuerySpec(table.TableName!)), 'endpointUnreachable');
    assert.equal(err.message, `Scan table "${table.TableName}" failed: the endpoint at ${deadEndpoint} cannot be reached (ECONNREFUSED). 0 items were read before it stopped.`);
    assert.match(err.hint ?? '', /Check that the endpoint is running \(for DynamoDB Local: is the process started on that port\?\), then retry\./);
    const stop = await expectTransferStopped(importFile(client, table.TableName!, jsonlFile('not-running', rows(10).slice(5)), { table }));
    assert.match(stop.message, /cannot be reached \(ECONNREFUSED\)\. 0 items were written before it stopped\. The 5 items not confirmed are in /);
    assert.equal(stop.report.unconfirmed, 0, 'a refused connection sent nothing');
    const { lost, duplicates } = await checkWrites(table.TableName!, rows(3), 0);
    assert.deepEqual({ lost: lost.length, duplicates, stored: (await scanDirect(table.TableName!)).length }, { lost: 0, duplicates: 0, stored: 3 });
  });

  it('a copy whose source endpoint stops mid-read says exactly how many items reached the target', async () => {
    const sourceTable = await createTable('copy-killed-source', rows(60));
    const target = await createTable('copy-killed-target');
    const client = await poolClient({ maxAttempts: 1 });
    proxy.setRules([{ operation: 'Scan', nth: 3, action: { kind: 'dropBefore' } }]);
    const stop = await expectTransferStopped(copyItems(client, { ...newQuerySpec(sourceTable.TableName!), pageSize: 20 }, client, target.TableName!, { targetTable: target, failedItemsFile: path.join(tmpDir, 'copy-killed.failed') }));
    assert.equal(stop.kind, 'endpointUnreachable');
    assert.match(stop.message, /^Scan table ".*" failed: the endpoint at .* cannot be reached \(ECONNRESET\)\. 40 items were read before it stopped\. 40 items were written before it stopped\.$/);
    const copied = (await scanDirect(sourceTable.TableName!, 20)).slice(0, 40);
    const { lost, duplicates } = await checkWrites(target.TableName!, copied);
    assert.deepEqual({ lost: lost.length, duplicates, stored: (await scanDirect(target.TableName!)).length }, { lost: 0, duplicates: 0, stored: 40 });
  });

  // ---- request timeouts -------------------------------------------------------------------------------------

  it('a fetch-all page that times out without retries keeps the pages read, says the endpoint did not answer in time, and resumes', async () => {
    const table = await createTable('fetch-timeout', rows(30));
    const client = await poolClient({ maxAttempts: 1, requestTimeoutMs: 300 });
    proxy.setRules([{ operation: 'Scan', nth: 2, action: { kind: 'delay', ms: 1200 } }]);
    const spec = { ...newQuerySpec(table.TableName!), pageSize: 10 };
    const err = await expectStudioError(fetchAll(client, spec), 'endpointUnreachable');
    assert.match(err.message, new RegExp(`^Scan table "${table.TableName}" failed: the endpoint at ${escapeRegExp(proxy.endpoint)} did not answer in time \\((TimeoutError|ETIMEDOUT)\\)\\. 10 items were read before it stopped\\.$`));
    assert.match(err.hint ?? '', /may still have been applied/);
    assert.ok(err instanceof FetchStoppedError);
    await proxy.idle();
    const rest = await fetchAll(client, spec, { ...err.partial.cursor });
    assert.deepEqual([...err.partial.items, ...rest.items].map(keyOf), (await scanDirect(table.TableName!, 10)).map(keyOf));
    readScenarioDone();
  });

  it('a timed-out scan page is retried and reported as a retry of an endpoint that did not answer', async () => {
    const table = await createTable('scan-timeout-retry', rows(20));
    const client = await poolClient({ maxAttempts: 3, requestTimeoutMs: 300 });
    proxy.setRules([{ operation: 'Scan', nth: 1, action: { kind: 'delay', ms: 1200 } }]);
    const notices: RetryNotice[] = [];
    const result = await fetchAll(client, { ...newQuerySpec(table.TableName!), pageSize: 10 }, { onRetry: (n) => notices.push(n) });
    assert.deepEqual(notices.map((n) => n.reason), ['unavailable']);
    assert.ok(['TimeoutError', 'ETIMEDOUT'].includes(notices[0].errorCode ?? ''), notices[0].errorCode);
    assert.match(describeRetry(notices[0]), /^Scan on table ".*" failed \((TimeoutError|ETIMEDOUT)\); retrying \(attempt 2 of 3\)\.$/);
    assert.equal(result.count, 20);
    await proxy.idle();
    readScenarioDone();
  });

  it('an import batch that times out is counted as maybe written; the late write and a second import leave each item once', async () => {
    const table = await createTable('import-timeout');
    const source = rows(40);
    const client = await poolClient({ maxAttempts: 1, requestTimeoutMs: 300 });
    proxy.setRules([{ operation: 'BatchWriteItem', nth: 1, action: { kind: 'delay', ms: 1200 } }]);
    const stop = await expectTransferStopped(importFile(client, table.TableName!, jsonlFile('import-timeout', source), { table, concurrency: 1 }));
    assert.deepEqual({ written: stop.report.written, unconfirmed: stop.report.unconfirmed, failed: stop.report.failed }, { written: 0, unconfirmed: 25, failed: 40 });
    assert.match(stop.message, /did not answer in time .* 0 items were written before it stopped; 25 more may have been written/);
    await proxy.idle();
    const again = await importFile(client, table.TableName!, stop.report.failedItemsFile!, { table, failedItemsFile: path.join(tmpDir, 'import-timeout.again.failed') });
    assert.equal(again.written, 40);
    const firstBatch = new Set(source.slice(0, 25).map(keyOf));
    const { lost, duplicates } = await checkWrites(table.TableName!, source, (k) => (firstBatch.has(k) ? 2 : 1));
    assert.deepEqual({ lost: lost.length, duplicates, stored: (await scanDirect(table.TableName!)).length }, { lost: 0, duplicates: 0, stored: 40 });
  });

  // ---- credentials ------------------------------------------------------------------------------------------

  const ssoProfile: ProfileInfo = { name: 'sso-dev', kind: 'sso', ssoLoginProfile: 'sso-dev', problems: [], sources: [] };

  it('ExpiredTokenException on an SSO profile gives the exact login command; the pool then resolves fresh credentials', async () => {
    const loaded = item(30, { note: { S: 'old' } });
    const table = await createTable('expired-sso', [loaded]);
    let resolutions = 0;
    const pool = newPool({ maxAttempts: 3 }, async () => {
      resolutions++;
      return { ...TEST_CREDENTIALS };
    });
    const connection = profileConnection(ssoProfile);
    const client = await pool.get(connection, TEST_REGION);
    proxy.setRules([{ action: { kind: 'error', fault: 'ExpiredTokenException' } }]);
    const err = await expectStudioError(new ItemStore(client, { tableName: table.TableName!, keySchema: KEY_SCHEMA }).save(loaded, { ...loaded, note: { S: 'new' } }), 'expiredToken');
    assert.equal(err.message, `Save the item pk = "k0030" in table "${table.TableName}" failed: the credentials of profile "sso-dev" have expired.`);
    assert.equal(err.fixCommand, 'aws sso login --profile sso-dev');
    assert.equal(err.hint, 'Sign in again with `aws sso login --profile sso-dev`, then retry.');
    // After `aws sso login` the next request must not reuse the rejected credentials.
    proxy.setRules([]);
    const fresh = await pool.get(connection, TEST_REGION);
    assert.notEqual(fresh, client);
    assert.equal(resolutions, 2);
    const edited: Item = { ...loaded, note: { S: 'after login' } };
    assert.equal((await new ItemStore(fresh, { tableName: table.TableName!, keySchema: KEY_SCHEMA }).save(loaded, edited)).status, 'saved');
    const { lost, duplicates } = await checkWrites(table.TableName!, [edited]);
    assert.deepEqual({ lost: lost.length, duplicates }, { lost: 0, duplicates: 0 });
  });

  it('ExpiredTokenException on an assume-role profile built on SSO names the SSO profile to sign in with', async () => {
    const table = await createTable('expired-role', rows(2));
    const profile: ProfileInfo = { name: 'admin-via-sso', kind: 'assume-role', sourceProfile: 'sso-dev', ssoLoginProfile: 'sso-dev', problems: [], sources: [] };
    const client = await newPool({ maxAttempts: 2 }).get(profileConnection(profile), TEST_REGION);
    proxy.setRules([{ action: { kind: 'error', fault: 'ExpiredTokenException' } }]);
    const err = await expectStudioError(fetchAll(client, newQuerySpec(table.TableName!)), 'expiredToken');
    assert.match(err.message, /failed: the credentials of profile "admin-via-sso" have expired\. 0 items were read before it stopped\.$/);
    assert.equal(err.fixCommand, 'aws sso login --profile sso-dev');
    assert.match(err.hint ?? '', /profile "admin-via-sso" signs in through "sso-dev"/);
    assert.equal(proxy.counts('Scan').received, 1, 'an expired token is not retried');
    readScenarioDone();
  });

  it('an expired SSO token in the cache stops before any request, with `aws sso login --profile NAME`', async () => {
    const table = await createTable('sso-cache-expired', rows(2));
    const home = fs.mkdtempSync(path.join(tmpDir, 'home-'));
    const startUrl = 'https://faults-example.awsapps.com/start';
    const config = path.join(home, 'config');
    fs.writeFileSync(config, ['[profile sso-legacy]', `sso_start_url = ${startUrl}`, 'sso_region = us-east-1', 'sso_account_id = 111122223333', 'sso_role_name = Reader', ''].join('\n'));
    const cacheDir = path.join(home, '.aws', 'sso', 'cache');
    fs.mkdirSync(cacheDir, { recursive: true });
    const cacheName = (await import('node:crypto')).createHash('sha1').update(startUrl).digest('hex');
    fs.writeFileSync(path.join(cacheDir, `${cacheName}.json`), JSON.stringify({ startUrl, region: 'us-east-1', accessToken: 'expired-token', expiresAt: new Date(Date.now() - 3600_000).toISOString() }));
    const profile: ProfileInfo = { name: 'sso-legacy', kind: 'sso', ssoStartUrl: startUrl, ssoLoginProfile: 'sso-legacy', problems: [], sources: [] };
    const files = { configFile: config, credentialsFile: path.join(home, 'credentials') };
    const saved = { HOME: process.env.HOME, AWS_CONFIG_FILE: process.env.AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE: process.env.AWS_SHARED_CREDENTIALS_FILE };
    Object.assign(process.env, { HOME: home, AWS_CONFIG_FILE: files.configFile, AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile });
    try {
      const client = await newPool({ maxAttempts: 2 }, async () => createProfileCredentials(profile, files)).get(profileConnection(profile), TEST_REGION);
      const err = await expectStudioError(importFile(client, table.TableName!, jsonlFile('sso-expired', rows(4)), { table }), 'ssoLoginRequired');
      assert.match(err.message, /^Loading the credentials of profile "sso-legacy" failed: the SSO session of profile "sso-legacy" has expired or was never started\./);
      assert.equal(err.fixCommand, 'aws sso login --profile sso-legacy');
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    assert.equal(proxy.counts('BatchWriteItem').received, 0, 'nothing was sent');
    const { lost, duplicates } = await checkWrites(table.TableName!, rows(2), 0);
    assert.deepEqual({ lost: lost.length, duplicates, stored: (await scanDirect(table.TableName!)).length }, { lost: 0, duplicates: 0, stored: 2 });
  });

  it('missing keys of a static profile stop before any request, with `aws configure --profile NAME`', async () => {
    const table = await createTable('missing-keys', rows(2));
    const home = fs.mkdtempSync(path.join(tmpDir, 'home-'));
    const files = { configFile: path.join(home, 'config'), credentialsFile: path.join(home, 'credentials') };
    fs.writeFileSync(files.configFile, '[profile other]\nregion = us-east-1\n');
    fs.writeFileSync(files.credentialsFile, '[other]\naws_access_key_id = AKIAOTHER\naws_secret_access_key = other\n');
    // The profile was listed with keys; they have been removed from the credentials file since.
    const profile: ProfileInfo = { name: 'gone-keys', kind: 'static', problems: [], sources: [] };
    const client = await newPool({ maxAttempts: 2 }, async () => createProfileCredentials(profile, files)).get(profileConnection(profile), TEST_REGION);
    const err = await expectStudioError(new ItemStore(client, { tableName: table.TableName!, keySchema: KEY_SCHEMA }).save(undefined, item(7)), 'missingCredentials');
    assert.match(err.message, /^Loading the credentials of profile "gone-keys" failed: no usable credentials of profile "gone-keys"\./);
    assert.equal(err.fixCommand, 'aws configure --profile gone-keys');
    assert.equal(proxy.counts('PutItem').received, 0, 'nothing was sent');
    const { lost, duplicates } = await checkWrites(table.TableName!, rows(2), 0);
    assert.deepEqual({ lost: lost.length, duplicates, stored: (await scanDirect(table.TableName!)).length }, { lost: 0, duplicates: 0, stored: 2 });
  });

  // ---- access denied on one table ---------------------------------------------------------------------------

  it('AccessDeniedException on saves to one table: refused with the table and what to do, while saves to another table of the same connection go through', async () => {
    const deniedItem = item(40, { note: { S: 'old' } });
    const allowedItem = item(41, { note: { S: 'old' } });
    const denied = await createTable('denied-save', [deniedItem]);
    const allowed = await createTable('allowed-save', [allowedItem]);
    const client = await poolClient({ maxAttempts: 3 });
    proxy.setRules([{ table: denied.TableName!, action: { kind: 'error', fault: 'AccessDeniedException', message: `User: arn:aws:iam::000000000000:user/tester is not authorized to perform: dynamodb:UpdateItem on resource: arn:aws:dynamodb:us-east-1:000000000000:table/${denied.TableName}` } }]);
    const err = await expectStudioError(new ItemStore(client, { tableName: denied.TableName!, keySchema: KEY_SCHEMA }).save(deniedItem, { ...deniedItem, note: { S: 'new' } }), 'accessDenied');
    assert.equal(err.message, `Save the item pk = "k0040" in table "${denied.TableName}" failed: access denied. User: arn:aws:iam::000000000000:user/tester is not authorized to perform: dynamodb:UpdateItem on resource: arn:aws:dynamodb:us-east-1:000000000000:table/${denied.TableName}.`);
    assert.match(err.hint ?? '', /Generate IAM Policy/);
    assert.equal(proxy.counts('UpdateItem').faulted, 1, 'access denied is not retried');
    const edited: Item = { ...allowedItem, note: { S: 'new' } };
    assert.equal((await new ItemStore(client, { tableName: allowed.TableName!, keySchema: KEY_SCHEMA }).save(allowedItem, edited)).status, 'saved');
    const deniedCheck = await checkWrites(denied.TableName!, [deniedItem], 0);
    const allowedCheck = await checkWrites(allowed.TableName!, [edited]);
    assert.deepEqual([deniedCheck.lost.length, deniedCheck.duplicates, allowedCheck.lost.length, allowedCheck.duplicates], [0, 0, 0, 0]);
  });

  it('AccessDeniedException on the export of one table leaves an empty file and says so; another table exports in full', async () => {
    const denied = await createTable('denied-export', rows(5));
    const allowed = await createTable('allowed-export', rows(15));
    const client = await poolClient({ maxAttempts: 3 });
    proxy.setRules([{ table: denied.TableName!, action: { kind: 'error', fault: 'AccessDeniedException' } }]);
    const deniedFile = path.join(tmpDir, 'denied-export.jsonl');
    const err = await expectStudioError(exportQuery(client, newQuerySpec(denied.TableName!), deniedFile), 'accessDenied');
    assert.match(err.message, new RegExp(`^Export to ${escapeRegExp(deniedFile)} stopped after 0 items, which are in the file \\(complete lines only\\): Scan table "${denied.TableName}" failed: access denied\\.`));
    assert.deepEqual(exportedKeys(deniedFile), []);
    const allowedFile = path.join(tmpDir, 'allowed-export.jsonl');
    const report = await exportQuery(client, newQuerySpec(allowed.TableName!), allowedFile);
    assert.equal(report.items, 15);
    assert.deepEqual(exportedKeys(allowedFile).sort(), rows(15).map(keyOf).sort());
    readScenarioDone();
  });

  // ---- the item changed or deleted under an open editor -----------------------------------------------------

  it('an item changed by someone else under an open editor: the save is refused, says so, and the other change is kept', async () => {
    const loaded = item(50, { note: { S: 'old' }, count: { N: '1' } });
    const table = await createTable('editor-changed', [loaded]);
    const client = await poolClient({ maxAttempts: 3 });
    const theirs: Item = { ...loaded, count: { N: '2' } };
    // Someone else's write goes straight to DynamoDB Local, not through this client.
    await direct.send(new PutItemCommand({ TableName: table.TableName!, Item: theirs }));
    const result = await new ItemStore(client, { tableName: table.TableName!, keySchema: KEY_SCHEMA }).save(loaded, { ...loaded, note: { S: 'mine' } });
    assert.equal(result.status, 'conflict');
    assert.ok(result.status === 'conflict' && result.reason === 'changed' && result.current && itemsEqual(result.current, theirs));
    assert.equal(result.status === 'conflict' ? result.message : '', 'The item pk = "k0050" was changed by someone else after you opened it.');
    const { lost, duplicates } = await checkWrites(table.TableName!, [theirs]);
    assert.deepEqual({ lost: lost.length, duplicates }, { lost: 0, duplicates: 0 });
  });

  it('an item deleted under an open editor: the save says it was deleted and does not recreate it; creating it again is an explicit save', async () => {
    const loaded = item(51, { note: { S: 'old' } });
    const table = await createTable('editor-deleted', [loaded]);
    const client = await poolClient({ maxAttempts: 3 });
    await direct.send(new DeleteItemCommand({ TableName: table.TableName!, Key: { pk: loaded.pk } }));
    const store = new ItemStore(client, { tableName: table.TableName!, keySchema: KEY_SCHEMA });
    const edited: Item = { ...loaded, note: { S: 'mine' } };
    const result = await store.save(loaded, edited);
    assert.deepEqual(result, { status: 'conflict', reason: 'deleted', current: undefined, message: 'The item pk = "k0051" was deleted by someone else after you opened it; the save did not recreate it.' });
    assert.equal(await getDirect(table.TableName!, { pk: loaded.pk }), undefined, 'not recreated');
    // Deleting it from a stale editor says it is already gone.
    const deleted = await store.delete(loaded);
    assert.deepEqual(deleted.status === 'conflict' ? [deleted.reason, deleted.message] : [], ['deleted', 'The item pk = "k0051" was already deleted by someone else.']);
    // The person asks to create it again (Overwrite on a deleted item saves it as new).
    assert.equal((await store.save(undefined, edited)).status, 'saved');
    const { lost, duplicates } = await checkWrites(table.TableName!, [edited]);
    assert.deepEqual({ lost: lost.length, duplicates }, { lost: 0, duplicates: 0 });
  });

  it('a new item whose PutItem was applied but never answered is reported as saved, stored once', async () => {
    const table = await createTable('create-drop-after');
    const client = await poolClient({ maxAttempts: 3 });
    proxy.setRules([{ operation: 'PutItem', nth: 1, action: { kind: 'dropAfter' } }]);
    const edited = item(52, { note: { S: 'new' } });
    const result = await new ItemStore(client, { tableName: table.TableName!, keySchema: KEY_SCHEMA }).save(undefined, edited);
    assert.equal(result.status, 'saved', result.status === 'conflict' ? result.message : '');
    assert.equal(proxy.counts('PutItem').received, 2);
    const { lost, duplicates } = await checkWrites(table.TableName!, [edited]);
    assert.deepEqual({ lost: lost.length, duplicates }, { lost: 0, duplicates: 0 });
  });

  it('a key change whose delete of the old item was applied but never answered: saving it again is reported as saved, new key stored once, old key gone', async () => {
    const loaded = item(53, { note: { S: 'old' } });
    const table = await createTable('key-change-drop-after', [loaded]);
    const client = await poolClient({ maxAttempts: 1 });
    proxy.setRules([{ operation: 'DeleteItem', nth: 1, action: { kind: 'dropAfter' } }]);
    const store = new ItemStore(client, { tableName: table.TableName!, keySchema: KEY_SCHEMA });
    const edited: Item = { ...loaded, pk: { S: 'k0053-renamed' } };
    const err = await expectStudioError(store.save(loaded, edited), 'endpointUnreachable');
    assert.match(err.message, /^Move the item pk = "k0053" to the key pk = "k0053-renamed" in table ".*": the item was written at the new key, but deleting it at the old key failed \(.*cannot be reached \(ECONNRESET\)\.\) Both may exist now/);
    // Saving again: the new key already holds the edit and the old key is gone, so the key change is complete.
    const again = await store.save(loaded, edited);
    assert.equal(again.status, 'saved', again.status === 'conflict' ? again.message : '');
    assert.equal(proxy.counts('DeleteItem').forwarded, 1);
    assert.equal(await getDirect(table.TableName!, { pk: loaded.pk }), undefined);
    const { lost, duplicates } = await checkWrites(table.TableName!, [edited]);
    assert.deepEqual({ lost: lost.length, duplicates, stored: (await scanDirect(table.TableName!)).length }, { lost: 0, duplicates: 0, stored: 1 });
  });
});

/** A local port with nothing listening on it. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
