// The query builder's model: plain JSON data that travels over the webview protocol and into history, and its
// validation against a table description with problems placed on the field they are about.
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import { keyAttributes, type KeyAttribute } from '../table/tableInfo';
import { decodeBase64 } from '../items/base64';
import { ATTRIBUTE_TYPES, type AttributeType } from '../items/model';
import { checkDynamoNumber } from '../items/numbers';
import { shortText } from '../items/positions';
import { parsePath } from './pathParser';
import type { AttributeValue } from '../items/types';

/** Types a value typed into the builder can have. Numbers stay exact decimal text; binary is base64. */
export const VALUE_TYPES = ['S', 'N', 'B', 'BOOL', 'NULL'] as const satisfies readonly AttributeType[];
export type ValueType = (typeof VALUE_TYPES)[number];

export interface TypedValue {
  value: string;
  type: ValueType;
}

export type SortKeyOperator = '=' | '<' | '<=' | '>' | '>=' | 'BETWEEN' | 'begins_with';
export const SORT_KEY_OPERATORS: readonly SortKeyOperator[] = ['=', '<', '<=', '>', '>=', 'BETWEEN', 'begins_with'];

export type FilterOperator =
  | '='
  | '<>'
  | '<'
  | '<='
  | '>'
  | '>='
  | 'BETWEEN'
  | 'IN'
  | 'begins_with'
  | 'contains'
  | 'attribute_exists'
  | 'attribute_not_exists'
  | 'attribute_type';
export const FILTER_OPERATORS: readonly FilterOperator[] = [
  '=', '<>', '<', '<=', '>', '>=', 'BETWEEN', 'IN', 'begins_with', 'contains', 'attribute_exists', 'attribute_not_exists', 'attribute_type',
];

/** Type names attribute_type accepts: every AttributeValue type. */
export const ATTRIBUTE_TYPE_NAMES = ATTRIBUTE_TYPES;

export interface SortKeyCondition {
  /** The sort key attribute of the table or index queried. */
  name: string;
  op: SortKeyOperator;
  type: ValueType;
  value: string;
  /** Upper bound of BETWEEN. */
  value2?: string;
}

export interface PartitionKeyValue {
  /** The partition key attribute of the table or index queried. */
  name: string;
  type: ValueType;
  value: string;
}

export interface FilterCondition {
  /** Attribute path in the syntax of pathParser.ts, e.g. `a.b[0].c` or `"with.dot".x`. */
  path: string;
  op: FilterOperator;
  /**
   * Operands: one for comparisons, begins_with, contains and attribute_type (a type name such as SS), two for
   * BETWEEN, one or more for IN, none for attribute_exists and attribute_not_exists.
   */
  values: string[];
  /** Type of the operands; S when omitted. With `size`, operands are numbers whatever this says. */
  type?: ValueType;
  /** Compare size(path) instead of the value: string length, bytes, or number of elements. */
  size?: boolean;
  /** Wrap the condition in NOT ( ). */
  not?: boolean;
}

export type QueryKind = 'scan' | 'query' | 'partiql';

export interface QuerySpec {
  kind: QueryKind;
  table: string;
  /** A GSI or LSI name; the table itself when omitted. */
  index?: string;
  partitionKey?: PartitionKeyValue;
  sortKey?: SortKeyCondition;
  filters: FilterCondition[];
  filterJoin: 'AND' | 'OR';
  /** Attribute paths to return; all attributes when omitted or empty. */
  projection?: string[];
  /** Query order: ascending by sort key unless false. */
  scanIndexForward?: boolean;
  /** Items DynamoDB evaluates per request (its Limit); DynamoDB's 1 MB page when omitted. */
  pageSize?: number;
  consistentRead?: boolean;
  /** Parallel scan segments (TotalSegments); 1 or omitted for a plain scan. */
  segments?: number;
  /** The PartiQL statement of kind 'partiql'. */
  statement?: string;
  /** Values of the statement's `?` parameters, in order (notebook variables; the viewer sends none). */
  parameters?: AttributeValue[];
}

export interface SpecProblem {
  /** The field the problem is about, e.g. `sortKey.value2`, `filters[2].values[0]`, `pageSize`. */
  field: string;
  message: string;
}

export const MAX_SEGMENTS = 1_000_000;
export const MAX_IN_VALUES = 100;

/** One choice of the index picker: the table itself or one of its secondary indexes, with its keys. */
export interface IndexChoice {
  /** undefined for the table itself. */
  index?: string;
  kind: 'table' | 'GSI' | 'LSI';
  label: string;
  partitionKey?: KeyAttribute;
  sortKey?: KeyAttribute;
  consistentReadAllowed: boolean;
  projectionType: string;
}

