// scripts/seed.js creates the sample tables as documented, with every attribute type, and only once.
import * as assert from 'node:assert/strict';
import {
  CreateTableCommand,
  GetItemCommand,
  ScanCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { billingSummary, indexSummaries, keySchemaSummary } from '../../../src/model/table/tableInfo';
import { TableService } from '../../../src/services/dynamo/tableService';
import { deleteTables, getTestEndpoint, requireScript, testClient, uniqueTableName } from '../dynamoLocal';

interface SeedResult {
  tableName: string;
  created: boolean;
  skipped: boolean;
  itemsWritten: number;
}
interface SeedScript {
  seedSampleData(options: { endpoint: string; region?: string; orderCount?: number; tableNamePrefix?: string }): Promise<SeedResult[]>;
  SAMPLE_TABLES: string[];
  DEVOPS_PROJECT_ITEMS: Array<Record<string, string>>;
}

const ORDER_COUNT = 600;

async function scanAll(client: DynamoDBClient, TableName: string): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName, ExclusiveStartKey }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/** Every attribute type used anywhere in the value, nested ones included. */
function collectTypes(value: AttributeValue, into: Set<string>, depth = 1, maxDepth = { value: 0 }): void {
  const [type, inner] = Object.entries(value).find(([, v]) => v !== undefined) as [string, unknown];
  into.add(type);
  maxDepth.value = Math.max(maxDepth.value, depth);
  if (type === 'M') for (const v of Object.values(inner as Record<string, AttributeValue>)) collectTypes(v, into, depth + 1, maxDepth);
  if (type === 'L') for (const v of inner as AttributeValue[]) collectTypes(v, into, depth + 1, maxDepth);
}

