// Notebook cells in the model: query cells to specs (with places of problems), variables between cells, PartiQL
// parameters and transactions, placeholders declared and used, completion, the file codec, access patterns, pricing.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import { buildRequest } from '../../../src/model/query/request';
import { checkPlaceholders, parseQueryCell, toQuerySpec, DEFAULT_CELL_LIMIT, type QueryCell } from '../../../src/model/notebook/queryCell';
import { bindStatements, checkPartiqlPlaceholders, parsePartiqlCell, splitStatements } from '../../../src/model/notebook/partiqlCell';
import { emptyScope, type NamedResult, type VariableScope } from '../../../src/model/notebook/variables';
import { completePartiqlCell, completeQueryCell, jsonContext } from '../../../src/model/notebook/completion';
import { readNotebookFile, writeNotebookFile } from '../../../src/model/notebook/notebookFile';
import { accessPatternsMarkdown, specToCell, starterNotebook } from '../../../src/model/notebook/accessPatterns';
import { estimateCost, estimateScanReadUnits, formatUsd } from '../../../src/model/notebook/pricing';
import type { Item } from '../../../src/model/items/types';

// The sample table exactly as scripts/seed.js creates it (keys, GSI ByStatus, LSI ByTotal).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const seed = require(path.resolve(__dirname, '../../../../scripts/seed.js')) as { customerOrdersDefinition(name: string): TableDescription };
const ORDERS: TableDescription = seed.customerOrdersDefinition('CustomerOrders');

const BIG = '12345678901234567890123456789012345678';

function parsed(text: string): QueryCell {
  const r = parseQueryCell(text);
  assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.problems));
  assert.deepEqual(r.problems, []);
  return r.cell;
}

function scopeWith(results: Record<string, NamedResult>): VariableScope {
  return { results: new Map(Object.entries(results)), params: new Map() };
}

function specOf(text: string, scope: VariableScope = emptyScope()) {
  const r = toQuerySpec(parsed(text), 'CustomerOrders', ORDERS, scope);
  assert.ok(r.ok, r.ok ? '' : r.problems.map((p) => p.message).join('\n'));
  return r.run;
}

function problemsOf(text: string, scope: VariableScope = emptyScope()) {
  const p = parseQueryCell(text);
  if (!p.ok || p.problems.length) return p.problems;
  const r = toQuerySpec(p.cell, 'CustomerOrders', ORDERS, scope);
  assert.ok(!r.ok, 'expected problems');
  return r.problems;
}

