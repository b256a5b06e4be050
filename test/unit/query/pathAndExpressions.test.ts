// Path syntax, expression building with placeholders, and spec validation: pure functions.
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import { buildExpressions } from '../../../src/model/query/expressions';
import { formatPath, parsePath, type PathSegment } from '../../../src/model/query/pathParser';
import { indexChoices, newKeyQuery, newQuerySpec, validateQuerySpec, type QuerySpec } from '../../../src/model/query/querySpec';

const ok = (text: string) => {
  const r = parsePath(text);
  assert.ok(r.ok, `${text}: ${r.ok ? '' : r.problem.message}`);
  return r.segments;
};
const problem = (text: string) => {
  const r = parsePath(text);
  assert.ok(!r.ok, `${text} should not parse`);
  return r.problem;
};

describe('pathParser', () => {
  it('reads names, dots, list indexes and quoted names', () => {
    assert.deepEqual(ok('a.b[0].c'), ['a', 'b', 0, 'c']);
    assert.deepEqual(ok('"a.b".c'), ['a.b', 'c']);
    assert.deepEqual(ok('nested."x.y"[12][3]'), ['nested', 'x.y', 12, 3]);
    assert.deepEqual(ok('with space'), ['with space']);
    assert.deepEqual(ok('#hash'), ['#hash']);
    assert.deepEqual(ok('"say \\"hi\\" \\\\ now"'), ['say "hi" \\ now']);
    assert.deepEqual(ok('" padded "'), [' padded ']);
  });

  it('places problems at the column where they are', () => {
    assert.equal(problem('').column, 0);
    assert.deepEqual(problem('a..b'), { column: 2, message: "Expected an attribute name at column 3, found '.'." });
    assert.equal(problem('a[x]').column, 2);
    assert.match(problem('a[01]').message, /leading zeros/);
    assert.match(problem('"open').message, /no closing '"'/);
    assert.match(problem('a.').message, /ends with '\.'/);
    assert.match(problem('[0]').message, /Expected an attribute name at column 1/);
    assert.match(problem('a"b"').message, /Unexpected '"'/);
    assert.match(problem(' a').message, /starts or ends with a space/);
    assert.match(problem('"a\\x"').message, /Unknown escape/);
    assert.match(problem('""').message, /Empty quoted name/);
  });

  it('formatPath writes text that parsePath reads back to the same path', () => {
    const segment = fc.oneof(fc.string({ minLength: 1, maxLength: 8 }), fc.constantFrom('a.b', '#x', ' s ', '"', '\\', '[0]', 'with space'));
    const path = fc.tuple(segment, fc.array(fc.oneof(segment, fc.nat({ max: 1000 })), { maxLength: 5 })).map(([first, rest]) => [first, ...rest] as PathSegment[]);
    fc.assert(
      fc.property(path, (segments) => {
        assert.deepEqual(ok(formatPath(segments)), segments);
      }),
      { numRuns: 500 },
    );
  });
});

