// What the fault-injection suites share: one proxy in front of DynamoDB Local, tables created directly (not
// through the proxy), clients from the real pool pointed at the proxy, and the tally of scenarios and lost writes
// that the proof line `proof faults <n> scenarios lost <k>` reports (asserted in faults.test.ts).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DescribeTableCommand,
  GetItemCommand,
  ScanCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { DynamoClientPool, type ClientPoolOptions, type CredentialsResolver } from '../../../src/services/aws/clientPool';
import type { ProfileInfo } from '../../../src/services/aws/profiles';
import type { Connection } from '../../../src/services/aws/connections';
import { StudioError } from '../../../src/model/errors';
import { itemsEqual } from '../../../src/model/items/equality';
import type { Item } from '../../../src/model/items/types';
import { TransferStoppedError } from '../../../src/services/transfer/import';
import { deleteTables, getTestEndpoint, testClient, TEST_CREDENTIALS, TEST_REGION, uniqueTableName } from '../dynamoLocal';
import { startFaultProxy, type FaultProxy } from './faultProxy';

export const KEY_SCHEMA = [{ name: 'pk', type: 'S' as const, keyType: 'HASH' as const }];

/** What the proof line reports, summed from the checks of the scenarios that ran to the end (all fault suites). */
export const tally = { scenarios: 0, lostWrites: 0, duplicateWrites: 0 };

export function item(i: number, extra: Item = {}): Item {
  return { pk: { S: `k${String(i).padStart(4, '0')}` }, n: { N: String(i) }, text: { S: `row ${i}, "quoted"` }, ...extra };
}

export const rows = (n: number): Item[] => Array.from({ length: n }, (_, i) => item(i));

export const keyOf = (x: Item | Record<string, unknown>): string => JSON.stringify((x as Record<string, unknown>).pk);

export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Item rejections name the kind, the AWS code and the message; one assertion per part for clear failures. */
export async function expectStudioError(promise: Promise<unknown>, kind: StudioError['kind']): Promise<StudioError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof StudioError, `expected a StudioError, got ${String(err)}`);
    assert.equal(err.kind, kind, `kind of: ${err.message}`);
    return err;
  }
  assert.fail(`expected a StudioError of kind ${kind}, but it succeeded`);
}

/** A transfer that had to stop: rejects with TransferStoppedError, which carries the report so far. */
export async function expectTransferStopped(promise: Promise<unknown>): Promise<TransferStoppedError> {
  const err = await promise.then(
    () => assert.fail('the transfer should stop'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof TransferStoppedError, `expected a TransferStoppedError, got ${String(err)}`);
  return err;
}

/** A local port with nothing listening on it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface FaultBench {
  readonly endpoint: string;
  /** A client straight to DynamoDB Local, for setup and for checking what is stored. */
  readonly direct: DynamoDBClient;
  readonly proxy: FaultProxy;
  readonly tmpDir: string;
  /** A client from the real pool, for an endpoint connection that points at the proxy. */
  poolClient(options: ClientPoolOptions, endpointUrl?: string): Promise<DynamoDBClient>;
  newPool(options: ClientPoolOptions, resolve?: CredentialsResolver): DynamoClientPool;
  endpointConnection(endpointUrl?: string): Connection;
  /** A profile connection whose requests go to the proxy (endpoint_url), as a profile with a custom endpoint does. */
  profileConnection(profile: ProfileInfo): Connection;
  /** A table keyed by `pk` (S), filled directly; `extra` adds to the CreateTable input (sort key, stream, ...). */
  createTable(label: string, items?: Item[], extra?: Partial<CreateTableCommandInput>): Promise<TableDescription>;
  /** Every item of the table, read directly from DynamoDB Local, in scan order. */
  scanDirect(table: string, pageSize?: number): Promise<Item[]>;
  getDirect(table: string, key: Item): Promise<Item | undefined>;
  /**
   * Compares the table with the writes that were confirmed to the user: each must be stored exactly (else it is
   * lost), and no key may have been applied more than `allowedPerKey` times by DynamoDB Local. Adds to the tally.
   */
  checkWrites(table: string, confirmed: Item[], allowedPerKey?: number | ((key: string) => number)): Promise<{ lost: Item[]; duplicates: number }>;
  /** For scenarios that write nothing: counts the scenario once its checks passed. */
  readScenarioDone(): void;
  jsonlFile(name: string, items: Item[]): string;
  /** Keys of a JSON Lines export, in file order. */
  exportedKeys(file: string): string[];
  /** Keys of a failed-items file (DynamoDB JSON lines). */
  failedKeys(file: string): string[];
}

