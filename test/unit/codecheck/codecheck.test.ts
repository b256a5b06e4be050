// Code checks over a corpus of real-shaped files (test/fixtures/codecheck): SDK v3 client commands, lib-dynamodb
// commands (aliased, params in a const, a template-literal table name), the v2 DocumentClient, and PartiQL strings.
// Each finding is compared by its code and the exact text its span covers, so positions are checked too.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeFile, targetAt, type SchemaLookup, type TableSchema } from '../../../src/model/codecheck';

const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/codecheck');

const SCHEMAS: Record<string, TableSchema> = {
  CustomerOrders: {
    name: 'CustomerOrders',
    partitionKey: 'CustomerId',
    sortKey: 'OrderId',
    indexes: [
      { name: 'ByStatus', kind: 'GSI', partitionKey: 'Status', sortKey: 'OrderDate' },
      { name: 'ByTotal', kind: 'LSI', partitionKey: 'CustomerId', sortKey: 'Total' },
    ],
    itemCount: 3000,
    sizeBytes: 3000 * 900,
    checkedOn: 'Local',
  },
  DevOpsProjects: { name: 'DevOpsProjects', partitionKey: 'ProjectID', indexes: [], itemCount: 5, sizeBytes: 500, checkedOn: 'Local' },
  'dev-orders': { name: 'dev-orders', partitionKey: 'CustomerId', sortKey: 'OrderId', indexes: [], checkedOn: 'Local' },
};

const lookup: SchemaLookup = {
  table: (name) => SCHEMAS[name] ?? 'missing',
  scanWarningItems: 1000,
};

function findings(file: string, withSchema = true): string[] {
  const text = fs.readFileSync(path.join(FIXTURES, file), 'utf8');
  const { findings } = analyzeFile(text, file, withSchema ? { lookup, mapTableName: (w) => (w === '${stage}-orders' ? 'dev-orders' : undefined) } : {});
  return findings.map((f) => `${f.code} ${JSON.stringify(text.slice(f.span.start, f.span.end))}`).sort();
}

describe('code checks: corpus', () => {
  it('SDK v3 client: unused value, reserved word, wrong index key, large scan, SET twice', () => {
    assert.deepEqual(findings('v3-client.ts'), [
      'large-scan "new ScanCommand({ TableName: \'CustomerOrders\' })"',
      'reserved-word "Status"',
      'syntax "SET"',
      'unused-value "\':unused\'"',
      'wrong-key "#total"',
    ]);
  });

  it('lib-dynamodb: aliased command, params in a const, mapped template table name, undeclared #name, transaction items', () => {
    assert.deepEqual(findings('lib-dynamodb.ts'), [
      'reserved-word "Counter"',
      'reserved-word "Name"',
      'reserved-word "Status"',
      'reserved-word "Total"',
      'undeclared-name "#missing"',
    ]);
  });

  it('v2 DocumentClient: a missing table and a syntax error; a non-DynamoDB query() is ignored', () => {
    assert.deepEqual(findings('docclient-v2.js'), ['missing-table "\'Users\'"', 'missing-table "\'Users\'"', 'syntax ">"']);
  });

  it('PartiQL: missing FROM, DELETE without WHERE, VALUES for VALUE, an unclosed string, a missing table', () => {
    assert.deepEqual(findings('partiql.ts'), [
      'missing-table "\\"Nope\\""',
      'partiql "\'x"',
      'partiql "DELETE"',
      'partiql "SELECT"',
      'partiql "VALUES"',
    ]);
  });

  it('without a connection only the syntax checks run: no table, index or key findings', () => {
    assert.deepEqual(findings('v3-client.ts', false), ['reserved-word "Status"', 'syntax "SET"', 'unused-value "\':unused\'"']);
    assert.deepEqual(findings('docclient-v2.js', false), ['syntax ">"']);
  });

  it('fixing the wrong key clears the finding', () => {
    const file = path.join(FIXTURES, 'v3-client.ts');
    const fixed = fs.readFileSync(file, 'utf8').replace("'#st = :s AND #total > :t'", "'#st = :s AND #date > :t'").replace("'#total': 'Total'", "'#date': 'OrderDate'");
    const codes = analyzeFile(fixed, 'v3-client.ts', { lookup }).findings.map((f) => f.code);
    assert.ok(!codes.includes('wrong-key'), codes.join(', '));
  });

  it('targetAt finds the table name, the index name and the expression under the cursor', () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'v3-client.ts'), 'utf8');
    const { calls } = analyzeFile(text, 'v3-client.ts');
    const at = (needle: string, delta = 1) => targetAt(calls, text.indexOf(needle) + delta);
    assert.equal(at("'ByStatus'")?.kind, 'index');
    assert.equal(at("'CustomerOrders'")?.kind, 'table');
    const expr = at("'#st = :s", 3);
    assert.equal(expr?.kind, 'expression');
    assert.equal(expr?.kind === 'expression' && expr.property, 'KeyConditionExpression');
    assert.equal(expr?.kind === 'expression' && expr.offsetInValue, 2);
    assert.equal(at('const client'), undefined);
  });

  it('a file that mentions no DynamoDB SDK is not parsed at all', () => {
    const { calls } = analyzeFile("import { QueryCommand } from 'other-lib';\nnew QueryCommand({ TableName: 'x', KeyConditionExpression: 'a >> b' });", 'x.ts');
    assert.deepEqual(calls, []);
  });
});
