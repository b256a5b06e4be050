// One DynamoDB client per connection and region, created on first use, and one credential provider per connection
// that all its regions share. The SDK module itself is loaded lazily
// so that activating the extension costs nothing until the first request.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, FinalizeHandler, FinalizeHandlerArguments, HandlerExecutionContext, MetadataBearer } from '@smithy/types';
import { connectionMode, type Connection } from './connections';
import type { ConnectionMode } from '../../model/aws/connectionMode';
import { installWriteGuard, operationName, tablesOfRequest, type WriteConfirmer } from './readOnlyGuard';
import { AsyncLocalStorage } from 'node:async_hooks';
import * as http from 'node:http';
import * as https from 'node:https';
import { retryReason, StudioError, tagErrorOrigin, type ErrorOrigin, type RetryReason } from '../../model/errors';
import { credentialSource } from './credentials';

export type CredentialsResolver = (connection: Connection) => Promise<AwsCredentialIdentity | AwsCredentialIdentityProvider>;

export interface ClientPoolOptions {
  /** Attempts per request, including the first (the SDK's standard retry with backoff and jitter). */
  maxAttempts?: number;
  /** Milliseconds to establish a connection before giving up. */
  connectionTimeoutMs?: number;
  /** Milliseconds of socket inactivity before a request fails. */
  requestTimeoutMs?: number;
  /** Read the connection's current guard mode (it can change while clients exist). */
  modeOf?: (connectionId: string) => ConnectionMode;
  /** Asks about each write on a confirm-writes connection. */
  confirmWrite?: WriteConfirmer;
}

type Credentials = AwsCredentialIdentity | AwsCredentialIdentityProvider;

/**
 * Keep-alive sockets shared by every client of a pool. Node keys an agent's sockets by host, so the clients of 50
 * accounts in one region (one endpoint) reuse the same connections (and TLS sessions) instead of each opening its
 * own, and `maxSockets` (the SDK's own default of 50) bounds each host rather than each client. A client's
 * destroy() destroys its handler's agents: here it must not close the sockets of the others, so only the pool ends
 * them (end()).
 */
class SharedHttpAgent extends http.Agent {
  override destroy(): void {}
  end(): void {
    super.destroy();
  }
}

class SharedHttpsAgent extends https.Agent {
  override destroy(): void {}
  end(): void {
    super.destroy();
  }
}

const SOCKETS_PER_HOST = 50;

export class DynamoClientPool {
  private readonly clients = new Map<string, Promise<DynamoDBClient>>();
  /**
   * One credential provider per connection, shared by the clients of all its regions: an MFA code, an SSO token
   * or a credential_process run serves every region. Dropped with the connection's clients.
   */
  private readonly credentials = new Map<string, Promise<Credentials>>();
  /** The credentials each client was built with, so an expired one replaces its connection's provider once. */
  private readonly credentialsOf = new WeakMap<DynamoDBClient, Promise<Credentials>>();
  /** Clients dropped after their credentials expired; requests may still run on them, so they are destroyed later. */
  private readonly retired = new Set<DynamoDBClient>();
  private readonly retryListeners = new Set<(notice: RetryNotice) => void>();
  /**
   * The SDK module, imported once: each `import()` of it copies its 526 exports into a fresh namespace object
   * (tsc's __importStar, esbuild's __toESM); for the 850 clients of 50 accounts × 17 regions that took 0.3 to 0.8 s
   * on a busy 2-core machine, about as long as building the clients themselves.
   */
  private sdk: Promise<typeof import('@aws-sdk/client-dynamodb')> | undefined;
  private readonly httpAgent = new SharedHttpAgent({ keepAlive: true, maxSockets: SOCKETS_PER_HOST });
  private readonly httpsAgent = new SharedHttpsAgent({ keepAlive: true, maxSockets: SOCKETS_PER_HOST });

  constructor(
    private readonly resolveCredentials: CredentialsResolver,
    private readonly options: ClientPoolOptions = {},
  ) {}

  /** The client for a connection and region; one per pair, created on first use. */
  get(connection: Connection, region: string): Promise<DynamoDBClient> {
    if (connection.problems.length > 0) {
      return Promise.reject(
        new StudioError('badConfig', `The connection "${connection.name}" cannot be used: ${connection.problems.join(' ')}`, {
          hint: connection.kind === 'profile' ? 'Fix the profile in your AWS config file, then refresh.' : 'Fix the endpoint in the settings, then refresh.',
        }),
      );
    }
    const key = `${connection.id}\u0000${region}`;
    let client = this.clients.get(key);
    if (!client) {
      client = this.create(connection, region).then((created) => this.watch(created, connection, region, key));
      client.catch(() => this.clients.delete(key));
      this.clients.set(key, client);
    }
    return client;
  }

