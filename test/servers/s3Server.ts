// A minimal S3-compatible server for tests: path-style REST with S3's XML answers, objects kept in memory.
// Enough for what DynamoDB's Export to S3 and Import from S3 need on the S3 side: ListBuckets, CreateBucket,
// HeadBucket, DeleteBucket, ListObjectsV2 (prefix, delimiter, continuation), PutObject, GetObject, HeadObject and
// DeleteObject. Request signatures are not checked (any keys work, as with DynamoDB Local); bodies sent by the SDK
// with `aws-chunked` encoding (streaming uploads with checksum trailers) are decoded.
import * as crypto from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

interface StoredObject {
  body: Buffer;
  etag: string;
  lastModified: Date;
  contentType: string;
}

export interface S3TestServer {
  endpoint: string;
  /** Buckets and their objects, for tests that look behind the API. */
  readonly buckets: Map<string, Map<string, StoredObject>>;
  /** Requests served, by operation name (e.g. GetObject). */
  readonly requests: Map<string, number>;
  createBucket(name: string): void;
  stop(): Promise<void>;
}

const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Decodes an aws-chunked body: `<hex size>[;chunk-signature=…]\r\n<data>\r\n` … `0\r\n<trailers>\r\n\r\n`. */
export function decodeAwsChunked(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = raw.indexOf('\r\n', at);
    if (lineEnd < 0) throw new Error('aws-chunked body ends inside a chunk header');
    const size = parseInt(raw.subarray(at, lineEnd).toString('latin1').split(';')[0], 16);
    if (!Number.isFinite(size)) throw new Error('aws-chunked chunk header without a size');
    at = lineEnd + 2;
    if (size === 0) return Buffer.concat(parts);
    parts.push(raw.subarray(at, at + size));
    at += size + 2;
  }
}

