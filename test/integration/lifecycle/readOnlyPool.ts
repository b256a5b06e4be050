// A client from the real client pool for a read-only endpoint connection: the guard under test sits in the pool.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoClientPool } from '../../../src/services/aws/clientPool';
import type { Connection } from '../../../src/services/aws/connections';

export const READ_ONLY_CONNECTION_NAME = 'LifecycleRO';

/** Runs `fn` with a read-only pool client for the endpoint, then disposes the pool. */
export async function withReadOnlyClient(endpoint: string, fn: (client: DynamoDBClient) => Promise<void>): Promise<void> {
  const pool = new DynamoClientPool(async () => ({ accessKeyId: 'local', secretAccessKey: 'local' }));
  const conn: Connection = {
    id: `endpoint:${READ_ONLY_CONNECTION_NAME}`,
    kind: 'endpoint',
    name: READ_ONLY_CONNECTION_NAME,
    defaultRegion: 'us-east-1',
    endpoint,
    readOnly: true,
    problems: [],
  };
  try {
    await fn(await pool.get(conn, 'us-east-1'));
  } finally {
    pool.dispose();
  }
}
