import * as assert from 'node:assert/strict';
import {
  convertNotation,
  dynamoJsonToItem,
  itemToDynamoJson,
  itemToPlainJson,
  plainJsonToItem,
  readItemDocument,
  type Item,
  type ItemParseResult,
  type Problem,
} from '../../../src/model/items';
import { strictDifference } from './itemArbitraries';

function ok(result: ItemParseResult): Item {
  if (!result.ok) assert.fail(result.problems.map((p) => p.message).join('\n'));
  return result.item;
}

function problems(result: ItemParseResult): Problem[] {
  assert.equal(result.ok, false, 'expected the document to be rejected');
  return (result as { problems: Problem[] }).problems;
}

const at = (p: Problem) => [p.range.start.line, p.range.start.column];

const SAMPLE: Item = {
  Title: { S: 'Dune' },
  Id: { N: '42' },
  Price: { N: '12345678901234567890123456789012345678' },
  Tiny: { N: '-1E-130' },
  Flags: { BOOL: true },
  Missing: { NULL: true },
  Cover: { B: Uint8Array.from([0, 1, 254, 255]) },
  Tags: { SS: ['scifi', 'classic'] },
  Ratings: { NS: ['5', '4.5'] },
  Blobs: { BS: [Uint8Array.from([1]), Uint8Array.from([])] },
  Meta: { M: { pages: { N: '412' }, 'a.b': { L: [{ S: '' }, { N: '0.1' }] } } },
};
const KEY = [{ name: 'Id', type: 'N' as const }, { name: 'Title', type: 'S' as const }];

describe('items: DynamoDB JSON notation', () => {
  it('writes the wire form with key attributes first, then the rest in order', () => {
    assert.equal(
      itemToDynamoJson(SAMPLE, { keySchema: KEY }),
      `{
  "Id": { "N": "42" },
  "Title": { "S": "Dune" },
  "Price": { "N": "12345678901234567890123456789012345678" },
  "Tiny": { "N": "-1E-130" },
  "Flags": { "BOOL": true },
  "Missing": { "NULL": true },
  "Cover": { "B": "AAH+/w==" },
  "Tags": { "SS": ["scifi", "classic"] },
  "Ratings": { "NS": ["5", "4.5"] },
  "Blobs": { "BS": ["AQ==", ""] },
  "Meta": {
    "M": {
      "pages": { "N": "412" },
      "a.b": { "L": [{ "S": "" }, { "N": "0.1" }] }
    }
  }
}
`,
    );
  });

  it('reads what it writes', () => {
    assert.equal(strictDifference(ok(dynamoJsonToItem(itemToDynamoJson(SAMPLE))), SAMPLE), undefined);
  });

  it('names the type that is wrong and suggests the right spelling', () => {
    const [p] = problems(dynamoJsonToItem('{\n  "Tags": { "Ss": ["a"] }\n}'));
    assert.match(p.message, /Unknown type "Ss" in "Tags": expected one of S, N, B, BOOL, NULL, M, L, SS, NS, BS\. Did you mean "SS"\?/);
    assert.deepEqual(at(p), [1, 12]);
  });

  it('reports every problem in the document, each at its place', () => {
    const text = [
      '{',
      '  "a": { "S": "x", "N": "1" },',
      '  "b": { "N": 42 },',
      '  "c": { "NULL": false },',
      '  "d": { "B": "not base64!" },',
      '  "e": "plain",',
      '  "f": {},',
      '  "g": { "M": { "h": { "L": [ { "BOOL": "yes" } ] } } },',
      '  "i": { "NS": [1] },',
      '  "j": { "BS": ["AQ==", "A"] }',
      '}',
    ].join('\n');
    const found = problems(dynamoJsonToItem(text));
    const summary = found.map((p) => [p.range.start.line, p.range.start.column, p.message]);
    assert.equal(found.length, 9, JSON.stringify(summary, null, 1));
    assert.match(found[0].message, /"a" has 2 types \("S", "N"\): a value has exactly one type/);
    assert.deepEqual(at(found[0]), [1, 19]);
    assert.match(found[1].message, /number of "b" must be written as a string in DynamoDB JSON: \{ "N": "42" \}/);
    assert.deepEqual(at(found[1]), [2, 14]);
    assert.match(found[2].message, /"NULL" must be true in "c"/);
    assert.match(found[3].message, /binary value of "d" is not valid base64/);
    assert.deepEqual(at(found[3]), [4, 14]);
    assert.match(found[4].message, /value of "e" must be a type descriptor such as \{ "S": "text" \}/);
    assert.match(found[5].message, /type descriptor of "f" is empty/);
    assert.match(found[6].message, /"BOOL" value of "g".h\[0\] must be true or false, found a string/);
    assert.deepEqual(at(found[6]), [7, 40]);
    assert.match(found[7].message, /member 1 of "i" must be a string in a NS set, found a number\. Write it as "1"/);
    assert.match(found[8].message, /member 2 of "j" is not valid base64: its length \(1\) is not a multiple of 4/);
  });

  it('rejects a document that is not an object', () => {
    assert.match(problems(dynamoJsonToItem('[1]'))[0].message, /An item must be a JSON object/);
  });
});

