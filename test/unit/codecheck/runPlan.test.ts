// "Run on <connection>" over the corpus of test/fixtures/codecheck: each SDK flavour's read request becomes the
// notebook cell that runs the same request, values written in the code are taken as written (numbers with their
// exact digits), computed values are asked for by their placeholder, and what a cell cannot express is refused with
// its reason. Every cell produced must read back through parseQueryCell without a problem.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeFile, isRunnableCall, parseAskedValue, planRun, runCell, type DynamoCall, type RunPlan } from '../../../src/model/codecheck';
import { parseQueryCell } from '../../../src/model/notebook/queryCell';
import type { AttributeValue } from '../../../src/model/items/types';

const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/codecheck');
const KEYS: Record<string, string> = { CustomerOrders: 'CustomerId', 'CustomerOrders/ByStatus': 'Status', 'CustomerOrders/ByTotal': 'CustomerId', DevOpsProjects: 'ProjectID', Users: 'id', 'Users/ByEmail': 'email' };
const options = {
  mapTableName: (w: string) => (w === '${stage}-orders' ? 'dev-orders' : undefined),
  partitionKeyOf: (table: string, index?: string) => KEYS[index ? `${table}/${index}` : table],
};

function callsOf(file: string): DynamoCall[] {
  return analyzeFile(fs.readFileSync(path.join(FIXTURES, file), 'utf8'), file).calls;
}

function planOf(file: string, operation: string, nth = 0): RunPlan {
  const call = callsOf(file).filter((c) => c.operation === operation)[nth];
  assert.ok(call, `${file} has a ${operation} number ${nth + 1}`);
  return planRun(call, options);
}

/** The cell text of a plan with these answers; the cell must parse without problems. */
function cellOf(plan: RunPlan, answers: Record<string, AttributeValue> = {}): string {
  assert.ok(plan.ok, plan.ok ? '' : plan.reason);
  const result = runCell(plan, new Map(Object.entries(answers)));
  assert.ok(result.ok, result.ok ? '' : result.reason);
  if (result.cell.kind === 'query') {
    const parsed = parseQueryCell(result.cell.source);
    assert.ok(parsed.ok, 'the cell parses');
    assert.deepEqual(parsed.problems, [], 'the cell has no problems');
  }
  return result.cell.source;
}

const json = (source: string) => JSON.parse(source) as unknown;

