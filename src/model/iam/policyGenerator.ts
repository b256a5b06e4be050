// Least-privilege IAM policies for one table, built from its real description (table, index and stream ARNs).
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import { StudioError } from '../errors';
import { ACCESS_LEVELS, LEVEL_GRANTS, type AccessLevel, type ResourceKind } from './actions';

export type ConditionBlock = Record<string, Record<string, string | string[] | boolean>>;

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string[];
  Resource: string | string[];
  Condition?: ConditionBlock;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/** Whose identity the partition key must equal in a per-user-rows policy. */
export type PerUserIdentity = 'cognito' | 'aws-userid' | 'amazon';

export const PER_USER_IDENTITIES: readonly { identity: PerUserIdentity; label: string; variable: string; description: string }[] = [
  {
    identity: 'cognito',
    label: 'Amazon Cognito identity',
    variable: '${cognito-identity.amazonaws.com:sub}',
    description: 'Apps whose users sign in through a Cognito identity pool; the partition key holds the identity id.',
  },
  {
    identity: 'aws-userid',
    label: 'IAM caller id (aws:userid)',
    variable: '${aws:userid}',
    description: 'IAM users and assumed roles; for a role the key holds "ROLEID:session-name".',
  },
  {
    identity: 'amazon',
    label: 'Login with Amazon',
    variable: '${www.amazon.com:user_id}',
    description: 'Web identity federation with Login with Amazon; the partition key holds the Amazon user id.',
  },
];

export interface GeneratePolicyOptions {
  /** "each" (default) lists every index ARN; "wildcard" uses TABLE_ARN/index/* so new indexes are covered too. */
  indexResources?: 'each' | 'wildcard';
  /** For per-user-rows: the identity variable the partition key must equal. Default: cognito. */
  perUserIdentity?: PerUserIdentity;
}

export interface DynamoDbArn {
  partition: string;
  region: string;
  account: string;
  tableName: string;
  /** The part after table/NAME/, e.g. index, stream, backup, export, import. */
  subresource?: { type: string; name: string };
  /** The table's own ARN (arn:PARTITION:dynamodb:REGION:ACCOUNT:table/NAME). */
  tableArn: string;
}

const DYNAMODB_ARN = /^arn:([a-z][a-z0-9-]*):dynamodb:([a-z0-9-]+):([0-9]{12}):table\/([^/]+)(?:\/([a-z-]+)\/(.+))?$/;

/** Parses a table ARN or a table sub-resource ARN (index, stream, backup, ...); undefined for anything else. */
export function parseDynamoDbArn(arn: string): DynamoDbArn | undefined {
  const m = DYNAMODB_ARN.exec(arn);
  if (!m) return undefined;
  const [, partition, region, account, tableName, subType, subName] = m;
  return {
    partition,
    region,
    account,
    tableName,
    subresource: subType ? { type: subType, name: subName } : undefined,
    tableArn: `arn:${partition}:dynamodb:${region}:${account}:table/${tableName}`,
  };
}

/** The kind of resource an ARN names, in the generator's terms. */
export function resourceKindOf(arn: string): ResourceKind | undefined {
  if (arn === '*') return 'any';
  const parsed = parseDynamoDbArn(arn);
  if (!parsed) return undefined;
  if (!parsed.subresource) return 'table';
  const type = parsed.subresource.type;
  return type === 'index' || type === 'stream' || type === 'backup' ? type : undefined;
}

function levelLabel(level: AccessLevel): string {
  return ACCESS_LEVELS.find((l) => l.level === level)?.label ?? level;
}

function tableArnOf(desc: TableDescription): DynamoDbArn {
  const name = desc.TableName ?? 'the table';
  if (!desc.TableArn) {
    throw new StudioError('validation', `Cannot generate an IAM policy for ${name}: its description has no TableArn.`, {
      hint: 'Describe the table again (refresh it in the explorer), then retry.',
    });
  }
  const parsed = parseDynamoDbArn(desc.TableArn);
  if (!parsed || parsed.subresource) {
    throw new StudioError('validation', `Cannot generate an IAM policy for ${name}: "${desc.TableArn}" is not a DynamoDB table ARN.`, {
      hint: 'A table ARN looks like arn:aws:dynamodb:us-east-1:123456789012:table/Orders.',
    });
  }
  return parsed;
}

function indexArns(desc: TableDescription, tableArn: string, which: 'all' | 'local', style: 'each' | 'wildcard'): string[] {
  const local = desc.LocalSecondaryIndexes ?? [];
  const global = which === 'all' ? desc.GlobalSecondaryIndexes ?? [] : [];
  const indexes = [...global, ...local];
  if (indexes.length === 0) return [];
  // A wildcard would also match global indexes, which per-user rows must not cover.
  if (style === 'wildcard' && which === 'all') return [`${tableArn}/index/*`];
  return indexes.map((i) => i.IndexArn ?? `${tableArn}/index/${i.IndexName}`);
}

