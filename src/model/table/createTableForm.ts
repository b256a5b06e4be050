// The Create Table form as a person fills it in (every field as typed), turned into a CreateTableSpec with every
// problem tied to the field that shows it, and the `aws dynamodb create-table …` line it will run. Runs in the
// webview (checks while typing) and in the extension (checks again before anything is sent).
import {
  createTableCliCommand,
  validateCreateTableSpec,
  type CliTarget,
  type CreateTableSpec,
  type GlobalIndexSpec,
  type KeyAttributeSpec,
  type LocalIndexSpec,
  type ProjectionSpec,
  type ScalarAttributeType,
  type SpecProblem,
  type TagSpec,
} from './createTableSpec';
import type { StreamViewType, TableClass } from '@aws-sdk/client-dynamodb';

export type ProjectionType = 'ALL' | 'KEYS_ONLY' | 'INCLUDE';

export interface KeyFieldForm {
  name: string;
  type: ScalarAttributeType;
}

export interface GlobalIndexForm {
  name: string;
  partitionKey: KeyFieldForm;
  /** An empty name: no sort key. */
  sortKey: KeyFieldForm;
  projection: ProjectionType;
  /** Attribute names separated by commas, for an INCLUDE projection. */
  include: string;
}

export interface LocalIndexForm {
  name: string;
  sortKey: KeyFieldForm;
  projection: ProjectionType;
  include: string;
}

export interface CreateTableForm {
  tableName: string;
  partitionKey: KeyFieldForm;
  /** An empty name: no sort key. */
  sortKey: KeyFieldForm;
  billing: 'PAY_PER_REQUEST' | 'PROVISIONED';
  /** Capacity units as typed; used when billing is PROVISIONED (global indexes get the same). */
  readCapacity: string;
  writeCapacity: string;
  globalIndexes: GlobalIndexForm[];
  localIndexes: LocalIndexForm[];
  /** '' for no stream. */
  stream: '' | StreamViewType;
  /** '' for no time to live. */
  timeToLiveAttribute: string;
  deletionProtection: boolean;
  tableClass: TableClass;
  /** `key=value` pairs separated by commas (tag values cannot hold commas). */
  tags: string;
}

/** Where the table will be made: what the name is checked against and what the CLI line points at. */
export interface CreateTableContext {
  /** Tables the connection already lists in the region. */
  existingTables: readonly string[];
  /** "Local / us-east-1", for messages. */
  location: string;
  target?: CliTarget;
}

export interface FormCheck {
  spec: CreateTableSpec;
  /** Every problem, each with the spec field that shows it (e.g. `globalIndexes[0].partitionKey.name`). */
  problems: SpecProblem[];
  /** The command line it will run, when there are no problems. */
  cliLine?: string;
}

export function emptyCreateTableForm(): CreateTableForm {
  return {
    tableName: '',
    partitionKey: { name: '', type: 'S' },
    sortKey: { name: '', type: 'S' },
    billing: 'PAY_PER_REQUEST',
    readCapacity: '5',
    writeCapacity: '5',
    globalIndexes: [],
    localIndexes: [],
    stream: '',
    timeToLiveAttribute: '',
    deletionProtection: false,
    tableClass: 'STANDARD',
    tags: '',
  };
}

export function emptyGlobalIndexForm(): GlobalIndexForm {
  return { name: '', partitionKey: { name: '', type: 'S' }, sortKey: { name: '', type: 'S' }, projection: 'ALL', include: '' };
}

export function emptyLocalIndexForm(): LocalIndexForm {
  return { name: '', sortKey: { name: '', type: 'S' }, projection: 'ALL', include: '' };
}

/** The names in a comma-separated list, trimmed, empty entries dropped. */
export function splitNameList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** `key=value, key2=value2` as tags; a pair without "=" is a key with an empty value. */
export function parseTags(text: string): TagSpec[] {
  return splitNameList(text).map((pair) => {
    const at = pair.indexOf('=');
    return at < 0 ? { key: pair, value: '' } : { key: pair.slice(0, at).trim(), value: pair.slice(at + 1).trim() };
  });
}

