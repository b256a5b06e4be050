// One S3 client per connection and region, for DynamoDB's export and import jobs: same credentials as the
// connection's DynamoDB client, the connection's S3 endpoint when it names one (path-style addressing, as
// S3-compatible servers expect). The SDK module is loaded on first use.
import type { S3Client } from '@aws-sdk/client-s3';
import type { CredentialsResolver } from '../aws/clientPool';
import type { Connection } from '../aws/connections';
import { toStudioError } from '../../model/errors';

export class S3ClientPool {
  private readonly clients = new Map<string, Promise<S3Client>>();

  constructor(private readonly resolveCredentials: CredentialsResolver) {}

  get(connection: Connection, region: string): Promise<S3Client> {
    const key = `${connection.id}\u0000${region}\u0000${connection.s3Endpoint ?? ''}`;
    let client = this.clients.get(key);
    if (!client) {
      client = createS3Client(connection, region, this.resolveCredentials);
      client.catch(() => this.clients.delete(key));
      this.clients.set(key, client);
    }
    return client;
  }

  invalidate(): void {
    for (const client of this.clients.values()) client.then((c) => c.destroy(), () => undefined);
    this.clients.clear();
  }

  dispose(): void {
    this.invalidate();
  }
}

async function createS3Client(connection: Connection, region: string, resolveCredentials: CredentialsResolver): Promise<S3Client> {
  const { S3Client } = await import('@aws-sdk/client-s3');
  return new S3Client({
    region,
    credentials: await resolveCredentials(connection),
    ...(connection.s3Endpoint ? { endpoint: connection.s3Endpoint, forcePathStyle: true } : {}),
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 5000, requestTimeout: 60000, throwOnRequestTimeout: true },
  });
}

/** The names of the buckets the credentials can list, sorted; S3 errors in words. */
export async function listBucketNames(s3: S3Client): Promise<string[]> {
  const { ListBucketsCommand } = await import('@aws-sdk/client-s3');
  try {
    const out = await s3.send(new ListBucketsCommand({}));
    return (out.Buckets ?? []).map((b) => b.Name ?? '').filter(Boolean).sort();
  } catch (err) {
    throw toStudioError(err, { operation: 'Listing S3 buckets' });
  }
}
