// The words of transfer notifications: what an import or copy report says and offers (items that may have been
// written, the failed items to import again), whether a stopped export can continue, and the progress line.
import * as assert from 'node:assert/strict';
import type { ExportReport } from '../../../src/services/transfer/export';
import type { TransferReport } from '../../../src/services/transfer/import';
import { exportContinuation, exportHeadline, progressLine, RETRY_SHOWN_MS, summarizeTransfer, transferNotification } from '../../../src/edge/ui/transferMessages';

function transferReport(overrides: Partial<TransferReport> = {}): TransferReport {
  return { read: 0, written: 0, failed: 0, unconfirmed: 0, badRows: [], badRowCount: 0, failures: [], cancelled: false, ...overrides };
}

function exportReport(overrides: Partial<ExportReport> = {}): ExportReport {
  return { file: '/tmp/exports/Orders.jsonl', format: 'jsonl', items: 0, bytes: 0, cancelled: false, scannedCount: 0, consumedCapacity: 0, ...overrides };
}

describe('transfer report messages', () => {
  it('a clean import says what was written and offers nothing', () => {
    const summary = summarizeTransfer('Import of a.jsonl into Orders', transferReport({ read: 1200, written: 1200 }), { canImportFailed: true });
    assert.equal(summary.headline, 'Import of a.jsonl into Orders finished: 1,200 items written (1,200 read).');
    assert.deepEqual(summary.actions, []);
    assert.equal(summary.problems, false);
    assert.equal(transferNotification(summary), summary.headline);
  });

  it('an import whose batch got no answer says how many may have been written, apart from the refused ones, and offers to import the failed items', () => {
    const report = transferReport({
      read: 100,
      written: 25,
      failed: 60,
      unconfirmed: 25,
      badRowCount: 15,
      badRows: [{ line: 3, message: 'The key attribute "id" is missing.' }],
      failures: [
        { line: 30, message: 'Maybe written: the connection broke before DynamoDB answered (ECONNRESET). Importing it again writes the same item.', unconfirmed: true },
        { line: 60, message: 'Not written: the endpoint cannot be reached.' },
      ],
      failedItemsFile: '/tmp/a.jsonl.failed.ddb.jsonl',
    });
    const summary = summarizeTransfer('Import of a.jsonl into Orders', report, { stopped: true, canImportFailed: true });
    assert.equal(
      summary.headline,
      'Import of a.jsonl into Orders stopped: 25 items written, 35 failed, 25 may have been written (DynamoDB never answered for them), 15 rows skipped as invalid (100 read).',
    );
    assert.deepEqual(summary.actions, ['Import Failed Items', 'Open Failed Items', 'Show Details']);
    assert.equal(summary.problems, true);
    assert.deepEqual(summary.details.slice(1), [
      '  line 3: The key attribute "id" is missing.',
      '  … and 14 more invalid rows',
      '  line 30: Maybe written: the connection broke before DynamoDB answered (ECONNRESET). Importing it again writes the same item.',
      '  line 60: Not written: the endpoint cannot be reached.',
      '  … and 58 more failed items',
      '  the 60 items not confirmed written, ready to import again: /tmp/a.jsonl.failed.ddb.jsonl',
    ]);
    assert.match(transferNotification(summary), /See the details for why\. Import Failed Items sends the items not confirmed again \(an item written twice is the same item\)\.$/);
  });

  it('when every failed item may have been written, nothing is called failed', () => {
    const summary = summarizeTransfer('Copy of A into B', transferReport({ read: 50, written: 40, failed: 10, unconfirmed: 10, failedItemsFile: '/tmp/b.failed' }));
    assert.equal(summary.headline, 'Copy of A into B finished: 40 items written, 10 may have been written (DynamoDB never answered for them) (50 read).');
  });

  it('without a way to import into the same table, the failed items are only opened, and the text does not promise more', () => {
    const summary = summarizeTransfer('Copy of A into B', transferReport({ read: 10, written: 8, failed: 2, cancelled: true, failedItemsFile: '/tmp/b.failed' }));
    assert.match(summary.headline, /^Copy of A into B was cancelled: 8 items written, 2 failed \(10 read\)\.$/);
    assert.deepEqual(summary.actions, ['Open Failed Items', 'Show Details']);
    assert.doesNotMatch(transferNotification(summary), /Import Failed Items/);
  });

  it('a copy whose read stopped part way offers Resume Copy instead of Import Failed Items, and says how much of the source is left', () => {
    const report = transferReport({ read: 40, written: 35, failed: 5, unconfirmed: 5, failedItemsFile: '/tmp/c.failed.ddb.jsonl', resumeFile: '/tmp/c.resume.json', unreadSegments: { unfinished: 3, total: 4 } });
    const summary = summarizeTransfer('Copy of A into B', report, { stopped: true, canImportFailed: true, canResumeCopy: true });
    assert.equal(summary.headline, 'Copy of A into B stopped: 35 items written, 5 may have been written (DynamoDB never answered for them), 3 of 4 segments of the source not read to their end (40 read).');
    assert.deepEqual(summary.actions, ['Resume Copy', 'Open Failed Items', 'Show Details']);
    assert.deepEqual(summary.details.slice(-2), ['  the 5 items not confirmed written, ready to send again with Resume Copy: /tmp/c.failed.ddb.jsonl', '  where the read of the source stopped, for Resume Copy: /tmp/c.resume.json']);
    assert.match(transferNotification(summary), /Resume Copy reads the rest of the source from where it stopped and sends the items not confirmed again \(an item written twice is the same item\)\.$/);
    // Every item read was written: still a stop with something left, so a warning with Resume Copy.
    const clean = summarizeTransfer('Copy of A into B', transferReport({ read: 20, written: 20, cancelled: true, resumeFile: '/tmp/d.resume.json', unreadSegments: { unfinished: 1, total: 1 } }), { canResumeCopy: true });
    assert.equal(clean.headline, 'Copy of A into B was cancelled: 20 items written, the source not read to its end (20 read).');
    assert.equal(clean.problems, true);
    assert.deepEqual(clean.actions, ['Resume Copy', 'Show Details']);
  });

  it('invalid rows alone are a problem to look at, with nothing to import again', () => {
    const summary = summarizeTransfer('Import of c.csv into T', transferReport({ read: 5, written: 4, badRowCount: 1, badRows: [{ line: 4, message: 'bad' }] }), { canImportFailed: true });
    assert.deepEqual(summary.actions, ['Show Details']);
    assert.equal(summary.problems, true);
  });
});

