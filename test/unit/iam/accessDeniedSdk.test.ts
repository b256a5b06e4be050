// The real @aws-sdk/client-dynamodb receives a real AccessDeniedException answer (status, header and body as
// DynamoDB sends them) from a local HTTP server; the error it throws is what explainAccessDenied must read.
// This exercises our parsing of an SDK error, not DynamoDB behaviour.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { describeAccessDenied, explainAccessDenied, policyForAccessDenied } from '../../../src/model/iam/accessDenied';
import { toStudioError } from '../../../src/model/errors';
import { IamPolicyRules } from './support/iamPolicyRules';

const PRINCIPAL = 'arn:aws:sts::123456789012:assumed-role/ReadOnlyRole/dev-session';
const TABLE_ARN = 'arn:aws:dynamodb:us-east-1:123456789012:table/Orders';

interface SeenRequest {
  target?: string;
  body: string;
}

describe('AccessDenied from the AWS SDK', () => {
  let server: http.Server;
  let endpoint: string;
  let client: DynamoDBClient;
  const seen: SeenRequest[] = [];
  let answerWith = (_req: SeenRequest) => '';

  before(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const request = { target: req.headers['x-amz-target'] as string | undefined, body: Buffer.concat(chunks).toString('utf8') };
        seen.push(request);
        const body = JSON.stringify({ __type: 'com.amazon.coral.service#AccessDeniedException', Message: answerWith(request) });
        res.writeHead(400, {
          'Content-Type': 'application/x-amz-json-1.0',
          'x-amzn-ErrorType': 'AccessDeniedException',
          'x-amzn-RequestId': 'R5N0A3C2VJ8S7QF4TK1E6H9UGBVV4KQNSO5AEMVJF66Q9ASUAAJG',
          'Content-Length': Buffer.byteLength(body),
        });
        res.end(body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY' },
      maxAttempts: 1,
    });
  });

  after(async () => {
    client?.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function scanError(): Promise<unknown> {
    try {
      await client.send(new ScanCommand({ TableName: 'Orders', Limit: 10 }));
    } catch (err) {
      return err;
    }
    assert.fail('the Scan should have failed with AccessDeniedException');
  }

  it('reads action, resource, principal and reason from the error ScanCommand throws', async () => {
    answerWith = (req) => {
      const table = (JSON.parse(req.body) as { TableName: string }).TableName;
      return `User: ${PRINCIPAL} is not authorized to perform: dynamodb:Scan on resource: arn:aws:dynamodb:us-east-1:123456789012:table/${table} because no identity-based policy allows the dynamodb:Scan action`;
    };
    const err = await scanError();
    // The request really was a signed Scan of the table.
    assert.equal(seen.at(-1)?.target, 'DynamoDB_20120810.Scan');
    assert.equal((err as Error).name, 'AccessDeniedException');
    assert.equal((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode, 400);

    const explanation = explainAccessDenied(err);
    assert.deepEqual(explanation, {
      principal: PRINCIPAL,
      action: 'dynamodb:Scan',
      resource: TABLE_ARN,
      reason: 'no identity-based policy allows the dynamodb:Scan action',
      denyKind: 'implicit',
      policyType: 'identity-based policy',
      suggestedLevel: 'read-only',
    });

    const { policy, level } = policyForAccessDenied(explanation!);
    assert.equal(level, 'read-only');
    const rules = new IamPolicyRules();
    assert.deepEqual(rules.check(policy), []);
    assert.ok(rules.allows(policy, 'dynamodb:Scan', TABLE_ARN));
  });

  it('reads an explicit deny after the error went through toStudioError', async () => {
    answerWith = () =>
      `User: ${PRINCIPAL} is not authorized to perform: dynamodb:Scan on resource: ${TABLE_ARN} with an explicit deny in an identity-based policy: arn:aws:iam::123456789012:policy/NoScans`;
    const studioError = toStudioError(await scanError(), { operation: 'Scan Orders', endpoint });
    assert.equal(studioError.kind, 'accessDenied');
    const explanation = explainAccessDenied(studioError);
    assert.equal(explanation?.action, 'dynamodb:Scan');
    assert.equal(explanation?.resource, TABLE_ARN);
    assert.equal(explanation?.denyKind, 'explicit');
    assert.equal(explanation?.policyArn, 'arn:aws:iam::123456789012:policy/NoScans');
    const message = describeAccessDenied(explanation!, 'Scan Orders');
    assert.match(message, /^Scan Orders failed: access denied\./);
    assert.match(message, /dynamodb:Scan on arn:aws:dynamodb:us-east-1:123456789012:table\/Orders/);
    assert.match(message, /arn:aws:iam::123456789012:policy\/NoScans/);
  });
});
