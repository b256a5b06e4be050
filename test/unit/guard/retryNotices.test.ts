// The status bar's retry notices: at most one update per interval whatever the burst, the latest notice always
// shown in the end, and how the status bar tells the retries a transfer shows itself.
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { observeRetries, retriesObserved } from '../../../src/services/aws/clientPool';
import { LatestValueThrottle, type Clock } from '../../../src/edge/guard/retryNotices';

/** A clock the test moves by hand: timers run when `advanceTo` passes their time, in order. */
class ManualClock implements Clock {
  time = 0;
  private timers: { at: number; run: () => void; id: number }[] = [];
  private nextId = 1;

  now(): number {
    return this.time;
  }

  setTimeout(run: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ at: this.time + ms, run, id });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  advanceTo(time: number): void {
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const due = this.timers[0];
      if (!due || due.at > time) break;
      this.timers.shift();
      this.time = due.at;
      due.run();
    }
    this.time = time;
  }

  get pending(): number {
    return this.timers.length;
  }
}

function throttled(interval = 500) {
  const clock = new ManualClock();
  const shown: { value: string; at: number }[] = [];
  const throttle = new LatestValueThrottle<string>((value) => shown.push({ value, at: clock.now() }), interval, clock);
  return { clock, shown, throttle };
}

describe('LatestValueThrottle', () => {
  it('shows the first notice at once, holds a burst, and shows only the latest of it when the interval ends', () => {
    const { clock, shown, throttle } = throttled();
    throttle.push('first');
    assert.deepEqual(shown, [{ value: 'first', at: 0 }]);
    clock.advanceTo(100);
    throttle.push('second');
    clock.advanceTo(300);
    throttle.push('third');
    clock.advanceTo(499);
    assert.deepEqual(shown.map((s) => s.value), ['first'], 'nothing more inside the interval');
    clock.advanceTo(500);
    assert.deepEqual(shown, [
      { value: 'first', at: 0 },
      { value: 'third', at: 500 },
    ]);
    clock.advanceTo(5000);
    assert.equal(shown.length, 2, 'a held notice is shown once');
  });

  it('shows a notice at once again when the last update is an interval ago', () => {
    const { clock, shown, throttle } = throttled();
    throttle.push('a');
    clock.advanceTo(700);
    throttle.push('b');
    assert.deepEqual(shown, [
      { value: 'a', at: 0 },
      { value: 'b', at: 700 },
    ]);
    assert.equal(clock.pending, 0);
  });

  it('dispose drops a held notice', () => {
    const { clock, shown, throttle } = throttled();
    throttle.push('a');
    throttle.push('held');
    throttle.dispose();
    clock.advanceTo(2000);
    assert.deepEqual(shown.map((s) => s.value), ['a']);
    assert.equal(clock.pending, 0);
  });

  it('for any pushes: updates are at least an interval apart, and the last notice pushed is the last shown', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2000 }), { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 1000 }), (gaps, interval) => {
        const { clock, shown, throttle } = throttled(interval);
        let last = '';
        gaps.forEach((gap, i) => {
          clock.advanceTo(clock.now() + gap);
          last = `notice ${i}`;
          throttle.push(last);
        });
        clock.advanceTo(clock.now() + interval);
        for (let i = 1; i < shown.length; i++) assert.ok(shown[i].at - shown[i - 1].at >= interval, `updates at ${shown[i - 1].at} and ${shown[i].at}`);
        assert.equal(shown.at(-1)?.value, last);
        assert.ok(shown.length <= gaps.length);
      }),
    );
  });
});

describe('retriesObserved', () => {
  const listener = () => undefined;
  it('is true for everything the observed work runs, across awaits and timers, and nothing outside it', async () => {
    const seen: Record<string, boolean> = {};
    const observe = (name: string) => (seen[name] = retriesObserved());
    observe('before');
    await observeRetries(listener, async () => {
      observe('start');
      await new Promise((resolve) => setTimeout(resolve, 1));
      observe('after a timer');
      await Promise.resolve().then(() => observe('in a continuation'));
    });
    observe('after');
    assert.deepEqual(seen, { before: false, start: true, 'after a timer': true, 'in a continuation': true, after: false });
  });

  it('is false for work that runs at the same time outside it', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const marked = observeRetries(listener, async () => {
      await gate;
      return retriesObserved();
    });
    const unmarked = (async () => {
      await gate;
      return retriesObserved();
    })();
    release();
    assert.deepEqual(await Promise.all([marked, unmarked]), [true, false]);
  });
});
