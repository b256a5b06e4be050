// Which shards a stream tail reads and in what order (parents before children after a split), and how a record's
// old and new images are shown.
import * as assert from 'node:assert/strict';
import type { _Record as StreamRecord } from '@aws-sdk/client-dynamodb-streams';
import { formatStreamRecord, imageDiff, planShardReads, plainValueText, streamRecordView, type ShardInfo } from '../../../src/services/dynamo/streamTail';

const none = { known: new Set<string>(), finished: new Set<string>() };

describe('stream tail', () => {
  describe('planShardReads', () => {
    // root (closed) split into a and b; a (closed) split into a1 (open). b is open.
    const lineage: ShardInfo[] = [
      { shardId: 'root', closed: true },
      { shardId: 'a', parentShardId: 'root', closed: true },
      { shardId: 'b', parentShardId: 'root', closed: false },
      { shardId: 'a1', parentShardId: 'a', closed: false },
    ];

    it('from TRIM_HORIZON starts with the oldest shard and defers its descendants', () => {
      assert.deepEqual(planShardReads(lineage, none, true, 'TRIM_HORIZON'), {
        open: [{ shardId: 'root', iteratorType: 'TRIM_HORIZON' }],
        skip: [],
        deferred: ['a', 'b', 'a1'],
      });
    });

    it('opens the children once the parent is read to its end, and grandchildren after them', () => {
      const afterRoot = { known: new Set(['root']), finished: new Set(['root']) };
      assert.deepEqual(planShardReads(lineage, afterRoot, false, 'TRIM_HORIZON'), {
        open: [
          { shardId: 'a', iteratorType: 'TRIM_HORIZON' },
          { shardId: 'b', iteratorType: 'TRIM_HORIZON' },
        ],
        skip: [],
        deferred: ['a1'],
      });
      const afterA = { known: new Set(['root', 'a', 'b']), finished: new Set(['root', 'a']) };
      assert.deepEqual(planShardReads(lineage, afterA, false, 'TRIM_HORIZON').open, [{ shardId: 'a1', iteratorType: 'TRIM_HORIZON' }]);
    });

    it('from LATEST reads only the open shards and skips closed history', () => {
      assert.deepEqual(planShardReads(lineage, none, true, 'LATEST'), {
        open: [
          { shardId: 'b', iteratorType: 'LATEST' },
          { shardId: 'a1', iteratorType: 'LATEST' },
        ],
        skip: ['root', 'a'],
        deferred: [],
      });
    });

    it('reads a shard split after the tail began from its beginning, once the parent is done', () => {
      const state = { known: new Set(['b']), finished: new Set<string>() };
      const split: ShardInfo[] = [
        { shardId: 'b', closed: true },
        { shardId: 'b1', parentShardId: 'b', closed: false },
      ];
      assert.deepEqual(planShardReads(split, state, false, 'LATEST'), { open: [], skip: [], deferred: ['b1'] });
      const done = { known: new Set(['b']), finished: new Set(['b']) };
      assert.deepEqual(planShardReads(split, done, false, 'LATEST').open, [{ shardId: 'b1', iteratorType: 'TRIM_HORIZON' }]);
    });

    it('does not wait for a parent that has been trimmed away', () => {
      assert.deepEqual(planShardReads([{ shardId: 'c', parentShardId: 'gone', closed: false }], none, true, 'TRIM_HORIZON').open, [
        { shardId: 'c', iteratorType: 'TRIM_HORIZON' },
      ]);
    });
  });

  describe('record views', () => {
    it('diffs images attribute by attribute, exact numbers and sets included', () => {
      const changes = imageDiff(
        { pk: { S: 'a' }, n: { N: '1.50' }, tags: { SS: ['x', 'y'] }, gone: { BOOL: true }, same: { L: [{ N: '1' }] } },
        { pk: { S: 'a' }, n: { N: '2' }, tags: { SS: ['y', 'x'] }, added: { M: { k: { NULL: true } } }, same: { L: [{ N: '1' }] } },
      );
      assert.deepEqual(changes, [
        { attribute: 'added', change: 'added', newValue: '{ "k": null }' },
        { attribute: 'gone', change: 'removed', oldValue: 'true' },
        { attribute: 'n', change: 'changed', oldValue: '1.50', newValue: '2' },
      ]);
    });

    it('formats INSERT, MODIFY and REMOVE for the output channel', () => {
      const at = new Date('2024-05-01T10:00:00Z');
      const record = (eventName: 'INSERT' | 'MODIFY' | 'REMOVE', oldImage?: object, newImage?: object): StreamRecord => ({
        eventName,
        dynamodb: { Keys: { pk: { S: 'a' } }, OldImage: oldImage as never, NewImage: newImage as never, SequenceNumber: '7', ApproximateCreationDateTime: at },
      });
      assert.deepEqual(formatStreamRecord(streamRecordView(record('INSERT', undefined, { pk: { S: 'a' }, v: { N: '1' } }))), [
        'INSERT  { "pk": "a" }  2024-05-01 10:00:00Z  seq 7',
        '    + pk: "a"',
        '    + v: 1',
      ]);
      assert.deepEqual(formatStreamRecord(streamRecordView(record('MODIFY', { pk: { S: 'a' }, v: { N: '1' } }, { pk: { S: 'a' }, v: { N: '2' } }))), [
        'MODIFY  { "pk": "a" }  2024-05-01 10:00:00Z  seq 7',
        '    ~ v: 1 → 2',
      ]);
      assert.deepEqual(formatStreamRecord(streamRecordView(record('REMOVE'))), [
        'REMOVE  { "pk": "a" }  2024-05-01 10:00:00Z  seq 7',
        '    (the stream carries keys only: turn on NEW_AND_OLD_IMAGES to see the changes)',
      ]);
    });

    it('marks deletions made by time to live', () => {
      const view = streamRecordView({
        eventName: 'REMOVE',
        userIdentity: { PrincipalId: 'dynamodb.amazonaws.com', Type: 'Service' },
        dynamodb: { Keys: { id: { N: '5' } } },
      });
      assert.equal(view.expiredByTtl, true);
      assert.match(formatStreamRecord(view)[0], /\(expired by time to live\)/);
    });

    it('prints binary values as base64 in plain notation', () => {
      assert.equal(plainValueText({ B: new Uint8Array([1, 2, 3]) }), '{ "$B": "AQID" }');
    });
  });
});