describe('code checks: Run on <connection> (request → notebook cell)', () => {
  it('client-dynamodb: typed literal values are taken as written; the computed customer id is asked', () => {
    const plan = planOf('v3-client.ts', 'Query', 0);
    assert.ok(plan.ok);
    assert.deepEqual(plan.asked, [{ name: ':c', attribute: 'CustomerId' }]);
    assert.deepEqual(json(cellOf(plan, { ':c': { S: 'C7' } })), {
      table: 'CustomerOrders',
      key: { CustomerId: 'C7', OrderId: { begins_with: 'O#' } },
      filter: { Status: { '=': 'SHIPPED' } },
    });
  });

  it('client-dynamodb: an index with #names, a number key value, every value literal so nothing is asked', () => {
    const plan = planOf('v3-client.ts', 'Query', 1);
    assert.ok(plan.ok);
    assert.deepEqual(plan.asked, []);
    assert.equal(
      cellOf(plan),
      ['{', '  "table": "CustomerOrders",', '  "index": "ByStatus",', '  "key": {', '    "Status": "NEW",', '    "Total": {', '      ">": 10', '    }', '  }', '}'].join('\n'),
    );
  });

  it('client-dynamodb: flipped comparison, NOT, size BETWEEN, nested projection paths, direction, consistent read, limit, 20-digit number', () => {
    const plan = planOf('run-requests.ts', 'Query');
    assert.ok(plan.ok);
    assert.deepEqual(plan.asked, [{ name: ':c', attribute: 'CustomerId' }]);
    const source = cellOf(plan, { ':c': { S: 'C1' } });
    assert.match(source, /">=": 12345678901234567890\.5\b/, 'the number keeps its digits');
    assert.deepEqual(json(source), {
      table: 'CustomerOrders',
      index: 'ByTotal',
      key: { CustomerId: 'C1', Total: { '>=': 12345678901234567890.5 } },
      filter: { Tags: { attribute_exists: true }, Note: { not: { contains: "it's" } }, Items: { size: { between: [1, 10] } } },
      projection: ['OrderId', 'Total', 'Address.City', 'Lines[0]'],
      direction: 'desc',
      consistentRead: true,
      pageSize: 5,
    });
    assert.equal(plan.notes.length, 1, 'a Limit with a filter says how the cell differs');
  });

  it('client-dynamodb: a scan with IN and OR keeps the OR join', () => {
    const source = cellOf(planOf('run-requests.ts', 'Scan', 0));
    assert.deepEqual(json(source), { table: 'CustomerOrders', operation: 'scan', filter: { Status: { in: ['NEW', 'SHIPPED'] }, Total: { '>': 500 } }, filterJoin: 'or' });
  });

  it('client-dynamodb: GetItem becomes a query on the whole key, the computed key value asked', () => {
    const plan = planOf('run-requests.ts', 'GetItem');
    assert.ok(plan.ok);
    assert.deepEqual(plan.asked, [{ name: 'Key.ProjectID', attribute: 'ProjectID' }]);
    assert.deepEqual(json(cellOf(plan, { 'Key.ProjectID': { S: 'day55' } })), { table: 'DevOpsProjects', key: { ProjectID: 'day55' }, consistentRead: true, limit: 1 });
  });

  it('lib-dynamodb: plain values, params in a const, the table through the name mapping, BETWEEN', () => {
    // The projection of the fixture names an undeclared #missing: that request is refused with the reason.
    const query = planOf('lib-dynamodb.ts', 'Query');
    assert.ok(!query.ok);
    assert.match(query.reason, /#missing is not declared in ExpressionAttributeNames/);
    const get = planOf('lib-dynamodb.ts', 'GetItem');
    assert.deepEqual(json(cellOf(get)), { table: 'DevOpsProjects', key: { ProjectID: 'day55' }, projection: ['Name', 'Status'], limit: 1 });
    const source = `import { QueryCommand } from '@aws-sdk/lib-dynamodb';
      const TABLE = \`\${stage}-orders\`;
      new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'CustomerId = :c and OrderId between :a and :b',
        ExpressionAttributeValues: { ':c': 'C1', ':a': 'O#1', ':b': 'O#9', ':unused': -0.000000000000000000001 }, Limit: 3 });`;
    const [call] = analyzeFile(source, 'x.ts').calls;
    assert.equal(call.requests[0].values?.entries.find((e) => e.key === ':unused')?.literal?.N, '-0.000000000000000000001');
    assert.deepEqual(json(cellOf(planRun(call, options))), { table: 'dev-orders', key: { CustomerId: 'C1', OrderId: { between: ['O#1', 'O#9'] } }, limit: 3 });
  });

  it('v2 DocumentClient: the index query asks for the email the function receives; a syntax error is a reason', () => {
    const plan = planOf('docclient-v2.js', 'Query');
    assert.ok(plan.ok);
    assert.deepEqual(plan.asked, [{ name: ':e', attribute: 'email' }]);
    assert.deepEqual(json(cellOf(plan, { ':e': { S: 'a@b.c' } })), { table: 'Users', index: 'ByEmail', key: { email: 'a@b.c' } });
    const scan = planOf('docclient-v2.js', 'Scan');
    assert.ok(!scan.ok);
    assert.match(scan.reason, /FilterExpression has a syntax error/);
  });

  it('PartiQL: a SELECT with a typed parameter becomes a PartiQL cell with the value as a literal', () => {
    const plan = planOf('partiql.ts', 'ExecuteStatement', 0);
    assert.ok(plan.ok);
    assert.deepEqual(plan.asked, []);
    assert.equal(cellOf(plan), `SELECT * FROM "CustomerOrders"."ByStatus" WHERE "Status" = 'NEW'`);
    const source = `import { ExecuteStatementCommand } from '@aws-sdk/client-dynamodb';
      new ExecuteStatementCommand({ Statement: "SELECT * FROM \\"\${stage}-orders\\" WHERE CustomerId = ? AND Note = '?' AND OrderId = ?", Parameters: [{ S: who }, { S: "O'1" }] });`;
    const [call] = analyzeFile(source, 'x.ts').calls;
    const mapped = planRun(call, options);
    assert.ok(mapped.ok);
    assert.deepEqual(mapped.asked, [{ name: '?1' }]);
    assert.equal(cellOf(mapped, { '?1': { S: "x' OR 'a'='a" } }), `SELECT * FROM "dev-orders" WHERE CustomerId = 'x'' OR ''a''=''a' AND Note = '?' AND OrderId = 'O''1'`);
  });

  it('writes are never offered: PutItem, a DELETE statement, a transaction', () => {
    const offered = (file: string) => callsOf(file).filter(isRunnableCall).map((c) => c.operation);
    assert.deepEqual(offered('v3-client.ts'), ['Query', 'Query', 'Scan']);
    assert.deepEqual(offered('partiql.ts'), ['ExecuteStatement', 'ExecuteStatement', 'ExecuteStatement'], 'the three SELECTs (two with syntax errors, refused with their reason when run)');
    assert.deepEqual(offered('run-requests.ts'), ['Query', 'Scan', 'Scan', 'GetItem', 'Scan']);
    assert.deepEqual(offered('lib-dynamodb.ts'), ['Query', 'GetItem']);
    const del = callsOf('partiql.ts').find((c) => c.requests[0]?.statement?.value.startsWith('DELETE'))!;
    assert.ok(!planRun(del).ok);
  });

  it('a nested OR inside AND is refused with the reason, never run as something else', () => {
    const plan = planOf('run-requests.ts', 'Scan', 1);
    assert.ok(!plan.ok);
    assert.equal(
      plan.reason,
      'This Scan cannot be run as a notebook cell: its FilterExpression nests an OR inside AND ("(#s = :a OR #s = :b)"); a notebook cell joins all its filter conditions one way, with AND or with OR.',
    );
    assert.equal(plan.table, 'CustomerOrders');
  });

  it('a parallel scan segment and a SELECT statement with unclosed quotes are refused with their reasons', () => {
    const segment = planOf('run-requests.ts', 'Scan', 2);
    assert.ok(!segment.ok);
    assert.match(segment.reason, /one segment of a parallel scan/);
    const unclosed = planOf('partiql.ts', 'ExecuteStatement', 1);
    assert.ok(!unclosed.ok);
    assert.match(unclosed.reason, /syntax error/);
  });

  it('an answer missing or of mixed types is a reason, not a cell', () => {
    const plan = planOf('v3-client.ts', 'Query', 0);
    assert.ok(plan.ok);
    const missing = runCell(plan, new Map());
    assert.deepEqual(missing, { ok: false, reason: 'The cell cannot be written: no value was given for :c.' });
    const between = analyzeFile(
      `import { ScanCommand } from '@aws-sdk/lib-dynamodb';\nnew ScanCommand({ TableName: 'T', FilterExpression: 'a BETWEEN :x AND :y', ExpressionAttributeValues: { ':x': 1, ':y': y } });`,
      'x.ts',
    ).calls[0];
    const p = planRun(between);
    assert.ok(p.ok);
    const r = runCell(p, new Map([[':y', { S: 'z' }]]));
    assert.ok(!r.ok);
    assert.match(r.reason, /different types \(N, S\)/);
  });

  it('asked values: a key type reads the text as that type; otherwise a cell value, else a string', () => {
    assert.deepEqual(parseAskedValue('12345678901234567890123', 'N'), { ok: true, value: { N: '12345678901234567890123' } });
    assert.equal(parseAskedValue('12a', 'N').ok, false);
    assert.deepEqual(parseAskedValue('007', 'S'), { ok: true, value: { S: '007' } });
    assert.equal(parseAskedValue('', 'S').ok, false);
    assert.deepEqual(parseAskedValue('42'), { ok: true, value: { N: '42' } });
    assert.deepEqual(parseAskedValue('"42"'), { ok: true, value: { S: '42' } });
    assert.deepEqual(parseAskedValue('true'), { ok: true, value: { BOOL: true } });
    assert.deepEqual(parseAskedValue('SHIPPED'), { ok: true, value: { S: 'SHIPPED' } });
    assert.deepEqual(parseAskedValue('5}, "table": "x"'), { ok: true, value: { S: '5}, "table": "x"' } });
  });

  it('literal sets, lists and maps are read in each notation and written as PartiQL literals', () => {
    const typed = `import { ExecuteStatementCommand } from '@aws-sdk/client-dynamodb';
      new ExecuteStatementCommand({ Statement: 'SELECT * FROM "T" WHERE a IN ? AND b = ? AND c = ?',
        Parameters: [{ L: [{ S: 'x' }, { N: '1.50' }] }, { M: { k: { SS: ['p', "q'r"] } } }, { NULL: true }] });`;
    const [call] = analyzeFile(typed, 'x.ts').calls;
    assert.deepEqual(call.requests[0].parameters?.values, [{ L: [{ S: 'x' }, { N: '1.50' }] }, { M: { k: { SS: ['p', "q'r"] } } }, { NULL: true }]);
    const plan = planRun(call);
    assert.equal(cellOf(plan), `SELECT * FROM "T" WHERE a IN ['x', 1.50] AND b = {'k': <<'p', 'q''r'>>} AND c = null`);
    const plain = `import { ExecuteStatementCommand } from '@aws-sdk/lib-dynamodb';
      new ExecuteStatementCommand({ Statement: 'SELECT * FROM "T" WHERE a = ?', Parameters: [{ n: [1e3, -2, true], s: \`t\` }] });`;
    const [plainCall] = analyzeFile(plain, 'x.ts').calls;
    assert.deepEqual(plainCall.requests[0].parameters?.values, [{ M: { n: { L: [{ N: '1e3' }, { N: '-2' }, { BOOL: true }] }, s: { S: 't' } } }]);
  });
});
