// Fuzz: hostile query builder specs as they arrive from the webview. The protocol schema rejects what is not a
// spec; validation names the field of every problem; and whatever is accepted is built into expressions made only
// of placeholders (#n…, :v…), operators and function names, so no typed name or value becomes expression text.
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import { StudioError } from '../../../src/model/errors';
import { buildExpressions, type BuiltExpressions } from '../../../src/model/query/expressions';
import { parsePath } from '../../../src/model/query/pathParser';
import { FILTER_OPERATORS, SORT_KEY_OPERATORS, validateQuerySpec, VALUE_TYPES, type QuerySpec } from '../../../src/model/query/querySpec';
import { QuerySpecSchema } from '../../../src/protocol/tableViewer';
import { assertPrototypesClean, fuzz, FuzzTally, hostileText, hostileValue, safeJson } from './fuzzSupport';

const TABLE: TableDescription = {
  TableName: 'Events',
  KeySchema: [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ],
  AttributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: 'sk', AttributeType: 'N' },
    { AttributeName: 'kind', AttributeType: 'S' },
    { AttributeName: 'blob', AttributeType: 'B' },
  ],
  GlobalSecondaryIndexes: [{ IndexName: 'ByKind', KeySchema: [{ AttributeName: 'kind', KeyType: 'HASH' }, { AttributeName: 'blob', KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' } }],
  LocalSecondaryIndexes: [{ IndexName: 'ByKindLocal', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'kind', KeyType: 'RANGE' }], Projection: { ProjectionType: 'KEYS_ONLY' } }],
};

/** Every token an expression may hold: placeholders, list indexes, operators, keywords and function names. */
const EXPRESSION_TOKEN = /\s+|#n\d+|:v\d+|\[\d+\]|\.|\(|\)|,|<>|<=|>=|=|<|>|(?:AND|OR|NOT|BETWEEN|IN|begins_with|contains|attribute_exists|attribute_not_exists|attribute_type|size)(?![A-Za-z0-9_])/y;

/** The part of an expression that is not made of allowed tokens, or undefined when it all is. */
function foreignText(expression: string): string | undefined {
  EXPRESSION_TOKEN.lastIndex = 0;
  let at = 0;
  while (at < expression.length) {
    EXPRESSION_TOKEN.lastIndex = at;
    const m = EXPRESSION_TOKEN.exec(expression);
    if (!m || m.index !== at) return expression.slice(at, at + 60);
    at += m[0].length;
  }
  return undefined;
}

function checkBuilt(built: BuiltExpressions, spec: QuerySpec): void {
  const expressions = [built.KeyConditionExpression, built.FilterExpression, built.ProjectionExpression].filter((e): e is string => e !== undefined);
  const used = new Set<string>();
  for (const e of expressions) {
    const foreign = foreignText(e);
    assert.equal(foreign, undefined, `user text in an expression: ${JSON.stringify(foreign)} in ${JSON.stringify(e.slice(0, 200))}`);
    for (const m of e.matchAll(/#n\d+|:v\d+/g)) used.add(m[0]);
  }
  const defined = new Set([...Object.keys(built.ExpressionAttributeNames ?? {}), ...Object.keys(built.ExpressionAttributeValues ?? {})]);
  assert.deepEqual([...used].sort(), [...defined].sort(), 'placeholders used and defined differ');
  // Every name typed in a path arrives as a placeholder's value, unchanged.
  const names = new Set(Object.values(built.ExpressionAttributeNames ?? {}));
  for (const path of [...spec.filters.map((f) => f.path), ...(spec.projection ?? []).filter((p) => p.length > 0)]) {
    const parsed = parsePath(path);
    assert.ok(parsed.ok);
    for (const seg of parsed.segments) if (typeof seg === 'string') assert.ok(names.has(seg), `the name ${JSON.stringify(seg)} is not among the placeholders`);
  }
  assertPrototypesClean('after building expressions');
}

const FIELD = /^(kind|table|index|partitionKey|sortKey|filters|filterJoin|projection|pageSize|segments|scanIndexForward|consistentRead|statement|limit)(\.[A-Za-z0-9]+|\[\d+\])*$/;

// ---------------------------------------------------------------------------------------------- generators

const pick = <T>(good: readonly T[], weightGood = 4): fc.Arbitrary<T | string> =>
  fc.oneof({ weight: weightGood, arbitrary: fc.constantFrom(...good) }, { weight: 1, arbitrary: hostileText({ maxLength: 12 }) });
const valueText = fc.oneof(hostileText(), fc.constantFrom('1', '-0.5', '1e126', 'AAE=', 'true', 'FALSE', ' 7 ', 'abc'));
const pathText = fc.oneof(
  { weight: 12, arbitrary: hostileText() },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(' ', '[', 'a', '"'), fc.integer({ min: 1000, max: 99_000 })).map(([c, n]) => `x${c.repeat(n)}`) },
  fc.constantFrom('a', 'a.b[0].c', '"a.b".c', 'pk', 'kind', 'x[01]', 'a..b', '"unclosed', 'a[', '#n0', ':v0', '"with \\"quote\\""', ' padded '),
  fc.array(hostileText({ maxLength: 8 }), { minLength: 1, maxLength: 4 }).map((names) => names.map((n) => `"${n.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join('.')),
);
const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

/** Operands for an operator: mostly as many as it takes, now and then one too few or too many. */
const operandsFor = (op: string): fc.Arbitrary<string[]> => {
  const [min, max] = (FILTER_OPERATORS as readonly string[]).includes(op) ? operandCountOf(op) : [1, 1];
  return fc.oneof({ weight: 6, arbitrary: fc.array(valueText, { minLength: min, maxLength: Math.min(max, 4) }) }, { weight: 1, arbitrary: fc.array(valueText, { maxLength: 4 }) });
};
const operandCountOf = (op: string): [number, number] => (op === 'BETWEEN' ? [2, 2] : op === 'IN' ? [1, 100] : op === 'attribute_exists' || op === 'attribute_not_exists' ? [0, 0] : [1, 1]);

const filterArb = fc.constantFrom(...FILTER_OPERATORS).chain((op) =>
  fc.record(
    {
      path: pathText,
      op: fc.constant(op),
      values: op === 'attribute_type' ? fc.oneof(fc.constantFrom(['S'], ['NS'], ['M']), operandsFor(op)) : operandsFor(op),
      type: opt(fc.constantFrom(...VALUE_TYPES)),
      size: opt(fc.boolean()),
      not: opt(fc.boolean()),
    },
    { requiredKeys: ['path', 'op', 'values'] },
  ),
);

/** Specs of the builder's shape (so the protocol takes them) with hostile names, paths and values. */
const specArb = fc.record(
  {
    kind: fc.constantFrom('scan', 'query', 'partiql'),
    table: fc.oneof({ weight: 8, arbitrary: fc.constant('Events') }, { weight: 1, arbitrary: hostileText({ maxLength: 20 }) }),
    index: opt(fc.oneof({ weight: 4, arbitrary: fc.constantFrom('ByKind', 'ByKindLocal') }, { weight: 1, arbitrary: hostileText({ maxLength: 20 }) })),
    partitionKey: opt(fc.record({ name: pick(['pk', 'kind'], 8), type: fc.constantFrom(...VALUE_TYPES), value: valueText })),
    sortKey: opt(fc.record({ name: pick(['sk', 'blob', 'kind'], 8), op: fc.constantFrom(...SORT_KEY_OPERATORS), type: fc.constantFrom(...VALUE_TYPES), value: valueText, value2: opt(valueText) }, { requiredKeys: ['name', 'op', 'type', 'value'] })),
    filters: fc.array(filterArb, { maxLength: 4 }),
    filterJoin: fc.constantFrom('AND', 'OR'),
    projection: opt(fc.array(pathText, { maxLength: 3 })),
    scanIndexForward: opt(fc.boolean()),
    pageSize: opt(fc.integer({ min: 1, max: 2000 })),
    consistentRead: opt(fc.boolean()),
    segments: opt(fc.integer({ min: 1, max: 12 })),
    statement: opt(hostileText()),
  },
  { requiredKeys: ['kind', 'table', 'filters', 'filterJoin'] },
);

/** Any non-empty name as a path: quoted, with quotes and backslashes escaped. */
const quotedPath = fc.array(hostileText({ maxLength: 10 }).filter((n) => n.length > 0), { minLength: 1, maxLength: 3 }).map((names) => names.map((n) => `"${n.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join('.'));

/** Scans whose every field is valid: hostile names and string values that must all travel as placeholders. */
const validScanArb = fc.record({
  kind: fc.constant('scan' as const),
  table: fc.constant('Events'),
  filters: fc.array(
    fc.constantFrom('=', '<>', '<', '>=', 'begins_with', 'contains', 'BETWEEN', 'IN', 'attribute_exists', 'attribute_not_exists').chain((op) =>
      fc.record({ path: quotedPath, op: fc.constant(op as QuerySpec['filters'][number]['op']), values: fc.array(hostileText(), { minLength: operandCountOf(op)[0], maxLength: Math.min(operandCountOf(op)[1], 3) }), not: opt(fc.boolean()) }, { requiredKeys: ['path', 'op', 'values'] }),
    ),
    { minLength: 1, maxLength: 4 },
  ),
  filterJoin: fc.constantFrom('AND' as const, 'OR' as const),
  projection: opt(fc.array(quotedPath, { maxLength: 3 })),
});

/** Specs whose enums, numbers and operators may be anything. */
const looseSpecArb = fc.record(
  {
    kind: pick(['scan', 'query', 'partiql']),
    table: hostileText(),
    filters: fc.array(fc.record({ path: pathText, op: pick(FILTER_OPERATORS), values: fc.array(valueText, { maxLength: 4 }), type: opt(pick(VALUE_TYPES)) }, { requiredKeys: ['path', 'op', 'values'] }), { maxLength: 3 }),
    filterJoin: pick(['AND', 'OR']),
    sortKey: opt(fc.record({ name: hostileText(), op: pick(SORT_KEY_OPERATORS), type: pick(VALUE_TYPES), value: valueText })),
    pageSize: opt(fc.oneof(fc.integer({ min: -2, max: 2000 }), fc.double())),
    segments: opt(fc.oneof(fc.integer({ min: -1, max: 2_000_000 }), fc.double())),
  },
  { requiredKeys: ['kind', 'table', 'filters', 'filterJoin'] },
);

/** Well-formed specs with one field replaced by something of the wrong type, or an extra or prototype key. */
const brokenSpecArb = fc.tuple(specArb, fc.constantFrom('kind', 'table', 'filters', 'filterJoin', 'partitionKey', 'pageSize', 'extra', '__proto__', 'constructor'), hostileValue()).map(([spec, field, value]) => {
  const copy = JSON.parse(safeJson(spec)) as Record<string, unknown>;
  Object.defineProperty(copy, field, { value, enumerable: true, writable: true, configurable: true });
  return copy;
});

describe('fuzz: query builder specs', function () {
  this.timeout(300_000);
  const tally = new FuzzTally();
  const outcome = { schemaRejected: 0, problems: 0, built: 0, builderRefused: 0 };
  tally.printAfter();
  after(() => console.log(`      filters: ${outcome.schemaRejected} refused by the protocol, ${outcome.problems} with field problems, ${outcome.built} built with placeholders only, ${outcome.builderRefused} refused by the builder`));

  function run(input: unknown): void {
    tally.add('filters');
    const parsed = QuerySpecSchema.safeParse(input);
    assertPrototypesClean('after the protocol schema');
    if (!parsed.success) {
      outcome.schemaRejected++;
      return;
    }
    const spec = parsed.data;
    // Accepted: exactly what was sent, nothing added or dropped (the schema is strict).
    assert.deepEqual(JSON.parse(safeJson(spec)), JSON.parse(safeJson(input)));
    const problems = validateQuerySpec(spec, TABLE);
    for (const p of problems) {
      assert.match(p.field, FIELD, `problem on an unknown field: ${p.field}`);
      assert.ok(p.message.trim().length > 10 && p.message.length <= 2000, `${p.field}: ${p.message.length}-character message: ${p.message.slice(0, 200)}`);
    }
    if (spec.kind === 'partiql') return;
    let built: BuiltExpressions;
    try {
      built = buildExpressions(spec);
    } catch (err) {
      // Only an unvalidated spec may be refused, and only with a message for a person.
      assert.ok(problems.length > 0, `a valid spec was refused by the builder: ${(err as Error).message}`);
      assert.ok(err instanceof StudioError, `the builder threw ${(err as Error)?.name}: ${(err as Error)?.message}`);
      outcome.builderRefused++;
      return;
    }
    if (problems.length > 0) outcome.problems++;
    else outcome.built++;
    checkBuilt(built, spec);
  }

  it('hostile specs shaped like the builder’s: refused, placed on a field, or built with placeholders only', () => {
    fuzz('specs', specArb, run, 2000);
    fuzz('valid scans', validScanArb, run, 1000);
    fuzz('loose specs', looseSpecArb, run, 500);
  });

  it('specs with wrong types, extra keys and prototype keys are refused by the protocol', () => {
    fuzz('broken specs', brokenSpecArb, (input) => {
      run(input);
    }, 1000);
    fuzz('any value', hostileValue(4), run, 500);
  });

  it('an operator outside the list never reaches the expression, even unvalidated', () => {
    const spec = { kind: 'scan', table: 'Events', filters: [{ path: 'a', op: '= :v0 OR attribute_exists(pk) OR #n0', values: ['x'] }], filterJoin: 'AND' } as unknown as QuerySpec;
    tally.add('filters');
    assert.throws(() => buildExpressions(spec), (err: unknown) => err instanceof StudioError && /operator/.test(err.message));
  });
});
