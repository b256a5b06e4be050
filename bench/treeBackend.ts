// The explorer's backend outside VS Code, for the tree benches and the many-accounts integration test: the same
// client pool and TableService calls as the Studio's backend (src/edge/studio/studio.ts), over given connections.
import { DynamoClientPool } from '../src/services/aws/clientPool';
import { serverOf, type Connection } from '../src/services/aws/connections';
import { TableService } from '../src/services/dynamo/tableService';
import type { ExplorerBackend } from '../src/edge/tree/model';

//
// `regionEndpoint` models AWS, where every region is its own server: each region's requests go to the endpoint it
// names (e.g. a proxy per region), and the explorer counts that endpoint as the region's server.
export function poolBackend(pool: DynamoClientPool, connections: Connection[], regionsFor: (c: Connection) => string[], regionEndpoint?: (region: string) => string): ExplorerBackend {
  const at = (c: Connection, region: string): Connection => (regionEndpoint ? { ...c, endpoint: regionEndpoint(region) } : c);
  return {
    listConnections: async () => ({ connections, diagnostics: [] }),
    regionsFor,
    listTables: async (c, region, signal) => new TableService(await pool.get(at(c, region), region)).listTableNames({ signal }),
    prepareListing: (c, region) => pool.credentialsReady(at(c, region), region),
    serverOf: (c, region) => serverOf(at(c, region), region),
    describeTable: async (c, region, t) => new TableService(await pool.get(at(c, region), region)).describeTable(t),
    describeTimeToLive: async (c, region, t) => new TableService(await pool.get(at(c, region), region)).describeTimeToLive(t),
  };
}

/** An endpoint connection with placeholder keys (DynamoDB Local accepts them). */
export function endpointConnection(name: string, endpoint: string, defaultRegion: string): Connection {
  return { id: `endpoint:${name}`, kind: 'endpoint', name, defaultRegion, endpoint, readOnly: true, problems: [] };
}

/** A pool with DynamoDB Local's placeholder keys. */
export function localPool(): DynamoClientPool {
  return new DynamoClientPool(async () => ({ accessKeyId: 'local', secretAccessKey: 'local' }));
}
