// Generated policies use the table's real ARNs, grant what each level promises and nothing it does not, and
// pass the same checks as the snippets.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import { ACCESS_LEVELS, type AccessLevel } from '../../../src/model/iam/actions';
import {
  generateActionPolicy,
  generatePolicy,
  parseDynamoDbArn,
  policyToJson,
  tableDescriptionFromArn,
  type PolicyDocument,
} from '../../../src/model/iam/policyGenerator';
import { StudioError } from '../../../src/model/errors';
import { IamPolicyRules } from './support/iamPolicyRules';
import { compilePolicySchema } from './support/policySchema';

const rules = new IamPolicyRules();
const schema = compilePolicySchema();

const TABLE_ARN = 'arn:aws:dynamodb:eu-west-1:111122223333:table/Orders';
const GSI_ARN = `${TABLE_ARN}/index/ByCustomer`;
const GSI2_ARN = `${TABLE_ARN}/index/ByStatus`;
const LSI_ARN = `${TABLE_ARN}/index/ByDate`;
const STREAM_ARN = `${TABLE_ARN}/stream/2024-05-01T12:34:56.789`;

/** Shaped like a DescribeTable answer for a table with two GSIs, one LSI and a stream. */
const ORDERS: TableDescription = {
  TableName: 'Orders',
  TableArn: TABLE_ARN,
  KeySchema: [
    { AttributeName: 'customerId', KeyType: 'HASH' },
    { AttributeName: 'orderId', KeyType: 'RANGE' },
  ],
  GlobalSecondaryIndexes: [
    { IndexName: 'ByCustomer', IndexArn: GSI_ARN },
    { IndexName: 'ByStatus', IndexArn: GSI2_ARN },
  ],
  LocalSecondaryIndexes: [{ IndexName: 'ByDate', IndexArn: LSI_ARN }],
  StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  LatestStreamArn: STREAM_ARN,
  LatestStreamLabel: '2024-05-01T12:34:56.789',
};

const PLAIN: TableDescription = { TableName: 'Plain', TableArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/Plain' };

function assertValid(policy: PolicyDocument): void {
  assert.deepEqual(rules.check(policy), [], JSON.stringify(policy, null, 2));
  assert.deepEqual(schema(policy), []);
}

const resources = (policy: PolicyDocument) => policy.Statement.flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]));

