import * as assert from 'node:assert/strict';
import { itemSize, itemsEqual, itemKey, plainJsonToItem, validateItem, type Item, type KeyAttribute, type Problem, type ProblemCode } from '../../../src/model/items';
import { StudioError } from '../../../src/model/errors';

const KEYS: KeyAttribute[] = [
  { name: 'pk', type: 'S' },
  { name: 'sk', type: 'N' },
];

function codes(item: Item, options: Parameters<typeof validateItem>[1] = { keySchema: KEYS }): ProblemCode[] {
  return validateItem(item, options).map((p) => p.code);
}

const base = (extra: Item = {}): Item => ({ pk: { S: 'a' }, sk: { N: '1' }, ...extra });

function nested(levels: number, kind: 'M' | 'L'): Item[string] {
  let v: Item[string] = { S: 'leaf' };
  for (let i = 0; i < levels; i++) v = kind === 'M' ? { M: { x: v } } : { L: [v] };
  return v;
}

describe('items: validation', () => {
  it('accepts a valid item', () => {
    assert.deepEqual(validateItem(base({ s: { S: '' }, b: { B: new Uint8Array(0) }, l: { L: [] }, m: { M: {} }, ss: { SS: [''] } }), { keySchema: KEYS }), []);
  });

  it('missing key attribute', () => {
    assert.deepEqual(codes({ sk: { N: '1' } }), ['missingKey']);
    assert.match(validateItem({ pk: { S: 'a' } }, { keySchema: KEYS })[0].message, /sort key attribute "sk" is missing/);
  });

  it('key attribute of the wrong type', () => {
    assert.deepEqual(codes({ pk: { N: '1' }, sk: { S: '1' } }), ['keyType', 'keyType']);
    assert.match(validateItem({ pk: { SS: ['a'] }, sk: { N: '1' } }, { keySchema: KEYS })[0].message, /partition key "pk" must be a string \(S\), but it is a string set \(SS\)/);
  });

  it('empty string or binary in a key attribute', () => {
    assert.deepEqual(codes(base({ pk: { S: '' } })), ['emptyKey']);
    assert.deepEqual(codes({ k: { B: new Uint8Array(0) } }, { keySchema: [{ name: 'k', type: 'B' }] }), ['emptyKey']);
  });

  it('key values over 2048 bytes (partition) and 1024 bytes (sort)', () => {
    assert.deepEqual(codes(base({ pk: { S: 'é'.repeat(1024) } })), []);
    assert.deepEqual(codes(base({ pk: { S: 'é'.repeat(1024) + 'x' } })), ['keyTooLarge']);
    const sortS: KeyAttribute[] = [{ name: 'pk', type: 'S' }, { name: 'sk', type: 'S' }];
    assert.deepEqual(codes({ pk: { S: 'a' }, sk: { S: 'x'.repeat(1024) } }, { keySchema: sortS }), []);
    assert.deepEqual(codes({ pk: { S: 'a' }, sk: { S: 'x'.repeat(1025) } }, { keySchema: sortS }), ['keyTooLarge']);
  });

  it('secondary index keys: optional, but typed and not empty when present', () => {
    const indexKeys: KeyAttribute[] = [{ name: 'gsi', type: 'S' }];
    assert.deepEqual(codes(base(), { keySchema: KEYS, indexKeys }), []);
    assert.deepEqual(codes(base({ gsi: { N: '1' } }), { keySchema: KEYS, indexKeys }), ['indexKeyType']);
    assert.deepEqual(codes(base({ gsi: { S: '' } }), { keySchema: KEYS, indexKeys }), ['emptyIndexKey']);
  });

  it('empty sets of each kind', () => {
    assert.deepEqual(codes(base({ a: { SS: [] }, b: { NS: [] }, c: { BS: [] } })), ['emptySet', 'emptySet', 'emptySet']);
  });

  it('duplicate set members; numbers compare by value', () => {
    const found = validateItem(base({ ns: { NS: ['1', '2', '1.0'] }, ss: { SS: ['a', 'a'] }, bs: { BS: [Uint8Array.from([1]), Uint8Array.from([1])] } }), { keySchema: KEYS });
    assert.deepEqual(found.map((p) => [p.code, p.path]), [
      ['duplicateSetMember', ['ns', 2]],
      ['duplicateSetMember', ['ss', 1]],
      ['duplicateSetMember', ['bs', 1]],
    ]);
    assert.match(found[0].message, /Member 3 of "ns" repeats member 1 \(1 and 1\.0 are the same number\)/);
    assert.deepEqual(codes(base({ ns: { NS: ['1', '10', '0.1'] }, ss: { SS: ['a', 'A', 'a '] } })), []);
  });

  it('numbers: not a number, too precise, out of range, also inside sets, lists and maps', () => {
    assert.deepEqual(codes(base({ a: { N: 'twelve' } })), ['invalidNumber']);
    assert.deepEqual(codes(base({ a: { N: '1'.repeat(39) } })), ['numberPrecision']);
    assert.deepEqual(codes(base({ a: { N: '1E+126' } })), ['numberRange']);
    assert.deepEqual(codes(base({ a: { N: '-1E-131' } })), ['numberRange']);
    assert.deepEqual(codes(base({ a: { NS: ['1', '1E+200'] } })), ['numberRange']);
    assert.deepEqual(codes(base({ a: { L: [{ M: { b: { N: '' } } }] } })), ['invalidNumber']);
    assert.deepEqual(codes(base({ sk: { N: '1E+999' } })), ['numberRange']);
  });

  it('NULL must be true', () => {
    assert.deepEqual(codes(base({ a: { NULL: false } })), ['nullNotTrue']);
  });

  it('nesting: 32 levels counting the item are allowed, 33 are not', () => {
    assert.deepEqual(codes(base({ m: nested(31, 'M'), l: nested(31, 'L') })), []);
    const found = validateItem(base({ m: nested(32, 'M'), l: nested(32, 'L') }), { keySchema: KEYS });
    assert.deepEqual(found.map((p) => p.code), ['nestingTooDeep', 'nestingTooDeep']);
    assert.deepEqual(found[0].path, ['m', ...Array(31).fill('x')]);
    assert.match(found[0].message, /nested 33 levels deep \(counting the item as level 1\); DynamoDB allows at most 32/);
  });

  it('names: empty, or over 64 KB', () => {
    assert.deepEqual(codes(base({ '': { S: 'x' } })), ['emptyName']);
    assert.deepEqual(codes(base({ m: { M: { '': { S: 'x' } } } })), ['emptyName']);
    assert.deepEqual(codes(base({ ['n'.repeat(65536)]: { S: 'x' } })), []);
    assert.deepEqual(codes(base({ ['n'.repeat(65537)]: { S: 'x' } })), ['nameTooLong']);
  });

  it('values that are not attribute values', () => {
    const broken = { a: {}, b: { S: 'x', N: '1' }, c: undefined, d: { S: 1 }, e: { L: [{ Q: 1 }] } } as unknown as Item;
    assert.deepEqual(codes(base(broken)), ['invalidValue', 'invalidValue', 'invalidValue', 'invalidValue', 'invalidValue']);
  });

  it('item size: 400 KB exactly is allowed, one byte more is not', () => {
    // pk(2) + "a"(1) + sk(2) + 1 (2) + "data"(4) = 11 bytes besides the string.
    assert.equal(itemSize(base({ data: { S: '' } })), 11);
    assert.deepEqual(codes(base({ data: { S: 'x'.repeat(409600 - 11) } })), []);
    const found = validateItem(base({ data: { S: 'x'.repeat(409600 - 10) } }), { keySchema: KEYS });
    assert.deepEqual(found.map((p) => p.code), ['itemTooLarge']);
    assert.match(found[0].message, /The item is 409,601 bytes; DynamoDB allows at most 400 KB \(409,600 bytes\) per item\. Largest attributes: "data" \(409,594 bytes\)/);
  });

  it('item size follows the developer guide: names, UTF-8 strings, raw binary, 3 bytes per list or map and 1 per element', () => {
    assert.equal(itemSize({ 'é': { S: '🙂' } }), 2 + 4);
    assert.equal(itemSize({ b: { B: new Uint8Array(10) } }), 11);
    assert.equal(itemSize({ t: { BOOL: true }, n: { NULL: true } }), 4);
    assert.equal(itemSize({ l: { L: [] } }), 4);
    assert.equal(itemSize({ l: { L: [{ NULL: true }, { BOOL: false }] } }), 1 + 3 + 2 + 2);
    assert.equal(itemSize({ m: { M: { ab: { S: 'xyz' } } } }), 1 + 3 + 1 + 2 + 3);
    assert.equal(itemSize({ s: { SS: ['ab', 'c'] }, b: { BS: [new Uint8Array(3)] } }), 1 + 3 + 1 + 3);
  });

  it('warns (not errors) about a top-level "__proto__", which the SDK cannot read back', () => {
    const item = plainJsonToItem('{"pk": "a", "sk": 1, "__proto__": 1, "m": {"__proto__": 2}}');
    assert.ok(item.ok);
    const found = validateItem(item.item, { keySchema: KEYS, positions: item.positions });
    assert.deepEqual(found.map((p) => [p.code, p.severity, p.range.start.column]), [['sdkUnreadableName', 'warning', 21]]);
  });

  it('places problems at the value when positions are given, at the start otherwise', () => {
    const parsed = plainJsonToItem('{\n  "pk": 5,\n  "sk": 1\n}');
    assert.ok(parsed.ok);
    const [p] = validateItem(parsed.item, { keySchema: KEYS, positions: parsed.positions }) as [Problem];
    assert.deepEqual([p.range.start.line, p.range.start.column, p.range.end.column], [1, 8, 9]);
    const [q] = validateItem(parsed.item, { keySchema: KEYS }) as [Problem];
    assert.deepEqual([q.range.start.line, q.range.start.column], [0, 0]);
    const missing = plainJsonToItem('\n\n  {"sk": 1}');
    assert.ok(missing.ok);
    const [r] = validateItem(missing.item, { keySchema: KEYS, positions: missing.positions }) as [Problem];
    assert.deepEqual([r.code, r.range.start.line, r.range.start.column, r.range.end.column], ['missingKey', 2, 2, 3]);
  });
});