/** The table and each GSI and LSI with its keys, table first. */
export function indexChoices(table: TableDescription): IndexChoice[] {
  const describe = (keys: KeyAttribute[]) => keys.map((k) => `${k.name} (${k.type})`).join(', ');
  const choice = (kind: IndexChoice['kind'], index: string | undefined, keys: KeyAttribute[], projectionType: string): IndexChoice => ({
    index,
    kind,
    label: `${kind === 'table' ? 'Table' : `${kind} ${index}`}: ${describe(keys)}`,
    partitionKey: keys.find((k) => k.role === 'partition'),
    sortKey: keys.find((k) => k.role === 'sort'),
    consistentReadAllowed: kind !== 'GSI',
    projectionType,
  });
  const defs = table.AttributeDefinitions;
  const byName = (a: { IndexName?: string }, b: { IndexName?: string }) => (a.IndexName ?? '').localeCompare(b.IndexName ?? '');
  return [
    choice('table', undefined, keyAttributes(table.KeySchema, defs), 'ALL'),
    ...[...(table.GlobalSecondaryIndexes ?? [])].sort(byName).map((g) => choice('GSI', g.IndexName, keyAttributes(g.KeySchema, defs), g.Projection?.ProjectionType ?? 'ALL')),
    ...[...(table.LocalSecondaryIndexes ?? [])].sort(byName).map((l) => choice('LSI', l.IndexName, keyAttributes(l.KeySchema, defs), l.Projection?.ProjectionType ?? 'ALL')),
  ];
}

export function findIndexChoice(table: TableDescription, index: string | undefined): IndexChoice | undefined {
  return indexChoices(table).find((c) => c.index === index);
}

/** A fresh spec for a table: a scan with no conditions. */
export function newQuerySpec(table: string, kind: QueryKind = 'scan'): QuerySpec {
  return { kind, table, filters: [], filterJoin: 'AND' };
}

/** A query on the table or an index with the key names and types filled in from the description. */
export function newKeyQuery(table: TableDescription, index: string | undefined, partitionValue: string): QuerySpec {
  const choice = findIndexChoice(table, index);
  const pk = choice?.partitionKey;
  return {
    ...newQuerySpec(table.TableName ?? '', 'query'),
    index,
    partitionKey: pk ? { name: pk.name, type: keyValueType(pk.type), value: partitionValue } : undefined,
  };
}

function keyValueType(type: string): ValueType {
  return type === 'N' || type === 'B' ? type : 'S';
}

/** Why a typed value cannot be sent as that type, or undefined when it can. */
export function valueProblem(value: string, type: ValueType): string | undefined {
  switch (type) {
    case 'S':
      return undefined;
    case 'N': {
      const check = checkDynamoNumber(value.trim());
      return check.ok ? undefined : `'${shortText(value)}' is not a number: ${check.reason}`;
    }
    case 'B': {
      const decoded = decodeBase64(value.trim());
      return decoded.ok ? undefined : `'${shortText(value)}' is not base64 binary: ${decoded.reason}.`;
    }
    case 'BOOL':
      return /^(true|false)$/i.test(value.trim()) ? undefined : `'${shortText(value)}' is not a boolean: write true or false.`;
    case 'NULL':
      return undefined;
    default:
      return `Unknown value type '${String(type)}': use one of ${VALUE_TYPES.join(', ')}.`;
  }
}

const COMPARISONS = new Set<FilterOperator>(['=', '<>', '<', '<=', '>', '>=']);

/** How many operands an operator takes: [min, max]. */
export function operandCount(op: FilterOperator | SortKeyOperator): [number, number] {
  switch (op) {
    case 'BETWEEN':
      return [2, 2];
    case 'IN':
      return [1, MAX_IN_VALUES];
    case 'attribute_exists':
    case 'attribute_not_exists':
      return [0, 0];
    default:
      return [1, 1];
  }
}

/**
 * Everything that would make the request fail or mean something else than it says, each with the field it is about.
 * An empty list means the spec can run. The table description gives the key schema and the indexes.
 */
