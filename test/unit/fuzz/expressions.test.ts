// Fuzz: the expression parser of the code checks (src/model/expressions). Expressions generated from DynamoDB's
// expression grammar (conditions, key conditions, updates, projections; keywords in any case, any spacing) must
// parse with no problem — a false error in the editor is a bug. Mutated and hostile text must never throw, and
// every problem it reports must point inside the text. Seeded: FUZZ_SEED=<n> replays.
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { parseExpression, type ExpressionKind } from '../../../src/model/expressions/parser';
import { checkPartiql } from '../../../src/model/expressions/partiql';
import { isReservedWord } from '../../../src/model/expressions/reservedWords';
import { FUZZ_SEED, fuzz, FuzzTally, hostileText } from './fuzzSupport';

const VALID_RUNS = 1500;
const MUTATED_RUNS = 1500;

const ident = fc.stringMatching(/^[a-z][A-Za-z0-9_]{0,8}$/).filter((w) => !isReservedWord(w));
const placeholderName = fc.stringMatching(/^#[A-Za-z0-9_]{1,6}$/);
const value = fc.stringMatching(/^:[A-Za-z0-9_]{1,6}$/);
const space = fc.constantFrom(' ', '  ', '\t', '\n', ' \n ');
const cased = (word: string) => fc.array(fc.boolean(), { minLength: word.length, maxLength: word.length }).map((ups) => [...word].map((ch, i) => (ups[i] ? ch.toUpperCase() : ch.toLowerCase())).join(''));
const keyword = (word: string) => fc.tuple(space, cased(word), space).map(([a, w, b]) => `${a}${w}${b}`);

const name = fc.oneof(ident, placeholderName);
const path = fc
  .tuple(name, fc.array(fc.oneof(name.map((n) => `.${n}`), fc.nat(99).map((i) => `[${i}]`)), { maxLength: 3 }))
  .map(([first, rest]) => first + rest.join(''));
const operand = fc.oneof({ weight: 3, arbitrary: path }, { weight: 3, arbitrary: value }, { weight: 1, arbitrary: path.map((p) => `size(${p})`) });
const comparator = fc.constantFrom('=', '<>', '<', '<=', '>', '>=');

const { condition } = fc.letrec<{ condition: string; primary: string }>((tie) => ({
  primary: fc.oneof(
    { weight: 4, arbitrary: fc.tuple(operand, comparator, operand).map(([a, op, b]) => `${a} ${op} ${b}`) },
    { weight: 1, arbitrary: fc.tuple(operand, keyword('BETWEEN'), operand, keyword('AND'), operand).map((p) => p.join('')) },
    { weight: 1, arbitrary: fc.tuple(operand, keyword('IN'), fc.array(operand, { minLength: 1, maxLength: 4 })).map(([o, kw, list]) => `${o}${kw}(${list.join(', ')})`) },
    { weight: 1, arbitrary: path.map((p) => `attribute_exists(${p})`) },
    { weight: 1, arbitrary: path.map((p) => `attribute_not_exists(${p})`) },
    { weight: 1, arbitrary: fc.tuple(path, value).map(([p, v]) => `attribute_type(${p}, ${v})`) },
    { weight: 1, arbitrary: fc.tuple(path, operand).map(([p, v]) => `begins_with(${p}, ${v})`) },
    { weight: 1, arbitrary: fc.tuple(path, operand).map(([p, v]) => `contains(${p},${v})`) },
    { weight: 1, arbitrary: tie('condition').map((c) => `(${c})`) },
  ),
  condition: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('primary'),
    fc.tuple(tie('primary'), keyword('AND'), tie('primary')).map((p) => p.join('')),
    fc.tuple(tie('primary'), keyword('OR'), tie('primary')).map((p) => p.join('')),
    fc.tuple(keyword('NOT'), tie('primary')).map((p) => p.join('')),
  ),
}));

const keyCondition = fc
  .tuple(name, value, fc.option(fc.oneof(
    fc.tuple(name, fc.constantFrom('=', '<', '<=', '>', '>='), value).map(([n, op, v]) => `${n} ${op} ${v}`),
    fc.tuple(name, keyword('BETWEEN'), value, keyword('AND'), value).map((p) => p.join('')),
    fc.tuple(name, value).map(([n, v]) => `begins_with(${n}, ${v})`),
  )), keyword('AND'))
  .map(([pk, v, sort, and]) => `${pk} = ${v}${sort ? `${and}${sort}` : ''}`);

