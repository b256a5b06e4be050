import * as assert from 'assert';
import * as path from 'path';
import { loadSharedConfigFiles } from '@smithy/core/config';
import { defaultProfileName, loadSharedConfig, type ProfileInfo, type SharedConfig } from '../../../src/services/aws/profiles';
import { lines, removeTempDirs, writeAwsFiles } from './awsFiles';

function profile(cfg: SharedConfig, name: string): ProfileInfo {
  const found = cfg.profiles.find((p) => p.name === name);
  assert.ok(found, `profile ${name} should be listed; got ${cfg.profiles.map((p) => p.name).join(', ')}`);
  return found;
}

async function load(config?: string[], credentials?: string[]): Promise<SharedConfig> {
  const files = await writeAwsFiles({ config: config && lines(config), credentials: credentials && lines(credentials) });
  return loadSharedConfig(files.env);
}

describe('loadSharedConfig', () => {
  after(removeTempDirs);

  describe('files', () => {
    it('treats missing files as no profiles and no error', async () => {
      const files = await writeAwsFiles({});
      const cfg = await loadSharedConfig(files.env);
      assert.deepStrictEqual(cfg, { configFile: files.configFile, credentialsFile: files.credentialsFile, profiles: [], diagnostics: [] });
    });

    it('honours AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, and defaults to ~/.aws with ~ expanded', async () => {
      const files = await writeAwsFiles({ config: '[profile from-config]\ncredential_process = x\n', credentials: '[from-credentials]\naws_access_key_id = a\naws_secret_access_key = b\n' });
      const cfg = await loadSharedConfig(files.env);
      assert.deepStrictEqual(cfg.profiles.map((p) => p.name), ['from-config', 'from-credentials']);

      const defaults = await loadSharedConfig({ HOME: '/home/someone' }, async (file) => {
        throw Object.assign(new Error(`no ${file}`), { code: 'ENOENT' });
      });
      assert.strictEqual(defaults.configFile, path.join('/home/someone', '.aws', 'config'));
      assert.strictEqual(defaults.credentialsFile, path.join('/home/someone', '.aws', 'credentials'));

      const read: string[] = [];
      const tilde = await loadSharedConfig({ HOME: files.dir, AWS_CONFIG_FILE: '~/config', AWS_SHARED_CREDENTIALS_FILE: '~/credentials' }, async (file) => {
        read.push(file);
        return (await import('fs')).promises.readFile(file, 'utf8');
      });
      assert.deepStrictEqual(read.sort(), [files.configFile, files.credentialsFile]);
      assert.strictEqual(tilde.profiles.length, 2);
    });

    it('reports a file that exists but cannot be read', async () => {
      const files = await writeAwsFiles({});
      const cfg = await loadSharedConfig({ ...files.env, AWS_CONFIG_FILE: files.dir });
      assert.strictEqual(cfg.diagnostics.length, 1);
      assert.strictEqual(cfg.diagnostics[0].file, files.dir);
      assert.match(cfg.diagnostics[0].message, /cannot be read \(EISDIR\)/);
    });

    it('reads CRLF files with a byte order mark', async () => {
      const files = await writeAwsFiles({
        config: '\uFEFF' + lines(['[default]', 'region = eu-west-1', '[profile b]', 'region = eu-west-2', 'credential_process = x'], true),
        credentials: '\uFEFF' + lines(['[default]', 'aws_access_key_id = a', 'aws_secret_access_key = b'], true),
      });
      const cfg = await loadSharedConfig(files.env);
      assert.deepStrictEqual(cfg.diagnostics, []);
      assert.deepStrictEqual(
        cfg.profiles.map((p) => [p.name, p.kind, p.region, p.problems]),
        [
          ['default', 'static', 'eu-west-1', []],
          ['b', 'credential-process', 'eu-west-2', []],
        ],
      );
    });
  });

  describe('sections and merging', () => {
    it('merges a profile of both files, the credentials file winning, and lists default first then by name', async () => {
      const files = await writeAwsFiles({
        config: lines(['[profile zeta]', 'credential_process = z', '[default]', 'region = us-east-2', 'aws_access_key_id = FROMCONFIG', '[profile alpha]', 'credential_process = a']),
        credentials: lines(['[default]', 'aws_access_key_id = FROMCREDENTIALS', 'aws_secret_access_key = s']),
      });
      const cfg = await loadSharedConfig(files.env);
      assert.deepStrictEqual(cfg.profiles.map((p) => p.name), ['default', 'alpha', 'zeta']);
      const def = profile(cfg, 'default');
      assert.strictEqual(def.kind, 'static');
      assert.strictEqual(def.region, 'us-east-2');
      assert.deepStrictEqual(def.sources, [
        { file: files.configFile, line: 3 },
        { file: files.credentialsFile, line: 1 },
      ]);
      // The SDK agrees on which access key wins.
      const sdk = await loadSharedConfigFiles({ filepath: files.credentialsFile, configFilepath: files.configFile, ignoreCache: true });
      assert.strictEqual(sdk.credentialsFile.default.aws_access_key_id, 'FROMCREDENTIALS');
    });

    it('merges a section repeated in one file with later keys winning, and notes the duplicate', async () => {
      const files = await writeAwsFiles({
        config: lines(['[profile dup]', 'region = us-east-1', 'credential_process = first', '', '[profile dup]', 'region = eu-central-1']),
      });
      const cfg = await loadSharedConfig(files.env);
      const dup = profile(cfg, 'dup');
      assert.strictEqual(dup.region, 'eu-central-1');
      assert.strictEqual(dup.kind, 'credential-process');
      assert.deepStrictEqual(dup.problems, []);
      assert.deepStrictEqual(dup.sources.map((s) => s.line), [1, 5]);
      assert.strictEqual(cfg.diagnostics.length, 1);
      assert.strictEqual(cfg.diagnostics[0].line, 5);
      assert.match(cfg.diagnostics[0].message, /appears again.*first on line 1.*later values win/);
      const sdk = await loadSharedConfigFiles({ filepath: files.credentialsFile, configFilepath: files.configFile, ignoreCache: true });
      assert.deepStrictEqual(sdk.configFile.dup, { region: 'eu-central-1', credential_process: 'first' });
    });

    it('explains the sections the SDK ignores: [name] in the config file, prefixes in the credentials file', async () => {
      const cfg = await load(
        ['[dev]', 'region = us-east-1', '[profil typo]', 'region = us-east-1', '[profile  two-spaces]', 'region = us-east-1'],
        ['[profile dev]', 'aws_access_key_id = a', 'aws_secret_access_key = b', '[has space]', 'aws_access_key_id = a'],
      );
      assert.deepStrictEqual(cfg.profiles, []);
      const messages = cfg.diagnostics.map((d) => `${path.basename(d.file)}:${d.line} ${d.message}`);
      assert.strictEqual(messages.length, 5, messages.join('\n'));
      assert.match(messages[0], /^config:1 .*written \[profile dev\]/);
      assert.match(messages[1], /^config:3 .*"profil" is not a section type/);
      assert.match(messages[2], /^config:5 .*one space/);
      assert.match(messages[3], /^credentials:1 .*without a prefix \(write \[dev\]\)/);
      assert.match(messages[4], /^credentials:4 .*cannot contain a space/);
    });

    it('flags known keys written in another case, which the SDK does not read', async () => {
      const cfg = await load(['[profile shouty]', 'Region = us-east-1', 'credential_process = x']);
      const shouty = profile(cfg, 'shouty');
      assert.strictEqual(shouty.region, undefined);
      assert.strictEqual(shouty.problems.length, 1);
      assert.match(shouty.problems[0], /^Line 2 of .*config: "Region" is not read .* Write it as "region"/);
    });

    it('marks a profile built from malformed lines, with the line numbers', async () => {
      const files = await writeAwsFiles({
        config: lines(['[profile good]', 'credential_process = ok', '[profile bad]', 'credential_process = ok', 'region eu-west-1', '[profile next', 'output = json']),
      });
      const cfg = await loadSharedConfig(files.env);
      assert.deepStrictEqual(profile(cfg, 'good').problems, []);
      const bad = profile(cfg, 'bad');
      assert.deepStrictEqual(
        bad.problems.map((p) => /^Line (\d+) of (.*?):/.exec(p)!.slice(1)),
        [
          ['5', files.configFile],
          ['6', files.configFile],
        ],
      );
      assert.deepStrictEqual(cfg.diagnostics.map((d) => d.line), [5, 6]);
    });
  });

  describe('kinds', () => {
    it('classifies every kind of profile', async () => {
      const cfg = await load(
        [
          '[profile keys]',
          'region = us-west-2',
          '[sso-session corp]',
          'sso_start_url = https://corp.awsapps.com/start',
          'sso_region = eu-west-1',
          '[profile sso-new]',
          'sso_session = corp',
          'sso_account_id = 111122223333',
          'sso_role_name = Reader',
          '[profile sso-legacy]',
          'sso_start_url = https://old.awsapps.com/start',
          'sso_region = us-east-1',
          'sso_account_id = 111122223333',
          'sso_role_name = Reader',
          '[profile role]',
          'role_arn = arn:aws:iam::111122223333:role/Admin',
          'source_profile = keys',
          'mfa_serial = arn:aws:iam::111122223333:mfa/me',
          '[profile role-from-env]',
          'role_arn = arn:aws:iam::111122223333:role/Admin',
          'credential_source = Environment',
          '[profile proc]',
          'credential_process = /usr/local/bin/get-creds --json',
          '[profile web]',
          'web_identity_token_file = /var/run/token',
          'role_arn = arn:aws:iam::111122223333:role/Web',
          '[profile nothing]',
          'region = us-east-1',
        ],
        ['[keys]', 'aws_access_key_id = AKIA', 'aws_secret_access_key = secret', 'aws_session_token = token'],
      );
      assert.deepStrictEqual(
        Object.fromEntries(cfg.profiles.map((p) => [p.name, p.kind])),
        {
          keys: 'static',
          'sso-new': 'sso',
          'sso-legacy': 'sso',
          role: 'assume-role',
          'role-from-env': 'assume-role',
          proc: 'credential-process',
          web: 'web-identity',
          nothing: 'unknown',
        },
      );
      assert.deepStrictEqual(
        cfg.profiles.filter((p) => p.problems.length > 0).map((p) => p.name),
        ['nothing'],
      );
      assert.match(profile(cfg, 'nothing').problems[0], /no credentials/);
      const role = profile(cfg, 'role');
      assert.strictEqual(role.roleArn, 'arn:aws:iam::111122223333:role/Admin');
      assert.strictEqual(role.sourceProfile, 'keys');
      assert.strictEqual(role.mfaSerial, 'arn:aws:iam::111122223333:mfa/me');
      const ssoNew = profile(cfg, 'sso-new');
      assert.strictEqual(ssoNew.ssoSession, 'corp');
      assert.strictEqual(ssoNew.ssoStartUrl, 'https://corp.awsapps.com/start');
      assert.strictEqual(ssoNew.ssoLoginProfile, 'sso-new');
      assert.strictEqual(profile(cfg, 'sso-legacy').ssoStartUrl, 'https://old.awsapps.com/start');
    });

    it('reports incomplete static keys', async () => {
      const cfg = await load(undefined, ['[key-only]', 'aws_access_key_id = AKIA', '[secret-only]', 'aws_secret_access_key = s']);
      assert.strictEqual(profile(cfg, 'key-only').kind, 'static');
      assert.match(profile(cfg, 'key-only').problems.join(), /no aws_secret_access_key/);
      assert.match(profile(cfg, 'secret-only').problems.join(), /no aws_access_key_id/);
    });

    it('resolves sso_session and reports a missing session, missing session fields and missing legacy fields', async () => {
      const cfg = await load([
        '[sso-session half]',
        'sso_start_url = https://half.awsapps.com/start',
        '[profile no-session]',
        'sso_session = nowhere',
        'sso_account_id = 1',
        'sso_role_name = r',
        '[profile half-session]',
        'sso_session = half',
        'sso_account_id = 1',
        'sso_role_name = r',
        '[profile legacy-partial]',
        'sso_start_url = https://x.awsapps.com/start',
        'sso_account_id = 1',
        '[profile conflicting]',
        'sso_session = half',
        'sso_start_url = https://other.awsapps.com/start',
        'sso_account_id = 1',
        'sso_role_name = r',
      ]);
      assert.match(profile(cfg, 'no-session').problems.join(), /\[sso-session nowhere\], which does not exist/);
      assert.match(profile(cfg, 'half-session').problems.join(), /\[sso-session half\] has no sso_region/);
      assert.match(profile(cfg, 'legacy-partial').problems.join(), /sso_region, sso_role_name are missing/);
      assert.match(profile(cfg, 'conflicting').problems.join(), /sso_start_url "https:\/\/other.awsapps.com\/start" .* differs/);
      for (const p of cfg.profiles) assert.strictEqual(p.kind, 'sso');
    });

    it('reports role_arn without a source and an unsupported credential_source', async () => {
      const cfg = await load([
        '[profile lonely-role]',
        'role_arn = arn:aws:iam::1:role/R',
        '[profile bad-source]',
        'role_arn = arn:aws:iam::1:role/R',
        'credential_source = Laptop',
        '[profile both]',
        'role_arn = arn:aws:iam::1:role/R',
        'credential_source = Environment',
        'source_profile = lonely-role',
      ]);
      assert.match(profile(cfg, 'lonely-role').problems.join(), /nothing says which credentials assume the role/);
      assert.match(profile(cfg, 'bad-source').problems.join(), /credential_source "Laptop" .* is not supported/);
      assert.match(profile(cfg, 'both').problems.join(), /both source_profile and credential_source/);
    });
  });

  describe('source_profile chains', () => {
    it('accepts chains that end at credentials and names the SSO profile to sign in with', async () => {
      const cfg = await load([
        '[profile base]',
        'aws_access_key_id = a',
        'aws_secret_access_key = b',
        '[profile hop1]',
        'role_arn = arn:aws:iam::1:role/One',
        'source_profile = base',
        'region = eu-west-1',
        '[profile hop2]',
        'role_arn = arn:aws:iam::1:role/Two',
        'source_profile = hop1',
        '[profile self]',
        'role_arn = arn:aws:iam::1:role/Self',
        'source_profile = self',
        'aws_access_key_id = a',
        'aws_secret_access_key = b',
        '[sso-session s]',
        'sso_start_url = https://s.awsapps.com/start',
        'sso_region = us-east-1',
        '[profile sso]',
        'sso_session = s',
        'sso_account_id = 1',
        'sso_role_name = r',
        '[profile via-sso]',
        'role_arn = arn:aws:iam::1:role/ViaSso',
        'source_profile = sso',
        '[profile via-via-sso]',
        'role_arn = arn:aws:iam::1:role/ViaViaSso',
        'source_profile = via-sso',
      ]);
      for (const p of cfg.profiles) assert.deepStrictEqual(p.problems, [], p.name);
      assert.strictEqual(profile(cfg, 'self').kind, 'assume-role');
      assert.strictEqual(profile(cfg, 'via-sso').ssoLoginProfile, 'sso');
      assert.strictEqual(profile(cfg, 'via-via-sso').ssoLoginProfile, 'sso');
      assert.strictEqual(profile(cfg, 'hop1').ssoLoginProfile, undefined);
      // The SDK does not give an assume-role profile the region of its source.
      assert.strictEqual(profile(cfg, 'hop2').region, undefined);
    });

    it('reports a missing source, cycles, and a source that is itself broken', async () => {
      const cfg = await load([
        '[profile orphan]',
        'role_arn = arn:aws:iam::1:role/R',
        'source_profile = ghost',
        '[profile a]',
        'role_arn = arn:aws:iam::1:role/A',
        'source_profile = b',
        '[profile b]',
        'role_arn = arn:aws:iam::1:role/B',
        'source_profile = a',
        '[profile me]',
        'role_arn = arn:aws:iam::1:role/Me',
        'source_profile = me',
        '[profile on-orphan]',
        'role_arn = arn:aws:iam::1:role/R',
        'source_profile = orphan',
        '[profile half-keys]',
        'aws_access_key_id = a',
        '[profile on-half-keys]',
        'role_arn = arn:aws:iam::1:role/R',
        'source_profile = half-keys',
      ]);
      assert.match(profile(cfg, 'orphan').problems.join(), /source_profile "ghost" \(.*config, line 3\) does not exist/);
      assert.match(profile(cfg, 'a').problems.join(), /loops \(a → b → a\)/);
      assert.match(profile(cfg, 'b').problems.join(), /loops \(b → a → b\)/);
      assert.match(profile(cfg, 'me').problems.join(), /loops \(me → me\)/);
      assert.match(profile(cfg, 'on-orphan').problems.join(), /source_profile "ghost" .* does not exist/);
      assert.match(profile(cfg, 'on-half-keys').problems.join(), /source profile "half-keys" cannot be used: It has aws_access_key_id .* but no aws_secret_access_key/);
    });
  });

  describe('region and endpoint', () => {
    it('takes endpoint_url from the profile, or from the dynamodb block of its services section', async () => {
      const cfg = await load([
        '[services local-ddb]',
        'dynamodb =',
        '  endpoint_url = http://localhost:8000',
        's3 =',
        '  endpoint_url = http://localhost:9000',
        '[services s3-only]',
        's3 =',
        '  endpoint_url = http://localhost:9000',
        '[profile via-services]',
        'credential_process = x',
        'services = local-ddb',
        'endpoint_url = http://ignored:1',
        '[profile direct]',
        'credential_process = x',
        'endpoint_url = http://127.0.0.1:8001',
        '[profile services-without-dynamodb]',
        'credential_process = x',
        'services = s3-only',
        'endpoint_url = http://127.0.0.1:8002',
        '[profile ignoring]',
        'credential_process = x',
        'endpoint_url = http://127.0.0.1:8003',
        'ignore_configured_endpoint_urls = true',
        '[profile missing-services]',
        'credential_process = x',
        'services = nope',
        '[profile not-a-url]',
        'credential_process = x',
        'endpoint_url = localhost:8000',
      ]);
      assert.strictEqual(profile(cfg, 'via-services').endpointUrl, 'http://localhost:8000');
      assert.strictEqual(profile(cfg, 'direct').endpointUrl, 'http://127.0.0.1:8001');
      assert.strictEqual(profile(cfg, 'services-without-dynamodb').endpointUrl, 'http://127.0.0.1:8002');
      assert.strictEqual(profile(cfg, 'ignoring').endpointUrl, undefined);
      assert.match(profile(cfg, 'missing-services').problems.join(), /\[services nope\], which does not exist/);
      assert.match(profile(cfg, 'not-a-url').problems.join(), /not an http or https URL/);
      assert.deepStrictEqual(
        cfg.profiles.filter((p) => p.problems.length > 0).map((p) => p.name).sort(),
        ['missing-services', 'not-a-url'],
      );
    });

    it('reports a region that is not a region name', async () => {
      const cfg = await load(['[profile r]', 'credential_process = x', 'region = US East']);
      assert.match(profile(cfg, 'r').problems.join(), /region "US East" .* is not a region name/);
    });
  });

  it('lists the same profiles, regions and roles as the AWS SDK on a file with every trap', async () => {
    const files = await writeAwsFiles({
      config: lines([
        '\uFEFF# leading comment',
        '[default]',
        'region = us-east-1 # inline comment',
        '[profile dup]',
        'region = eu-west-1',
        '[profile quoted-name]',
        'role_arn = arn:aws:iam::1:role/Q ;comment',
        'source_profile = dup',
        '[profile dup]',
        'region = eu-west-2',
        's3 =',
        '  region = not-top-level',
        '[dev]',
        'region = ignored-by-sdk',
        '[profile "with-quotes"]',
        'region = ap-south-1',
        '[profile shouty]',
        'REGION = us-west-1',
        'credential_process = echo a;b',
      ]),
      credentials: lines(['[dup]', 'aws_access_key_id = a', 'aws_secret_access_key = b', '[plain]', 'aws_access_key_id = c', 'aws_secret_access_key = d']),
    });
    const ours = await loadSharedConfig(files.env);
    const sdk = await loadSharedConfigFiles({ filepath: files.credentialsFile, configFilepath: files.configFile, ignoreCache: true });
    const merged: Record<string, Record<string, string | undefined>> = {};
    for (const section of [sdk.configFile, sdk.credentialsFile]) {
      for (const [name, values] of Object.entries(section)) if (!name.includes('.')) merged[name] = { ...merged[name], ...values };
    }
    assert.deepStrictEqual(ours.profiles.map((p) => p.name).sort(), Object.keys(merged).sort());
    for (const p of ours.profiles) {
      assert.strictEqual(p.region, merged[p.name].region, `region of ${p.name}`);
      assert.strictEqual(p.roleArn, merged[p.name].role_arn, `role_arn of ${p.name}`);
      assert.strictEqual(p.sourceProfile, merged[p.name].source_profile, `source_profile of ${p.name}`);
    }
  });
});

describe('defaultProfileName', () => {
  it('is AWS_PROFILE when set, else "default"', () => {
    assert.strictEqual(defaultProfileName({ AWS_PROFILE: 'work' }), 'work');
    assert.strictEqual(defaultProfileName({ AWS_PROFILE: '' }), 'default');
    assert.strictEqual(defaultProfileName({}), 'default');
  });
});
