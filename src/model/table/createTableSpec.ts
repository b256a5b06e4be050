// What a person fills in to create a table, checked before anything is sent: the problems found (each tied to a
// field), the CreateTable request built from it, and the equivalent AWS CLI command line.
import type {
  AttributeDefinition,
  CreateTableCommandInput,
  GlobalSecondaryIndex,
  KeySchemaElement,
  LocalSecondaryIndex,
  Projection,
  StreamViewType,
  TableClass,
} from '@aws-sdk/client-dynamodb';
import { StudioError } from '../errors';
import { utf8Length } from '../items/validate';

export type ScalarAttributeType = 'S' | 'N' | 'B';
export const SCALAR_ATTRIBUTE_TYPES: readonly ScalarAttributeType[] = ['S', 'N', 'B'];

export const STREAM_VIEW_TYPES: readonly StreamViewType[] = ['NEW_AND_OLD_IMAGES', 'NEW_IMAGE', 'OLD_IMAGE', 'KEYS_ONLY'];
export const TABLE_CLASSES: readonly TableClass[] = ['STANDARD', 'STANDARD_INFREQUENT_ACCESS'];

/** Service limits that the checks below enforce (default quotas of DynamoDB). */
export const LIMITS = {
  nameMin: 3,
  nameMax: 255,
  attributeNameMaxBytes: 255,
  globalIndexes: 20,
  localIndexes: 5,
  /** NonKeyAttributes summed over every INCLUDE projection of a table. */
  projectedAttributes: 100,
  tags: 50,
  tagKeyMax: 128,
  tagValueMax: 256,
} as const;

export interface KeyAttributeSpec {
  name: string;
  type: ScalarAttributeType;
}

export type ProjectionSpec = { type: 'ALL' } | { type: 'KEYS_ONLY' } | { type: 'INCLUDE'; nonKeyAttributes: string[] };

export interface CapacitySpec {
  readCapacityUnits: number;
  writeCapacityUnits: number;
}

export type BillingSpec = { mode: 'PAY_PER_REQUEST' } | ({ mode: 'PROVISIONED' } & CapacitySpec);

export interface GlobalIndexSpec {
  name: string;
  partitionKey: KeyAttributeSpec;
  sortKey?: KeyAttributeSpec;
  projection: ProjectionSpec;
  /** Capacity of the index on a provisioned table; the table's capacity when omitted. */
  capacity?: CapacitySpec;
}

export interface LocalIndexSpec {
  name: string;
  /** A local index always uses the table's partition key; only its sort key differs. */
  sortKey: KeyAttributeSpec;
  projection: ProjectionSpec;
}

export interface TagSpec {
  key: string;
  value: string;
}

export interface CreateTableSpec {
  tableName: string;
  partitionKey: KeyAttributeSpec;
  sortKey?: KeyAttributeSpec;
  billing: BillingSpec;
  globalIndexes?: GlobalIndexSpec[];
  localIndexes?: LocalIndexSpec[];
  /** Stream view type; no stream when omitted. */
  stream?: StreamViewType;
  /** Attribute holding the expiry time; time to live is turned on once the table is ACTIVE. */
  timeToLiveAttribute?: string;
  deletionProtection?: boolean;
  tableClass?: TableClass;
  tags?: TagSpec[];
}

export interface SpecProblem {
  /** Path of the field in the spec, e.g. `globalIndexes[1].partitionKey.name`. */
  field: string;
  message: string;
}

const NAME_PATTERN = /^[a-zA-Z0-9_.-]+$/;
// Letters, digits, white space and _ . : / = + - @ in any script, as the tagging API allows.
const TAG_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** Problem with a table, index or backup name, or undefined when the name is valid. */
export function resourceNameProblem(name: string, what: string): string | undefined {
  if (name.length < LIMITS.nameMin || name.length > LIMITS.nameMax) {
    return `${what} must be ${LIMITS.nameMin} to ${LIMITS.nameMax} characters long (it has ${name.length}).`;
  }
  if (!NAME_PATTERN.test(name)) {
    const bad = [...new Set([...name].filter((ch) => !NAME_PATTERN.test(ch)))].map((ch) => JSON.stringify(ch)).join(', ');
    return `${what} may contain only letters a-z and A-Z, digits, "_", "-" and "." (found ${bad}).`;
  }
  return undefined;
}