function enabledStreamArn(desc: TableDescription): string | undefined {
  return desc.StreamSpecification?.StreamEnabled && desc.LatestStreamArn ? desc.LatestStreamArn : undefined;
}

const one = (resources: string[]): string | string[] => (resources.length === 1 ? resources[0] : resources);

/**
 * A least-privilege policy for `level` on the described table: the table ARN, its index ARNs, its stream ARN
 * and "*" only for actions that have no resource-level permissions.
 */
export function generatePolicy(desc: TableDescription, level: AccessLevel, opts: GeneratePolicyOptions = {}): PolicyDocument {
  const table = tableArnOf(desc);
  const grant = LEVEL_GRANTS[level];
  const indexStyle = opts.indexResources ?? 'each';
  const statements: PolicyStatement[] = [];
  const add = (Sid: string, actions: readonly string[] | undefined, resources: string[], Condition?: ConditionBlock) => {
    if (!actions?.length || resources.length === 0) return;
    statements.push({ Sid, Effect: 'Allow', Action: [...actions], Resource: one(resources), ...(Condition ? { Condition } : {}) });
  };

  switch (level) {
    case 'read-only':
    case 'read-write':
      add(level === 'read-only' ? 'ReadTable' : 'ReadWriteTable', grant.table, [table.tableArn]);
      add('ReadIndexes', grant.index, indexArns(desc, table.tableArn, 'all', indexStyle));
      break;
    case 'admin':
      add('ManageTable', grant.table, [table.tableArn]);
      add('ManageIndexes', grant.index, indexArns(desc, table.tableArn, 'all', indexStyle));
      // Wildcards keep working after the stream is re-enabled (new label) and for every backup of the table.
      add('ReadStreams', grant.stream, [`${table.tableArn}/stream/*`]);
      add('ManageBackups', grant.backup, [`${table.tableArn}/backup/*`]);
      add('ListAndDescribeAccount', grant.any, ['*']);
      break;
    case 'stream-consumer': {
      const streamArn = enabledStreamArn(desc);
      if (!streamArn) {
        throw new StudioError(
          'validation',
          `Cannot generate a ${levelLabel(level)} policy for table "${table.tableName}": the table has no enabled stream.`,
          {
            hint: 'Enable a stream on the table first (UpdateTable with a StreamSpecification, e.g. NEW_AND_OLD_IMAGES), then generate the policy again.',
          },
        );
      }
      add('ReadStream', grant.stream, [streamArn]);
      add('ListStreams', grant.any, ['*']);
      break;
    }
    case 'per-user-rows': {
      const identity = PER_USER_IDENTITIES.find((i) => i.identity === (opts.perUserIdentity ?? 'cognito')) ?? PER_USER_IDENTITIES[0];
      // ForAllValues: every partition key value in the request must be the caller's own identity.
      const condition: ConditionBlock = { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [identity.variable] } };
      add('OwnItemsOnly', grant.table, [table.tableArn], condition);
      add('QueryOwnItemsInLocalIndexes', grant.index, indexArns(desc, table.tableArn, 'local', 'each'), condition);
      break;
    }
  }
  return { Version: '2012-10-17', Statement: statements };
}

/** A one-statement policy that allows exactly `action` on `resource` (or on "*" when the resource is unknown). */
export function generateActionPolicy(action: string, resource?: string): PolicyDocument {
  return { Version: '2012-10-17', Statement: [{ Sid: 'AllowDeniedAction', Effect: 'Allow', Action: [action], Resource: resource || '*' }] };
}

/**
 * The smallest table description the generator needs, rebuilt from an ARN that names the table or one of its
 * indexes or streams (used when the table cannot be described, e.g. because access is denied).
 */
export function tableDescriptionFromArn(arn: string): TableDescription | undefined {
  const parsed = parseDynamoDbArn(arn);
  // "table/*" (e.g. ListTables) names no single table.
  if (!parsed || parsed.tableName.includes('*')) return undefined;
  const desc: TableDescription = { TableName: parsed.tableName, TableArn: parsed.tableArn };
  if (parsed.subresource?.type === 'index' && !parsed.subresource.name.includes('*')) {
    desc.GlobalSecondaryIndexes = [{ IndexName: parsed.subresource.name, IndexArn: arn }];
  } else if (parsed.subresource?.type === 'stream' && !parsed.subresource.name.includes('*')) {
    desc.StreamSpecification = { StreamEnabled: true };
    desc.LatestStreamArn = arn;
  }
  return desc;
}

/** The policy as a document a person reads and pastes: two-space JSON with a final newline. */
export function policyToJson(policy: PolicyDocument): string {
  return `${JSON.stringify(policy, null, 2)}\n`;
}
