// The production guard lives at the lowest layer: a middleware on every DynamoDB client looks at each request
// before it is sent, whichever code path sent it. On a read-only connection it refuses any operation that is not
// on the allow-list below; on a confirm-writes connection it shows each write and sends it only when the person
// agrees, unless the write belongs to a bulk action the person already confirmed (see withApprovedWrites).
import { AsyncLocalStorage } from 'node:async_hooks';
import { ReadOnlyConnectionError, StudioError } from '../errors';
import type { ConnectionMode } from './connectionMode';

/** DynamoDB operations that never change data or configuration. Anything else counts as a write. */
const READ_OPERATIONS = new Set([
  'BatchGetItem',
  'DescribeBackup',
  'DescribeContinuousBackups',
  'DescribeContributorInsights',
  'DescribeEndpoints',
  'DescribeExport',
  'DescribeGlobalTable',
  'DescribeGlobalTableSettings',
  'DescribeImport',
  'DescribeKinesisStreamingDestination',
  'DescribeLimits',
  'DescribeTable',
  'DescribeTableReplicaAutoScaling',
  'DescribeTimeToLive',
  'GetItem',
  'GetResourcePolicy',
  'ListBackups',
  'ListContributorInsights',
  'ListExports',
  'ListGlobalTables',
  'ListImports',
  'ListTables',
  'ListTagsOfResource',
  'Query',
  'Scan',
  'TransactGetItems',
  // DynamoDB Streams (separate client, same guard)
  'DescribeStream',
  'GetRecords',
  'GetShardIterator',
  'ListStreams',
]);

/** True for a PartiQL statement that only reads (SELECT), ignoring leading whitespace and comments. */
export function isReadOnlyStatement(statement: string): boolean {
  const withoutComments = statement
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/--[^\n]*/g, ' ')
    .trimStart();
  return /^select\b/i.test(withoutComments);
}

/** Operation name without the SDK's "Command" suffix: "PutItemCommand" → "PutItem". */
export function operationName(commandName: string): string {
  return commandName.endsWith('Command') ? commandName.slice(0, -'Command'.length) : commandName;
}

/** Whether an operation with this input only reads. PartiQL operations are judged by their statements. */
export function isReadOperation(commandName: string, input: unknown): boolean {
  const op = operationName(commandName);
  if (READ_OPERATIONS.has(op)) return true;
  const i = (input ?? {}) as { Statement?: unknown; Statements?: unknown; TransactStatements?: unknown };
  if (op === 'ExecuteStatement') return typeof i.Statement === 'string' && isReadOnlyStatement(i.Statement);
  if (op === 'BatchExecuteStatement' || op === 'ExecuteTransaction') {
    const list = (op === 'BatchExecuteStatement' ? i.Statements : i.TransactStatements) as Array<{ Statement?: unknown }> | undefined;
    return Array.isArray(list) && list.length > 0 && list.every((s) => typeof s?.Statement === 'string' && isReadOnlyStatement(s.Statement));
  }
  return false;
}

/** A write about to be sent on a confirm-writes connection. */
export interface WriteRequest {
  connectionLabel: string;
  /** Operation name without "Command", e.g. "UpdateItem". */
  operation: string;
  /** The request exactly as the SDK will send it. */
  input: unknown;
  /** Tables the request writes to. */
  tables: string[];
}

/** Asks the person whether to send a write; resolves true to send it. */
export type WriteConfirmer = (request: WriteRequest) => Promise<boolean>;

/** The person declined a write on a confirm-writes connection: nothing was sent. */
export class WriteDeclinedError extends StudioError {
  constructor(connectionLabel: string, operation: string) {
    super('cancelled', `${operation} was not sent: you declined it on the confirm-writes connection "${connectionLabel}".`, {
      hint: 'Nothing was written.',
    });
  }
}

