// Caps how many requests run at once across many connections, and shares the slots fairly between them.
//
// Generic limiters (p-limit, p-queue) serve one FIFO queue: 17 regions of the first connection expanded would take
// the first 17 slots, and if that account never answers, every other account waits for its timeouts. Here each key
// (a connection) has its own queue, the keys are served round-robin (the one served longest ago first), and one key
// never holds more than `perKey` slots, so a hung account keeps at most `perKey` of `maxInFlight` busy.
//
// A task may also name a group: the server it talks to. Real AWS regions are separate hosts (each region's
// DynamoDB endpoint is its own fleet), so one global cap sized for a single server makes 17 regions wait on each
// other for nothing; a cap per group bounds what any one server gets from us (a DynamoDB Local, a region's
// endpoint, a VPN'd custom endpoint), while `maxInFlight` still bounds the total this process keeps open, the way
// browsers cap connections per host and in all.

export interface FairLimiterOptions {
  /** Tasks running at once over all keys. */
  maxInFlight: number;
  /** Tasks running at once for one key; below maxInFlight so one key can never take every slot. */
  perKey: number;
  /** Tasks running at once for one group (one server); maxInFlight when not given. */
  perGroup?: number;
}

interface Waiting {
  group: string;
  start: () => void;
}

export class FairLimiter {
  private running = 0;
  private readonly runningByKey = new Map<string, number>();
  private readonly runningByGroup = new Map<string, number>();
  /** Keys with waiting tasks. */
  private readonly queues = new Map<string, Waiting[]>();
  /** When each key with work was last given a slot (a dispatch count); a key never served goes first. */
  private readonly lastServed = new Map<string, number>();
  private dispatches = 0;
  private readonly maxInFlight: number;
  private readonly perKey: number;
  private readonly perGroup: number;

  constructor(options: FairLimiterOptions) {
    if (!(Number.isInteger(options.maxInFlight) && options.maxInFlight >= 1)) throw new RangeError(`maxInFlight must be a whole number of at least 1, not ${options.maxInFlight}.`);
    if (!(Number.isInteger(options.perKey) && options.perKey >= 1)) throw new RangeError(`perKey must be a whole number of at least 1, not ${options.perKey}.`);
    const perGroup = options.perGroup ?? options.maxInFlight;
    if (!(Number.isInteger(perGroup) && perGroup >= 1)) throw new RangeError(`perGroup must be a whole number of at least 1, not ${options.perGroup}.`);
    this.maxInFlight = options.maxInFlight;
    this.perKey = Math.min(options.perKey, options.maxInFlight);
    this.perGroup = Math.min(perGroup, options.maxInFlight);
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

  /**
   * Runs `task` once a slot is free for `key` (and for `group`, the server it talks to); the slot is released when
   * the task settles, whichever way.
   */
  run<T>(key: string, task: () => Promise<T>, group = ''): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        let settled: Promise<T>;
        try {
          settled = Promise.resolve(task());
        } catch (err) {
          settled = Promise.reject(err);
        }
        settled.then(resolve, reject).finally(() => this.release(key, group));
      };
      const queue = this.queues.get(key);
      if (queue) queue.push({ group, start });
      else this.queues.set(key, [{ group, start }]);
      this.dispatch();
    });
  }

  private release(key: string, group: string): void {
    this.running--;
    const left = count(this.runningByKey, key, -1);
    count(this.runningByGroup, group, -1);
    if (left <= 0 && !this.queues.has(key)) this.lastServed.delete(key);
    this.dispatch();
  }

  private dispatch(): void {
    while (this.running < this.maxInFlight) {
      const found = this.nextTask();
      if (found === undefined) return;
      const { key, queue, index } = found;
      const [next] = queue.splice(index, 1);
      if (queue.length === 0) this.queues.delete(key);
      this.lastServed.set(key, this.dispatches++);
      this.running++;
      count(this.runningByKey, key, +1);
      count(this.runningByGroup, next.group, +1);
      next.start();
    }
  }

  /**
   * Round-robin: of the keys with a slot of their own free and a task waiting whose group has a slot free, the one
   * served longest ago; of its tasks, the first queued whose group has room (a full server does not hold up the
   * key's tasks for other servers).
   */
  private nextTask(): { key: string; queue: Waiting[]; index: number } | undefined {
    let best: { key: string; queue: Waiting[]; index: number } | undefined;
    let bestServed = Infinity;
    for (const [key, queue] of this.queues) {
      if ((this.runningByKey.get(key) ?? 0) >= this.perKey) continue;
      const served = this.lastServed.get(key) ?? -1;
      if (served >= bestServed) continue;
      const index = queue.findIndex((w) => (this.runningByGroup.get(w.group) ?? 0) < this.perGroup);
      if (index < 0) continue;
      best = { key, queue, index };
      bestServed = served;
    }
    return best;
  }
}

/** Adds `by` to the count of `name`, forgetting a count that reaches 0; returns the new count. */
function count(counts: Map<string, number>, name: string, by: number): number {
  const n = (counts.get(name) ?? 0) + by;
  if (n > 0) counts.set(name, n);
  else counts.delete(name);
  return n;
}
