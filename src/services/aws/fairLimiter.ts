// Caps how many requests run at once across many connections, and shares the slots fairly between them.
//
// Generic limiters (p-limit, p-queue) serve one FIFO queue: 17 regions of the first connection expanded would take
// the first 17 slots, and if that account never answers, every other account waits for its timeouts. Here each key
// (a connection) has its own queue, the keys are served round-robin (the one served longest ago first), and one key
// never holds more than `perKey` slots, so a hung account keeps at most `perKey` of `maxInFlight` busy.

export interface FairLimiterOptions {
  /** Tasks running at once over all keys. */
  maxInFlight: number;
  /** Tasks running at once for one key; below maxInFlight so one key can never take every slot. */
  perKey: number;
}

interface Waiting {
  start: () => void;
}

export class FairLimiter {
  private running = 0;
  private readonly runningByKey = new Map<string, number>();
  /** Keys with waiting tasks. */
  private readonly queues = new Map<string, Waiting[]>();
  /** When each key with work was last given a slot (a dispatch count); a key never served goes first. */
  private readonly lastServed = new Map<string, number>();
  private dispatches = 0;
  private readonly maxInFlight: number;
  private readonly perKey: number;

  constructor(options: FairLimiterOptions) {
    if (!(Number.isInteger(options.maxInFlight) && options.maxInFlight >= 1)) throw new RangeError(`maxInFlight must be a whole number of at least 1, not ${options.maxInFlight}.`);
    if (!(Number.isInteger(options.perKey) && options.perKey >= 1)) throw new RangeError(`perKey must be a whole number of at least 1, not ${options.perKey}.`);
    this.maxInFlight = options.maxInFlight;
    this.perKey = Math.min(options.perKey, options.maxInFlight);
  }

  /** Tasks running now. */
  get inFlight(): number {
    return this.running;
  }

  /** Tasks waiting for a slot. */
  get waiting(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.length;
    return n;
  }

  /** Runs `task` once a slot is free for `key`; the slot is released when the task settles, whichever way. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        let settled: Promise<T>;
        try {
          settled = Promise.resolve(task());
        } catch (err) {
          settled = Promise.reject(err);
        }
        settled.then(resolve, reject).finally(() => this.release(key));
      };
      const queue = this.queues.get(key);
      if (queue) queue.push({ start });
      else this.queues.set(key, [{ start }]);
      this.dispatch();
    });
  }

  private release(key: string): void {
    this.running--;
    const left = (this.runningByKey.get(key) ?? 1) - 1;
    if (left > 0) this.runningByKey.set(key, left);
    else this.runningByKey.delete(key);
    if (left <= 0 && !this.queues.has(key)) this.lastServed.delete(key);
    this.dispatch();
  }

  private dispatch(): void {
    while (this.running < this.maxInFlight) {
      const key = this.nextKey();
      if (key === undefined) return;
      const queue = this.queues.get(key)!;
      const next = queue.shift()!;
      if (queue.length === 0) this.queues.delete(key);
      this.lastServed.set(key, this.dispatches++);
      this.running++;
      this.runningByKey.set(key, (this.runningByKey.get(key) ?? 0) + 1);
      next.start();
    }
  }

  /** Round-robin: of the keys with a task waiting and a slot of their own free, the one served longest ago. */
  private nextKey(): string | undefined {
    let best: string | undefined;
    let bestServed = Infinity;
    for (const key of this.queues.keys()) {
      if ((this.runningByKey.get(key) ?? 0) >= this.perKey) continue;
      const served = this.lastServed.get(key) ?? -1;
      if (served < bestServed) {
        best = key;
        bestServed = served;
      }
    }
    return best;
  }
}
