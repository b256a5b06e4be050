// The request a query spec sends, as pure data: shared by the runner (services), the code generators and the
// views that show the request before it is sent.
import type { ExecuteStatementCommandInput, QueryCommandInput, ScanCommandInput } from '@aws-sdk/client-dynamodb';
import { buildExpressions } from './expressions';
import type { QuerySpec } from './querySpec';

export type ReadRequest =
  | { operation: 'Scan'; input: ScanCommandInput }
  | { operation: 'Query'; input: QueryCommandInput }
  | { operation: 'ExecuteStatement'; input: ExecuteStatementCommandInput };

/** The request a spec sends, without paging fields (ExclusiveStartKey, NextToken, Segment). */
export function buildRequest(spec: QuerySpec): ReadRequest {
  if (spec.kind === 'partiql') {
    const input: ExecuteStatementCommandInput = { Statement: spec.statement ?? '', ReturnConsumedCapacity: 'INDEXES' };
    if (spec.parameters?.length) input.Parameters = spec.parameters;
    if (spec.pageSize !== undefined) input.Limit = spec.pageSize;
    if (spec.consistentRead) input.ConsistentRead = true;
    return { operation: 'ExecuteStatement', input };
  }
  const common: ScanCommandInput & QueryCommandInput = { TableName: spec.table, ...buildExpressions(spec), ReturnConsumedCapacity: 'INDEXES' };
  if (spec.index) common.IndexName = spec.index;
  if (spec.pageSize !== undefined) common.Limit = spec.pageSize;
  if (spec.consistentRead) common.ConsistentRead = true;
  if (spec.kind === 'query') {
    const input: QueryCommandInput = common;
    if (spec.scanIndexForward === false) input.ScanIndexForward = false;
    return { operation: 'Query', input };
  }
  const input: ScanCommandInput = common;
  if (spec.segments !== undefined && spec.segments > 1) input.TotalSegments = spec.segments;
  return { operation: 'Scan', input };
}

export function describeOperation(spec: QuerySpec): string {
  if (spec.kind === 'partiql') return 'Run the PartiQL statement';
  const target = spec.index ? `index "${spec.index}" of table "${spec.table}"` : `table "${spec.table}"`;
  return `${spec.kind === 'query' ? 'Query' : 'Scan'} ${target}`;
}
