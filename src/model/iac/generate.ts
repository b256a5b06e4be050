// The other way: a table model (read from a live table) written as CloudFormation, SAM, CDK (TypeScript) or
// Terraform, so that applying the definition reproduces the table. Settings the endpoint could not tell
// (Unsupported) are left out, so the tool's default applies.
import { isUnknown, isUnsupported, type IndexModel, type KeyModel, type TableModel, type Maybe, type Unsupported } from './tableModel';
import { toYaml, type YamlValue } from './yamlText';

export type GeneratedKind = 'cloudformation' | 'sam' | 'cdk' | 'terraform';

/** A value that is known and supported, else undefined. */
function known<T>(v: Maybe<T> | Unsupported | undefined): T | undefined {
  return v === undefined || isUnknown(v) || isUnsupported(v) ? undefined : v;
}

function need<T>(v: Maybe<T> | undefined, what: string): T {
  if (v === undefined || isUnknown(v)) throw new Error(`The table's ${what} is not known, so no definition can be written.`);
  return v;
}

/** A CloudFormation logical id: letters and digits, starting with a letter. */
export function logicalIdFor(tableName: string): string {
  const words = tableName.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const id = words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  return /^[A-Za-z]/.test(id) ? id : `Table${id}`;
}

/** A Terraform resource name: letters, digits and underscores, starting with a letter or underscore. */
export function terraformNameFor(tableName: string): string {
  const snake = tableName
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
  return /^[a-z_]/.test(snake) ? snake : `table_${snake}`;
}

interface KeyParts {
  name: string;
  type: string;
}

const keyParts = (k: KeyModel, what: string): KeyParts => ({ name: need(k.name, `${what} name`), type: need(k.type, `${what} type`) });

interface Plain {
  name: string;
  partitionKey: KeyParts;
  sortKey?: KeyParts;
  billingMode: string;
  capacity?: { read: number; write: number };
  globalIndexes: PlainIndex[];
  localIndexes: PlainIndex[];
  ttl?: { enabled: boolean; attribute?: string };
  stream?: string;
  pitr?: boolean;
  kms?: { key?: string };
  deletionProtection: boolean;
  tableClass: string;
  tags?: [string, string][];
}

interface PlainIndex {
  name: string;
  partitionKey?: KeyParts;
  sortKey?: KeyParts;
  projection: string;
  nonKeyAttributes: string[];
  capacity?: { read: number; write: number };
}

function plainIndex(i: IndexModel, what: string): PlainIndex {
  const name = need(i.name, `${what} name`);
  const c = i.capacity;
  return {
    name,
    partitionKey: i.partitionKey ? keyParts(i.partitionKey, `index "${name}" partition key`) : undefined,
    sortKey: i.sortKey ? keyParts(i.sortKey, `index "${name}" sort key`) : undefined,
    projection: need(i.projection.type, `index "${name}" projection`),
    nonKeyAttributes: [...(known(i.projection.nonKeyAttributes) ?? [])],
    capacity: c ? { read: need(c.read, 'index read capacity'), write: need(c.write, 'index write capacity') } : undefined,
  };
}

/** The model with every value it needs known; throws when one is not. */
function plain(model: TableModel): Plain {
  const billingMode = need(model.billingMode, 'billing mode');
  const ttl = known(model.timeToLive);
  const stream = known(model.stream);
  const encryption = known(model.encryption);
  const tags = known(model.tags);
  return {
    name: need(model.tableName, 'name'),
    partitionKey: keyParts(model.partitionKey, 'partition key'),
    sortKey: model.sortKey ? keyParts(model.sortKey, 'sort key') : undefined,
    billingMode,
    capacity:
      billingMode === 'PROVISIONED' && model.capacity ? { read: need(model.capacity.read, 'read capacity'), write: need(model.capacity.write, 'write capacity') } : undefined,
    globalIndexes: need(model.globalIndexes, 'global indexes').map((i) => plainIndex(i, 'global index')),
    localIndexes: need(model.localIndexes, 'local indexes').map((i) => plainIndex(i, 'local index')),
    ttl: ttl ? { enabled: ttl.enabled, attribute: known(ttl.attribute) } : undefined,
    stream: stream?.enabled ? known(stream.viewType) : undefined,
    pitr: known(model.pointInTimeRecovery),
    kms: encryption?.kms ? { key: known(encryption.kmsKey) } : undefined,
    deletionProtection: known(model.deletionProtection) ?? false,
    tableClass: known(model.tableClass) ?? 'STANDARD',
    tags: tags ? Object.entries(tags).filter((e): e is [string, string] => typeof e[1] === 'string') : undefined,
  };
}

