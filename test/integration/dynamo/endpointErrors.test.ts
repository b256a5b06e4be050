// What a person sees when the endpoint is down or does not answer: real sockets, no DynamoDB mock.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { TableService } from '../../../src/services/dynamo/tableService';
import { StudioError } from '../../../src/model/errors';
import { testClient } from '../dynamoLocal';

/** A port nothing listens on: bound once to get a free number, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('TableService against an unreachable endpoint', function () {
  this.timeout(30_000);

  it('reports a closed port as endpointUnreachable, naming the endpoint and what to do', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const service = new TableService(testClient(endpoint, { maxAttempts: 1 }));
    await assert.rejects(service.listTableNames(), (err: unknown) => {
      assert.ok(err instanceof StudioError, `expected a StudioError, got ${String(err)}`);
      assert.equal(err.kind, 'endpointUnreachable');
      assert.ok(err.message.includes(endpoint), err.message);
      assert.match(err.message, /List tables failed/);
      assert.match(err.hint ?? '', /running/, 'the hint says to check that the endpoint is running');
      return true;
    });
    await assert.rejects(service.describeTable('Anything'), (err: unknown) => err instanceof StudioError && err.kind === 'endpointUnreachable');
    await assert.rejects(service.describeTimeToLive('Anything'), (err: unknown) => err instanceof StudioError && err.kind === 'endpointUnreachable');
  });

  it('cancels a listing that waits on an endpoint that never answers', async () => {
    // Accepts connections and never replies, like a hung server.
    const sockets = new Set<net.Socket>();
    let connected!: () => void;
    const firstConnection = new Promise<void>((resolve) => (connected = resolve));
    const server = net.createServer((socket) => {
      sockets.add(socket);
      connected();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const endpoint = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
      const service = new TableService(testClient(endpoint, { maxAttempts: 1 }));
      const controller = new AbortController();
      const listing = service.listTableNames({ signal: controller.signal });
      await firstConnection;
      controller.abort();
      await assert.rejects(listing, (err: unknown) => {
        assert.ok(err instanceof StudioError, `expected a StudioError, got ${String(err)}`);
        assert.equal(err.kind, 'cancelled');
        return true;
      });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
