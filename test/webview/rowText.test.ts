// Rows as JSON text (plain Node): the splitter accepts exactly the arrays of objects JSON.parse accepts and gives
// back each item's text, whatever the spacing and however the steps fall; attributeText finds what JSON.parse
// finds, including repeated names and names written with escapes. JSON.parse is the reference throughout.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { RowSplitter, attributeText } from '../../src/webview-ui/tableViewer/rowText';

/** Splits `text` in steps of `budget` characters; the rows, or the problem. */
function split(text: string, budget = 7): { rows: string[] } | { problem: string } {
  const splitter = new RowSplitter(text);
  let steps = 0;
  while (!splitter.step(budget)) assert.ok(++steps < text.length + 10, 'the splitter makes no progress');
  return splitter.problem === undefined ? { rows: splitter.rows } : { problem: splitter.problem };
}

/** What JSON.parse makes of the text: the items of an array of plain objects, or undefined. */
function reference(text: string): unknown[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || !parsed.every((x) => x !== null && typeof x === 'object' && !Array.isArray(x))) return undefined;
  return parsed;
}

const jsonObject = fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 });
const space = fc.constantFrom('', ' ', '\n', '\t', '\r\n ', '  ');

/** An array of objects written with JSON's whitespace in every place it may stand. */
const spacedArray = fc.tuple(fc.array(jsonObject, { maxLength: 6 }), fc.array(space, { minLength: 40, maxLength: 40 }), fc.integer({ min: 0, max: 8 })).map(([items, spaces, indent]) => {
  let at = 0;
  const ws = () => spaces[at++ % spaces.length];
  const text = `${ws()}[${ws()}${items.map((item) => JSON.stringify(item, null, indent)).join(`${ws()},${ws()}`)}${ws()}]${ws()}`;
  // The items as JSON.parse makes them (own "__proto__" attributes, ordinary prototypes).
  return { items: items.map((item) => JSON.parse(JSON.stringify(item)) as unknown), text };
});

describe('table viewer rows as JSON text', () => {
  describe('RowSplitter', () => {
    it('gives back the text of each item of any array of objects, in any steps', () => {
      fc.assert(
        fc.property(spacedArray, fc.integer({ min: 1, max: 50 }), ({ items, text }, budget) => {
          const result = split(text, budget);
          assert.ok('rows' in result, `refused: ${'problem' in result ? result.problem : ''}`);
          assert.deepEqual(result.rows.map((r) => JSON.parse(r)), items);
        }),
        { numRuns: 300 },
      );
    });

    it('accepts a text exactly when JSON.parse reads it as an array of objects, and then agrees on every item', () => {
      // Valid texts with one character inserted, removed or replaced: mostly broken JSON, sometimes still valid.
      const mutated = fc.tuple(spacedArray, fc.nat(), fc.constantFrom('insert', 'remove', 'replace'), fc.constantFrom(...'[]{},:" \\\n1a')).map(([{ text }, at, how, c]) => {
        const i = text.length ? at % text.length : 0;
        if (how === 'insert') return text.slice(0, i) + c + text.slice(i);
        if (how === 'remove') return text.slice(0, i) + text.slice(i + 1);
        return text.slice(0, i) + c + text.slice(i + 1);
      });
      fc.assert(
        fc.property(fc.oneof(mutated, fc.string(), spacedArray.map((a) => a.text)), (text) => {
          const expected = reference(text);
          const result = split(text);
          if (expected === undefined) {
            // Refused by the splitter, or a piece that JSON.parse refuses (the viewer parses each piece).
            if ('rows' in result) assert.throws(() => result.rows.forEach((r) => JSON.parse(r)), `accepted ${JSON.stringify(text)}`);
          } else {
            assert.ok('rows' in result, `refused ${JSON.stringify(text)}: ${'problem' in result ? result.problem : ''}`);
            assert.deepEqual(result.rows.map((r) => JSON.parse(r)), expected);
          }
        }),
        { numRuns: 2000 },
      );
    });

    it('says why a text is not an array of objects', () => {
      assert.deepEqual(split('{"a":1}'), { problem: 'the rows are not a JSON array' });
      assert.deepEqual(split('   '), { problem: 'the rows are not a JSON array' });
      assert.deepEqual(split('[{"a":1}, 2]'), { problem: 'row 1 is not an object' });
      assert.deepEqual(split('[{"a":1},]'), { problem: 'row 1 is not an object' });
      assert.deepEqual(split('[{"a":1} {"b":2}]'), { problem: 'the rows are not JSON (unexpected text after row 0)' });
      assert.deepEqual(split('[{"a":"}]'), { problem: 'the rows are not JSON (a string is not closed)' });
      assert.deepEqual(split('[{"a":1}'), { problem: 'the rows are not JSON (the array is not closed)' });
      assert.deepEqual(split('[{"a":1}] x'), { problem: 'the rows are not JSON (text after the array)' });
      assert.deepEqual(split('[]'), { rows: [] });
    });

    it('stops after a number of items, and goes on from there', () => {
      const text = JSON.stringify([{ a: 1 }, { b: '}' }, { c: [{}] }, { d: '\\"' }]);
      const splitter = new RowSplitter(text);
      assert.equal(splitter.step(1_000_000, 2), false);
      assert.deepEqual(splitter.rows, ['{"a":1}', '{"b":"}"}']);
      assert.equal(splitter.step(1_000_000), true);
      assert.deepEqual(splitter.rows.map((r) => JSON.parse(r)), [{ a: 1 }, { b: '}' }, { c: [{}] }, { d: '\\"' }]);
    });
  });

  describe('attributeText', () => {
    it('finds the value JSON.parse finds for any name, in any spacing', () => {
      fc.assert(
        fc.property(jsonObject, fc.string(), fc.integer({ min: 0, max: 4 }), (item, other, indent) => {
          const text = JSON.stringify(item, null, indent);
          const parsed = JSON.parse(text) as Record<string, unknown>;
          for (const name of [...Object.keys(parsed), other]) {
            const found = attributeText(text, name);
            if (Object.prototype.hasOwnProperty.call(parsed, name)) {
              assert.ok(found !== undefined, `${name} not found in ${text}`);
              assert.deepEqual(JSON.parse(found), parsed[name]);
            } else assert.equal(found, undefined);
          }
        }),
        { numRuns: 500 },
      );
    });

    it('takes the last of repeated names and compares names by what they mean', () => {
      assert.equal(attributeText('{"a":{"S":"1"},"b":2,"a":{"S":"2"}}', 'a'), '{"S":"2"}');
      assert.equal(attributeText('{"\\u0061b":{"N":"1"}}', 'ab'), '{"N":"1"}');
      assert.equal(attributeText('{"a\\"b":[1,"]"]}', 'a"b'), '[1,"]"]');
      assert.equal(attributeText('{"__proto__":{"S":"own"}}', '__proto__'), '{"S":"own"}');
      assert.equal(attributeText('{ "x" : true , "y":null }', 'y'), 'null');
      assert.equal(attributeText('{}', 'a'), undefined);
      assert.equal(attributeText('{"ab":1}', 'a'), undefined);
    });
  });
});
