// Every IAM policy snippet, expanded as the editor would, is a valid DynamoDB policy, and its tab stops really
// control the region, account and table of every ARN.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { IamPolicyRules } from './support/iamPolicyRules';
import { expandSnippet, parseSnippet, tabStopDefaults, variablesOf, type SnippetNode } from './support/snippetSyntax';
import { loadCloudFormationYaml, resolveSub } from './support/cloudFormation';
import { compilePolicySchema } from './support/policySchema';

const SNIPPETS_DIR = path.resolve(__dirname, '../../../../snippets');

interface SnippetEntry {
  prefix: string | string[];
  description?: string;
  body: string | string[];
}

type SnippetFormat = 'json' | 'yaml';

const SNIPPET_FILES: { file: string; format: SnippetFormat }[] = [
  { file: 'iam-policies.json', format: 'json' },
  { file: 'iam-policies-yaml.json', format: 'yaml' },
];

function loadSnippets(file: string): Record<string, SnippetEntry> {
  return JSON.parse(fs.readFileSync(path.join(SNIPPETS_DIR, file), 'utf8')) as Record<string, SnippetEntry>;
}

const bodyOf = (entry: SnippetEntry) => (Array.isArray(entry.body) ? entry.body.join('\n') : entry.body);

/** The policy document an expanded snippet holds. */
function policyOf(text: string, format: SnippetFormat, pseudo?: Record<string, string>): unknown {
  if (format === 'json') return JSON.parse(text);
  const doc = loadCloudFormationYaml(text) as Record<string, { Type?: string; Properties?: { PolicyDocument?: unknown } }>;
  const resources = Object.values(doc);
  assert.equal(resources.length, 1, 'a YAML snippet inserts exactly one CloudFormation resource');
  assert.equal(resources[0].Type, 'AWS::IAM::ManagedPolicy');
  return resolveSub(resources[0].Properties?.PolicyDocument, pseudo);
}

const REGION_DEFAULTS = ['us-east-1', '${AWS::Region}'];
const ACCOUNT_DEFAULTS = ['123456789012', '${AWS::AccountId}'];
const TABLE_DEFAULTS = ['TableName'];

function tabStopWithDefault(nodes: SnippetNode[], defaults: string[]): number | undefined {
  for (const [index, value] of tabStopDefaults(nodes)) if (defaults.includes(value)) return index;
  return undefined;
}

function resourcesOf(policy: unknown): string[] {
  const statements = (policy as { Statement: { Resource?: string | string[] }[] }).Statement;
  return statements.flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : s.Resource ? [s.Resource] : []));
}

const rules = new IamPolicyRules();
const validateWithSchema = compilePolicySchema();

describe('IAM policy snippets', () => {
  const all: { file: string; format: SnippetFormat; name: string; entry: SnippetEntry }[] = [];
  for (const { file, format } of SNIPPET_FILES) {
    for (const [name, entry] of Object.entries(loadSnippets(file))) all.push({ file, format, name, entry });
  }

  it('cover every policy the issue asks for, and sorted by prefix (as the suggest list shows them) read-only comes first and administration last', () => {
    const json = all.filter((s) => s.format === 'json').map((s) => String(s.entry.prefix));
    const byNeed = [
      'read-only',
      'read-write',
      'query-index',
      'partiql',
      'per-user-cognito',
      'per-user-userid',
      'attributes',
      'stream-consumer',
      'transactions-only',
      'deny-full-scan',
      'deny-delete',
      'ttl-backup-admin',
      'table-admin',
    ];
    assert.deepEqual([...json].sort(), byNeed.map((name, i) => `ddb-iam-${String(i + 1).padStart(2, '0')}-${name}`));
    const yaml = all.filter((s) => s.format === 'yaml').map((s) => String(s.entry.prefix));
    assert.deepEqual([...yaml].sort(), ['read-only', 'read-write', 'per-user-cognito', 'stream-consumer', 'deny-delete'].map((name, i) => `ddb-iam-cfn-${i + 1}-${name}`));
  });

  it('have unique prefixes and a description', () => {
    const prefixes = all.map((s) => String(s.entry.prefix));
    assert.equal(new Set(prefixes).size, prefixes.length, `duplicate prefixes: ${prefixes.join(', ')}`);
    for (const s of all) assert.ok(s.entry.description && s.entry.description.length > 20, `${s.name} has no useful description`);
  });

  for (const s of all) {
    describe(`${s.file}: ${s.name}`, () => {
      const nodes = parseSnippet(bodyOf(s.entry));

      it('uses only tab stops, no editor variables', () => {
        assert.deepEqual(variablesOf(nodes), []);
      });

      it('expanded with its defaults, is a valid DynamoDB IAM policy', () => {
        const text = expandSnippet(nodes);
        const policy = policyOf(text, s.format);
        assert.deepEqual(rules.check(policy), []);
        assert.deepEqual(validateWithSchema(policy), []);
      });

      it('has tab stops for region, account and table name that reach every ARN', () => {
        const region = tabStopWithDefault(nodes, REGION_DEFAULTS);
        const account = tabStopWithDefault(nodes, ACCOUNT_DEFAULTS);
        const table = tabStopWithDefault(nodes, TABLE_DEFAULTS);
        assert.ok(region !== undefined && account !== undefined && table !== undefined, `tab stops: ${[...tabStopDefaults(nodes)].join(' ')}`);
        const text = expandSnippet(nodes, new Map([[region, 'eu-west-3'], [account, '210987654321'], [table, 'Orders.v2']]));
        const policy = policyOf(text, s.format);
        assert.deepEqual(rules.check(policy), []);
        const arns = resourcesOf(policy).filter((r) => r !== '*');
        assert.ok(arns.length > 0, 'the snippet names no table resource');
        for (const arn of arns) {
          assert.match(arn, /^arn:aws:dynamodb:eu-west-3:210987654321:table\/Orders\.v2(\/|$)/, `ARN not driven by the tab stops: ${arn}`);
        }
      });

      if (s.format === 'yaml') {
        it('works in any partition, region and account of the stack', () => {
          const pseudo = { 'AWS::Partition': 'aws-cn', 'AWS::Region': 'cn-north-1', 'AWS::AccountId': '111122223333' };
          const policy = policyOf(expandSnippet(nodes), s.format, pseudo);
          assert.deepEqual(rules.check(policy), []);
          for (const arn of resourcesOf(policy).filter((r) => r !== '*')) assert.match(arn, /^arn:aws-cn:dynamodb:cn-north-1:111122223333:table\//);
        });
      }
    });
  }

  it('escape IAM policy variables so they are inserted literally', () => {
    const perUser = all.find((s) => s.entry.prefix === 'ddb-iam-06-per-user-userid');
    assert.ok(perUser);
    const policy = JSON.parse(expandSnippet(parseSnippet(bodyOf(perUser.entry)))) as {
      Statement: { Condition: Record<string, Record<string, string[]>> }[];
    };
    assert.deepEqual(policy.Statement[0].Condition['ForAllValues:StringEquals']['dynamodb:LeadingKeys'], ['${aws:userid}']);
    const cognito = all.find((s) => s.entry.prefix === 'ddb-iam-05-per-user-cognito');
    assert.ok(cognito);
    assert.match(expandSnippet(parseSnippet(bodyOf(cognito.entry))), /"\$\{cognito-identity\.amazonaws\.com:sub\}"/);
  });
});
