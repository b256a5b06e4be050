// What the services need to know about the endpoint a client talks to: where it points (for messages) and
// whether an error means the endpoint lacks an operation (DynamoDB Local has no tags, backups or PITR).
import { StudioError } from '../../model/errors';

/** Error names with which DynamoDB-compatible endpoints say they lack an operation. */
const UNSUPPORTED_CODES = new Set(['UnknownOperationException', 'UnsupportedOperation', 'UnsupportedOperationException', 'NotImplemented']);

/** True when the error says the endpoint lacks the operation. */
export function isUnsupportedOperation(err: StudioError): boolean {
  if (err.kind === 'unsupported') return true;
  if (err.awsCode && UNSUPPORTED_CODES.has(err.awsCode)) return true;
  return (
    err.kind !== 'endpointUnreachable' &&
    err.kind !== 'cancelled' &&
    /not (currently |yet )?(supported|implemented)|unsupported operation|unknown operation/i.test(err.message)
  );
}

export interface ClientLocation {
  endpoint?: string;
  region?: string;
}

/** Where a client points (custom endpoint, else region), for error messages. */
export async function clientLocation(client: { config: unknown }): Promise<ClientLocation> {
  const config = client.config as {
    region?: () => Promise<string>;
    endpoint?: () => Promise<{ protocol: string; hostname: string; port?: number; path?: string }>;
  };
  const location: ClientLocation = {};
  try {
    location.region = typeof config.region === 'function' ? await config.region() : undefined;
  } catch {
    // a failing region provider fails the request too, with its own message
  }
  try {
    const endpoint = typeof config.endpoint === 'function' ? await config.endpoint() : undefined;
    if (endpoint) {
      const port = endpoint.port ? `:${endpoint.port}` : '';
      location.endpoint = `${endpoint.protocol}//${endpoint.hostname}${port}${endpoint.path && endpoint.path !== '/' ? endpoint.path : ''}`;
    }
  } catch {
    // no custom endpoint: the region names the place
  }
  return location;
}
