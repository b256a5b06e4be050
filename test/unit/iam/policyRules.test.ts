// The yardsticks themselves: the policy rules and the schema reject broken policies, the snippet expander
// follows VS Code's syntax, and the test data agrees with the shipped schema and the generator's action tables.
import * as assert from 'node:assert/strict';
import { IamPolicyRules } from './support/iamPolicyRules';
import { compilePolicySchema, loadPolicySchema } from './support/policySchema';
import { expandSnippet, parseSnippet, SnippetSyntaxError, tabStopDefaults } from './support/snippetSyntax';
import { LEVEL_GRANTS } from '../../../src/model/iam/actions';

const TABLE = 'arn:aws:dynamodb:us-east-1:123456789012:table/Orders';
const rules = new IamPolicyRules();
const schema = compilePolicySchema();

const policy = (statement: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: TABLE, ...statement }],
  ...extra,
});

describe('IAM policy rules (test yardstick)', () => {
  it('accepts a plain valid policy', () => {
    assert.deepEqual(rules.check(policy({})), []);
    assert.deepEqual(schema(policy({})), []);
  });

  const broken: [string, unknown, RegExp][] = [
    ['the old version', { ...policy({}), Version: '2008-10-17' }, /Version must be "2012-10-17"/],
    ['no statements', { Version: '2012-10-17', Statement: [] }, /non-empty list/],
    ['a misspelt action', policy({ Action: ['dynamodb:GetItems'] }), /"dynamodb:GetItems" is not a DynamoDB action/],
    ['another service', policy({ Action: ['s3:GetObject'] }), /not a DynamoDB action/],
    ['Action and NotAction', policy({ NotAction: ['dynamodb:Scan'] }), /exactly one of Action or NotAction/],
    ['no resource', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetItem' }] }, /exactly one of Resource or NotResource/],
    ['a bad effect', policy({ Effect: 'allow' }), /Effect must be/],
    ['an S3 ARN', policy({ Resource: 'arn:aws:s3:::bucket' }), /not a DynamoDB resource ARN/],
    ['a short account id', policy({ Resource: 'arn:aws:dynamodb:us-east-1:1234:table/Orders' }), /not a DynamoDB resource ARN/],
    ['an unknown partition', policy({ Resource: 'arn:awz:dynamodb:us-east-1:123456789012:table/Orders' }), /not a DynamoDB resource ARN/],
    ['a stream action on the table', policy({ Action: ['dynamodb:GetRecords'] }), /GetRecords applies to stream/],
    ['ListStreams on a stream ARN', policy({ Action: 'dynamodb:ListStreams', Resource: `${TABLE}/stream/*` }), /only accepts Resource "\*"/],
    ['an index nobody uses', policy({ Resource: [TABLE, `${TABLE}/index/*`] }), /index\) is not used by any action/],
    ['item actions on every table', policy({ Resource: '*' }), /grants dynamodb:GetItem on every table/],
    ['an unknown condition key', policy({ Condition: { StringEquals: { 'dynamodb:PartitionKey': 'x' } } }), /not a DynamoDB or global condition key/],
    ['an unknown operator', policy({ Condition: { StringIs: { 'aws:userid': 'x' } } }), /not a condition operator/],
    ['LeadingKeys without a set operator', policy({ Condition: { StringEquals: { 'dynamodb:LeadingKeys': ['x'] } } }), /multivalued/],
    ['a set operator on Select', policy({ Condition: { 'ForAllValues:StringEquals': { 'dynamodb:Select': 'COUNT' } } }), /single-valued/],
    ['a bad Select value', policy({ Condition: { StringEquals: { 'dynamodb:Select': 'EVERYTHING' } } }), /not one of ALL_ATTRIBUTES/],
    [
      'LeadingKeys on Scan (a hole: ForAllValues of nothing is true)',
      policy({ Action: ['dynamodb:Scan'], Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['${aws:userid}'] } } }),
      /Scan does not support dynamodb:LeadingKeys/,
    ],
    ['an unknown policy variable', policy({ Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['${aws:user}'] } } }), /not an IAM policy variable/],
    ['a leftover tab stop', policy({ Resource: 'arn:aws:dynamodb:${1:us-east-1}:123456789012:table/Orders' }), /tab stop/],
    ['a leftover escape', policy({ Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['\\${aws:userid}'] } } }), /escaped/],
    ['a Sid with spaces', policy({ Sid: 'Read table' }), /letters and digits/],
    ['a duplicated action', policy({ Action: ['dynamodb:GetItem', 'dynamodb:GetItem'] }), /lists an action twice/],
    ['Bool with a non-boolean', policy({ Action: 'dynamodb:PartiQLSelect', Condition: { Bool: { 'dynamodb:FullTableScan': 'yes' } } }), /true or false/],
  ];
  for (const [what, doc, expected] of broken) {
    it(`rejects ${what}`, () => {
      const problems = rules.check(doc);
      assert.ok(problems.some((p) => expected.test(p)), `expected ${expected}, got ${JSON.stringify(problems)}`);
    });
  }

  it('the schema rejects structural mistakes', () => {
    assert.ok(schema({ Statement: [] }).length > 0, 'missing Version and empty Statement');
    assert.ok(schema(policy({ NotAction: 'dynamodb:Scan' })).length > 0, 'Action and NotAction together');
    assert.ok(schema(policy({ Effect: 'Permit' })).length > 0, 'bad Effect');
    assert.ok(schema(policy({ Resource: 'table/Orders' })).length > 0, 'Resource that is not an ARN');
    assert.ok(schema(policy({ Condition: { StringEquls: { 'aws:userid': 'x' } } })).length > 0, 'misspelt operator');
    assert.ok(schema({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetItem' }] }).length > 0, 'no Resource');
    // A trust policy names a principal instead of resources.
    assert.deepEqual(schema({ Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' } }), []);
  });

  it('the schema offers exactly the DynamoDB actions of the service reference', () => {
    const defs = loadPolicySchema().definitions as { action: { anyOf: { enum?: string[] }[] } };
    const offered = defs.action.anyOf.flatMap((a) => a.enum ?? []).filter((a) => a.startsWith('dynamodb:') && a !== 'dynamodb:*');
    const reference = Object.keys(rules.ref.actions).map((a) => `dynamodb:${a}`);
    assert.deepEqual([...offered].sort(), [...reference].sort());
  });

  it('every action the generator grants is a DynamoDB action that accepts that kind of resource', () => {
    for (const [level, grant] of Object.entries(LEVEL_GRANTS)) {
      for (const [kind, actions] of Object.entries(grant)) {
        for (const action of actions ?? []) {
          const name = action.replace(/^dynamodb:/, '');
          const info = rules.ref.actions[name];
          assert.ok(info, `${level}: ${action} is not in the service reference`);
          if (kind === 'any') assert.deepEqual(info.resourceTypes, [], `${level}: ${action} supports resource-level permissions; it should not be on "*"`);
          else assert.ok(info.resourceTypes.includes(kind), `${level}: ${action} does not accept a ${kind} resource`);
        }
      }
    }
  });
});

describe('snippet syntax expander (test yardstick)', () => {
  it('takes placeholder defaults, first choices, mirrors and an empty final tab stop', () => {
    const nodes = parseSnippet('a ${1:one} ${2|x,y|} $1 ${3:nested ${4:inner}} $0');
    assert.equal(expandSnippet(nodes), 'a one x one nested inner ');
    assert.equal(expandSnippet(nodes, new Map([[1, 'ONE']])), 'a ONE x ONE nested inner ');
    assert.deepEqual([...tabStopDefaults(nodes)], [[1, 'one'], [2, 'x'], [3, 'nested inner'], [4, 'inner']]);
  });

  it('turns escaped dollars and braces into literal text', () => {
    assert.equal(expandSnippet(parseSnippet('"\\${aws:userid}"')), '"${aws:userid}"');
    assert.equal(expandSnippet(parseSnippet('${1:\\${AWS::Region\\}}')), '${AWS::Region}');
    assert.equal(expandSnippet(parseSnippet('a\\b')), 'a\\b');
  });

  it('sees an unescaped IAM variable as an editor variable, which the snippet test then rejects', () => {
    assert.throws(() => expandSnippet(parseSnippet('"${aws:userid}"')), SnippetSyntaxError);
  });

  it('rejects a tab stop without a default and an unclosed placeholder', () => {
    assert.throws(() => expandSnippet(parseSnippet('$1')), /no default/);
    assert.throws(() => parseSnippet('${1:abc'), /Unclosed placeholder/);
  });
});
