// "Create on DynamoDB Local": a declared table as the Create Table spec, when the file decides everything that
// CreateTable needs. Settings whose value is unknown are named so the person can decide (or fix the file).
import type { StreamViewType, TableClass } from '@aws-sdk/client-dynamodb';
import type { CreateTableSpec, GlobalIndexSpec, KeyAttributeSpec, LocalIndexSpec, ProjectionSpec } from '../table/createTableSpec';
import { isUnknown, isUnsupported, unknownsIn, type IndexModel, type KeyModel, type TableModel, type Unknown, type Unsupported } from './tableModel';

export interface CreatePlan {
  spec: CreateTableSpec;
  /** Settings left out because their declared value is unknown (tags, point-in-time recovery, ...). */
  leftOut: string[];
  /** Declared settings that CreateTable on this path does not set (point-in-time recovery, KMS encryption). */
  notApplied: string[];
}

export class NotCreatable extends Error {
  constructor(readonly unknowns: { path: string; reason: string }[]) {
    super(
      `The table cannot be created as declared: ${unknowns.map((u) => `${u.path} comes from ${u.reason}`).join('; ')}. ` +
        'Give those values literally in the file (or a default) and try again.',
    );
    this.name = 'NotCreatable';
  }
}

const key = (k: KeyModel): KeyAttributeSpec => ({ name: k.name as string, type: k.type as KeyAttributeSpec['type'] });

function projection(i: IndexModel): ProjectionSpec {
  return i.projection.type === 'INCLUDE' ? { type: 'INCLUDE', nonKeyAttributes: [...((i.projection.nonKeyAttributes as string[]) ?? [])] } : { type: i.projection.type as 'ALL' | 'KEYS_ONLY' };
}

/**
 * The CreateTable spec of a declared table, named `tableName` (the declared name, or the one the person chose when
 * the file leaves it unknown). Throws NotCreatable naming every unknown among keys, billing and indexes.
 */
export function createPlanFor(model: TableModel, tableName: string): CreatePlan {
  const required = unknownsIn({
    partitionKey: model.partitionKey,
    sortKey: model.sortKey,
    billingMode: model.billingMode,
    capacity: model.billingMode === 'PROVISIONED' ? model.capacity : undefined,
    globalIndexes: model.globalIndexes,
    localIndexes: model.localIndexes,
  });
  if (required.length) throw new NotCreatable(required);
  const leftOut: string[] = [];
  const notApplied: string[] = [];
  const optional = <T>(v: T | Unknown | Unsupported, what: string): T | undefined => {
    if (isUnsupported(v) || isUnknown(v)) {
      if (isUnknown(v)) leftOut.push(`${what} (from ${v.$unknown})`);
      return undefined;
    }
    const u = unknownsIn(v);
    if (u.length) {
      leftOut.push(`${what} (from ${u[0].reason})`);
      return undefined;
    }
    return v as T;
  };
  const provisioned = model.billingMode === 'PROVISIONED';
  const capacity = provisioned && model.capacity ? { readCapacityUnits: model.capacity.read as number, writeCapacityUnits: model.capacity.write as number } : undefined;
  const spec: CreateTableSpec = {
    tableName,
    partitionKey: key(model.partitionKey),
    billing: capacity ? { mode: 'PROVISIONED', ...capacity } : { mode: 'PAY_PER_REQUEST' },
  };
  if (model.sortKey) spec.sortKey = key(model.sortKey);
  const globals = model.globalIndexes as IndexModel[];
  if (globals.length) {
    spec.globalIndexes = globals.map((g): GlobalIndexSpec => {
      const index: GlobalIndexSpec = { name: g.name as string, partitionKey: key(g.partitionKey!), projection: projection(g) };
      if (g.sortKey) index.sortKey = key(g.sortKey);
      if (provisioned && g.capacity) index.capacity = { readCapacityUnits: g.capacity.read as number, writeCapacityUnits: g.capacity.write as number };
      return index;
    });
  }
  const locals = model.localIndexes as IndexModel[];
  if (locals.length) spec.localIndexes = locals.map((l): LocalIndexSpec => ({ name: l.name as string, sortKey: key(l.sortKey!), projection: projection(l) }));
  const stream = optional(model.stream, 'stream');
  if (stream?.enabled) spec.stream = stream.viewType as StreamViewType;
  const ttl = optional(model.timeToLive, 'time to live');
  if (ttl && ttl.enabled && typeof ttl.attribute === 'string') spec.timeToLiveAttribute = ttl.attribute;
  const deletionProtection = optional(model.deletionProtection, 'deletion protection');
  if (deletionProtection) spec.deletionProtection = true;
  const tableClass = optional(model.tableClass, 'table class');
  if (tableClass && tableClass !== 'STANDARD') spec.tableClass = tableClass as TableClass;
  const tags = optional(model.tags, 'tags');
  if (tags && Object.keys(tags).length) {
    spec.tags = Object.entries(tags).map(([k, v]) => ({ key: k, value: v as string }));
  }
  const pitr = optional(model.pointInTimeRecovery, 'point-in-time recovery');
  if (pitr === true) notApplied.push('point-in-time recovery');
  const encryption = optional(model.encryption, 'encryption');
  if (encryption?.kms) notApplied.push('KMS encryption');
  return { spec, leftOut, notApplied };
}