  /**
   * Resolves the credentials of a connection's client for a region now (an MFA code, an SSO token, a
   * credential_process), so a caller can wait for them before it starts timing requests. Errors carry the
   * connection's origin, as a request's would.
   */
  async credentialsReady(connection: Connection, region: string): Promise<void> {
    const client = await this.get(connection, region);
    try {
      await client.config.credentials();
    } catch (err) {
      tagErrorOrigin(err, originOf(connection, region));
      throw err;
    }
  }

  /** Drops cached clients (all, or those of one connection) so that new credentials and settings apply. */
  invalidate(connectionId?: string): void {
    if (connectionId === undefined) for (const c of this.retired.values()) c.destroy();
    if (connectionId === undefined) this.retired.clear();
    if (connectionId === undefined) this.credentials.clear();
    else this.credentials.delete(connectionId);
    for (const [key, client] of this.clients) {
      if (connectionId === undefined || key.startsWith(`${connectionId}\u0000`)) {
        this.clients.delete(key);
        client.then((c) => c.destroy(), () => undefined);
      }
    }
  }

  dispose(): void {
    this.invalidate();
    this.retryListeners.clear();
    this.httpAgent.end();
    this.httpsAgent.end();
  }

  /** Calls `listener` whenever a request of any client of this pool failed and the SDK retries it; returns the unsubscribe. */
  onRetry(listener: (notice: RetryNotice) => void): () => void {
    this.retryListeners.add(listener);
    return () => this.retryListeners.delete(listener);
  }

  /**
   * Tags every error of the client with its connection (endpoint, region, profile), reports retries, and drops the
   * client when DynamoDB says its credentials expired, so the next request resolves them again (after
   * `aws sso login`, for example) instead of failing with the cached ones.
   */
  private watch(client: DynamoDBClient, connection: Connection, region: string, key: string): DynamoDBClient {
    const origin = originOf(connection, region);
    client.middlewareStack.add(
      (next) => async (args) => {
        try {
          return await next(args);
        } catch (err) {
          tagErrorOrigin(err, origin);
          if (EXPIRED_CREDENTIAL_CODES.has((err as { name?: string }).name ?? '')) this.retire(key, client, connection.id);
          throw err;
        }
      },
      { step: 'initialize', priority: 'high', name: 'dynamodbStudioErrorOrigin', override: true },
    );
    installRetryReporting(client, { connection: connection.name, region }, (notice) => {
      for (const listener of this.retryListeners) callSafely(listener, notice);
    });
    return client;
  }

  private retire(key: string, client: DynamoDBClient, connectionId: string): void {
    // The connection's provider gave credentials DynamoDB calls expired: the next client of any region resolves
    // new ones, once (a client of another region built with the same provider does not drop the new one).
    const used = this.credentialsOf.get(client);
    if (used && this.credentials.get(connectionId) === used) this.credentials.delete(connectionId);
    const current = this.clients.get(key);
    if (!current) return;
    void current.then((c) => {
      if (c !== client || this.clients.get(key) !== current) return;
      this.clients.delete(key);
      this.retired.add(client);
    }, () => undefined);
  }

  /** The connection's one credential provider (or static keys), resolved on first use. */
  private credentialsFor(connection: Connection): Promise<Credentials> {
    let found = this.credentials.get(connection.id);
    if (!found) {
      found = this.resolveCredentials(connection);
      found.catch(() => {
        if (this.credentials.get(connection.id) === found) this.credentials.delete(connection.id);
      });
      this.credentials.set(connection.id, found);
    }
    return found;
  }

  private async create(connection: Connection, region: string): Promise<DynamoDBClient> {
    const { DynamoDBClient } = await (this.sdk ??= import('@aws-sdk/client-dynamodb'));
    const resolving = this.credentialsFor(connection);
    const credentials = await resolving;
    const client = new DynamoDBClient({
      region,
      endpoint: connection.endpoint,
      credentials,
      maxAttempts: this.options.maxAttempts ?? 3,
      requestHandler: {
        httpAgent: this.httpAgent,
        httpsAgent: this.httpsAgent,
        connectionTimeout: this.options.connectionTimeoutMs ?? 5000,
        requestTimeout: this.options.requestTimeoutMs ?? 30000,
        // Without this the handler only logs a warning and keeps waiting on a hung endpoint.
        throwOnRequestTimeout: true,
      },
    });
    this.credentialsOf.set(client, resolving);
    const { modeOf } = this.options;
    installWriteGuard(client, connection.name, {
      mode: () => (modeOf ? modeOf(connection.id) : connectionMode(connection)),
      confirm: this.options.confirmWrite,
    });
    return client;
  }
}

/** Where a connection's requests go, attached to their errors so messages can name the profile and the fix. */
function originOf(connection: Connection, region: string): ErrorOrigin {
  return {
    endpoint: connection.endpoint,
    region,
    profile: connection.profile?.name,
    credentials: connection.profile ? credentialSource(connection.profile) : undefined,
  };
}

/** DynamoDB's answers that mean the signing credentials are no longer valid. */
const EXPIRED_CREDENTIAL_CODES = new Set(['ExpiredTokenException', 'ExpiredToken', 'TokenRefreshRequired']);

