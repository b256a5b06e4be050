import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { createProfileCredentials } from '../../../src/services/aws/credentials';
import { loadSharedConfig, type SharedConfig } from '../../../src/services/aws/profiles';
import { removeTempDirs, writeAwsFiles } from './awsFiles';

// Compiled to out/test/unit/aws; the fixture stays in the source tree.
const FIXTURE = path.resolve(__dirname, '../../../../test/fixtures/aws/six-kinds');
const ENDPOINT = 'http://127.0.0.1:8000';

/** Copies the fixture the way the harness does: ${DDB_ENDPOINT} replaced by the URL of the running DynamoDB Local. */
async function loadFixture(): Promise<SharedConfig> {
  const read = (name: string) => fs.readFile(path.join(FIXTURE, name), 'utf8');
  const [config, credentials] = await Promise.all([read('config'), read('credentials')]);
  assert.ok(config.includes('endpoint_url = ${DDB_ENDPOINT}'), 'the fixture keeps the endpoint placeholder');
  const files = await writeAwsFiles({ config: config.split('${DDB_ENDPOINT}').join(ENDPOINT), credentials });
  return loadSharedConfig(files.env);
}

describe('fixture six-kinds', () => {
  after(removeTempDirs);

  it('holds six profiles, one of each kind, and only "broken" has problems', async () => {
    const cfg = await loadFixture();
    assert.deepStrictEqual(cfg.diagnostics, []);
    assert.deepStrictEqual(
      cfg.profiles.map((p) => [p.name, p.kind]),
      [
        ['assume-admin', 'assume-role'],
        ['broken', 'assume-role'],
        ['local-endpoint', 'static'],
        ['process-ci', 'credential-process'],
        ['sso-dev', 'sso'],
        ['static-dev', 'static'],
      ],
    );
    assert.deepStrictEqual(
      cfg.profiles.filter((p) => p.problems.length > 0).map((p) => p.name),
      ['broken'],
    );
    const byName = new Map(cfg.profiles.map((p) => [p.name, p]));
    assert.match(byName.get('broken')!.problems[0], /source_profile "no-such-profile" .* does not exist/);
    assert.strictEqual(byName.get('static-dev')!.region, 'us-west-2');
    assert.strictEqual(byName.get('assume-admin')!.sourceProfile, 'static-dev');
    assert.strictEqual(byName.get('sso-dev')!.ssoSession, 'studio');
    assert.strictEqual(byName.get('local-endpoint')!.endpointUrl, ENDPOINT);
  });

  it('resolves the credentials of its process and local profiles', async () => {
    const cfg = await loadFixture();
    const byName = new Map(cfg.profiles.map((p) => [p.name, p]));
    const processCreds = await createProfileCredentials(byName.get('process-ci')!, cfg)();
    assert.deepStrictEqual([processCreds.accessKeyId, processCreds.secretAccessKey], ['processci', 'processci']);
    const localCreds = await createProfileCredentials(byName.get('local-endpoint')!, cfg)();
    assert.deepStrictEqual([localCreds.accessKeyId, localCreds.secretAccessKey], ['local', 'local']);
  });
});