const setTerm = fc.oneof(
  path,
  value,
  fc.tuple(path, fc.oneof(path, value)).map(([p, v]) => `if_not_exists(${p}, ${v})`),
  fc.tuple(fc.oneof(path, value), fc.oneof(path, value)).map(([a, b]) => `list_append(${a}, ${b})`),
);
const setAction = fc.tuple(path, setTerm, fc.option(fc.tuple(fc.constantFrom('+', '-'), setTerm))).map(([p, t, more]) => `${p} = ${t}${more ? ` ${more[0]} ${more[1]}` : ''}`);
const clause = (word: string, item: fc.Arbitrary<string>) => fc.tuple(cased(word), fc.array(item, { minLength: 1, maxLength: 3 })).map(([w, items]) => `${w} ${items.join(', ')}`);
const update = fc
  .shuffledSubarray(['SET', 'REMOVE', 'ADD', 'DELETE'], { minLength: 1 })
  .chain((words) =>
    fc.tuple(
      ...words.map((w) =>
        w === 'SET' ? clause(w, setAction) : w === 'REMOVE' ? clause(w, path) : clause(w, fc.tuple(path, value).map(([p, v]) => `${p} ${v}`)),
      ),
    ),
  )
  .map((clauses) => clauses.join(' '));
const projection = fc.array(path, { minLength: 1, maxLength: 5 }).map((paths) => paths.join(', '));

const validByKind: [ExpressionKind, fc.Arbitrary<string>][] = [
  ['condition', condition],
  ['key', keyCondition],
  ['update', update],
  ['projection', projection],
];

describe(`fuzz: expression parser (seed ${FUZZ_SEED})`, () => {
  const tally = new FuzzTally();
  tally.printAfter();

  for (const [kind, arbitrary] of validByKind) {
    it(`accepts ${VALID_RUNS} generated valid ${kind} expressions with no problem`, () => {
      let runs = 0;
      fuzz(`valid ${kind}`, arbitrary, (text) => {
        runs++;
        const parsed = parseExpression(kind, text);
        assert.deepEqual(parsed.problems, [], `a valid ${kind} expression was refused: ${JSON.stringify(text)}`);
        if (kind === 'projection') assert.ok(parsed.paths.length > 0);
        else if (kind === 'update') assert.ok(parsed.clauses.length > 0);
        else assert.ok(parsed.root);
      }, VALID_RUNS);
      assert.equal(runs, VALID_RUNS);
      tally.add(`valid ${kind}`, runs);
    });
  }

  it(`never throws on ${MUTATED_RUNS} mutated or hostile expressions, and every problem points inside the text`, () => {
    const mutated = fc.oneof(
      fc.tuple(fc.constantFrom(...validByKind.map(([, a]) => a)).chain((a) => a), fc.nat(), fc.string({ maxLength: 3 })).map(([text, at, insert]) => {
        const i = text.length ? at % text.length : 0;
        return text.slice(0, i) + insert + text.slice(i + (at % 3));
      }),
      hostileText({ maxLength: 40 }),
    );
    let runs = 0;
    fuzz('mutated expressions', fc.tuple(mutated, fc.constantFrom<ExpressionKind>('condition', 'key', 'update', 'projection')), ([text, kind]) => {
      runs++;
      const parsed = parseExpression(kind, text);
      for (const p of parsed.problems) {
        assert.ok(p.start >= 0 && p.end <= Math.max(text.length, 1) && p.start < p.end, `problem span ${p.start}-${p.end} outside ${JSON.stringify(text)}`);
        assert.ok(p.message.length > 10 && !/undefined|\[object/.test(p.message), `unclear message: ${p.message}`);
      }
      const shape = checkPartiql(text);
      for (const p of shape.problems) assert.ok(p.start >= 0 && p.end <= Math.max(text.length, 1), `PartiQL problem outside the text: ${JSON.stringify(text)}`);
    }, MUTATED_RUNS);
    assert.equal(runs, MUTATED_RUNS);
    tally.add('mutated expressions', runs);
  });

  it('the tally counts every generated input', () => {
    assert.equal(tally.total, VALID_RUNS * validByKind.length + MUTATED_RUNS);
  });
});