const TABLE: TableDescription = {
  TableName: 'Orders',
  AttributeDefinitions: [
    { AttributeName: 'CustomerId', AttributeType: 'S' },
    { AttributeName: 'OrderId', AttributeType: 'N' },
    { AttributeName: 'Status', AttributeType: 'S' },
    { AttributeName: 'OrderDate', AttributeType: 'S' },
    { AttributeName: 'Total', AttributeType: 'N' },
  ],
  KeySchema: [
    { AttributeName: 'CustomerId', KeyType: 'HASH' },
    { AttributeName: 'OrderId', KeyType: 'RANGE' },
  ],
  GlobalSecondaryIndexes: [{ IndexName: 'ByStatus', KeySchema: [{ AttributeName: 'Status', KeyType: 'HASH' }, { AttributeName: 'OrderDate', KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' } }],
  LocalSecondaryIndexes: [{ IndexName: 'ByTotal', KeySchema: [{ AttributeName: 'CustomerId', KeyType: 'HASH' }, { AttributeName: 'Total', KeyType: 'RANGE' }], Projection: { ProjectionType: 'KEYS_ONLY' } }],
};

describe('buildExpressions', () => {
  it('uses one placeholder per distinct name and one per value, for keys, filters and projection', () => {
    const spec: QuerySpec = {
      ...newKeyQuery(TABLE, undefined, 'c1'),
      sortKey: { name: 'OrderId', op: 'BETWEEN', type: 'N', value: '1', value2: '10' },
      filters: [
        { path: 'Status', op: 'IN', values: ['OPEN', 'HELD'] },
        { path: '"a.b"[2].Status', op: 'attribute_type', values: ['SS'] },
        { path: 'tags', op: '>', values: ['2'], size: true, not: true },
        { path: 'with space', op: 'attribute_not_exists', values: [] },
      ],
      filterJoin: 'OR',
      projection: ['Status', '#hash'],
    };
    assert.deepEqual(buildExpressions(spec), {
      KeyConditionExpression: '#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2',
      FilterExpression: '(#n2 IN (:v3, :v4)) OR (attribute_type(#n3[2].#n2, :v5)) OR (NOT (size(#n4) > :v6)) OR (attribute_not_exists(#n5))',
      ProjectionExpression: '#n2, #n6',
      ExpressionAttributeNames: { '#n0': 'CustomerId', '#n1': 'OrderId', '#n2': 'Status', '#n3': 'a.b', '#n4': 'tags', '#n5': 'with space', '#n6': '#hash' },
      ExpressionAttributeValues: {
        ':v0': { S: 'c1' },
        ':v1': { N: '1' },
        ':v2': { N: '10' },
        ':v3': { S: 'OPEN' },
        ':v4': { S: 'HELD' },
        ':v5': { S: 'SS' },
        ':v6': { N: '2' },
      },
    });
  });

  it('sends nothing for a plain scan, and keeps number text exact', () => {
    assert.deepEqual(buildExpressions(newQuerySpec('Orders')), {});
    const spec: QuerySpec = { ...newQuerySpec('Orders'), filters: [{ path: 'Total', op: '=', values: ['12345678901234567890.000000000000000001'], type: 'N' }] };
    assert.deepEqual(buildExpressions(spec).ExpressionAttributeValues, { ':v0': { N: '12345678901234567890.000000000000000001' } });
  });
});

describe('validateQuerySpec', () => {
  const messages = (spec: QuerySpec) => validateQuerySpec(spec, TABLE);

  it('accepts a valid query on each index kind', () => {
    assert.deepEqual(messages({ ...newKeyQuery(TABLE, undefined, 'c1'), sortKey: { name: 'OrderId', op: '>=', type: 'N', value: '5' } }), []);
    assert.deepEqual(messages({ ...newKeyQuery(TABLE, 'ByStatus', 'OPEN'), sortKey: { name: 'OrderDate', op: 'begins_with', type: 'S', value: '2024' } }), []);
    assert.deepEqual(messages({ ...newKeyQuery(TABLE, 'ByTotal', 'c1'), consistentRead: true }), []);
  });

  it('explains each mistake on the field it is about', () => {
    const gsi = { ...newKeyQuery(TABLE, 'ByStatus', 'OPEN'), consistentRead: true, sortKey: { name: 'OrderDate', op: 'BETWEEN' as const, type: 'S' as const, value: '2024' } };
    assert.deepEqual(messages(gsi), [
      { field: 'consistentRead', message: 'Consistent reads are not allowed on a global secondary index. Turn consistent read off, or query the table or a local index.' },
      { field: 'sortKey.value2', message: 'BETWEEN needs two values: the lower and the upper bound.' },
    ]);
    const notNumber = messages({ ...newKeyQuery(TABLE, undefined, 'c1'), sortKey: { name: 'OrderId', op: '=', type: 'N', value: 'abc' } });
    assert.equal(notNumber.length, 1);
    assert.equal(notNumber[0].field, 'sortKey.value');
    assert.match(notNumber[0].message, /^The sort key of the table Orders is OrderId \(N\); 'abc' is not a number/);
    assert.deepEqual(messages({ ...newQuerySpec('Orders', 'query') }).map((p) => p.field), ['partitionKey']);
    assert.deepEqual(messages({ ...newKeyQuery(TABLE, undefined, 'c1'), partitionKey: { name: 'Status', type: 'S', value: 'x' } }).map((p) => p.field), ['partitionKey.name']);
    assert.deepEqual(messages({ ...newKeyQuery(TABLE, undefined, 'c1'), sortKey: { name: 'OrderId', op: 'begins_with', type: 'N', value: '1' } }).map((p) => p.field), ['sortKey.op']);
    assert.deepEqual(messages({ ...newQuerySpec('Orders'), index: 'Nope' }).map((p) => p.field), ['index']);
    assert.deepEqual(messages({ ...newQuerySpec('Orders'), segments: 0 }).map((p) => p.field), ['segments']);
    assert.deepEqual(messages({ ...newQuerySpec('Orders'), pageSize: 2.5 }).map((p) => p.field), ['pageSize']);
  });

  it('checks every filter: path, operand count, types, size() and key attributes', () => {
    const spec: QuerySpec = {
      ...newKeyQuery(TABLE, undefined, 'c1'),
      filters: [
        { path: 'a..b', op: '=', values: ['1'] },
        { path: 'x', op: 'BETWEEN', values: ['1'] },
        { path: 'x', op: 'attribute_exists', values: ['1'] },
        { path: 'x', op: 'attribute_type', values: ['STRING'] },
        { path: 'x', op: '<', values: ['1.2.3'], type: 'N' },
        { path: 'x', op: 'begins_with', values: ['x'], size: true },
        { path: 'OrderId', op: '=', values: ['1'], type: 'N' },
        { path: 'x', op: 'IN', values: [] },
        { path: 'x', op: '<', values: ['true'], type: 'BOOL' },
        { path: 'x', op: '=', values: ['not base64!'], type: 'B' },
      ],
    };
    assert.deepEqual(
      messages(spec).map((p) => p.field),
      ['filters[0].path', 'filters[1].values', 'filters[2].values', 'filters[3].values[0]', 'filters[4].values[0]', 'filters[5].size', 'filters[6].path', 'filters[7].values', 'filters[8].op', 'filters[9].values[0]'],
    );
    assert.match(messages(spec)[1].message, /^Filter 2: BETWEEN needs two values/);
  });

  it('lists the table and each index with its keys for the picker', () => {
    assert.deepEqual(
      indexChoices(TABLE).map((c) => [c.label, c.consistentReadAllowed]),
      [
        ['Table: CustomerId (S), OrderId (N)', true],
        ['GSI ByStatus: Status (S), OrderDate (S)', false],
        ['LSI ByTotal: CustomerId (S), Total (N)', true],
      ],
    );
  });
});
