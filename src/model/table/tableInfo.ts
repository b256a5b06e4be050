// Plain-text summaries of a DescribeTable result for the explorer (descriptions, tooltips). Pure functions.
import type {
  AttributeDefinition,
  KeySchemaElement,
  Projection,
  TableDescription,
  TimeToLiveDescription,
} from '@aws-sdk/client-dynamodb';

/** One describe call's answer (DescribeTimeToLive, tags, backups...), or why the endpoint could not give it. */
export type DescribeSection<T> = { supported: true; value: T } | { supported: false; reason: string };

/** Key attributes of the table, and of the index when reading one. */
export function keyNamesOf(table: TableDescription, index?: string): string[] {
  const names = (table.KeySchema ?? []).map((k) => k.AttributeName as string);
  const idx = index ? [...(table.GlobalSecondaryIndexes ?? []), ...(table.LocalSecondaryIndexes ?? [])].find((i) => i.IndexName === index) : undefined;
  for (const k of idx?.KeySchema ?? []) if (!names.includes(k.AttributeName as string)) names.push(k.AttributeName as string);
  return names;
}

export type KeyRole = 'partition' | 'sort';

export interface KeyAttribute {
  name: string;
  /** S, N or B; '?' when the description lacks the attribute definition. */
  type: string;
  role: KeyRole;
}

export type IndexKind = 'GSI' | 'LSI';

export interface IndexSummary {
  name: string;
  kind: IndexKind;
  keys: KeyAttribute[];
  /** e.g. `Status (S) · OrderDate (S)` */
  keySummary: string;
  /** IndexStatus of a GSI; an LSI has none of its own and follows the table's status. */
  status: string;
  backfilling: boolean;
  /** e.g. `ACTIVE` or `CREATING (backfilling)` */
  statusLabel: string;
  projectionType: string;
  nonKeyAttributes: string[];
  /** e.g. `ALL`, `KEYS_ONLY`, `INCLUDE (Name, Total)` */
  projectionLabel: string;
  itemCount?: number;
  sizeBytes?: number;
  arn?: string;
  /** Provisioned capacity of a GSI on a provisioned table. */
  provisioned?: { readCapacityUnits: number; writeCapacityUnits: number };
}

export interface StreamSummary {
  enabled: boolean;
  viewType?: string;
  arn?: string;
  /** e.g. `NEW_AND_OLD_IMAGES` or `off` */
  label: string;
}

/**
 * Result of reading a table's time-to-live setting. Some DynamoDB-compatible endpoints lack the API;
 * that is a normal outcome to show, not an error.
 */
export type TimeToLiveLookup =
  | { supported: true; description: TimeToLiveDescription }
  | { supported: false; reason: string };

const KEY_SEPARATOR = ' · ';

export function keyAttributes(
  keySchema: readonly KeySchemaElement[] | undefined,
  attributeDefinitions: readonly AttributeDefinition[] | undefined,
): KeyAttribute[] {
  const types = new Map((attributeDefinitions ?? []).map((d) => [d.AttributeName, d.AttributeType as string | undefined]));
  return (keySchema ?? [])
    .map((k): KeyAttribute => ({
      name: k.AttributeName ?? '?',
      type: types.get(k.AttributeName) ?? '?',
      role: k.KeyType === 'RANGE' ? 'sort' : 'partition',
    }))
    .sort((a, b) => (a.role === b.role ? 0 : a.role === 'partition' ? -1 : 1));
}

export function formatKeys(keys: readonly KeyAttribute[]): string {
  return keys.map((k) => `${k.name} (${k.type})`).join(KEY_SEPARATOR);
}

/** The table's primary key, partition key first: `ProjectID (S)` or `CustomerId (S) · OrderId (S)`. */
export function keySchemaSummary(desc: TableDescription): string {
  return formatKeys(keyAttributes(desc.KeySchema, desc.AttributeDefinitions));
}

