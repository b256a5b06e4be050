// A read-only table of generated items behind DynamoDB's JSON 1.0 protocol: DescribeTable and Scan (Limit,
// ExclusiveStartKey, parallel Segment/TotalSegments) answered the way DynamoDB answers them, so the SDK and the
// product's query runner read it exactly as they read DynamoDB. It exists for sizes DynamoDB Local loads too slowly
// (a million items take many minutes to write there) and for failures in the middle of a read: after
// `failAfterPages` pages every request gets an InternalServerError, as from an endpoint that went away.
//
// Item i (0-based) has the key { pk: S "customer#…", sk: N "i" }: the sort key is the item's number, which is how a
// LastEvaluatedKey finds where to continue. Segment s of n holds the items with i % n === s.
//
// Run alone (a child process, so a bench measures its own heap only):
//   node out/test/servers/scanServer.js <items>   prints "listening <url>" and serves until killed.
import * as crypto from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError } from './apiError';

type Value = { S: string } | { N: string } | { BOOL: boolean } | { SS: string[] };
export type GeneratedItem = Record<string, Value>;

export const GENERATED_TABLE = 'Generated';

/** About 250 bytes per item as DynamoDB counts them (the shape of bench/scan.ts). */
export function generatedItem(i: number): GeneratedItem {
  return {
    pk: { S: `customer#${String(i % 5000).padStart(5, '0')}` },
    sk: { N: String(i) },
    status: { S: ['OPEN', 'CLOSED', 'HELD'][i % 3] },
    total: { N: `${(i * 7) % 100000}.${i % 100}` },
    createdAt: { S: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString() },
    note: { S: `order note ${i} `.padEnd(120, 'x') },
    tags: { SS: ['a', `t${i % 10}`] },
    flag: { BOOL: i % 2 === 0 },
  };
}

export interface ScanServerOptions {
  items: number;
  /** Items per page when the request gives no Limit: about DynamoDB's 1 MB page for items of this size. */
  pageItems?: number;
  /** Answer InternalServerError to every request after this many Scan pages. */
  failAfterPages?: number;
}

export interface ScanServer {
  endpoint: string;
  /** Scan pages answered so far. */
  pages(): number;
  close(): Promise<void>;
}

function describeTable(count: number) {
  return {
    Table: {
      TableName: GENERATED_TABLE,
      TableStatus: 'ACTIVE',
      TableArn: `arn:aws:dynamodb:ddblocal:000000000000:table/${GENERATED_TABLE}`,
      ItemCount: count,
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'N' },
      ],
      BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
    },
  };
}

interface ScanInput {
  TableName?: string;
  Limit?: number;
  Segment?: number;
  TotalSegments?: number;
  ExclusiveStartKey?: { sk?: { N?: string } };
}

function scanPage(input: ScanInput, options: Required<Pick<ScanServerOptions, 'items' | 'pageItems'>>): string {
  if (input.TableName !== GENERATED_TABLE) throw new ApiError('com.amazonaws.dynamodb.v20120810#ResourceNotFoundException', 'Requested resource not found');
  const segments = input.TotalSegments ?? 1;
  const segment = input.Segment ?? 0;
  if (!(segment >= 0 && segment < segments)) throw new ApiError('com.amazon.coral.validate#ValidationException', `The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: ${segment} is not less than TotalSegments: ${segments}`);
  const limit = input.Limit ?? options.pageItems;
  const after = input.ExclusiveStartKey?.sk?.N;
  let i = after === undefined ? segment : Number(after) + segments;
  const lines: string[] = [];
  let last = -1;
  for (; i < options.items && lines.length < limit; i += segments) {
    lines.push(JSON.stringify(generatedItem(i)));
    last = i;
  }
  const more = i < options.items;
  const lastKey = more && last >= 0 ? `,"LastEvaluatedKey":${JSON.stringify({ pk: generatedItem(last).pk, sk: generatedItem(last).sk })}` : '';
  return `{"Count":${lines.length},"Items":[${lines.join(',')}]${lastKey},"ScannedCount":${lines.length}}`;
}

export function startScanServer(options: ScanServerOptions): Promise<ScanServer> {
  const settings = { items: options.items, pageItems: options.pageItems ?? 4000 };
  let pages = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      let status = 200;
      let body: string;
      try {
        const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as ScanInput;
        if (options.failAfterPages !== undefined && pages >= options.failAfterPages) throw new ApiError('com.amazonaws.dynamodb.v20120810#InternalServerError', 'Internal server error', 500);
        if (operation === 'DescribeTable') body = JSON.stringify(describeTable(settings.items));
        else if (operation === 'Scan') {
          body = scanPage(input, settings);
          pages++;
        } else throw new ApiError('com.amazon.coral.service#UnknownOperationException', `This server answers DescribeTable and Scan only, not ${operation || 'this request'}.`);
      } catch (err) {
        const e = err instanceof ApiError ? err : new ApiError('com.amazon.coral.validate#ValidationException', (err as Error).message);
        status = e.status;
        body = JSON.stringify({ __type: e.type, message: e.message });
      }
      const data = Buffer.from(body, 'utf8');
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'content-length': String(data.length), 'x-amzn-requestid': crypto.randomUUID() });
      res.end(data);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        endpoint: `http://127.0.0.1:${port}`,
        pages: () => pages,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

if (require.main === module) {
  const items = Number(process.argv[2]);
  if (!Number.isInteger(items) || items < 0) {
    console.error('Usage: node scanServer.js <number of items>');
    process.exit(2);
  }
  void startScanServer({ items }).then((s) => console.log(`listening ${s.endpoint}`));
}
