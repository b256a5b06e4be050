// The batch-write engine's retry logic with a scripted client: DynamoDB Local never leaves items unprocessed or throttles,
// so these paths are driven here by a stand-in that answers like the service does under pressure.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BatchWriteItemCommand, DynamoDBClient, WriteRequest } from '@aws-sdk/client-dynamodb';
import { BatchWriteEngine } from '../../../src/services/dynamo/batchWriteEngine';

type Answer = (requests: WriteRequest[]) => { UnprocessedItems?: Record<string, WriteRequest[]> } | Error;

function scriptedClient(answer: Answer): { client: DynamoDBClient; calls: WriteRequest[][] } {
  const calls: WriteRequest[][] = [];
  const client = {
    send: async (command: BatchWriteItemCommand) => {
      const requests = command.input.RequestItems!.T;
      calls.push(requests);
      const out = answer(requests);
      if (out instanceof Error) throw out;
      return out;
    },
  } as unknown as DynamoDBClient;
  return { client, calls };
}

const item = (i: number) => ({ id: { S: `k${i}` } });
const named = (name: string) => Object.assign(new Error(name), { name });

describe('BatchWriteEngine', () => {
  const options = { keyNames: ['id'], operation: 'Write items to table "T"', baseDelayMs: 1, maxDelayMs: 4 };

  it('retries unprocessed items until they are written, counting each item once', async () => {
    let round = 0;
    const { client, calls } = scriptedClient((requests) => {
      round++;
      // Leave the last two items of every request unprocessed for the first three rounds.
      return round <= 3 ? { UnprocessedItems: { T: requests.slice(-2) } } : {};
    });
    const writer = new BatchWriteEngine(client, 'T', { ...options, concurrency: 1 });
    for (let i = 0; i < 10; i++) await writer.put(item(i), { line: i + 1 });
    await writer.close();
    assert.equal(writer.written, 10);
    assert.deepEqual(writer.failures, []);
    assert.deepEqual(calls.map((c) => c.length), [10, 2, 2, 2]);
  });

  it('gives up after maxAttempts and reports the items as failed with their lines', async () => {
    const { client, calls } = scriptedClient((requests) => ({ UnprocessedItems: { T: requests.filter((r) => r.PutRequest!.Item!.id.S === 'k1') } }));
    const writer = new BatchWriteEngine(client, 'T', { ...options, maxAttempts: 4 });
    for (let i = 0; i < 3; i++) await writer.put(item(i), { line: i + 1 });
    await writer.close();
    assert.equal(writer.written, 2);
    assert.deepEqual(writer.failures.map((f) => f.line), [2]);
    assert.match(writer.failures[0].message, /unprocessed 4 times/);
    assert.equal(calls.length, 4);
  });

  it('retries a throttled request as a whole, and stops everything on a read-only refusal', async () => {
    let n = 0;
    const throttled = scriptedClient(() => (++n <= 2 ? named('ProvisionedThroughputExceededException') : {}));
    const writer = new BatchWriteEngine(throttled.client, 'T', options);
    await writer.put(item(1), { line: 1 });
    await writer.close();
    assert.equal(writer.written, 1);
    assert.equal(throttled.calls.length, 3);

    const denied = scriptedClient(() => named('AccessDeniedException'));
    const stopped = new BatchWriteEngine(denied.client, 'T', { ...options, concurrency: 1 });
    for (let i = 0; i < 60; i++) await stopped.put(item(i), { line: i + 1 });
    await stopped.close();
    assert.equal(stopped.written, 0);
    assert.equal(stopped.fatal?.kind, 'accessDenied');
    assert.equal(denied.calls.length, 1, 'no request after the refusal');
    assert.equal(stopped.failures.length, 60);
  });

  it('never puts two items with the same key in one request', async () => {
    const { client, calls } = scriptedClient(() => ({}));
    const writer = new BatchWriteEngine(client, 'T', options);
    for (const i of [1, 2, 1, 3]) await writer.put(item(i), {});
    await writer.close();
    assert.deepEqual(calls.map((c) => c.map((r) => r.PutRequest!.Item!.id.S)), [['k1', 'k2'], ['k1', 'k3']]);
  });

  it('a key written again waits for its earlier write, so the later item is what stays', async () => {
    const events: string[] = [];
    let calls = 0;
    const client = {
      send: async (command: BatchWriteItemCommand) => {
        const call = ++calls;
        const keys = command.input.RequestItems!.T.map((r) => r.PutRequest!.Item!.id.S).join('+');
        events.push(`start ${keys}`);
        // The first request is the slowest: without the wait, the second would land first.
        await new Promise((resolve) => setTimeout(resolve, call === 1 ? 30 : 1));
        events.push(`end ${keys}`);
        return {};
      },
    } as unknown as DynamoDBClient;
    const writer = new BatchWriteEngine(client, 'T', { ...options, concurrency: 4 });
    for (const i of [1, 2, 1]) await writer.put(item(i), {});
    await writer.close();
    assert.deepEqual(events, ['start k1+k2', 'end k1+k2', 'start k1', 'end k1']);
  });

  it('deletes by key, resending only the keys DynamoDB left unprocessed', async () => {
    let round = 0;
    const { client, calls } = scriptedClient((requests) => (++round === 1 ? { UnprocessedItems: { T: requests.filter((r) => r.DeleteRequest!.Key!.id.S === 'k2') } } : {}));
    const engine = new BatchWriteEngine(client, 'T', options);
    for (let i = 0; i < 4; i++) await engine.delete(item(i), { index: i });
    await engine.close();
    assert.equal(engine.written, 4);
    assert.deepEqual(engine.failures, []);
    assert.deepEqual(calls.map((c) => c.map((r) => (r.DeleteRequest ? `del ${r.DeleteRequest.Key!.id.S}` : 'put'))), [['del k0', 'del k1', 'del k2', 'del k3'], ['del k2']]);
  });

  it('a put then a delete of the same key go out in that order, in separate requests', async () => {
    const { client, calls } = scriptedClient(() => ({}));
    const engine = new BatchWriteEngine(client, 'T', { ...options, concurrency: 4 });
    await engine.put(item(1));
    await engine.delete(item(1));
    await engine.close();
    assert.deepEqual(calls.map((c) => c.map((r) => (r.PutRequest ? 'put' : 'delete'))), [['put'], ['delete']]);
  });

  it('reports progress after every answer, ending at the exact counts', async () => {
    const seen: string[] = [];
    const { client } = scriptedClient((requests) => ({ UnprocessedItems: { T: requests.filter((r) => r.PutRequest!.Item!.id.S === 'k0') } }));
    const engine = new BatchWriteEngine(client, 'T', { ...options, concurrency: 1, maxAttempts: 2, onProgress: (p) => seen.push(`${p.written}/${p.failed}`) });
    for (let i = 0; i < 30; i++) await engine.put(item(i));
    await engine.close();
    // First batch: 24 written, k0 retried then failed; second batch: 5 written.
    assert.deepEqual(seen, ['24/0', '24/1', '29/1']);
    assert.equal(engine.failures[0].reason, 'unprocessed');
  });

  it('a cancel stops new batches and retries; what was sent is counted, the rest fails as cancelled', async () => {
    const controller = new AbortController();
    const { client, calls } = scriptedClient((requests) => {
      controller.abort();
      // Everything but the first item is left unprocessed: the retry must not happen after the cancel.
      return { UnprocessedItems: { T: requests.slice(1) } };
    });
    const engine = new BatchWriteEngine(client, 'T', { ...options, concurrency: 1, signal: controller.signal });
    for (let i = 0; i < 30; i++) await engine.put(item(i), { line: i + 1 });
    await engine.close();
    assert.equal(calls.length, 1, 'nothing is sent after the cancel');
    assert.equal(engine.written, 1);
    assert.equal(engine.failures.length, 29);
    assert.ok(engine.failures.every((f) => f.reason === 'cancelled' && /cancelled/.test(f.message)));
    assert.equal(engine.fatal, undefined);
  });

  it('an item DynamoDB refuses fails alone: the request is split and the others are written', async () => {
    const { client, calls } = scriptedClient((requests) => (requests.some((r) => r.PutRequest!.Item!.id.S === 'k2') ? named('ValidationException') : {}));
    const engine = new BatchWriteEngine(client, 'T', options);
    for (let i = 0; i < 4; i++) await engine.put(item(i), { line: i + 1 });
    await engine.close();
    assert.equal(engine.written, 3);
    assert.deepEqual(engine.failures.map((f) => [f.line, f.reason]), [[3, 'rejected']]);
    assert.equal(calls.length, 5, 'one request of 4, then one per item');
  });

  it('writes the failed puts (not deletes) to the failed items file as DynamoDB export lines', async () => {
    const { client } = scriptedClient(() => named('AccessDeniedException'));
    const engine = new BatchWriteEngine(client, 'T', { ...options, concurrency: 1 });
    await engine.put({ id: { S: 'a' }, n: { N: '1.50' }, b: { B: new Uint8Array([0, 1]) } }, { line: 1 });
    await engine.delete(item(9));
    await engine.close();
    assert.equal(engine.failures.length, 2);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'engine-')), 'failed.ddb.jsonl');
    assert.equal(await engine.writeFailedItems(file), file);
    assert.equal(fs.readFileSync(file, 'utf8'), '{"Item":{"id":{"S":"a"},"n":{"N":"1.50"},"b":{"B":"AAE="}}}\n');
    const none = new BatchWriteEngine(scriptedClient(() => ({})).client, 'T', options);
    await none.put(item(1));
    await none.close();
    assert.equal(await none.writeFailedItems(file + '.none'), undefined);
    assert.equal(fs.existsSync(file + '.none'), false);
  });
});
