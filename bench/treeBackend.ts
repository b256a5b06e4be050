// The explorer's backend outside VS Code, for the tree benches and the many-accounts integration test: the same
// client pool and TableService calls as the Studio's backend (src/edge/studio/studio.ts), over given connections.
import { DynamoClientPool } from '../src/services/aws/clientPool';
import type { Connection } from '../src/services/aws/connections';
import { TableService } from '../src/services/dynamo/tableService';
import type { ExplorerBackend } from '../src/edge/tree/model';

export function poolBackend(pool: DynamoClientPool, connections: Connection[], regionsFor: (c: Connection) => string[]): ExplorerBackend {
  return {
    listConnections: async () => ({ connections, diagnostics: [] }),
    regionsFor,
    listTables: async (c, region, signal) => new TableService(await pool.get(c, region)).listTableNames({ signal }),
    prepareListing: (c, region) => pool.credentialsReady(c, region),
    describeTable: async (c, region, t) => new TableService(await pool.get(c, region)).describeTable(t),
    describeTimeToLive: async (c, region, t) => new TableService(await pool.get(c, region)).describeTimeToLive(t),
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
