// The read-only guarantee lives at the lowest layer: a middleware on every DynamoDB client of a read-only
// connection refuses any operation that is not on the allow-list below, whichever code path sent it.
import { ReadOnlyConnectionError } from '../errors';

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

interface MiddlewareStackLike {
  add(
    middleware: (next: (args: { input: unknown }) => Promise<unknown>, context: { commandName?: string }) => (args: { input: unknown }) => Promise<unknown>,
    options: { step: 'initialize'; name: string; priority?: 'high' },
  ): void;
}

/**
 * Installs the guard on a client. `isReadOnly` is asked on every request, so turning read-only on takes effect
 * at once for clients that already exist.
 */
export function installReadOnlyGuard(client: { middlewareStack: unknown }, connectionLabel: string, isReadOnly: () => boolean): void {
  (client.middlewareStack as MiddlewareStackLike).add(
    (next, context) => async (args) => {
      const commandName = context.commandName ?? 'UnknownCommand';
      if (isReadOnly() && !isReadOperation(commandName, args.input)) {
        throw new ReadOnlyConnectionError(connectionLabel, operationName(commandName));
      }
      return next(args);
    },
    { step: 'initialize', name: 'dynamodbStudioReadOnlyGuard', priority: 'high' },
  );
}
