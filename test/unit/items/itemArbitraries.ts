// Random DynamoDB items of every type for property tests, and a strict structural comparison that tells types,
// exact number text and set order apart. Built independently of src/core/items so it can judge it.
import * as fc from 'fast-check';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

export type Item = Record<string, AttributeValue>;

export interface ItemArbitraryOptions {
  /** Only what DynamoDB accepts and the SDK reads back: no empty names, no top-level "__proto__", no lone surrogates. */
  storable?: boolean;
  /** Deepest chain of nested maps and lists below a top-level attribute. */
  maxChain?: number;
}

/** A number as text with the identity of its value (equal values, equal identity), built without the code under test. */
export interface NumberSample {
  text: string;
  identity: string;
}

export const ALL_BYTES = Uint8Array.from({ length: 256 }, (_, i) => i);

const ODD_NAMES = ['a.b', '#x', ':v', 'with space', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '$SS', '$NS', '$BS', '$B', '$N', '$M', 'S', 'N', 'M', 'L', '0', '10', '1e3', '"quoted"', 'back\\slash', 'ünïcødé', '表', '🙂'];

function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function nameArbitrary(storable: boolean, topLevel: boolean): fc.Arbitrary<string> {
  const names = fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: storable ? 1 : 0, maxLength: 10 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }) },
    { weight: 2, arbitrary: fc.constantFrom(...ODD_NAMES) },
  );
  // fast-check also generates "__proto__" by itself; the SDK cannot read it back as a top-level attribute.
  return storable && topLevel ? names.filter((n) => n !== '__proto__') : names;
}

