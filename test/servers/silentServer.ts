// An endpoint that takes every request and never answers, as one behind a dead VPN or a firewall that drops packets
// looks to the SDK: a request to it stays on its way until a timeout.
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface SilentServer {
  endpoint: string;
  /** Connections opened to it so far (each request the SDK sent came on one). */
  connections(): number;
  /** Stops it and drops the connections still open, so the requests on them fail at once. */
  close(): Promise<void>;
}

export async function startSilentServer(): Promise<SilentServer> {
  const sockets = new Set<Socket>();
  let opened = 0;
  const server = http.createServer(() => undefined);
  server.on('connection', (s) => {
    opened++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => opened,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