/** Every key attribute of the table and its indexes, once each, in order of first use. */
function attributeDefinitions(p: Plain): KeyParts[] {
  const all = [p.partitionKey, p.sortKey, ...p.globalIndexes.flatMap((i) => [i.partitionKey, i.sortKey]), ...p.localIndexes.map((i) => i.sortKey)];
  const seen = new Map<string, KeyParts>();
  for (const k of all) if (k && !seen.has(k.name)) seen.set(k.name, k);
  return [...seen.values()];
}

// ---- CloudFormation and SAM --------------------------------------------------------------------------------------

function keySchema(pk: KeyParts | undefined, sk: KeyParts | undefined): YamlValue[] {
  return [...(pk ? [{ AttributeName: pk.name, KeyType: 'HASH' }] : []), ...(sk ? [{ AttributeName: sk.name, KeyType: 'RANGE' }] : [])];
}

function cfnProjection(i: PlainIndex): YamlValue {
  return i.projection === 'INCLUDE' ? { ProjectionType: 'INCLUDE', NonKeyAttributes: i.nonKeyAttributes } : { ProjectionType: i.projection };
}

const throughput = (c: { read: number; write: number }) => ({ ReadCapacityUnits: c.read, WriteCapacityUnits: c.write });

/** The `AWS::DynamoDB::Table` resource of a table. */
export function cloudFormationResource(model: TableModel): { logicalId: string; resource: YamlValue } {
  const p = plain(model);
  const properties: Record<string, YamlValue | undefined> = {
    TableName: p.name,
    AttributeDefinitions: attributeDefinitions(p).map((k) => ({ AttributeName: k.name, AttributeType: k.type })),
    KeySchema: keySchema(p.partitionKey, p.sortKey),
    BillingMode: p.billingMode,
    ProvisionedThroughput: p.capacity ? throughput(p.capacity) : undefined,
    GlobalSecondaryIndexes: p.globalIndexes.length
      ? p.globalIndexes.map((i) => ({
          IndexName: i.name,
          KeySchema: keySchema(i.partitionKey, i.sortKey),
          Projection: cfnProjection(i),
          ProvisionedThroughput: p.capacity && i.capacity ? throughput(i.capacity) : undefined,
        }))
      : undefined,
    LocalSecondaryIndexes: p.localIndexes.length
      ? p.localIndexes.map((i) => ({ IndexName: i.name, KeySchema: keySchema(p.partitionKey, i.sortKey), Projection: cfnProjection(i) }))
      : undefined,
    TimeToLiveSpecification: p.ttl?.enabled ? { AttributeName: p.ttl.attribute ?? '', Enabled: true } : undefined,
    StreamSpecification: p.stream ? { StreamViewType: p.stream } : undefined,
    PointInTimeRecoverySpecification: p.pitr ? { PointInTimeRecoveryEnabled: true } : undefined,
    SSESpecification: p.kms ? { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: p.kms.key } : undefined,
    DeletionProtectionEnabled: p.deletionProtection || undefined,
    TableClass: p.tableClass !== 'STANDARD' ? p.tableClass : undefined,
    Tags: p.tags?.length ? p.tags.map(([Key, Value]) => ({ Key, Value })) : undefined,
  };
  return { logicalId: logicalIdFor(p.name), resource: { Type: 'AWS::DynamoDB::Table', DeletionPolicy: 'Retain', Properties: properties } };
}

export function cloudFormationTemplate(model: TableModel, sam = false): string {
  const { logicalId, resource } = cloudFormationResource(model);
  const template: Record<string, YamlValue> = { AWSTemplateFormatVersion: '2010-09-09' };
  if (sam) template.Transform = 'AWS::Serverless-2016-10-31';
  template.Description = `DynamoDB table ${String(model.tableName)}`;
  template.Resources = { [logicalId]: resource };
  return toYaml(template);
}

