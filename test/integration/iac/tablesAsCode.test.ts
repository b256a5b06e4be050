// Tables as code against DynamoDB Local: create a table from each kind of template, change it by hand (add a GSI,
// turn on TTL and the stream, switch the billing mode), and check the compare reports each drift with the right
// values; then write the changed table as each kind of code and check that compares with no drift.
import * as assert from 'node:assert/strict';
import { compareTables, type Finding } from '../../../src/model/iac/compare';
import { createPlanFor } from '../../../src/model/iac/createSpec';
import { generateDefinition } from '../../../src/model/iac/generate';
import type { DeclaredTable, TableModel } from '../../../src/model/iac/tableModel';
import { createTable, addGlobalIndexInput, billingUpdateInput, setStream, setTimeToLive, streamUpdateInputs, timeToLiveInput, updateTable, waitForTableActive } from '../../../src/services/dynamo/tableAdmin';
import { readCloudFormation } from '../../../src/services/iac/cloudFormation';
import { readLiveTableModel } from '../../../src/services/iac/liveTables';
import { readTerraform } from '../../../src/services/iac/terraform';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { readFixture, tableOf } from '../../unit/iac/fixtures';
import * as path from 'node:path';
import { deleteTables, getTestEndpoint, repoRoot, testClient, uniqueTableName } from '../dynamoLocal';

interface Case {
  kind: string;
  fixture: string;
  resource: string;
  /** The drift expected after the hand changes: path → [live, declared]. */
  expected: Record<string, [string, string]>;
}

const CASES: Case[] = [
  {
    kind: 'CloudFormation JSON',
    fixture: 'cloudformation/catalog.json',
    resource: 'Catalog',
    expected: {
      'gsi:AddedByHand': ['present', 'missing'],
      timeToLive: ['on (ExpiresAt)', 'off'],
      stream: ['on (NEW_AND_OLD_IMAGES)', 'on (KEYS_ONLY)'],
      billingMode: ['on-demand (PAY_PER_REQUEST)', 'provisioned (PROVISIONED)'],
    },
  },
  {
    kind: 'SAM',
    fixture: 'sam/template.yaml',
    resource: 'CounterTable',
    expected: {
      'gsi:AddedByHand': ['present', 'missing'],
      timeToLive: ['on (ExpiresAt)', 'off'],
      stream: ['on (NEW_AND_OLD_IMAGES)', 'off'],
      billingMode: ['provisioned (PROVISIONED)', 'on-demand (PAY_PER_REQUEST)'],
    },
  },
  {
    kind: 'CDK synth',
    fixture: 'cdk/cdk.out/InventoryStack.template.json',
    resource: 'InventoryTable8E2F0B1C',
    expected: {
      'gsi:AddedByHand': ['present', 'missing'],
      timeToLive: ['on (ExpiresAt)', 'off'],
      stream: ['on (NEW_AND_OLD_IMAGES)', 'on (NEW_IMAGE)'],
      billingMode: ['provisioned (PROVISIONED)', 'on-demand (PAY_PER_REQUEST)'],
    },
  },
  {
    kind: 'Terraform',
    fixture: 'terraform/main.tf',
    resource: 'aws_dynamodb_table.users',
    expected: {
      // TTL is already on in the file; the hand change switches the view type of the stream and the billing.
      'gsi:AddedByHand': ['present', 'missing'],
      stream: ['on (NEW_AND_OLD_IMAGES)', 'on (NEW_IMAGE)'],
      billingMode: ['on-demand (PAY_PER_REQUEST)', 'provisioned (PROVISIONED)'],
    },
  },
];

const notMatching = (findings: Finding[]) => findings.filter((f) => f.status !== 'match').map((f) => `${f.status} ${f.path}: ${f.message}`);

