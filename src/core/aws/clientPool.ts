// One DynamoDB client per connection and region, created on first use. The SDK module itself is loaded lazily
// so that activating the extension costs nothing until the first request.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { Connection } from './connections';
import { installReadOnlyGuard } from './readOnlyGuard';
import { StudioError } from '../errors';

export type CredentialsResolver = (connection: Connection) => Promise<AwsCredentialIdentity | AwsCredentialIdentityProvider>;

export interface ClientPoolOptions {
  /** Attempts per request, including the first (the SDK's standard retry with backoff and jitter). */
  maxAttempts?: number;
  /** Milliseconds to establish a connection before giving up. */
  connectionTimeoutMs?: number;
  /** Milliseconds of socket inactivity before a request fails. */
  requestTimeoutMs?: number;
  /** Read the connection's current read-only flag (it can change while clients exist). */
  isReadOnly?: (connectionId: string) => boolean;
}

export class DynamoClientPool {
  private readonly clients = new Map<string, Promise<DynamoDBClient>>();

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
      client = this.create(connection, region);
      client.catch(() => this.clients.delete(key));
      this.clients.set(key, client);
    }
    return client;
  }

  /** Drops cached clients (all, or those of one connection) so that new credentials and settings apply. */
  invalidate(connectionId?: string): void {
    for (const [key, client] of this.clients) {
      if (connectionId === undefined || key.startsWith(`${connectionId}\u0000`)) {
        this.clients.delete(key);
        client.then((c) => c.destroy(), () => undefined);
      }
    }
  }

  dispose(): void {
    this.invalidate();
  }

  private async create(connection: Connection, region: string): Promise<DynamoDBClient> {
    const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
    const credentials = await this.resolveCredentials(connection);
    const client = new DynamoDBClient({
      region,
      endpoint: connection.endpoint,
      credentials,
      maxAttempts: this.options.maxAttempts ?? 3,
      requestHandler: {
        connectionTimeout: this.options.connectionTimeoutMs ?? 5000,
        requestTimeout: this.options.requestTimeoutMs ?? 30000,
        // Without this the handler only logs a warning and keeps waiting on a hung endpoint.
        throwOnRequestTimeout: true,
      },
    });
    const isReadOnly = this.options.isReadOnly;
    installReadOnlyGuard(client, connection.name, () => (isReadOnly ? isReadOnly(connection.id) : connection.readOnly));
    return client;
  }
}
