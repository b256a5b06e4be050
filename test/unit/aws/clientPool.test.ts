// One credential provider per connection: the clients of every region of a connection share it, so an MFA code,
// an SSO token or a credential_process run serves them all; refreshing the connection resolves it again once.
import * as assert from 'node:assert/strict';
import type { AwsCredentialIdentity } from '@smithy/types';
import { DynamoClientPool } from '../../../src/services/aws/clientPool';
import type { Connection } from '../../../src/services/aws/connections';

const connection = (name: string): Connection => ({
  id: `endpoint:${name}`,
  kind: 'endpoint',
  name,
  defaultRegion: 'us-east-1',
  // Nothing is sent: creating a client does not connect.
  endpoint: 'http://127.0.0.1:9',
  readOnly: false,
  problems: [],
});

describe('client pool credentials', () => {
  const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];

  function countingPool() {
    const resolved: string[] = [];
    const pool = new DynamoClientPool(async (c) => {
      resolved.push(c.id);
      await new Promise((r) => setTimeout(r, 5));
      const identity: AwsCredentialIdentity = { accessKeyId: `key${resolved.length}`, secretAccessKey: 'secret' };
      return async () => identity;
    });
    return { pool, resolved };
  }

  it('resolves a connection’s credentials once for clients of three regions, also when asked at the same time', async () => {
    const { pool, resolved } = countingPool();
    const a = connection('A');
    const clients = await Promise.all(REGIONS.map((r) => pool.get(a, r)));
    assert.equal(new Set(clients).size, 3, 'one client per region');
    assert.deepEqual(resolved, ['endpoint:A']);
    const keys = await Promise.all(clients.map(async (c) => (await c.config.credentials()).accessKeyId));
    assert.deepEqual(keys, ['key1', 'key1', 'key1']);
    await pool.get(connection('B'), 'us-east-1');
    assert.deepEqual(resolved, ['endpoint:A', 'endpoint:B'], 'another connection has its own provider');
    pool.dispose();
  });

  it('resolves again, once, after the connection is refreshed', async () => {
    const { pool, resolved } = countingPool();
    const a = connection('A');
    await Promise.all(REGIONS.map((r) => pool.get(a, r)));
    pool.invalidate(a.id);
    await Promise.all(REGIONS.map((r) => pool.get(a, r)));
    assert.deepEqual(resolved, ['endpoint:A', 'endpoint:A']);
    pool.invalidate();
    await pool.get(a, 'us-east-1');
    assert.equal(resolved.length, 3);
    pool.dispose();
  });

  it('does not keep a failed resolution: the next request tries again', async () => {
    let calls = 0;
    const pool = new DynamoClientPool(async () => {
      calls++;
      if (calls === 1) throw new Error('No MFA code was entered.');
      return { accessKeyId: 'k', secretAccessKey: 's' };
    });
    const a = connection('A');
    await assert.rejects(pool.get(a, 'us-east-1'), /No MFA code/);
    await pool.get(a, 'us-east-1');
    await pool.get(a, 'eu-west-1');
    assert.equal(calls, 2);
    pool.dispose();
  });
});
