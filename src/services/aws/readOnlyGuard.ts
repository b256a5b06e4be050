// The production guard lives at the lowest layer: a middleware on every DynamoDB client looks at each request
// before it is sent, whichever code path sent it. On a read-only connection it refuses any operation that is not
// on the allow-list below; on a confirm-writes connection it shows each write and sends it only when the person
// agrees, unless the write belongs to a bulk action the person already confirmed (see withApprovedWrites).
import { AsyncLocalStorage } from 'node:async_hooks';
import { ReadOnlyConnectionError, StudioError } from '../../model/errors';
import type { ConnectionMode } from '../../model/aws/connectionMode';
import { encodeBase64 } from '../../model/items/base64';
import { checkPartiql } from '../../model/expressions/partiql';

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

/** Line breaks other than \n that some readers end a `--` comment at and others do not. */
const OTHER_LINE_BREAKS = /[\r\u000b\u000c\u0085\u2028\u2029]/;

/**
 * True for a PartiQL statement that only reads: its first word, after whitespace and comments, is SELECT, and
 * nothing but whitespace and comments follows a ';'. Whatever a server could read differently from this counts
 * as a write: a block comment holding '/*' (nested comments), a line comment holding a line break other than \n,
 * an unclosed comment or quote, a word that merely starts with SELECT.
 */
export function isReadOnlyStatement(statement: string): boolean {
  if (typeof statement !== 'string') return false;
  const s = statement;
  let sawSelect = false;
  let ended = false;
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '/' && s[i + 1] === '*') {
      const end = s.indexOf('*/', i + 2);
      if (end < 0 || s.slice(i + 2, end).includes('/*')) return false;
      i = end + 2;
    } else if (c === '-' && s[i + 1] === '-') {
      const end = s.indexOf('\n', i + 2);
      const body = s.slice(i + 2, end < 0 ? s.length : end);
      // \r\n ends the comment for every reader.
      if (OTHER_LINE_BREAKS.test(end >= 0 && body.endsWith('\r') ? body.slice(0, -1) : body)) return false;
      i = end < 0 ? s.length : end + 1;
    } else if (/\s/.test(c)) {
      i++;
    } else if (ended) {
      // A second statement after ';'.
      return false;
    } else if (!sawSelect) {
      if (!/^select(?![A-Za-z0-9_$])/i.test(s.slice(i, i + 7))) return false;
      sawSelect = true;
      i += 6;
    } else if (c === ';') {
      ended = true;
      i++;
    } else if (c === "'" || c === '"') {
      // A string or quoted name; a doubled quote stands for itself.
      let j = i + 1;
      for (;;) {
        const close = s.indexOf(c, j);
        if (close < 0) return false;
        if (s[close + 1] === c) {
          j = close + 2;
          continue;
        }
        i = close + 1;
        break;
      }
    } else {
      i++;
    }
  }
  return sawSelect;
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

/**
 * Tables PartiQL statements of a request name (ExecuteStatement, BatchExecuteStatement, ExecuteTransaction), for
 * the confirmation to say where a statement writes. Never used to approve: a PartiQL write is always asked.
 */
export function tablesOfStatements(input: unknown): string[] {
  const i = (input ?? {}) as { Statement?: unknown; Statements?: Array<{ Statement?: unknown }>; TransactStatements?: Array<{ Statement?: unknown }> };
  const statements = [i.Statement, ...(Array.isArray(i.Statements) ? i.Statements : []).map((s) => s?.Statement), ...(Array.isArray(i.TransactStatements) ? i.TransactStatements : []).map((s) => s?.Statement)];
  const names = new Set<string>();
  for (const statement of statements) {
    const name = typeof statement === 'string' ? checkPartiql(statement).table?.name : undefined;
    if (name) names.add(name);
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

const jsonValue = (_key: string, value: unknown): unknown => {
  if (value instanceof Uint8Array) return { base64: encodeBase64(value) };
  if (value instanceof Set) return [...value];
  return value;
};

/** The whole request as indented JSON (binary values as base64), for reading it in an editor. */
export function writeRequestJson(input: unknown): string {
  return JSON.stringify(input, jsonValue, 2);
}

/**
 * The request for a dialog: the operation, then one line per request field with its value as compact JSON
 * (binary values as base64). Cut after `maxChars`, saying how much more there is.
 */
export function formatWriteRequest(request: Pick<WriteRequest, 'operation' | 'input'>, maxChars = Infinity): string {
  const fields = Object.entries((request.input ?? {}) as Record<string, unknown>).filter(([, v]) => v !== undefined);
  const text = [request.operation, ...fields.map(([name, value]) => `${name}: ${JSON.stringify(value, jsonValue)}`)].join('\n');
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
          const send = options.confirm ? await options.confirm({ connectionLabel, operation, input: args.input, tables: tables.length ? tables : tablesOfStatements(args.input) }) : false;
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
