// How retry notices reach the person, without the editor API (so it runs in plain Node tests): a throttle that
// keeps the status bar from flickering when many requests retry at once.

export interface Clock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Shows at most one value per interval. A value pushed sooner waits for the end of the interval, and only the
 * latest one waiting is shown then, so the last word is never lost.
 */
export class LatestValueThrottle<T> {
  private lastShownAt = Number.NEGATIVE_INFINITY;
  private waiting: { value: T } | undefined;
  private timer: unknown;

  constructor(
    private readonly show: (value: T) => void,
    private readonly intervalMs: number,
    private readonly clock: Clock = systemClock,
  ) {}

  push(value: T): void {
    const wait = this.lastShownAt + this.intervalMs - this.clock.now();
    if (wait <= 0 && this.timer === undefined) {
      this.emit(value);
      return;
    }
    this.waiting = { value };
    if (this.timer === undefined) {
      this.timer = this.clock.setTimeout(() => {
        this.timer = undefined;
        const next = this.waiting;
        this.waiting = undefined;
        if (next) this.emit(next.value);
      }, Math.max(0, wait));
    }
  }

  dispose(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.waiting = undefined;
  }

  private emit(value: T): void {
    this.lastShownAt = this.clock.now();
    this.show(value);
  }
}
