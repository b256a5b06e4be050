// A loopback HTTP proxy between the SDK and DynamoDB Local that injects faults on chosen requests: delays, dropped
// connections (before forwarding, or after DynamoDB Local has already applied the request) and DynamoDB
// JSON-protocol errors with the shapes AWS sends. It counts requests per operation and records every write
// DynamoDB Local confirmed, so a test can tell a lost write from one applied twice.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** AWS error names the proxy can answer with. */
export type FaultName =
  | 'ProvisionedThroughputExceededException'
  | 'ThrottlingException'
  | 'InternalServerError'
  | 'AccessDeniedException'
  | 'ExpiredTokenException';

interface FaultShape {
  status: number;
  /** The `__type` DynamoDB sends: namespace#Name. */
  type: string;
  message: string;
}

/** Status, type and message as DynamoDB's JSON protocol returns them. */
export const FAULT_SHAPES: Readonly<Record<FaultName, FaultShape>> = {
  ProvisionedThroughputExceededException: {
    status: 400,
    type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
    message: 'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
  },
  ThrottlingException: {
    status: 400,
    type: 'com.amazon.coral.availability#ThrottlingException',
    message: 'Rate of requests exceeds the allowed throughput.',
  },
  InternalServerError: {
    status: 500,
    type: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
    message: 'Internal server error',
  },
  AccessDeniedException: {
    status: 400,
    type: 'com.amazon.coral.service#AccessDeniedException',
    message: 'User: arn:aws:iam::000000000000:user/tester is not authorized to perform this action on the table because no identity-based policy allows it',
  },
  ExpiredTokenException: {
    status: 400,
    type: 'com.amazon.coral.service#ExpiredTokenException',
    message: 'The security token included in the request is expired',
  },
};

export type FaultAction =
  | { kind: 'forward' }
  /** Waits, then forwards (also when the client has given up meanwhile: the write still happens). */
  | { kind: 'delay'; ms: number }
  /** Destroys the client's socket without forwarding: nothing reaches DynamoDB Local. */
  | { kind: 'dropBefore' }
  /** Forwards, waits for DynamoDB Local's answer, then destroys the client's socket: applied, never acknowledged. */
  | { kind: 'dropAfter' }
  | { kind: 'error'; fault: FaultName; message?: string }
  /**
   * BatchWriteItem only: forwards the first `keep` write requests and answers the others as UnprocessedItems, as
   * DynamoDB does when a table's capacity runs out in the middle of a batch.
   */
  | { kind: 'partialBatch'; keep: number };

/** Which requests a rule applies to. Counts are 1-based, per operation when `operation` is set, else over all. */
export interface FaultRule {
  /** Operation name as in X-Amz-Target after the dot, e.g. 'BatchWriteItem'; any when omitted. */
  operation?: string;
  /** Only requests naming this table (TableName, or a key of RequestItems). */
  table?: string;
  /** The nth matching request only. */
  nth?: number;
  /** The first N matching requests. */
  first?: number;
  /** The nth matching request and every later one. */
  from?: number;
  action: FaultAction;
}

/** A write DynamoDB Local confirmed: the item (Put) or key (Update/Delete) in wire format. */
export interface AppliedWrite {
  operation: string;
  table: string;
  /** DynamoDB JSON, as sent on the wire. */
  attributes: Record<string, unknown>;
}

export interface OperationCounts {
  received: number;
  forwarded: number;
  faulted: number;
}