// ---- CDK (TypeScript) --------------------------------------------------------------------------------------------

const CDK_TYPES: Record<string, string> = { S: 'STRING', N: 'NUMBER', B: 'BINARY' };
const ts = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\r/g, '\\r').replace(/\n/g, '\\n')}'`;
const cdkKey = (k: KeyParts) => `{ name: ${ts(k.name)}, type: dynamodb.AttributeType.${CDK_TYPES[k.type] ?? 'STRING'} }`;

function cdkIndexProps(i: PlainIndex, indent: string): string[] {
  const out = [`${indent}indexName: ${ts(i.name)},`];
  if (i.partitionKey) out.push(`${indent}partitionKey: ${cdkKey(i.partitionKey)},`);
  if (i.sortKey) out.push(`${indent}sortKey: ${cdkKey(i.sortKey)},`);
  out.push(`${indent}projectionType: dynamodb.ProjectionType.${i.projection},`);
  if (i.projection === 'INCLUDE') out.push(`${indent}nonKeyAttributes: [${i.nonKeyAttributes.map(ts).join(', ')}],`);
  if (i.capacity) out.push(`${indent}readCapacity: ${i.capacity.read},`, `${indent}writeCapacity: ${i.capacity.write},`);
  return out;
}

export function cdkTypeScript(model: TableModel): string {
  const p = plain(model);
  const id = logicalIdFor(p.name);
  const i4 = '      ';
  const props: string[] = [`${i4}tableName: ${ts(p.name)},`, `${i4}partitionKey: ${cdkKey(p.partitionKey)},`];
  if (p.sortKey) props.push(`${i4}sortKey: ${cdkKey(p.sortKey)},`);
  props.push(`${i4}billingMode: dynamodb.BillingMode.${p.billingMode},`);
  if (p.capacity) props.push(`${i4}readCapacity: ${p.capacity.read},`, `${i4}writeCapacity: ${p.capacity.write},`);
  if (p.ttl?.enabled && p.ttl.attribute) props.push(`${i4}timeToLiveAttribute: ${ts(p.ttl.attribute)},`);
  if (p.stream) props.push(`${i4}stream: dynamodb.StreamViewType.${p.stream},`);
  if (p.pitr) props.push(`${i4}pointInTimeRecovery: true,`);
  if (p.kms) {
    props.push(
      p.kms.key
        ? `${i4}encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,\n${i4}encryptionKey: kms.Key.fromKeyArn(this, ${ts(`${id}Key`)}, ${ts(p.kms.key)}),`
        : `${i4}encryption: dynamodb.TableEncryption.AWS_MANAGED,`,
    );
  }
  if (p.deletionProtection) props.push(`${i4}deletionProtection: true,`);
  if (p.tableClass !== 'STANDARD') props.push(`${i4}tableClass: dynamodb.TableClass.${p.tableClass},`);
  props.push(`${i4}removalPolicy: cdk.RemovalPolicy.RETAIN,`);
  const body: string[] = [`    const table = new dynamodb.Table(this, ${ts(id)}, {`, ...props, '    });'];
  for (const g of p.globalIndexes) body.push('    table.addGlobalSecondaryIndex({', ...cdkIndexProps(g, i4), '    });');
  for (const l of p.localIndexes) body.push('    table.addLocalSecondaryIndex({', ...cdkIndexProps({ ...l, partitionKey: undefined }, i4), '    });');
  for (const [k, v] of p.tags ?? []) body.push(`    cdk.Tags.of(table).add(${ts(k)}, ${ts(v)});`);
  const imports = ["import * as cdk from 'aws-cdk-lib';", "import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';"];
  if (p.kms?.key) imports.push("import * as kms from 'aws-cdk-lib/aws-kms';");
  imports.push("import { Construct } from 'constructs';");
  return [
    ...imports,
    '',
    `export class ${id}Stack extends cdk.Stack {`,
    '  constructor(scope: Construct, id: string, props?: cdk.StackProps) {',
    '    super(scope, id, props);',
    ...body,
    '  }',
    '}',
    '',
  ].join('\n');
}