describe('notebook query cells', () => {
  it('a key condition with between on the GSI becomes the viewer spec and the request it sends', () => {
    const run = specOf('{ "index": "ByStatus", "key": { "Status": "SHIPPED", "OrderDate": { "between": ["2024-03-01", "2024-03-31"] } }, "projection": ["OrderId", "Total"], "limit": 5, "direction": "desc" }');
    assert.equal(run.spec.kind, 'query');
    assert.deepEqual(run.spec.partitionKey, { name: 'Status', value: 'SHIPPED', type: 'S' });
    assert.deepEqual(run.spec.sortKey, { name: 'OrderDate', op: 'BETWEEN', type: 'S', value: '2024-03-01', value2: '2024-03-31' });
    assert.equal(run.limit, 5);
    // No filter: DynamoDB is asked for the limit, so it reads no more than the cell keeps.
    assert.equal(run.spec.pageSize, 5);
    const request = buildRequest(run.spec);
    assert.equal(request.operation, 'Query');
    assert.equal(request.input.IndexName, 'ByStatus');
    assert.equal((request.input as { ScanIndexForward?: boolean }).ScanIndexForward, false);
    assert.equal(request.input.ReturnConsumedCapacity, 'INDEXES');
    assert.match(String((request.input as { KeyConditionExpression?: string }).KeyConditionExpression), /BETWEEN/);
  });

  it('keeps a 38-digit number literal exactly, as N text', () => {
    const run = specOf(`{ "operation": "scan", "filter": { "LedgerBalance": { ">=": ${BIG} } } }`);
    assert.deepEqual(run.spec.filters[0], { path: 'LedgerBalance', op: '>=', values: [BIG], type: 'N' });
    const values = (buildRequest(run.spec).input as { ExpressionAttributeValues?: Record<string, unknown> }).ExpressionAttributeValues!;
    assert.deepEqual(Object.values(values), [{ N: BIG }]);
  });

  it('scans by default without a key, and reads at most the default limit', () => {
    const run = specOf('{}');
    assert.equal(run.spec.kind, 'scan');
    assert.equal(run.limit, DEFAULT_CELL_LIMIT);
  });

  it('places problems on the part they are about: a non-key in "key", an unknown index, a bad operator', () => {
    const text = '{\n  "key": { "CustomerId": "C1", "Status": "PAID" }\n}';
    const [p] = problemsOf(text);
    assert.match(p.message, /Status is not a key of the table CustomerOrders.*Put the condition in "filter"/);
    assert.equal(p.range.start.line, 1);
    assert.equal(text.slice(p.range.start.offset, p.range.end.offset), '"Status": "PAID"');
    assert.match(problemsOf('{ "index": "ByColour", "key": { "Colour": "red" } }')[0].message, /no index named ByColour.*ByStatus, ByTotal/);
    const bad = parseQueryCell('{ "filter": { "Total": { "≥": 3 } } }');
    assert.ok(bad.ok);
    assert.match(bad.problems[0].message, /unknown operator "≥"/);
    assert.match(parseQueryCell('{ "tabel": "x" }').problems[0].message, /Unknown field "tabel"/);
  });

  it('reports what the viewer would refuse: a sort key type that never matches, consistent reads on a GSI', () => {
    assert.match(problemsOf('{ "index": "ByTotal", "key": { "CustomerId": "C1", "Total": { ">": "ten" } } }')[0].message, /Total \(N\).*Choose type N/);
    assert.match(problemsOf('{ "index": "ByStatus", "key": { "Status": "PAID" }, "consistentRead": true }')[0].message, /global secondary index/);
  });

  it('syntax errors come back with their line, never a throw', () => {
    const r = parseQueryCell('{ "key": { "CustomerId": "C1" ');
    assert.ok(!r.ok);
    assert.ok(r.problems[0].range.start.offset > 0);
  });
});