describe('generatePolicy', () => {
  for (const { level } of ACCESS_LEVELS) {
    it(`${level}: a valid policy for a table with GSIs, an LSI and a stream`, () => {
      assertValid(generatePolicy(ORDERS, level));
      assertValid(generatePolicy(ORDERS, level, { indexResources: 'wildcard' }));
    });
  }

  it('read-only: reads the table and each index by its real ARN, writes nothing', () => {
    const p = generatePolicy(ORDERS, 'read-only');
    for (const action of ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:DescribeTable']) {
      assert.ok(rules.allows(p, action, TABLE_ARN), `${action} on the table`);
    }
    for (const index of [GSI_ARN, GSI2_ARN, LSI_ARN]) assert.ok(rules.allows(p, 'dynamodb:Query', index), `Query on ${index}`);
    for (const action of ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:DeleteTable']) {
      assert.ok(!rules.allows(p, action, TABLE_ARN), `${action} must not be allowed`);
    }
    assert.ok(!rules.allows(p, 'dynamodb:GetItem', 'arn:aws:dynamodb:eu-west-1:111122223333:table/Other'));
    assert.deepEqual(resources(p).sort(), [TABLE_ARN, GSI_ARN, GSI2_ARN, LSI_ARN].sort());
  });

  it('read-only with wildcard indexes covers indexes added later', () => {
    const p = generatePolicy(ORDERS, 'read-only', { indexResources: 'wildcard' });
    assert.deepEqual(resources(p), [TABLE_ARN, `${TABLE_ARN}/index/*`]);
    assert.ok(rules.allows(p, 'dynamodb:Query', `${TABLE_ARN}/index/AddedLater`));
  });

  it('read-write: adds item writes, PartiQL and transactions, but no table management', () => {
    const p = generatePolicy(ORDERS, 'read-write');
    for (const action of ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem', 'dynamodb:PartiQLUpdate']) {
      assert.ok(rules.allows(p, action, TABLE_ARN), action);
    }
    for (const action of ['dynamodb:DeleteTable', 'dynamodb:UpdateTable', 'dynamodb:GetRecords']) assert.ok(!rules.allows(p, action, TABLE_ARN), action);
  });

  it('admin: manages the table, TTL, backups and streams; lists on "*" only what has no resource-level permissions', () => {
    const p = generatePolicy(ORDERS, 'admin');
    for (const action of ['dynamodb:DeleteTable', 'dynamodb:UpdateTable', 'dynamodb:UpdateTimeToLive', 'dynamodb:UpdateContinuousBackups', 'dynamodb:CreateBackup', 'dynamodb:TagResource']) {
      assert.ok(rules.allows(p, action, TABLE_ARN), action);
    }
    assert.ok(rules.allows(p, 'dynamodb:GetRecords', STREAM_ARN));
    assert.ok(rules.allows(p, 'dynamodb:DeleteBackup', `${TABLE_ARN}/backup/01700000000000-abcdef12`));
    assert.ok(rules.allows(p, 'dynamodb:ListTables', '*'));
    const onStar = p.Statement.filter((s) => s.Resource === '*').flatMap((s) => s.Action);
    assert.deepEqual(onStar.sort(), ['dynamodb:DescribeLimits', 'dynamodb:ListBackups', 'dynamodb:ListStreams', 'dynamodb:ListTables']);
  });

  it('stream consumer: reads exactly the latest stream, and nothing of the table', () => {
    const p = generatePolicy(ORDERS, 'stream-consumer');
    for (const action of ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator']) assert.ok(rules.allows(p, action, STREAM_ARN), action);
    assert.ok(rules.allows(p, 'dynamodb:ListStreams', '*'));
    assert.ok(!rules.allows(p, 'dynamodb:GetRecords', `${TABLE_ARN}/stream/2023-01-01T00:00:00.000`), 'an older stream');
    assert.ok(!rules.allows(p, 'dynamodb:GetItem', TABLE_ARN));
    assert.ok(!rules.allows(p, 'dynamodb:Scan', TABLE_ARN));
  });

  it('stream consumer on a table without an enabled stream says to enable one first', () => {
    const disabled: TableDescription = { ...ORDERS, StreamSpecification: { StreamEnabled: false } };
    for (const desc of [PLAIN, disabled]) {
      assert.throws(
        () => generatePolicy(desc, 'stream-consumer'),
        (err: unknown) =>
          err instanceof StudioError &&
          err.kind === 'validation' &&
          /has no enabled stream/.test(err.message) &&
          new RegExp(`table "${desc.TableName}"`).test(err.message) &&
          /Enable a stream/.test(err.hint ?? ''),
      );
    }
  });

  it('per-user rows: every statement requires the caller\'s identity as the partition key', () => {
    const expected: [string | undefined, string][] = [
      [undefined, '${cognito-identity.amazonaws.com:sub}'],
      ['cognito', '${cognito-identity.amazonaws.com:sub}'],
      ['aws-userid', '${aws:userid}'],
      ['amazon', '${www.amazon.com:user_id}'],
    ];
    for (const [identity, variable] of expected) {
      const p = generatePolicy(ORDERS, 'per-user-rows', identity ? { perUserIdentity: identity as 'cognito' } : {});
      assertValid(p);
      for (const st of p.Statement) {
        assert.deepEqual(st.Condition, { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [variable] } });
      }
    }
  });

  it('per-user rows: covers the local index, not the global ones, and never Scan', () => {
    const p = generatePolicy(ORDERS, 'per-user-rows');
    assert.ok(rules.allows(p, 'dynamodb:Query', LSI_ARN));
    assert.ok(!rules.allows(p, 'dynamodb:Query', GSI_ARN));
    assert.ok(!rules.allows(p, 'dynamodb:Scan', TABLE_ARN));
    assert.ok(rules.allows(p, 'dynamodb:PutItem', TABLE_ARN));
  });

  it('a table without indexes gets no index statement', () => {
    const p = generatePolicy(PLAIN, 'read-only');
    assertValid(p);
    assert.deepEqual(resources(p), [PLAIN.TableArn]);
  });

  it('works in every partition and for DynamoDB Local ARNs', () => {
    const arns = [
      'arn:aws-cn:dynamodb:cn-north-1:111122223333:table/Orders',
      'arn:aws-us-gov:dynamodb:us-gov-west-1:111122223333:table/Orders',
      'arn:aws-iso-b:dynamodb:us-isob-east-1:111122223333:table/Orders',
      'arn:aws:dynamodb:ddblocal:000000000000:table/Orders',
    ];
    for (const arn of arns) {
      const desc: TableDescription = {
        TableName: 'Orders',
        TableArn: arn,
        GlobalSecondaryIndexes: [{ IndexName: 'ByCustomer', IndexArn: `${arn}/index/ByCustomer` }],
        StreamSpecification: { StreamEnabled: true },
        LatestStreamArn: `${arn}/stream/2024-05-01T12:34:56.789`,
      };
      for (const { level } of ACCESS_LEVELS) {
        const p = generatePolicy(desc, level);
        assertValid(p);
        for (const r of resources(p)) assert.ok(r === '*' || r.startsWith(arn), `${r} is outside ${arn}`);
      }
    }
  });

  it('derives an index ARN from the name when the description lacks it', () => {
    const desc: TableDescription = { ...PLAIN, GlobalSecondaryIndexes: [{ IndexName: 'ByStatus' }] };
    assert.ok(resources(generatePolicy(desc, 'read-only')).includes(`${PLAIN.TableArn}/index/ByStatus`));
  });

  it('refuses a description without a table ARN, saying what is wrong', () => {
    assert.throws(() => generatePolicy({ TableName: 'T' }, 'read-only'), /T: its description has no TableArn/);
    assert.throws(() => generatePolicy({ TableName: 'T', TableArn: GSI_ARN }, 'read-only'), /is not a DynamoDB table ARN/);
  });

  it('any table in any region and partition, with any indexes, yields valid policies for every level', () => {
    const name = fc.stringMatching(/^[A-Za-z0-9_.-]{3,40}$/);
    fc.assert(
      fc.property(
        fc.constantFrom('aws', 'aws-cn', 'aws-us-gov', 'aws-eusc'),
        fc.constantFrom('us-east-1', 'eu-central-2', 'ap-southeast-5', 'ddblocal'),
        fc.stringMatching(/^\d{12}$/),
        name,
        fc.uniqueArray(name, { maxLength: 4 }),
        fc.uniqueArray(name, { maxLength: 2 }),
        fc.boolean(),
        fc.constantFrom<AccessLevel>('read-only', 'read-write', 'admin', 'stream-consumer', 'per-user-rows'),
        (partition, region, account, table, gsis, lsis, stream, level) => {
          const arn = `arn:${partition}:dynamodb:${region}:${account}:table/${table}`;
          const desc: TableDescription = {
            TableName: table,
            TableArn: arn,
            GlobalSecondaryIndexes: gsis.map((n) => ({ IndexName: `g${n}`, IndexArn: `${arn}/index/g${n}` })),
            LocalSecondaryIndexes: lsis.map((n) => ({ IndexName: `l${n}`, IndexArn: `${arn}/index/l${n}` })),
            ...(stream ? { StreamSpecification: { StreamEnabled: true }, LatestStreamArn: `${arn}/stream/2024-01-01T00:00:00.000` } : {}),
          };
          if (level === 'stream-consumer' && !stream) {
            assert.throws(() => generatePolicy(desc, level), /no enabled stream/);
            return;
          }
          const p = generatePolicy(desc, level);
          assert.deepEqual(rules.check(p), []);
          if (level !== 'stream-consumer' && level !== 'per-user-rows') {
            for (const n of gsis) assert.ok(rules.allows(p, 'dynamodb:Query', `${arn}/index/g${n}`));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('policy helpers', () => {
  it('generateActionPolicy allows exactly one action on one resource', () => {
    const p = generateActionPolicy('kms:Decrypt', 'arn:aws:kms:us-east-1:123456789012:key/abc');
    assert.deepEqual(p.Statement, [{ Sid: 'AllowDeniedAction', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: 'arn:aws:kms:us-east-1:123456789012:key/abc' }]);
    assert.equal(generateActionPolicy('dynamodb:ListTables').Statement[0].Resource, '*');
  });

  it('parseDynamoDbArn splits table and sub-resource ARNs, and rejects others', () => {
    assert.deepEqual(parseDynamoDbArn(STREAM_ARN), {
      partition: 'aws',
      region: 'eu-west-1',
      account: '111122223333',
      tableName: 'Orders',
      subresource: { type: 'stream', name: '2024-05-01T12:34:56.789' },
      tableArn: TABLE_ARN,
    });
    assert.equal(parseDynamoDbArn('arn:aws:s3:::bucket'), undefined);
    assert.equal(parseDynamoDbArn('arn:aws:dynamodb::111122223333:global-table/G'), undefined);
  });

  it('tableDescriptionFromArn rebuilds what the generator needs from a table, index or stream ARN', () => {
    assert.deepEqual(tableDescriptionFromArn(TABLE_ARN), { TableName: 'Orders', TableArn: TABLE_ARN });
    assert.deepEqual(tableDescriptionFromArn(GSI_ARN)?.GlobalSecondaryIndexes, [{ IndexName: 'ByCustomer', IndexArn: GSI_ARN }]);
    assert.equal(tableDescriptionFromArn(STREAM_ARN)?.LatestStreamArn, STREAM_ARN);
    assert.equal(tableDescriptionFromArn('arn:aws:dynamodb:us-east-1:123456789012:table/*'), undefined);
  });

  it('policyToJson is the document a person pastes: parseable, indented, final newline', () => {
    const text = policyToJson(generatePolicy(ORDERS, 'read-only'));
    assert.ok(text.endsWith('}\n'));
    assert.match(text, /^{\n {2}"Version": "2012-10-17",\n {2}"Statement": \[/);
    assert.deepEqual(JSON.parse(text), generatePolicy(ORDERS, 'read-only'));
  });
});