function projectionParts(projection: Projection | undefined): Pick<IndexSummary, 'projectionType' | 'nonKeyAttributes' | 'projectionLabel'> {
  const projectionType = projection?.ProjectionType ?? 'UNKNOWN';
  const nonKeyAttributes = [...(projection?.NonKeyAttributes ?? [])];
  const projectionLabel = projectionType === 'INCLUDE' ? `INCLUDE (${nonKeyAttributes.join(', ')})` : projectionType;
  return { projectionType, nonKeyAttributes, projectionLabel };
}

/** What GSI and LSI descriptions have in common. */
interface IndexDescriptionFields {
  IndexName?: string;
  KeySchema?: KeySchemaElement[];
  Projection?: Projection;
  ItemCount?: number;
  IndexSizeBytes?: number;
  IndexArn?: string;
}

function summarizeIndex(
  desc: TableDescription,
  index: IndexDescriptionFields,
  kind: IndexKind,
  status: string,
  backfilling: boolean,
): IndexSummary {
  const keys = keyAttributes(index.KeySchema, desc.AttributeDefinitions);
  return {
    name: index.IndexName ?? '?',
    kind,
    keys,
    keySummary: formatKeys(keys),
    status,
    backfilling,
    statusLabel: backfilling ? `${status} (backfilling)` : status,
    ...projectionParts(index.Projection),
    itemCount: index.ItemCount,
    sizeBytes: index.IndexSizeBytes,
    arn: index.IndexArn,
  };
}

/** Global then local secondary indexes, each group sorted by name. */
export function indexSummaries(desc: TableDescription): IndexSummary[] {
  const byName = (a: IndexSummary, b: IndexSummary) => a.name.localeCompare(b.name);
  const globals = (desc.GlobalSecondaryIndexes ?? []).map((g): IndexSummary => {
    const read = g.ProvisionedThroughput?.ReadCapacityUnits ?? 0;
    const write = g.ProvisionedThroughput?.WriteCapacityUnits ?? 0;
    return {
      ...summarizeIndex(desc, g, 'GSI', g.IndexStatus ?? 'UNKNOWN', g.Backfilling === true),
      // On-demand tables report 0/0 here; only real capacity is worth showing.
      provisioned: read > 0 || write > 0 ? { readCapacityUnits: read, writeCapacityUnits: write } : undefined,
    };
  });
  // An LSI has no status of its own: it is built with the table and follows it.
  const locals = (desc.LocalSecondaryIndexes ?? []).map((l) => summarizeIndex(desc, l, 'LSI', desc.TableStatus ?? 'UNKNOWN', false));
  return [...globals.sort(byName), ...locals.sort(byName)];
}