describe('notebook variables', () => {
  const customer: Item = { CustomerId: { S: 'CUST#00001' }, Points: { N: BIG } };
  const orders: Item[] = [{ CustomerId: { S: 'CUST#00001' }, OrderId: { S: 'ORD#1' } }, { CustomerId: { S: 'CUST#00001' }, OrderId: { S: 'ORD#2' } }];
  const scope = scopeWith({ customer: { items: [customer] }, orders: { items: orders, lastKey: orders[1] } });

  it('a later cell uses an attribute of an earlier result, a list for IN, and where it stopped', () => {
    const run = specOf('{ "key": { "CustomerId": ":customer.CustomerId" }, "filter": { "ReplacesOrder": { "in": [":orders[*].OrderId"] } }, "startKey": ":orders.$lastKey" }', scope);
    assert.equal(run.spec.partitionKey?.value, 'CUST#00001');
    assert.deepEqual(run.spec.filters[0].values, ['ORD#1', 'ORD#2']);
    assert.deepEqual(run.startKey, orders[1]);
  });

  it('a declared placeholder is used; an undeclared one and an unused one are reported', () => {
    const run = specOf('{ "index": "ByStatus", "params": { "status": "PAID" }, "key": { "Status": ":status" } }');
    assert.equal(run.spec.partitionKey?.value, 'PAID');
    const cell = parsed('{ "params": { "unused": 1 }, "key": { "CustomerId": ":who" } }');
    const problems = checkPlaceholders(cell, ['customer']);
    assert.equal(problems.length, 2);
    assert.match(problems[0].message, /":who" is not declared|"who" is not declared/);
    assert.equal(problems[0].severity, 'error');
    assert.match(problems[1].message, /":unused" is declared but not used/);
    assert.equal(problems[1].severity, 'warning');
    assert.deepEqual(checkPlaceholders(parsed('{ "key": { "CustomerId": ":customer.CustomerId" } }'), ['customer']), []);
  });

  it('a reference that cannot be resolved says what to do, and nothing runs', () => {
    const [p] = problemsOf('{ "key": { "CustomerId": ":customer.Missing" } }', scope);
    assert.match(p.message, /first item of "customer" has no attribute Missing/);
    const [q] = problemsOf('{ "key": { "CustomerId": ":nobody.CustomerId" } }', scope);
    assert.match(q.message, /nothing is named "nobody".*:customer, :orders/);
  });

  it('PartiQL references become parameters, keeping exact numbers; a list becomes [?, ?]', () => {
    const bound = bindStatements('-- name: x\nSELECT * FROM "T" WHERE a = :customer.Points AND b IN :orders[*].OrderId AND c = \':notaref\'', scope);
    assert.ok(bound.ok);
    assert.equal(bound.statements.length, 1);
    assert.equal(bound.statements[0].statement, '-- name: x\nSELECT * FROM "T" WHERE a = ? AND b IN [?, ?] AND c = \':notaref\'');
    assert.deepEqual(bound.statements[0].parameters, [{ N: BIG }, { S: 'ORD#1' }, { S: 'ORD#2' }]);
    assert.deepEqual(parsePartiqlCell('-- name: x\n-- connection: Prod Account\nSELECT 1').cell, { text: '-- name: x\n-- connection: Prod Account\nSELECT 1', name: 'x', connection: 'Prod Account' });
    assert.match(checkPartiqlPlaceholders('SELECT * FROM "T" WHERE a = :ghost.A', [])[0].message, /nothing above is named "ghost"/);
  });

  it('statements split at semicolons outside quotes and comments (a transaction)', () => {
    const pieces = splitStatements(`UPDATE "T" SET a = 'x;y' WHERE k = 1; -- a; comment\nDELETE FROM "T" WHERE k = 2;`);
    assert.deepEqual(pieces.map((p) => p.text.trim()), [`UPDATE "T" SET a = 'x;y' WHERE k = 1`, '-- a; comment\nDELETE FROM "T" WHERE k = 2']);
  });
});

describe('notebook completion', () => {
  it('knows where the cursor is in unfinished JSON', () => {
    assert.deepEqual(jsonContext('{ "key": { "OrderId": { "'), { path: ['key', 'OrderId'], position: 'key', inString: true, prefix: '' });
    assert.deepEqual(jsonContext('{ "index": "By').path, ['index']);
  });

  it('offers fields, the index\'s key names, operators, index names and variables', () => {
    const ctx = { table: ORDERS, tables: ['CustomerOrders', 'DevOpsProjects'], variables: [{ name: 'customer', detail: 'result of cell 1' }] };
    const labels = (text: string) => completeQueryCell(text, text.length, ctx).map((e) => e.label);
    assert.ok(labels('{ "').includes('key'));
    assert.deepEqual(labels('{ "index": "ByStatus", "key": { "'), ['Status', 'OrderDate']);
    assert.deepEqual(labels('{ "key": { "'), ['CustomerId', 'OrderId']);
    assert.ok(labels('{ "key": { "OrderId": { "').includes('begins_with'));
    assert.deepEqual(labels('{ "index": "'), ['ByStatus', 'ByTotal']);
    assert.deepEqual(labels('{ "table": "'), ['CustomerOrders', 'DevOpsProjects']);
    assert.deepEqual(labels('{ "key": { "CustomerId": ":'), [':customer']);
    assert.ok(labels('{ "filter": { "Total": { "').includes('between'));
    assert.deepEqual(completePartiqlCell('SELECT * FROM "T" WHERE a = :c', 30, ctx).map((e) => e.label), [':customer']);
  });
});

