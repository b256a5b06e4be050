import * as assert from 'node:assert/strict';
import { StudioError, toStudioError } from '../../../src/model/errors';

const awsError = (name: string, message = 'm') => Object.assign(new Error(message), { name });

describe('errors a person can act on', () => {
  it('endpoint down names the endpoint and what to do', () => {
    const e = toStudioError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }), { operation: 'Listing tables', endpoint: 'http://127.0.0.1:1' });
    assert.equal(e.kind, 'endpointUnreachable');
    assert.match(e.message, /Listing tables failed: the endpoint at http:\/\/127\.0\.0\.1:1 cannot be reached/);
    assert.match(e.hint ?? '', /running/);
    assert.equal(toStudioError(awsError('TimeoutError'), { operation: 'x' }).kind, 'endpointUnreachable');
  });

  it('expired SSO gives the exact login command for the profile', () => {
    const e = toStudioError(awsError('CredentialsProviderError', 'The SSO session token has expired; run aws sso login'), { operation: 'Listing tables', profile: 'dev' });
    assert.equal(e.kind, 'ssoLoginRequired');
    assert.equal(e.fixCommand, 'aws sso login --profile dev');
  });

  it('classifies AWS error names', () => {
    const cases: Array<[string, string]> = [
      ['AccessDeniedException', 'accessDenied'],
      ['ExpiredTokenException', 'expiredToken'],
      ['UnrecognizedClientException', 'missingCredentials'],
      ['ResourceNotFoundException', 'notFound'],
      ['ProvisionedThroughputExceededException', 'throttled'],
      ['ThrottlingException', 'throttled'],
      ['UnknownOperationException', 'unsupported'],
      ['ValidationException', 'validation'],
      ['AbortError', 'cancelled'],
      ['SomethingNew', 'unknown'],
    ];
    for (const [name, kind] of cases) assert.equal(toStudioError(awsError(name), { operation: 'op' }).kind, kind, name);
  });

  it('tells the person to retry after an internal error, keeping AWS\'s words', () => {
    const e = toStudioError(awsError('InternalServerError', 'Internal server error'), { operation: 'Save' });
    assert.equal(e.message, 'Save failed: Internal server error');
    assert.match(e.hint ?? '', /retry/);
  });

  it('a cancelled transaction says nothing was applied and names the request that caused it', () => {
    const err = Object.assign(awsError('TransactionCanceledException', 'Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]'), {
      CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' }],
    });
    const e = toStudioError(err, { operation: 'The transaction of 2 statements' });
    assert.equal(e.message, 'The transaction of 2 statements was cancelled, so none of its requests was applied: request 2 failed (ConditionalCheckFailed: The conditional request failed).');
    assert.equal(e.kind, 'validation');
  });

  it('a duplicate met by a retry says the lost first attempt may have written the item', () => {
    const retried = Object.assign(awsError('DuplicateItemException', 'Duplicate primary key exists in table'), { $metadata: { attempts: 2 } });
    assert.match(toStudioError(retried, { operation: 'Run' }).message, /may have written it\.$/);
    const first = Object.assign(awsError('DuplicateItemException', 'Duplicate primary key exists in table'), { $metadata: { attempts: 1 } });
    assert.equal(toStudioError(first, { operation: 'Run' }).message, 'Run failed: Duplicate primary key exists in table');
  });

  it('keeps a StudioError as it is and joins message and hint', () => {
    const original = new StudioError('validation', 'Bad name.', { hint: 'Use letters.' });
    assert.equal(toStudioError(original, { operation: 'x' }), original);
    assert.equal(original.fullMessage, 'Bad name. Use letters.');
  });
});
