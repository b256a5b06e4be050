// The explorer model over a scripted backend (pure tree logic; the real backend is covered by the vscode layer).
import * as assert from 'node:assert/strict';
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import type { Connection } from '../../../src/services/aws/connections';
import { ExplorerModel, matchesFilter, type ExplorerBackend } from '../../../src/edge/tree/model';

const conn = (name: string, extra: Partial<Connection> = {}): Connection => ({
  id: `endpoint:${name}`,
  kind: 'endpoint',
  name,
  defaultRegion: 'us-east-1',
  endpoint: 'http://localhost:8000',
  readOnly: false,
  problems: [],
  ...extra,
});

const ordersDescription: TableDescription = {
  TableName: 'Orders',
  TableArn: 'arn:aws:dynamodb:us-east-1:000000000000:table/Orders',
  TableStatus: 'ACTIVE',
  KeySchema: [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ],
  AttributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: 'sk', AttributeType: 'N' },
    { AttributeName: 'status', AttributeType: 'S' },
  ],
  GlobalSecondaryIndexes: [
    { IndexName: 'ByStatus', KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }], IndexStatus: 'CREATING', Backfilling: true, Projection: { ProjectionType: 'ALL' } },
  ],
  StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  ItemCount: 3,
  TableSizeBytes: 100,
};

class ScriptedBackend implements ExplorerBackend {
  calls: string[] = [];
  tables: Record<string, string[] | Error> = {};
  connections: Connection[] = [conn('Local')];
  regions: Record<string, string[]> = {};
  async listConnections() {
    this.calls.push('connections');
    return { connections: this.connections, diagnostics: [{ file: '/home/u/.aws/config', line: 7, message: 'Line is not "key = value"' }] };
  }
  regionsFor(c: Connection) {
    return this.regions[c.id] ?? [c.defaultRegion];
  }
  async listTables(c: Connection, region: string) {
    this.calls.push(`list ${c.id} ${region}`);
    const t = this.tables[`${c.id}/${region}`] ?? [];
    if (t instanceof Error) throw t;
    return t;
  }
  async describeTable(_c: Connection, _r: string, table: string) {
    this.calls.push(`describe ${table}`);
    return { ...ordersDescription, TableName: table };
  }
  async describeTimeToLive() {
    return { supported: true as const, description: { TimeToLiveStatus: 'ENABLED' as const, AttributeName: 'expiresAt' } };
  }
}

