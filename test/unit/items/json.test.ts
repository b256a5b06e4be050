import * as assert from 'node:assert/strict';
import { parseJson, type JsonNode, type Problem } from '../../../src/model/items';

function parseOk(text: string): JsonNode {
  const r = parseJson(text);
  if (!r.ok) assert.fail(r.problems.map((p) => p.message).join('\n'));
  return r.value;
}

function parseProblems(text: string): Problem[] {
  const r = parseJson(text);
  assert.equal(r.ok, false, `expected ${JSON.stringify(text)} to be rejected`);
  return (r as { problems: Problem[] }).problems;
}

const at = (p: Problem) => [p.range.start.line, p.range.start.column];

describe('items: JSON parser', () => {
  it('keeps number literals as their exact text', () => {
    const node = parseOk('[12345678901234567890123456789012345678, 0.1, -1E-130, 1.50, 9007199254740993, -0]');
    assert.equal(node.kind, 'array');
    const texts = (node as { elements: JsonNode[] }).elements.map((e) => (e as { text: string }).text);
    assert.deepEqual(texts, ['12345678901234567890123456789012345678', '0.1', '-1E-130', '1.50', '9007199254740993', '-0']);
  });

  it('records the range of every key and value, 0-based, across \\n, \\r\\n and \\r line breaks', () => {
    const text = '{\n  "a": 1,\r\n  "bb": [true, null],\r  "c": "x"\n}';
    const node = parseOk(text);
    assert.equal(node.kind, 'object');
    const [a, bb, c] = (node as { members: { key: string; keyRange: Problem['range']; value: JsonNode }[] }).members;
    assert.deepEqual(a.keyRange.start, { line: 1, column: 2, offset: 4 });
    assert.deepEqual(a.value.range, { start: { line: 1, column: 7, offset: 9 }, end: { line: 1, column: 8, offset: 10 } });
    assert.deepEqual(bb.keyRange.start, { line: 2, column: 2, offset: 15 });
    assert.deepEqual(bb.value.range.start, { line: 2, column: 8, offset: 21 });
    assert.deepEqual(bb.value.range.end, { line: 2, column: 20, offset: 33 });
    assert.deepEqual(c.keyRange.start, { line: 3, column: 2, offset: 37 });
    assert.equal(text.slice(c.value.range.start.offset, c.value.range.end.offset), '"x"');
    assert.deepEqual(node.range.end, { line: 4, column: 1, offset: text.length });
  });

  it('counts columns in UTF-16 code units, as VS Code does', () => {
    const node = parseOk('{"🙂": "é", "k": 1}');
    const k = (node as { members: { keyRange: Problem['range'] }[] }).members[1];
    assert.deepEqual(k.keyRange.start, { line: 0, column: 12, offset: 12 });
  });

  it('decodes every JSON escape and keeps lone surrogates', () => {
    const node = parseOk('"\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\ud83d\\ude42 \\ud800"');
    assert.equal((node as { value: string }).value, '" \\ / \b \f \n \r \t é 🙂 \ud800');
  });

  it('ignores a byte order mark and surrounding whitespace', () => {
    assert.equal(parseOk('\ufeff \n {} \n').kind, 'object');
  });

  it('says which separator is missing after which value, and where', () => {
    const [p] = parseProblems('{\n  "Id": "1",\n  "Name": "Alice"\n  "Age": 30\n}');
    assert.equal(p.message, `Expected ',' or '}' after the value of "Name" at line 4, column 3, found '"'.`);
    assert.deepEqual(at(p), [3, 2]);
    assert.equal(p.code, 'syntax');
    assert.equal(p.severity, 'error');
  });

  it('rejects duplicate keys at the second occurrence, pointing to the first', () => {
    const problems = parseProblems('{\n  "a": 1,\n  "b": {"x": 1, "x": 2},\n  "a": 3\n}');
    assert.equal(problems.length, 2);
    assert.equal(problems[0].code, 'duplicateKey');
    assert.deepEqual(at(problems[0]), [2, 16]);
    assert.match(problems[0].message, /Duplicate key "x": it is already defined at line 3, column 9/);
    assert.deepEqual(at(problems[1]), [3, 2]);
    assert.deepEqual(problems[1].range.end, { line: 3, column: 5, offset: 42 });
    assert.match(problems[1].message, /Duplicate key "a": it is already defined at line 2, column 3/);
  });

  const cases: [string, string, RegExp, [number, number]][] = [
    ['empty document', '   ', /document is empty/, [0, 3]],
    ['trailing comma in object', '{"a": 1,}', /Trailing comma before '}'/, [0, 8]],
    ['trailing comma in array', '[1, 2, ]', /Trailing comma before '\]'/, [0, 7]],
    ['unquoted key', '{a: 1}', /Expected a key in double quotes .* Keys must be in double quotes/, [0, 1]],
    ['single quotes', "{'a': 1}", /Expected a key in double quotes/, [0, 1]],
    ['single-quoted value', "{\"a\": 'x'}", /single quote/, [0, 6]],
    ['missing colon', '{"a" 1}', /Expected ':' after the key "a"/, [0, 5]],
    ['unterminated string', '{"a": "abc', /Unterminated string starting at line 1, column 7/, [0, 6]],
    ['raw line break in string', '"a\nb"', /Unterminated string/, [0, 0]],
    ['control character in string', '"a\tb"', /Control character U\+0009/, [0, 2]],
    ['bad escape', '"a\\qb"', /Invalid escape '\\q'/, [0, 2]],
    ['bad unicode escape', '"\\u12G4"', /Invalid unicode escape/, [0, 1]],
    ['leading zero', '[01]', /Invalid number '01' .* leading zeros/, [0, 1]],
    ['plus sign', '[+1]', /cannot start with '\+'/, [0, 1]],
    ['leading point', '[.5]', /need a digit before '\.'/, [0, 1]],
    ['trailing point', '[5.]', /need a digit after '\.'/, [0, 1]],
    ['NaN', '[NaN]', /NaN and Infinity/, [0, 1]],
    ['bare word', '{"a": yes}', /found 'yes'\. Strings must be in double quotes/, [0, 6]],
    ['comment', '{\n // note\n "a": 1}', /Comments are not allowed/, [1, 1]],
    ['text after the value', '{} {}', /after the end of the top-level value/, [0, 3]],
    ['unclosed object', '{"a": 1', /ends inside the object that starts at line 1, column 1/, [0, 7]],
    ['unclosed array', '[1, 2', /ends inside the array/, [0, 5]],
    ['missing value', '{"a": }', /Expected a value for the value of "a"/, [0, 6]],
    ['missing array separator', '[1 2]', /Expected ',' or '\]' after element 1 of the array/, [0, 3]],
  ];
  for (const [name, text, message, position] of cases) {
    it(`reports ${name} with a clear message at the right place`, () => {
      const problems = parseProblems(text);
      assert.equal(problems.length, 1);
      assert.match(problems[0].message, message);
      assert.deepEqual(at(problems[0]), position);
    });
  }

  it('rejects absurdly deep nesting without overflowing the stack', () => {
    const [p] = parseProblems('['.repeat(5000) + ']'.repeat(5000));
    assert.match(p.message, /nests more than 1000 levels/);
  });
});
