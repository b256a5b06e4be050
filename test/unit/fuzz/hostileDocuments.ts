// Hostile item documents in both notations: broken JSON, wrong types, prototype keys, markup in names and values,
// numbers outside DynamoDB's range, empty sets, duplicate keys, deep nesting and huge text. Also used by the
// integration fuzz suite, which sends a sample through the real save path.
import * as fc from 'fast-check';
import type { ItemNotation } from '../../../src/model/items';
import { itemToText } from '../../../src/model/items';
import { itemArbitrary } from '../items/itemArbitraries';
import { HOSTILE_TEXTS, hostileText } from './fuzzSupport';

/** A JSON tree that may hold what JSON.stringify would never write: duplicate keys and raw number text. */
export type JsonTree =
  | { k: 'obj'; members: [string, JsonTree][] }
  | { k: 'arr'; items: JsonTree[] }
  | { k: 'str'; v: string }
  | { k: 'num'; text: string }
  | { k: 'lit'; text: 'true' | 'false' | 'null' };

export function renderTree(t: JsonTree): string {
  switch (t.k) {
    case 'obj':
      return `{${t.members.map(([key, v]) => `${JSON.stringify(key)}:${renderTree(v)}`).join(',')}}`;
    case 'arr':
      return `[${t.items.map(renderTree).join(',')}]`;
    case 'str':
      return JSON.stringify(t.v);
    case 'num':
      return t.text;
    case 'lit':
      return t.text;
  }
}

/** Number text around and beyond DynamoDB's limits, and text that only looks like a number. */
export const ODD_NUMBERS = [
  '0', '-0', '1', '-1', '0.000', '1.50', '1E+2', '1e126', '-1e126', '9.9999999999999999999999999999999999999E+125', '1E+126',
  '1E-130', '1e-131', '-1E-131', '12345678901234567890123456789012345678', '123456789012345678901234567890123456789',
  '0.00000000000000000000000000000000000000000001', '1e999999999999999', '1e-999999999999999', 'NaN', 'Infinity', '-Infinity',
  '+1', '.5', '5.', '007', '0x10', '1_000', '١٢٣', '1e', '--1', '', ' 1', '1 ', '1e+', 'e5', '.', '-', '+', '1.2.3',
];

const numberText = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...ODD_NUMBERS) },
  { weight: 1, arbitrary: fc.stringMatching(/^-?[0-9]{1,50}(\.[0-9]{0,50})?([eE][+-]?[0-9]{1,4})?$/) },
);

/** JSON number literals only (for bare numbers, so the text stays JSON apart from deliberate breakage). */
const jsonNumberText = numberText.filter((t) => /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/.test(t));

const name = fc.oneof({ weight: 3, arbitrary: hostileText({ maxLength: 16 }) }, { weight: 1, arbitrary: fc.constantFrom('pk', 'sk', 'id', 'a') });
const DYNAMO_TYPES = ['S', 'N', 'B', 'BOOL', 'NULL', 'M', 'L', 'SS', 'NS', 'BS'];
const BAD_TYPES = ['Ss', 's', 'n', 'STRING', '__proto__', 'constructor', '$SS', '', 'S ', 'NULL\u0000', '<script>'];
const base64ish = fc.oneof(fc.constantFrom('', 'AA==', 'AAE=', 'AAEC', 'AB==', 'A===', '====', 'AA', 'AA-_', 'AA ==', 'QUJD\n', '/w=='), fc.base64String({ maxLength: 12 }));
const PLAIN_TAGS = ['$B', '$SS', '$NS', '$BS', '$N', '$M'];

const lit = fc.constantFrom<JsonTree>({ k: 'lit', text: 'true' }, { k: 'lit', text: 'false' }, { k: 'lit', text: 'null' });
const str = (arb: fc.Arbitrary<string> = hostileText()): fc.Arbitrary<JsonTree> => arb.map((v) => ({ k: 'str', v }));
const num = jsonNumberText.map((text): JsonTree => ({ k: 'num', text }));

/** Any JSON value with hostile keys and values. */
const anyTree: fc.Arbitrary<JsonTree> = fc.letrec<{ t: JsonTree }>((tie) => ({
  t: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    str(),
    num,
    lit,
    fc.array(tie('t'), { maxLength: 4 }).map((items): JsonTree => ({ k: 'arr', items })),
    fc.array(fc.tuple(name, tie('t')), { maxLength: 4 }).map((members): JsonTree => ({ k: 'obj', members })),
  ),
})).t;

