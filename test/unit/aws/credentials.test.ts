import * as assert from 'assert';
import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { createProfileCredentials } from '../../../src/services/aws/credentials';
import { loadSharedConfig, type ProfileInfo, type SharedConfig } from '../../../src/services/aws/profiles';
import { StudioError } from '../../../src/model/errors';
import { lines, removeTempDirs, writeAwsFiles, type AwsFiles } from './awsFiles';

const run = promisify(execFile);

// Prints credentials in the credential_process format and appends a line to a counter file for every run.
const CREDENTIAL_SCRIPT = `
const fs = require('fs');
const [counterFile, expiresInSeconds] = process.argv.slice(2);
fs.appendFileSync(counterFile, 'run\\n');
const out = { Version: 1, AccessKeyId: 'ASIAPROCESS', SecretAccessKey: 'process-secret', SessionToken: 'process-token' };
if (expiresInSeconds) out.Expiration = new Date(Date.now() + Number(expiresInSeconds) * 1000).toISOString();
console.log(JSON.stringify(out));
`;

interface ProcessSetup {
  files: AwsFiles;
  config: SharedConfig;
  counterFile: string;
}

async function processProfile(expiresInSeconds?: number): Promise<ProcessSetup> {
  const files = await writeAwsFiles({});
  const script = path.join(files.dir, 'print-credentials.js');
  const counterFile = path.join(files.dir, 'runs.txt');
  await fs.writeFile(script, CREDENTIAL_SCRIPT);
  const command = [process.execPath, script, counterFile, ...(expiresInSeconds ? [String(expiresInSeconds)] : [])].map((a) => JSON.stringify(a)).join(' ');
  await fs.writeFile(files.configFile, lines(['[profile process-ci]', `credential_process = ${command}`, 'region = us-east-2']));
  return { files, config: await loadSharedConfig(files.env), counterFile };
}

async function runs(counterFile: string): Promise<number> {
  try {
    return (await fs.readFile(counterFile, 'utf8')).split('\n').filter(Boolean).length;
  } catch {
    return 0;
  }
}

function profileNamed(cfg: SharedConfig, name: string): ProfileInfo {
  const p = cfg.profiles.find((x) => x.name === name);
  assert.ok(p, `profile ${name} is listed`);
  return p;
}