/** Problem with an attribute name, or undefined when it is valid. */
export function attributeNameProblem(name: string, what: string): string | undefined {
  if (name.length === 0) return `${what} is empty: give it a name.`;
  const bytes = utf8Length(name);
  if (bytes > LIMITS.attributeNameMaxBytes) return `${what} is ${bytes} bytes long in UTF-8; the limit is ${LIMITS.attributeNameMaxBytes}.`;
  return undefined;
}

function isPositiveInteger(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 1;
}

/** Every problem of the spec, in field order; an empty list means CreateTable can be sent. */
export function validateCreateTableSpec(spec: CreateTableSpec): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const add = (field: string, message: string | undefined) => {
    if (message) problems.push({ field, message });
  };
  /** Attribute name → type, and the first field that gave it, to report conflicting definitions. */
  const types = new Map<string, { type: ScalarAttributeType; field: string }>();
  const checkKey = (field: string, key: KeyAttributeSpec | undefined, what: string) => {
    if (!key) {
      add(field, `${what} is missing.`);
      return;
    }
    add(`${field}.name`, attributeNameProblem(key.name, `The ${what.toLowerCase()} name`));
    if (!SCALAR_ATTRIBUTE_TYPES.includes(key.type)) {
      add(`${field}.type`, `The type of ${what.toLowerCase()} "${key.name}" must be S (string), N (number) or B (binary), not ${JSON.stringify(key.type)}.`);
      return;
    }
    const seen = types.get(key.name);
    if (seen && seen.type !== key.type) {
      add(`${field}.type`, `Attribute "${key.name}" is a key of type ${key.type} here but of type ${seen.type} in ${seen.field}: an attribute has one type in all keys.`);
    } else if (!seen && key.name) {
      types.set(key.name, { type: key.type, field });
    }
  };

  add('tableName', resourceNameProblem(spec.tableName, 'The table name'));
  checkKey('partitionKey', spec.partitionKey, 'Partition key');
  if (spec.sortKey) {
    checkKey('sortKey', spec.sortKey, 'Sort key');
    if (spec.partitionKey && spec.sortKey.name === spec.partitionKey.name) {
      add('sortKey.name', `The sort key must be a different attribute from the partition key ("${spec.sortKey.name}").`);
    }
  }

  const provisioned = spec.billing?.mode === 'PROVISIONED';
  if (!spec.billing || (spec.billing.mode !== 'PROVISIONED' && spec.billing.mode !== 'PAY_PER_REQUEST')) {
    add('billing.mode', 'Choose a billing mode: on-demand (PAY_PER_REQUEST) or provisioned (PROVISIONED).');
  } else if (spec.billing.mode === 'PROVISIONED') {
    checkCapacity(spec.billing, 'billing', 'the table', add);
  }

  const indexNames = new Map<string, string>();
  let projected = 0;
  const checkIndexName = (field: string, name: string) => {
    add(`${field}.name`, resourceNameProblem(name, 'The index name'));
    const other = indexNames.get(name);
    if (other) add(`${field}.name`, `Index name "${name}" is already used by ${other}: index names are unique within a table.`);
    else indexNames.set(name, field);
  };
  const checkProjection = (field: string, projection: ProjectionSpec | undefined) => {
    if (!projection || !['ALL', 'KEYS_ONLY', 'INCLUDE'].includes(projection.type)) {
      add(`${field}.projection`, 'Choose a projection: ALL, KEYS_ONLY or INCLUDE with attribute names.');
      return;
    }
    if (projection.type !== 'INCLUDE') return;
    const names = projection.nonKeyAttributes ?? [];
    if (names.length === 0) add(`${field}.projection.nonKeyAttributes`, 'An INCLUDE projection needs at least one attribute name (or choose KEYS_ONLY).');
    names.forEach((n, i) => add(`${field}.projection.nonKeyAttributes[${i}]`, attributeNameProblem(n, 'A projected attribute name')));
    const duplicates = [...new Set(names.filter((n, i) => names.indexOf(n) !== i))];
    if (duplicates.length) add(`${field}.projection.nonKeyAttributes`, `Projected attributes are listed twice: ${duplicates.map((d) => `"${d}"`).join(', ')}.`);
    projected += names.length;
  };

  const globals = spec.globalIndexes ?? [];
  if (globals.length > LIMITS.globalIndexes) {
    add('globalIndexes', `A table can have at most ${LIMITS.globalIndexes} global secondary indexes (${globals.length} given).`);
  }
  globals.forEach((g, i) => {
    const field = `globalIndexes[${i}]`;
    checkIndexName(field, g.name);
    checkKey(`${field}.partitionKey`, g.partitionKey, 'Index partition key');
    if (g.sortKey) {
      checkKey(`${field}.sortKey`, g.sortKey, 'Index sort key');
      if (g.partitionKey && g.sortKey.name === g.partitionKey.name) {
        add(`${field}.sortKey.name`, `The index sort key must be a different attribute from its partition key ("${g.sortKey.name}").`);
      }
    }
    checkProjection(field, g.projection);
    if (g.capacity) {
      if (provisioned) checkCapacity(g.capacity, `${field}.capacity`, `index "${g.name}"`, add);
      else add(`${field}.capacity`, `Index "${g.name}" has capacity, but the table is on-demand: on-demand indexes take no capacity.`);
    }
  });

  const locals = spec.localIndexes ?? [];
  if (locals.length > LIMITS.localIndexes) {
    add('localIndexes', `A table can have at most ${LIMITS.localIndexes} local secondary indexes (${locals.length} given).`);
  }
  if (locals.length > 0 && !spec.sortKey) {
    add('localIndexes', 'Local secondary indexes need a table with a sort key: add a sort key to the table or use a global index.');
  }
  locals.forEach((l, i) => {
    const field = `localIndexes[${i}]`;
    checkIndexName(field, l.name);
    checkKey(`${field}.sortKey`, l.sortKey, 'Index sort key');
    if (l.sortKey && spec.partitionKey && l.sortKey.name === spec.partitionKey.name) {
      add(`${field}.sortKey.name`, `A local index shares the table's partition key "${spec.partitionKey.name}"; its sort key must be another attribute.`);
    }
    checkProjection(field, l.projection);
  });
  if (projected > LIMITS.projectedAttributes) {
    add('globalIndexes', `INCLUDE projections name ${projected} attributes in all; a table allows at most ${LIMITS.projectedAttributes} over all its indexes.`);
  }

  if (spec.stream !== undefined && !STREAM_VIEW_TYPES.includes(spec.stream)) {
    add('stream', `Stream view type must be one of ${STREAM_VIEW_TYPES.join(', ')}.`);
  }
  if (spec.timeToLiveAttribute !== undefined) {
    add('timeToLiveAttribute', attributeNameProblem(spec.timeToLiveAttribute, 'The time-to-live attribute name'));
  }
  if (spec.tableClass !== undefined && !TABLE_CLASSES.includes(spec.tableClass)) {
    add('tableClass', `Table class must be ${TABLE_CLASSES.join(' or ')}.`);
  }

  const tags = spec.tags ?? [];
  if (tags.length > LIMITS.tags) add('tags', `A table can have at most ${LIMITS.tags} tags (${tags.length} given).`);
  const tagKeys = new Set<string>();
  tags.forEach((t, i) => {
    const field = `tags[${i}]`;
    const keyLength = [...t.key].length;
    if (keyLength < 1 || keyLength > LIMITS.tagKeyMax) add(`${field}.key`, `A tag key must be 1 to ${LIMITS.tagKeyMax} characters long (it has ${keyLength}).`);
    else if (!TAG_PATTERN.test(t.key)) add(`${field}.key`, `Tag key "${t.key}" may contain only letters, digits, spaces and _ . : / = + - @.`);
    else if (t.key.toLowerCase().startsWith('aws:')) add(`${field}.key`, `Tag key "${t.key}" starts with "aws:", which is reserved for AWS.`);
    else if (tagKeys.has(t.key)) add(`${field}.key`, `Tag key "${t.key}" is used twice; each key may appear once.`);
    tagKeys.add(t.key);
    const valueLength = [...t.value].length;
    if (valueLength > LIMITS.tagValueMax) add(`${field}.value`, `A tag value may be at most ${LIMITS.tagValueMax} characters long (it has ${valueLength}).`);
    else if (!TAG_PATTERN.test(t.value)) add(`${field}.value`, `The value of tag "${t.key}" may contain only letters, digits, spaces and _ . : / = + - @.`);
  });
  return problems;
}