/** DynamoDB JSON descriptors: mostly well-formed in shape, with wrong inner kinds, bad types and odd members mixed in. */
const descriptor: fc.Arbitrary<JsonTree> = fc.letrec<{ d: JsonTree }>((tie) => {
  const one = (type: string, inner: fc.Arbitrary<JsonTree>) => inner.map((v): JsonTree => ({ k: 'obj', members: [[type, v]] }));
  const listOf = (arb: fc.Arbitrary<JsonTree>, minLength = 0) => fc.array(arb, { minLength, maxLength: 4 }).map((items): JsonTree => ({ k: 'arr', items }));
  return {
    d: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      one('S', str()),
      one('N', str(numberText)),
      one('B', str(base64ish)),
      one('BOOL', lit),
      one('NULL', lit),
      one('SS', listOf(str())),
      one('NS', listOf(fc.oneof(str(numberText), num))),
      one('BS', listOf(str(base64ish))),
      one('L', listOf(tie('d'))),
      one('M', fc.array(fc.tuple(name, tie('d')), { maxLength: 4 }).map((members): JsonTree => ({ k: 'obj', members }))),
      // Wrong inner kind, unknown type, several types, empty descriptor, no descriptor at all.
      fc.tuple(fc.constantFrom(...DYNAMO_TYPES, ...BAD_TYPES), anyTree).map(([type, v]): JsonTree => ({ k: 'obj', members: [[type, v]] })),
      fc.array(fc.tuple(fc.constantFrom(...DYNAMO_TYPES, ...BAD_TYPES), anyTree), { minLength: 2, maxLength: 3 }).map((members): JsonTree => ({ k: 'obj', members })),
      fc.constant<JsonTree>({ k: 'obj', members: [] }),
      anyTree,
    ),
  };
}).d;

/** Plain notation values: natural JSON, tags with right and wrong contents, and $M escapes. */
const plainValue: fc.Arbitrary<JsonTree> = fc.letrec<{ p: JsonTree }>((tie) => ({
  p: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    str(),
    fc.oneof(num, str(numberText)),
    lit,
    fc.array(tie('p'), { maxLength: 4 }).map((items): JsonTree => ({ k: 'arr', items })),
    fc.array(fc.tuple(name, tie('p')), { maxLength: 4 }).map((members): JsonTree => ({ k: 'obj', members })),
    fc.tuple(fc.constantFrom(...PLAIN_TAGS), fc.oneof(anyTree, str(base64ish), str(numberText), fc.array(fc.oneof(str(), num, str(base64ish)), { maxLength: 4 }).map((items): JsonTree => ({ k: 'arr', items })))).map(
      ([tag, v]): JsonTree => ({ k: 'obj', members: [[tag, v]] }),
    ),
  ),
})).p;

/** A top-level item object; now and then with a duplicate attribute or a prototype key. */
function itemTree(value: fc.Arbitrary<JsonTree>): fc.Arbitrary<JsonTree> {
  return fc
    .tuple(
      fc.array(fc.tuple(name, value), { maxLength: 6 }),
      fc.option(fc.tuple(fc.constantFrom('__proto__', 'constructor', 'prototype', '<script>window.__pwned=1</script>'), value)),
      fc.option(fc.nat()),
      fc.option(fc.tuple(fc.constantFrom('pk', 'sk'), value)),
    )
    .map(([members, extra, dup, key]) => {
      const all: [string, JsonTree][] = [...members];
      if (key) all.unshift(key);
      if (extra) all.push(extra);
      if (dup !== null && all.length > 0) all.push(all[dup % all.length]);
      return { k: 'obj', members: all } as JsonTree;
    });
}

/** Nesting that reaches and passes DynamoDB's 32 levels and the parser's own depth limit. */
function deepText(notation: ItemNotation): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom(30, 31, 32, 33, 40, 500, 999, 1000, 1001, 5000, 60_000), fc.boolean()).map(([depth, lists]) => {
    if (notation === 'dynamodb') {
      const open = lists ? '{"L":[' : '{"M":{"x":';
      const close = lists ? ']}' : '}}';
      return `{"pk":{"S":"deep"},"d":${open.repeat(depth)}{"S":"bottom"}${close.repeat(depth)}}`;
    }
    const open = lists ? '[' : '{"x":';
    const close = lists ? ']' : '}';
    return `{"pk":"deep","d":${open.repeat(depth)}"bottom"${close.repeat(depth)}}`;
  });
}

