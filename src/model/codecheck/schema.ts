// The part of a live table description the code checks use: keys of the table and of each index, and its size.
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import { keyAttributes } from '../table/tableInfo';
import type { KeyPair, TableSchema } from './check';

function keysOf(keySchema: TableDescription['KeySchema'], desc: TableDescription): KeyPair {
  const keys = keyAttributes(keySchema, desc.AttributeDefinitions);
  return { partitionKey: keys.find((k) => k.role === 'partition')?.name ?? '?', sortKey: keys.find((k) => k.role === 'sort')?.name };
}

export function schemaFromDescription(desc: TableDescription, checkedOn: string): TableSchema {
  return {
    name: desc.TableName ?? '?',
    ...keysOf(desc.KeySchema, desc),
    indexes: [
      ...(desc.GlobalSecondaryIndexes ?? []).map((i) => ({ name: i.IndexName ?? '?', kind: 'GSI' as const, ...keysOf(i.KeySchema, desc) })),
      ...(desc.LocalSecondaryIndexes ?? []).map((i) => ({ name: i.IndexName ?? '?', kind: 'LSI' as const, ...keysOf(i.KeySchema, desc) })),
    ],
    itemCount: desc.ItemCount,
    sizeBytes: desc.TableSizeBytes,
    checkedOn,
  };
}