function checkCapacity(capacity: CapacitySpec, field: string, what: string, add: (field: string, message: string | undefined) => void): void {
  if (!isPositiveInteger(capacity.readCapacityUnits)) {
    add(`${field}.readCapacityUnits`, `Read capacity of ${what} must be a whole number of at least 1 (got ${capacity.readCapacityUnits}).`);
  }
  if (!isPositiveInteger(capacity.writeCapacityUnits)) {
    add(`${field}.writeCapacityUnits`, `Write capacity of ${what} must be a whole number of at least 1 (got ${capacity.writeCapacityUnits}).`);
  }
}

/** Throws a validation StudioError listing every problem, or returns when there are none. */
export function assertValidSpec(spec: CreateTableSpec): void {
  const problems = validateCreateTableSpec(spec);
  if (problems.length === 0) return;
  const listed = problems.map((p) => `${p.field}: ${p.message}`).join(' ');
  throw new StudioError('validation', `Table "${spec.tableName}" cannot be created as specified. ${listed}`, {
    hint: 'Correct the fields named above, then create it again.',
  });
}

function keySchema(partitionKey: KeyAttributeSpec, sortKey?: KeyAttributeSpec): KeySchemaElement[] {
  const schema: KeySchemaElement[] = [{ AttributeName: partitionKey.name, KeyType: 'HASH' }];
  if (sortKey) schema.push({ AttributeName: sortKey.name, KeyType: 'RANGE' });
  return schema;
}

