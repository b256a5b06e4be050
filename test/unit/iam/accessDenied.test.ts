// AccessDenied messages as AWS writes them are read into action, resource, principal and reason, and the matching
// policy really allows the denied action on the denied resource.
import * as assert from 'node:assert/strict';
import { LEVEL_GRANTS, suggestAccessLevel, type ResourceKind } from '../../../src/model/iam/actions';
import {
  describeAccessDenied,
  explainAccessDenied,
  isAccessDenied,
  policyForAccessDenied,
} from '../../../src/model/iam/accessDenied';
import { toStudioError } from '../../../src/model/errors';
import { IamPolicyRules } from './support/iamPolicyRules';

const rules = new IamPolicyRules();

const USER = 'arn:aws:iam::123456789012:user/dev';
const ROLE = 'arn:aws:sts::123456789012:assumed-role/AppRole/i-0abc123';
const TABLE = 'arn:aws:dynamodb:us-east-1:123456789012:table/Orders';
const INDEX = `${TABLE}/index/ByCustomer`;
const STREAM = `${TABLE}/stream/2024-05-01T12:34:56.789`;

/** An error as the SDK throws it for an AccessDeniedException answer. */
function sdkError(message: string): Error {
  const err = new Error(message);
  err.name = 'AccessDeniedException';
  return Object.assign(err, { $fault: 'client', $metadata: { httpStatusCode: 400 } });
}

describe('explainAccessDenied', () => {
  it('reads the implicit-deny message of an identity-based policy', () => {
    const e = explainAccessDenied(
      sdkError(`User: ${USER} is not authorized to perform: dynamodb:Scan on resource: ${TABLE} because no identity-based policy allows the dynamodb:Scan action`),
    );
    assert.deepEqual(e, {
      principal: USER,
      action: 'dynamodb:Scan',
      resource: TABLE,
      reason: 'no identity-based policy allows the dynamodb:Scan action',
      denyKind: 'implicit',
      policyType: 'identity-based policy',
      suggestedLevel: 'read-only',
    });
  });

  it('reads an explicit deny that names the denying policy', () => {
    const e = explainAccessDenied(
      sdkError(
        `User: ${ROLE} is not authorized to perform: dynamodb:PutItem on resource: ${TABLE} with an explicit deny in an identity-based policy: arn:aws:iam::123456789012:policy/DenyWrites`,
      ),
    );
    assert.equal(e?.principal, ROLE);
    assert.equal(e?.action, 'dynamodb:PutItem');
    assert.equal(e?.resource, TABLE);
    assert.equal(e?.denyKind, 'explicit');
    assert.equal(e?.policyType, 'identity-based policy');
    assert.equal(e?.policyArn, 'arn:aws:iam::123456789012:policy/DenyWrites');
    assert.equal(e?.suggestedLevel, 'read-write');
  });

  const variants: [string, string, 'explicit' | 'implicit', string][] = [
    ['with an explicit deny in a service control policy', 'dynamodb:DeleteTable', 'explicit', 'service control policy'],
    ['with an explicit deny in a resource-based policy', 'dynamodb:GetItem', 'explicit', 'resource-based policy'],
    ['with an explicit deny in a permissions boundary', 'dynamodb:UpdateItem', 'explicit', 'permissions boundary'],
    ['with an explicit deny in a VPC endpoint policy', 'dynamodb:Query', 'explicit', 'VPC endpoint policy'],
    ['because no resource-based policy allows the dynamodb:GetItem action', 'dynamodb:GetItem', 'implicit', 'resource-based policy'],
    ['because no session policy allows the dynamodb:Query action', 'dynamodb:Query', 'implicit', 'session policy'],
    ['because no permissions boundary allows the dynamodb:BatchWriteItem action', 'dynamodb:BatchWriteItem', 'implicit', 'permissions boundary'],
  ];
  for (const [reason, action, denyKind, policyType] of variants) {
    it(`reads "${reason}"`, () => {
      const e = explainAccessDenied(sdkError(`User: ${USER} is not authorized to perform: ${action} on resource: ${TABLE} ${reason}`));
      assert.equal(e?.action, action);
      assert.equal(e?.resource, TABLE);
      assert.equal(e?.denyKind, denyKind);
      assert.equal(e?.policyType, policyType);
    });
  }

  it('reads the older message without a reason', () => {
    const e = explainAccessDenied(sdkError(`User: ${USER} is not authorized to perform: dynamodb:DescribeTable on resource: ${TABLE}`));
    assert.equal(e?.action, 'dynamodb:DescribeTable');
    assert.equal(e?.resource, TABLE);
    assert.equal(e?.reason, undefined);
    assert.equal(e?.suggestedLevel, 'read-only');
  });

  it('suggests the level that fits the resource: index, stream, account-wide list', () => {
    const at = (action: string, resource: string) =>
      explainAccessDenied(sdkError(`User: ${USER} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`));
    assert.equal(at('dynamodb:Query', INDEX)?.suggestedLevel, 'read-only');
    assert.equal(at('dynamodb:GetRecords', STREAM)?.suggestedLevel, 'stream-consumer');
    assert.equal(at('dynamodb:UpdateTimeToLive', TABLE)?.suggestedLevel, 'admin');
    assert.equal(at('dynamodb:ListTables', 'arn:aws:dynamodb:us-east-1:123456789012:table/*')?.suggestedLevel, 'admin');
    assert.equal(at('kms:Decrypt', 'arn:aws:kms:us-east-1:123456789012:key/1234abcd')?.suggestedLevel, undefined);
    assert.equal(at('dynamodb:PurchaseReservedCapacityOfferings', 'arn:aws:dynamodb:us-east-1:123456789012:*')?.suggestedLevel, undefined);
  });

  it('finds the AWS error inside a StudioError', () => {
    const wrapped = toStudioError(
      sdkError(`User: ${USER} is not authorized to perform: dynamodb:Scan on resource: ${TABLE} because no identity-based policy allows the dynamodb:Scan action`),
      { operation: 'Scan Orders' },
    );
    assert.equal(wrapped.kind, 'accessDenied');
    assert.ok(isAccessDenied(wrapped));
    assert.equal(explainAccessDenied(wrapped)?.action, 'dynamodb:Scan');
  });

  it('returns undefined for other errors, and a bare explanation for an AccessDenied it cannot read', () => {
    const other = new Error('Requested resource not found');
    other.name = 'ResourceNotFoundException';
    assert.equal(explainAccessDenied(other), undefined);
    assert.equal(explainAccessDenied('boom'), undefined);
    assert.equal(isAccessDenied(other), false);
    assert.deepEqual(explainAccessDenied(sdkError('Access denied')), { suggestedLevel: undefined });
  });
});

