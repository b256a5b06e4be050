// Fault injection on the operations the first fault suite did not reach: Query and fetch-all, the product's purge,
// bulk delete, PartiQL writes and transactions, DeleteTable/UpdateTable and stream reading; credentials that expire
// after N pages and access denied part way through a long operation. Each scenario checks the message the product
// returns (what was done and what was not), reads the table directly to count what was lost, and finishes the job
// the way the message says. Adds to the tally that faults.test.ts asserts.
import * as assert from 'node:assert/strict';
import { DescribeTableCommand, PutItemCommand, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { _Record } from '@aws-sdk/client-dynamodb-streams';
import type { ProfileInfo } from '../../../src/services/aws/profiles';
import { itemsEqual } from '../../../src/model/items/equality';
import type { Item } from '../../../src/model/items/types';
import type { QuerySpec } from '../../../src/model/query/querySpec';
import { newQuerySpec } from '../../../src/model/query/querySpec';
import { fetchAll, FetchStoppedError } from '../../../src/services/query/runner';
import { purgeTable } from '../../../src/services/dynamo/purge';
import { deleteItemsByKey } from '../../../src/services/items/deleteItems';
import { runPartiqlCell } from '../../../src/services/notebook/cellRunner';
import { deleteTable, deletionProtectionInput, updateTable } from '../../../src/services/dynamo/tableAdmin';
import { streamArnOf, streamsClientFor, tailStream } from '../../../src/services/dynamo/streamTail';
import { TEST_CREDENTIALS, TEST_REGION } from '../dynamoLocal';
import { expectStudioError, item, keyOf, rows, useFaultBench } from './faultHarness';

/** A table keyed by pk (S) and sk (N), so a Query reads one partition page by page. */
const SORTED: Partial<CreateTableCommandInput> = {
  AttributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: 'sk', AttributeType: 'N' },
  ],
  KeySchema: [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ],
};

/** n items of partition `p`, sort keys 0..n-1. */
const partition = (p: string, n: number): Item[] => Array.from({ length: n }, (_, i) => ({ pk: { S: p }, sk: { N: String(i) }, text: { S: `${p} row ${i}` } }));
const sortKeyOf = (x: Item): string => `${x.pk.S}/${x.sk.N}`;

function querySpec(table: string, p: string, pageSize: number): QuerySpec {
  return { ...newQuerySpec(table, 'query'), partitionKey: { name: 'pk', type: 'S', value: p }, pageSize };
}

const ssoProfile: ProfileInfo = { name: 'sso-ops', kind: 'sso', ssoLoginProfile: 'sso-ops', problems: [], sources: [] };

