// What the proof suites share: seeds that are printed and replayed from an environment variable, a small seeded
// random source, and the `proof …` lines that scripts/test.js repeats in its summary (each asserted by its test
// before it is printed).
import * as assert from 'node:assert/strict';

/** The seed from `name` (e.g. RACE_SEED=123), else a fresh one; printed by the suite so any run can be replayed. */
export function seedFrom(name: string): number {
  const raw = process.env[name];
  if (raw !== undefined && raw !== '') {
    assert.match(raw, /^\d{1,10}$/, `${name} must be a whole number (the seed a proof line printed), not "${raw}".`);
    return Number(raw) >>> 0;
  }
  return (Date.now() ^ (process.pid << 16)) >>> 0;
}

/** mulberry32: a fast 32-bit generator; the same seed gives the same sequence on every machine. */
export class SeededRandom {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(values: readonly T[]): T {
    return values[this.int(values.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** A generator of its own, derived from this one, so one race's draws do not shift the next race's. */
  fork(salt: number): SeededRandom {
    return new SeededRandom((Math.imul(this.seed ^ 0x9e3779b9, 2654435761) + Math.imul(salt + 1, 0x85ebca6b)) >>> 0);
  }
}

/** Prints a proof line where scripts/test.js finds it (it repeats lines starting with `proof ` in its summary). */
export function printProofLine(line: string): void {
  assert.match(line, /^proof [a-z-]+ /, `not a proof line: ${line}`);
  console.log(`      ${line}`);
}

/** Runs fn over items with at most `limit` calls in flight (results in input order). */
export { mapWithConcurrency } from '../integration/dynamoLocal';
