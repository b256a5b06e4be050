// BatchWriter's retry logic with a scripted client: DynamoDB Local never leaves items unprocessed or throttles,
// so these paths are driven here by a stand-in that answers like the service does under pressure.
import * as assert from 'node:assert/strict';
import type { BatchWriteItemCommand, DynamoDBClient, WriteRequest } from '@aws-sdk/client-dynamodb';
import { BatchWriter } from '../../../src/services/transfer/batchWriter';

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

describe('BatchWriter', () => {
  const options = { keyNames: ['id'], operation: 'Write items to table "T"', baseDelayMs: 1, maxDelayMs: 4 };

  it('retries unprocessed items until they are written, counting each item once', async () => {
    let round = 0;
    const { client, calls } = scriptedClient((requests) => {
      round++;
      // Leave the last two items of every request unprocessed for the first three rounds.
      return round <= 3 ? { UnprocessedItems: { T: requests.slice(-2) } } : {};
    });
    const writer = new BatchWriter(client, 'T', { ...options, concurrency: 1 });
    for (let i = 0; i < 10; i++) await writer.add(item(i), { line: i + 1 });
    await writer.close();
    assert.equal(writer.written, 10);
    assert.deepEqual(writer.failures, []);
    assert.deepEqual(calls.map((c) => c.length), [10, 2, 2, 2]);
  });

  it('gives up after maxAttempts and reports the items as failed with their lines', async () => {
    const { client, calls } = scriptedClient((requests) => ({ UnprocessedItems: { T: requests.filter((r) => r.PutRequest!.Item!.id.S === 'k1') } }));
    const writer = new BatchWriter(client, 'T', { ...options, maxAttempts: 4 });
    for (let i = 0; i < 3; i++) await writer.add(item(i), { line: i + 1 });
    await writer.close();
    assert.equal(writer.written, 2);
    assert.deepEqual(writer.failures.map((f) => f.line), [2]);
    assert.match(writer.failures[0].message, /unprocessed 4 times/);
    assert.equal(calls.length, 4);
  });

  it('retries a throttled request as a whole, and stops everything on a read-only refusal', async () => {
    let n = 0;
    const throttled = scriptedClient(() => (++n <= 2 ? named('ProvisionedThroughputExceededException') : {}));
    const writer = new BatchWriter(throttled.client, 'T', options);
    await writer.add(item(1), { line: 1 });
    await writer.close();
    assert.equal(writer.written, 1);
    assert.equal(throttled.calls.length, 3);

    const denied = scriptedClient(() => named('AccessDeniedException'));
    const stopped = new BatchWriter(denied.client, 'T', { ...options, concurrency: 1 });
    for (let i = 0; i < 60; i++) await stopped.add(item(i), { line: i + 1 });
    await stopped.close();
    assert.equal(stopped.written, 0);
    assert.equal(stopped.fatal?.kind, 'accessDenied');
    assert.equal(denied.calls.length, 1, 'no request after the refusal');
    assert.equal(stopped.failures.length, 60);
  });

  it('never puts two items with the same key in one request', async () => {
    const { client, calls } = scriptedClient(() => ({}));
    const writer = new BatchWriter(client, 'T', options);
    for (const i of [1, 2, 1, 3]) await writer.add(item(i), {});
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
    const writer = new BatchWriter(client, 'T', { ...options, concurrency: 4 });
    for (const i of [1, 2, 1]) await writer.add(item(i), {});
    await writer.close();
    assert.deepEqual(events, ['start k1+k2', 'end k1+k2', 'start k1', 'end k1']);
  });
});
