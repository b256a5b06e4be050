// The resume file of a stopped copy: read positions survive the trip through the file exactly (binary, 38-digit
// numbers, names like "__proto__"), and a file that does not fit is refused with the field that is wrong.
import * as assert from 'node:assert/strict';
import { COPY_RESUME_KIND, COPY_RESUME_VERSION, cursorToPosition, parseCopyResume, positionToCursor, unfinishedSegments, type CopyResumeState } from '../../../src/model/transfer/copyResume';
import type { Item } from '../../../src/model/items/types';

function state(overrides: Partial<CopyResumeState> = {}): CopyResumeState {
  return {
    kind: COPY_RESUME_KIND,
    version: COPY_RESUME_VERSION,
    savedAt: '2026-12-06T04:00:00.000Z',
    source: { connectionId: 'profile:prod', region: 'eu-west-1', table: 'Orders', spec: { kind: 'scan', table: 'Orders', filters: [], filterJoin: 'AND', segments: 3 } },
    target: { connectionId: 'endpoint:Local', region: 'us-east-1', table: 'Orders', keySchema: [{ name: 'pk', type: 'B', keyType: 'HASH' }] },
    position: { segments: [null, {}, { pk: { B: 'AAH/' } }] },
    done: { read: 10, written: 9, failed: 1, unconfirmed: 0, badRows: 0 },
    ...overrides,
  };
}

describe('copy resume file', () => {
  it('keeps every segment position exactly, finished and unstarted ones included', () => {
    const keys: (Item | null)[] = [null, {}, { pk: { B: new Uint8Array([0, 1, 255]) }, ['__proto__']: { N: '-1.2345678901234567890123456789012345678E+120' } }];
    const position = cursorToPosition({ segmentStartKeys: keys });
    const parsed = parseCopyResume(JSON.stringify(state({ position })));
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.problem);
    assert.deepEqual(positionToCursor(parsed.state.position), { segmentStartKeys: keys });
    assert.deepEqual(unfinishedSegments(parsed.state.position), { unfinished: 2, total: 3 });
    const sequential = parseCopyResume(JSON.stringify(state({ source: { ...state().source, spec: { ...state().source.spec, segments: 1 } }, position: cursorToPosition({ exclusiveStartKey: { pk: { S: 'k' } } }) })));
    assert.ok(sequential.ok);
    assert.deepEqual(positionToCursor(sequential.state.position), { exclusiveStartKey: { pk: { S: 'k' } } });
  });

  it('refuses what does not fit, naming the field', () => {
    const problem = (text: string) => {
      const parsed = parseCopyResume(text);
      assert.ok(!parsed.ok, 'refused');
      return parsed.problem;
    };
    assert.match(problem('{"kind":'), /^it is not JSON/);
    assert.match(problem(JSON.stringify({ ...state(), kind: 'something-else' })), /^kind: /);
    assert.equal(problem(JSON.stringify(state({ position: { segments: [null, {}] } }))), 'position.segments: holds 2 segments, but the scan has 3');
    assert.equal(problem(JSON.stringify(state({ position: { segments: [null, null, null] } }))), 'position.segments: every segment is finished: there is nothing to resume');
    assert.match(problem(JSON.stringify(state({ position: { segments: [null, {}, { pk: { N: 'twelve' } }] } }))), /^position\.segments\.2: not a key in DynamoDB JSON/);
    assert.equal(problem(JSON.stringify(state({ target: { ...state().target, connectionId: 'profile:prod', region: 'eu-west-1' } }))), 'target: the target is the source table');
    assert.match(problem(JSON.stringify({ ...state(), extra: 1 })), /extra/);
  });
});
