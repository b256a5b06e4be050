// Copy to Table after a fault that stops it part way: the source endpoint dies, access to the source is denied, the
// source's credentials expire after N pages, or the target stops taking writes. Each scenario checks what the stop
// says (written, not confirmed, segments not read to their end), then finishes the copy with Resume Copy (the resume
// file the stop wrote) and compares every item of the target with the source as DynamoDB JSON. A resume file that
// does not match the tables, or is not one, is refused with nothing written. Adds to the tally faults.test.ts asserts.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TEST_REGION } from '../dynamoLocal';
import type { ProfileInfo } from '../../../src/services/aws/profiles';
import type { Item } from '../../../src/model/items/types';
import { newQuerySpec, type QuerySpec } from '../../../src/model/query/querySpec';
import { itemToDynamoJsonLine } from '../../../src/model/transfer/lines';
import { parseCopyResume } from '../../../src/model/transfer/copyResume';
import { copyItems, readCopyResumeFile, resumeCopy, type CopyEnds } from '../../../src/services/transfer/copy';
import type { TransferReport } from '../../../src/services/transfer/import';
import { expectStudioError, expectTransferStopped, item, useFaultBench } from './faultHarness';

/** Items with every kind of value, so the comparison as DynamoDB JSON means something. */
function richRows(n: number): Item[] {
  return Array.from({ length: n }, (_, i) =>
    item(i, {
      big: { N: `${i % 2 === 0 ? '-' : ''}1234567890123456789012345678901234567${i % 10}` },
      tags: { SS: [`t${i}`, 'shared'] },
      nums: { NS: [String(i), '1e-30'] },
      bin: { B: new Uint8Array([i % 256, 0, 255]) },
      nested: { M: { list: { L: [{ S: `é${i}` }, { NULL: true }, { BOOL: i % 3 === 0 }, { M: { deep: { N: String(i) } } }] } } },
    }),
  );
}

/** DynamoDB JSON with attribute names and set members in one order: equal text, equal item. */
function canonical(x: Item): string {
  const sortDeep = (v: unknown, key?: string): unknown => {
    if (Array.isArray(v)) {
      const members = v.map((m) => sortDeep(m));
      return key === 'SS' || key === 'NS' || key === 'BS' ? [...(members as string[])].sort() : members;
    }
    if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortDeep((v as Record<string, unknown>)[k], k)]));
    return v;
  };
  return JSON.stringify(sortDeep(JSON.parse(itemToDynamoJsonLine(x))));
}

const ssoProfile: ProfileInfo = { name: 'sso-copy', kind: 'sso', ssoLoginProfile: 'sso-copy', problems: [], sources: [] };

