// One credential provider per connection: an assume-role profile with mfa_serial, used in three regions, asks for
// its MFA code once. The role is assumed through the SDK's own fromIni and STS client against a loopback STS that
// speaks the real AssumeRole wire format; the three regions list the tables of DynamoDB Local with the assumed keys.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { childByLabel, eventually, SEEDED_TABLES, studioApi, tableLabels, type StudioApi } from './explorerApi';
import { startStsServer, type StsServer } from './stsServer';

const PROFILE = 'mfa-three-regions';
const SOURCE = 'mfa-source';
const MFA_SERIAL = 'arn:aws:iam::123456789012:mfa/tester';
const ROLE_ARN = 'arn:aws:iam::123456789012:role/TableReader';
const SOURCE_KEYS = { accessKeyId: 'AKIAMFASOURCEKEY', secretAccessKey: 'MfaSourceSecretKey0123456789' };
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const CODE = '246810';

describe('MFA profile in three regions', function () {
  this.timeout(120_000);
  let api: StudioApi;
  let sts: StsServer;
  const configFile = process.env.AWS_CONFIG_FILE;
  const credentialsFile = process.env.AWS_SHARED_CREDENTIALS_FILE;
  const endpoint = process.env.DYNAMODB_STUDIO_TEST_ENDPOINT;
  let originalConfig = '';
  let originalCredentials = '';
  let originalRegions: unknown;
  const savedStsEndpoint = process.env.AWS_ENDPOINT_URL_STS;
  const window = vscode.window as unknown as { showInputBox: unknown };
  const savedInputBox = window.showInputBox;
  const prompts: string[] = [];

  before(async () => {
    assert.ok(endpoint && configFile && credentialsFile, 'run with `node scripts/test.js vscode`');
    api = await studioApi();
    sts = await startStsServer({ accessKeyId: 'ASIAMFAASSUMED', secretAccessKey: 'MfaAssumedSecret0123456789', sessionToken: 'MfaSessionToken0123456789' });
    // The SDK's STS client (inside fromIni) takes its endpoint from this variable; the extension host is this process.
    process.env.AWS_ENDPOINT_URL_STS = sts.endpoint;
    originalConfig = fs.readFileSync(configFile, 'utf8');
    originalCredentials = fs.readFileSync(credentialsFile, 'utf8');
    fs.appendFileSync(
      configFile,
      `\n[profile ${PROFILE}]\nrole_arn = ${ROLE_ARN}\nsource_profile = ${SOURCE}\nmfa_serial = ${MFA_SERIAL}\nregion = us-east-1\nendpoint_url = ${endpoint}\n\n[profile ${SOURCE}]\nregion = us-east-1\n`,
    );
    fs.appendFileSync(credentialsFile, `\n[${SOURCE}]\naws_access_key_id = ${SOURCE_KEYS.accessKeyId}\naws_secret_access_key = ${SOURCE_KEYS.secretAccessKey}\n`);
    const config = vscode.workspace.getConfiguration();
    originalRegions = config.inspect('dynamodbStudio.regions')?.workspaceValue;
    await config.update('dynamodbStudio.regions', { [`profile:${PROFILE}`]: REGIONS.slice(1) }, vscode.ConfigurationTarget.Workspace);
    window.showInputBox = async (options?: vscode.InputBoxOptions) => {
      prompts.push(`${options?.title ?? ''} | ${options?.prompt ?? ''}`);
      return CODE;
    };
    api.explorer.refresh();
  });

  after(async () => {
    window.showInputBox = savedInputBox;
    if (savedStsEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL_STS;
    else process.env.AWS_ENDPOINT_URL_STS = savedStsEndpoint;
    if (configFile) fs.writeFileSync(configFile, originalConfig);
    if (credentialsFile) fs.writeFileSync(credentialsFile, originalCredentials);
    await vscode.workspace.getConfiguration().update('dynamodbStudio.regions', originalRegions, vscode.ConfigurationTarget.Workspace);
    await sts?.close();
    api?.explorer.refresh();
  });

  it('asks for the MFA code once, assumes the role once, and lists the tables of all three regions', async () => {
    const profile = await eventually(`the ${PROFILE} profile in the explorer`, async () => (await api.explorer.getChildren()).find((n) => n.label === PROFILE));
    const regionNodes = await api.explorer.getChildren(profile.id);
    assert.deepStrictEqual(regionNodes.map((n) => n.label).sort(), [...REGIONS].sort());
    // Expanding the connection starts every region's listing at once; each must see the seeded tables.
    const listings = await Promise.all(REGIONS.map(async (region) => tableLabels(api, (await childByLabel(api, profile.id, region)).id)));
    for (const [i, tables] of listings.entries()) {
      for (const table of SEEDED_TABLES) assert.ok(tables.includes(table), `${REGIONS[i]} lists ${tables.join(', ')}`);
    }
    assert.strictEqual(prompts.length, 1, `MFA prompts: ${prompts.join(' / ')}`);
    assert.match(prompts[0], new RegExp(`${PROFILE}[\\s\\S]*${MFA_SERIAL.replace(/[/:]/g, '.')}`));
    const assumed = sts.calls.filter((c) => c.action === 'AssumeRole');
    assert.strictEqual(assumed.length, 1, `AssumeRole calls: ${JSON.stringify(sts.calls)}`);
    assert.deepStrictEqual(assumed[0], { action: 'AssumeRole', roleArn: ROLE_ARN, serialNumber: MFA_SERIAL, tokenCode: CODE, signedBy: SOURCE_KEYS.accessKeyId });
  });
});