export interface FaultProxy {
  endpoint: string;
  /** Replaces the rules and resets the request counts the rules match on. */
  setRules(rules: FaultRule[]): void;
  /** Counts per operation since the last reset. */
  counts(operation: string): OperationCounts;
  /** Every operation the proxy received since the last reset, in the order first seen. */
  operations(): string[];
  /** Every write confirmed by DynamoDB Local since the last reset. */
  readonly applied: readonly AppliedWrite[];
  /** Clears rules, counts and the applied-write log. */
  reset(): void;
  /** Resolves when no request is being delayed or forwarded. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

interface RequestInfo {
  operation: string;
  tables: string[];
  body: Record<string, unknown> | undefined;
}

function describeRequest(target: string | undefined, raw: Buffer): RequestInfo {
  const operation = (target ?? '').split('.').pop() ?? '';
  let body: Record<string, unknown> | undefined;
  try {
    body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
  } catch {
    body = undefined;
  }
  const tables: string[] = [];
  if (typeof body?.TableName === 'string') tables.push(body.TableName);
  if (body?.RequestItems && typeof body.RequestItems === 'object') tables.push(...Object.keys(body.RequestItems));
  return { operation, tables, body };
}

/** The writes a successful answer confirms. */
function appliedWrites(info: RequestInfo, response: Buffer): AppliedWrite[] {
  const body = info.body;
  if (!body) return [];
  const table = typeof body.TableName === 'string' ? body.TableName : '';
  switch (info.operation) {
    case 'PutItem':
      return [{ operation: 'PutItem', table, attributes: body.Item as Record<string, unknown> }];
    case 'UpdateItem':
    case 'DeleteItem':
      return [{ operation: info.operation, table, attributes: body.Key as Record<string, unknown> }];
    case 'BatchWriteItem': {
      let unprocessed: Record<string, unknown[]> = {};
      try {
        unprocessed = (JSON.parse(response.toString('utf8')) as { UnprocessedItems?: Record<string, unknown[]> }).UnprocessedItems ?? {};
      } catch {
        // an unreadable answer confirms nothing beyond the status
      }
      const out: AppliedWrite[] = [];
      for (const [name, requests] of Object.entries(body.RequestItems as Record<string, { PutRequest?: { Item: Record<string, unknown> }; DeleteRequest?: { Key: Record<string, unknown> } }[]>)) {
        const left = new Set((unprocessed[name] ?? []).map((r) => JSON.stringify(r)));
        for (const r of requests) {
          if (left.has(JSON.stringify(r))) continue;
          if (r.PutRequest) out.push({ operation: 'BatchWriteItem', table: name, attributes: r.PutRequest.Item });
          else if (r.DeleteRequest) out.push({ operation: 'BatchWriteItem', table: name, attributes: r.DeleteRequest.Key });
        }
      }
      return out;
    }
    case 'TransactWriteItems': {
      const out: AppliedWrite[] = [];
      for (const t of (body.TransactItems ?? []) as { Put?: { TableName: string; Item: Record<string, unknown> }; Delete?: { TableName: string; Key: Record<string, unknown> }; Update?: { TableName: string; Key: Record<string, unknown> } }[]) {
        if (t.Put) out.push({ operation: 'TransactWriteItems', table: t.Put.TableName, attributes: t.Put.Item });
        else if (t.Delete) out.push({ operation: 'TransactWriteItems', table: t.Delete.TableName, attributes: t.Delete.Key });
        else if (t.Update) out.push({ operation: 'TransactWriteItems', table: t.Update.TableName, attributes: t.Update.Key });
      }
      return out;
    }
    default:
      return [];
  }
}

type WriteRequests = Record<string, unknown[]>;

/** Splits a BatchWriteItem body: the first `keep` requests are sent, the others come back as unprocessed. */
function splitBatch(body: Record<string, unknown>, keep: number): { sent: Record<string, unknown>; withheld: WriteRequests } {
  const sent: WriteRequests = {};
  const withheld: WriteRequests = {};
  let left = keep;
  for (const [table, requests] of Object.entries(body.RequestItems as WriteRequests)) {
    const n = Math.max(0, Math.min(left, requests.length));
    if (n > 0) sent[table] = requests.slice(0, n);
    if (n < requests.length) withheld[table] = requests.slice(n);
    left -= n;
  }
  return { sent: { ...body, RequestItems: sent }, withheld };
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const upstreamSockets = new http.Agent({ keepAlive: true, maxSockets: 32 });
  let rules: FaultRule[] = [];
  const ruleHits = new Map<FaultRule, number>();
  const counts = new Map<string, OperationCounts>();
  const applied: AppliedWrite[] = [];
  const transactTokens = new Set<string>();
  let busy = 0;
  let idleWaiters: (() => void)[] = [];

  const countsOf = (operation: string): OperationCounts => {
    let c = counts.get(operation);
    if (!c) counts.set(operation, (c = { received: 0, forwarded: 0, faulted: 0 }));
    return c;
  };

  const choose = (info: RequestInfo): FaultAction => {
    let chosen: FaultAction | undefined;
    for (const rule of rules) {
      if (rule.operation !== undefined && rule.operation !== info.operation) continue;
      if (rule.table !== undefined && !info.tables.includes(rule.table)) continue;
      const n = (ruleHits.get(rule) ?? 0) + 1;
      ruleHits.set(rule, n);
      const applies = rule.nth !== undefined ? n === rule.nth : rule.first !== undefined ? n <= rule.first : rule.from !== undefined ? n >= rule.from : true;
      // Every matching rule counts the request; the first that applies decides.
      if (applies) chosen ??= rule.action;
    }
    return chosen ?? { kind: 'forward' };
  };

  const forward = (req: http.IncomingMessage, raw: Buffer, info: RequestInfo): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer } | undefined> =>
    new Promise((resolve) => {
      countsOf(info.operation).forwarded++;
      // DynamoDB Local does not check the signature of the body, so a rewritten body only needs its new length.
      const headers = { ...req.headers, 'content-length': String(raw.length) };
      const out = http.request(
        { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers, agent: upstreamSockets },
        (up) => {
          const chunks: Buffer[] = [];
          up.on('data', (c: Buffer) => chunks.push(c));
          up.on('end', () => {
            const body = Buffer.concat(chunks);
            const status = up.statusCode ?? 502;
            // A TransactWriteItems sent again with the same ClientRequestToken is answered without being applied again.
            const token = info.operation === 'TransactWriteItems' ? info.body?.ClientRequestToken : undefined;
            if (status === 200 && !(typeof token === 'string' && transactTokens.has(token))) applied.push(...appliedWrites(info, body));
            if (status === 200 && typeof token === 'string') transactTokens.add(token);
            resolve({ status, headers: up.headers, body });
          });
          up.on('error', () => resolve(undefined));
        },
      );
      out.on('error', () => resolve(undefined));
      out.end(raw);
    });

