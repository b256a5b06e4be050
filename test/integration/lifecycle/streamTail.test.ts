// Tailing a real DynamoDB Local stream: an INSERT, a MODIFY and a REMOVE arrive in order with their images and
// the attribute-level diff; pausing holds records back without losing them; stopping ends the tail.
import * as assert from 'node:assert/strict';
import { CreateTableCommand, DeleteItemCommand, DescribeTableCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamsClient, _Record as StreamRecord } from '@aws-sdk/client-dynamodb-streams';
import { streamArnOf, streamRecordView, streamsClientFor, tailStream } from '../../../src/services/dynamo/streamTail';
import { StudioError } from '../../../src/model/errors';
import { deleteTables, getTestEndpoint, testClient, uniqueTableName } from '../dynamoLocal';

/** Resolves when `predicate` holds for the records collected so far. */
function collector() {
  const records: StreamRecord[] = [];
  let waiters: { predicate: () => boolean; resolve: () => void }[] = [];
  return {
    records,
    push(batch: StreamRecord[]) {
      records.push(...batch);
      waiters = waiters.filter((w) => (w.predicate() ? (w.resolve(), false) : true));
    },
    until(predicate: () => boolean): Promise<void> {
      if (predicate()) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ predicate, resolve }));
    },
  };
}

describe('tailStream (DynamoDB Local)', function () {
  this.timeout(60_000);
  const names: string[] = [];
  let endpoint: string;
  let streams: DynamoDBStreamsClient;

  async function streamTable(label: string, viewType: 'NEW_AND_OLD_IMAGES' | 'KEYS_ONLY' | undefined): Promise<{ name: string; arn?: string }> {
    const name = uniqueTableName(label);
    names.push(name);
    const client = testClient(endpoint);
    await client.send(
      new CreateTableCommand({
        TableName: name,
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: viewType ? { StreamEnabled: true, StreamViewType: viewType } : undefined,
      }),
    );
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    return { name, arn: viewType ? streamArnOf(Table!) : undefined };
  }

  before(async () => {
    endpoint = await getTestEndpoint();
    streams = streamsClientFor(testClient(endpoint));
  });
  after(async () => {
    streams.destroy();
    await deleteTables(testClient(endpoint), names);
  });

  it('receives INSERT, MODIFY and REMOVE with old and new images from LATEST', async () => {
    const client = testClient(endpoint);
    const { name, arn } = await streamTable('TailImages', 'NEW_AND_OLD_IMAGES');
    // Written before the tail starts: LATEST must not show it.
    await client.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'before' } } }));
    const got = collector();
    const controller = new AbortController();
    let ready!: () => void;
    const listening = new Promise<void>((resolve) => (ready = resolve));
    const tail = tailStream(streams, arn!, { signal: controller.signal, start: 'LATEST', pollMs: 100, onRecords: (r) => got.push(r), onShards: () => ready() });
    await listening;

    await client.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'a' }, qty: { N: '1' }, note: { S: 'first' } } }));
    await client.send(
      new UpdateItemCommand({
        TableName: name,
        Key: { pk: { S: 'a' } },
        UpdateExpression: 'SET qty = :q, tags = :t REMOVE note',
        ExpressionAttributeValues: { ':q': { N: '2' }, ':t': { SS: ['x'] } },
      }),
    );
    await client.send(new DeleteItemCommand({ TableName: name, Key: { pk: { S: 'a' } } }));
    await got.until(() => got.records.length >= 3);
    controller.abort();
    const result = await tail;
    assert.equal(result.reason, 'stopped');
    assert.equal(result.records, 3);

    const views = got.records.map(streamRecordView);
    assert.deepEqual(views.map((v) => v.eventName), ['INSERT', 'MODIFY', 'REMOVE']);
    assert.ok(views.every((v) => v.keys === '{ "pk": "a" }'));
    assert.deepEqual(got.records[0].dynamodb?.NewImage, { pk: { S: 'a' }, qty: { N: '1' }, note: { S: 'first' } });
    assert.equal(got.records[0].dynamodb?.OldImage, undefined);
    assert.deepEqual(views[1].changes, [
      { attribute: 'note', change: 'removed', oldValue: '"first"' },
      { attribute: 'qty', change: 'changed', oldValue: '1', newValue: '2' },
      { attribute: 'tags', change: 'added', newValue: '{ "$SS": ["x"] }' },
    ]);
    assert.deepEqual(got.records[2].dynamodb?.OldImage, { pk: { S: 'a' }, qty: { N: '2' }, tags: { SS: ['x'] } });
    assert.equal(got.records[2].dynamodb?.NewImage, undefined);
  });

  it('reads history from TRIM_HORIZON, and holds records while paused without losing them', async () => {
    const client = testClient(endpoint);
    const { name, arn } = await streamTable('TailPause', 'NEW_AND_OLD_IMAGES');
    await client.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'old' } } }));
    const got = collector();
    const controller = new AbortController();
    let paused = false;
    const tail = tailStream(streams, arn!, { signal: controller.signal, start: 'TRIM_HORIZON', pollMs: 50, onRecords: (r) => got.push(r), isPaused: () => paused });
    await got.until(() => got.records.length >= 1);
    assert.equal(got.records[0].dynamodb?.Keys?.pk.S, 'old');

    paused = true;
    // Let the loop reach its paused state (it checks before each read), then write.
    await new Promise((r) => setTimeout(r, 300));
    const countWhenPaused = got.records.length;
    await client.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'during-pause' } } }));
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(got.records.length, countWhenPaused, 'nothing is delivered while paused');
    paused = false;
    await got.until(() => got.records.some((r) => r.dynamodb?.Keys?.pk.S === 'during-pause'));
    controller.abort();
    assert.equal((await tail).reason, 'stopped');
  });

  it('explains a table without a stream', async () => {
    const { name } = await streamTable('TailNoStream', undefined);
    const { Table } = await testClient(endpoint).send(new DescribeTableCommand({ TableName: name }));
    assert.throws(() => streamArnOf(Table!), (e: unknown) => e instanceof StudioError && e.kind === 'validation' && /has no stream turned on/.test(e.message) && /Update Table → Stream/.test(e.hint ?? ''));
  });

  it('fails with a readable error for a stream that does not exist', async () => {
    const controller = new AbortController();
    await assert.rejects(
      tailStream(streams, 'arn:aws:dynamodb:ddblocal:000000000000:table/nope/stream/2024-01-01T00:00:00.000', { signal: controller.signal, onRecords: () => undefined, pollMs: 50 }),
      (e: unknown) => e instanceof StudioError && /Watch stream failed/.test(e.message),
    );
  });
});