describe('Tables as code against DynamoDB Local', function () {
  this.timeout(120_000);
  const created: string[] = [];
  let endpoint: string;

  before(async () => {
    endpoint = await getTestEndpoint();
  });

  after(async () => {
    await deleteTables(testClient(endpoint), created);
  });

  for (const c of CASES) {
    describe(c.kind, () => {
      const name = uniqueTableName(`Iac${c.kind.replace(/\W/g, '')}`);
      let declared: DeclaredTable;

      it('creates the table as declared, and it compares with no drift; what the endpoint lacks is said, not drift', async () => {
        declared = tableOf(await readFixture(c.fixture), c.resource);
        const client = testClient(endpoint);
        const plan = createPlanFor(declared.model, name);
        created.push(name);
        await createTable(client, plan.spec, { pollMs: 200 });
        const comparison = compareTables(declared.model, await readLiveTableModel(client, name));
        assert.equal(comparison.counts.drift, 0, notMatching(comparison.findings).join('\n'));
        const unsupported = comparison.findings.filter((f) => f.status === 'unsupported');
        // DynamoDB Local has no point-in-time recovery and no tags.
        assert.ok(unsupported.some((f) => f.path === 'pointInTimeRecovery' && f.live === 'not supported by this endpoint'), notMatching(comparison.findings).join('\n'));
        // Tags: not supported by this endpoint, or unknown first when the file takes a value from outside.
        const tags = comparison.findings.find((f) => f.path.startsWith('tags'))!;
        assert.ok(tags.status === 'unsupported' || (tags.status === 'unknown' && tags.live === 'not supported by this endpoint'), tags.message);
      });

      it('a GSI added by hand, TTL and the stream turned on, the billing mode switched: each drift with its live and declared value', async () => {
        const client = testClient(endpoint);
        const describe = async () => (await client.send(new DescribeTableCommand({ TableName: name }))).Table!;
        await updateTable(client, addGlobalIndexInput(await describe(), { name: 'AddedByHand', partitionKey: { name: 'Extra', type: 'S' }, projection: { type: 'KEYS_ONLY' } }));
        await waitForTableActive(client, name, { waitForIndexes: true, pollMs: 200 });
        if ('timeToLive' in c.expected) await setTimeToLive(client, timeToLiveInput(name, 'ExpiresAt'));
        await setStream(client, streamUpdateInputs(await describe(), 'NEW_AND_OLD_IMAGES'), { pollMs: 200 });
        await waitForTableActive(client, name, { pollMs: 200 });
        const current = await describe();
        const onDemand = current.BillingModeSummary?.BillingMode === 'PAY_PER_REQUEST';
        await updateTable(client, billingUpdateInput(current, onDemand ? { mode: 'PROVISIONED', readCapacityUnits: 3, writeCapacityUnits: 4 } : { mode: 'PAY_PER_REQUEST' }));
        await waitForTableActive(client, name, { waitForIndexes: true, pollMs: 200 });

        const comparison = compareTables(declared.model, await readLiveTableModel(client, name));
        const drift = Object.fromEntries(comparison.findings.filter((f) => f.status === 'drift').map((f) => [f.path, [f.live, f.declared]]));
        assert.deepEqual(drift, c.expected, notMatching(comparison.findings).join('\n'));
        for (const f of comparison.findings.filter((x) => x.status === 'drift')) assert.match(f.message, new RegExp(`drifted: .*live ${escape(f.live)}, declared ${escape(f.declared)}\\.$|it is not declared\\.$`));
      });

      it('round trip: the changed live table as CloudFormation, SAM and Terraform compares with no drift', async () => {
        const client = testClient(endpoint);
        const live: TableModel = await readLiveTableModel(client, name);
        for (const kind of ['cloudformation', 'sam', 'terraform'] as const) {
          const text = generateDefinition(kind, live);
          const read = kind === 'terraform' ? await readTerraform({ fileName: 'main.tf', text }) : readCloudFormation(text, 'template.yaml');
          assert.deepEqual(read.problems, [], text);
          const comparison = compareTables(read.tables[0].model, await readLiveTableModel(client, name));
          assert.equal(comparison.counts.drift, 0, `${kind}:\n${notMatching(comparison.findings).join('\n')}\n${text}`);
          assert.equal(comparison.counts.unknown, 0, `${kind}:\n${notMatching(comparison.findings).join('\n')}`);
        }
      });
    });
  }
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('The demo template of the sample tables (DynamoDB Local)', function () {
  this.timeout(120_000);
  const prefix = `IacDemo${Date.now().toString(36)}`;
  let endpoint: string;

  before(async () => {
    endpoint = await getTestEndpoint();
  });

  after(async () => {
    await deleteTables(testClient(endpoint), [`${prefix}CustomerOrders`, `${prefix}DevOpsProjects`]);
  });

  it('has exactly one deliberate drift against the seeded tables: the stream of CustomerOrders', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const seed = require(path.join(repoRoot(), 'scripts', 'seed.js')) as { seedSampleData(o: object): Promise<unknown>; sampleTablesTemplate(): string };
    const client = testClient(endpoint);
    await seed.seedSampleData({ client, orderCount: 0, tableNamePrefix: prefix });
    const template = readCloudFormation(seed.sampleTablesTemplate(), 'infra/sample-tables.template.json');
    assert.equal(template.kind, 'cloudformation');
    const orders = compareTables(tableOf(template, 'CustomerOrdersTable').model, await readLiveTableModel(client, `${prefix}CustomerOrders`));
    assert.deepEqual(
      orders.findings.filter((f) => f.status === 'drift').map((f) => f.message),
      ['Stream drifted: live off, declared on (NEW_AND_OLD_IMAGES).'],
    );
    const projects = compareTables(tableOf(template, 'DevOpsProjectsTable').model, await readLiveTableModel(client, `${prefix}DevOpsProjects`));
    assert.equal(projects.counts.drift, 0, notMatching(projects.findings).join('\n'));
  });
});