// ---- Terraform ---------------------------------------------------------------------------------------------------

/** An HCL string literal: JSON escapes, plus `${` and `%{` doubled so they are not templates. */
export const hclString = (s: string): string => JSON.stringify(s).replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');

function hclBlock(name: string, attrs: [string, string][], indent: string): string[] {
  const width = Math.max(...attrs.map(([k]) => k.length));
  return [`${indent}${name} {`, ...attrs.map(([k, v]) => `${indent}  ${k.padEnd(width)} = ${v}`), `${indent}}`];
}

function tfIndex(i: PlainIndex, local: boolean): [string, string][] {
  const attrs: [string, string][] = [['name', hclString(i.name)]];
  if (!local && i.partitionKey) attrs.push(['hash_key', hclString(i.partitionKey.name)]);
  if (i.sortKey) attrs.push(['range_key', hclString(i.sortKey.name)]);
  attrs.push(['projection_type', hclString(i.projection)]);
  if (i.projection === 'INCLUDE') attrs.push(['non_key_attributes', `[${i.nonKeyAttributes.map(hclString).join(', ')}]`]);
  if (i.capacity) attrs.push(['read_capacity', String(i.capacity.read)], ['write_capacity', String(i.capacity.write)]);
  return attrs;
}

export function terraformResource(model: TableModel): string {
  const p = plain(model);
  const top: [string, string][] = [['name', hclString(p.name)], ['billing_mode', hclString(p.billingMode)]];
  if (p.capacity) top.push(['read_capacity', String(p.capacity.read)], ['write_capacity', String(p.capacity.write)]);
  top.push(['hash_key', hclString(p.partitionKey.name)]);
  if (p.sortKey) top.push(['range_key', hclString(p.sortKey.name)]);
  if (p.tableClass !== 'STANDARD') top.push(['table_class', hclString(p.tableClass)]);
  if (p.deletionProtection) top.push(['deletion_protection_enabled', 'true']);
  if (p.stream) top.push(['stream_enabled', 'true'], ['stream_view_type', hclString(p.stream)]);
  const width = Math.max(...top.map(([k]) => k.length));
  const lines: string[] = [`resource "aws_dynamodb_table" "${terraformNameFor(p.name)}" {`, ...top.map(([k, v]) => `  ${k.padEnd(width)} = ${v}`)];
  for (const a of attributeDefinitions(p)) lines.push('', ...hclBlock('attribute', [['name', hclString(a.name)], ['type', hclString(a.type)]], '  '));
  for (const g of p.globalIndexes) lines.push('', ...hclBlock('global_secondary_index', tfIndex(g, false), '  '));
  for (const l of p.localIndexes) lines.push('', ...hclBlock('local_secondary_index', tfIndex(l, true), '  '));
  if (p.ttl?.enabled) lines.push('', ...hclBlock('ttl', [['attribute_name', hclString(p.ttl.attribute ?? '')], ['enabled', 'true']], '  '));
  if (p.pitr) lines.push('', ...hclBlock('point_in_time_recovery', [['enabled', 'true']], '  '));
  if (p.kms) {
    const attrs: [string, string][] = [['enabled', 'true']];
    if (p.kms.key) attrs.push(['kms_key_arn', hclString(p.kms.key)]);
    lines.push('', ...hclBlock('server_side_encryption', attrs, '  '));
  }
  if (p.tags?.length) lines.push('', ...hclBlock('tags', p.tags.map(([k, v]) => [hclString(k), hclString(v)]), '  ').map((l, i) => (i === 0 ? '  tags = {' : l)));
  lines.push('}', '');
  return lines.join('\n');
}

/** The definition of a table in the chosen language. */
export function generateDefinition(kind: GeneratedKind, model: TableModel): string {
  switch (kind) {
    case 'cloudformation':
      return cloudFormationTemplate(model);
    case 'sam':
      return cloudFormationTemplate(model, true);
    case 'cdk':
      return cdkTypeScript(model);
    case 'terraform':
      return terraformResource(model);
  }
}
