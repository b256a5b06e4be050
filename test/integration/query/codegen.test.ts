// The generated SDK v3 code and AWS CLI command, run for real against DynamoDB Local, find what the runner finds.
import * as assert from 'node:assert/strict';
import * as childProcess from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DynamoDBClient, TableDescription } from '@aws-sdk/client-dynamodb';
import { toAwsCliCommand, toSdkV3Code } from '../../../src/model/query/codegen';
import { newKeyQuery, newQuerySpec, type QuerySpec } from '../../../src/model/query/querySpec';
import { fetchAll } from '../../../src/services/query/runner';
import { deleteTables, getTestEndpoint, repoRoot, TEST_CREDENTIALS, TEST_REGION, testClient, uniqueTableName } from '../dynamoLocal';
import { createFixtureTable, itemKeyOf, type Item } from './fixture';

const AWS_CLI = '/usr/bin/aws';
const env = {
  ...process.env,
  AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
  AWS_REGION: TEST_REGION,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

describe('codegen: copy as SDK v3 code / AWS CLI command (DynamoDB Local)', function () {
  this.timeout(60_000);
  let client: DynamoDBClient;
  let endpoint: string;
  let table: TableDescription;
  const name = uniqueTableName('Codegen');
  // Inside the repository, so the generated module resolves @aws-sdk/client-dynamodb from node_modules.
  const workDir = path.join(repoRoot(), 'out', 'codegen-test');

  before(async () => {
    endpoint = await getTestEndpoint();
    client = testClient(endpoint);
    table = await createFixtureTable(client, name);
    fs.mkdirSync(workDir, { recursive: true });
  });
  after(async () => {
    fs.rmSync(workDir, { recursive: true, force: true });
    if (client) await deleteTables(client, [name]);
  });

  const specs: [string, () => QuerySpec][] = [
    [
      'a query on a GSI with a sort key condition, filters on odd names and a binary value',
      () => ({
        ...newKeyQuery(table, 'ByStatus', 'OPEN'),
        sortKey: { name: 'Date', op: 'BETWEEN', type: 'S', value: '2024-01', value2: '2024-05' },
        filters: [
          { path: '"a.b"', op: 'IN', values: ["dot-1", "dot-2", "it's"] },
          { path: 'blob', op: '<>', values: [Buffer.from([0]).toString('base64')], type: 'B' },
        ],
        filterJoin: 'AND',
        scanIndexForward: false,
        pageSize: 3,
      }),
    ],
    ['a parallel scan with a projection and a nested filter', () => ({ ...newQuerySpec(name), segments: 3, projection: ['Group', 'Size', '#hash'], filters: [{ path: 'nested.list[0].c', op: '>=', values: ['3'], type: 'N' }] })],
    ['a PartiQL statement', () => ({ ...newQuerySpec(name, 'partiql'), statement: `SELECT * FROM "${name}" WHERE "Group" = 'g2'`, pageSize: 6 })],
  ];

  for (const [label, make] of specs) {
    it(`SDK v3 code for ${label} returns the runner's items`, async () => {
      const spec = make();
      const expected = (await fetchAll(client, spec)).items.map(itemKeyOf).sort();
      assert.ok(expected.length > 0);
      const file = path.join(workDir, `${Math.random().toString(36).slice(2)}.mjs`);
      fs.writeFileSync(file, toSdkV3Code(spec, { region: TEST_REGION, endpoint }));
      const stdout = childProcess.execFileSync(process.execPath, [file], { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      const items = JSON.parse(stdout) as Item[];
      assert.deepEqual(items.map(itemKeyOf).sort(), expected);
    });
  }

  it('the AWS CLI command returns the runner\'s items (needs the Debian awscli package)', function () {
    if (!fs.existsSync(AWS_CLI)) this.skip();
    return (async () => {
      const spec = specs[0][1]();
      const expected = (await fetchAll(client, spec)).items.map(itemKeyOf).sort();
      const command = toAwsCliCommand(spec, { region: TEST_REGION, endpoint });
      const stdout = childProcess.execFileSync('/bin/sh', ['-c', command.replace(/^aws /, `${AWS_CLI} `)], { env: { ...env, AWS_PAGER: '' }, encoding: 'utf8' });
      const out = JSON.parse(stdout) as { Items: Item[] };
      assert.deepEqual(out.Items.map((i) => `${i.Group.S}|${i.Size.N}`).sort(), expected);
    })();
  });
});