/** Items far over 400 KB, names over 64 KB, and huge numbers. */
function hugeText(notation: ItemNotation): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom('value', 'name', 'number', 'set', 'key'), fc.integer({ min: 60_000, max: 500_000 }), fc.constantFrom(...HOSTILE_TEXTS.filter((t) => t.length > 0))).map(([what, size, unit]) => {
    const big = unit.repeat(Math.ceil(size / unit.length));
    const s = (v: string) => (notation === 'dynamodb' ? `{"S":${JSON.stringify(v)}}` : JSON.stringify(v));
    switch (what) {
      case 'value':
        return `{"pk":${s('a')},"big":${s(big)}}`;
      case 'name':
        return `{"pk":${s('a')},${JSON.stringify(big)}:${s('x')}}`;
      case 'number':
        return notation === 'dynamodb' ? `{"pk":{"S":"a"},"n":{"N":"${'9'.repeat(size)}"}}` : `{"pk":"a","n":${'9'.repeat(size)}}`;
      case 'set': {
        const members = Array.from({ length: 30 }, (_, i) => JSON.stringify(`${i}${big.slice(0, 20_000)}`)).join(',');
        return notation === 'dynamodb' ? `{"pk":{"S":"a"},"set":{"SS":[${members}]}}` : `{"pk":"a","set":{"$SS":[${members}]}}`;
      }
      default:
        return `{"pk":${s(big.slice(0, 3000))}}`;
    }
  });
}

const BREAKERS = ['{', '}', '[', ']', ',', ':', '"', '\\', '\u0000', '\n', '/*', '//', 'NaN', '"__proto__":', '{"S":1}', "'", 'tru', '1e', '\\u12', '\ud800', '<script>'];

/** A valid document of a random item, then broken in one to three places. */
function mutatedText(notation: ItemNotation): fc.Arbitrary<string> {
  const edit = fc.tuple(fc.constantFrom('truncate', 'delete', 'insert', 'duplicate'), fc.nat(), fc.nat({ max: 12 }), fc.constantFrom(...BREAKERS));
  return fc.tuple(itemArbitrary({ maxChain: 6 }), fc.array(edit, { minLength: 1, maxLength: 3 })).map(([item, edits]) => {
    let text = itemToText(item, notation);
    for (const [kind, at, len, token] of edits) {
      const i = text.length === 0 ? 0 : at % text.length;
      if (kind === 'truncate') text = text.slice(0, i);
      else if (kind === 'delete') text = text.slice(0, i) + text.slice(i + len + 1);
      else if (kind === 'insert') text = text.slice(0, i) + token + text.slice(i);
      else text = text.slice(0, i) + text.slice(i, i + len + 1) + text.slice(i);
    }
    return text;
  });
}

export type DocumentKind = 'structured' | 'mutated' | 'deep' | 'huge' | 'garbage';

/** Hostile documents of one notation, tagged with how they were made. */
export function hostileDocument(notation: ItemNotation): fc.Arbitrary<{ kind: DocumentKind; text: string }> {
  const structured = itemTree(notation === 'dynamodb' ? descriptor : plainValue).map(renderTree);
  const tag = (kind: DocumentKind) => (text: string) => ({ kind, text });
  return fc.oneof(
    { weight: 10, arbitrary: structured.map(tag('structured')) },
    { weight: 6, arbitrary: mutatedText(notation).map(tag('mutated')) },
    { weight: 1, arbitrary: deepText(notation).map(tag('deep')) },
    { weight: 1, arbitrary: hugeText(notation).map(tag('huge')) },
    { weight: 2, arbitrary: fc.oneof(hostileText(), anyTree.map(renderTree), fc.string({ unit: fc.constantFrom(...BREAKERS), maxLength: 20 })).map(tag('garbage')) },
  );
}

/** Hostile documents written on one line (for JSON Lines and DynamoDB JSON import files). */
export function hostileLine(notation: ItemNotation): fc.Arbitrary<string> {
  const structured = itemTree(notation === 'dynamodb' ? descriptor : plainValue).map(renderTree);
  return fc.oneof(
    { weight: 8, arbitrary: structured },
    { weight: 4, arbitrary: mutatedText(notation).map((t) => t.replace(/[\r\n\u2028\u2029]+/g, ' ')) },
    { weight: 1, arbitrary: fc.oneof(hostileText(), fc.string({ unit: fc.constantFrom(...BREAKERS.filter((b) => b !== '\n')), maxLength: 20 })).map((t) => t.replace(/[\r\n]+/g, ' ')) },
  );
}