/** Numbers: up to 38 significant digits, scientific exponents -130..125, written in many equivalent ways. */
export function numberArbitrary(): fc.Arbitrary<NumberSample> {
  const nonZero = fc
    .record({
      negative: fc.boolean(),
      digits: fc.stringMatching(/^[1-9][0-9]{0,37}$/),
      exponent: fc.oneof(fc.integer({ min: -130, max: 125 }), fc.integer({ min: -5, max: 40 })),
      style: fc.constantFrom('E', 'e', 'E+', 'plain', 'plain', 'plain'),
    })
    .map(({ negative, digits, exponent, style }) => {
      const sign = negative ? '-' : '';
      const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
      let text: string;
      if (style === 'plain' && exponent >= -45 && exponent <= 45) {
        const point = exponent + 1; // digits before the decimal point
        if (point <= 0) text = `${sign}0.${'0'.repeat(-point)}${digits}`;
        else if (point >= digits.length) text = `${sign}${digits}${'0'.repeat(point - digits.length)}`;
        else text = `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
      } else {
        const e = style === 'e' ? 'e' : 'E';
        const expSign = exponent >= 0 && style === 'E+' ? '+' : '';
        text = `${sign}${mantissa}${e}${expSign}${exponent}`;
      }
      return { text, identity: `${sign}${digits.replace(/0+$/, '')}e${exponent}` };
    });
  const zero = fc.constantFrom('0', '-0', '0.000', '0E+5', '0e-3').map((text) => ({ text, identity: '0' }));
  const boundaries = fc.constantFrom(
    { text: '1E-130', identity: '1e-130' },
    { text: '-1E-130', identity: '-1e-130' },
    { text: '9.9999999999999999999999999999999999999E+125', identity: `${'9'.repeat(38)}e125` },
    { text: '-9.9999999999999999999999999999999999999E+125', identity: `-${'9'.repeat(38)}e125` },
    { text: '12345678901234567890123456789012345678', identity: '12345678901234567890123456789012345678e37' },
    { text: '-99999999999999999999999999999999999999', identity: `-${'9'.repeat(38)}e37` },
    { text: '0.1', identity: '1e-1' },
    { text: '9007199254740993', identity: '9007199254740993e15' },
  );
  // Forms DynamoDB accepts that are not JSON number literals (the plain notation writes them as {"$N": "…"}).
  const odd = fc.constantFrom(
    { text: '+1', identity: '1e0' },
    { text: '.5', identity: '5e-1' },
    { text: '5.', identity: '5e0' },
    { text: '007', identity: '7e0' },
    { text: '-.25E2', identity: '-25e1' },
  );
  return fc.oneof({ weight: 6, arbitrary: nonZero }, { weight: 1, arbitrary: zero }, { weight: 2, arbitrary: boundaries }, { weight: 1, arbitrary: odd });
}

function stringArbitrary(storable: boolean): fc.Arbitrary<string> {
  const parts: fc.Arbitrary<string>[] = [
    fc.string({ unit: 'grapheme', maxLength: 16 }),
    fc.string({ unit: 'binary', maxLength: 16 }),
    fc.constantFrom('', '"', '\\', '\u0000', '\n\r\t', '\u2028\u2029', '{"S": "x"}', '12', '1.0', 'true', 'null', '$SS'),
  ];
  if (!storable) parts.push(fc.constantFrom('\ud800', 'a\udfff', '\udc00\ud800'));
  return fc.oneof(...parts);
}

function bytesArbitrary(): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.uint8Array({ maxLength: 40 }) },
    { weight: 1, arbitrary: fc.constant(ALL_BYTES).map((b) => b.slice()) },
    { weight: 1, arbitrary: fc.shuffledSubarray(Array.from(ALL_BYTES), { minLength: 0 }).map((a) => Uint8Array.from(a)) },
  );
}

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

export function scalarArbitrary(storable: boolean): fc.Arbitrary<AttributeValue> {
  const num = numberArbitrary();
  const s = stringArbitrary(storable);
  const b = bytesArbitrary();
  return fc.oneof(
    s.map((S) => ({ S })),
    num.map((n) => ({ N: n.text })),
    b.map((B) => ({ B })),
    fc.boolean().map((BOOL) => ({ BOOL })),
    fc.constant({ NULL: true as const }),
    fc.uniqueArray(s, { minLength: 1, maxLength: 6 }).map((SS) => ({ SS })),
    fc.uniqueArray(num, { minLength: 1, maxLength: 6, selector: (n) => n.identity }).map((ns) => ({ NS: ns.map((n) => n.text) })),
    fc.uniqueArray(b, { minLength: 1, maxLength: 4, selector: hex }).map((BS) => ({ BS })),
  );
}

function mapOf(entries: [string, AttributeValue][]): Record<string, AttributeValue> {
  const m: Record<string, AttributeValue> = {};
  for (const [k, v] of entries) setOwn(m, k, v);
  return m;
}

export function valueArbitrary(options: ItemArbitraryOptions = {}): fc.Arbitrary<AttributeValue> {
  const storable = options.storable ?? false;
  const scalar = scalarArbitrary(storable);
  const key = nameArbitrary(storable, false);
  const tree = fc.letrec<{ value: AttributeValue }>((tie) => ({
    value: fc.oneof(
      { maxDepth: 4, depthSize: 'small' },
      { weight: 5, arbitrary: scalar },
      { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 4 }).map((L) => ({ L })) },
      {
        weight: 1,
        arbitrary: fc.uniqueArray(fc.tuple(key, tie('value')), { maxLength: 4, selector: ([k]) => k }).map((e) => ({ M: mapOf(e) })),
      },
      // A map whose only key is a tag of the plain notation, which must be escaped there.
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom('$SS', '$NS', '$BS', '$B', '$N', '$M'), tie('value')).map(([k, v]) => ({ M: mapOf([[k, v]]) })) },
    ),
  })).value;
  // Deep chains of maps and lists, down to DynamoDB's nesting limit.
  const chain = fc
    .tuple(fc.array(fc.tuple(fc.constantFrom('M', 'L'), key), { minLength: 5, maxLength: options.maxChain ?? 30 }), tree)
    .map(([levels, leaf]) => levels.reduceRight<AttributeValue>((inner, [kind, k]) => (kind === 'L' ? { L: [inner] } : { M: mapOf([[k, inner]]) }), leaf));
  return fc.oneof({ weight: 8, arbitrary: tree }, { weight: 1, arbitrary: chain });
}

export function itemArbitrary(options: ItemArbitraryOptions = {}): fc.Arbitrary<Item> {
  const storable = options.storable ?? false;
  return fc
    .uniqueArray(fc.tuple(nameArbitrary(storable, true), valueArbitrary(options)), { maxLength: 8, selector: ([k]) => k })
    .map((entries) => mapOf(entries));
}

/** The first difference between two items, compared strictly: types, exact number text, bytes, list and set order. */
export function strictDifference(a: unknown, b: unknown, path = '$'): string | undefined {
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    if (!(a instanceof Uint8Array) || !(b instanceof Uint8Array)) return `${path}: binary vs non-binary`;
    if (a.length !== b.length) return `${path}: ${a.length} bytes vs ${b.length} bytes`;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return `${path}[${i}]: byte ${a[i]} vs ${b[i]}`;
    return undefined;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return `${path}: array vs non-array`;
    if (a.length !== b.length) return `${path}: length ${a.length} vs ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = strictDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (a !== null && typeof a === 'object' && b !== null && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    if (JSON.stringify(ka) !== JSON.stringify(kb)) return `${path}: keys ${JSON.stringify(ka)} vs ${JSON.stringify(kb)}`;
    for (const k of ka) {
      const d = strictDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}[${JSON.stringify(k)}]`);
      if (d) return d;
    }
    return undefined;
  }
  return Object.is(a, b) ? undefined : `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
}

/** The DynamoDB wire form of an item (what JSON.parse of a DynamoDB JSON document must give), built independently. */
export function wireForm(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(wireForm);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value)) setOwn(out, k, wireForm((value as Record<string, unknown>)[k]));
    return out;
  }
  return value;
}
