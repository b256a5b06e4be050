// Runs notebook cells: parsed and checked by the model, sent through the query runner (fetchAll) and, for several PartiQL statements, one
// ExecuteTransaction. Every request goes through the connection's pooled client, so its guard applies: a write on a
// read-only connection is refused before it is sent, a confirm-writes connection asks first.
import { ExecuteTransactionCommand, type DynamoDBClient, type TableDescription } from '@aws-sdk/client-dynamodb';
import type { Item } from '../../model/items/types';
import { checkPlaceholders, DEFAULT_CELL_LIMIT, parseQueryCell, toQuerySpec, type CellProblem, type CellRun } from '../../model/notebook/queryCell';
import { bindStatements, checkPartiqlPlaceholders, parsePartiqlCell, type BoundStatement } from '../../model/notebook/partiqlCell';
import type { NamedResult } from '../../model/notebook/variables';
import { StudioError, toStudioError } from '../../model/errors';
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

// ---------------------------------------------------------------------------------------------- one cell

export interface NotebookCellInput {
  kind: 'query' | 'partiql';
  text: string;
  /** The notebook's (or the cell's target) default table. */
  defaultTable?: string;
  /** Named results of the cells run so far in this notebook; a named cell adds its own. */
  results: Map<string, NamedResult>;
  /** Result names of the cells above this one (declared, whether run or not). */
  namesAbove: readonly string[];
}

export interface NotebookCellEnv {
  client: DynamoDBClient;
  describe(tableName: string): Promise<TableDescription>;
  signal?: AbortSignal;
  /** Called before a Scan without a filter is sent: throw to stop it. */
  confirmScan?(run: CellRun, table: TableDescription): Promise<void>;
}

export interface NotebookCellRun {
  outcome: CellOutcome;
  name?: string;
  /** The table the rows come from, when known (a row opens by its key). */
  tableName?: string;
  description?: TableDescription;
}

/** The problems of a cell as one message: each with its line and column. */
export function problemsMessage(problems: readonly CellProblem[]): string {
  return problems
    .filter((p) => p.severity === 'error')
    .map((p) => `Line ${p.range.start.line + 1}, column ${p.range.start.column + 1}: ${p.message}`)
    .join('\n');
}

const NOTHING_SENT = 'Fix the cell; nothing was sent.';

/**
 * Runs one cell: parses and checks it (nothing is sent while it has a problem), resolves the variables of earlier
 * cells, sends it through the client, and records its result under its name for the cells below.
 */
export async function runNotebookCell(input: NotebookCellInput, env: NotebookCellEnv): Promise<NotebookCellRun> {
  if (input.kind === 'query') {
    const parsed = parseQueryCell(input.text);
    const problems = parsed.ok ? [...parsed.problems, ...checkPlaceholders(parsed.cell, input.namesAbove)] : parsed.problems;
    if (!parsed.ok || problems.some((p) => p.severity === 'error')) throw new StudioError('validation', problemsMessage(problems), { hint: NOTHING_SENT });
    const tableName = parsed.cell.table ?? input.defaultTable;
    if (!tableName) throw new StudioError('validation', 'The cell names no table and the notebook has no default table.', { hint: 'Add "table": "<name>" to the cell.' });
    const description = await env.describe(tableName);
    const spec = toQuerySpec(parsed.cell, tableName, description, { results: input.results, params: new Map() });
    if (!spec.ok) throw new StudioError('validation', problemsMessage(spec.problems), { hint: NOTHING_SENT });
    if (spec.run.spec.kind === 'scan' && spec.run.spec.filters.length === 0) await env.confirmScan?.(spec.run, description);
    const outcome = await runQueryCell(env.client, spec.run, { signal: env.signal, table: description });
    if (parsed.cell.name) input.results.set(parsed.cell.name, { items: outcome.items, lastKey: outcome.lastKey });
    return { outcome, name: parsed.cell.name, tableName, description };
  }
  const { cell, problems } = parsePartiqlCell(input.text);
  const unknown = checkPartiqlPlaceholders(input.text, [...input.namesAbove, ...input.results.keys()]);
  if (problems.length || unknown.length) throw new StudioError('validation', problemsMessage([...problems, ...unknown]), { hint: NOTHING_SENT });
  const bound = bindStatements(input.text, { results: input.results, params: new Map() });
  if (!bound.ok) throw new StudioError('validation', problemsMessage(bound.problems), { hint: 'Run the cells it uses first, or fix the names; nothing was sent.' });
  const outcome = await runPartiqlCell(env.client, bound.statements, { signal: env.signal });
  if (cell.name) input.results.set(cell.name, { items: outcome.items, lastKey: outcome.lastKey });
  const tableName = bound.statements.length === 1 ? /\bFROM\s+"([^"]+)"/i.exec(bound.statements[0].statement)?.[1] : undefined;
  const description = tableName ? await env.describe(tableName).catch(() => undefined) : undefined;
  return { outcome, name: cell.name, tableName, description };
}
