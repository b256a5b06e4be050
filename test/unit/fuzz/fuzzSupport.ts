// What the fuzz suites share: seeded runs that say how to reproduce a failure, counts printed once per file,
// hostile text, and a check that nothing was added to the built-in prototypes.
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';

/** One seed for every fuzz file; FUZZ_SEED=<n> replays a reported failure. */
export const FUZZ_SEED = process.env.FUZZ_SEED !== undefined && /^-?\d+$/.test(process.env.FUZZ_SEED) ? Number(process.env.FUZZ_SEED) : 20240611;

/**
 * Runs a property with the fixed seed. A failure names the seed and fast-check's replay path, so the same input
 * comes back with FUZZ_SEED=<seed>.
 */
export function fuzz<T>(label: string, arbitrary: fc.Arbitrary<T>, check: (input: T) => void, numRuns: number): void {
  const result = fc.check(
    fc.property(arbitrary, (input) => {
      check(input);
    }),
    { seed: FUZZ_SEED, numRuns },
  );
  if (result.failed) {
    const shown = fc.stringify(result.counterexample?.[0]);
    const error = result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
    assert.fail(
      `${label}: failed after ${result.numRuns} inputs (seed ${result.seed}, path "${result.counterexamplePath}"; ` +
        `reproduce with FUZZ_SEED=${result.seed}).\nInput: ${shown.length > 600 ? `${shown.slice(0, 600)}… (${shown.length} characters)` : shown}\n${error}`,
    );
  }
}

/** Async variant for inputs that go through real I/O. */
export async function fuzzAsync<T>(label: string, arbitrary: fc.Arbitrary<T>, check: (input: T) => Promise<void>, numRuns: number): Promise<void> {
  const result = await fc.check(
    fc.asyncProperty(arbitrary, async (input) => {
      await check(input);
    }),
    { seed: FUZZ_SEED, numRuns, endOnFailure: true },
  );
  if (result.failed) {
    const shown = fc.stringify(result.counterexample?.[0]);
    const error = result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
    assert.fail(`${label}: failed (seed ${result.seed}; reproduce with FUZZ_SEED=${result.seed}).\nInput: ${shown.slice(0, 600)}\n${error}`);
  }
}

/** Counts inputs per kind and writes that slipped through; prints one line for the test report. */
export class FuzzTally {
  private readonly counts = new Map<string, number>();
  writes = 0;

  add(kind: string, n = 1): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + n);
  }

  get total(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }

  line(): string {
    const parts = [...this.counts].map(([kind, n]) => `${kind} ${n}`).join(', ');
    return `fuzz: ${this.total} inputs (${parts}), ${this.writes} writes`;
  }

  /** Registers an after() hook of the current suite that prints the line. */
  printAfter(): void {
    after(() => console.log(`      ${this.line()}`));
  }
}

// ---------------------------------------------------------------------------------------------- prototypes

const PROTOTYPES: [string, object][] = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype],
];
const baseline = new Map(PROTOTYPES.map(([name, proto]) => [name, Reflect.ownKeys(proto).map(String).sort().join('\n')]));

/** Fails when anything was added to a built-in prototype or a plain object inherits something new. */
export function assertPrototypesClean(context: string): void {
  const probe = {} as Record<string, unknown>;
  for (const key of ['polluted', 'isAdmin', 'S', 'N', 'M', 'L', 'type', 'value', 'toString2']) {
    assert.equal(probe[key], undefined, `${context}: a plain object inherits "${key}" (prototype pollution).`);
  }
  for (const [name, proto] of PROTOTYPES) {
    const now = Reflect.ownKeys(proto).map(String).sort().join('\n');
    assert.equal(now, baseline.get(name), `${context}: ${name} changed (prototype pollution).`);
  }
}

// ---------------------------------------------------------------------------------------------- hostile text

/** Names and values that attack the code reading them: prototype keys, markup, script URLs, injection. */
export const HOSTILE_TEXTS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
  '<script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=1">',
  '<svg onload=window.__pwned=1>',
  '"><script>window.__pwned=1</script>',
  "'><img src=x onerror=window.__pwned=1>",
  'javascript:window.__pwned=1',
  '<a href="javascript:window.__pwned=1">x</a>',
  '{{constructor.constructor("window.__pwned=1")()}}',
  '${window.__pwned=1}',
  '#n0',
  ':v0',
  '#n0 OR #n1',
  ':v0) OR (attribute_exists(#n0',
  'a = :x OR b',
  ') OR attribute_exists(pk',
  'SET #a = :b',
  '; DROP TABLE x; --',
  "' OR '1'='1",
  '\u0000',
  '\u202e\u0645\u0631\u062d\u0628\u0627',
  '\ud800',
  '\udfff',
  '🙂',
  'ℌ𝔢𝔩𝔩𝔬',
  '\r\n',
  '\u2028',
  '$SS',
  '$M',
  '$N',
  'S',
  'NULL',
  '',
  ' ',
] as const;

/** Text: hostile constants, arbitrary unicode, and now and then something long. */
export function hostileText(options: { maxLength?: number; huge?: boolean } = {}): fc.Arbitrary<string> {
  const maxLength = options.maxLength ?? 40;
  const parts: fc.WeightedArbitrary<string>[] = [
    { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_TEXTS) },
    { weight: 3, arbitrary: fc.string({ maxLength }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength }) },
    { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('<', '>', '"', "'", '&', '/', '\\', '#', ':', '.', '[', ']', '$', '{', '}', ' ', 'a'), maxLength }) },
  ];
  if (options.huge) {
    parts.push({ weight: 1, arbitrary: fc.tuple(fc.constantFrom(...HOSTILE_TEXTS), fc.integer({ min: 70_000, max: 450_000 })).map(([t, n]) => (t || 'x').repeat(Math.ceil(n / Math.max(1, t.length)))) });
  }
  return fc.oneof(...parts);
}

/** Any JSON-ish value including prototype keys, wrong types and odd numbers, for "wrong type" inputs. */
export function hostileValue(maxDepth = 3): fc.Arbitrary<unknown> {
  const { value } = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom(null, undefined, true, false, 0, -0, 1e308, Number.NaN, Number.POSITIVE_INFINITY, -1, 2 ** 53 + 1, ''),
      hostileText(),
      fc.double(),
      fc.bigInt().map((b) => b.toString()),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(hostileText({ maxLength: 12 }), tie('value'), { maxKeys: 4 }),
      tie('value').map((v) => JSON.parse(`{"__proto__": ${safeJson(v)}}`) as unknown),
    ),
  }));
  return fc.integer({ min: 0, max: maxDepth }).chain(() => value);
}

/** JSON text of a value, with what JSON cannot hold turned into null. */
export function safeJson(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : typeof x === 'number' && !Number.isFinite(x) ? null : x)) ?? 'null';
}