  const answer = (res: http.ServerResponse, status: number, headers: http.OutgoingHttpHeaders, body: Buffer | string) => {
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(status, headers);
    res.end(body);
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse, raw: Buffer) => {
    const info = describeRequest(req.headers['x-amz-target'] as string | undefined, raw);
    countsOf(info.operation).received++;
    const action = choose(info);
    switch (action.kind) {
      case 'dropBefore':
        countsOf(info.operation).faulted++;
        req.socket.destroy();
        return;
      case 'error': {
        countsOf(info.operation).faulted++;
        const shape = FAULT_SHAPES[action.fault];
        const name = shape.type.split('#')[1];
        const body = JSON.stringify({ __type: shape.type, message: action.message ?? shape.message });
        answer(res, shape.status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': `${name}:`, 'x-amzn-requestid': `fault-${Date.now()}`, 'content-length': Buffer.byteLength(body) }, body);
        return;
      }
      case 'delay':
        countsOf(info.operation).faulted++;
        await new Promise((resolve) => setTimeout(resolve, action.ms));
        break;
      case 'dropAfter':
        countsOf(info.operation).faulted++;
        await forward(req, raw, info);
        req.socket.destroy();
        return;
      case 'partialBatch': {
        if (info.operation !== 'BatchWriteItem' || !info.body) break;
        countsOf(info.operation).faulted++;
        const { sent, withheld } = splitBatch(info.body, action.keep);
        const sentRaw = Buffer.from(JSON.stringify(sent));
        const sentInfo = { ...info, body: sent };
        let upstreamUnprocessed: WriteRequests = {};
        let status = 200;
        if (Object.keys(sent.RequestItems as WriteRequests).length > 0) {
          const result = await forward(req, sentRaw, sentInfo);
          if (!result) return void req.socket.destroy();
          if (result.status !== 200) return answer(res, result.status, result.headers, result.body);
          status = result.status;
          upstreamUnprocessed = (JSON.parse(result.body.toString('utf8')) as { UnprocessedItems?: WriteRequests }).UnprocessedItems ?? {};
        }
        const unprocessed: WriteRequests = { ...upstreamUnprocessed };
        for (const [table, requests] of Object.entries(withheld)) unprocessed[table] = [...(unprocessed[table] ?? []), ...requests];
        const reply = JSON.stringify({ UnprocessedItems: unprocessed });
        answer(res, status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `fault-${Date.now()}`, 'content-length': Buffer.byteLength(reply) }, reply);
        return;
      }
      case 'forward':
        break;
    }
    const result = await forward(req, raw, info);
    if (!result) {
      req.socket.destroy();
      return;
    }
    answer(res, result.status, result.headers, result.body);
  };

  const server = http.createServer((req, res) => {
    busy++;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks)).finally(() => {
        busy--;
        if (busy === 0) {
          const waiters = idleWaiters;
          idleWaiters = [];
          for (const w of waiters) w();
        }
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    setRules(next) {
      rules = [...next];
      ruleHits.clear();
    },
    counts: (operation) => ({ ...countsOf(operation) }),
    operations: () => [...counts].filter(([, c]) => c.received > 0).map(([operation]) => operation),
    get applied() {
      return applied;
    },
    reset() {
      rules = [];
      ruleHits.clear();
      counts.clear();
      applied.length = 0;
    },
    idle: () => (busy === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve))),
    close: () =>
      new Promise<void>((resolve) => {
        upstreamSockets.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
