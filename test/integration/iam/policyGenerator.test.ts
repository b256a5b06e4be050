// Policies generated from real DescribeTable answers of DynamoDB Local (GSIs, an LSI, a stream) name exactly the
// ARNs DynamoDB reports and pass the IAM policy checks.
import * as assert from 'node:assert/strict';
import {
  CreateTableCommand,
  DescribeTableCommand,
  UpdateTableCommand,
  waitUntilTableExists,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { ACCESS_LEVELS } from '../../../src/model/iam/actions';
import { generatePolicy, parseDynamoDbArn, type PolicyDocument } from '../../../src/model/iam/policyGenerator';
import { StudioError } from '../../../src/model/errors';
import { IamPolicyRules } from '../../unit/iam/support/iamPolicyRules';
import { compilePolicySchema } from '../../unit/iam/support/policySchema';
import { deleteTables, getTestEndpoint, testClient, uniqueTableName } from '../dynamoLocal';

describe('IAM policies from DynamoDB Local table descriptions', function () {
  this.timeout(60_000);
  const rules = new IamPolicyRules();
  const schema = compilePolicySchema();
  const indexedTable = uniqueTableName('IamIndexed');
  const plainTable = uniqueTableName('IamPlain');
  let client: ReturnType<typeof testClient>;

  const describe_ = async (TableName: string): Promise<TableDescription> => {
    const out = await client.send(new DescribeTableCommand({ TableName }));
    assert.ok(out.Table);
    return out.Table;
  };

  before(async () => {
    client = testClient(await getTestEndpoint());
    await client.send(
      new CreateTableCommand({
        TableName: indexedTable,
        AttributeDefinitions: [
          { AttributeName: 'userId', AttributeType: 'S' },
          { AttributeName: 'orderId', AttributeType: 'S' },
          { AttributeName: 'status', AttributeType: 'S' },
          { AttributeName: 'created', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'userId', KeyType: 'HASH' },
          { AttributeName: 'orderId', KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        GlobalSecondaryIndexes: [
          { IndexName: 'ByStatus', KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } },
          { IndexName: 'ByOrder', KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } },
        ],
        LocalSecondaryIndexes: [
          {
            IndexName: 'ByCreated',
            KeySchema: [
              { AttributeName: 'userId', KeyType: 'HASH' },
              { AttributeName: 'created', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    );
    await client.send(
      new CreateTableCommand({
        TableName: plainTable,
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: indexedTable });
    await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: plainTable });
  });

  after(async () => {
    if (client) await deleteTables(client, [indexedTable, plainTable]);
  });

  const resources = (p: PolicyDocument) => p.Statement.flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]));

  it('every level yields a valid policy for the indexed table with a stream', async () => {
    const desc = await describe_(indexedTable);
    // The ARNs come from DynamoDB Local, in its own region and account.
    assert.equal(parseDynamoDbArn(desc.TableArn!)?.region, 'ddblocal');
    for (const { level } of ACCESS_LEVELS) {
      const policy = generatePolicy(desc, level);
      assert.deepEqual(rules.check(policy), [], `${level}: ${JSON.stringify(policy, null, 2)}`);
      assert.deepEqual(schema(policy), []);
    }
  });

  it('read-only names the table ARN and every index ARN DynamoDB reports', async () => {
    const desc = await describe_(indexedTable);
    const indexArns = [...(desc.GlobalSecondaryIndexes ?? []), ...(desc.LocalSecondaryIndexes ?? [])].map((i) => i.IndexArn!);
    assert.equal(indexArns.length, 3);
    const policy = generatePolicy(desc, 'read-only');
    assert.deepEqual(resources(policy).sort(), [desc.TableArn!, ...indexArns].sort());
    for (const arn of indexArns) assert.ok(rules.allows(policy, 'dynamodb:Query', arn), arn);
  });

  it('stream consumer reads the stream DynamoDB reports as latest', async () => {
    const desc = await describe_(indexedTable);
    assert.ok(desc.LatestStreamArn);
    const policy = generatePolicy(desc, 'stream-consumer');
    assert.ok(rules.allows(policy, 'dynamodb:GetRecords', desc.LatestStreamArn));
    assert.ok(resources(policy).includes(desc.LatestStreamArn));
  });

  it('per-user rows covers the local index only', async () => {
    const desc = await describe_(indexedTable);
    const policy = generatePolicy(desc, 'per-user-rows');
    const lsi = desc.LocalSecondaryIndexes![0].IndexArn!;
    assert.ok(rules.allows(policy, 'dynamodb:Query', lsi));
    for (const gsi of desc.GlobalSecondaryIndexes!) assert.ok(!rules.allows(policy, 'dynamodb:Query', gsi.IndexArn!));
  });

  it('a table without a stream cannot get a stream-consumer policy, and is told to enable one', async () => {
    const desc = await describe_(plainTable);
    assert.throws(
      () => generatePolicy(desc, 'stream-consumer'),
      (err: unknown) => err instanceof StudioError && /has no enabled stream/.test(err.message) && /Enable a stream/.test(err.hint ?? ''),
    );
    assert.deepEqual(rules.check(generatePolicy(desc, 'read-write')), []);
  });

  it('after enabling a stream on the plain table, the stream-consumer policy uses the new stream', async () => {
    await client.send(new UpdateTableCommand({ TableName: plainTable, StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' } }));
    const desc = await describe_(plainTable);
    assert.ok(desc.LatestStreamArn && desc.LatestStreamArn.startsWith(`${desc.TableArn}/stream/`), desc.LatestStreamArn);
    const policy = generatePolicy(desc, 'stream-consumer');
    assert.deepEqual(rules.check(policy), []);
    assert.ok(rules.allows(policy, 'dynamodb:GetShardIterator', desc.LatestStreamArn));
  });
});