/** The SDK's SSO step reads the files and the token cache named by the environment, so point it at the temp dir. */
async function withAwsEnv<T>(files: AwsFiles, body: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(files.env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, files.env);
  try {
    return await body();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

async function rejection(promise: Promise<unknown>): Promise<StudioError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof StudioError, `expected a StudioError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the credentials to be refused');
}

describe('createProfileCredentials', () => {
  after(removeTempDirs);

  it('resolves the keys of a static profile', async () => {
    const files = await writeAwsFiles({
      config: lines(['[profile static-dev]', 'region = us-west-2']),
      credentials: lines(['[static-dev]', 'aws_access_key_id = AKIASTATIC', 'aws_secret_access_key = static-secret']),
    });
    const cfg = await loadSharedConfig(files.env);
    const credentials = await createProfileCredentials(profileNamed(cfg, 'static-dev'), cfg)();
    assert.strictEqual(credentials.accessKeyId, 'AKIASTATIC');
    assert.strictEqual(credentials.secretAccessKey, 'static-secret');
    assert.strictEqual(credentials.sessionToken, undefined);
  });

  it('resolves a credential_process profile by running the process', async () => {
    const { config, counterFile } = await processProfile(3600);
    const credentials = await createProfileCredentials(profileNamed(config, 'process-ci'), config)();
    assert.strictEqual(credentials.accessKeyId, 'ASIAPROCESS');
    assert.strictEqual(credentials.secretAccessKey, 'process-secret');
    assert.strictEqual(credentials.sessionToken, 'process-token');
    assert.ok(credentials.expiration instanceof Date);
    assert.strictEqual(await runs(counterFile), 1);
  });

  it('keeps credentials until shortly before they expire, and shares one resolution between callers', async () => {
    const lasting = await processProfile(3600);
    const provider = createProfileCredentials(profileNamed(lasting.config, 'process-ci'), lasting.config);
    const [first, second] = await Promise.all([provider(), provider()]);
    const third = await provider();
    assert.strictEqual(second, first);
    assert.strictEqual(third, first);
    assert.strictEqual(await runs(lasting.counterFile), 1, 'one process run for three requests');
    await provider({ forceRefresh: true });
    assert.strictEqual(await runs(lasting.counterFile), 2, 'forceRefresh runs the process again');

    // Expiring within the refresh margin: every request fetches new credentials.
    const dying = await processProfile(60);
    const dyingProvider = createProfileCredentials(profileNamed(dying.config, 'process-ci'), dying.config);
    await dyingProvider();
    await dyingProvider();
    assert.strictEqual(await runs(dying.counterFile), 2);
  });

  it('turns a failing credential_process into a StudioError naming the profile', async () => {
    const files = await writeAwsFiles({
      config: lines(['[profile failing]', `credential_process = ${JSON.stringify(process.execPath)} -e "process.exit(3)"`]),
    });
    const cfg = await loadSharedConfig(files.env);
    const error = await rejection(createProfileCredentials(profileNamed(cfg, 'failing'), cfg)());
    assert.match(error.message, /^Loading the credentials of profile "failing" failed/);
    assert.strictEqual(error.kind, 'missingCredentials');
  });

  describe('SSO without a cached token', () => {
    const config = lines([
      '[sso-session corp]',
      'sso_start_url = https://corp-example.awsapps.com/start',
      'sso_region = us-east-1',
      '[profile sso-dev]',
      'sso_session = corp',
      'sso_account_id = 111122223333',
      'sso_role_name = Reader',
      '[profile sso-legacy]',
      'sso_start_url = https://legacy-example.awsapps.com/start',
      'sso_region = us-east-1',
      'sso_account_id = 111122223333',
      'sso_role_name = Reader',
      '[profile admin-via-sso]',
      'role_arn = arn:aws:iam::111122223333:role/Admin',
      'source_profile = sso-dev',
    ]);

    for (const name of ['sso-dev', 'sso-legacy']) {
      it(`asks to run aws sso login --profile ${name}`, async () => {
        const files = await writeAwsFiles({ config });
        const error = await withAwsEnv(files, async () => {
          const cfg = await loadSharedConfig(process.env);
          return rejection(createProfileCredentials(profileNamed(cfg, name), cfg)());
        });
        assert.strictEqual(error.kind, 'ssoLoginRequired');
        assert.strictEqual(error.fixCommand, `aws sso login --profile ${name}`);
        assert.match(error.message, new RegExp(`^Loading the credentials of profile "${name}" failed`));
      });
    }

    it('names the SSO source profile for an assume-role profile built on it', async () => {
      const files = await writeAwsFiles({ config });
      const error = await withAwsEnv(files, async () => {
        const cfg = await loadSharedConfig(process.env);
        return rejection(createProfileCredentials(profileNamed(cfg, 'admin-via-sso'), cfg)());
      });
      assert.strictEqual(error.kind, 'ssoLoginRequired');
      assert.strictEqual(error.fixCommand, 'aws sso login --profile sso-dev');
    });
  });

  it('loads the AWS SDK only when credentials are first requested', async () => {
    const { files, config } = await processProfile(3600);
    const probe = `
      const { createProfileCredentials } = require(${JSON.stringify(path.resolve(__dirname, '../../../src/services/aws/credentials.js'))});
      const loaded = () => Object.keys(require.cache).some((m) => m.includes('credential-provider'));
      const provider = createProfileCredentials(${JSON.stringify(config.profiles[0])}, ${JSON.stringify({ configFile: files.configFile, credentialsFile: files.credentialsFile })});
      const before = loaded();
      provider().then((c) => console.log(JSON.stringify({ before, after: loaded(), key: c.accessKeyId })));
    `;
    const { stdout } = await run(process.execPath, ['-e', probe], { env: { ...process.env, ...files.env } });
    assert.deepStrictEqual(JSON.parse(stdout), { before: false, after: true, key: 'ASIAPROCESS' });
  });
});
