// Table-level reads against one DynamoDB endpoint/region: list, describe, time to live.
import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTablesCommand,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { abortError, StudioError, toStudioError, type ErrorContext } from '../../model/errors';
import { clientLocation, isUnsupportedOperation } from './endpointInfo';
import type { TimeToLiveLookup } from '../../model/table/tableInfo';

export type { TimeToLiveLookup } from '../../model/table/tableInfo';

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface ListTableNamesOptions extends RequestOptions {
  /** Names per ListTables request, 1 to 100 (the service's maximum, used when omitted). */
  pageSize?: number;
  /** Called with each page as it arrives, so a tree can show names before the last page. */
  onPage?: (names: readonly string[], pageIndex: number) => void;
}

/** Where the client points, for error messages; read from the client's config when not given. */
export interface TableServiceLocation {
  endpoint?: string;
  region?: string;
}

export const MAX_LIST_TABLES_PAGE_SIZE = 100;

export class TableService {
  private location?: Promise<TableServiceLocation>;

  constructor(
    private readonly client: DynamoDBClient,
    location?: TableServiceLocation,
  ) {
    if (location) this.location = Promise.resolve(location);
  }

  /** Every table name, following LastEvaluatedTableName across all pages. */
  async listTableNames(options: ListTableNamesOptions = {}): Promise<string[]> {
    const { signal, onPage } = options;
    const pageSize = options.pageSize === undefined ? undefined : Math.trunc(options.pageSize);
    if (pageSize !== undefined && !(pageSize >= 1 && pageSize <= MAX_LIST_TABLES_PAGE_SIZE)) {
      throw new StudioError('validation', `List tables was refused: page size ${options.pageSize} is outside 1 to ${MAX_LIST_TABLES_PAGE_SIZE}.`, {
        hint: `Use a page size from 1 to ${MAX_LIST_TABLES_PAGE_SIZE}.`,
      });
    }
    const operation = 'List tables';
    const names: string[] = [];
    let startAfter: string | undefined;
    for (let pageIndex = 0; ; pageIndex++) {
      await this.throwIfAborted(signal, operation);
      const page = await this.send(operation, signal, () =>
        this.client.send(new ListTablesCommand({ Limit: pageSize, ExclusiveStartTableName: startAfter }), { abortSignal: signal }),
      );
      const pageNames = page.TableNames ?? [];
      names.push(...pageNames);
      onPage?.(pageNames, pageIndex);
      const next = page.LastEvaluatedTableName;
      // An endpoint that repeats its cursor would otherwise keep this loop going forever.
      if (!next || next === startAfter) break;
      startAfter = next;
    }
    return names;
  }

  async describeTable(tableName: string, options: RequestOptions = {}): Promise<TableDescription> {
    const operation = `Describe table "${tableName}"`;
    await this.throwIfAborted(options.signal, operation);
    const result = await this.send(operation, options.signal, () =>
      this.client.send(new DescribeTableCommand({ TableName: tableName }), { abortSignal: options.signal }),
    );
    if (!result.Table) {
      throw await this.error(operation, new Error('the endpoint returned no table description'));
    }
    return result.Table;
  }

  /** The table's time-to-live setting, or `{ supported: false }` when the endpoint lacks the API. */
  async describeTimeToLive(tableName: string, options: RequestOptions = {}): Promise<TimeToLiveLookup> {
    const operation = `Read the time-to-live setting of table "${tableName}"`;
    await this.throwIfAborted(options.signal, operation);
    try {
      const result = await this.client.send(new DescribeTimeToLiveCommand({ TableName: tableName }), { abortSignal: options.signal });
      return { supported: true, description: result.TimeToLiveDescription ?? { TimeToLiveStatus: 'DISABLED' } };
    } catch (err) {
      const studioError = await this.error(operation, err, options.signal);
      if (isUnsupportedOperation(studioError)) {
        const where = (await this.where()).endpoint;
        return { supported: false, reason: `The endpoint${where ? ` ${where}` : ''} does not support time to live (${studioError.awsCode ?? 'unsupported'}).` };
      }
      throw studioError;
    }
  }

  private async send<T>(operation: string, signal: AbortSignal | undefined, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      throw await this.error(operation, err, signal);
    }
  }

  private async throwIfAborted(signal: AbortSignal | undefined, operation: string): Promise<void> {
    if (signal?.aborted) throw await this.error(operation, abortError());
  }

  private async error(operation: string, err: unknown, signal?: AbortSignal): Promise<StudioError> {
    // The SDK reports an abort in more than one way depending on when it happened; the signal is the truth.
    const cause = signal?.aborted && !(err instanceof StudioError) ? abortError(err) : err;
    const ctx: ErrorContext = { operation, ...(await this.where()) };
    return toStudioError(cause, ctx);
  }

  private where(): Promise<TableServiceLocation> {
    this.location ??= clientLocation(this.client);
    return this.location;
  }
}

