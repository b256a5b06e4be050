// A live table (DescribeTable, DescribeTimeToLive, DescribeContinuousBackups, ListTagsOfResource) as a table model.
import type {
  AttributeDefinition,
  ContinuousBackupsDescription,
  KeySchemaElement,
  Projection,
  TableClass,
  TableDescription,
  Tag,
  TimeToLiveDescription,
} from '@aws-sdk/client-dynamodb';
import {
  unsupportedValue,
  type AttributeType,
  type IndexModel,
  type KeyModel,
  type ProjectionModel,
  type TableModel,
} from './tableModel';
import type { DescribeSection } from '../table/tableInfo';

export interface LiveTable {
  table: TableDescription;
  timeToLive: DescribeSection<TimeToLiveDescription>;
  continuousBackups: DescribeSection<ContinuousBackupsDescription>;
  tags: DescribeSection<Tag[]>;
}

function keysOf(schema: readonly KeySchemaElement[] | undefined, definitions: readonly AttributeDefinition[] | undefined): { partition?: KeyModel; sort?: KeyModel } {
  const types = new Map((definitions ?? []).map((d) => [d.AttributeName, d.AttributeType as AttributeType]));
  const key = (role: 'HASH' | 'RANGE'): KeyModel | undefined => {
    const k = (schema ?? []).find((e) => e.KeyType === role);
    return k?.AttributeName ? { name: k.AttributeName, type: types.get(k.AttributeName) ?? 'S' } : undefined;
  };
  return { partition: key('HASH'), sort: key('RANGE') };
}

function projectionOf(p: Projection | undefined): ProjectionModel {
  const type = (p?.ProjectionType ?? 'ALL') as ProjectionModel['type'];
  return type === 'INCLUDE' ? { type, nonKeyAttributes: [...(p?.NonKeyAttributes ?? [])] } : { type };
}

/** True when a live `aws:` tag, which AWS tools set themselves, should be left out of the compare. */
export const isAwsTag = (key: string): boolean => key.toLowerCase().startsWith('aws:');

export function liveTableModel(live: LiveTable): TableModel {
  const t = live.table;
  const keys = keysOf(t.KeySchema, t.AttributeDefinitions);
  const billingMode = t.BillingModeSummary?.BillingMode === 'PAY_PER_REQUEST' ? 'PAY_PER_REQUEST' : 'PROVISIONED';
  const provisioned = billingMode === 'PROVISIONED';
  const model: TableModel = {
    tableName: t.TableName,
    partitionKey: keys.partition ?? { name: '?', type: 'S' },
    billingMode,
    globalIndexes: (t.GlobalSecondaryIndexes ?? [])
      .filter((g) => g.IndexStatus !== 'DELETING')
      .map((g): IndexModel => {
        const k = keysOf(g.KeySchema, t.AttributeDefinitions);
        const index: IndexModel = { name: g.IndexName ?? '?', partitionKey: k.partition, projection: projectionOf(g.Projection) };
        if (k.sort) index.sortKey = k.sort;
        if (provisioned && g.ProvisionedThroughput) {
          index.capacity = { read: g.ProvisionedThroughput.ReadCapacityUnits ?? 0, write: g.ProvisionedThroughput.WriteCapacityUnits ?? 0 };
        }
        return index;
      }),
    localIndexes: (t.LocalSecondaryIndexes ?? []).map((l): IndexModel => {
      const k = keysOf(l.KeySchema, t.AttributeDefinitions);
      return { name: l.IndexName ?? '?', sortKey: k.sort, projection: projectionOf(l.Projection) };
    }),
    timeToLive: live.timeToLive.supported
      ? (() => {
          const d = live.timeToLive.value;
          const enabled = d.TimeToLiveStatus === 'ENABLED' || d.TimeToLiveStatus === 'ENABLING';
          return enabled ? { enabled, attribute: d.AttributeName } : { enabled };
        })()
      : unsupportedValue(live.timeToLive.reason),
    stream:
      t.StreamSpecification?.StreamEnabled === true
        ? { enabled: true, viewType: t.StreamSpecification.StreamViewType }
        : { enabled: false },
    pointInTimeRecovery: live.continuousBackups.supported
      ? live.continuousBackups.value.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus === 'ENABLED'
      : unsupportedValue(live.continuousBackups.reason),
    encryption:
      t.SSEDescription && t.SSEDescription.Status !== 'DISABLED' && t.SSEDescription.Status !== 'DISABLING'
        ? { kms: true, ...(t.SSEDescription.KMSMasterKeyArn ? { kmsKey: t.SSEDescription.KMSMasterKeyArn } : {}) }
        : { kms: false },
    deletionProtection: t.DeletionProtectionEnabled === true,
    tableClass: (t.TableClassSummary?.TableClass ?? 'STANDARD') as TableClass,
    tags: live.tags.supported
      ? Object.fromEntries(live.tags.value.filter((tag) => tag.Key && !isAwsTag(tag.Key)).map((tag) => [tag.Key!, tag.Value ?? '']))
      : unsupportedValue(live.tags.reason),
  };
  if (keys.sort) model.sortKey = keys.sort;
  if (provisioned) model.capacity = { read: t.ProvisionedThroughput?.ReadCapacityUnits ?? 0, write: t.ProvisionedThroughput?.WriteCapacityUnits ?? 0 };
  return model;
}