describe('export messages', () => {
  it('the headline names the file and the count, and a cancel says only complete lines were kept', () => {
    assert.equal(exportHeadline(exportReport({ items: 1234, bytes: 500 })), 'Exported: 1,234 items to Orders.jsonl (500 B).');
    assert.equal(exportHeadline(exportReport({ items: 30, bytes: 900, cancelled: true })), 'Export cancelled: 30 items to Orders.jsonl (900 B, complete lines only).');
  });

  it('JSON Lines and DynamoDB JSON with a cursor continue; CSV and a file that could not be completed say why not', () => {
    const cursor = { exclusiveStartKey: { id: { S: 'k30' } } };
    assert.deepEqual(exportContinuation(exportReport({ items: 30, cursor })), { resumable: true });
    assert.deepEqual(exportContinuation(exportReport({ format: 'dynamodb-json', items: 0, cursor: {} })), { resumable: true });
    const csv = exportContinuation(exportReport({ format: 'csv', file: '/tmp/Orders.csv', items: 30, cursor }));
    assert.equal(csv.resumable, false);
    assert.match(csv.resumable ? '' : csv.why, /^A CSV export cannot be continued: its header names every column.*Export again from the start, or choose JSON Lines or DynamoDB JSON/);
    const broken = exportContinuation(exportReport({ items: 30 }));
    assert.equal(broken.resumable, false);
    assert.match(broken.resumable ? '' : broken.why, /could not be completed.*Export again from the start\.$/);
  });
});

describe('progress line', () => {
  const retry = { text: 'DynamoDB is throttling Scan on table "T" (ProvisionedThroughputExceededException); retrying with backoff (attempt 2 of 3).', at: 1000 };

  it('adds a recent retry to the counts, and drops it once it is old', () => {
    assert.equal(progressLine('300 items', retry, 1000 + RETRY_SHOWN_MS - 1), `300 items — ${retry.text}`);
    assert.equal(progressLine('300 items', retry, 1000 + RETRY_SHOWN_MS), '300 items');
  });

  it('shows the retry alone before any counts, and nothing without either', () => {
    assert.equal(progressLine(undefined, retry, 1000), retry.text);
    assert.equal(progressLine(undefined, undefined, 1000), '');
    assert.equal(progressLine('5 written, 10 read', undefined, 1000), '5 written, 10 read');
  });
});
