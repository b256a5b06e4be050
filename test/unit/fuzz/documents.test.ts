// Fuzz: thousands of hostile item documents in both notations. Each must either read as an item that passes
// validation and reads back identically, or give problems that say what is wrong and point at a real place in
// the text. Nothing may throw, and nothing may reach the built-in prototypes.
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { itemToText, readItemDocument, textToItem, validateItem, type ItemNotation, type KeyAttribute, type Problem } from '../../../src/model/items';
import { strictDifference } from '../items/itemArbitraries';
import { assertPrototypesClean, fuzz, FuzzTally } from './fuzzSupport';
import { hostileDocument } from './hostileDocuments';

const KEY_SCHEMAS: KeyAttribute[][] = [[], [{ name: 'pk', type: 'S' }], [{ name: 'pk', type: 'S' }, { name: 'sk', type: 'N' }]];
const SEVERITIES = new Set(['error', 'warning']);
/** Long enough for any message with a shortened value in it; a message quoting a whole 400 KB value is not one a person reads. */
const MAX_MESSAGE_LENGTH = 2000;

/** Line and column (0-based, UTF-16) of an offset, counting \n, \r\n and \r as line breaks, as the editor does. */
function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 0;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      line++;
      lineStart = i + 1;
    }
  }
  // A text may start with a byte order mark the parser skips; its column still counts.
  return { line, column: offset - lineStart };
}

/** The problem says what is wrong, is placed at a real position of the text, and does not quote huge values whole. */
function checkProblem(p: Problem, text: string, where: string): void {
  assert.equal(typeof p.message, 'string', `${where}: message is not text`);
  assert.ok(p.message.trim().length > 10, `${where}: the message says nothing: ${JSON.stringify(p.message)}`);
  assert.ok(p.message.length <= MAX_MESSAGE_LENGTH, `${where}: a ${p.message.length}-character message: ${p.message.slice(0, 200)}…`);
  assert.ok(SEVERITIES.has(p.severity), `${where}: severity ${String(p.severity)}`);
  assert.equal(typeof p.code, 'string');
  const { start, end } = p.range;
  for (const pos of [start, end]) {
    assert.ok(Number.isInteger(pos.offset) && pos.offset >= 0 && pos.offset <= text.length + 1, `${where}: offset ${pos.offset} is outside the text (${text.length}) for "${p.message.slice(0, 120)}"`);
    if (pos.offset <= text.length) {
      const expected = positionOf(text, pos.offset);
      assert.deepEqual({ line: pos.line, column: pos.column }, expected, `${where}: line/column do not match offset ${pos.offset} for "${p.message.slice(0, 120)}"`);
    }
  }
  assert.ok(start.offset <= end.offset, `${where}: the range ends before it starts`);
}

function checkDocument(text: string, notation: ItemNotation, keySchema: KeyAttribute[]): 'accepted' | 'rejected' {
  let result: ReturnType<typeof readItemDocument>;
  try {
    result = readItemDocument(text, notation, { keySchema });
  } catch (err) {
    assert.fail(`readItemDocument threw ${(err as Error)?.name}: ${(err as Error)?.message}`);
  }
  assertPrototypesClean('after reading a document');
  if (result.ok) {
    // Accepted: a valid item (warnings only), and it reads back as the same item from its own text.
    assert.deepEqual(validateItem(result.item, { keySchema }).filter((p) => p.severity === 'error'), []);
    for (const p of result.problems) checkProblem(p, text, 'warning');
    const again = textToItem(itemToText(result.item, notation, { keySchema }), notation);
    assert.ok(again.ok, 'the accepted item does not read back from its own text');
    assert.equal(strictDifference(again.item, result.item), undefined);
    assertPrototypesClean('after writing an item');
    return 'accepted';
  }
  assert.ok(result.problems.length > 0, 'rejected without any problem');
  assert.ok(result.problems.some((p) => p.severity === 'error'), 'rejected with warnings only');
  result.problems.forEach((p, i) => checkProblem(p, text, `problem ${i + 1}`));
  return 'rejected';
}

describe('fuzz: item documents', function () {
  this.timeout(300_000);
  const tally = new FuzzTally();
  const outcome = { accepted: 0, rejected: 0 };
  tally.printAfter();
  after(() => console.log(`      documents: ${outcome.accepted} accepted as valid items, ${outcome.rejected} rejected with placed problems`));

  for (const notation of ['dynamodb', 'plain'] as const) {
    it(`${notation} notation: hostile documents are read as valid items or rejected with placed problems`, () => {
      fuzz(
        `${notation} documents`,
        fc.tuple(hostileDocument(notation), fc.constantFrom(...KEY_SCHEMAS)),
        ([doc, keySchema]) => {
          tally.add('documents');
          outcome[checkDocument(doc.text, notation, keySchema)]++;
        },
        2000,
      );
    });
  }

  it('documents that must be rejected are rejected, with the reason', () => {
    const cases: [ItemNotation, string, RegExp][] = [
      ['dynamodb', '{"a":{"SS":[]}}', /empty/i],
      ['plain', '{"a":{"$SS":[]}}', /empty/i],
      ['dynamodb', '{"a":{"N":"1e126"}}', /too large/],
      ['plain', '{"a":1e-131}', /too small/],
      ['plain', '{"a":123456789012345678901234567890123456789}', /39 significant digits/],
      ['dynamodb', '{"a":{"S":"x"},"a":{"S":"y"}}', /Duplicate key "a"/],
      ['plain', '{"__proto__":1,"__proto__":2}', /Duplicate key "__proto__"/],
      ['dynamodb', '{"a":{"S":"x","N":"1"}}', /exactly one type/],
      ['dynamodb', '{"a":{"Ss":["x"]}}', /Did you mean "SS"/],
      ['plain', '{"a":NaN}', /NaN/],
      ['dynamodb', '{"a":{"NULL":false}}', /NULL/],
      ['plain', `{"a":${'['.repeat(40)}1${']'.repeat(40)}}`, /32 levels/],
      ['plain', '{"a":"x"', /ends inside the object/],
      ['dynamodb', '{"pk":{"B":"AA-_"}}', /URL-safe/],
    ];
    for (const [notation, text, reason] of cases) {
      tally.add('documents');
      const result = readItemDocument(text, notation);
      assert.equal(result.ok, false, `${notation} ${text.slice(0, 80)} was accepted`);
      if (!result.ok) assert.ok(result.problems.some((p) => reason.test(p.message)), `${text.slice(0, 80)}: ${result.problems.map((p) => p.message).join(' | ')}`);
    }
  });

  it('prototype keys become own attributes and never touch Object.prototype', () => {
    for (const notation of ['dynamodb', 'plain'] as const) {
      const v = (s: string) => (notation === 'dynamodb' ? `{"S":"${s}"}` : `"${s}"`);
      const map = (inner: string) => (notation === 'dynamodb' ? `{"M":${inner}}` : inner);
      const text = `{"pk":${v('a')},"constructor":${v('c')},"m":${map(`{"__proto__":${v('polluted')},"prototype":${v('p')}}`)}}`;
      tally.add('documents');
      const result = readItemDocument(text, notation, { keySchema: KEY_SCHEMAS[1] });
      assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
      const m = result.item.m.M!;
      assert.deepEqual(Object.keys(m), ['__proto__', 'prototype']);
      assert.deepEqual(Object.getOwnPropertyDescriptor(m, '__proto__')?.value, { S: 'polluted' });
      assert.equal(Object.getPrototypeOf(m), Object.prototype);
      assert.deepEqual(result.item.constructor, { S: 'c' });
      assertPrototypesClean('prototype keys');
    }
  });
});
