#!/usr/bin/env node
// Sample tables for demos and tests: DevOpsProjects (simple key, provisioned) and CustomerOrders (composite key,
// on-demand, GSI + LSI, TTL, every attribute type). Deterministic: the same orderCount always gives the same items.
//
//   const { seedSampleData } = require('./scripts/seed.js');
//   await seedSampleData({ endpoint: 'http://127.0.0.1:8000' });
//
// CLI: node scripts/seed.js --endpoint http://127.0.0.1:8000 [--region us-east-1] [--orders 3000]
'use strict';

const Module = require('node:module');
const path = require('node:path');
const {
  DynamoDBClient,
  CreateTableCommand,
  DescribeTableCommand,
  ScanCommand,
  UpdateTimeToLiveCommand,
  DescribeTimeToLiveCommand,
} = require('@aws-sdk/client-dynamodb');

const DEVOPS_PROJECTS_TABLE = 'DevOpsProjects';
const CUSTOMER_ORDERS_TABLE = 'CustomerOrders';
const SAMPLE_TABLES = [CUSTOMER_ORDERS_TABLE, DEVOPS_PROJECTS_TABLE];
const DEFAULT_ORDER_COUNT = 3000;
const ORDERS_PER_CUSTOMER = 12;
const PARALLEL_BATCHES = 8;
/** Sends per item (unprocessed or throttled), the first included. */
const MAX_ATTEMPTS = 11;
/** DynamoDB Local accepts any key made of letters and digits ('-' and '_' are rejected). */
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

const DEVOPS_PROJECT_ITEMS = [
  { ProjectID: 'day55', Name: 'DynamoDB Setup', Status: 'Completed', Owner: 'platform-team', StartDate: '2024-02-24' },
  { ProjectID: 'day56', Name: 'Lambda Triggers for Streams', Status: 'Completed', Owner: 'platform-team', StartDate: '2024-02-25' },
  { ProjectID: 'day57', Name: 'Global Tables Across Regions', Status: 'In Progress', Owner: 'sre', StartDate: '2024-02-26' },
  { ProjectID: 'day58', Name: 'Point-in-Time Recovery Drill', Status: 'In Progress', Owner: 'sre', StartDate: '2024-02-27' },
  { ProjectID: 'day59', Name: 'IAM Least-Privilege Policies', Status: 'Planned', Owner: 'security', StartDate: '2024-02-28' },
  { ProjectID: 'day60', Name: 'CloudWatch Alarms for Throttling', Status: 'Planned', Owner: 'observability', StartDate: '2024-02-29' },
  { ProjectID: 'day61', Name: 'Terraform Module for Tables', Status: 'Blocked', Owner: 'platform-team', StartDate: '2024-03-01' },
  { ProjectID: 'day62', Name: 'On-Demand vs Provisioned Cost Review', Status: 'Planned', Owner: 'finops', StartDate: '2024-03-02' },
];

function devOpsProjectsDefinition(tableName) {
  return {
    TableName: tableName,
    AttributeDefinitions: [{ AttributeName: 'ProjectID', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'ProjectID', KeyType: 'HASH' }],
    BillingMode: 'PROVISIONED',
    ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
  };
}

