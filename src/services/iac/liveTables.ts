// The live side of a compare: everything the describe APIs say about a table, as a table model. Read-only.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { liveTableModel } from '../../model/iac/liveModel';
import type { TableModel } from '../../model/iac/tableModel';
import { describeTableDetails } from '../dynamo/tableDetails';

export async function readLiveTableModel(client: DynamoDBClient, tableName: string, options: { signal?: AbortSignal } = {}): Promise<TableModel> {
  return liveTableModel(await describeTableDetails(client, tableName, options));
}
