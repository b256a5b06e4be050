// The access levels the policy generator offers, and which DynamoDB actions each one grants on which kind of
// resource. The generator and the AccessDenied explanation both read these tables, so a level suggested for a
// denied action always grants that action.

export type AccessLevel = 'read-only' | 'read-write' | 'admin' | 'stream-consumer' | 'per-user-rows';

export interface AccessLevelInfo {
  level: AccessLevel;
  label: string;
  /** One line: what the level allows. */
  description: string;
}

export const ACCESS_LEVELS: readonly AccessLevelInfo[] = [
  { level: 'read-only', label: 'Read-only', description: 'Get, query and scan items of the table and its indexes; describe the table.' },
  { level: 'read-write', label: 'Read-write', description: 'Read-only plus put, update, delete and batch-write items (including PartiQL and transactions).' },
  { level: 'admin', label: 'Table administration', description: 'Read-write plus update and delete the table, TTL, backups, point-in-time recovery, tags, streams.' },
  { level: 'stream-consumer', label: 'Stream consumer', description: 'Read the table\'s stream, e.g. for a Lambda trigger (the table needs an enabled stream).' },
  { level: 'per-user-rows', label: 'Per-user rows', description: 'Read and write only items whose partition key is the caller\'s identity (dynamodb:LeadingKeys).' },
];

/** The kinds of resource a grant applies to; "any" means Resource "*" (actions without resource-level permissions). */
export type ResourceKind = 'table' | 'index' | 'stream' | 'backup' | 'any';

export type LevelGrant = Readonly<Partial<Record<ResourceKind, readonly string[]>>>;

const READ_TABLE = ['dynamodb:BatchGetItem', 'dynamodb:DescribeTable', 'dynamodb:GetItem', 'dynamodb:PartiQLSelect', 'dynamodb:Query', 'dynamodb:Scan'];
const READ_INDEX = ['dynamodb:PartiQLSelect', 'dynamodb:Query', 'dynamodb:Scan'];
const WRITE_TABLE = [
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DeleteItem',
  'dynamodb:PartiQLDelete',
  'dynamodb:PartiQLInsert',
  'dynamodb:PartiQLUpdate',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
];
const STREAM_READ = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'];
const MANAGE_TABLE = [
  'dynamodb:CreateBackup',
  'dynamodb:CreateTable',
  'dynamodb:DeleteResourcePolicy',
  'dynamodb:DeleteTable',
  'dynamodb:DescribeContinuousBackups',
  'dynamodb:DescribeContributorInsights',
  'dynamodb:DescribeKinesisStreamingDestination',
  'dynamodb:DescribeTimeToLive',
  'dynamodb:DisableKinesisStreamingDestination',
  'dynamodb:EnableKinesisStreamingDestination',
  'dynamodb:ExportTableToPointInTime',
  'dynamodb:GetResourcePolicy',
  'dynamodb:ListTagsOfResource',
  'dynamodb:PutResourcePolicy',
  'dynamodb:TagResource',
  'dynamodb:UntagResource',
  'dynamodb:UpdateContinuousBackups',
  'dynamodb:UpdateContributorInsights',
  'dynamodb:UpdateKinesisStreamingDestination',
  'dynamodb:UpdateTable',
  'dynamodb:UpdateTimeToLive',
];
/** Item actions that carry the request's partition key values, so dynamodb:LeadingKeys can restrict them. */
const PER_USER_TABLE = [
  'dynamodb:BatchGetItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DeleteItem',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:Query',
  'dynamodb:UpdateItem',
];

const sorted = (...lists: readonly string[][]): readonly string[] => [...new Set(lists.flat())].sort();

export const LEVEL_GRANTS: Readonly<Record<AccessLevel, LevelGrant>> = {
  'read-only': { table: sorted(READ_TABLE), index: sorted(READ_INDEX) },
  'read-write': { table: sorted(READ_TABLE, WRITE_TABLE), index: sorted(READ_INDEX) },
  admin: {
    table: sorted(READ_TABLE, WRITE_TABLE, MANAGE_TABLE),
    index: sorted(READ_INDEX, ['dynamodb:DescribeContributorInsights', 'dynamodb:UpdateContributorInsights']),
    stream: sorted(STREAM_READ),
    backup: sorted(['dynamodb:DeleteBackup', 'dynamodb:DescribeBackup']),
    any: sorted(['dynamodb:DescribeLimits', 'dynamodb:ListBackups', 'dynamodb:ListStreams', 'dynamodb:ListTables']),
  },
  // ListStreams has no resource-level permissions, so it needs its own statement on "*".
  'stream-consumer': { stream: sorted(STREAM_READ), any: ['dynamodb:ListStreams'] },
  // Only the table and its local indexes: a global index has its own partition key, which LeadingKeys would compare.
  'per-user-rows': { table: sorted(PER_USER_TABLE), index: ['dynamodb:Query'] },
};

/** Levels from the narrowest to the broadest; a suggestion takes the first that grants the action. */
const SUGGESTION_ORDER: readonly AccessLevel[] = ['read-only', 'stream-consumer', 'read-write', 'admin'];

/**
 * The narrowest access level that grants `action` (e.g. "dynamodb:Scan") on a resource of the given kind, or
 * undefined when no level does (another service's action, or a DynamoDB action outside table work such as
 * buying reserved capacity). Per-user rows is never suggested: it is a design choice, not a fix.
 */
export function suggestAccessLevel(action: string, resourceKind?: ResourceKind): AccessLevel | undefined {
  const wanted = action.toLowerCase();
  const has = (list: readonly string[] | undefined) => !!list?.some((a) => a.toLowerCase() === wanted);
  for (const level of SUGGESTION_ORDER) {
    const grant = LEVEL_GRANTS[level];
    if (resourceKind === undefined) {
      if (Object.values(grant).some(has)) return level;
    } else if (has(grant[resourceKind]) || has(grant.any)) {
      return level;
    }
  }
  return undefined;
}