describe('fault injection: Copy to Table stopped part way, then Resume Copy', function () {
  this.timeout(60_000);
  const bench = useFaultBench();
  const { poolClient, newPool, profileConnection, createTable, scanDirect, checkWrites } = bench;
  const ends = (source = 'endpoint:Source', target = 'endpoint:Target'): CopyEnds => ({ source: { connectionId: source, region: TEST_REGION }, target: { connectionId: target, region: TEST_REGION } });
  const files = (label: string) => ({ failedItemsFile: path.join(bench.tmpDir, `${label}.failed.ddb.jsonl`), resumeFile: path.join(bench.tmpDir, `${label}.resume.json`) });

  /** The target holds exactly the source's items (all of them, or those `keep` selects), compared as DynamoDB JSON. */
  async function assertTargetEqualsSource(sourceTable: string, targetTable: string, keep: (x: Item) => boolean = () => true): Promise<number> {
    const source = (await scanDirect(sourceTable)).filter(keep).map(canonical).sort();
    const target = (await scanDirect(targetTable)).map(canonical).sort();
    assert.equal(target.length, source.length, 'the target holds as many items as the source');
    const differing = target.filter((t, i) => t !== source[i]);
    assert.deepEqual(differing, [], 'every item of the target equals the source item, as DynamoDB JSON');
    return target.length;
  }

  /** The resume file the stop wrote, checked against the report's counts. */
  function resumeFileOf(report: TransferReport, writtenBefore = 0): string {
    assert.ok(report.resumeFile, 'the stopped copy wrote a resume file');
    const parsed = parseCopyResume(fs.readFileSync(report.resumeFile, 'utf8'));
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.problem);
    assert.equal(parsed.state.done.written, writtenBefore + report.written);
    assert.equal(parsed.state.done.failed, report.failed);
    return report.resumeFile;
  }

  it('the source endpoint dies in the middle of a parallel scan and comes back: Resume Copy reads every unfinished segment on and the target equals the source', async () => {
    const source = await createTable('copyresume-killed-source', richRows(120));
    const target = await createTable('copyresume-killed-target');
    const client = await poolClient({ maxAttempts: 1 });
    bench.proxy.setRules([{ operation: 'Scan', table: source.TableName!, from: 9, action: { kind: 'dropBefore' } }]);
    const spec: QuerySpec = { ...newQuerySpec(source.TableName!), segments: 4, pageSize: 5 };
    const stop = await expectTransferStopped(copyItems(client, spec, client, target.TableName!, { targetTable: target, ends: ends(), ...files('killed') }));
    assert.equal(stop.kind, 'endpointUnreachable');
    const stored = (await scanDirect(target.TableName!)).length;
    assert.equal(stop.report.written, stored, 'the report counts what the target holds');
    assert.ok(stored > 0 && stored < 120, `part was copied (${stored})`);
    const unread = stop.report.unreadSegments!;
    assert.ok(unread.total === 4 && unread.unfinished >= 1, `segments unfinished: ${JSON.stringify(unread)}`);
    assert.match(stop.message, new RegExp(`${stored} items were written before it stopped\\. ${unread.unfinished} of 4 segments of the source were not read to their end: Resume Copy \\(.*killed\\.resume\\.json\\) reads the rest from where it stopped\\.$`));
    const resumeFile = resumeFileOf(stop.report);
    // The endpoint is back.
    bench.proxy.setRules([]);
    const state = await readCopyResumeFile(resumeFile);
    const done = await resumeCopy(client, client, state, resumeFile, files('killed-2'));
    assert.equal(done.written, 120 - stored, 'the resume wrote exactly what was missing');
    assert.equal(done.resumeFile, undefined, 'nothing is left to resume');
    assert.ok(!fs.existsSync(resumeFile), 'the consumed resume file is removed');
    assert.equal(await assertTargetEqualsSource(source.TableName!, target.TableName!), 120);
    const { lost, duplicates } = await checkWrites(target.TableName!, await scanDirect(source.TableName!));
    assert.deepEqual({ lost: lost.length, duplicates }, { lost: 0, duplicates: 0 });
  });

  it('access to the source is denied part way through a filtered copy: the filter is kept in the resume file and the resume copies exactly the matching rest', async () => {
    const source = await createTable('copyresume-denied-source', richRows(90));
    const target = await createTable('copyresume-denied-target');
    const client = await poolClient({ maxAttempts: 3 });
    bench.proxy.setRules([{ operation: 'Scan', table: source.TableName!, from: 4, action: { kind: 'error', fault: 'AccessDeniedException' } }]);
    const spec: QuerySpec = { ...newQuerySpec(source.TableName!), pageSize: 10, filters: [{ path: 'n', op: '<', values: ['60'], type: 'N' }] };
    const stop = await expectTransferStopped(copyItems(client, spec, client, target.TableName!, { targetTable: target, ends: ends(), ...files('denied') }));
    assert.equal(stop.kind, 'accessDenied');
    assert.equal(bench.proxy.counts('Scan').faulted, 1, 'access denied is not retried');
    assert.deepEqual(stop.report.unreadSegments, { unfinished: 1, total: 1 });
    assert.match(stop.message, /items were written before it stopped\. The source was not read to its end: Resume Copy \(.*denied\.resume\.json\) reads the rest from where it stopped\.$/);
    const before = (await scanDirect(target.TableName!)).length;
    assert.equal(stop.report.written, before);
    const state = await readCopyResumeFile(resumeFileOf(stop.report));
    assert.deepEqual(state.source.spec.filters, spec.filters, 'the filter is in the resume file');
    // The policy is fixed.
    bench.proxy.setRules([]);
    const done = await resumeCopy(client, client, state, stop.report.resumeFile!, files('denied-2'));
    assert.equal(before + done.written, 60);
    const matching = (x: Item) => Number(x.n.N) < 60;
    assert.equal(await assertTargetEqualsSource(source.TableName!, target.TableName!, matching), 60);
    const { lost, duplicates } = await checkWrites(target.TableName!, (await scanDirect(source.TableName!)).filter(matching));
    assert.deepEqual({ lost: lost.length, duplicates }, { lost: 0, duplicates: 0 });
  });

  it('the source credentials expire after three pages of a parallel scan: the stop gives the login command, and after login Resume Copy finishes the copy', async () => {
    const source = await createTable('copyresume-expired-source', richRows(100));
    const target = await createTable('copyresume-expired-target');
    const pool = newPool({ maxAttempts: 3 });
    const connection = profileConnection(ssoProfile);
    const sourceClient = await pool.get(connection, TEST_REGION);
    const targetClient = await poolClient({ maxAttempts: 3 });
    bench.proxy.setRules([{ operation: 'Scan', table: source.TableName!, from: 4, action: { kind: 'error', fault: 'ExpiredTokenException' } }]);
    const spec: QuerySpec = { ...newQuerySpec(source.TableName!), segments: 2, pageSize: 10 };
    const stop = await expectTransferStopped(copyItems(sourceClient, spec, targetClient, target.TableName!, { targetTable: target, ends: ends(connection.id), ...files('expired') }));
    assert.equal(stop.kind, 'expiredToken');
    assert.equal(stop.fixCommand, 'aws sso login --profile sso-copy');
    // Three pages were answered; one of them may have come back after the other segment failed, and is then read again.
    const copied = stop.report.written;
    assert.ok(copied === 20 || copied === 30, `two or three pages were written (${copied})`);
    assert.equal(stop.report.read, copied, 'every item read was written');
    assert.equal((await scanDirect(target.TableName!)).length, copied);
    const state = await readCopyResumeFile(resumeFileOf(stop.report));
    assert.equal(state.source.connectionId, connection.id, 'the resume file names the source connection');
    assert.equal(state.done.read, copied);
    // Signed in again: the pool resolves fresh credentials for the next client.
    bench.proxy.setRules([]);
    const fresh = await pool.get(connection, TEST_REGION);
    const done = await resumeCopy(fresh, targetClient, state, stop.report.resumeFile!, files('expired-2'));
    assert.equal(done.written, 100 - copied);
    assert.equal(await assertTargetEqualsSource(source.TableName!, target.TableName!), 100);
    const { lost, duplicates } = await checkWrites(target.TableName!, await scanDirect(source.TableName!));
    assert.deepEqual({ lost: lost.length, duplicates }, { lost: 0, duplicates: 0 });
  });

  it('the target stops taking writes (one batch applied but never answered, then the endpoint is gone): Resume Copy sends the failed items again and reads the rest', async () => {
    // Far more rows than the writer can take before its second batch fails (one batch in flight, one forming, a
    // page per segment being read), so the read is still going when the writes stop, however fast it runs.
    const rows = 300;
    const source = await createTable('copyresume-target-source', richRows(rows));
    const target = await createTable('copyresume-target-target');
    const client = await poolClient({ maxAttempts: 1 });
    bench.proxy.setRules([
      { operation: 'BatchWriteItem', table: target.TableName!, nth: 2, action: { kind: 'dropAfter' } },
      { operation: 'BatchWriteItem', table: target.TableName!, from: 3, action: { kind: 'dropBefore' } },
    ]);
    const spec: QuerySpec = { ...newQuerySpec(source.TableName!), segments: 3, pageSize: 10 };
    const stop = await expectTransferStopped(copyItems(client, spec, client, target.TableName!, { targetTable: target, ends: ends(), concurrency: 1, ...files('target') }));
    assert.equal(stop.kind, 'endpointUnreachable');
    assert.equal(stop.report.written, 25, 'the first batch was confirmed');
    assert.equal(stop.report.unconfirmed, 25, 'the second batch was applied but never answered');
    assert.ok(stop.report.failed >= 25 && stop.report.failedItemsFile, 'the items not confirmed are in the failed-items file');
    assert.ok(stop.report.read < rows, `the read stopped with the writes (${stop.report.read} read)`);
    assert.match(stop.message, new RegExp(`and sends the ${stop.report.failed} items not confirmed again\\.$`));
    const failedKeys = bench.failedKeys(stop.report.failedItemsFile!);
    assert.equal(failedKeys.length, stop.report.failed);
    const state = await readCopyResumeFile(resumeFileOf(stop.report));
    assert.equal(state.failedItemsFile, stop.report.failedItemsFile);
    bench.proxy.setRules([]);
    const done = await resumeCopy(client, client, state, stop.report.resumeFile!, files('target-2'));
    assert.equal(done.written, rows - 25, 'every item not confirmed before was written now (the unanswered batch once more)');
    assert.equal(await assertTargetEqualsSource(source.TableName!, target.TableName!), rows);
    // The unanswered batch was applied, then sent again with the same content.
    const unanswered = new Set(failedKeys.slice(0, 25));
    const { lost, duplicates } = await checkWrites(target.TableName!, await scanDirect(source.TableName!), (k) => (unanswered.has(k) ? 2 : 1));
    assert.deepEqual({ lost: lost.length, duplicates }, { lost: 0, duplicates: 0 });
  });

  it('a resume that stops again writes a new resume file; resuming that one finishes the copy', async () => {
    const source = await createTable('copyresume-twice-source', richRows(100));
    const target = await createTable('copyresume-twice-target');
    const client = await poolClient({ maxAttempts: 1 });
    bench.proxy.setRules([{ operation: 'Scan', table: source.TableName!, nth: 3, action: { kind: 'dropBefore' } }]);
    const spec: QuerySpec = { ...newQuerySpec(source.TableName!), pageSize: 10 };
    const first = await expectTransferStopped(copyItems(client, spec, client, target.TableName!, { targetTable: target, ends: ends(), ...files('twice') }));
    assert.equal(first.report.written, 20);
    bench.proxy.setRules([{ operation: 'Scan', table: source.TableName!, nth: 4, action: { kind: 'dropBefore' } }]);
    const firstFile = first.report.resumeFile!;
    const second = await expectTransferStopped(resumeCopy(client, client, await readCopyResumeFile(firstFile), firstFile, files('twice-2')));
    assert.equal(second.report.written, 30);
    assert.ok(!fs.existsSync(firstFile), 'the consumed resume file is replaced');
    const state = await readCopyResumeFile(resumeFileOf(second.report, 20));
    assert.deepEqual({ read: state.done.read, written: state.done.written }, { read: 50, written: 50 }, 'the counts add up over both runs');
    bench.proxy.setRules([]);
    const done = await resumeCopy(client, client, state, second.report.resumeFile!, files('twice-3'));
    assert.equal(done.written, 50);
    assert.equal(await assertTargetEqualsSource(source.TableName!, target.TableName!), 100);
    const { lost, duplicates } = await checkWrites(target.TableName!, await scanDirect(source.TableName!));
    assert.deepEqual({ lost: lost.length, duplicates }, { lost: 0, duplicates: 0 });
  });

  it('a resume file that does not match the tables, or is not a resume file, is refused with what is wrong and nothing is written', async () => {
    const source = await createTable('copyresume-refuse-source', richRows(40));
    const target = await createTable('copyresume-refuse-target');
    const otherKey = await createTable('copyresume-refuse-other', [], {
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'N' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    });
    const client = await poolClient({ maxAttempts: 1 });
    bench.proxy.setRules([{ operation: 'Scan', table: source.TableName!, nth: 2, action: { kind: 'dropBefore' } }]);
    const spec: QuerySpec = { ...newQuerySpec(source.TableName!), pageSize: 5 };
    const stop = await expectTransferStopped(copyItems(client, spec, client, target.TableName!, { targetTable: target, ends: ends(), ...files('refuse') }));
    const state = await readCopyResumeFile(resumeFileOf(stop.report));
    const written = stop.report.written;
    bench.proxy.reset();
    const noWrites = () => assert.deepEqual(bench.proxy.applied, [], 'no write reached DynamoDB');

    // The target is another table, keyed otherwise.
    const wrongTarget = { ...state, target: { ...state.target, table: otherKey.TableName! } };
    const err1 = await expectStudioError(resumeCopy(client, client, wrongTarget, stop.report.resumeFile!), 'validation');
    assert.equal(
      err1.message,
      `Resume the copy of table "${source.TableName}" into table "${otherKey.TableName}" was refused: the resume file was written for a target table keyed by pk (S), but "${otherKey.TableName}" is keyed by id (N). Nothing was written.`,
    );
    noWrites();
    // The source is another table whose keys are not those of the read positions.
    const wrongSource = { ...state, source: { ...state.source, table: otherKey.TableName!, spec: { ...state.source.spec, table: otherKey.TableName! } } };
    const err2 = await expectStudioError(resumeCopy(client, client, wrongSource, stop.report.resumeFile!), 'validation');
    assert.match(err2.message, /was refused: the resume file continues the read after keys of pk, but ".*" is keyed by id\. Nothing was written\.$/);
    noWrites();
    // A file that is not a resume file: the field that is wrong is named.
    const broken = path.join(bench.tmpDir, 'broken.resume.json');
    fs.writeFileSync(broken, JSON.stringify({ ...JSON.parse(fs.readFileSync(stop.report.resumeFile!, 'utf8')), position: { segments: [null, null, {}] }, source: { ...state.source, spec: { ...state.source.spec, segments: 2 } } }));
    const err3 = await expectStudioError(readCopyResumeFile(broken), 'validation');
    assert.match(err3.message, /is not a resume file of a copy \(position\.segments: holds 3 segments, but the scan has 2\)\. Nothing was written\.$/);
    noWrites();
    assert.equal((await scanDirect(target.TableName!)).length, written, 'the target is as the stopped copy left it');
    assert.ok(fs.existsSync(stop.report.resumeFile!), 'a refused resume keeps its file');
    bench.readScenarioDone();
  });

  it('a copy cancelled part way can be resumed too: the cancelled report names the resume file, and the resume finishes the copy', async () => {
    const source = await createTable('copyresume-cancel-source', richRows(80));
    const target = await createTable('copyresume-cancel-target');
    const client = await poolClient({ maxAttempts: 1 });
    const controller = new AbortController();
    // The third page is held back; the cancel comes while it is on its way.
    bench.proxy.setRules([{ operation: 'Scan', table: source.TableName!, nth: 3, action: { kind: 'delay', ms: 1500 } }]);
    const cancelOnThirdPage = setInterval(() => {
      if (bench.proxy.counts('Scan').received >= 3) controller.abort();
    }, 10);
    const spec: QuerySpec = { ...newQuerySpec(source.TableName!), pageSize: 10 };
    const report = await copyItems(client, spec, client, target.TableName!, { targetTable: target, ends: ends(), signal: controller.signal, ...files('cancel') }).finally(() => clearInterval(cancelOnThirdPage));
    assert.equal(report.cancelled, true);
    assert.equal(report.read, 20, 'two pages were read before the cancel');
    assert.equal(report.written + report.failed, 20, 'each item read is written or listed as not written');
    assert.equal((await scanDirect(target.TableName!)).length, report.written);
    bench.proxy.setRules([]);
    const state = await readCopyResumeFile(resumeFileOf(report));
    const done = await resumeCopy(client, client, state, report.resumeFile!, files('cancel-2'));
    assert.equal(done.written, 80 - report.written);
    assert.equal(await assertTargetEqualsSource(source.TableName!, target.TableName!), 80);
    const { lost, duplicates } = await checkWrites(target.TableName!, await scanDirect(source.TableName!));
    assert.deepEqual({ lost: lost.length, duplicates }, { lost: 0, duplicates: 0 });
  });
});