export function validateQuerySpec(spec: QuerySpec, table: TableDescription): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  if (spec.kind !== 'scan' && spec.kind !== 'query' && spec.kind !== 'partiql') {
    add('kind', `Unknown operation '${String(spec.kind)}': choose Scan, Query or PartiQL.`);
    return problems;
  }
  if (spec.kind === 'partiql') {
    if (!spec.statement || spec.statement.trim().length === 0) add('statement', 'The PartiQL statement is empty. Write one, such as SELECT * FROM "table".');
    checkPageSize(spec, add);
    return problems;
  }
  if (!spec.table) add('table', 'No table is chosen.');
  else if (table.TableName && spec.table !== table.TableName) add('table', `The spec is for table ${spec.table}, but the description is of ${table.TableName}.`);

  const choice = findIndexChoice(table, spec.index);
  if (!choice) {
    add('index', `The table ${table.TableName} has no index named ${spec.index}. Pick one of: ${indexChoices(table).map((c) => c.index ?? 'the table').join(', ')}.`);
  }
  const where = spec.index ? `index ${spec.index}` : `table ${table.TableName}`;

  if (spec.consistentRead && choice?.kind === 'GSI') {
    add('consistentRead', 'Consistent reads are not allowed on a global secondary index. Turn consistent read off, or query the table or a local index.');
  }

  if (spec.kind === 'query') {
    const pkKey = choice?.partitionKey;
    if (!spec.partitionKey) {
      add('partitionKey', `A query needs a partition key value${pkKey ? ` for ${pkKey.name}` : ''}. Give one, or run a scan instead.`);
    } else if (pkKey) {
      checkKeyValue('partitionKey', 'partition', where, pkKey, spec.partitionKey.name, spec.partitionKey.type, [spec.partitionKey.value], add);
    }
    if (spec.sortKey) {
      const skKey = choice?.sortKey;
      const sk = spec.sortKey;
      if (choice && !skKey) {
        add('sortKey', `The ${where} has no sort key, so there is nothing to compare. Remove the sort key condition.`);
      } else if (!(SORT_KEY_OPERATORS as readonly string[]).includes(sk.op)) {
        add('sortKey.op', `Unknown sort key operator '${String(sk.op)}': use one of ${SORT_KEY_OPERATORS.join(', ')}.`);
      } else if (skKey) {
        const values = sk.op === 'BETWEEN' ? [sk.value, sk.value2 ?? ''] : [sk.value];
        if (sk.op === 'BETWEEN' && (sk.value2 === undefined || sk.value2 === '')) add('sortKey.value2', 'BETWEEN needs two values: the lower and the upper bound.');
        if (sk.op === 'begins_with' && skKey.type === 'N') add('sortKey.op', `begins_with works on strings and binary; the sort key ${skKey.name} of the ${where} is a number. Use a comparison or BETWEEN.`);
        checkKeyValue('sortKey', 'sort', where, skKey, sk.name, sk.type, values.filter((v, i) => i === 0 || v !== ''), add);
      }
    }
    if (spec.segments !== undefined && spec.segments !== 1) add('segments', 'Parallel segments apply to scans only. Remove them or run a scan.');
  } else {
    if (spec.partitionKey) add('partitionKey', 'A scan reads the whole table and takes no partition key. Run a query to use one, or remove it.');
    if (spec.sortKey) add('sortKey', 'A scan takes no sort key condition. Run a query to use one, or turn it into a filter.');
    if (spec.segments !== undefined && !(Number.isInteger(spec.segments) && spec.segments >= 1 && spec.segments <= MAX_SEGMENTS)) {
      add('segments', `Parallel segments must be a whole number from 1 to ${MAX_SEGMENTS.toLocaleString('en-US')}.`);
    }
    if (spec.scanIndexForward === false) add('scanIndexForward', 'A scan has no order to reverse. Run a query to read in descending order.');
  }

  if (spec.filterJoin !== 'AND' && spec.filterJoin !== 'OR') add('filterJoin', `Filters are joined with AND or OR, not '${String(spec.filterJoin)}'.`);
  const keyNames = new Set([choice?.partitionKey?.name, choice?.sortKey?.name].filter((n): n is string => !!n));
  spec.filters.forEach((filter, i) => checkFilter(filter, `filters[${i}]`, spec.kind === 'query' ? keyNames : new Set(), add));

  (spec.projection ?? []).forEach((path, i) => {
    const parsed = parsePath(path);
    if (!parsed.ok) add(`projection[${i}]`, `Projection ${i + 1}: ${parsed.problem.message}`);
  });
  checkPageSize(spec, add);
  return problems;
}

function checkPageSize(spec: QuerySpec, add: (field: string, message: string) => void): void {
  if (spec.pageSize !== undefined && !(Number.isInteger(spec.pageSize) && spec.pageSize >= 1)) {
    add('pageSize', `The page size must be a whole number of 1 or more, not ${spec.pageSize}.`);
  }
}

