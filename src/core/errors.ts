// Errors that carry a message a person can act on: what failed, why, and what to do.

export type ErrorKind =
  | 'readOnly'
  | 'endpointUnreachable'
  | 'accessDenied'
  | 'expiredToken'
  | 'ssoLoginRequired'
  | 'missingCredentials'
  | 'badConfig'
  | 'notFound'
  | 'throttled'
  | 'unsupported'
  | 'validation'
  | 'cancelled'
  | 'unknown';

export interface StudioErrorOptions {
  /** What the person can do about it, one sentence. */
  hint?: string;
  /** A shell command that fixes it (for example `aws sso login --profile dev`). */
  fixCommand?: string;
  /** The AWS error name, when the error came from AWS. */
  awsCode?: string;
  cause?: unknown;
}

export class StudioError extends Error {
  readonly hint?: string;
  readonly fixCommand?: string;
  readonly awsCode?: string;

  constructor(
    readonly kind: ErrorKind,
    message: string,
    options: StudioErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StudioError';
    this.hint = options.hint;
    this.fixCommand = options.fixCommand;
    this.awsCode = options.awsCode;
  }

  /** Message and hint in one line, for notifications. */
  get fullMessage(): string {
    return this.hint ? `${this.message} ${this.hint}` : this.message;
  }
}

export class ReadOnlyConnectionError extends StudioError {
  constructor(connectionLabel: string, operation: string) {
    super('readOnly', `${operation} was refused: the connection "${connectionLabel}" is read-only.`, {
      hint: 'Turn read-only off for this connection (explorer context menu: Toggle Read-Only) to write through it.',
    });
  }
}

export interface ErrorContext {
  /** What was being done, e.g. "List tables in us-east-1". */
  operation: string;
  /** Profile name, when the connection is a profile (used in fix commands). */
  profile?: string;
  endpoint?: string;
  region?: string;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

function errorCode(err: unknown): string | undefined {
  const e = err as { name?: string; code?: string; Code?: string; cause?: unknown; errors?: unknown[] } | undefined;
  if (!e) return undefined;
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return e.code;
  // AggregateError from net.connect with several addresses
  if (Array.isArray(e.errors)) for (const inner of e.errors) { const c = errorCode(inner); if (c) return c; }
  if (e.cause) { const c = errorCode(e.cause); if (c && NETWORK_CODES.has(c)) return c; }
  return e.name && e.name !== 'Error' ? e.name : (e.code ?? e.Code);
}

function rawMessage(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

/** Turns any error from the SDK, the network or the config files into a StudioError with a way out. */
export function toStudioError(err: unknown, ctx: ErrorContext): StudioError {
  if (err instanceof StudioError) return err;
  const code = errorCode(err) ?? 'Error';
  const msg = rawMessage(err);
  const where = ctx.endpoint ? ` at ${ctx.endpoint}` : ctx.region ? ` in ${ctx.region}` : '';
  const prefix = `${ctx.operation} failed`;
  const profileArg = ctx.profile ? ` --profile ${ctx.profile}` : '';

  if (NETWORK_CODES.has(code) || code === 'TimeoutError' || /ECONNREFUSED|socket hang up|getaddrinfo|connect ETIMEDOUT/i.test(msg)) {
    return new StudioError('endpointUnreachable', `${prefix}: the endpoint${where} cannot be reached (${code}).`, {
      hint: ctx.endpoint
        ? 'Check that the endpoint is running (for DynamoDB Local: is the process started on that port?), then retry.'
        : 'Check your network connection and the region name, then retry.',
      awsCode: code,
      cause: err,
    });
  }
  if (/SSO|sso/.test(msg) && /(expired|refresh|login|token)/i.test(msg)) {
    return new StudioError('ssoLoginRequired', `${prefix}: the SSO session has expired or was never started.`, {
      hint: `Sign in again with \`aws sso login${profileArg}\`, then retry.`,
      fixCommand: `aws sso login${profileArg}`,
      awsCode: code,
      cause: err,
    });
  }
  switch (code) {
    case 'ExpiredTokenException':
    case 'ExpiredToken':
    case 'RequestExpired':
    case 'TokenRefreshRequired':
      return new StudioError('expiredToken', `${prefix}: the credentials have expired.`, {
        hint: ctx.profile ? `Refresh the credentials of profile "${ctx.profile}" (for SSO: \`aws sso login${profileArg}\`), then retry.` : 'Refresh the credentials, then retry.',
        fixCommand: ctx.profile ? `aws sso login${profileArg}` : undefined,
        awsCode: code,
        cause: err,
      });
    case 'AccessDeniedException':
    case 'AccessDenied':
    case 'UnauthorizedOperation':
      return new StudioError('accessDenied', `${prefix}: access denied. ${msg}`, {
        hint: 'The identity in use lacks an IAM permission for this action; ask for it or use another profile.',
        awsCode: code,
        cause: err,
      });
    case 'UnrecognizedClientException':
    case 'InvalidSignatureException':
    case 'InvalidClientTokenId':
    case 'SignatureDoesNotMatch':
      return new StudioError('missingCredentials', `${prefix}: the credentials were rejected (${code}).`, {
        hint: 'Check the access key and secret of this connection, and that the region and endpoint are right.',
        awsCode: code,
        cause: err,
      });
    case 'CredentialsProviderError':
      return new StudioError('missingCredentials', `${prefix}: no usable credentials. ${msg}`, {
        hint: ctx.profile ? `Check profile "${ctx.profile}" in your AWS config and credentials files.` : 'Add credentials for this connection.',
        awsCode: code,
        cause: err,
      });
    case 'ResourceNotFoundException':
      return new StudioError('notFound', `${prefix}${where}: ${msg}`, { hint: 'Refresh the explorer: it may have been deleted.', awsCode: code, cause: err });
    case 'ProvisionedThroughputExceededException':
    case 'ThrottlingException':
    case 'RequestLimitExceeded':
      return new StudioError('throttled', `${prefix}: DynamoDB is throttling requests (${code}).`, {
        hint: 'Wait a moment and retry, or raise the table capacity.',
        awsCode: code,
        cause: err,
      });
    case 'UnknownOperationException':
    case 'UnsupportedOperation':
    case 'UnsupportedOperationException':
    case 'NotImplemented':
      return new StudioError('unsupported', `${prefix}: this endpoint${where} does not support that operation.`, {
        hint: 'DynamoDB-compatible endpoints lack some features (DynamoDB Local has no tags, backups or exports); use an AWS connection for it.',
        awsCode: code,
        cause: err,
      });
    case 'AbortError':
      return new StudioError('cancelled', `${ctx.operation} was cancelled.`, { awsCode: code, cause: err });
    case 'InternalServerError':
    case 'InternalFailure':
    case 'ServiceUnavailable':
    case 'ServiceUnavailableException':
      return new StudioError('unknown', `${prefix}: ${msg}`, {
        hint: 'This is usually transient: retry in a moment. Nothing was changed unless the operation says otherwise.',
        awsCode: code,
        cause: err,
      });
    case 'ValidationException':
      return new StudioError('validation', `${prefix}: ${msg}`, { awsCode: code, cause: err });
    default:
      return new StudioError('unknown', `${prefix}: ${msg}`, { awsCode: code, cause: err });
  }
}