describe('scripts/seed.js seedSampleData (DynamoDB Local)', function () {
  this.timeout(120_000);
  const seed = requireScript<SeedScript>('seed.js');
  // A private prefix: other tests may use the standard sample tables on the same endpoint.
  const prefix = `${uniqueTableName('Seed')}-`;
  const ordersTable = `${prefix}CustomerOrders`;
  const projectsTable = `${prefix}DevOpsProjects`;
  const replayPrefix = `${uniqueTableName('SeedReplay')}-`;
  const partialPrefix = `${uniqueTableName('SeedPartial')}-`;
  let endpoint: string;
  let client: DynamoDBClient;
  let firstRun: SeedResult[];

  before(async () => {
    endpoint = await getTestEndpoint();
    client = testClient(endpoint);
    firstRun = await seed.seedSampleData({ endpoint, orderCount: ORDER_COUNT, tableNamePrefix: prefix });
  });

  after(async () => {
    if (!endpoint) return;
    const names = [prefix, replayPrefix, partialPrefix].flatMap((p) => ['CustomerOrders', 'DevOpsProjects'].map((t) => p + t));
    await deleteTables(testClient(endpoint), names);
  });

  it('names the two sample tables', () => {
    assert.deepEqual(seed.SAMPLE_TABLES, ['CustomerOrders', 'DevOpsProjects']);
  });

  it('creates both tables and reports what it wrote', () => {
    const byName = new Map(firstRun.map((r) => [r.tableName, r]));
    assert.deepEqual(byName.get(ordersTable), { tableName: ordersTable, created: true, skipped: false, itemsWritten: ORDER_COUNT });
    assert.deepEqual(byName.get(projectsTable), { tableName: projectsTable, created: true, skipped: false, itemsWritten: seed.DEVOPS_PROJECT_ITEMS.length });
  });

  it('gives DevOpsProjects a ProjectID key, 5/5 provisioned capacity and the day55 project', async () => {
    const service = new TableService(client);
    const desc = await service.describeTable(projectsTable);
    assert.equal(keySchemaSummary(desc), 'ProjectID (S)');
    assert.equal(billingSummary(desc), 'Provisioned (5 RCU / 5 WCU)');
    const { Item } = await client.send(new GetItemCommand({ TableName: projectsTable, Key: { ProjectID: { S: 'day55' } } }));
    assert.equal(Item?.Name?.S, 'DynamoDB Setup');
    assert.equal(Item?.Status?.S, 'Completed');
    const items = await scanAll(client, projectsTable);
    assert.ok(items.length >= 5, `expected a handful of projects, got ${items.length}`);
    for (const item of items) {
      for (const attribute of ['ProjectID', 'Name', 'Status', 'Owner', 'StartDate']) {
        assert.ok(item[attribute]?.S, `project ${item.ProjectID?.S} lacks ${attribute}`);
      }
    }
  });

  it('gives CustomerOrders its composite key, on-demand billing, ByStatus GSI, ByTotal LSI and TTL', async () => {
    const service = new TableService(client);
    const desc = await service.describeTable(ordersTable);
    assert.equal(keySchemaSummary(desc), 'CustomerId (S) · OrderId (S)');
    assert.equal(billingSummary(desc), 'On-demand');
    assert.deepEqual(
      indexSummaries(desc).map((i) => [i.name, i.kind, i.keySummary, i.projectionLabel]),
      [
        ['ByStatus', 'GSI', 'Status (S) · OrderDate (S)', 'ALL'],
        ['ByTotal', 'LSI', 'CustomerId (S) · Total (N)', 'ALL'],
      ],
    );
    const ttl = await service.describeTimeToLive(ordersTable);
    assert.ok(ttl.supported);
    assert.equal(ttl.description.TimeToLiveStatus, 'ENABLED');
    assert.equal(ttl.description.AttributeName, 'ExpiresAt');
  });

  it('writes orderCount orders holding every attribute type, exact big numbers and every byte value', async () => {
    const items = await scanAll(client, ordersTable);
    assert.equal(items.length, ORDER_COUNT);
    assert.equal(new Set(items.map((i) => `${i.CustomerId.S}|${i.OrderId.S}`)).size, ORDER_COUNT, 'keys are unique');

    const types = new Set<string>();
    const depth = { value: 0 };
    for (const item of items) for (const value of Object.values(item)) collectTypes(value, types, 1, depth);
    assert.deepEqual([...types].sort(), ['B', 'BOOL', 'BS', 'L', 'M', 'N', 'NS', 'NULL', 'S', 'SS']);
    assert.ok(depth.value >= 3, `maps nest at least 3 levels deep, found ${depth.value}`);

    const numbers = items.flatMap((item) => Object.values(item).flatMap((v) => (v.N !== undefined ? [v.N] : [])));
    assert.ok(numbers.includes('9007199254740993'), 'an integer just past 2^53 survives exactly');
    assert.ok(numbers.some((n) => n.replace(/^-/, '').replace('.', '').length === 38), 'a 38-digit number is present');
    assert.ok(numbers.includes('0.000000000000000000000000000000000001') || numbers.includes('1E-36') || numbers.includes('1e-36'), 'a tiny decimal is present');

    const allBytes = items.flatMap((item) => Object.values(item).flatMap((v) => (v.B ? [Buffer.from(v.B)] : [])))
      .find((b) => new Set(b).size === 256);
    assert.ok(allBytes, 'some binary attribute holds all 256 byte values');

    for (const item of items) {
      const expiresAt = Number(item.ExpiresAt?.N);
      assert.ok(Number.isInteger(expiresAt) && expiresAt > Date.now() / 1000, `ExpiresAt of ${item.OrderId.S} is an epoch-seconds time in the future`);
    }
  });

  it('leaves tables that already hold items alone', async () => {
    const again = await seed.seedSampleData({ endpoint, orderCount: ORDER_COUNT, tableNamePrefix: prefix });
    assert.deepEqual(
      again.map((r) => [r.tableName, r.created, r.skipped, r.itemsWritten]).sort(),
      [
        [ordersTable, false, true, 0],
        [projectsTable, false, true, 0],
      ],
    );
    assert.equal((await scanAll(client, ordersTable)).length, ORDER_COUNT);
  });

  it('fills a sample table that exists but is empty', async () => {
    await client.send(
      new CreateTableCommand({
        TableName: `${partialPrefix}DevOpsProjects`,
        AttributeDefinitions: [{ AttributeName: 'ProjectID', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'ProjectID', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    const results = await seed.seedSampleData({ endpoint, orderCount: 10, tableNamePrefix: partialPrefix });
    const projects = results.find((r) => r.tableName === `${partialPrefix}DevOpsProjects`);
    assert.deepEqual(projects, { tableName: `${partialPrefix}DevOpsProjects`, created: false, skipped: false, itemsWritten: seed.DEVOPS_PROJECT_ITEMS.length });
    assert.equal((await scanAll(client, `${partialPrefix}DevOpsProjects`)).length, seed.DEVOPS_PROJECT_ITEMS.length);
  });

  it('writes the same orders on every run', async () => {
    const count = 40;
    await seed.seedSampleData({ endpoint, orderCount: count, tableNamePrefix: replayPrefix });
    const key = (i: Record<string, AttributeValue>) => `${i.CustomerId.S}|${i.OrderId.S}`;
    const replay = new Map((await scanAll(client, `${replayPrefix}CustomerOrders`)).map((i) => [key(i), i]));
    const original = (await scanAll(client, ordersTable)).filter((i) => replay.has(key(i)));
    assert.equal(original.length, count, 'the first orders of a larger run have the same keys');
    for (const item of original) assert.deepEqual(replay.get(key(item)), item);
  });
});