function checkKeyValue(
  field: string,
  role: 'partition' | 'sort',
  where: string,
  key: KeyAttribute,
  givenName: string,
  givenType: ValueType,
  values: string[],
  add: (field: string, message: string) => void,
): void {
  if (givenName !== key.name) {
    add(`${field}.name`, `The ${role} key of the ${where} is ${key.name} (${key.type}), not ${shortText(givenName)}.`);
    return;
  }
  values.forEach((value, i) => {
    const valueField = `${field}.${i === 0 ? 'value' : 'value2'}`;
    if (givenType !== key.type) {
      add(`${field}.type`, `The ${role} key of the ${where} is ${key.name} (${key.type}); a ${givenType} value never matches it. Choose type ${key.type}.`);
      return;
    }
    if (value === '' && key.type !== 'N') {
      add(valueField, `The ${role} key ${key.name} cannot be compared with an empty ${key.type === 'S' ? 'string' : 'value'}: key values are never empty. Type a value.`);
      return;
    }
    const bad = valueProblem(value, key.type as ValueType);
    if (bad) add(valueField, `The ${role} key of the ${where} is ${key.name} (${key.type}); ${bad}`);
  });
}

function checkFilter(filter: FilterCondition, field: string, keyNames: ReadonlySet<string>, add: (field: string, message: string) => void): void {
  const n = Number(field.slice(8, -1)) + 1;
  const label = `Filter ${n}`;
  const parsed = parsePath(filter.path ?? '');
  if (!parsed.ok) add(`${field}.path`, `${label}: ${parsed.problem.message}`);
  else if (parsed.segments.length === 1 && keyNames.has(parsed.segments[0] as string)) {
    add(`${field}.path`, `${label}: ${parsed.segments[0]} is a key attribute of what is queried; DynamoDB refuses key attributes in a filter. Put the condition in the key fields.`);
  }
  if (!(FILTER_OPERATORS as readonly string[]).includes(filter.op)) {
    add(`${field}.op`, `${label}: unknown operator '${String(filter.op)}'. Use one of ${FILTER_OPERATORS.join(', ')}.`);
    return;
  }
  const values = filter.values ?? [];
  const [min, max] = operandCount(filter.op);
  if (values.length < min || values.length > max) {
    const need =
      filter.op === 'BETWEEN'
        ? 'BETWEEN needs two values: the lower and the upper bound'
        : filter.op === 'IN'
          ? `IN needs from 1 to ${MAX_IN_VALUES} values`
          : min === 0
            ? `${filter.op} takes no value`
            : `${filter.op} needs one value`;
    add(`${field}.values`, `${label}: ${need}; ${values.length} given.`);
    return;
  }
  if (filter.size) {
    if (!COMPARISONS.has(filter.op) && filter.op !== 'BETWEEN' && filter.op !== 'IN') {
      add(`${field}.size`, `${label}: size() can be compared with =, <>, <, <=, >, >=, BETWEEN or IN, not ${filter.op}.`);
      return;
    }
    values.forEach((v, i) => {
      const bad = valueProblem(v, 'N');
      if (bad) add(`${field}.values[${i}]`, `${label}: size() is a number; ${bad}`);
    });
    return;
  }
  if (filter.op === 'attribute_type') {
    if (!(ATTRIBUTE_TYPE_NAMES as readonly string[]).includes(values[0])) {
      add(`${field}.values[0]`, `${label}: '${shortText(values[0])}' is not a DynamoDB type. Use one of ${ATTRIBUTE_TYPE_NAMES.join(', ')}.`);
    }
    return;
  }
  const type = filter.type ?? 'S';
  if (!(VALUE_TYPES as readonly string[]).includes(type)) {
    add(`${field}.type`, `${label}: unknown value type '${String(type)}'. Use one of ${VALUE_TYPES.join(', ')}.`);
    return;
  }
  if ((filter.op === 'begins_with') && type !== 'S' && type !== 'B') {
    add(`${field}.type`, `${label}: begins_with compares strings or binary, not ${type}.`);
  }
  if (type === 'BOOL' || type === 'NULL') {
    if (filter.op !== '=' && filter.op !== '<>' && filter.op !== 'IN' && filter.op !== 'contains') {
      add(`${field}.op`, `${label}: ${type} values can only be tested with =, <>, IN or contains.`);
    }
  }
  values.forEach((v, i) => {
    const bad = valueProblem(v, type);
    if (bad) add(`${field}.values[${i}]`, `${label}: ${bad}`);
  });
}