/** Tables a write request touches, from TableName, RequestItems or TransactItems. PartiQL names none. */
export function tablesOfRequest(input: unknown): string[] {
  const i = (input ?? {}) as {
    TableName?: unknown;
    RequestItems?: unknown;
    TransactItems?: Array<Record<string, { TableName?: unknown } | undefined>>;
  };
  const names = new Set<string>();
  if (typeof i.TableName === 'string') names.add(i.TableName);
  if (i.RequestItems && typeof i.RequestItems === 'object') for (const name of Object.keys(i.RequestItems)) names.add(name);
  if (Array.isArray(i.TransactItems)) {
    for (const entry of i.TransactItems) {
      for (const part of Object.values(entry ?? {})) if (typeof part?.TableName === 'string') names.add(part.TableName);
    }
  }
  return [...names];
}

/** A bulk action the person confirmed once (naming the table and the count): its writes are not asked one by one. */
export interface WriteApproval {
  /** The tables the confirmation named; writes to any other table are still asked. */
  tables: readonly string[];
  /** What was confirmed, for the record (e.g. "delete 2 items from Orders"). */
  description: string;
}

const approvals = new AsyncLocalStorage<WriteApproval>();

/**
 * Runs `work` with writes to the approved tables already confirmed. Use it only after the person confirmed the
 * whole action in a dialog that named the table and the number of items.
 */
export function withApprovedWrites<T>(approval: WriteApproval, work: () => Promise<T>): Promise<T> {
  return approvals.run(approval, work);
}

function isApproved(tables: readonly string[]): boolean {
  const approval = approvals.getStore();
  return !!approval && tables.length > 0 && tables.every((t) => approval.tables.includes(t));
}

/** The request as readable JSON: binary values as base64, sets and maps as the SDK sends them. */
export function formatWriteRequest(request: Pick<WriteRequest, 'operation' | 'input'>, maxChars = Infinity): string {
  const json = JSON.stringify(
    request.input,
    (_key, value: unknown) => {
      if (value instanceof Uint8Array) return { base64: Buffer.from(value).toString('base64') };
      if (value instanceof Set) return [...value];
      return value;
    },
    2,
  );
  const text = `${request.operation}\n${json}`;
  return text.length <= maxChars ? text : `${text.slice(0, maxChars)}\n… (${(text.length - maxChars).toLocaleString('en-US')} more characters)`;
}

interface MiddlewareStackLike {
  add(
    middleware: (next: (args: { input: unknown }) => Promise<unknown>, context: { commandName?: string }) => (args: { input: unknown }) => Promise<unknown>,
    options: { step: 'initialize'; name: string; priority?: 'high' },
  ): void;
}

export interface WriteGuardOptions {
  /** The connection's current mode, asked on every request so a change applies at once to existing clients. */
  mode: () => ConnectionMode;
  /** Asks about one write on a confirm-writes connection. Without it such writes are refused. */
  confirm?: WriteConfirmer;
}

/** Installs the production guard on a client. Retries of a request are not asked again (initialize step). */
export function installWriteGuard(client: { middlewareStack: unknown }, connectionLabel: string, options: WriteGuardOptions): void {
  (client.middlewareStack as MiddlewareStackLike).add(
    (next, context) => async (args) => {
      const commandName = context.commandName ?? 'UnknownCommand';
      if (isReadOperation(commandName, args.input)) return next(args);
      const mode = options.mode();
      const operation = operationName(commandName);
      if (mode === 'readOnly') throw new ReadOnlyConnectionError(connectionLabel, operation);
      if (mode === 'confirmWrites') {
        const tables = tablesOfRequest(args.input);
        if (!isApproved(tables)) {
          const send = options.confirm ? await options.confirm({ connectionLabel, operation, input: args.input, tables }) : false;
          if (!send) throw new WriteDeclinedError(connectionLabel, operation);
        }
      }
      return next(args);
    },
    { step: 'initialize', name: 'dynamodbStudioWriteGuard', priority: 'high' },
  );
}

/** The read-only part of the guard alone: `isReadOnly` is asked on every request. */
export function installReadOnlyGuard(client: { middlewareStack: unknown }, connectionLabel: string, isReadOnly: () => boolean): void {
  installWriteGuard(client, connectionLabel, { mode: () => (isReadOnly() ? 'readOnly' : 'normal') });
}