export function projectionOf(spec: ProjectionSpec): Projection {
  return spec.type === 'INCLUDE' ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...spec.nonKeyAttributes] } : { ProjectionType: spec.type };
}

/** One definition per key attribute, in order of first use. Assumes a validated spec (types agree). */
export function attributeDefinitions(keys: readonly KeyAttributeSpec[]): AttributeDefinition[] {
  const seen = new Map<string, AttributeDefinition>();
  for (const k of keys) if (!seen.has(k.name)) seen.set(k.name, { AttributeName: k.name, AttributeType: k.type });
  return [...seen.values()];
}

export function globalIndexInput(g: GlobalIndexSpec, tableCapacity: CapacitySpec | undefined): GlobalSecondaryIndex {
  const index: GlobalSecondaryIndex = {
    IndexName: g.name,
    KeySchema: keySchema(g.partitionKey, g.sortKey),
    Projection: projectionOf(g.projection),
  };
  const capacity = tableCapacity ? (g.capacity ?? tableCapacity) : undefined;
  if (capacity) index.ProvisionedThroughput = { ReadCapacityUnits: capacity.readCapacityUnits, WriteCapacityUnits: capacity.writeCapacityUnits };
  return index;
}

/** The CreateTable request for a spec; throws a validation StudioError when the spec has problems. */
export function buildCreateTableInput(spec: CreateTableSpec): CreateTableCommandInput {
  assertValidSpec(spec);
  const globals = spec.globalIndexes ?? [];
  const locals = spec.localIndexes ?? [];
  const keys: KeyAttributeSpec[] = [spec.partitionKey, ...(spec.sortKey ? [spec.sortKey] : [])];
  for (const g of globals) keys.push(g.partitionKey, ...(g.sortKey ? [g.sortKey] : []));
  for (const l of locals) keys.push(l.sortKey);
  const tableCapacity = spec.billing.mode === 'PROVISIONED' ? spec.billing : undefined;

  const input: CreateTableCommandInput = {
    TableName: spec.tableName,
    AttributeDefinitions: attributeDefinitions(keys),
    KeySchema: keySchema(spec.partitionKey, spec.sortKey),
    BillingMode: spec.billing.mode,
  };
  if (tableCapacity) {
    input.ProvisionedThroughput = { ReadCapacityUnits: tableCapacity.readCapacityUnits, WriteCapacityUnits: tableCapacity.writeCapacityUnits };
  }
  if (globals.length) input.GlobalSecondaryIndexes = globals.map((g) => globalIndexInput(g, tableCapacity));
  if (locals.length) {
    input.LocalSecondaryIndexes = locals.map(
      (l): LocalSecondaryIndex => ({ IndexName: l.name, KeySchema: keySchema(spec.partitionKey, l.sortKey), Projection: projectionOf(l.projection) }),
    );
  }
  if (spec.stream) input.StreamSpecification = { StreamEnabled: true, StreamViewType: spec.stream };
  if (spec.deletionProtection !== undefined) input.DeletionProtectionEnabled = spec.deletionProtection;
  if (spec.tableClass) input.TableClass = spec.tableClass;
  if (spec.tags?.length) input.Tags = spec.tags.map((t) => ({ Key: t.key, Value: t.value }));
  return input;
}

