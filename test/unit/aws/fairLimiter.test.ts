// The explorer's request limiter: a global cap, a per-connection cap, a per-server (group) cap, round-robin between connections, and a slot
// always returned (a task that rejects or throws). Tasks are promises the test settles by hand.
import * as assert from 'node:assert/strict';
import { FairLimiter } from '../../../src/services/aws/fairLimiter';

interface Gate {
  key: string;
  index: number;
  open: () => void;
  fail: (err: Error) => void;
}

/** Queues `count` tasks per key on the limiter; each records when it starts and waits for its gate. */
function queueTasks(limiter: FairLimiter, keys: string[], count: number) {
  const started: Gate[] = [];
  const results: Promise<string>[] = [];
  for (let index = 0; index < count; index++) {
    for (const key of keys) {
      results.push(
        limiter.run(key, () => new Promise<string>((resolve, reject) => started.push({ key, index, open: () => resolve(`${key}:${index}`), fail: reject }))),
      );
    }
  }
  return { started, results };
}

const tick = () => new Promise<void>((r) => setImmediate(r));

describe('FairLimiter', () => {
  it('never runs more than maxInFlight tasks nor more than perKey of one key', async () => {
    const limiter = new FairLimiter({ maxInFlight: 5, perKey: 2 });
    let running = 0;
    let maxRunning = 0;
    const perKeyRunning = new Map<string, number>();
    let maxPerKey = 0;
    const tasks: Promise<void>[] = [];
    // Seeded so a failure replays: the delays are a fixed pseudo-random sequence.
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 200; i++) {
      const key = `k${i % 3}`; // three keys: 2 + 2 + 1 reach the global cap
      tasks.push(
        limiter.run(key, async () => {
          running++;
          perKeyRunning.set(key, (perKeyRunning.get(key) ?? 0) + 1);
          maxRunning = Math.max(maxRunning, running);
          maxPerKey = Math.max(maxPerKey, perKeyRunning.get(key)!);
          await new Promise((r) => setTimeout(r, Math.floor(rand() * 3)));
          running--;
          perKeyRunning.set(key, perKeyRunning.get(key)! - 1);
        }),
      );
    }
    await Promise.all(tasks);
    assert.equal(maxRunning, 5, 'the global cap is reached and never passed');
    assert.equal(maxPerKey, 2, 'the per-key cap is reached and never passed');
    assert.equal(limiter.inFlight, 0);
    assert.equal(limiter.waiting, 0);
  });

  it('serves keys round-robin, so the key queued first does not take every slot', async () => {
    const limiter = new FairLimiter({ maxInFlight: 3, perKey: 3 });
    // "a" queues 6 tasks before "b" and "c" queue theirs.
    const a = queueTasks(limiter, ['a'], 6);
    const bc = queueTasks(limiter, ['b', 'c'], 2);
    await tick();
    assert.deepEqual(a.started.map((g) => g.key), ['a', 'a', 'a'], 'a alone at first: it takes the free slots');
    a.started[0].open();
    await tick();
    assert.deepEqual(bc.started.map((g) => g.key), ['b'], 'the freed slot goes to b, which waited, not to a again');
    a.started[1].open();
    await tick();
    assert.deepEqual(bc.started.map((g) => g.key), ['b', 'c'], 'then to c');
    a.started[2].open();
    await tick();
    assert.equal(a.started.length, 4, 'then back to a');
    for (const g of [...a.started, ...bc.started]) g.open();
    await tick();
    for (const g of [...a.started.slice(4), ...bc.started.slice(2)]) g.open();
    await tick();
    for (const g of [...a.started.slice(5)]) g.open();
    assert.deepEqual(await Promise.all(a.results), [0, 1, 2, 3, 4, 5].map((i) => `a:${i}`));
    assert.equal((await Promise.all(bc.results)).length, 4);
  });

  it('keeps a hung key to perKey slots while the other keys finish', async () => {
    const limiter = new FairLimiter({ maxInFlight: 4, perKey: 2 });
    const hung = queueTasks(limiter, ['hung'], 17);
    const others = Array.from({ length: 10 }, (_, i) => `ok${i}`);
    const done: string[] = [];
    const ok = others.map((key) => limiter.run(key, async () => void done.push(key)));
    await Promise.all(ok);
    assert.deepEqual(done.sort(), [...others].sort(), 'every other key ran while the hung one never answered');
    assert.equal(hung.started.length, 2, 'the hung key held only its own two slots');
    // A task that fails frees its slot like one that succeeds.
    hung.started[0].fail(new Error('timed out'));
    await assert.rejects(hung.results[0], /timed out/);
    await tick();
    assert.equal(hung.started.length, 3, 'the failed task gave its slot back to the next one');
    for (let i = 1; i < 17; i++) {
      hung.started[i].open();
      await tick();
    }
    assert.equal((await Promise.all(hung.results.slice(1))).length, 16);
    assert.equal(limiter.inFlight, 0);
  });

  it('never runs more than perGroup tasks for one group (server), and a full group does not hold up the others', async () => {
    const limiter = new FairLimiter({ maxInFlight: 10, perKey: 10, perGroup: 2 });
    const running = new Map<string, number>();
    const maxByGroup = new Map<string, number>();
    let total = 0;
    let maxTotal = 0;
    // Seeded so a failure replays: the delays are a fixed pseudo-random sequence.
    let seed = 777;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const tasks: Promise<void>[] = [];
    for (let i = 0; i < 120; i++) {
      const key = `k${i % 4}`;
      const group = `host${i % 3}`;
      tasks.push(
        limiter.run(
          key,
          async () => {
            running.set(group, (running.get(group) ?? 0) + 1);
            maxByGroup.set(group, Math.max(maxByGroup.get(group) ?? 0, running.get(group)!));
            maxTotal = Math.max(maxTotal, ++total);
            await new Promise((r) => setTimeout(r, Math.floor(rand() * 3)));
            running.set(group, running.get(group)! - 1);
            total--;
          },
          group,
        ),
      );
    }
    await Promise.all(tasks);
    assert.deepEqual([...maxByGroup.entries()].sort(), [['host0', 2], ['host1', 2], ['host2', 2]], 'each group reached its cap of 2 and never passed it');
    assert.equal(maxTotal, 6, 'three groups of two ran at once: the groups, not the global cap, bounded them');

    // One key whose first tasks wait for a full group still runs its task for another group.
    const gated = new FairLimiter({ maxInFlight: 4, perKey: 4, perGroup: 1 });
    let openBusy!: () => void;
    const busy = gated.run('a', () => new Promise<void>((r) => (openBusy = r)), 'busy');
    const waitingOnBusy = gated.run('a', async () => 'second on busy', 'busy');
    const other = await gated.run('a', async () => 'other host', 'free');
    assert.equal(other, 'other host', 'the task for the free group ran while the busy group was full');
    assert.equal(gated.waiting, 1, 'the second task for the busy group still waits');
    openBusy();
    await busy;
    assert.equal(await waitingOnBusy, 'second on busy');
    await tick();
    assert.equal(gated.inFlight, 0, 'every slot came back');
  });

  it('returns the slot of a task that throws before returning a promise', async () => {
    const limiter = new FairLimiter({ maxInFlight: 1, perKey: 1 });
    await assert.rejects(limiter.run('a', () => { throw new Error('bad input'); }), /bad input/);
    assert.equal(await limiter.run('a', async () => 'next'), 'next');
  });

  it('refuses caps that are not whole numbers of at least 1', () => {
    assert.throws(() => new FairLimiter({ maxInFlight: 0, perKey: 1 }), /maxInFlight must be a whole number of at least 1, not 0/);
    assert.throws(() => new FairLimiter({ maxInFlight: 2, perKey: 1.5 }), /perKey must be a whole number of at least 1, not 1.5/);
    assert.throws(() => new FairLimiter({ maxInFlight: 2, perKey: 1, perGroup: 0 }), /perGroup must be a whole number of at least 1, not 0/);
  });
});
