// One table model for tables as code: what a CloudFormation, SAM, CDK or Terraform definition declares, and what a
// live table is, in the same shape, so the two can be compared and either turned into the other. Pure.
//
// A declared value that cannot be known from the file alone (a parameter, an import, a module output) is an
// `Unknown` carrying the reason; a live value the endpoint cannot tell (DynamoDB Local has no tags or
// point-in-time recovery) is `Unsupported`. Neither is ever drift.
import type { StreamViewType, TableClass } from '@aws-sdk/client-dynamodb';

export type IacKind = 'cloudformation' | 'sam' | 'cdk' | 'terraform';

export const IAC_KIND_LABELS: Record<IacKind, string> = {
  cloudformation: 'CloudFormation',
  sam: 'SAM',
  cdk: 'CDK',
  terraform: 'Terraform',
};

/** A declared value that comes from outside the file: why it is not known. */
export interface Unknown {
  readonly $unknown: string;
}

/** A live setting the endpoint has no API for. */
export interface Unsupported {
  readonly $unsupported: string;
}

export type Maybe<T> = T | Unknown;

export const unknownValue = (reason: string): Unknown => ({ $unknown: reason });
export const unsupportedValue = (reason: string): Unsupported => ({ $unsupported: reason });

export function isUnknown(v: unknown): v is Unknown {
  return typeof v === 'object' && v !== null && typeof (v as Unknown).$unknown === 'string';
}

export function isUnsupported(v: unknown): v is Unsupported {
  return typeof v === 'object' && v !== null && typeof (v as Unsupported).$unsupported === 'string';
}

export type AttributeType = 'S' | 'N' | 'B';
export type BillingMode = 'PAY_PER_REQUEST' | 'PROVISIONED';
export type ProjectionType = 'ALL' | 'KEYS_ONLY' | 'INCLUDE';

export interface KeyModel {
  name: Maybe<string>;
  type: Maybe<AttributeType>;
}

export interface CapacityModel {
  read: Maybe<number>;
  write: Maybe<number>;
}

export interface ProjectionModel {
  type: Maybe<ProjectionType>;
  /** INCLUDE only. */
  nonKeyAttributes?: Maybe<string[]>;
}

export interface IndexModel {
  name: Maybe<string>;
  /** A global index's own partition key; a local index shares the table's. */
  partitionKey?: KeyModel;
  sortKey?: KeyModel;
  projection: ProjectionModel;
  /** Provisioned capacity of a global index. */
  capacity?: CapacityModel;
}

export interface TimeToLiveModel {
  enabled: boolean;
  attribute?: Maybe<string>;
}

export interface StreamModel {
  enabled: boolean;
  viewType?: Maybe<StreamViewType>;
}

export interface EncryptionModel {
  /** True: a KMS key (AWS managed or the given one); false: the key DynamoDB owns (the default). */
  kms: boolean;
  kmsKey?: Maybe<string>;
}

export interface TableModel {
  /** Undefined when the definition leaves the name to the tool (CloudFormation then generates one). */
  tableName?: Maybe<string>;
  partitionKey: KeyModel;
  sortKey?: KeyModel;
  billingMode: Maybe<BillingMode>;
  /** Table capacity; present when provisioned. */
  capacity?: CapacityModel;
  globalIndexes: Maybe<IndexModel[]>;
  localIndexes: Maybe<IndexModel[]>;
  timeToLive: Maybe<TimeToLiveModel> | Unsupported;
  stream: Maybe<StreamModel>;
  pointInTimeRecovery: Maybe<boolean> | Unsupported;
  encryption: Maybe<EncryptionModel>;
  deletionProtection: Maybe<boolean>;
  tableClass: Maybe<TableClass>;
  /** User tags; `aws:` tags (added by CloudFormation itself) are left out on both sides. */
  tags: Maybe<Record<string, Maybe<string>>> | Unsupported;
}

/** Zero-based place in a file. */
export interface SourcePosition {
  line: number;
  character: number;
}

export interface SourceRange {
  start: SourcePosition;
  end: SourcePosition;
}

/**
 * One table resource found in a file: its model, where it is, and where each of its settings is written. Location
 * keys are finding paths (`billingMode`, `gsi:ByStatus`, `tags.Team`) and their groups (`globalIndexes`, `tags`).
 */
export interface DeclaredTable {
  kind: IacKind;
  /** CloudFormation logical id, or Terraform resource name (`aws_dynamodb_table.orders`). */
  resourceId: string;
  model: TableModel;
  range: SourceRange;
  locations: Record<string, SourceRange>;
}

/** What a reader found in one file: tables, and what it could not read (with where). */
export interface IacReadResult {
  kind: IacKind | undefined;
  tables: DeclaredTable[];
  problems: { message: string; range?: SourceRange }[];
}

/** The settings a definition that says nothing about them gets, as AWS applies them. */
export function defaultTableModel(partitionKey: KeyModel): TableModel {
  return {
    partitionKey,
    billingMode: 'PROVISIONED',
    globalIndexes: [],
    localIndexes: [],
    timeToLive: { enabled: false },
    stream: { enabled: false },
    pointInTimeRecovery: false,
    encryption: { kms: false },
    deletionProtection: false,
    tableClass: 'STANDARD',
    tags: {},
  };
}

/** Every Unknown inside a value, with the path where it sits (`globalIndexes[0].name`). */
export function unknownsIn(value: unknown, path = ''): { path: string; reason: string }[] {
  if (isUnknown(value)) return [{ path, reason: value.$unknown }];
  if (Array.isArray(value)) return value.flatMap((v, i) => unknownsIn(v, `${path}[${i}]`));
  if (typeof value === 'object' && value !== null && !isUnsupported(value)) {
    return Object.entries(value).flatMap(([k, v]) => unknownsIn(v, path ? `${path}.${k}` : k));
  }
  return [];
}

/** The location of a finding path: the path itself, then its groups, then the resource. */
export function locateFinding(table: Pick<DeclaredTable, 'range' | 'locations'>, path: string): SourceRange {
  const candidates: string[] = [path];
  let p = path;
  while (p.includes('.')) {
    p = p.slice(0, p.lastIndexOf('.'));
    candidates.push(p);
  }
  if (path.startsWith('gsi:')) candidates.push('globalIndexes');
  if (path.startsWith('lsi:')) candidates.push('localIndexes');
  if (path.startsWith('tags')) candidates.push('tags');
  if (path === 'capacity') candidates.push('billingMode');
  if (path.startsWith('key')) candidates.push('key');
  for (const c of candidates) if (table.locations[c]) return table.locations[c];
  return table.range;
}

/** Start offsets of each line of a text, for turning offsets into line/character positions. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

export function positionAt(starts: readonly number[], offset: number): SourcePosition {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo] };
}

export function rangeAt(starts: readonly number[], from: number, to: number): SourceRange {
  return { start: positionAt(starts, from), end: positionAt(starts, Math.max(from, to)) };
}
