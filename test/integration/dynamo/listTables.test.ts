// Listing tables follows every ListTables page and can be cancelled, against a real DynamoDB Local.
import * as assert from 'node:assert/strict';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { TableService } from '../../../src/services/dynamo/tableService';
import { StudioError } from '../../../src/model/errors';
import { deleteTables, getTestEndpoint, mapWithConcurrency, testClient, uniqueTableName } from '../dynamoLocal';

const TABLE_COUNT = 130; // more than one page of the service's maximum of 100 names

describe('TableService.listTableNames (DynamoDB Local)', function () {
  this.timeout(120_000);
  const prefix = uniqueTableName('ListProbe');
  const tableNames = Array.from({ length: TABLE_COUNT }, (_, i) => `${prefix}-${String(i).padStart(3, '0')}`);
  let endpoint: string;
  let service: TableService;

  before(async () => {
    endpoint = await getTestEndpoint();
    const client = testClient(endpoint);
    service = new TableService(client);
    await mapWithConcurrency(tableNames, 8, (TableName) =>
      client.send(
        new CreateTableCommand({
          TableName,
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      ),
    );
  });

  after(async () => {
    if (endpoint) await deleteTables(testClient(endpoint), tableNames);
  });

  it('returns every table across pages with a small page size', async () => {
    const pages: string[][] = [];
    const names = await service.listTableNames({ pageSize: 7, onPage: (page) => pages.push([...page]) });
    const mine = names.filter((n) => n.startsWith(prefix));
    assert.deepEqual([...mine].sort(), [...tableNames].sort());
    assert.equal(new Set(names).size, names.length, 'no name is listed twice');
    assert.ok(pages.length >= Math.ceil(TABLE_COUNT / 7), `expected at least ${Math.ceil(TABLE_COUNT / 7)} pages, got ${pages.length}`);
    assert.ok(pages.every((p) => p.length <= 7), 'no page is larger than the page size');
    assert.deepEqual(pages.flat(), names, 'the pages, in order, make up the result');
  });

  it('returns every table with the default page size, which needs more than one request', async () => {
    let pageCount = 0;
    const names = await service.listTableNames({ onPage: () => pageCount++ });
    for (const name of tableNames) assert.ok(names.includes(name), `${name} is missing from the listing`);
    assert.ok(pageCount >= 2, `130 tables do not fit one page of 100, yet ${pageCount} page(s) were read`);
  });

  it('stops when the AbortSignal fires between pages', async () => {
    const controller = new AbortController();
    let pagesSeen = 0;
    const listing = service.listTableNames({
      pageSize: 10,
      signal: controller.signal,
      onPage: () => {
        pagesSeen++;
        controller.abort();
      },
    });
    await assert.rejects(listing, (err: unknown) => {
      assert.ok(err instanceof StudioError, `expected a StudioError, got ${String(err)}`);
      assert.equal(err.kind, 'cancelled');
      assert.match(err.message, /List tables was cancelled/);
      return true;
    });
    assert.equal(pagesSeen, 1, 'no page is read after the abort');
  });

  it('does not send anything when the signal was aborted before the call', async () => {
    let pagesSeen = 0;
    await assert.rejects(
      service.listTableNames({ signal: AbortSignal.abort(), onPage: () => pagesSeen++ }),
      (err: unknown) => err instanceof StudioError && err.kind === 'cancelled',
    );
    assert.equal(pagesSeen, 0);
  });
});
