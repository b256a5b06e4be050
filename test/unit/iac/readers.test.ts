// Each reader over real-shaped templates: the table model it gives, written out by hand from the template.
import * as assert from 'node:assert/strict';
import { readCloudFormation } from '../../../src/services/iac/cloudFormation';
import { readTerraform } from '../../../src/services/iac/terraform';
import { defaultTableModel, type TableModel } from '../../../src/model/iac/tableModel';
import { readFixture, tableOf } from './fixtures';

const model = (overrides: Partial<TableModel> & Pick<TableModel, 'partitionKey'>): TableModel => ({ ...defaultTableModel(overrides.partitionKey), ...overrides });

describe('IaC readers', () => {
  it('CloudFormation YAML with short intrinsic tags: literal values read, parameters, conditions and imports unknown', async () => {
    const result = await readFixture('cloudformation/orders.yaml');
    assert.equal(result.kind, 'cloudformation');
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.tables.map((t) => t.resourceId), ['OrdersTable', 'SessionsTable']);
    assert.deepEqual(
      tableOf(result, 'OrdersTable').model,
      model({
        tableName: { $unknown: 'parameter Env (in !Sub "orders-${Env}")' },
        partitionKey: { name: 'CustomerId', type: 'S' },
        sortKey: { name: 'OrderId', type: 'S' },
        billingMode: 'PAY_PER_REQUEST',
        globalIndexes: [
          {
            name: 'ByStatus',
            partitionKey: { name: 'Status', type: 'S' },
            sortKey: { name: 'OrderId', type: 'S' },
            projection: { type: 'INCLUDE', nonKeyAttributes: ['Total', 'CustomerId'] },
          },
        ],
        localIndexes: [{ name: 'ByTotal', sortKey: { name: 'Total', type: 'N' }, projection: { type: 'KEYS_ONLY' } }],
        timeToLive: { enabled: true, attribute: 'ExpiresAt' },
        stream: { enabled: true, viewType: 'NEW_AND_OLD_IMAGES' },
        pointInTimeRecovery: { $unknown: 'condition IsProd' },
        encryption: { kms: true },
        deletionProtection: true,
        tags: { Team: 'orders', Env: { $unknown: 'parameter Env (default "dev"; the deployed value may differ)' } },
      }),
    );
    assert.deepEqual(
      tableOf(result, 'SessionsTable').model,
      model({
        tableName: 'app-sessions',
        partitionKey: { name: 'SessionId', type: 'S' },
        billingMode: 'PROVISIONED',
        capacity: { read: 5, write: 2 },
        tableClass: 'STANDARD_INFREQUENT_ACCESS',
        tags: { CostCenter: { $unknown: 'the import shared-cost-center' } },
      }),
    );
  });

  it('CloudFormation YAML: each setting is located on its line', async () => {
    const orders = tableOf(await readFixture('cloudformation/orders.yaml'), 'OrdersTable');
    // Zero-based lines of orders.yaml: the resource key, BillingMode, the ByStatus entry, the Env tag.
    assert.equal(orders.range.start.line, 19);
    assert.equal(orders.locations.billingMode.start.line, 38);
    assert.equal(orders.locations['gsi:ByStatus'].start.line, 40);
    assert.equal(orders.locations['tags.Env'].start.line, 71);
  });

  it('CloudFormation JSON with long-form functions', async () => {
    const result = await readFixture('cloudformation/catalog.json');
    assert.equal(result.kind, 'cloudformation');
    assert.deepEqual(
      tableOf(result, 'Catalog').model,
      model({
        tableName: 'catalog',
        partitionKey: { name: 'Sku', type: 'S' },
        billingMode: 'PROVISIONED',
        capacity: { read: 10, write: 5 },
        globalIndexes: [
          {
            name: 'ByCategory',
            partitionKey: { name: 'Category', type: 'S' },
            sortKey: { name: 'Price', type: 'N' },
            projection: { type: 'ALL' },
            capacity: { read: 4, write: 2 },
          },
        ],
        stream: { enabled: true, viewType: 'KEYS_ONLY' },
        tags: { Owner: { $unknown: 'the pseudo parameter AWS::Region (in !Sub "catalog-${AWS::Region}")' } },
      }),
    );
  });

  it('SAM: SimpleTable (on-demand, map tags) and a plain table; functions ignored', async () => {
    const result = await readFixture('sam/template.yaml');
    assert.equal(result.kind, 'sam');
    assert.deepEqual(result.tables.map((t) => t.resourceId), ['CounterTable', 'EventsTable']);
    assert.deepEqual(
      tableOf(result, 'CounterTable').model,
      model({ tableName: 'visitor-counter', partitionKey: { name: 'PageId', type: 'S' }, billingMode: 'PAY_PER_REQUEST', tags: { App: 'counter' } }),
    );
    assert.deepEqual(
      tableOf(result, 'EventsTable').model,
      model({
        tableName: 'visitor-events',
        partitionKey: { name: 'PageId', type: 'S' },
        sortKey: { name: 'At', type: 'N' },
        billingMode: 'PAY_PER_REQUEST',
        timeToLive: { enabled: true, attribute: 'Expires' },
      }),
    );
  });

  it('CDK synth output (cdk.out/*.template.json)', async () => {
    const result = await readFixture('cdk/cdk.out/InventoryStack.template.json');
    assert.equal(result.kind, 'cdk');
    assert.deepEqual(result.tables.map((t) => t.resourceId), ['InventoryTable8E2F0B1C']);
    assert.deepEqual(
      result.tables[0].model,
      model({
        tableName: 'inventory',
        partitionKey: { name: 'WarehouseId', type: 'S' },
        sortKey: { name: 'ItemId', type: 'S' },
        billingMode: 'PAY_PER_REQUEST',
        globalIndexes: [{ name: 'ByQuantity', partitionKey: { name: 'WarehouseId', type: 'S' }, sortKey: { name: 'Quantity', type: 'N' }, projection: { type: 'KEYS_ONLY' } }],
        stream: { enabled: true, viewType: 'NEW_IMAGE' },
        pointInTimeRecovery: true,
        tags: { Service: 'inventory' },
      }),
    );
  });

  it('Terraform: variables (tfvars over defaults), locals, dynamic GSI blocks, lookup(); module outputs and unset variables unknown', async () => {
    const result = await readFixture('terraform/main.tf');
    assert.equal(result.kind, 'terraform');
    assert.deepEqual(result.problems, []);
    assert.deepEqual(
      tableOf(result, 'aws_dynamodb_table.users').model,
      model({
        tableName: 'acme-users',
        partitionKey: { name: 'Tenant', type: 'S' },
        sortKey: { name: 'UserId', type: 'S' },
        billingMode: 'PROVISIONED',
        capacity: { read: 3, write: 5 },
        globalIndexes: [
          { name: 'ByEmail', partitionKey: { name: 'Email', type: 'S' }, projection: { type: 'ALL' }, capacity: { read: 2, write: 2 } },
          { name: 'ByCreated', partitionKey: { name: 'Tenant', type: 'S' }, sortKey: { name: 'CreatedAt', type: 'N' }, projection: { type: 'KEYS_ONLY' }, capacity: { read: 2, write: 2 } },
        ],
        timeToLive: { enabled: true, attribute: 'ExpiresAt' },
        stream: { enabled: true, viewType: 'NEW_IMAGE' },
        pointInTimeRecovery: true,
        tags: { Team: 'identity', Owner: { $unknown: 'the module output module.org.owner' } },
      }),
    );
    assert.deepEqual(
      tableOf(result, 'aws_dynamodb_table.audit').model,
      model({
        tableName: 'audit-log',
        partitionKey: { name: 'Id', type: 'S' },
        billingMode: 'PAY_PER_REQUEST',
        globalIndexes: { $unknown: 'a dynamic "global_secondary_index" block over variable extra_indexes, which has no default or value in a .tfvars file' },
        deletionProtection: true,
        tableClass: 'STANDARD_INFREQUENT_ACCESS',
      }),
    );
    const users = tableOf(result, 'aws_dynamodb_table.users');
    assert.equal(users.range.start.line, 8);
    assert.equal(users.locations.billingMode.start.line, 10);
    assert.equal(users.locations['tags.Owner'].start.line, 62);
  });

  it('a dynamic block over a literal map binds .key and .value', async () => {
    const text = [
      'variable "idx" {',
      '  default = { ByA = "A" }',
      '}',
      'resource "aws_dynamodb_table" "t" {',
      '  name = "t"',
      '  billing_mode = "PAY_PER_REQUEST"',
      '  hash_key = "Id"',
      '  attribute {',
      '    name = "Id"',
      '    type = "S"',
      '  }',
      '  attribute {',
      '    name = "A"',
      '    type = "N"',
      '  }',
      '  dynamic "global_secondary_index" {',
      '    for_each = var.idx',
      '    iterator = gsi',
      '    content {',
      '      name = gsi.key',
      '      hash_key = gsi.value',
      '      projection_type = "ALL"',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n');
    const result = await readTerraform({ fileName: 'main.tf', text });
    assert.deepEqual(result.tables[0].model.globalIndexes, [{ name: 'ByA', partitionKey: { name: 'A', type: 'N' }, projection: { type: 'ALL' } }]);
  });

  it('broken files give a problem with the line, and no table', async () => {
    const tf = await readTerraform({ fileName: 'bad.tf', text: 'resource "aws_dynamodb_table" "t" {\n  name = \n}\n' });
    assert.equal(tf.tables.length, 0);
    assert.match(tf.problems[0].message, /bad\.tf cannot be read as HCL/);
    assert.equal(tf.problems[0].range?.start.line, 1);
    const yaml = readCloudFormation('Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n    Properties: [unclosed\n', 'bad.yaml');
    assert.equal(yaml.tables.length, 0);
    assert.match(yaml.problems[0].message, /The template cannot be read/);
  });

  it('a key without an attribute definition is a problem, and its type is unknown rather than guessed', () => {
    const text = 'Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      KeySchema:\n        - AttributeName: Id\n          KeyType: HASH\n';
    const result = readCloudFormation(text, 't.yaml');
    assert.match(result.problems[0].message, /T: KeySchema uses "Id", which AttributeDefinitions does not define/);
    assert.deepEqual(result.tables[0].model.partitionKey, { name: 'Id', type: { $unknown: 'no AttributeDefinitions entry for "Id"' } });
  });
});
