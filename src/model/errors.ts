// Errors that carry a message a person can act on: what failed, why, and what to do.
import type { ProfileKind } from './aws/profileKind';

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

/**
 * The error a cancelled wait or request rejects with (name "AbortError", as fetch and the SDK use), which
 * toStudioError turns into a 'cancelled' StudioError.
 */
export function abortError(cause?: unknown): Error {
  const err = new Error('The operation was aborted.', cause === undefined ? undefined : { cause });
  err.name = 'AbortError';
  return err;
}

export class ReadOnlyConnectionError extends StudioError {
  constructor(connectionLabel: string, operation: string) {
    super('readOnly', `${operation} was refused: the connection "${connectionLabel}" is read-only.`, {
      hint: 'Turn read-only off for this connection (explorer context menu: Toggle Read-Only) to write through it.',
    });
  }
}

/** How a profile gets its credentials: enough to name the command that renews them. */
export interface CredentialSource {
  profile: string;
  kind: ProfileKind;
  /** The profile to name in `aws sso login --profile` (this one, or the SSO profile its source_profile chain ends at). */
  ssoLoginProfile?: string;
}

export interface ErrorContext {
  /** What was being done, e.g. "List tables in us-east-1". */
  operation: string;
  /** Profile name, when the connection is a profile (used in fix commands). */
  profile?: string;
  /** The profile's kind, so expired or missing credentials get the command that fixes them. */
  credentials?: CredentialSource;
  endpoint?: string;
  region?: string;
}

/**
 * Where an SDK error came from, attached to it by the client pool (see clientPool.ts), so that every caller's
 * message names the endpoint and the profile's fix command even when the caller only knows the operation.
 */
export const ERROR_ORIGIN = Symbol.for('dynamodbStudio.errorOrigin');

export type ErrorOrigin = Omit<ErrorContext, 'operation'>;

/** Records where an error came from; the caller's own context still wins. */
export function tagErrorOrigin(err: unknown, origin: ErrorOrigin): void {
  if (err && typeof err === 'object' && !(err instanceof StudioError) && Object.isExtensible(err)) {
    Object.defineProperty(err, ERROR_ORIGIN, { value: origin, configurable: true, enumerable: false });
  }
}

function withOrigin(err: unknown, ctx: ErrorContext): ErrorContext {
  const origin = err && typeof err === 'object' ? ((err as Record<symbol, ErrorOrigin | undefined>)[ERROR_ORIGIN]) : undefined;
  if (!origin) return ctx;
  return {
    operation: ctx.operation,
    endpoint: ctx.endpoint ?? origin.endpoint,
    region: ctx.region ?? origin.region,
    profile: ctx.profile ?? origin.profile ?? origin.credentials?.profile,
    credentials: ctx.credentials ?? origin.credentials,
  };
}

/** Why the SDK retries an error: DynamoDB throttled it, or the endpoint failed or did not answer; undefined when no retry helps. */
export type RetryReason = 'throttled' | 'unavailable';

