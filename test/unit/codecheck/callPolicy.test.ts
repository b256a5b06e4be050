// The IAM policy of a call found in code: exactly the actions its requests need, on the table or index ARNs.
import * as assert from 'node:assert/strict';
import { analyzeFile, policyForCall } from '../../../src/model/codecheck';

const arnOf = (t: string) => `arn:aws:dynamodb:us-east-1:123456789012:table/${t}`;

function policyOf(source: string) {
  const { calls } = analyzeFile(source, 'x.ts');
  assert.equal(calls.length, 1);
  return policyForCall(calls[0], arnOf, (w) => (w === '${stage}-orders' ? 'dev-orders' : undefined));
}

describe('code checks: IAM policy for a call', () => {
  it('a query on an index needs dynamodb:Query on the index ARN only', () => {
    const { policy, unknown } = policyOf("import { QueryCommand } from '@aws-sdk/client-dynamodb';\nnew QueryCommand({ TableName: 'Orders', IndexName: 'ByStatus', KeyConditionExpression: 'x = :x' });");
    assert.deepEqual(policy.Statement.map((s) => [s.Action, s.Resource]), [[['dynamodb:Query'], `${arnOf('Orders')}/index/ByStatus`]]);
    assert.deepEqual(unknown, []);
  });

  it('a transaction needs the action of each inner request, grouped per table', () => {
    const { policy } = policyOf(
      "import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';\nnew TransactWriteCommand({ TransactItems: [{ Put: { TableName: 'A', Item: {} } }, { Update: { TableName: 'A', Key: {}, UpdateExpression: 'SET x = :x' } }, { ConditionCheck: { TableName: 'B', Key: {}, ConditionExpression: 'attribute_exists(k)' } }] });",
    );
    assert.deepEqual(policy.Statement.map((s) => [s.Action, s.Resource]), [
      [['dynamodb:PutItem', 'dynamodb:UpdateItem'], arnOf('A')],
      [['dynamodb:ConditionCheckItem'], arnOf('B')],
    ]);
  });

  it('PartiQL maps to the action of its verb; a mapped table name is used; an unknown table is said, not widened', () => {
    assert.deepEqual(
      policyOf("import { ExecuteStatementCommand } from '@aws-sdk/client-dynamodb';\nnew ExecuteStatementCommand({ Statement: 'DELETE FROM \"T\" WHERE k = 1' });").policy.Statement.map((s) => s.Action),
      [['dynamodb:PartiQLDelete']],
    );
    assert.deepEqual(
      policyOf("import { GetCommand } from '@aws-sdk/lib-dynamodb';\nnew GetCommand({ TableName: `${stage}-orders`, Key: {} });").policy.Statement.map((s) => s.Resource),
      [arnOf('dev-orders')],
    );
    const { policy, unknown } = policyOf("import { GetCommand } from '@aws-sdk/lib-dynamodb';\nnew GetCommand({ TableName: process.env.TABLE, Key: {} });");
    assert.deepEqual(policy.Statement, []);
    assert.deepEqual(unknown, ['GetItem: the table name is computed at run time']);
  });
});