describe('items: plain JSON notation', () => {
  it('writes natural JSON, exact numbers and the documented tags', () => {
    assert.equal(
      itemToPlainJson(SAMPLE, { keySchema: KEY }),
      `{
  "Id": 42,
  "Title": "Dune",
  "Price": 12345678901234567890123456789012345678,
  "Tiny": -1E-130,
  "Flags": true,
  "Missing": null,
  "Cover": { "$B": "AAH+/w==" },
  "Tags": { "$SS": ["scifi", "classic"] },
  "Ratings": { "$NS": [5, 4.5] },
  "Blobs": { "$BS": ["AQ==", ""] },
  "Meta": {
    "pages": 412,
    "a.b": ["", 0.1]
  }
}
`,
    );
  });

  it('keeps a number and a string that looks like a number apart', () => {
    const item = ok(plainJsonToItem('{"n": 1.50, "s": "1.50", "big": 9007199254740993}'));
    assert.deepEqual(item, { n: { N: '1.50' }, s: { S: '1.50' }, big: { N: '9007199254740993' } });
  });

  it('reads every tag', () => {
    const item = ok(
      plainJsonToItem('{"ss": {"$SS": ["a", ""]}, "ns": {"$NS": [1, "2.50", -3E+2]}, "bs": {"$BS": ["AP8="]}, "b": {"$B": ""}, "n": {"$N": "+1"}, "m": {"$M": {"x": 1}}}'),
    );
    assert.equal(
      strictDifference(item, {
        ss: { SS: ['a', ''] },
        ns: { NS: ['1', '2.50', '-3E+2'] },
        bs: { BS: [Uint8Array.from([0, 255])] },
        b: { B: new Uint8Array(0) },
        n: { N: '+1' },
        m: { M: { x: { N: '1' } } },
      }),
      undefined,
    );
  });

  it('escapes a map whose only key is a tag, and only then', () => {
    const item: Item = {
      one: { M: { $SS: { S: 'not a set' } } },
      two: { M: { $SS: { S: 'x' }, other: { N: '1' } } },
      dollar: { M: { $other: { N: '1' } } },
      $SS: { S: 'a top-level attribute is never a tag' },
    };
    const text = itemToPlainJson(item);
    assert.match(text, /"one": \{ "\$M": \{ "\$SS": "not a set" \} \}/);
    assert.match(text, /"two": \{ "\$SS": "x", "other": 1 \}/);
    assert.match(text, /"dollar": \{ "\$other": 1 \}/);
    assert.match(text, /"\$SS": "a top-level attribute is never a tag"/);
    assert.equal(strictDifference(ok(plainJsonToItem(text)), item), undefined);
  });

  it('writes number text that is not a JSON literal with "$N", in sets as a string', () => {
    const text = itemToPlainJson({ a: { N: '.5' }, b: { NS: ['+1', '2'] } });
    assert.match(text, /"a": \{ "\$N": ".5" \}/);
    assert.match(text, /"b": \{ "\$NS": \["\+1", 2\] \}/);
  });

  it('explains a tag used with the wrong shape, with the escape', () => {
    const found = problems(plainJsonToItem('{\n  "a": {"$SS": "x"},\n  "b": {"$B": "%%%%"},\n  "c": {"$NS": [true]},\n  "d": {"$N": 5}\n}'));
    assert.equal(found.length, 4);
    assert.match(found[0].message, /"\$SS" in "a" takes an array of strings, found a string\. \(A map whose only key is "\$SS" is written \{"\$M": \{"\$SS": …\}\}\.\)/);
    assert.deepEqual(at(found[0]), [1, 15]);
    assert.match(found[1].message, /not valid base64: character "%" at index 0/);
    assert.match(found[2].message, /member 1 of "c" must be a number in "\$NS", found true/);
    assert.match(found[3].message, /"\$N" in "d" takes the number as a string/);
  });
});

describe('items: documents', () => {
  it('converts between notations without changing the item', () => {
    const plain = itemToPlainJson(SAMPLE);
    const converted = convertNotation(plain, 'plain', 'dynamodb');
    assert.ok(converted.ok);
    assert.equal(converted.text, itemToDynamoJson(SAMPLE));
  });

  it('refuses to save a document with validation errors, placing each at its value', () => {
    const text = '{\n  "pk": "",\n  "tags": {"$SS": []},\n  "n": {"$NS": [1, 1.0]}\n}';
    const result = readItemDocument(text, 'plain', { keySchema: [{ name: 'pk', type: 'S' }] });
    assert.equal(result.ok, false);
    const found = result.problems.map((p) => [p.code, ...at(p)]);
    assert.deepEqual(found, [
      ['emptyKey', 1, 8],
      ['emptySet', 2, 10],
      ['duplicateSetMember', 3, 19],
    ]);
  });

  it('lets a document with only warnings be saved', () => {
    const text = '{"pk": "a", "__proto__": "x"}';
    const result = readItemDocument(text, 'plain', { keySchema: [{ name: 'pk', type: 'S' }] });
    assert.ok(result.ok);
    assert.deepEqual(result.problems.map((p) => [p.code, p.severity, ...at(p)]), [['sdkUnreadableName', 'warning', 0, 12]]);
    assert.equal(Object.getPrototypeOf(result.item), Object.prototype);
    assert.deepEqual(Object.keys(result.item), ['pk', '__proto__']);
  });

  it('returns parse problems instead of throwing for any broken text', () => {
    for (const text of ['', '{', '{"a": {"S": }', 'null', '"x"', '{"a": [1,]}', '\u0000']) {
      for (const notation of ['plain', 'dynamodb'] as const) {
        const r = readItemDocument(text, notation);
        assert.equal(r.ok, false);
        assert.ok(r.problems.length > 0 && r.problems.every((p) => p.message.length > 20), text);
      }
    }
  });
});