/** Where the CLI command should point: options added to each `aws` invocation when set. */
export interface CliTarget {
  region?: string;
  profile?: string;
  endpointUrl?: string;
}

/** Quotes a word for POSIX shells (sh, bash, zsh): single quotes, with embedded quotes closed and escaped. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_./:=@%+,-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

function targetArgs(target: CliTarget): string[] {
  const args: string[] = [];
  if (target.region) args.push('--region', target.region);
  if (target.profile) args.push('--profile', target.profile);
  if (target.endpointUrl) args.push('--endpoint-url', target.endpointUrl);
  return args;
}

const json = (value: unknown): string => JSON.stringify(value);

/**
 * The AWS CLI commands that create the same table: `aws dynamodb create-table ...`, and when time to live is
 * asked for, a wait for the table and `aws dynamodb update-time-to-live ...`, joined with `&&`. POSIX-shell quoted.
 */
export function createTableCliCommand(spec: CreateTableSpec, target: CliTarget = {}): string {
  const input = buildCreateTableInput(spec);
  const args: string[] = ['aws', 'dynamodb', 'create-table', '--table-name', input.TableName!];
  args.push('--attribute-definitions', json(input.AttributeDefinitions));
  args.push('--key-schema', json(input.KeySchema));
  args.push('--billing-mode', input.BillingMode!);
  if (input.ProvisionedThroughput) args.push('--provisioned-throughput', json(input.ProvisionedThroughput));
  if (input.GlobalSecondaryIndexes) args.push('--global-secondary-indexes', json(input.GlobalSecondaryIndexes));
  if (input.LocalSecondaryIndexes) args.push('--local-secondary-indexes', json(input.LocalSecondaryIndexes));
  if (input.StreamSpecification) args.push('--stream-specification', json(input.StreamSpecification));
  if (input.DeletionProtectionEnabled !== undefined) args.push(input.DeletionProtectionEnabled ? '--deletion-protection-enabled' : '--no-deletion-protection-enabled');
  if (input.TableClass) args.push('--table-class', input.TableClass);
  if (input.Tags) args.push('--tags', json(input.Tags));
  args.push(...targetArgs(target));
  const commands = [args];
  if (spec.timeToLiveAttribute) {
    commands.push(['aws', 'dynamodb', 'wait', 'table-exists', '--table-name', input.TableName!, ...targetArgs(target)]);
    commands.push([
      'aws', 'dynamodb', 'update-time-to-live', '--table-name', input.TableName!,
      '--time-to-live-specification', json({ Enabled: true, AttributeName: spec.timeToLiveAttribute }),
      ...targetArgs(target),
    ]);
  }
  return commands.map((c) => c.map(shellQuote).join(' ')).join(' && ');
}
