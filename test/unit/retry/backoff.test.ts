// The one sleep and backoff of the services.
import * as assert from 'node:assert/strict';
import { backoffDelayMs, sleep, within } from '../../../src/services/retry/backoff';

describe('backoff', () => {
  it('doubles the ceiling per retry up to the maximum, with jitter in its upper half', () => {
    const opts = { baseMs: 100, maxMs: 5000 };
    assert.equal(backoffDelayMs(1, opts, () => 0), 50);
    assert.equal(backoffDelayMs(1, opts, () => 1), 100);
    assert.equal(backoffDelayMs(4, opts, () => 1), 800);
    assert.equal(backoffDelayMs(4, opts, () => 0), 400);
    assert.equal(backoffDelayMs(20, opts, () => 1), 5000);
    assert.equal(backoffDelayMs(20, opts, () => 0.5), 3750);
  });

  it('sleep resolves after the pause and rejects with an AbortError on a cancel, at once if already cancelled', async () => {
    await sleep(1);
    const controller = new AbortController();
    const waiting = sleep(60_000, controller.signal);
    controller.abort();
    await assert.rejects(waiting, (e: Error) => e.name === 'AbortError');
    await assert.rejects(sleep(60_000, controller.signal), (e: Error) => e.name === 'AbortError');
  });

  it('within gives the answer that comes in time, the fallback for one that does not, and passes on a failure', async () => {
    assert.equal(await within(Promise.resolve('answer'), 1000, 'fallback'), 'answer');
    let late!: (v: string) => void;
    const slow = new Promise<string>((resolve) => (late = resolve));
    const started = Date.now();
    assert.equal(await within(slow, 30, 'fallback'), 'fallback');
    assert.ok(Date.now() - started < 1000, 'the fallback came at its time, not later');
    late('answer');
    assert.equal(await slow, 'answer', 'the work itself goes on');
    await assert.rejects(within(Promise.reject(new Error('refused')), 1000, 'fallback'), /refused/);
  });
});
