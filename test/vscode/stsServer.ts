// A small STS on loopback that answers AssumeRole in the real wire format (the query protocol: a form-encoded POST,
// an XML answer), so assume-role profiles (with mfa_serial) resolve through the SDK's own fromIni and STS client.
// Point the SDK at it with AWS_ENDPOINT_URL_STS. Every request is recorded for the test to check.
import * as http from 'http';
import type { AddressInfo } from 'net';

export interface AssumeRoleCall {
  action: string;
  roleArn: string;
  serialNumber?: string;
  tokenCode?: string;
  /** The access key id that signed the request (the source profile's). */
  signedBy?: string;
}

export interface StsServer {
  endpoint: string;
  calls: AssumeRoleCall[];
  close(): Promise<void>;
}

const escapeXml = (s: string): string => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** `credentials` are what AssumeRole hands out (letters and digits only: DynamoDB Local refuses '-' and '_'). */
export async function startStsServer(credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string }): Promise<StsServer> {
  const calls: AssumeRoleCall[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      const call: AssumeRoleCall = {
        action: form.get('Action') ?? '',
        roleArn: form.get('RoleArn') ?? '',
        serialNumber: form.get('SerialNumber') ?? undefined,
        tokenCode: form.get('TokenCode') ?? undefined,
        signedBy: /Credential=([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1],
      };
      calls.push(call);
      if (call.action !== 'AssumeRole') {
        res.writeHead(400, { 'content-type': 'text/xml' });
        res.end(`<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>Only AssumeRole is served here.</Message></Error><RequestId>r</RequestId></ErrorResponse>`);
        return;
      }
      const expiration = new Date(Date.now() + 3600_000).toISOString();
      const session = form.get('RoleSessionName') ?? 'session';
      res.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': `req${calls.length}` });
      res.end(
        `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>` +
          `<AssumedRoleUser><AssumedRoleId>AROATEST:${escapeXml(session)}</AssumedRoleId><Arn>${escapeXml(call.roleArn)}/${escapeXml(session)}</Arn></AssumedRoleUser>` +
          `<Credentials><AccessKeyId>${credentials.accessKeyId}</AccessKeyId><SecretAccessKey>${credentials.secretAccessKey}</SecretAccessKey>` +
          `<SessionToken>${credentials.sessionToken}</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
          `</AssumeRoleResult><ResponseMetadata><RequestId>req${calls.length}</RequestId></ResponseMetadata></AssumeRoleResponse>`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
