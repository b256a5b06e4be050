// The latency proxies of a bench in a process of their own: in reality the network is not on the explorer's event
// loop, so a bench that ran 17 proxies beside the explorer would count their work (parsing, forwarding ~850
// requests) as the explorer's. The parent starts this file with fork() and reads the proxies' counts over IPC.
import { fork, type ChildProcess } from 'node:child_process';
import { InFlightGauge, startLatencyProxy } from './latencyProxy';

export interface ProxyCounts {
  /** Most requests in flight at once over all proxies, and the requests seen, since the last reset. */
  maxTotal: number;
  requests: number;
  /** Most requests in flight at once at any one proxy (one server). */
  maxAtOne: number;
  /** DynamoDB Local's answer time of each request (forwarded → answered), in ms. */
  upstreamMs: number[];
  /** CPU milliseconds (user + system) the proxy process spent since the last reset. */
  cpuMs: number;
  /** TCP connections the proxies accepted since the last reset (fewer than requests: keep-alive sockets reused). */
  connections: number;
}

export interface ProxyProcess {
  endpoints: string[];
  /** The counts since the last call, and starts counting afresh. */
  take(): Promise<ProxyCounts>;
  close(): Promise<void>;
}

type Message = { endpoints: string[] } | { counts: ProxyCounts };

/** Starts `count` proxies adding `delayMs` before forwarding to `target`, each on its own port, in a child process. */
export async function startProxyProcess(target: string, delayMs: number, count: number): Promise<ProxyProcess> {
  const child: ChildProcess = fork(__filename, [target, String(delayMs), String(count)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = () =>
    new Promise<Message>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the proxy process ended (code ${code}) before it answered`));
      child.once('exit', onExit);
      child.once('message', (m) => {
        child.off('exit', onExit);
        resolve(m as Message);
      });
    });
  const ready = await next();
  if (!('endpoints' in ready)) throw new Error('the proxy process did not report its endpoints');
  return {
    endpoints: ready.endpoints,
    take: async () => {
      const answer = next();
      child.send('take');
      const m = await answer;
      if (!('counts' in m)) throw new Error('the proxy process did not report its counts');
      return m.counts;
    },
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill();
      await exited;
    },
  };
}

async function serve(target: string, delayMs: number, count: number): Promise<void> {
  const total = new InFlightGauge();
  const proxies = await Promise.all(Array.from({ length: count }, () => startLatencyProxy(target, delayMs, new InFlightGauge(total))));
  let cpu = process.cpuUsage();
  const accepted = () => proxies.reduce((n, p) => n + p.connections, 0);
  let connections = accepted();
  process.on('message', () => {
    const used = process.cpuUsage(cpu);
    const counts: ProxyCounts = {
      maxTotal: total.max,
      requests: total.total,
      maxAtOne: Math.max(...proxies.map((p) => p.gauge.max)),
      upstreamMs: proxies.flatMap((p) => p.upstreamMs),
      cpuMs: (used.user + used.system) / 1000,
      connections: accepted() - connections,
    };
    connections = accepted();
    total.reset();
    for (const p of proxies) {
      p.gauge.reset();
      p.upstreamMs.length = 0;
    }
    cpu = process.cpuUsage();
    process.send!({ counts });
  });
  process.on('disconnect', () => process.exit(0));
  process.send!({ endpoints: proxies.map((p) => p.endpoint) });
}

if (require.main === module) {
  const [target, delay, count] = process.argv.slice(2);
  serve(target, Number(delay), Number(count)).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
