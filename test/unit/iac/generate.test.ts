// Live → code → read back → compare: the definition written for a table shows no drift against that table.
import * as assert from 'node:assert/strict';
import * as ts from 'typescript';
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import { compareTables } from '../../../src/model/iac/compare';
import { generateDefinition, logicalIdFor, terraformNameFor, type GeneratedKind } from '../../../src/model/iac/generate';
import { liveTableModel, type LiveTable } from '../../../src/model/iac/liveModel';
import { readCloudFormation } from '../../../src/services/iac/cloudFormation';
import { readTerraform } from '../../../src/services/iac/terraform';
import type { TableModel } from '../../../src/model/iac/tableModel';

/** A table using every setting, with names and values that need quoting in each language. */
const everything: LiveTable = {
  table: {
    TableName: 'orders.v2-eu_west',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'N' },
      { AttributeName: 'yes', AttributeType: 'B' },
      { AttributeName: 'Total', AttributeType: 'N' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    BillingModeSummary: { BillingMode: 'PROVISIONED' },
    ProvisionedThroughput: { ReadCapacityUnits: 7, WriteCapacityUnits: 3 },
    GlobalSecondaryIndexes: [
      {
        IndexName: 'by-yes',
        IndexStatus: 'ACTIVE',
        KeySchema: [{ AttributeName: 'yes', KeyType: 'HASH' }],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['a "quoted" name', '${not.a.template}'] },
        ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 1 },
      },
    ],
    LocalSecondaryIndexes: [
      { IndexName: 'ByTotal', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'Total', KeyType: 'RANGE' }], Projection: { ProjectionType: 'KEYS_ONLY' } },
    ],
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'OLD_IMAGE' },
    SSEDescription: { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/1234' },
    DeletionProtectionEnabled: true,
    TableClassSummary: { TableClass: 'STANDARD_INFREQUENT_ACCESS' },
  },
  timeToLive: { supported: true, value: { TimeToLiveStatus: 'ENABLED', AttributeName: 'expires at' } },
  continuousBackups: { supported: true, value: { ContinuousBackupsStatus: 'ENABLED', PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'ENABLED' } } },
  tags: { supported: true, value: [{ Key: 'team', Value: "it's ${team} %{x}" }, { Key: 'no', Value: 'true' }] },
};

const minimal: LiveTable = {
  table: {
    TableName: 'Minimal',
    AttributeDefinitions: [{ AttributeName: 'Id', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'Id', KeyType: 'HASH' }],
    BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
  },
  timeToLive: { supported: true, value: { TimeToLiveStatus: 'DISABLED' } },
  continuousBackups: { supported: false, reason: 'Not supported by this endpoint.' },
  tags: { supported: false, reason: 'Not supported by this endpoint.' },
};

async function readBack(kind: GeneratedKind, text: string): Promise<TableModel> {
  const result = kind === 'terraform' ? await readTerraform({ fileName: 'main.tf', text }) : readCloudFormation(text, 'template.yaml');
  assert.deepEqual(result.problems, [], text);
  assert.equal(result.tables.length, 1, text);
  return result.tables[0].model;
}

describe('IaC generators', () => {
  for (const kind of ['cloudformation', 'sam', 'terraform'] as const) {
    for (const [name, live] of [['every setting', everything], ['a minimal table on an endpoint without tags or backups', minimal]] as const) {
      it(`${kind}: ${name} round-trips with no drift`, async () => {
        const liveModel = liveTableModel(live);
        const text = generateDefinition(kind, liveModel);
        const c = compareTables(await readBack(kind, text), liveModel);
        assert.deepEqual(c.findings.filter((f) => f.status === 'drift' || f.status === 'unknown').map((f) => f.message), [], text);
        assert.ok(c.counts.match >= 8);
      });
    }
  }

  it('the SAM template carries the Serverless transform, and reads back as SAM', async () => {
    const text = generateDefinition('sam', liveTableModel(minimal));
    assert.match(text, /^Transform: AWS::Serverless-2016-10-31$/m);
    assert.equal(readCloudFormation(text, 'template.yaml').kind, 'sam');
  });

  it('a changed live table does drift from the definition written before the change (the round trip can fail)', async () => {
    const text = generateDefinition('terraform', liveTableModel(everything));
    const changed = liveTableModel({ ...everything, table: { ...everything.table, StreamSpecification: { StreamEnabled: false } } });
    const c = compareTables(await readBack('terraform', text), changed);
    assert.deepEqual(c.findings.filter((f) => f.status === 'drift').map((f) => f.path), ['stream']);
  });

  for (const [name, live] of [['every setting', everything], ['a minimal table', minimal]] as const) {
    it(`CDK (TypeScript): ${name} is valid TypeScript with every setting in it`, () => {
      const text = generateDefinition('cdk', liveTableModel(live));
      const out = ts.transpileModule(text, { reportDiagnostics: true, compilerOptions: { target: ts.ScriptTarget.ES2022 } });
      assert.deepEqual((out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), [], text);
      if (live === everything) {
        for (const expected of [
          "tableName: 'orders.v2-eu_west'",
          "sortKey: { name: 'sk', type: dynamodb.AttributeType.NUMBER }",
          'billingMode: dynamodb.BillingMode.PROVISIONED',
          'readCapacity: 7',
          "timeToLiveAttribute: 'expires at'",
          'stream: dynamodb.StreamViewType.OLD_IMAGE',
          'pointInTimeRecovery: true',
          'encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED',
          'deletionProtection: true',
          'tableClass: dynamodb.TableClass.STANDARD_INFREQUENT_ACCESS',
          "nonKeyAttributes: ['a \"quoted\" name', '${not.a.template}']",
          "cdk.Tags.of(table).add('team', 'it\\'s ${team} %{x}')",
          "table.addLocalSecondaryIndex({\n      indexName: 'ByTotal',",
        ]) {
          assert.ok(text.includes(expected), `missing ${expected} in\n${text}`);
        }
      }
    });
  }

  it('logical ids and Terraform names are valid identifiers', () => {
    assert.equal(logicalIdFor('orders.v2-eu_west'), 'OrdersV2EuWest');
    assert.equal(logicalIdFor('2024-data'), 'Table2024Data');
    assert.equal(terraformNameFor('CustomerOrders'), 'customer_orders');
    assert.equal(terraformNameFor('9lives'), 'table_9lives');
  });

  it('a table whose name is unknown cannot be written', () => {
    const model = liveTableModel(minimal);
    model.tableName = { $unknown: 'parameter Name' };
    assert.throws(() => generateDefinition('cloudformation', model), /The table's name is not known/);
  });
});
