import * as assert from 'node:assert/strict';
import { buildConnections, endpointProblems, endpointUrlProblem } from '../../../src/services/aws/connections';
import type { ProfileInfo, SharedConfig } from '../../../src/services/aws/profiles';

const profile = (name: string, extra: Partial<ProfileInfo> = {}): ProfileInfo => ({ name, kind: 'static', problems: [], sources: [], ...extra });

describe('connections', () => {
  const shared: SharedConfig = {
    configFile: '/c',
    credentialsFile: '/k',
    diagnostics: [],
    profiles: [profile('default', { region: 'eu-west-1' }), profile('local', { endpointUrl: 'http://127.0.0.1:8000' }), profile('broken', { problems: ['no source'] })],
  };

  it('lists endpoints first, then profiles, with regions, endpoints and read-only flags', () => {
    const list = buildConnections({
      sharedConfig: shared,
      endpoints: [{ name: 'Local', endpoint: 'http://localhost:8000', region: 'ddblocal' }, { name: 'Other', endpoint: 'http://localhost:9000', readOnly: true }],
      defaultRegion: 'us-east-1',
      readOnlyIds: ['profile:default'],
      showProfiles: true,
    });
    assert.deepEqual(
      list.map((c) => [c.id, c.defaultRegion, c.endpoint, c.readOnly, c.problems.length]),
      [
        ['endpoint:Local', 'ddblocal', 'http://localhost:8000', false, 0],
        ['endpoint:Other', 'us-east-1', 'http://localhost:9000', true, 0],
        ['profile:default', 'eu-west-1', undefined, true, 0],
        ['profile:local', 'us-east-1', 'http://127.0.0.1:8000', false, 0],
        ['profile:broken', 'us-east-1', undefined, false, 1],
      ],
    );
  });

  it('hides profiles when asked and drops duplicate endpoint names', () => {
    const list = buildConnections({
      sharedConfig: shared,
      endpoints: [{ name: 'A', endpoint: 'http://a' }, { name: 'A', endpoint: 'http://b' }],
      defaultRegion: 'us-east-1',
      readOnlyIds: [],
      showProfiles: false,
    });
    assert.deepEqual(list.map((c) => c.endpoint), ['http://a']);
  });

  it('explains bad endpoint entries', () => {
    assert.deepEqual(endpointProblems({ name: 'x', endpoint: 'http://localhost:8000' }), []);
    assert.match(endpointProblems({ name: 'x', endpoint: 'localhost:8000' }).join(' '), /http:\/\/ or https:\/\//);
    assert.match(endpointProblems({ name: 'x', endpoint: 'not a url' }).join(' '), /not a URL/);
    assert.match(endpointProblems({ endpoint: 'http://a' }).join(' '), /"name" is missing/);
    assert.match(endpointProblems({ name: 'x', endpoint: 'http://a', region: 'US East' }).join(' '), /not a region name/);
    assert.match(endpointProblems('text').join(' '), /not an object/);
    assert.equal(endpointUrlProblem('https://dynamodb.eu-west-1.amazonaws.com'), undefined);
    const broken = buildConnections({ endpoints: [{ name: 'bad', endpoint: 'ftp://x' }], defaultRegion: 'us-east-1', readOnlyIds: [], showProfiles: true });
    assert.equal(broken[0].problems.length, 1);
  });
});
