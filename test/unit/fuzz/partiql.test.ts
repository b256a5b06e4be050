// Fuzz: PartiQL writes disguised with comments, case, whitespace, unicode, semicolons and second statements must
// never be judged read-only by the guard of read-only connections; plain SELECTs in the same disguises still read.
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { isReadOnlyStatement, isReadOperation } from '../../../src/services/aws/readOnlyGuard';
import { fuzz, FuzzTally, hostileText, hostileValue } from './fuzzSupport';

/** Writes DynamoDB's PartiQL accepts, on a table named like the tests' tables. */
export function writeStatements(table: string): string[] {
  return [
    `INSERT INTO "${table}" VALUE {'pk': 'fuzz-insert'}`,
    `UPDATE "${table}" SET touched = 1 WHERE pk = 'fuzz-a'`,
    `DELETE FROM "${table}" WHERE pk = 'fuzz-a'`,
    `UPDATE "${table}" REMOVE a WHERE pk = 'fuzz-a'`,
    `INSERT INTO ${table} VALUE {'pk': 'fuzz-insert-2', 'x': 'SELECT'}`,
  ];
}

const WHITESPACE = [' ', '\t', '\n', '\r\n', '\r', '\u000b', '\u000c', '\u00a0', '\u2028', '\u2029', '\ufeff', '\u3000', '\u200b'];

/** Text that comes before the statement's first word: whitespace, comments (some mentioning SELECT), semicolons. */
const prefixPiece = fc.oneof(
  fc.constantFrom(...WHITESPACE),
  fc.constantFrom('/* SELECT */', '/**/', '/* ; */', '/* -- */', '-- SELECT\n', '--\n', '-- x\r\n', ';', ';;', '(', '/*/ SELECT /*/'),
  hostileText({ maxLength: 12 }).map((t) => `/*${t.replace(/\*\//g, '')}*/`),
  hostileText({ maxLength: 12 }).map((t) => `--${t.replace(/[\n]/g, '')}\n`),
);

/** Random upper/lower case of a word. */
const cased = (word: string) => fc.array(fc.boolean(), { minLength: word.length, maxLength: word.length }).map((ups) => [...word].map((ch, i) => (ups[i] ? ch.toUpperCase() : ch.toLowerCase())).join(''));

/** A write, disguised. */
const disguisedWrite = fc
  .tuple(fc.array(prefixPiece, { maxLength: 4 }), fc.constantFrom(...writeStatements('FuzzTable')), fc.nat())
  .chain(([prefix, statement, n]) => {
    const [verb, ...rest] = statement.split(' ');
    return cased(verb).map((v) => ({ prefix: prefix.join(''), body: [v, ...rest].join(n % 3 === 0 ? '\t' : ' ') }));
  })
  .map(({ prefix, body }) => prefix + body);

/** A SELECT followed by a write that a reader could take as a second statement or hide from the guard. */
const smuggledWrite = fc
  .tuple(
    fc.constantFrom(...writeStatements('FuzzTable')),
    fc.constantFrom(
      (w: string) => `SELECT * FROM "FuzzTable"; ${w}`,
      (w: string) => `SELECT * FROM "FuzzTable" ;\n${w}`,
      (w: string) => `SELECT * FROM "FuzzTable" /* ; */ ; ${w} --`,
      (w: string) => `SELECT * FROM "FuzzTable" WHERE a = 'x'';' ; ${w}`,
      (w: string) => `-- c\rSELECT * FROM "FuzzTable"\n${w}`,
      (w: string) => `-- c\u2028SELECT * FROM "FuzzTable"\n${w}`,
      (w: string) => `-- c\u0085SELECT 1\n${w}`,
      (w: string) => `/* /* */ SELECT * FROM "FuzzTable" */ ${w}`,
      (w: string) => `/* unclosed SELECT ${w}`,
      (w: string) => `SELECT * FROM "FuzzTable" WHERE a = 'unclosed ; ${w}`,
      (w: string) => `SELECT * FROM "FuzzTable" WHERE "a;" = 'b';${w}`,
      (w: string) => `SELECT\u0000; ${w}`,
      (w: string) => `SELECT_${w}`,
      (w: string) => `SELECTED ${w}`,
      (w: string) => `\u0405ELECT ${w}`,
      (w: string) => `ＳＥＬＥＣＴ ${w}`,
      (w: string) => `"SELECT" ${w}`,
      (w: string) => `(SELECT 1) ${w}`,
      (w: string) => `${w} -- SELECT`,
      (w: string) => `${w}; SELECT * FROM "FuzzTable"`,
    ),
    cased('select'),
  )
  .map(([w, wrap, select]) => wrap(w).replace(/SELECT/g, select));