export function streamSummary(desc: TableDescription): StreamSummary {
  const enabled = desc.StreamSpecification?.StreamEnabled === true;
  const viewType = enabled ? desc.StreamSpecification?.StreamViewType : undefined;
  return {
    enabled,
    viewType,
    arn: enabled ? desc.LatestStreamArn : undefined,
    label: enabled ? (viewType ?? 'on') : 'off',
  };
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** Binary units, one decimal above bytes: `0 B`, `1023 B`, `1.5 KiB`, `3.2 GiB`; `unknown` for no number. */
export function formatBytes(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n) || n < 0) return 'unknown';
  if (n < 1024) return `${Math.round(n)} B`;
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  // 1023.96 KiB would print as "1024.0 KiB": move up a unit instead.
  if (Number(value.toFixed(1)) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${BYTE_UNITS[unit]}`;
}

const formatCount = (n: number): string => n.toLocaleString('en-US');

/** `On-demand` or `Provisioned (5 RCU / 5 WCU)`. */
export function billingSummary(desc: TableDescription): string {
  // DescribeTable omits BillingModeSummary for tables that were always provisioned.
  const mode = desc.BillingModeSummary?.BillingMode ?? 'PROVISIONED';
  if (mode === 'PAY_PER_REQUEST') {
    const maxRead = desc.OnDemandThroughput?.MaxReadRequestUnits;
    const maxWrite = desc.OnDemandThroughput?.MaxWriteRequestUnits;
    const limits = [
      maxRead !== undefined && maxRead > 0 ? `max ${formatCount(maxRead)} reads/s` : undefined,
      maxWrite !== undefined && maxWrite > 0 ? `max ${formatCount(maxWrite)} writes/s` : undefined,
    ].filter((s): s is string => s !== undefined);
    return limits.length ? `On-demand (${limits.join(', ')})` : 'On-demand';
  }
  const read = desc.ProvisionedThroughput?.ReadCapacityUnits;
  const write = desc.ProvisionedThroughput?.WriteCapacityUnits;
  return `Provisioned (${read ?? '?'} RCU / ${write ?? '?'} WCU)`;
}

function isLookup(ttl: TimeToLiveLookup | TimeToLiveDescription): ttl is TimeToLiveLookup {
  return typeof (ttl as { supported?: unknown }).supported === 'boolean';
}

/** `on (ExpiresAt)`, `off`, `enabling (ExpiresAt)`, or why it is unknown. */
export function timeToLiveLabel(ttl: TimeToLiveLookup | TimeToLiveDescription): string {
  if (isLookup(ttl) && !ttl.supported) return 'not supported by this endpoint';
  const description = isLookup(ttl) ? (ttl.supported ? ttl.description : {}) : ttl;
  const attribute = description.AttributeName ? ` (${description.AttributeName})` : '';
  switch (description.TimeToLiveStatus) {
    case 'ENABLED':
      return `on${attribute}`;
    case 'ENABLING':
      return `enabling${attribute}`;
    case 'DISABLING':
      return `disabling${attribute}`;
    case 'DISABLED':
    case undefined:
      return 'off';
    default:
      return `${String(description.TimeToLiveStatus).toLowerCase()}${attribute}`;
  }
}

function indexesLine(desc: TableDescription): string {
  const indexes = indexSummaries(desc);
  if (indexes.length === 0) return 'Indexes: none';
  return `Indexes: ${indexes
    .map((i) => {
      const notes: string[] = [i.kind];
      if (i.kind === 'GSI' && i.status !== 'ACTIVE') notes.push(i.status.toLowerCase());
      if (i.backfilling) notes.push('backfilling');
      return `${i.name} (${notes.join(', ')})`;
    })
    .join(', ')}`;
}

/** Lines of the explorer tooltip of a table, most useful first. */
export function tableTooltipLines(desc: TableDescription, ttl?: TimeToLiveLookup | TimeToLiveDescription): string[] {
  const lines: string[] = [];
  if (desc.TableArn) lines.push(`ARN: ${desc.TableArn}`);
  lines.push(`Status: ${desc.TableStatus ?? 'unknown'}`);
  lines.push(`Key: ${keySchemaSummary(desc) || 'unknown'}`);
  lines.push(`Billing: ${billingSummary(desc)}`);
  lines.push(`Items: ${desc.ItemCount === undefined ? 'unknown' : formatCount(desc.ItemCount)} (approximate)`);
  lines.push(`Size: ${formatBytes(desc.TableSizeBytes)} (approximate)`);
  lines.push(`Table class: ${desc.TableClassSummary?.TableClass ?? 'STANDARD'}`);
  lines.push(`Deletion protection: ${desc.DeletionProtectionEnabled ? 'on' : 'off'}`);
  lines.push(indexesLine(desc));
  lines.push(`Stream: ${streamSummary(desc).label}`);
  if (ttl) lines.push(`Time to live: ${timeToLiveLabel(ttl)}`);
  if (desc.CreationDateTime) lines.push(`Created: ${new Date(desc.CreationDateTime).toISOString()}`);
  return lines;
}