describe('items: comparison and keys', () => {
  it('itemsEqual: numbers by value, sets in any order, everything else exactly', () => {
    const a: Item = { n: { N: '1.50' }, ns: { NS: ['1', '2E0'] }, ss: { SS: ['a', 'b'] }, bs: { BS: [Uint8Array.from([1]), Uint8Array.from([2])] }, l: { L: [{ S: 'x' }, { N: '0' }] } };
    const b: Item = { l: { L: [{ S: 'x' }, { N: '-0' }] }, bs: { BS: [Uint8Array.from([2]), Uint8Array.from([1])] }, ss: { SS: ['b', 'a'] }, ns: { NS: ['2', '1.0'] }, n: { N: '1.5' } };
    assert.equal(itemsEqual(a, b), true);
    assert.equal(itemsEqual(a, { ...b, n: { S: '1.5' } }), false);
    assert.equal(itemsEqual(a, { ...b, n: { N: '1.51' } }), false);
    assert.equal(itemsEqual(a, { ...b, l: { L: [{ N: '0' }, { S: 'x' }] } }), false);
    assert.equal(itemsEqual(a, { ...b, ss: { SS: ['a', 'a'] } }), false);
    assert.equal(itemsEqual(a, { ...b, bs: { BS: [Uint8Array.from([1]), Uint8Array.from([3])] } }), false);
    assert.equal(itemsEqual(a, { ...b, extra: { NULL: true } }), false);
    assert.equal(itemsEqual({ n: { N: '12345678901234567890123456789012345678' } }, { n: { N: '12345678901234567890123456789012345679' } }), false);
    assert.equal(itemsEqual({ m: { M: { a: { BOOL: true } } } }, { m: { M: { a: { BOOL: false } } } }), false);
  });

  it('itemKey picks the key attributes and explains what is missing', () => {
    const item: Item = { pk: { S: 'a' }, sk: { N: '1' }, other: { S: 'x' } };
    assert.deepEqual(itemKey(item, KEYS), { pk: { S: 'a' }, sk: { N: '1' } });
    assert.throws(() => itemKey({ pk: { S: 'a' } }, KEYS), (e: unknown) => e instanceof StudioError && /no key attribute "sk"/.test(e.message));
    assert.throws(() => itemKey({ pk: { N: '1' }, sk: { N: '1' } }, KEYS), (e: unknown) => e instanceof StudioError && /is a number \(N\), but the table's key schema says string \(S\)/.test(e.message));
  });
});
