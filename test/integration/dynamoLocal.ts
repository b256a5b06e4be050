// The DynamoDB Local every integration test talks to: the one the test harness started
// (DYNAMODB_STUDIO_TEST_ENDPOINT), or else one started here on first use and stopped after the whole run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BatchWriteItemCommand, CreateTableCommand, DeleteTableCommand, DynamoDBClient, ScanCommand, waitUntilTableExists, type AttributeValue, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

export const ENDPOINT_ENV = 'DYNAMODB_STUDIO_TEST_ENDPOINT';
export const TEST_REGION = 'us-east-1';
/** DynamoDB Local rejects access keys containing '-' or '_'. */
export const TEST_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

interface RunningDynamoDbLocal {
  endpoint: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

interface DdbLocalScript {
  startDynamoDbLocal(options?: { port?: number; memoryMb?: number; quiet?: boolean }): Promise<RunningDynamoDbLocal>;
}

/** The repository root, found from here whether this runs from test/ or from compiled out/test/. */
export function repoRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'scripts', 'ddb-local.js')) && fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`Cannot find the repository root (with scripts/ddb-local.js) above ${__dirname}.`);
  }
}

/** Loads one of the plain-JavaScript scripts/ modules. */
export function requireScript<T>(name: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(repoRoot(), 'scripts', name)) as T;
}

let started: Promise<RunningDynamoDbLocal> | undefined;
const clients = new Map<string, DynamoDBClient>();
const extraClients: DynamoDBClient[] = [];

/** Endpoint of the DynamoDB Local for this test run. */
export async function getTestEndpoint(): Promise<string> {
  const fromHarness = process.env[ENDPOINT_ENV];
  if (fromHarness) return fromHarness;
  started ??= requireScript<DdbLocalScript>('ddb-local.js').startDynamoDbLocal({ port: 0, memoryMb: 512, quiet: true });
  return (await started).endpoint;
}

/**
 * A client for the test endpoint. Without overrides one shared client per endpoint is returned;
 * every client made here is destroyed after the run.
 */
export function testClient(endpoint: string, overrides: Partial<DynamoDBClientConfig> = {}): DynamoDBClient {
  const config: DynamoDBClientConfig = { endpoint, region: TEST_REGION, credentials: { ...TEST_CREDENTIALS }, ...overrides };
  if (Object.keys(overrides).length > 0) {
    const client = new DynamoDBClient(config);
    extraClients.push(client);
    return client;
  }
  let client = clients.get(endpoint);
  if (!client) {
    client = new DynamoDBClient(config);
    clients.set(endpoint, client);
  }
  return client;
}

/** A table name no other test and no earlier run uses. */
export function uniqueTableName(label: string): string {
  return `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Runs fn over items with at most `limit` calls in flight. */
export async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Deletes tables, ignoring ones already gone. */
export async function deleteTables(client: DynamoDBClient, names: readonly string[]): Promise<void> {
  await mapWithConcurrency(names, 8, async (TableName) => {
    try {
      await client.send(new DeleteTableCommand({ TableName }));
    } catch (err) {
      if ((err as { name?: string }).name !== 'ResourceNotFoundException') throw err;
    }
  });
}

async function shutDown(): Promise<void> {
  for (const client of [...clients.values(), ...extraClients]) client.destroy();
  clients.clear();
  extraClients.length = 0;
  const running = started;
  started = undefined;
  if (running) await (await running.catch(() => undefined))?.stop();
}

// Registered while mocha loads the first test file that imports this module, so it is a root-level hook:
// it runs once, after every suite of the run.
if (typeof after === 'function') {
  after(async function () {
    this.timeout(30_000);
    await shutDown();
  });
}

/** Creates an on-demand table keyed by a string `pk` and waits until it exists. */
export async function createPkTable(client: DynamoDBClient, name: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: name,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 60 }, { TableName: name });
}

/** Writes items with the SDK, 25 per BatchWriteItem, resending unprocessed ones. */
export async function putAll(client: DynamoDBClient, table: string, items: Record<string, AttributeValue>[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let requests = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    while (requests.length > 0) {
      const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
      requests = (out.UnprocessedItems?.[table] ?? []) as typeof requests;
    }
  }
}

/** Every item of a table, read with consistent scans. */
export async function scanAll(client: DynamoDBClient, table: string): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: table, ExclusiveStartKey, ConsistentRead: true }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}
