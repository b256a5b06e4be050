// "Copy as AWS CLI command" and "Copy as SDK v3 code" for the current operation. Both send exactly the request the
// runner sends (same expressions and placeholders) and read every page.
import { encodeBase64 } from '../items/base64';
import { buildRequest } from './request';
import type { QuerySpec } from './querySpec';

export interface CodegenTarget {
  region?: string;
  /** A custom endpoint such as http://localhost:8000; omitted for AWS itself. */
  endpoint?: string;
  /** The AWS profile of the connection, when it is a profile. */
  profile?: string;
}

/** Quotes a word for POSIX shells: single quotes, with ' written as '\''. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** AttributeValues as the CLI's JSON reads them: binary as base64. */
function cliJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v instanceof Uint8Array ? encodeBase64(v) : v));
}

/**
 * An `aws dynamodb …` command for a POSIX shell; the CLI reads every page of a scan or query itself. A parallel scan
 * becomes one command per segment in a loop.
 */
export function toAwsCliCommand(spec: QuerySpec, target: CodegenTarget = {}): string {
  const request = buildRequest(spec);
  const args: string[] = [];
  const add = (flag: string, value?: string) => {
    args.push(flag);
    if (value !== undefined) args.push(shellQuote(value));
  };
  let loop: number | undefined;
  if (request.operation === 'ExecuteStatement') {
    args.push('aws', 'dynamodb', 'execute-statement');
    add('--statement', request.input.Statement ?? '');
    // The CLI does not follow NextToken for execute-statement: leave out the page size so one call returns as much as it can.
    if (request.input.ConsistentRead) add('--consistent-read');
  } else {
    const input = request.input;
    args.push('aws', 'dynamodb', request.operation === 'Query' ? 'query' : 'scan');
    add('--table-name', input.TableName ?? '');
    if (input.IndexName) add('--index-name', input.IndexName);
    if ('KeyConditionExpression' in input && input.KeyConditionExpression) add('--key-condition-expression', input.KeyConditionExpression);
    if (input.FilterExpression) add('--filter-expression', input.FilterExpression);
    if (input.ProjectionExpression) add('--projection-expression', input.ProjectionExpression);
    if (input.ExpressionAttributeNames) add('--expression-attribute-names', JSON.stringify(input.ExpressionAttributeNames));
    if (input.ExpressionAttributeValues) add('--expression-attribute-values', cliJson(input.ExpressionAttributeValues));
    if (input.ConsistentRead) add('--consistent-read');
    if ('ScanIndexForward' in input && input.ScanIndexForward === false) add('--no-scan-index-forward');
    // The CLI reads every page itself; --page-size is the Limit of each request.
    if (input.Limit !== undefined) add('--page-size', String(input.Limit));
    if ('TotalSegments' in input && input.TotalSegments) {
      loop = input.TotalSegments;
      args.push('--segment', '"$segment"');
      add('--total-segments', String(input.TotalSegments));
    }
  }
  // The same as the request the extension sends (capacity by table and index).
  add('--return-consumed-capacity', request.input.ReturnConsumedCapacity ?? 'TOTAL');
  if (target.region) add('--region', target.region);
  if (target.endpoint) add('--endpoint-url', target.endpoint);
  if (target.profile) add('--profile', target.profile);
  const command = args.join(' ');
  if (loop === undefined) return command;
  return `for segment in $(seq 0 ${loop - 1}); do\n  ${command}\ndone`;
}

/** A JavaScript literal for a request input: binary values become Buffer.from(base64). */
function jsLiteral(value: unknown, indent: string): string {
  if (value instanceof Uint8Array) return `Buffer.from(${JSON.stringify(encodeBase64(value))}, 'base64')`;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const inner = indent + '  ';
    return `[\n${value.map((v) => inner + jsLiteral(v, inner)).join(',\n')},\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const inner = indent + '  ';
    const key = (k: string) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : JSON.stringify(k));
    return `{\n${entries.map(([k, v]) => `${inner}${key(k)}: ${jsLiteral(v, inner)}`).join(',\n')},\n${indent}}`;
  }
  return JSON.stringify(value);
}

/** An ES module that runs the operation with @aws-sdk/client-dynamodb, reads every page and prints the items. */
export function toSdkV3Code(spec: QuerySpec, target: CodegenTarget = {}): string {
  const request = buildRequest(spec);
  const lines: string[] = [];
  const imports = ['DynamoDBClient'];
  const config: string[] = [];
  if (target.region) config.push(`  region: ${JSON.stringify(target.region)},`);
  if (target.endpoint) config.push(`  endpoint: ${JSON.stringify(target.endpoint)},`);
  if (target.profile) {
    lines.push(`import { fromIni } from '@aws-sdk/credential-providers';`);
    config.push(`  credentials: fromIni({ profile: ${JSON.stringify(target.profile)} }),`);
  }
  const clientLiteral = config.length === 0 ? '' : `{\n${config.join('\n')}\n}`;
  const body: string[] = [];
  body.push(`const client = new DynamoDBClient(${clientLiteral});`, '');
  if (request.operation === 'ExecuteStatement') {
    imports.push('ExecuteStatementCommand');
    body.push(
      `const input = ${jsLiteral(request.input, '')};`,
      '',
      'const items = [];',
      'let nextToken;',
      'do {',
      '  const page = await client.send(new ExecuteStatementCommand({ ...input, NextToken: nextToken }));',
      '  items.push(...(page.Items ?? []));',
      '  nextToken = page.NextToken;',
      '} while (nextToken);',
    );
  } else {
    const paginate = request.operation === 'Query' ? 'paginateQuery' : 'paginateScan';
    imports.push(paginate);
    const segments = 'TotalSegments' in request.input ? request.input.TotalSegments : undefined;
    body.push(`const input = ${jsLiteral(request.input, '')};`, '', 'const items = [];');
    if (segments) {
      body.push(
        '// Parallel scan: every segment reads its pages at the same time.',
        'await Promise.all(',
        `  Array.from({ length: ${segments} }, async (_, segment) => {`,
        `    for await (const page of ${paginate}({ client }, { ...input, Segment: segment })) {`,
        '      items.push(...(page.Items ?? []));',
        '    }',
        '  }),',
        ');',
      );
    } else {
      body.push(`for await (const page of ${paginate}({ client }, input)) {`, '  items.push(...(page.Items ?? []));', '}');
    }
  }
  body.push('', 'console.log(JSON.stringify(items, null, 2));');
  const needsBuffer = /Buffer\.from/.test(body.join('\n'));
  return [
    `import { ${imports.join(', ')} } from '@aws-sdk/client-dynamodb';`,
    ...lines,
    ...(needsBuffer ? [`import { Buffer } from 'node:buffer';`] : []),
    '',
    ...body,
    '',
  ].join('\n');
}