export async function startS3Server(options: { port?: number } = {}): Promise<S3TestServer> {
  const buckets = new Map<string, Map<string, StoredObject>>();
  const requests = new Map<string, number>();
  const count = (op: string) => requests.set(op, (requests.get(op) ?? 0) + 1);

  const send = (res: http.ServerResponse, status: number, body: string | Buffer = '', headers: Record<string, string> = {}) => {
    const data = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    res.writeHead(status, { 'x-amz-request-id': crypto.randomBytes(8).toString('hex').toUpperCase(), 'content-length': String(data.length), ...headers });
    res.end(data);
  };
  const xml = (res: http.ServerResponse, status: number, body: string) =>
    send(res, status, `<?xml version="1.0" encoding="UTF-8"?>\n${body}`, { 'content-type': 'application/xml' });
  const error = (res: http.ServerResponse, status: number, code: string, message: string, extra = '') =>
    xml(res, status, `<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message>${extra}<RequestId>${crypto.randomBytes(8).toString('hex')}</RequestId></Error>`);
  const noSuchBucket = (res: http.ServerResponse, bucket: string) =>
    error(res, 404, 'NoSuchBucket', 'The specified bucket does not exist', `<BucketName>${xmlEscape(bucket)}</BucketName>`);

  const readBody = (req: http.IncomingMessage): Promise<Buffer> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((err: Error) => error(res, 500, 'InternalError', err.message));
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const segments = url.pathname.split('/');
    const bucketName = decodeURIComponent(segments[1] ?? '');
    const key = segments.slice(2).map(decodeURIComponent).join('/');
    const raw = await readBody(req);
    const method = req.method ?? 'GET';

    if (!bucketName) {
      count('ListBuckets');
      const list = [...buckets.keys()].sort().map((b) => `<Bucket><Name>${xmlEscape(b)}</Name><CreationDate>2026-01-01T00:00:00.000Z</CreationDate></Bucket>`);
      return xml(res, 200, `<ListAllMyBucketsResult><Owner><ID>local</ID></Owner><Buckets>${list.join('')}</Buckets></ListAllMyBucketsResult>`);
    }
    const bucket = buckets.get(bucketName);
    if (!key) {
      switch (method) {
        case 'PUT':
          count('CreateBucket');
          if (bucket) return error(res, 409, 'BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.');
          buckets.set(bucketName, new Map());
          return send(res, 200, '', { location: `/${bucketName}` });
        case 'HEAD':
          count('HeadBucket');
          return bucket ? send(res, 200) : send(res, 404);
        case 'DELETE':
          count('DeleteBucket');
          if (!bucket) return noSuchBucket(res, bucketName);
          if (bucket.size) return error(res, 409, 'BucketNotEmpty', 'The bucket you tried to delete is not empty');
          buckets.delete(bucketName);
          return send(res, 204);
        case 'GET': {
          if (url.searchParams.has('location')) {
            count('GetBucketLocation');
            if (!bucket) return noSuchBucket(res, bucketName);
            return xml(res, 200, '<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></LocationConstraint>');
          }
          count('ListObjectsV2');
          if (!bucket) return noSuchBucket(res, bucketName);
          return listObjects(res, bucketName, bucket, url.searchParams);
        }
        default:
          return error(res, 405, 'MethodNotAllowed', `${method} is not allowed on a bucket here`);
      }
    }
    if (!bucket) return noSuchBucket(res, bucketName);
    switch (method) {
      case 'PUT': {
        count('PutObject');
        if (req.headers['x-amz-copy-source']) return error(res, 501, 'NotImplemented', 'CopyObject is not implemented by this test server');
        const chunked = /aws-chunked/.test(String(req.headers['content-encoding'] ?? '')) || /^STREAMING-/.test(String(req.headers['x-amz-content-sha256'] ?? ''));
        const body = chunked ? decodeAwsChunked(raw) : raw;
        const etag = `"${crypto.createHash('md5').update(body).digest('hex')}"`;
        bucket.set(key, { body, etag, lastModified: new Date(), contentType: String(req.headers['content-type'] ?? 'application/octet-stream') });
        return send(res, 200, '', { etag });
      }
      case 'GET':
      case 'HEAD': {
        count(method === 'GET' ? 'GetObject' : 'HeadObject');
        const object = bucket.get(key);
        if (!object) {
          return method === 'HEAD' ? send(res, 404) : error(res, 404, 'NoSuchKey', 'The specified key does not exist.', `<Key>${xmlEscape(key)}</Key>`);
        }
        const headers = { etag: object.etag, 'last-modified': object.lastModified.toUTCString(), 'content-type': object.contentType };
        if (method === 'HEAD') {
          res.writeHead(200, { ...headers, 'content-length': String(object.body.length) });
          return void res.end();
        }
        return send(res, 200, object.body, headers);
      }
      case 'DELETE':
        count('DeleteObject');
        bucket.delete(key);
        return send(res, 204);
      default:
        return error(res, 405, 'MethodNotAllowed', `${method} is not allowed on an object here`);
    }
  }

  function listObjects(res: http.ServerResponse, name: string, bucket: Map<string, StoredObject>, params: URLSearchParams): void {
    const prefix = params.get('prefix') ?? '';
    const delimiter = params.get('delimiter') ?? '';
    const maxKeys = Math.min(1000, Number(params.get('max-keys') ?? 1000) || 1000);
    const after = params.get('continuation-token') ? Buffer.from(params.get('continuation-token')!, 'base64').toString('utf8') : (params.get('start-after') ?? '');
    const keys = [...bucket.keys()].filter((k) => k.startsWith(prefix) && k > after).sort();
    const contents: string[] = [];
    const commonPrefixes = new Set<string>();
    let last = '';
    let truncated = false;
    for (const k of keys) {
      if (contents.length + commonPrefixes.size >= maxKeys) {
        truncated = true;
        break;
      }
      last = k;
      const cut = delimiter ? k.indexOf(delimiter, prefix.length) : -1;
      if (cut >= 0) {
        commonPrefixes.add(k.slice(0, cut + delimiter.length));
        continue;
      }
      const o = bucket.get(k)!;
      contents.push(`<Contents><Key>${xmlEscape(k)}</Key><LastModified>${o.lastModified.toISOString()}</LastModified><ETag>${xmlEscape(o.etag)}</ETag><Size>${o.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`);
    }
    const token = truncated ? `<NextContinuationToken>${Buffer.from(last, 'utf8').toString('base64')}</NextContinuationToken>` : '';
    const prefixes = [...commonPrefixes].map((p) => `<CommonPrefixes><Prefix>${xmlEscape(p)}</Prefix></CommonPrefixes>`).join('');
    xml(
      res,
      200,
      `<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${xmlEscape(name)}</Name><Prefix>${xmlEscape(prefix)}</Prefix>` +
        `<KeyCount>${contents.length + commonPrefixes.size}</KeyCount><MaxKeys>${maxKeys}</MaxKeys>${delimiter ? `<Delimiter>${xmlEscape(delimiter)}</Delimiter>` : ''}` +
        `<IsTruncated>${truncated}</IsTruncated>${contents.join('')}${prefixes}${token}</ListBucketResult>`,
    );
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    buckets,
    requests,
    createBucket: (name) => void (buckets.has(name) || buckets.set(name, new Map())),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
