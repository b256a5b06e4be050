// The demo notebook's cells run through the model and the services against DynamoDB Local, as the controller runs
// them: the exact 38-digit numbers come back as text, consumed capacity is reported by index, variables carry values
// from one cell to the next, a cancel keeps what was read, and a read-only connection refuses a notebook write.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GetItemCommand, type DynamoDBClient, type TableDescription } from '@aws-sdk/client-dynamodb';
import { readNotebookFile } from '../../../src/model/notebook/notebookFile';
import type { NamedResult } from '../../../src/model/notebook/variables';
import { runNotebookCell, type NotebookCellRun } from '../../../src/services/notebook/cellRunner';
import { getTestEndpoint, repoRoot, requireScript, testClient, uniqueTableName, deleteTables } from '../dynamoLocal';
import { READ_ONLY_CONNECTION_NAME, withReadOnlyClient } from '../lifecycle/readOnlyPool';

interface SeedScript {
  seedSampleData(options: { endpoint: string; orderCount?: number; tableNamePrefix?: string }): Promise<unknown>;
}

const ORDER_COUNT = 600;

describe('notebook cells on DynamoDB Local', function () {
  this.timeout(120_000);
  const prefix = `${uniqueTableName('Nb')}-`;
  const rename = (text: string) => text.replace(/\b(CustomerOrders|DevOpsProjects)\b/g, `${prefix}$1`);
  let endpoint: string;
  let client: DynamoDBClient;
  const descriptions = new Map<string, Promise<TableDescription>>();

  const env = (signal?: AbortSignal, c: DynamoDBClient = client) => ({
    client: c,
    signal,
    describe: (t: string) => {
      let d = descriptions.get(t);
      if (!d) descriptions.set(t, (d = import('@aws-sdk/client-dynamodb').then(async ({ DescribeTableCommand }) => (await c.send(new DescribeTableCommand({ TableName: t }))).Table!)));
      return d;
    },
  });

  before(async () => {
    endpoint = await getTestEndpoint();
    client = testClient(endpoint);
    await requireScript<SeedScript>('seed.js').seedSampleData({ endpoint, orderCount: ORDER_COUNT, tableNamePrefix: prefix });
  });

  after(async () => {
    if (endpoint) await deleteTables(testClient(endpoint), [`${prefix}CustomerOrders`, `${prefix}DevOpsProjects`]);
  });

  it('runs every cell of the demo notebook in order, with exact numbers, capacity by index and variables', async () => {
    const file = readNotebookFile(fs.readFileSync(path.join(repoRoot(), 'scripts', 'demo', 'access-patterns.dynamodb-nb'), 'utf8'));
    assert.ok(file.ok);
    const results = new Map<string, NamedResult>();
    const names: string[] = [];
    const runs: NotebookCellRun[] = [];
    for (const cell of file.notebook.cells) {
      if (cell.kind === 'markdown') continue;
      const run = await runNotebookCell({ kind: cell.kind, text: rename(cell.source), defaultTable: rename(file.notebook.table!), results, namesAbove: names }, env());
      if (run.name) names.push(run.name);
      runs.push(run);
    }
    assert.deepEqual(runs.map((r) => [r.name, r.outcome.operation]), [
      ['project', 'ExecuteStatement'],
      ['orders', 'Query'],
      ['shipped', 'Query'],
      ['largest', 'Query'],
      [undefined, 'ExecuteStatement'],
    ]);
    const [project, orders, shipped, largest, byKeys] = runs;
    assert.equal(project.outcome.items[0].Name.S, 'DynamoDB Setup');
    // A customer has 12 orders; order 1 holds the 38-digit ledger balance of the seed, digit for digit.
    assert.equal(orders.outcome.count, 12);
    assert.deepEqual(orders.outcome.items[0].LedgerBalance, { N: '12345678901234567890123456789012340000' });
    assert.ok(orders.outcome.capacity.reported && orders.outcome.capacity.total > 0, 'a query reports consumed capacity');
    assert.ok(shipped.outcome.capacity.byTarget['GSI ByStatus'] > 0, `capacity by index: ${JSON.stringify(shipped.outcome.capacity)}`);
    assert.ok(shipped.outcome.items.length > 0);
    assert.ok(shipped.outcome.items.every((i) => i.Status === undefined && i.OrderDate.S! >= '2024-03-01' && i.OrderDate.S! <= '2024-03-31T23:59:59Z'));
    // The variable: the largest orders are those of the first shipped order's customer, by Total descending.
    const customer = shipped.outcome.items[0].CustomerId.S;
    assert.ok(largest.outcome.items.length > 0 && largest.outcome.items.length <= 3);
    assert.ok(largest.outcome.items.every((i) => i.CustomerId.S === customer));
    const totals = largest.outcome.items.map((i) => Number(i.Total.N));
    assert.deepEqual(totals, [...totals].sort((a, b) => b - a));
    assert.match(largest.outcome.request, /"IndexName": "ByTotal"/);
    // PartiQL with the keys found above, as parameters.
    assert.deepEqual(byKeys.outcome.items.map((i) => i.OrderId.S).sort(), largest.outcome.items.map((i) => i.OrderId.S).sort());
    assert.match(byKeys.outcome.request, /"Parameters"/);
  });

  it('a cancel stops a long read and keeps what was read', async () => {
    const controller = new AbortController();
    const run = runNotebookCell(
      { kind: 'query', text: rename('{ "table": "CustomerOrders", "operation": "scan", "pageSize": 1, "limit": 600 }'), results: new Map(), namesAbove: [] },
      env(controller.signal),
    );
    setTimeout(() => controller.abort(), 300);
    const { outcome } = await run;
    assert.equal(outcome.cancelled, true);
    assert.ok(outcome.count < ORDER_COUNT, `read ${outcome.count} before the cancel`);
    assert.equal(outcome.more, true);
  });

  it('refuses a PartiQL write on a read-only connection, naming it, and writes nothing; the same write passes on a normal one', async () => {
    const insert = rename(`INSERT INTO "DevOpsProjects" VALUE {'ProjectID': 'nb-refused', 'Name': 'x'}`);
    await withReadOnlyClient(endpoint, async (readOnly) => {
      await assert.rejects(runNotebookCell({ kind: 'partiql', text: insert, results: new Map(), namesAbove: [] }, env(undefined, readOnly)), (err: Error) => {
        assert.match(err.message, new RegExp(`ExecuteStatement was refused: the connection "${READ_ONLY_CONNECTION_NAME}" is read-only`));
        return true;
      });
    });
    const key = { ProjectID: { S: 'nb-refused' } };
    assert.equal((await client.send(new GetItemCommand({ TableName: `${prefix}DevOpsProjects`, Key: key, ConsistentRead: true }))).Item, undefined);
    const written = await runNotebookCell({ kind: 'partiql', text: insert, results: new Map(), namesAbove: [] }, env());
    assert.equal(written.outcome.isWrite, true);
    assert.ok((await client.send(new GetItemCommand({ TableName: `${prefix}DevOpsProjects`, Key: key, ConsistentRead: true }))).Item);
  });

  it('a cell with a problem sends nothing and says where the problem is', async () => {
    await assert.rejects(
      runNotebookCell({ kind: 'query', text: rename('{ "table": "CustomerOrders",\n  "key": { "CustomerId": ":nobody.Id" } }'), results: new Map(), namesAbove: [] }, env()),
      /Line 2, column \d+: :nobody\.Id: "nobody" is not declared/,
    );
  });
});