describe('fault injection on queries, purge, bulk delete, PartiQL, table changes and streams', function () {
  this.timeout(60_000);
  const bench = useFaultBench();
  const { poolClient, newPool, profileConnection, createTable, scanDirect, checkWrites, readScenarioDone } = bench;

  // ---- Query and fetch-all ------------------------------------------------------------------------------------

  it('a throttled Query is retried page by page: fetch-all reads the partition exactly once, in sort order', async () => {
    const table = await createTable('query-throttle', [...partition('a', 45), ...partition('b', 10)], SORTED);
    const client = await poolClient({ maxAttempts: 3 });
    bench.proxy.setRules([
      { operation: 'Query', nth: 2, action: { kind: 'error', fault: 'ProvisionedThroughputExceededException' } },
      { operation: 'Query', nth: 4, action: { kind: 'error', fault: 'ThrottlingException' } },
    ]);
    const result = await fetchAll(client, querySpec(table.TableName!, 'a', 10));
    assert.equal(bench.proxy.counts('Query').faulted, 2);
    assert.deepEqual(result.items.map(sortKeyOf), partition('a', 45).map(sortKeyOf));
    readScenarioDone();
  });

  it('a Query whose endpoint stops after two pages says how many items were read and resumes from its cursor exactly once', async () => {
    const table = await createTable('query-killed', partition('a', 50), SORTED);
    const client = await poolClient({ maxAttempts: 1 });
    bench.proxy.setRules([{ operation: 'Query', from: 3, action: { kind: 'dropBefore' } }]);
    const spec = querySpec(table.TableName!, 'a', 10);
    const err = await expectStudioError(fetchAll(client, spec), 'endpointUnreachable');
    assert.ok(err instanceof FetchStoppedError);
    assert.equal(err.message, `Query table "${table.TableName}" failed: the endpoint at ${bench.proxy.endpoint} cannot be reached (ECONNRESET). 20 items were read before it stopped.`);
    assert.equal(err.partial.items.length, 20);
    bench.proxy.setRules([]);
    const rest = await fetchAll(client, spec, { ...err.partial.cursor });
    assert.deepEqual([...err.partial.items, ...rest.items].map(sortKeyOf), partition('a', 50).map(sortKeyOf), 'every item once, in order');
    readScenarioDone();
  });

  it('credentials that expire after three Query pages: the message gives the login command and the count; after login the cursor reads the rest once', async () => {
    const table = await createTable('query-expired', partition('a', 55), SORTED);
    const pool = newPool({ maxAttempts: 3 }, async () => ({ ...TEST_CREDENTIALS }));
    const connection = profileConnection(ssoProfile);
    const client = await pool.get(connection, TEST_REGION);
    bench.proxy.setRules([{ operation: 'Query', from: 4, action: { kind: 'error', fault: 'ExpiredTokenException' } }]);
    const spec = querySpec(table.TableName!, 'a', 10);
    const err = await expectStudioError(fetchAll(client, spec), 'expiredToken');
    assert.equal(err.message, `Query table "${table.TableName}" failed: the credentials of profile "sso-ops" have expired. 30 items were read before it stopped.`);
    assert.equal(err.fixCommand, 'aws sso login --profile sso-ops');
    assert.equal(bench.proxy.counts('Query').faulted, 1, 'an expired token is not retried');
    assert.ok(err instanceof FetchStoppedError);
    bench.proxy.setRules([]);
    const fresh = await pool.get(connection, TEST_REGION);
    const rest = await fetchAll(fresh, spec, { ...err.partial.cursor });
    assert.deepEqual([...err.partial.items, ...rest.items].map(sortKeyOf), partition('a', 55).map(sortKeyOf));
    readScenarioDone();
  });

  it('access denied part way through a parallel scan: the message names the table and the count, the cursor per segment resumes', async () => {
    const table = await createTable('scan-denied-midway', rows(80));
    const client = await poolClient({ maxAttempts: 3 });
    bench.proxy.setRules([{ operation: 'Scan', from: 6, action: { kind: 'error', fault: 'AccessDeniedException' } }]);
    const spec = { ...newQuerySpec(table.TableName!), segments: 4, pageSize: 5 };
    const err = await expectStudioError(fetchAll(client, spec), 'accessDenied');
    assert.ok(err instanceof FetchStoppedError);
    assert.match(err.message, new RegExp(`^Scan table "${table.TableName}" failed: access denied\\. User: .* is not authorized .* ${err.partial.count} items were read before it stopped\\.$`));
    assert.ok(err.partial.count > 0 && err.partial.count < 80, `part was read (${err.partial.count})`);
    bench.proxy.setRules([]);
    const rest = await fetchAll(client, spec, { ...err.partial.cursor });
    const keys = [...err.partial.items, ...rest.items].map(keyOf);
    assert.equal(new Set(keys).size, keys.length, 'no item read twice');
    assert.deepEqual([...keys].sort(), rows(80).map(keyOf).sort(), 'every item read');
    readScenarioDone();
  });

  // ---- purge (the product's purge) ----------------------------------------------------------------------------

  it('purge under a throttling storm and unprocessed items deletes every item once and nothing of another table', async () => {
    const table = await createTable('purge-storm', rows(120));
    const other = await createTable('purge-storm-other', rows(30));
    const client = await poolClient({ maxAttempts: 1 });
    bench.proxy.setRules([
      { operation: 'BatchWriteItem', first: 3, action: { kind: 'error', fault: 'ProvisionedThroughputExceededException' } },
      { operation: 'BatchWriteItem', nth: 5, action: { kind: 'partialBatch', keep: 7 } },
      { operation: 'BatchWriteItem', nth: 6, action: { kind: 'error', fault: 'ThrottlingException' } },
      { operation: 'BatchWriteItem', nth: 8, action: { kind: 'partialBatch', keep: 0 } },
    ]);
    const result = await purgeTable(client, table.TableName!, { segments: 2, retryBaseMs: 5, pageSize: 40 });
    assert.ok(bench.proxy.counts('BatchWriteItem').faulted >= 5);
    assert.deepEqual({ deleted: result.deleted, cancelled: result.cancelled, left: (await scanDirect(table.TableName!)).length }, { deleted: 120, cancelled: false, left: 0 });
    const { lost, duplicates } = await checkWrites(other.TableName!, rows(30), 0);
    assert.deepEqual({ lost: lost.length, duplicates }, { lost: 0, duplicates: 0 });
  });

  it('purge whose endpoint stops mid-run says exactly how many items were deleted; purging again finishes', async () => {
    const table = await createTable('purge-killed', rows(100));
    const client = await poolClient({ maxAttempts: 1 });
    bench.proxy.setRules([{ operation: 'BatchWriteItem', from: 3, action: { kind: 'dropBefore' } }]);
    const err = await expectStudioError(purgeTable(client, table.TableName!, { segments: 1, pageSize: 50 }), 'endpointUnreachable');
    const left = (await scanDirect(table.TableName!)).length;
    assert.equal(left, 50, 'two batches of 25 were deleted');
    assert.equal(err.message, `Purge table "${table.TableName}" failed: the endpoint at ${bench.proxy.endpoint} cannot be reached (ECONNRESET). 50 items were deleted before it stopped.`);
    assert.match(err.hint ?? '', /endpoint is running/);
    bench.proxy.setRules([]);
    const again = await purgeTable(client, table.TableName!, { segments: 1 });
    assert.deepEqual({ deleted: again.deleted, left: (await scanDirect(table.TableName!)).length }, { deleted: 50, left: 0 });
    readScenarioDone();
  });

  it('purge whose credentials expire after two scan pages says how many were deleted and how to sign in; purging again finishes', async () => {
    const table = await createTable('purge-expired', rows(90));
    const client = await newPool({ maxAttempts: 3 }).get(profileConnection(ssoProfile), TEST_REGION);
    bench.proxy.setRules([{ operation: 'Scan', from: 3, action: { kind: 'error', fault: 'ExpiredTokenException' } }]);
    const err = await expectStudioError(purgeTable(client, table.TableName!, { segments: 1, pageSize: 30 }), 'expiredToken');
    const left = (await scanDirect(table.TableName!)).length;
    assert.equal(err.message, `Purge table "${table.TableName}" failed: the credentials of profile "sso-ops" have expired. ${90 - left} items were deleted before it stopped.`);
    assert.equal(90 - left, 60, 'the keys of the two pages read were deleted');
    assert.equal(err.fixCommand, 'aws sso login --profile sso-ops');
    bench.proxy.setRules([]);
    const again = await purgeTable(client, table.TableName!, { segments: 1 });
    assert.deepEqual({ deleted: again.deleted, left: (await scanDirect(table.TableName!)).length }, { deleted: 30, left: 0 });
    readScenarioDone();
  });

  it('purge refused part way (access denied on the deletes) says how many were deleted and leaves the rest intact', async () => {
    const source = rows(75);
    const table = await createTable('purge-denied', source);
    const client = await poolClient({ maxAttempts: 3 });
    bench.proxy.setRules([{ operation: 'BatchWriteItem', from: 2, action: { kind: 'error', fault: 'AccessDeniedException' } }]);
    const err = await expectStudioError(purgeTable(client, table.TableName!, { segments: 1, pageSize: 75 }), 'accessDenied');
    const stored = await scanDirect(table.TableName!);
    assert.equal(stored.length, 50);
    assert.match(err.message, new RegExp(`^Purge table "${table.TableName}" failed: access denied\\. .* 25 items were deleted before it stopped\\.$`));
    // What was not deleted is exactly as it was.
    const storedKeys = new Set(stored.map(keyOf));
    const { lost, duplicates } = await checkWrites(table.TableName!, source.filter((x) => storedKeys.has(keyOf(x))), (k) => (storedKeys.has(k) ? 0 : 1));
    assert.deepEqual({ lost: lost.length, duplicates }, { lost: 0, duplicates: 0 });
  });

  // ---- bulk delete (Delete selected rows) -----------------------------------------------------------------------

  it('bulk delete under throttling and unprocessed items deletes exactly the selected rows, every other row intact', async () => {
    const source = rows(100);
    const table = await createTable('bulk-storm', source);
    const selected = source.filter((_, i) => i % 5 !== 0).map((x) => ({ pk: x.pk }));
    const client = await poolClient({ maxAttempts: 1 });
    bench.proxy.setRules([
      { operation: 'BatchWriteItem', nth: 1, action: { kind: 'partialBatch', keep: 3 } },
      { operation: 'BatchWriteItem', nth: 2, action: { kind: 'error', fault: 'ThrottlingException' } },
      { operation: 'BatchWriteItem', nth: 4, action: { kind: 'partialBatch', keep: 0 } },
    ]);
    const report = await deleteItemsByKey(client, table.TableName!, selected);
    assert.deepEqual({ deleted: report.deleted.length, failed: report.failed.length }, { deleted: 80, failed: 0 });
    const kept = source.filter((_, i) => i % 5 === 0);
    const stored = await scanDirect(table.TableName!);
    assert.deepEqual(stored.map(keyOf).sort(), kept.map(keyOf).sort());
    const selectedKeys = new Set(selected.map(keyOf));
    const { lost, duplicates } = await checkWrites(table.TableName!, kept, (k) => (selectedKeys.has(k) ? 1 : 0));
    assert.deepEqual({ lost: lost.length, duplicates }, { lost: 0, duplicates: 0 });
  });

  it('bulk delete refused part way says how many rows were deleted; deleting the selection again finishes and spares the rest', async () => {
    const source = rows(80);
    const table = await createTable('bulk-denied', source);
    const selected = source.slice(0, 60).map((x) => ({ pk: x.pk }));
    const client = await poolClient({ maxAttempts: 3 });
    bench.proxy.setRules([{ operation: 'BatchWriteItem', from: 2, action: { kind: 'error', fault: 'AccessDeniedException' } }]);
    const err = await expectStudioError(deleteItemsByKey(client, table.TableName!, selected), 'accessDenied');
    assert.match(err.message, new RegExp(`^Deleting 60 items from table "${table.TableName}" failed: access denied\\. .* 25 items were deleted before it stopped\\.$`));
    assert.equal((await scanDirect(table.TableName!)).length, 55);
    bench.proxy.setRules([]);
    const again = await deleteItemsByKey(client, table.TableName!, selected);
    assert.deepEqual({ deleted: again.deleted.length, failed: again.failed.length }, { deleted: 60, failed: 0 });
    // The 25 deleted in the first run are deleted again (a delete of a missing key succeeds); nothing else is touched.
    const selectedKeys = new Set(selected.map(keyOf));
    const { lost, duplicates } = await checkWrites(table.TableName!, source.slice(60), (k) => (selectedKeys.has(k) ? 2 : 0));
    assert.deepEqual({ lost: lost.length, duplicates, stored: (await scanDirect(table.TableName!)).length }, { lost: 0, duplicates: 0, stored: 20 });
  });

  it('bulk delete whose endpoint stops mid-run names the endpoint and the count; the rows not selected are intact', async () => {
    const source = rows(70);
    const table = await createTable('bulk-killed', source);
    const client = await poolClient({ maxAttempts: 1 });
    bench.proxy.setRules([{ operation: 'BatchWriteItem', from: 2, action: { kind: 'dropBefore' } }]);
    const err = await expectStudioError(deleteItemsByKey(client, table.TableName!, source.slice(0, 50).map((x) => ({ pk: x.pk }))), 'endpointUnreachable');
    assert.equal(err.message, `Deleting 50 items from table "${table.TableName}" failed: the endpoint at ${bench.proxy.endpoint} cannot be reached (ECONNRESET). 25 items were deleted before it stopped.`);
    const { lost, duplicates } = await checkWrites(table.TableName!, source.slice(25), (k) => (source.slice(0, 25).some((x) => keyOf(x) === k) ? 1 : 0));
    assert.deepEqual({ lost: lost.length, duplicates, stored: (await scanDirect(table.TableName!)).length }, { lost: 0, duplicates: 0, stored: 45 });
  });

  // ---- PartiQL writes and transactions --------------------------------------------------------------------------

  it('a throttled PartiQL UPDATE is retried and applied once; an access-denied PartiQL DELETE deletes nothing and says so', async () => {
    const source = rows(3);
    const table = await createTable('partiql-write', source);
    const client = await poolClient({ maxAttempts: 3 });
    bench.proxy.setRules([{ operation: 'ExecuteStatement', nth: 1, action: { kind: 'error', fault: 'ThrottlingException' } }]);
    const update = await runPartiqlCell(client, [{ statement: `UPDATE "${table.TableName}" SET note = 'changed' WHERE pk = 'k0001'`, parameters: [] }]);
    assert.equal(update.isWrite, true);
    assert.equal(bench.proxy.counts('ExecuteStatement').received, 2);
    const changed: Item = { ...source[1], note: { S: 'changed' } };
    bench.proxy.setRules([{ operation: 'ExecuteStatement', action: { kind: 'error', fault: 'AccessDeniedException' } }]);
    const err = await expectStudioError(runPartiqlCell(client, [{ statement: `DELETE FROM "${table.TableName}" WHERE pk = 'k0002'`, parameters: [] }]), 'accessDenied');
    assert.match(err.message, /failed: access denied\. User: .* is not authorized/);
    const { lost, duplicates } = await checkWrites(table.TableName!, [source[0], changed, source[2]]);
    assert.deepEqual({ lost: lost.length, duplicates, stored: (await scanDirect(table.TableName!)).length }, { lost: 0, duplicates: 0, stored: 3 });
  });

  it('a PartiQL transaction cancelled by one statement names the statement and its reason, and writes nothing', async () => {
    const source = rows(2);
    const table = await createTable('partiql-transaction', source);
    const client = await poolClient({ maxAttempts: 3 });
    const err = await expectStudioError(
      runPartiqlCell(client, [
        { statement: `UPDATE "${table.TableName}" SET note = 'first' WHERE pk = 'k0000'`, parameters: [] },
        { statement: `INSERT INTO "${table.TableName}" VALUE {'pk': 'k0001', 'n': 9}`, parameters: [] },
        { statement: `INSERT INTO "${table.TableName}" VALUE {'pk': 'k0099', 'n': 99}`, parameters: [] },
      ]),
      'validation',
    );
    assert.equal(err.awsCode, 'TransactionCanceledException');
    assert.match(err.message, /^The transaction of 3 statements was cancelled, so none of its requests was applied: request 2 failed \((DuplicateItem|ValidationError)/);
    const { lost, duplicates } = await checkWrites(table.TableName!, source, 0);
    assert.deepEqual({ lost: lost.length, duplicates, stored: (await scanDirect(table.TableName!)).length }, { lost: 0, duplicates: 0, stored: 2 });
  });

  it('a PartiQL INSERT applied but never answered: the SDK retry finds the item and the message says it may be this insert', async () => {
    const table = await createTable('partiql-insert-drop-after');
    const client = await poolClient({ maxAttempts: 3 });
    bench.proxy.setRules([{ operation: 'ExecuteStatement', nth: 1, action: { kind: 'dropAfter' } }]);
    const err = await expectStudioError(runPartiqlCell(client, [{ statement: `INSERT INTO "${table.TableName}" VALUE {'pk': 'k0007', 'n': 7, 'text': 'row 7, "quoted"'}`, parameters: [] }]), 'validation');
    assert.equal(bench.proxy.counts('ExecuteStatement').received, 2);
    assert.match(err.message, /an item with this key exists/);
    assert.match(err.message, /an earlier attempt of this statement, whose answer was lost, may have written it/);
    const { lost, duplicates } = await checkWrites(table.TableName!, [item(7)]);
    assert.deepEqual({ lost: lost.length, duplicates }, { lost: 0, duplicates: 0 });
  });

  // ---- DeleteTable and UpdateTable ------------------------------------------------------------------------------

  it('a DeleteTable applied but never answered is reported as deleted (the retry finds it gone); other tables are untouched', async () => {
    const doomed = await createTable('delete-drop-after', rows(5));
    const other = await createTable('delete-drop-after-other', rows(8));
    const client = await poolClient({ maxAttempts: 3 });
    bench.proxy.setRules([{ operation: 'DeleteTable', nth: 1, action: { kind: 'dropAfter' } }]);
    await deleteTable(client, doomed.TableName!);
    assert.equal(bench.proxy.counts('DeleteTable').received, 2);
    await assert.rejects(bench.direct.send(new DescribeTableCommand({ TableName: doomed.TableName! })), /ResourceNotFound|non-existent/);
    const { lost, duplicates } = await checkWrites(other.TableName!, rows(8), 0);
    assert.deepEqual({ lost: lost.length, duplicates }, { lost: 0, duplicates: 0 });
  });

  it('a throttled DeleteTable is retried; an access-denied one deletes nothing and says what to do', async () => {
    const denied = await createTable('delete-denied', rows(6));
    const throttled = await createTable('delete-throttled', rows(2));
    const client = await poolClient({ maxAttempts: 3 });
    bench.proxy.setRules([
      { operation: 'DeleteTable', table: throttled.TableName!, nth: 1, action: { kind: 'error', fault: 'ThrottlingException' } },
      { operation: 'DeleteTable', table: denied.TableName!, action: { kind: 'error', fault: 'AccessDeniedException' } },
    ]);
    await deleteTable(client, throttled.TableName!);
    await assert.rejects(bench.direct.send(new DescribeTableCommand({ TableName: throttled.TableName! })), /ResourceNotFound|non-existent/);
    const err = await expectStudioError(deleteTable(client, denied.TableName!), 'accessDenied');
    assert.match(err.message, new RegExp(`^Delete table "${denied.TableName}" failed: access denied\\.`));
    assert.match(err.hint ?? '', /IAM permission/);
    const { lost, duplicates } = await checkWrites(denied.TableName!, rows(6), 0);
    assert.deepEqual({ lost: lost.length, duplicates }, { lost: 0, duplicates: 0 });
  });

  it('an UpdateTable refused (access denied) or cut off (endpoint gone) leaves the table as it was and says so; retried, it applies', async () => {
    const table = await createTable('update-faults', rows(4));
    const client = await poolClient({ maxAttempts: 1 });
    const input = deletionProtectionInput(table.TableName!, true);
    bench.proxy.setRules([{ operation: 'UpdateTable', nth: 1, action: { kind: 'error', fault: 'AccessDeniedException' } }, { operation: 'UpdateTable', nth: 2, action: { kind: 'dropBefore' } }]);
    const denied = await expectStudioError(updateTable(client, input), 'accessDenied');
    assert.match(denied.message, new RegExp(`^Update table "${table.TableName}" failed: access denied\\. User: .* is not authorized`));
    const gone = await expectStudioError(updateTable(client, input), 'endpointUnreachable');
    assert.equal(gone.message, `Update table "${table.TableName}" failed: the endpoint at ${bench.proxy.endpoint} cannot be reached (ECONNRESET).`);
    const before = (await bench.direct.send(new DescribeTableCommand({ TableName: table.TableName! }))).Table;
    assert.equal(before?.DeletionProtectionEnabled ?? false, false, 'unchanged after both failures');
    await updateTable(client, input);
    const after = (await bench.direct.send(new DescribeTableCommand({ TableName: table.TableName! }))).Table;
    assert.equal(after?.DeletionProtectionEnabled, true);
    await updateTable(client, deletionProtectionInput(table.TableName!, false));
    const { lost, duplicates } = await checkWrites(table.TableName!, rows(4), 0);
    assert.deepEqual({ lost: lost.length, duplicates }, { lost: 0, duplicates: 0 });
  });

  // ---- stream reading -------------------------------------------------------------------------------------------

  it('stream reading through throttling and an expired iterator receives every change exactly once, in order', async () => {
    const table = await createTable('stream-faults', [], { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } });
    const put = async (from: number, to: number) => {
      for (let i = from; i < to; i++) await bench.direct.send(new PutItemCommand({ TableName: table.TableName!, Item: item(i) }));
    };
    await put(0, 15);
    const client = await poolClient({ maxAttempts: 3 });
    bench.proxy.setRules([
      { operation: 'GetRecords', nth: 1, action: { kind: 'error', fault: 'ThrottlingException' } },
      { operation: 'GetRecords', nth: 3, action: { kind: 'error', fault: 'ExpiredIteratorException' } },
    ]);
    const received: _Record[] = [];
    const controller = new AbortController();
    const result = await tailStream(streamsClientFor(client), streamArnOf(table), {
      signal: controller.signal,
      start: 'TRIM_HORIZON',
      pollMs: 50,
      onRecords: async (records) => {
        received.push(...records);
        // The second half is written after the first was read, so the expired iterator falls between the two.
        if (received.length === 15) await put(15, 30);
        if (received.length >= 30) controller.abort();
      },
    });
    assert.deepEqual(bench.proxy.counts('GetRecords').faulted, 2);
    assert.equal(result.reason, 'stopped');
    assert.deepEqual(received.map((r) => r.dynamodb?.Keys?.pk?.S), rows(30).map((x) => x.pk.S), 'every change once, in order');
    readScenarioDone();
  });

  it('stream reading whose endpoint goes away names the endpoint; the changes received before are intact', async () => {
    const table = await createTable('stream-killed', [], { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } });
    for (let i = 0; i < 5; i++) await bench.direct.send(new PutItemCommand({ TableName: table.TableName!, Item: item(i) }));
    const client = await poolClient({ maxAttempts: 1 });
    bench.proxy.setRules([{ operation: 'GetRecords', from: 2, action: { kind: 'dropBefore' } }]);
    const received: _Record[] = [];
    const err = await expectStudioError(
      tailStream(streamsClientFor(client), streamArnOf(table), { signal: new AbortController().signal, start: 'TRIM_HORIZON', pollMs: 20, onRecords: (r) => void received.push(...r) }),
      'endpointUnreachable',
    );
    assert.match(err.message, new RegExp(`^Watch stream failed: the endpoint at ${bench.proxy.endpoint.replace(/[.]/g, '\\.')} cannot be reached`));
    assert.deepEqual(received.map((r) => r.dynamodb?.NewImage?.pk?.S), rows(5).map((x) => x.pk.S));
    assert.ok(received.every((r, i) => itemsEqual(r.dynamodb?.NewImage as Item, item(i))));
    readScenarioDone();
  });
});