describe('describeAccessDenied', () => {
  it('names the action and resource, and says what to do for an implicit deny', () => {
    const e = explainAccessDenied(sdkError(`User: ${USER} is not authorized to perform: dynamodb:Scan on resource: ${TABLE} because no identity-based policy allows the dynamodb:Scan action`));
    assert.ok(e);
    assert.equal(
      describeAccessDenied(e, 'Scan Orders'),
      `Scan Orders failed: access denied. ${USER} may not perform dynamodb:Scan on ${TABLE}: no identity-based policy allows it. Attach a policy that allows it (Open Matching Policy shows one).`,
    );
  });

  it('says that an explicit deny cannot be overridden by an allow', () => {
    const e = explainAccessDenied(sdkError(`User: ${USER} is not authorized to perform: dynamodb:DeleteTable on resource: ${TABLE} with an explicit deny in a service control policy`));
    assert.ok(e);
    const text = describeAccessDenied(e);
    assert.match(text, /dynamodb:DeleteTable on arn:aws:dynamodb:us-east-1:123456789012:table\/Orders/);
    assert.match(text, /explicit deny in a service control policy blocks it, and no allow statement can override that/);
  });

  it('falls back to a general message when the action is unknown', () => {
    assert.match(describeAccessDenied({ suggestedLevel: undefined }), /lacks an IAM permission/);
  });
});

describe('policyForAccessDenied', () => {
  const deniedAt = (action: string, resource: string) =>
    explainAccessDenied(sdkError(`User: ${ROLE} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`))!;

  const resourceFor: Record<ResourceKind, string> = {
    table: TABLE,
    index: INDEX,
    stream: STREAM,
    backup: `${TABLE}/backup/01714567890123-a1b2c3d4`,
    any: 'arn:aws:dynamodb:us-east-1:123456789012:table/*',
  };

  it('allows every action a level grants, on the resource it was denied on, with a valid policy', () => {
    let checked = 0;
    for (const grant of Object.values(LEVEL_GRANTS)) {
      for (const [kind, actions] of Object.entries(grant) as [ResourceKind, readonly string[]][]) {
        for (const action of actions) {
          const explanation = deniedAt(action, resourceFor[kind]);
          const { policy, level } = policyForAccessDenied(explanation);
          const resource = kind === 'any' ? '*' : resourceFor[kind];
          assert.ok(rules.allows(policy, action, resource), `${action} on ${resource} (${level ?? 'action only'}): ${JSON.stringify(policy)}`);
          assert.deepEqual(rules.check(policy), [], `${action} on ${resource}`);
          checked++;
        }
      }
    }
    assert.ok(checked > 50);
  });

  it('opens the generator policy of the suggested level for a table resource', () => {
    const { policy, level } = policyForAccessDenied(deniedAt('dynamodb:Query', INDEX));
    assert.equal(level, 'read-only');
    assert.ok(rules.allows(policy, 'dynamodb:GetItem', TABLE), 'the whole read-only level, not just the one action');
  });

  it('builds a policy from just the action and resource when the resource is not a table', () => {
    const kmsKey = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd';
    const { policy, level } = policyForAccessDenied(deniedAt('kms:Decrypt', kmsKey));
    assert.equal(level, undefined);
    assert.deepEqual(policy.Statement, [{ Sid: 'AllowDeniedAction', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: kmsKey }]);
  });

  it('a stream action denied on a table ARN allows just that action', () => {
    const { policy, level } = policyForAccessDenied(deniedAt('dynamodb:DescribeStream', TABLE));
    assert.equal(level, undefined);
    assert.equal(suggestAccessLevel('dynamodb:DescribeStream', 'table'), undefined);
    assert.ok(rules.allows(policy, 'dynamodb:DescribeStream', TABLE));
  });

  it('refuses when the message names no action', () => {
    assert.throws(() => policyForAccessDenied({ suggestedLevel: undefined }), /does not name the denied action/);
  });
});