/** Genuine reads in the same disguises, with string literals that hold ';', quotes and comment marks. */
const genuineRead = fc
  .tuple(
    fc.array(fc.oneof(fc.constantFrom(' ', '\t', '\n', '\r\n', '\u00a0', '\ufeff'), fc.constantFrom('/* c */', '-- c\n', '-- c\r\n')), { maxLength: 3 }),
    cased('select'),
    hostileText({ maxLength: 20 }),
    fc.constantFrom('', ';', ' ; ', '; -- done', ';\n/* end */'),
  )
  .map(([prefix, select, literal, end]) => `${prefix.join('')}${select} * FROM "FuzzTable" WHERE a = '${literal.replace(/'/g, "''")}'${end}`);

describe('fuzz: PartiQL statements on read-only connections', function () {
  this.timeout(120_000);
  const tally = new FuzzTally();
  tally.printAfter();

  it('disguised writes are never judged read-only', () => {
    fuzz('disguised writes', disguisedWrite, (statement) => {
      tally.add('partiql');
      assert.equal(isReadOnlyStatement(statement), false, JSON.stringify(statement));
      assert.equal(isReadOperation('ExecuteStatementCommand', { Statement: statement }), false);
    }, 1500);
  });

  it('a write behind a SELECT, a comment trick or a look-alike word is never judged read-only', () => {
    fuzz('smuggled writes', smuggledWrite, (statement) => {
      tally.add('partiql');
      assert.equal(isReadOnlyStatement(statement), false, JSON.stringify(statement));
      assert.equal(isReadOperation('BatchExecuteStatementCommand', { Statements: [{ Statement: 'SELECT * FROM t' }, { Statement: statement }] }), false);
      assert.equal(isReadOperation('ExecuteTransactionCommand', { TransactStatements: [{ Statement: statement }] }), false);
    }, 800);
  });

  it('genuine SELECTs in the same disguises still read', () => {
    fuzz('genuine reads', genuineRead, (statement) => {
      tally.add('partiql');
      assert.equal(isReadOnlyStatement(statement), true, JSON.stringify(statement));
    }, 500);
  });

  it('inputs of the wrong type are writes, not crashes', () => {
    fuzz('wrong types', hostileValue(), (value) => {
      tally.add('partiql');
      const input = { Statement: value, Statements: value, TransactStatements: value };
      if (isReadOperation('ExecuteStatementCommand', input)) assert.equal(typeof value, 'string', `judged ${JSON.stringify(value)} a read`);
      for (const op of ['BatchExecuteStatementCommand', 'ExecuteTransactionCommand', 'PutItemCommand', 'constructor', '__proto__']) {
        const judged = isReadOperation(op, input);
        if (judged) assert.ok(Array.isArray(value) && value.every((s) => typeof s?.Statement === 'string' && isReadOnlyStatement(s.Statement)), `${op} judged ${JSON.stringify(value)} a read`);
      }
      assert.equal(isReadOnlyStatement(value as string), typeof value === 'string' && isReadOnlyStatement(value));
    }, 400);
  });
});
