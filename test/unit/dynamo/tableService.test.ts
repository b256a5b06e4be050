// TableService logic that DynamoDB Local cannot exercise: endpoints without a TTL API, cursors that repeat,
// and arguments refused before sending. The client here is a stand-in that answers per command name.
import * as assert from 'node:assert/strict';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { TableService } from '../../../src/services/dynamo/tableService';
import { StudioError } from '../../../src/model/errors';

type Handler = (input: Record<string, unknown>) => unknown;

function stubClient(handlers: Record<string, Handler>): { client: DynamoDBClient; calls: Array<{ command: string; input: Record<string, unknown>; abortSignal?: unknown }> } {
  const calls: Array<{ command: string; input: Record<string, unknown>; abortSignal?: unknown }> = [];
  const client = {
    config: { region: async () => 'eu-west-1', endpoint: undefined },
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }, options?: { abortSignal?: unknown }) => {
      const name = command.constructor.name;
      calls.push({ command: name, input: command.input, abortSignal: options?.abortSignal });
      const handler = handlers[name];
      if (!handler) throw new Error(`no stub for ${name}`);
      return handler(command.input);
    },
  } as unknown as DynamoDBClient;
  return { client, calls };
}

function awsError(name: string, message: string): Error {
  const err = new Error(message);
  err.name = name;
  return err;
}

describe('TableService (stand-in client)', () => {
  it('reports an endpoint without the TTL API as unsupported instead of failing', async () => {
    const { client } = stubClient({
      DescribeTimeToLiveCommand: () => {
        throw awsError('UnknownOperationException', 'An unknown operation was requested.');
      },
    });
    const result = await new TableService(client, { endpoint: 'http://localhost:4567' }).describeTimeToLive('T');
    assert.equal(result.supported, false);
    assert.match(!result.supported ? result.reason : '', /http:\/\/localhost:4567 does not support time to live \(UnknownOperationException\)/);
  });

  it('still throws other TTL failures, as StudioErrors', async () => {
    const { client } = stubClient({
      DescribeTimeToLiveCommand: () => {
        throw awsError('AccessDeniedException', 'not authorized to perform dynamodb:DescribeTimeToLive');
      },
    });
    await assert.rejects(new TableService(client).describeTimeToLive('T'), (err: unknown) => err instanceof StudioError && err.kind === 'accessDenied');
  });

  it('treats a missing TimeToLiveDescription as disabled', async () => {
    const { client } = stubClient({ DescribeTimeToLiveCommand: () => ({}) });
    assert.deepEqual(await new TableService(client).describeTimeToLive('T'), { supported: true, description: { TimeToLiveStatus: 'DISABLED' } });
  });

  it('stops listing when an endpoint hands back the same cursor again', async () => {
    const { client, calls } = stubClient({
      ListTablesCommand: (input) => (input.ExclusiveStartTableName ? { TableNames: ['b'], LastEvaluatedTableName: 'a' } : { TableNames: ['a'], LastEvaluatedTableName: 'a' }),
    });
    assert.deepEqual(await new TableService(client).listTableNames(), ['a', 'b']);
    assert.equal(calls.length, 2);
  });

  it('passes the page size and the abort signal to every request', async () => {
    const controller = new AbortController();
    const { client, calls } = stubClient({
      ListTablesCommand: (input) => (input.ExclusiveStartTableName ? { TableNames: ['c'] } : { TableNames: ['a', 'b'], LastEvaluatedTableName: 'b' }),
    });
    assert.deepEqual(await new TableService(client).listTableNames({ pageSize: 2, signal: controller.signal }), ['a', 'b', 'c']);
    assert.deepEqual(calls.map((c) => [c.input.Limit, c.input.ExclusiveStartTableName, c.abortSignal === controller.signal]), [
      [2, undefined, true],
      [2, 'b', true],
    ]);
  });

  it('refuses page sizes outside 1 to 100 without sending', async () => {
    const { client, calls } = stubClient({});
    for (const pageSize of [0, 101, -5]) {
      await assert.rejects(new TableService(client).listTableNames({ pageSize }), (err: unknown) => err instanceof StudioError && err.kind === 'validation');
    }
    assert.equal(calls.length, 0);
  });

  it('names the region in network errors when no endpoint is configured', async () => {
    const { client } = stubClient({
      DescribeTableCommand: () => {
        throw Object.assign(new Error('getaddrinfo ENOTFOUND dynamodb.eu-west-1.amazonaws.com'), { code: 'ENOTFOUND' });
      },
    });
    await assert.rejects(new TableService(client).describeTable('T'), (err: unknown) => {
      assert.ok(err instanceof StudioError);
      assert.equal(err.kind, 'endpointUnreachable');
      assert.match(err.message, /Describe table "T" failed: .* in eu-west-1/);
      return true;
    });
  });
});