const THROTTLING_CODES = new Set(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException', 'RequestThrottled', 'RequestThrottledException', 'Throttling', 'ThrottledException', 'LimitExceededException']);
const UNAVAILABLE_CODES = new Set(['InternalServerError', 'InternalFailure', 'ServiceUnavailable', 'ServiceUnavailableException', 'TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);

export function retryReason(err: unknown): RetryReason | undefined {
  const code = errorCode(err);
  const status = (err as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  if ((code && THROTTLING_CODES.has(code)) || status === 429) return 'throttled';
  if ((code && (UNAVAILABLE_CODES.has(code) || NETWORK_CODES.has(code))) || (status !== undefined && [500, 502, 503, 504].includes(status))) return 'unavailable';
  if (/socket hang up/i.test(rawMessage(err))) return 'unavailable';
  return undefined;
}

/** The hint and shell command that renew the credentials of a profile, by how the profile gets them. */
export function credentialFix(source: CredentialSource | undefined, profile: string | undefined, problem: 'expired' | 'missing'): { hint: string; fixCommand?: string } {
  const name = source?.profile ?? profile;
  if (!name) return { hint: problem === 'expired' ? 'Refresh the credentials of this connection, then retry.' : 'Add credentials for this connection, then retry.' };
  const sso = source?.ssoLoginProfile ?? ((source === undefined && problem === 'expired') || source?.kind === 'sso' ? name : undefined);
  if (sso) {
    const via = sso !== name ? ` (profile "${name}" signs in through "${sso}")` : '';
    return { hint: `Sign in again with \`aws sso login --profile ${sso}\`${via}, then retry.`, fixCommand: `aws sso login --profile ${sso}` };
  }
  switch (source?.kind) {
    case 'static':
      return problem === 'expired'
        ? { hint: `The keys of profile "${name}" are temporary and have expired: put new ones (with aws_session_token) in the credentials file, for example with \`aws configure --profile ${name}\`, then retry.`, fixCommand: `aws configure --profile ${name}` }
        : { hint: `Add the access keys of profile "${name}" with \`aws configure --profile ${name}\`, then retry.`, fixCommand: `aws configure --profile ${name}` };
    case 'credential-process':
      return { hint: `Check the credential_process of profile "${name}": run \`aws sts get-caller-identity --profile ${name}\` in a terminal to see its error, then retry.`, fixCommand: `aws sts get-caller-identity --profile ${name}` };
    case 'assume-role':
      return { hint: `Retry: the role of profile "${name}" is assumed again. If it keeps failing, check its source profile with \`aws sts get-caller-identity --profile ${name}\`.`, fixCommand: `aws sts get-caller-identity --profile ${name}` };
    default:
      return { hint: `Check profile "${name}" with \`aws sts get-caller-identity --profile ${name}\`, renew its credentials, then retry.`, fixCommand: `aws sts get-caller-identity --profile ${name}` };
  }
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

/** Two sentences as one message: a full stop is added to the first when it has none (AWS messages often lack it). */
export function joinSentences(first: string, second: string): string {
  return `${first}${/[.!?)]$/.test(first.trim()) ? '' : '.'} ${second}`;
}

function rawMessage(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

/** Turns any error from the SDK, the network or the config files into a StudioError with a way out. */
export function toStudioError(err: unknown, context: ErrorContext): StudioError {
  if (err instanceof StudioError) return err;
  const ctx = withOrigin(err, context);
  const code = errorCode(err) ?? 'Error';
  const msg = rawMessage(err);
  const where = ctx.endpoint ? ` at ${ctx.endpoint}` : ctx.region ? ` in ${ctx.region}` : '';
  const prefix = `${ctx.operation} failed`;
  const ofProfile = ctx.profile ? ` of profile "${ctx.profile}"` : '';
  const attempts = (err as { $metadata?: { attempts?: number } } | undefined)?.$metadata?.attempts;

  if (code === 'TimeoutError' || code === 'ETIMEDOUT' || /timed? ?out/i.test(code)) {
    return new StudioError('endpointUnreachable', `${prefix}: the endpoint${where} did not answer in time (${code}).`, {
      hint: `${ctx.endpoint ? 'Check that the endpoint is running and not overloaded' : 'Check your network connection'}, then retry. A write that timed out may still have been applied: look at the item before writing it again.`,
      awsCode: code,
      cause: err,
    });
  }
  if (NETWORK_CODES.has(code) || /ECONNREFUSED|socket hang up|getaddrinfo|connect ETIMEDOUT/i.test(msg)) {
    return new StudioError('endpointUnreachable', `${prefix}: the endpoint${where} cannot be reached (${code}).`, {
      hint: ctx.endpoint
        ? 'Check that the endpoint is running (for DynamoDB Local: is the process started on that port?), then retry.'
        : 'Check your network connection and the region name, then retry.',
      awsCode: code,
      cause: err,
    });
  }
  if (/SSO|sso/.test(msg) && /(expired|refresh|login|token)/i.test(msg)) {
    const fix = credentialFix(ctx.credentials ?? (ctx.profile ? { profile: ctx.profile, kind: 'sso', ssoLoginProfile: ctx.profile } : undefined), ctx.profile, 'expired');
    return new StudioError('ssoLoginRequired', `${prefix}: the SSO session${ofProfile} has expired or was never started.`, { ...fix, awsCode: code, cause: err });
  }
  switch (code) {
    case 'ExpiredTokenException':
    case 'ExpiredToken':
    case 'RequestExpired':
    case 'TokenRefreshRequired':
      return new StudioError('expiredToken', `${prefix}: the credentials${ofProfile} have expired.`, { ...credentialFix(ctx.credentials, ctx.profile, 'expired'), awsCode: code, cause: err });
    case 'AccessDeniedException':
    case 'AccessDenied':
    case 'UnauthorizedOperation':
      return new StudioError('accessDenied', joinSentences(`${prefix}: access denied. ${msg}`, '').trimEnd(), {
        hint: 'The identity in use lacks an IAM permission for this action on this resource; ask for it ("Generate IAM Policy…" on the table writes one) or use another profile.',
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
      return new StudioError('missingCredentials', `${prefix}: no usable credentials${ofProfile}. ${msg}`, {
        ...(ctx.profile || ctx.credentials ? credentialFix(ctx.credentials, ctx.profile, 'missing') : { hint: 'Add credentials for this connection, then retry.' }),
        awsCode: code,
        cause: err,
      });
    case 'ResourceNotFoundException':
      return new StudioError('notFound', `${prefix}${where}: ${msg}`, { hint: 'Refresh the explorer: it may have been deleted.', awsCode: code, cause: err });
    case 'ProvisionedThroughputExceededException':
    case 'ThrottlingException':
    case 'RequestLimitExceeded':
      return new StudioError('throttled', `${prefix}: DynamoDB is throttling requests (${code})${attempts && attempts > 1 ? `; ${attempts} attempts with backoff did not get through` : ''}.`, {
        hint: 'Wait a moment and retry, or raise the table capacity (provisioned tables) or its maximum throughput (on-demand tables).',
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