const key = (k: KeyFieldForm): KeyAttributeSpec => ({ name: k.name.trim(), type: k.type });
const optionalKey = (k: KeyFieldForm): KeyAttributeSpec | undefined => (k.name.trim() ? key(k) : undefined);

function projection(type: ProjectionType, include: string): ProjectionSpec {
  return type === 'INCLUDE' ? { type, nonKeyAttributes: splitNameList(include) } : { type };
}

/** Whole capacity units as typed, or NaN for anything else ("5.5", "", "five"). */
function units(text: string): number {
  return /^\s*\d{1,12}\s*$/.test(text) ? Number(text) : Number.NaN;
}

/** The spec the form describes; names are trimmed, an empty sort key name means no sort key. */
export function specFromForm(form: CreateTableForm): CreateTableSpec {
  const spec: CreateTableSpec = {
    tableName: form.tableName.trim(),
    partitionKey: key(form.partitionKey),
    billing: form.billing === 'PROVISIONED' ? { mode: 'PROVISIONED', readCapacityUnits: units(form.readCapacity), writeCapacityUnits: units(form.writeCapacity) } : { mode: 'PAY_PER_REQUEST' },
  };
  const sortKey = optionalKey(form.sortKey);
  if (sortKey) spec.sortKey = sortKey;
  if (form.globalIndexes.length) {
    spec.globalIndexes = form.globalIndexes.map((g): GlobalIndexSpec => {
      const index: GlobalIndexSpec = { name: g.name.trim(), partitionKey: key(g.partitionKey), projection: projection(g.projection, g.include) };
      const sk = optionalKey(g.sortKey);
      if (sk) index.sortKey = sk;
      return index;
    });
  }
  if (form.localIndexes.length) {
    spec.localIndexes = form.localIndexes.map((l): LocalIndexSpec => ({ name: l.name.trim(), sortKey: key(l.sortKey), projection: projection(l.projection, l.include) }));
  }
  if (form.stream) spec.stream = form.stream;
  const ttl = form.timeToLiveAttribute.trim();
  if (ttl) spec.timeToLiveAttribute = ttl;
  // Only what differs from DynamoDB's defaults, so the CLI line stays as short as the table allows.
  if (form.deletionProtection) spec.deletionProtection = true;
  if (form.tableClass !== 'STANDARD') spec.tableClass = form.tableClass;
  const tags = parseTags(form.tags);
  if (tags.length) spec.tags = tags;
  return spec;
}

/**
 * The form checked as a whole: DynamoDB's rules (names, key types that agree, index consistency, capacity) and the
 * table name against the tables that already exist there. With no problems, also the AWS CLI line.
 */
export function checkCreateTableForm(form: CreateTableForm, context: CreateTableContext): FormCheck {
  const spec = specFromForm(form);
  const problems: SpecProblem[] = [];
  const name = spec.tableName;
  if (name && context.existingTables.includes(name)) {
    problems.push({ field: 'tableName', message: `A table named "${name}" already exists in ${context.location}: choose another name.` });
  }
  for (const p of validateCreateTableSpec(spec)) {
    if (p.field === 'tableName' && problems.some((q) => q.field === 'tableName')) continue;
    problems.push(p.field.startsWith('billing.') && p.field.endsWith('CapacityUnits') ? { ...p, message: capacityMessage(p.field, form) } : p);
  }
  return problems.length ? { spec, problems } : { spec, problems, cliLine: createTableCliCommand(spec, context.target) };
}

function capacityMessage(field: string, form: CreateTableForm): string {
  const read = field.endsWith('readCapacityUnits');
  const typed = read ? form.readCapacity : form.writeCapacity;
  return `${read ? 'Read' : 'Write'} capacity must be a whole number of at least 1 (not ${JSON.stringify(typed.trim())}); global indexes get the same capacity.`;
}