describe('explorer model', () => {
  it('lists connections and config problems at the root', async () => {
    const model = new ExplorerModel(new ScriptedBackend());
    const root = await model.getChildren();
    assert.deepEqual(root.map((n) => [n.id, n.kind]), [
      ['endpoint:Local', 'connection'],
      ['config#/home/u/.aws/config:7', 'error'],
    ]);
    assert.match(root[1].label, /config:7: Line is not/);
  });

  it('starts every region listing in parallel when a connection is expanded', async () => {
    const backend = new ScriptedBackend();
    backend.regions['endpoint:Local'] = ['us-east-1', 'eu-west-1', 'ap-south-1'];
    const model = new ExplorerModel(backend);
    const [local] = await model.getChildren();
    const regions = await model.getChildren(local);
    assert.deepEqual(regions.map((r) => r.label), ['us-east-1', 'eu-west-1', 'ap-south-1']);
    assert.deepEqual(backend.calls.filter((c) => c.startsWith('list')), ['list endpoint:Local us-east-1', 'list endpoint:Local eu-west-1', 'list endpoint:Local ap-south-1']);
    assert.ok(regions[0].tags.includes('region') && !regions[0].tags.includes('removable'));
    assert.ok(regions[1].tags.includes('removable'));
    // Expanding a region uses the listing already under way: no second call.
    await model.getChildren(regions[1]);
    assert.equal(backend.calls.filter((c) => c === 'list endpoint:Local eu-west-1').length, 1);
  });

  it('shows a broken connection as one error node, without calling AWS', async () => {
    const backend = new ScriptedBackend();
    backend.connections = [conn('bad', { problems: ['source_profile "x" does not exist.'] })];
    const model = new ExplorerModel(backend);
    const [bad] = await model.getChildren();
    assert.ok(bad.tags.includes('broken'));
    const children = await model.getChildren(bad);
    assert.equal(children.length, 1);
    assert.equal(children[0].kind, 'error');
    assert.match(children[0].label, /source_profile "x" does not exist/);
    assert.deepEqual(backend.calls, ['connections']);
  });

  it('turns a listing failure into an error node with retry and, for SSO, the login command', async () => {
    const backend = new ScriptedBackend();
    backend.connections = [conn('dev', { id: 'profile:dev', kind: 'profile', endpoint: undefined, profile: { name: 'dev', kind: 'sso', problems: [], sources: [] } })];
    backend.tables['profile:dev/us-east-1'] = Object.assign(new Error('The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login'), { name: 'CredentialsProviderError' });
    const model = new ExplorerModel(backend);
    const [dev] = await model.getChildren();
    const [region] = await model.getChildren(dev);
    const [err] = await model.getChildren(region);
    assert.equal(err.kind, 'error');
    assert.equal(err.retryId, 'profile:dev/us-east-1');
    assert.equal(err.fixCommand, 'aws sso login --profile dev');
    assert.ok(err.tags.includes('ssoLogin'));
    // The failure is not cached: after the fix, the next expand lists again.
    backend.tables['profile:dev/us-east-1'] = ['T1'];
    model.invalidate(region.id);
    assert.deepEqual((await model.getChildren(region)).map((n) => n.label), ['T1']);
  });

  it('marks AccessDenied error nodes so the matching policy can be opened from them', async () => {
    const backend = new ScriptedBackend();
    backend.tables['endpoint:Local/us-east-1'] = Object.assign(
      new Error('User: arn:aws:iam::123456789012:user/dev is not authorized to perform: dynamodb:ListTables on resource: arn:aws:dynamodb:us-east-1:123456789012:table/*'),
      { name: 'AccessDeniedException' },
    );
    const model = new ExplorerModel(backend);
    const [local] = await model.getChildren();
    const [region] = await model.getChildren(local);
    const [err] = await model.getChildren(region);
    assert.ok(err.tags.includes('accessDenied'));
    assert.match(err.label, /not authorized to perform: dynamodb:ListTables/);
    assert.equal(err.error?.kind, 'accessDenied');
  });

  it('filters tables and says how many match', async () => {
    const backend = new ScriptedBackend();
    backend.tables['endpoint:Local/us-east-1'] = ['orders-prod', 'orders-dev', 'users-prod', 'Audit'];
    const model = new ExplorerModel(backend);
    const [local] = await model.getChildren();
    const [region] = await model.getChildren(local);
    model.setFilter(region.id, 'orders');
    let children = await model.getChildren(region);
    assert.deepEqual(children.map((n) => n.label), ['Filter "orders": 2 of 4 tables', 'orders-prod', 'orders-dev']);
    model.setFilter(region.id, '*prod');
    children = await model.getChildren(region);
    assert.deepEqual(children.filter((n) => n.kind === 'table').map((n) => n.label), ['orders-prod', 'users-prod']);
    model.setFilter(region.id, '');
    assert.equal((await model.getChildren(region)).length, 4);
  });

  it('describes a table as key schema, indexes, stream and TTL', async () => {
    const backend = new ScriptedBackend();
    backend.tables['endpoint:Local/us-east-1'] = ['Orders'];
    const model = new ExplorerModel(backend);
    const [local] = await model.getChildren();
    const [region] = await model.getChildren(local);
    const [table] = await model.getChildren(region);
    assert.equal(table.id, 'endpoint:Local/us-east-1/Orders');
    const details = await model.getChildren(table);
    // First an entry that opens the table (one obvious click), then the details.
    assert.deepEqual(details.map((d) => d.id.split('#')[1]), ['open', 'key', 'index:ByStatus', 'stream', 'ttl']);
    assert.equal(details[0].label, 'Open Table');
    assert.match(details[1].label, /pk \(S\).*sk \(N\)/);
    assert.match(details[2].description ?? '', /GSI/);
    assert.match(details[2].description ?? '', /backfill/i);
    assert.match(details[3].description ?? '', /NEW_AND_OLD_IMAGES/);
    assert.match(details[4].description ?? '', /expiresAt/);
    const tooltip = await model.tableTooltip(table);
    assert.match(tooltip ?? '', /arn:aws:dynamodb:us-east-1:000000000000:table\/Orders/);
    assert.equal(backend.calls.filter((c) => c === 'describe Orders').length, 1, 'description is cached');
  });

  it('resolves nodes by id, loading the path', async () => {
    const backend = new ScriptedBackend();
    backend.tables['endpoint:Local/us-east-1'] = ['Orders'];
    const model = new ExplorerModel(backend);
    const node = await model.resolve('endpoint:Local/us-east-1/Orders');
    assert.equal(node?.kind, 'table');
    assert.equal(await model.resolve('endpoint:Nope/us-east-1'), undefined);
  });

  it('resolving a table not listed yet keeps the connection and region objects the tree already has', async () => {
    // The tree view refreshes a node by its object: a resolve that built new ancestors would make a later refresh of
    // the region (e.g. after a Delete Table) a no-op, leaving a deleted table in the tree.
    const backend = new ScriptedBackend();
    backend.tables['endpoint:Local/us-east-1'] = ['Orders'];
    const model = new ExplorerModel(backend);
    const [connection] = await model.getChildren();
    const [region] = await model.getChildren(connection);
    backend.tables['endpoint:Local/us-east-1'] = ['Orders', 'Created'];
    model.invalidate(region.id);
    backend.calls = [];
    const created = await model.resolve('endpoint:Local/us-east-1/Created');
    assert.equal(created?.tableName, 'Created');
    assert.strictEqual(model.node(region.id), region, 'the region object is the one the tree has');
    assert.strictEqual(model.node(connection.id), connection, 'the connection object is the one the tree has');
    assert.deepEqual(backend.calls, ['list endpoint:Local us-east-1'], 'only the region is listed again');
  });

  it('resolves connections, regions and tables whose names hold "/", "#", ":", "%", spaces and non-ASCII', async () => {
    const names = ['team/dev', 'a#b', 'x:y', '100%', 'prod / eu #1: 50% ü', 'データ 🙂'];
    const backend = new ScriptedBackend();
    backend.connections = names.map((name) => conn(name, { id: `profile:${name}`, kind: 'profile' }));
    for (const name of names) {
      backend.regions[`profile:${name}`] = ['us-east-1', `r/${name}`];
      backend.tables[`profile:${name}/r/${name}`] = [name, 'Plain'];
    }
    const model = new ExplorerModel(backend);
    const roots = await model.getChildren();
    for (const name of names) {
      const connNode = roots.find((n) => n.label === name)!;
      const regionNode = (await model.getChildren(connNode)).find((n) => n.region === `r/${name}`)!;
      const tableNode = (await model.getChildren(regionNode)).find((n) => n.tableName === name)!;
      const fresh = new ExplorerModel(backend);
      for (const node of [connNode, regionNode, tableNode]) {
        const found = await fresh.resolve(node.id);
        assert.equal(found?.id, node.id, `resolve(${node.id})`);
        assert.equal(found?.kind, node.kind);
        assert.equal(found?.connectionId, `profile:${name}`);
      }
      assert.equal((await fresh.resolve(tableNode.id))?.tableName, name);
      assert.equal((await fresh.resolve(regionNode.id))?.region, `r/${name}`);
      const details = await fresh.getChildren((await fresh.resolve(tableNode.id))!);
      assert.equal((await new ExplorerModel(backend).resolve(details[0].id))?.id, details[0].id, 'a detail node resolves too');
    }
    // Without encoding, "team/dev" and the connection "team" with region "dev" would collide.
    assert.equal(new Set([...roots.map((n) => n.id)]).size, roots.length);
  });

  it('gives up on a listing that never answers after the timeout, aborts it, and lists the other connections meanwhile', async () => {
    const regions = ['us-east-1', 'eu-west-1', 'ap-south-1'];
    const connections = [conn('hung'), conn('a'), conn('b')];
    const aborted: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const backend: ExplorerBackend = {
      listConnections: async () => ({ connections, diagnostics: [] }),
      regionsFor: () => regions,
      listTables: (c, region, signal) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        return new Promise<string[]>((resolve) => {
          // The hung connection never answers; it only notices the abort.
          signal?.addEventListener('abort', () => {
            aborted.push(`${c.name} ${region}`);
            inFlight--;
          });
          if (c.name !== 'hung') setTimeout(() => { inFlight--; resolve([`${c.name}-${region}`]); }, 5);
        });
      },
      // Credentials that take longer than the listing timeout (an MFA code being typed) do not count to it.
      prepareListing: () => new Promise((r) => setTimeout(r, 120)),
      describeTable: async () => ordersDescription,
      describeTimeToLive: async () => ({ supported: false as const, reason: 'n/a' }),
    };
    const model = new ExplorerModel(backend, { maxInFlight: 3, perConnection: 2, timeoutMs: 80 });
    const roots = await model.getChildren();
    const regionNodes = (await Promise.all(roots.map((r) => model.getChildren(r)))).flat();
    const lists = await Promise.all(regionNodes.map((r) => model.getChildren(r)));
    for (const [i, r] of regionNodes.entries()) {
      const [child] = lists[i];
      if (r.connectionId === 'endpoint:hung') {
        assert.equal(child.kind, 'error', `${r.id} ends in an error node`);
        assert.equal(child.retryId, r.id, 'with Retry on its region');
        assert.equal(child.error?.kind, 'endpointUnreachable');
        assert.match(child.label, new RegExp(`Listing tables in ${r.region} of "hung" got no answer within 0.1 s`));
      } else {
        assert.equal(child.kind, 'table', `${r.id} is listed`);
        assert.equal(child.label, `${r.connectionId!.slice('endpoint:'.length)}-${r.region}`);
      }
    }
    assert.deepEqual(aborted.sort(), regions.map((r) => `hung ${r}`).sort(), 'every timed-out listing was aborted');
    assert.equal(maxInFlight, 3, 'never more listings at once than the cap');
  });

  it('caps listings per server: one custom endpoint shared by accounts gets perServer, AWS regions count one each', async () => {
    const regions = ['us-east-1', 'eu-west-1', 'ap-south-1'];
    // Six accounts on one DynamoDB Local (one server for all its regions) and six AWS profiles (one server per region).
    const local = Array.from({ length: 6 }, (_, i) => conn(`local${i}`, { endpoint: 'http://LOCALHOST:8000/' }));
    const aws = Array.from({ length: 6 }, (_, i) => conn(`aws${i}`, { kind: 'profile', id: `profile:aws${i}`, endpoint: undefined }));
    const running = new Map<string, number>();
    const most = new Map<string, number>();
    const backend: ExplorerBackend = {
      listConnections: async () => ({ connections: [...local, ...aws], diagnostics: [] }),
      regionsFor: () => regions,
      listTables: async (c, region) => {
        const server = c.endpoint ? 'local' : region;
        running.set(server, (running.get(server) ?? 0) + 1);
        most.set(server, Math.max(most.get(server) ?? 0, running.get(server)!));
        await new Promise((r) => setTimeout(r, 5));
        running.set(server, running.get(server)! - 1);
        return [`${c.name}-${region}`];
      },
      describeTable: async () => ordersDescription,
      describeTimeToLive: async () => ({ supported: false as const, reason: 'n/a' }),
    };
    const model = new ExplorerModel(backend, { maxInFlight: 100, perConnection: 3, perServer: 4, timeoutMs: 5_000 });
    const roots = await model.getChildren();
    const regionNodes = (await Promise.all(roots.map((r) => model.getChildren(r)))).flat();
    const lists = await Promise.all(regionNodes.map((r) => model.getChildren(r)));
    assert.equal(lists.filter(([child]) => child.kind === 'table').length, 36, 'every region of every account listed');
    assert.deepEqual(Object.fromEntries(most), { local: 4, 'us-east-1': 4, 'eu-west-1': 4, 'ap-south-1': 4 }, 'each server reached its cap of 4, never more');
  });

  it('matches filters case-insensitively with * wildcards', () => {
    assert.equal(matchesFilter('CustomerOrders', 'orders'), true);
    assert.equal(matchesFilter('CustomerOrders', 'cust*ord'), true);
    assert.equal(matchesFilter('CustomerOrders', 'ord*cust'), false);
    assert.equal(matchesFilter('x', undefined), true);
  });
});