describe('notebook file', () => {
  it('holds the connection name and cells; outputs only when asked; unknown fields (an endpoint, keys) are dropped', () => {
    const text = JSON.stringify({
      dynamodbNotebook: 1,
      connection: 'Local',
      endpoint: 'http://secret.example',
      secretAccessKey: 'abc',
      cells: [{ kind: 'query', source: ['{', '  "key": {}', '}'], outputs: [{ mime: 'x/y', data: '{}' }] }],
    });
    const read = readNotebookFile(text);
    assert.ok(read.ok);
    assert.equal(read.notebook.cells[0].source, '{\n  "key": {}\n}');
    const without = writeNotebookFile(read.notebook, { saveOutputs: false });
    assert.doesNotMatch(without, /secret|endpoint|outputs/);
    assert.match(without, /"connection": "Local"/);
    assert.match(writeNotebookFile(read.notebook, { saveOutputs: true }), /"outputs"/);
    const bad = readNotebookFile('{ "cells": [] }');
    assert.ok(!bad.ok);
    assert.match(bad.message, /dynamodbNotebook/);
  });
});

describe('access patterns', () => {
  it('a starter notebook has one runnable query per index, on key values that exist', () => {
    const sample: Item = { CustomerId: { S: 'CUST#00001' }, OrderId: { S: 'ORD#0000001' }, Status: { S: 'PAID' }, OrderDate: { S: '2024-01-02' }, Total: { N: '12.50' } };
    const nb = starterNotebook(ORDERS, { connection: 'Local', region: 'us-east-1' }, new Map([['', sample], ['ByStatus', sample], ['ByTotal', sample]]));
    const queries = nb.cells.filter((c) => c.kind === 'query');
    assert.equal(queries.length, 3);
    for (const q of queries) {
      const r = toQuerySpec(parsed(q.source), 'CustomerOrders', ORDERS, emptyScope());
      assert.ok(r.ok, `${q.source}: ${r.ok ? '' : r.problems[0].message}`);
      assert.equal(r.run.spec.kind, 'query');
    }
    const md = accessPatternsMarkdown(nb, 'orders.dynamodb-nb');
    assert.match(md, /3 access patterns \(connection Local, us-east-1\)/);
    assert.match(md, /\| ByStatus \| Query \| Status = "PAID" AND begins_with\(OrderDate, "2024-"\)/);
    assert.match(md, /\| ByTotal \| Query \| CustomerId = "CUST#00001" AND Total >= 12.50/);
  });

  it('without a sample the cell declares a placeholder to fill in', () => {
    const nb = starterNotebook(ORDERS, {}, new Map());
    const cell = parsed(nb.cells.find((c) => c.kind === 'query')!.source);
    assert.deepEqual([...cell.params.keys()], ['CustomerId']);
    assert.deepEqual(checkPlaceholders(cell, []), []);
  });

  it('a viewer spec becomes a cell that gives the same spec back', () => {
    const spec = specOf(`{ "index": "ByTotal", "key": { "CustomerId": "C1", "Total": { ">=": ${BIG} } }, "filter": { "Tags": { "contains": "gift" }, "Notes": { "not": { "attribute_exists": true } } }, "direction": "desc" }`).spec;
    const again = specOf(specToCell(spec).source).spec;
    assert.deepEqual(again, spec);
  });
});

describe('on-demand cost estimate', () => {
  it('prices read and write units in the region, and says when it has no figure', () => {
    const cost = estimateCost({ readUnits: 39.5, writeUnits: 0 }, 'us-east-1');
    assert.ok(cost.ok);
    assert.equal(cost.text, '$0.0000049');
    assert.match(cost.basis, /estimate.*us-east-1/);
    const w = estimateCost({ readUnits: 0, writeUnits: 2_000_000 }, 'us-east-1');
    assert.ok(w.ok);
    assert.equal(w.text, '$1.25');
    const none = estimateCost({ readUnits: 1, writeUnits: 0 }, 'ddblocal');
    assert.ok(!none.ok);
    assert.match(none.reason, /No on-demand price for ddblocal/);
    assert.equal(formatUsd(0), '$0');
  });

  it('estimates a full scan in read units from the size: eventually consistent reads cost half', () => {
    assert.equal(estimateScanReadUnits(1963679, false), 240);
    assert.equal(estimateScanReadUnits(1963679, true), 480);
    assert.equal(estimateScanReadUnits(undefined, false), undefined);
  });
});