/** A request that failed and is being sent again: by the SDK (throttling, 5xx, network), or by a batch writer. */
export interface RetryNotice {
  /** throttled: DynamoDB refused for capacity; unavailable: the endpoint failed or did not answer; unprocessed: a batch came back partly written. */
  reason: RetryReason | 'unprocessed';
  /** DynamoDB operation, e.g. "Scan". */
  operation: string;
  table?: string;
  /** The attempt that failed, 1-based; the next one is attempt + 1. */
  attempt: number;
  maxAttempts: number;
  /** The AWS error name (or network code) of the failed attempt. */
  errorCode?: string;
  /** For a batch: how many items are sent again. */
  items?: number;
  connection?: string;
  region?: string;
  /**
   * The last attempt failed: nothing is retried (pool listeners only, so that a display of the retries does not keep
   * saying "retrying" once the request has failed for good).
   */
  final?: boolean;
}

/** The notice in words, for a progress line or a status bar. */
export function describeRetry(notice: RetryNotice): string {
  const on = notice.table ? ` on table "${notice.table}"` : '';
  const next = `attempt ${notice.attempt + 1} of ${notice.maxAttempts}`;
  if (notice.final) return `${notice.operation}${on} failed after ${notice.maxAttempts} attempts (${notice.errorCode ?? 'no answer'}).`;
  switch (notice.reason) {
    case 'throttled':
      return `DynamoDB is throttling ${notice.operation}${on} (${notice.errorCode ?? 'throttled'}); retrying with backoff (${next}).`;
    case 'unprocessed':
      return `DynamoDB left ${notice.items ?? 'some'} items of ${notice.operation}${on} unprocessed (write capacity exhausted); retrying them with backoff (${next}).`;
    default:
      return `${notice.operation}${on} failed (${notice.errorCode ?? 'no answer'}); retrying (${next}).`;
  }
}

type RetryListener = (notice: RetryNotice) => void;
const retryObservers = new AsyncLocalStorage<readonly RetryListener[]>();

function callSafely(listener: RetryListener, notice: RetryNotice): void {
  try {
    listener(notice);
  } catch {
    // a failing progress display must not fail the request
  }
}

/**
 * Runs `work` so that `listener` hears about every retry of the requests it sends (on clients of the pool) and of
 * the batch writers it runs: one long operation sees its own throttling, not that of others on the same client.
 */
export function observeRetries<T>(listener: RetryListener | undefined, work: () => Promise<T>): Promise<T> {
  if (!listener) return work();
  return retryObservers.run([...(retryObservers.getStore() ?? []), listener], work);
}

/**
 * True while the current work has a retry observer (observeRetries): its own progress shows its retries, so a
 * pool-wide display (the status bar) need not repeat them. Pool listeners run in the retried request's context.
 */
export function retriesObserved(): boolean {
  return (retryObservers.getStore()?.length ?? 0) > 0;
}

/** Tells the observers of the current operation about a retry (used by code that retries on its own). */
export function reportRetry(notice: RetryNotice): void {
  for (const listener of retryObservers.getStore() ?? []) callSafely(listener, notice);
}

/** The one table a request is about, if it names exactly one. */
function requestTable(input: unknown): string | undefined {
  const tables = tablesOfRequest(input);
  return tables.length === 1 ? tables[0] : undefined;
}

/**
 * Watches each attempt of every request (below the SDK's retry step): an attempt that fails with an error the SDK
 * retries, while attempts are left, is reported before the SDK waits its backoff.
 */
export function installRetryReporting(client: DynamoDBClient, where: { connection?: string; region?: string }, poolListener?: RetryListener): void {
  client.middlewareStack.addRelativeTo(
    (next: FinalizeHandler<object, MetadataBearer>, context: HandlerExecutionContext) => async (args: FinalizeHandlerArguments<object>) => {
      try {
        return await next(args);
      } catch (err) {
        const reason = retryReason(err);
        const header = (args.request as { headers?: Record<string, string> } | undefined)?.headers?.['amz-sdk-request'] ?? '';
        const counts = /attempt=(\d+); max=(\d+)/.exec(header);
        if (reason && counts) {
          const e = err as { name?: string; code?: string };
          const notice: RetryNotice = {
            reason,
            operation: operationName(String(context.commandName ?? '')),
            table: requestTable(args.input),
            attempt: Number(counts[1]),
            maxAttempts: Number(counts[2]),
            errorCode: e.code && /^E[A-Z]+$/.test(e.code) ? e.code : e.name,
            ...where,
          };
          if (notice.attempt < notice.maxAttempts) {
            if (poolListener) callSafely(poolListener, notice);
            reportRetry(notice);
          } else if (poolListener) {
            callSafely(poolListener, { ...notice, final: true });
          }
        }
        throw err;
      }
    },
    { relation: 'after', toMiddleware: 'retryMiddleware', name: 'dynamodbStudioRetryReporting', override: true },
  );
}
