// A loopback HTTP proxy that adds a fixed delay to every request before forwarding it to DynamoDB Local, so a
// bench can model the network round trip to a remote AWS region (DynamoDB Local itself answers in ~1 ms). It
// counts the requests it holds (from arrival to the end of the answer), so a test can assert a concurrency cap, and
// times each upstream answer (forwarded → answer complete), so a bench can tell the server's time from its own.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Requests open at once, and the most seen; each server has its own, counted into a shared parent's total too. */
export class InFlightGauge {
  current = 0;
  max = 0;
  total = 0;

  constructor(private readonly parent?: InFlightGauge) {}

  /** Counts a request from now until `done()` is called (further calls of it do nothing). */
  enter(): () => void {
    this.current++;
    this.total++;
    if (this.current > this.max) this.max = this.current;
    const parentDone = this.parent?.enter();
    let open = true;
    return () => {
      if (open) {
        this.current--;
        parentDone?.();
      }
      open = false;
    };
  }

  reset(): void {
    this.max = this.current;
    this.total = 0;
  }
}

export interface LatencyProxy {
  endpoint: string;
  gauge: InFlightGauge;
  /** Milliseconds from forwarding each request upstream to the end of its answer (the server's time); clear it between runs. */
  upstreamMs: number[];
  /** TCP connections accepted so far (keep-alive reuse shows as fewer connections than requests). */
  readonly connections: number;
  close(): Promise<void>;
}

export async function startLatencyProxy(target: string, delayMs: number, gauge = new InFlightGauge()): Promise<LatencyProxy> {
  const upstream = new URL(target);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const upstreamMs: number[] = [];
  const server = http.createServer((req, res) => {
    const done = gauge.enter();
    res.on('close', done);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      setTimeout(() => {
        const forwarded = performance.now();
        const out = http.request(
          { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers, agent },
          (up) => {
            up.on('end', () => upstreamMs.push(performance.now() - forwarded));
            res.writeHead(up.statusCode ?? 502, up.headers);
            up.pipe(res);
          },
        );
        out.on('error', () => {
          res.writeHead(502);
          res.end();
        });
        out.end(Buffer.concat(chunks));
      }, delayMs);
    });
  });
  const proxy = await listen(server, gauge, () => agent.destroy());
  proxy.upstreamMs = upstreamMs;
  return proxy;
}

/**
 * An HTTP server that accepts every request and never answers: an account behind a dead VPN or a firewall that
 * drops packets looks like this to the SDK, which waits until a timeout. Its requests count in `gauge`.
 */
export async function startBlackHoleServer(gauge = new InFlightGauge()): Promise<LatencyProxy> {
  const server = http.createServer((req, res) => {
    const done = gauge.enter();
    res.on('close', done);
    req.resume();
  });
  return listen(server, gauge);
}

/** Starts `server` on a free loopback port; close() drops its open connections too. */
async function listen(server: http.Server, gauge: InFlightGauge, onClose?: () => void): Promise<LatencyProxy> {
  let connections = 0;
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    gauge,
    upstreamMs: [],
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        onClose?.();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