function customerOrdersDefinition(tableName) {
  return {
    TableName: tableName,
    AttributeDefinitions: [
      { AttributeName: 'CustomerId', AttributeType: 'S' },
      { AttributeName: 'OrderId', AttributeType: 'S' },
      { AttributeName: 'Status', AttributeType: 'S' },
      { AttributeName: 'OrderDate', AttributeType: 'S' },
      { AttributeName: 'Total', AttributeType: 'N' },
    ],
    KeySchema: [
      { AttributeName: 'CustomerId', KeyType: 'HASH' },
      { AttributeName: 'OrderId', KeyType: 'RANGE' },
    ],
    BillingMode: 'PAY_PER_REQUEST',
    GlobalSecondaryIndexes: [
      {
        IndexName: 'ByStatus',
        KeySchema: [
          { AttributeName: 'Status', KeyType: 'HASH' },
          { AttributeName: 'OrderDate', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
    LocalSecondaryIndexes: [
      {
        IndexName: 'ByTotal',
        KeySchema: [
          { AttributeName: 'CustomerId', KeyType: 'HASH' },
          { AttributeName: 'Total', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  };
}

/**
 * A CloudFormation template (JSON) of the sample tables for the demo workspace, built from the same definitions
 * as the tables, with one deliberate drift to show: it declares a stream on CustomerOrders, which the seeded table
 * does not have. Compared with the Local connection, that stream is the only drift.
 */
function sampleTablesTemplate() {
  const resource = (definition, extra) => ({ Type: 'AWS::DynamoDB::Table', DeletionPolicy: 'Retain', Properties: { ...definition, ...extra } });
  const template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'The sample tables of DynamoDB Studio. Deliberate drift for the demo: the stream of CustomerOrders is declared here but is off on the live table.',
    Resources: {
      CustomerOrdersTable: resource(customerOrdersDefinition(CUSTOMER_ORDERS_TABLE), {
        TimeToLiveSpecification: { AttributeName: 'ExpiresAt', Enabled: true },
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
      DevOpsProjectsTable: resource(devOpsProjectsDefinition(DEVOPS_PROJECTS_TABLE), {}),
    },
  };
  return `${JSON.stringify(template, null, 2)}\n`;
}

/** Small seeded PRNG (mulberry32): sample data must not change between runs. */
function createRandom(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, maxInclusive) => min + Math.floor(next() * (maxInclusive - min + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    bytes: (n) => {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = Math.floor(next() * 256);
      return out;
    },
  };
}

const STATUSES = ['PENDING', 'PAID', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'RETURNED'];
const CHANNELS = ['web', 'mobile', 'store', 'phone'];
const CITIES = [
  ['Seattle', 'WA', 'US'],
  ['Dublin', 'D', 'IE'],
  ['Frankfurt', 'HE', 'DE'],
  ['São Paulo', 'SP', 'BR'],
  ['東京', '13', 'JP'],
  ['Sydney', 'NSW', 'AU'],
];
const PRODUCTS = [
  ['SKU-1001', 'Mechanical keyboard', '89.99'],
  ['SKU-1002', 'USB-C hub', '34.50'],
  ['SKU-1003', '27" monitor', '279.00'],
  ['SKU-1004', 'Noise-cancelling headphones', '199.95'],
  ['SKU-1005', 'Laptop stand', '45.00'],
  ['SKU-1006', 'Webcam 4K', '129.99'],
  ['SKU-1007', 'Desk lamp', '24.75'],
];
const TAGS = ['gift', 'express', 'fragile', 'bulk', 'priority', 'eco', 'repeat-customer', 'promo'];
const ALL_BYTE_VALUES = Uint8Array.from({ length: 256 }, (_, i) => i);
const BASE_ORDER_TIME = Date.UTC(2024, 0, 1);
/** Items expire about 75 years after their order: TTL is on, yet no sample item disappears. */
const RETENTION_SECONDS = 75 * 365 * 24 * 3600;

const pad = (n, width) => String(n).padStart(width, '0');
const customerIdOf = (orderIndex) => `CUST#${pad(Math.floor(orderIndex / ORDERS_PER_CUSTOMER) + 1, 5)}`;
const orderIdOf = (orderIndex) => `ORD#${pad(orderIndex + 1, 7)}`;

/** Order number i (0-based) as a DynamoDB item in wire format. */
function customerOrderItem(i) {
  const random = createRandom(0x5eed0000 + i);
  const orderTime = BASE_ORDER_TIME + random.int(0, 365 * 24 * 3600) * 1000;
  const orderDate = new Date(orderTime).toISOString();
  const lineCount = random.int(1, 4);
  const lines = [];
  let totalCents = 0;
  for (let l = 0; l < lineCount; l++) {
    const [sku, name, price] = random.pick(PRODUCTS);
    const quantity = random.int(1, 5);
    totalCents += Math.round(Number(price) * 100) * quantity;
    lines.push({ M: { Sku: { S: sku }, Name: { S: name }, Quantity: { N: String(quantity) }, UnitPrice: { N: price } } });
  }
  const [city, region, country] = random.pick(CITIES);
  const tagSet = new Set();
  const tagCount = random.int(1, 3);
  while (tagSet.size < tagCount) tagSet.add(random.pick(TAGS));
  const ratingSet = new Set();
  const ratingCount = random.int(1, 4);
  while (ratingSet.size < ratingCount) ratingSet.add(String(random.int(1, 5) + random.int(0, 9) / 10));
  const status = random.pick(STATUSES);
  const giftMessage = random.next() < 0.2 ? { S: 'Happy birthday! 🎂' } : { NULL: true };
  const checksum = random.bytes(16);
  const item = {
    CustomerId: { S: customerIdOf(i) },
    OrderId: { S: orderIdOf(i) },
    Status: { S: status },
    OrderDate: { S: orderDate },
    Total: { N: (totalCents / 100).toFixed(2) },
    Currency: { S: random.pick(['USD', 'EUR', 'JPY', 'BRL']) },
    Channel: { S: random.pick(CHANNELS) },
    ItemCount: { N: String(lineCount) },
    // Numbers past 2^53 and at DynamoDB's 38-digit limit: they must survive exactly, never through a double.
    LoyaltyPoints: { N: (9007199254740993n + BigInt(i) * 2n).toString() },
    LedgerBalance: { N: `${i % 2 === 0 ? '' : '-'}1234567890123456789012345678901234${pad(i % 10000, 4)}` },
    FxRate: { N: '0.000000000000000000000000000000000001' },
    Discount: { N: random.next() < 0.5 ? '0' : `-${random.int(1, 50)}.5` },
    IsGift: { BOOL: giftMessage.S !== undefined },
    Express: { BOOL: random.next() < 0.3 },
    GiftMessage: giftMessage,
    Checksum: { B: checksum },
    ShippingAddress: {
      M: {
        Street: { S: `${random.int(1, 9999)} Main Street` },
        City: { S: city },
        Region: { S: region },
        Country: { S: country },
        Geo: {
          M: {
            Lat: { N: (random.next() * 180 - 90).toFixed(6) },
            Lon: { N: (random.next() * 360 - 180).toFixed(6) },
            Verified: { BOOL: random.next() < 0.8 },
          },
        },
      },
    },
    Lines: { L: lines },
    Events: {
      L: [
        { S: 'created' },
        { N: String(Math.floor(orderTime / 1000)) },
        { BOOL: true },
        { NULL: true },
        { M: { By: { S: random.pick(CHANNELS) } } },
        { L: [{ S: status }, { N: String(i) }] },
        { B: checksum.slice(0, 4) },
      ],
    },
    Tags: { SS: [...tagSet] },
    Ratings: { NS: [...ratingSet] },
    Attachments: { BS: [checksum.slice(0, 8), checksum.slice(8, 16)] },
    ExpiresAt: { N: String(Math.floor(orderTime / 1000) + RETENTION_SECONDS) },
  };
  // Every 500th order carries every possible byte value, to check binary round trips.
  if (i % 500 === 0) {
    item.RawBytes = { B: ALL_BYTE_VALUES };
    item.Attachments = { BS: [ALL_BYTE_VALUES, checksum] };
  }
  // Distinct binary set members are required; the two checksum halves could collide only by chance.
  if (item.Attachments.BS.length === 2 && Buffer.compare(Buffer.from(item.Attachments.BS[0]), Buffer.from(item.Attachments.BS[1])) === 0) {
    item.Attachments = { BS: [item.Attachments.BS[0]] };
  }
  return item;
}

function devOpsProjectItem(project) {
  return Object.fromEntries(Object.entries(project).map(([k, v]) => [k, { S: v }]));
}

const { setTimeout: sleep } = require('node:timers/promises');

async function tableExists(client, tableName) {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return Table;
  } catch (err) {
    if (err && err.name === 'ResourceNotFoundException') return undefined;
    throw err;
  }
}

async function waitUntilActive(client, tableName) {
  for (let i = 0; i < 600; i++) {
    const table = await tableExists(client, tableName);
    const indexesReady = (table?.GlobalSecondaryIndexes ?? []).every((g) => g.IndexStatus === 'ACTIVE');
    if (table?.TableStatus === 'ACTIVE' && indexesReady) return;
    await sleep(100);
  }
  throw new Error(`Seeding ${tableName} failed: the table did not become ACTIVE within 60 s.`);
}

async function hasItems(client, tableName) {
  const { Items } = await client.send(new ScanCommand({ TableName: tableName, Limit: 1 }));
  return (Items?.length ?? 0) > 0;
}

let engineModule;
/**
 * The product's one batch-write engine (src/services/dynamo/batchWriteEngine.ts: UnprocessedItems, throttling,
 * backoff with jitter), bundled from source with esbuild on first use so this script needs no compile step.
 */
function batchWriteEngine() {
  if (!engineModule) {
    const esbuild = require('esbuild');
    const file = path.join(__dirname, '..', 'src', 'services', 'dynamo', 'batchWriteEngine.ts');
    const { outputFiles } = esbuild.buildSync({
      entryPoints: [file],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      write: false,
      // The SDK is resolved from node_modules like the rest of this script; the engine itself never needs vscode.
      external: ['@aws-sdk/*', '@smithy/*', 'vscode'],
    });
    const m = new Module(file, module);
    m.filename = file;
    m.paths = module.paths;
    m._compile(outputFiles[0].text, file);
    engineModule = m.exports;
  }
  return engineModule.BatchWriteEngine;
}

/** Writes items 0…count-1 through the batch-write engine; throws when any item could not be written. */
async function writeAll(client, tableName, keyNames, count, itemAt) {
  const BatchWriteEngine = batchWriteEngine();
  const engine = new BatchWriteEngine(client, tableName, { keyNames, operation: `Seed table "${tableName}"`, concurrency: PARALLEL_BATCHES, maxAttempts: MAX_ATTEMPTS });
  for (let i = 0; i < count && !engine.stopped; i++) await engine.put(itemAt(i));
  await engine.close();
  if (engine.fatal) throw new Error(`Seeding ${tableName} failed: ${engine.fatal.message}`);
  if (engine.failures.length > 0) {
    throw new Error(`Seeding ${tableName} failed: ${engine.failures.length} of ${count} items were not written (${engine.failures[0].reason}).`);
  }
  return engine.written;
}

async function enableTtl(client, tableName, attributeName) {
  const { TimeToLiveDescription } = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  if (TimeToLiveDescription?.TimeToLiveStatus === 'ENABLED' || TimeToLiveDescription?.TimeToLiveStatus === 'ENABLING') return;
  await client.send(
    new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { Enabled: true, AttributeName: attributeName } }),
  );
}

/**
 * Creates and fills the sample tables. A table that already exists and holds items is left as it is.
 * @param {{ endpoint: string, region?: string, orderCount?: number, tableNamePrefix?: string,
 *           credentials?: { accessKeyId: string, secretAccessKey: string }, client?: import('@aws-sdk/client-dynamodb').DynamoDBClient }} options
 *   tableNamePrefix lets tests seed private copies next to the standard tables.
 * @returns {Promise<Array<{ tableName: string, created: boolean, skipped: boolean, itemsWritten: number }>>}
 */
async function seedSampleData({
  endpoint,
  region = 'us-east-1',
  orderCount = DEFAULT_ORDER_COUNT,
  tableNamePrefix = '',
  credentials = LOCAL_CREDENTIALS,
  client: givenClient,
} = {}) {
  if (!givenClient && !endpoint) throw new Error('seedSampleData needs an endpoint, for example http://127.0.0.1:8000.');
  if (!Number.isInteger(orderCount) || orderCount < 0) throw new Error(`orderCount must be a non-negative integer, got ${orderCount}.`);
  const client = givenClient ?? new DynamoDBClient({ endpoint, region, credentials });
  const plans = [
    {
      tableName: tableNamePrefix + CUSTOMER_ORDERS_TABLE,
      definition: customerOrdersDefinition,
      count: orderCount,
      itemAt: customerOrderItem,
      ttlAttribute: 'ExpiresAt',
    },
    {
      tableName: tableNamePrefix + DEVOPS_PROJECTS_TABLE,
      definition: devOpsProjectsDefinition,
      count: DEVOPS_PROJECT_ITEMS.length,
      itemAt: (i) => devOpsProjectItem(DEVOPS_PROJECT_ITEMS[i]),
    },
  ];
  try {
    return await Promise.all(
      plans.map(async (plan) => {
        let created = false;
        if (!(await tableExists(client, plan.tableName))) {
          try {
            await client.send(new CreateTableCommand(plan.definition(plan.tableName)));
            created = true;
          } catch (err) {
            // Someone else created it in the meantime: fine, it is filled below if empty.
            if (!err || err.name !== 'ResourceInUseException') throw err;
          }
        }
        await waitUntilActive(client, plan.tableName);
        if (plan.ttlAttribute) await enableTtl(client, plan.tableName, plan.ttlAttribute);
        if (await hasItems(client, plan.tableName)) {
          return { tableName: plan.tableName, created, skipped: true, itemsWritten: 0 };
        }
        const keyNames = plan.definition(plan.tableName).KeySchema.map((k) => k.AttributeName);
        const itemsWritten = await writeAll(client, plan.tableName, keyNames, plan.count, plan.itemAt);
        return { tableName: plan.tableName, created, skipped: false, itemsWritten };
      }),
    );
  } finally {
    if (!givenClient) client.destroy();
  }
}

function parseCliArgs(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=') ? arg.split(/=(.*)/s) : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value.`);
      return v;
    };
    if (flag === '--endpoint') options.endpoint = value();
    else if (flag === '--region') options.region = value();
    else if (flag === '--orders') options.orderCount = Number(value());
    else if (flag === '--help' || flag === '-h') options.help = true;
    else throw new Error(`Unknown argument ${arg}.`);
  }
  return options;
}

const USAGE = 'Usage: node scripts/seed.js --endpoint http://127.0.0.1:8000 [--region us-east-1] [--orders 3000]';

async function main() {
  const options = parseCliArgs(process.argv.slice(2));
  if (options.help) return console.log(USAGE);
  if (!options.endpoint) throw new Error(`--endpoint is required (DynamoDB Local: start it with node scripts/ddb-local.js). ${USAGE}`);
  const results = await seedSampleData(options);
  for (const r of results) {
    const what = r.skipped ? 'already has items, left as it is' : `${r.created ? 'created, ' : ''}${r.itemsWritten} items written`;
    console.log(`${r.tableName}: ${what}`);
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(`Seeding failed: ${err.message}`);
    process.exitCode = 1;
  });
}

module.exports = {
  seedSampleData,
  sampleTablesTemplate,
  customerOrdersDefinition,
  customerOrderItem,
  createRandom,
  SAMPLE_TABLES,
  CUSTOMER_ORDERS_TABLE,
  DEVOPS_PROJECTS_TABLE,
  DEVOPS_PROJECT_ITEMS,
  DEFAULT_ORDER_COUNT,
};
