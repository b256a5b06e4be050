// Runs notebook cells through the query runner (fetchAll) and, for several PartiQL statements, one
// ExecuteTransaction. Every request goes through the connection's pooled client, so its guard applies: a write on a
// read-only connection is refused before it is sent, a confirm-writes connection asks first.
import { ExecuteTransactionCommand, type DynamoDBClient, type TableDescription } from '@aws-sdk/client-dynamodb';
import type { Item } from '../../model/items/types';
import type { CellRun } from '../../model/notebook/queryCell';
import type { BoundStatement } from '../../model/notebook/partiqlCell';
import { DEFAULT_CELL_LIMIT } from '../../model/notebook/queryCell';
import { toStudioError } from '../../model/errors';
import { addCapacity, buildRequest, emptyCapacity, fetchAll, FetchStoppedError, type CapacityBreakdown, type FetchProgress } from '../query/runner';
import { isReadOnlyStatement, writeRequestJson } from '../aws/readOnlyGuard';
import { clientLocation } from '../dynamo/endpointInfo';

export interface CellOutcome {
  operation: 'Query' | 'Scan' | 'ExecuteStatement' | 'ExecuteTransaction';
  /** The first request as sent, as indented JSON. */
  request: string;
  items: Item[];
  count: number;
  scannedCount?: number;
  pages: number;
  capacity: CapacityBreakdown;
  /** Where a query or scan stopped before the end (limit or cancel). */
  lastKey?: Item;
  more: boolean;
  cancelled: boolean;
  isWrite: boolean;
}

export interface CellRunOptions {
  signal?: AbortSignal;
  onProgress?: (progress: FetchProgress) => void;
  table?: TableDescription;
}

/** A query or scan cell: reads until its limit, the end, or a cancel. */
export async function runQueryCell(client: DynamoDBClient, run: CellRun, options: CellRunOptions = {}): Promise<CellOutcome> {
  const request = buildRequest(run.spec);
  const sent = run.startKey ? { ...request.input, ExclusiveStartKey: run.startKey } : request.input;
  const result = await fetchAll(client, run.spec, { exclusiveStartKey: run.startKey, limit: run.limit, signal: options.signal, onProgress: options.onProgress, table: options.table });
  return {
    operation: request.operation as 'Query' | 'Scan',
    request: writeRequestJson(sent),
    items: result.items,
    count: result.count,
    scannedCount: result.scannedCount,
    pages: result.pages,
    capacity: result.capacity,
    lastKey: result.cursor?.exclusiveStartKey,
    more: result.cursor !== undefined,
    cancelled: result.cancelled,
    isWrite: false,
  };
}

/** A PartiQL cell: one statement pages through fetchAll; several run as one transaction. */
export async function runPartiqlCell(client: DynamoDBClient, statements: BoundStatement[], options: CellRunOptions & { limit?: number } = {}): Promise<CellOutcome> {
  const isWrite = statements.some((s) => !isReadOnlyStatement(s.statement));
  if (statements.length === 1) {
    const [s] = statements;
    const spec = { kind: 'partiql' as const, table: '', filters: [], filterJoin: 'AND' as const, statement: s.statement, parameters: s.parameters };
    const request = buildRequest(spec);
    const result = await fetchAll(client, spec, { limit: options.limit ?? DEFAULT_CELL_LIMIT, signal: options.signal, onProgress: options.onProgress });
    return {
      operation: 'ExecuteStatement',
      request: writeRequestJson(request.input),
      items: result.items,
      count: result.count,
      pages: result.pages,
      capacity: result.capacity,
      more: result.cursor !== undefined,
      cancelled: result.cancelled,
      isWrite,
    };
  }
  const input = { TransactStatements: statements.map((s) => ({ Statement: s.statement, ...(s.parameters.length ? { Parameters: s.parameters } : {}) })), ReturnConsumedCapacity: 'INDEXES' as const };
  try {
    const out = await client.send(new ExecuteTransactionCommand(input), { abortSignal: options.signal });
    const items = (out.Responses ?? []).map((r) => r.Item).filter((i): i is Item => !!i);
    return {
      operation: 'ExecuteTransaction',
      request: writeRequestJson(input),
      items,
      count: items.length,
      pages: 1,
      capacity: addCapacity(emptyCapacity(), out.ConsumedCapacity),
      more: false,
      cancelled: false,
      isWrite,
    };
  } catch (err) {
    if (err instanceof FetchStoppedError) throw err;
    const location = await clientLocation(client);
    throw toStudioError(options.signal?.aborted ? Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' }) : err, { operation: `The transaction of ${statements.length} statements`, ...location });
  }
}