/** Registers the hooks of a fault suite (call inside its describe) and returns its bench, ready from `before` on. */
export function useFaultBench(): FaultBench {
  let endpoint!: string;
  let direct!: DynamoDBClient;
  let proxy!: FaultProxy;
  let tmpDir!: string;
  const tables: string[] = [];
  const pools: DynamoClientPool[] = [];

  before(async function () {
    endpoint = await getTestEndpoint();
    direct = testClient(endpoint);
    proxy = await startFaultProxy(endpoint);
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dynamodb-studio-faults-'));
  });

  beforeEach(() => proxy.reset());

  afterEach(() => {
    for (const pool of pools.splice(0)) pool.dispose();
  });

  after(async function () {
    await proxy?.idle();
    await proxy?.close();
    if (direct) await deleteTables(direct, tables);
    if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
  });

  const newPool = (options: ClientPoolOptions, resolve: CredentialsResolver = async () => ({ ...TEST_CREDENTIALS })): DynamoClientPool => {
    const pool = new DynamoClientPool(resolve, options);
    pools.push(pool);
    return pool;
  };

  const endpointConnection = (endpointUrl = proxy.endpoint): Connection => ({
    id: `endpoint:Faults${pools.length}`,
    kind: 'endpoint',
    name: 'Faults',
    defaultRegion: TEST_REGION,
    endpoint: endpointUrl,
    readOnly: false,
    problems: [],
  });

  const scanDirect = async (table: string, pageSize?: number): Promise<Item[]> => {
    const out: Item[] = [];
    let start: Item | undefined;
    do {
      const page = await direct.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start, Limit: pageSize }));
      out.push(...((page.Items ?? []) as Item[]));
      start = page.LastEvaluatedKey as Item | undefined;
    } while (start);
    return out;
  };

  return {
    get endpoint() {
      return endpoint;
    },
    get direct() {
      return direct;
    },
    get proxy() {
      return proxy;
    },
    get tmpDir() {
      return tmpDir;
    },
    poolClient: (options, endpointUrl = proxy.endpoint) => newPool(options).get(endpointConnection(endpointUrl), TEST_REGION),
    newPool,
    endpointConnection,
    profileConnection: (profile) => ({ id: `profile:${profile.name}`, kind: 'profile', name: profile.name, defaultRegion: TEST_REGION, endpoint: proxy.endpoint, readOnly: false, profile, problems: [] }),
    async createTable(label, items = [], extra = {}) {
      const name = uniqueTableName(`faults-${label}`);
      tables.push(name);
      await direct.send(
        new CreateTableCommand({
          TableName: name,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          ...extra,
        }),
      );
      for (let i = 0; i < items.length; i += 25) {
        await direct.send(new BatchWriteItemCommand({ RequestItems: { [name]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
      }
      return (await direct.send(new DescribeTableCommand({ TableName: name }))).Table as TableDescription;
    },
    scanDirect,
    getDirect: async (table, key) => (await direct.send(new GetItemCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item as Item | undefined,
    async checkWrites(table, confirmed, allowedPerKey = 1) {
      const allowed = typeof allowedPerKey === 'number' ? () => allowedPerKey : allowedPerKey;
      await proxy.idle();
      const stored = new Map((await scanDirect(table)).map((x) => [keyOf(x), x]));
      const lost = confirmed.filter((x) => {
        const s = stored.get(keyOf(x));
        return !s || !itemsEqual(s, x);
      });
      const perKey = new Map<string, number>();
      for (const w of proxy.applied) if (w.table === table) perKey.set(keyOf(w.attributes), (perKey.get(keyOf(w.attributes)) ?? 0) + 1);
      let duplicates = 0;
      for (const [key, n] of perKey) if (n > allowed(key)) duplicates += n - allowed(key);
      tally.scenarios++;
      tally.lostWrites += lost.length;
      tally.duplicateWrites += duplicates;
      return { lost, duplicates };
    },
    readScenarioDone() {
      tally.scenarios++;
    },
    jsonlFile(name, items) {
      const file = path.join(tmpDir, `${name}.jsonl`);
      fs.writeFileSync(file, items.map((x) => JSON.stringify({ pk: x.pk.S, n: Number(x.n.N), text: x.text.S })).join('\n') + '\n');
      return file;
    },
    exportedKeys: (file) =>
      fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.stringify({ S: (JSON.parse(line) as { pk: string }).pk })),
    failedKeys: (file) =>
      fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => keyOf((JSON.parse(line) as { Item: Item }).Item)),
  };
}
