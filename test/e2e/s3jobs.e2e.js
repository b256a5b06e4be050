// DynamoDB's Export to S3 and Import from S3 in the real workbench: a connection "S3 Jobs" points at the local job
// server (DynamoDB's JSON protocol in front of the harness's DynamoDB Local) and the local S3 server, both started
// here. The person right-clicks a table, chooses Export to S3…, turns on point-in-time recovery when asked, picks
// the bucket from the list, and watches the job under the table go from running to completed with its item count;
// then Download Export writes the items to a local file. Import from S3… (from the palette) reads that export's
// data files (DynamoDB JSON, gzip) into a new table shaped like the exported one (keys and its global secondary
// index): the job shows under the new table, running and then completed with its counts, and the new table holds
// exactly the exported items. Imports of files that are not DynamoDB JSON, and of a prefix that holds nothing, show
// their errors under their tables. Screenshots: test-results/s3jobs-*.png and s3jobs-import-*.png.
'use strict';

const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { DynamoDBClient, BatchWriteItemCommand, CreateTableCommand, DeleteTableCommand, DescribeTableCommand, waitUntilTableExists } = require('@aws-sdk/client-dynamodb');
const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');
const { folder, UI_TIMEOUT_MS, openWorkbench, saveScreenshot, screenshotIfFailed, eventually, pickQuickItem, answerInputBox, answerDialog, answerFileDialog, notificationText, runContextMenuItem, runPaletteCommand, explorerRowAt, expandExplorerRow, addWorkspaceConnections } = require('./lib/workbench');

const ROOT = path.resolve(__dirname, '..', '..');
const { startJobServer } = require(path.join(ROOT, 'out', 'test', 'servers', 'jobServer.js'));
const { startS3Server } = require(path.join(ROOT, 'out', 'test', 'servers', 's3Server.js'));
const { scanAll } = require(path.join(ROOT, 'out', 'test', 'integration', 'dynamoLocal.js'));

const endpoint = process.env.DYNAMODB_STUDIO_TEST_ENDPOINT;
const REGION = 'us-east-1';
const RUN = Date.now().toString(36);
const TABLE = `S3Export-${RUN}`;
const CONNECTION = 'S3 Jobs';
const BUCKET = 'e2e-exports';
const ITEMS = 40;
const JOBS_FOLDER = 'S3 Export and Import Jobs';
/** The global secondary index of the exported table, which an import "like" it creates too. */
const INDEX = 'ByN';
/** Tables the imports create. */
const IMPORTED = `S3Import-${RUN}`;
const IMPORTED_BAD = `S3ImportBad-${RUN}`;
const IMPORTED_EMPTY = `S3ImportEmpty-${RUN}`;
const IMPORT_TITLE = 'Import from S3 into a New Table…';

describe('Export to S3 from the explorer (local job server and S3)', function () {
  this.timeout(240_000);
  let s3;
  let jobs;
  let client;
  let browser;
  let page;
  let restoreSettings;
  let exportId;

  const rowAt = (...labels) => explorerRowAt(page, ...labels);
  const expand = (...labels) => expandExplorerRow(page, ...labels);

  before(async function () {
    assert.ok(endpoint && folder, 'run through `node scripts/test.js e2e` (DynamoDB Local and the workspace come from the harness)');
    s3 = await startS3Server();
    s3.createBucket(BUCKET);
    jobs = await startJobServer({ ddbEndpoint: endpoint, s3Endpoint: s3.endpoint, itemsPerFile: 10 });
    // Each data file takes a moment, so the explorer shows the job running before it completes.
    jobs.stepDelayMs = 1500;
    client = new DynamoDBClient({ endpoint, region: REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await client.send(
      new CreateTableCommand({
        TableName: TABLE,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'id', AttributeType: 'S' },
          { AttributeName: 'n', AttributeType: 'N' },
        ],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        GlobalSecondaryIndexes: [{ IndexName: INDEX, KeySchema: [{ AttributeName: 'n', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
      }),
    );
    await waitUntilTableExists({ client, maxWaitTime: 60 }, { TableName: TABLE });
    for (let i = 0; i < ITEMS; i += 20) {
      const batch = Array.from({ length: Math.min(20, ITEMS - i) }, (_, k) => ({ PutRequest: { Item: { id: { S: `item-${i + k}` }, n: { N: String(i + k) }, blob: { B: Uint8Array.of(i + k, 0, 255) } } } }));
      await client.send(new BatchWriteItemCommand({ RequestItems: { [TABLE]: batch } }));
    }
    // The connection to the job server, added the way a team would: in the workspace settings.
    restoreSettings = addWorkspaceConnections({ name: CONNECTION, endpoint: jobs.endpoint, region: REGION, s3Endpoint: s3.endpoint });
    ({ browser, page } = await openWorkbench({ width: 1400, height: 900 }));
    const tab = page.locator('#workbench\\.parts\\.activitybar').getByRole('tab', { name: /^DynamoDB/ });
    await tab.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await tab.click();
    // A wider side bar, so the screenshots show each job's status, counts and billed size in full.
    const bar = await page.locator('#workbench\\.parts\\.sidebar').boundingBox();
    if (bar) {
      await page.mouse.move(bar.x + bar.width + 1, bar.y + bar.height / 2);
      await page.mouse.down();
      await page.mouse.move(bar.x + bar.width + 320, bar.y + bar.height / 2, { steps: 8 });
      await page.mouse.up();
    }
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, page);
  });

  after(async () => {
    restoreSettings?.();
    await browser?.close();
    await jobs?.stop();
    await s3?.stop();
    if (client) {
      for (const name of [TABLE, IMPORTED, IMPORTED_BAD, IMPORTED_EMPTY]) await client.send(new DeleteTableCommand({ TableName: name })).catch(() => undefined);
      client.destroy();
    }
  });

  it('starts an export from the table, offers point-in-time recovery, and shows the job running, then completed', async () => {
    await expand(CONNECTION);
    await expand(CONNECTION, REGION);
    const table = await rowAt(CONNECTION, REGION, TABLE);
    await runContextMenuItem(page, table.locator, 'Export to S3…');
    const question = await answerDialog(page, 'Point-in-time recovery is off', 'Turn On and Continue');
    assert.match(question, /Point-in-time recovery is off for "S3Export-/);
    await pickQuickItem(page, /S3 bucket/, BUCKET);
    await eventually('the prefix question', async () => ({ ok: /Key prefix/.test(await page.locator('.quick-input-widget').innerText()), why: 'not shown yet' }));
    await page.keyboard.press('Enter');
    await pickQuickItem(page, /What to export/, 'Full export, as of now');
    await pickQuickItem(page, /Format/, 'DynamoDB JSON');
    const started = await notificationText(page, /Export .* started to s3:\/\/e2e-exports\/exports\//);
    exportId = /Export (\S+) of/.exec(started)[1];

    await expand(CONNECTION, REGION, TABLE);
    await expand(CONNECTION, REGION, TABLE, JOBS_FOLDER);
    const running = await rowAt(CONNECTION, REGION, TABLE, JOBS_FOLDER, `Export ${exportId}`);
    assert.match(running.row.description, /^running/, `the job shows running first (${running.row.description})`);
    await saveScreenshot(page, 's3jobs-1-running.png');

    // Nobody clicks Refresh: the folder describes its running job again by itself.
    const done = await eventually(
      'the export to show completed',
      async () => {
        const { row } = await rowAt(CONNECTION, REGION, TABLE, JOBS_FOLDER, `Export ${exportId}`);
        return { ok: /^completed/.test(row.description), value: row, why: row.description };
      },
      UI_TIMEOUT_MS,
    );
    assert.match(done.description, new RegExp(`completed · ${ITEMS} items · [\\d.]+ \\w+ billed`));
    await saveScreenshot(page, 's3jobs-2-completed.png');

    const objects = [...s3.buckets.get(BUCKET).keys()];
    assert.ok(objects.some((k) => k === `exports/${TABLE}/AWSDynamoDB/${exportId}/manifest-summary.json`), `manifest written (${objects.join(', ')})`);
    assert.equal(objects.filter((k) => k.includes('/data/')).length, ITEMS / 10);
  });

  it('downloads the completed export into a local DynamoDB JSON Lines file', async () => {
    assert.ok(exportId, 'the export of the previous test completed');
    const job = await rowAt(CONNECTION, REGION, TABLE, JOBS_FOLDER, `Export ${exportId}`);
    const file = path.join(folder, `${TABLE}-download.ddb.jsonl`);
    await runContextMenuItem(page, job.locator, 'Download Export');
    await answerFileDialog(page, /Download export/i, file);
    await notificationText(page, new RegExp(`Downloaded ${ITEMS} items of export`));
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.length, ITEMS);
    assert.deepEqual(lines.map((l) => l.Item.id.S).sort(), Array.from({ length: ITEMS }, (_, i) => `item-${i}`).sort());
    await saveScreenshot(page, 's3jobs-3-downloaded.png');
    fs.rmSync(file, { force: true });
  });

  /** The import's job row under its new table, once the table shows in the explorer; returns the job's row data. */
  async function importJobRow(tableName, importId) {
    await expand(CONNECTION, REGION, tableName);
    await expand(CONNECTION, REGION, tableName, JOBS_FOLDER);
    return rowAt(CONNECTION, REGION, tableName, JOBS_FOLDER, `Import ${importId}`);
  }

  /** Waits until the import's row leaves "running"; returns its description. */
  async function importEnd(tableName, importId) {
    return eventually(
      `the import into ${tableName} to end`,
      async () => {
        const { row } = await rowAt(CONNECTION, REGION, tableName, JOBS_FOLDER, `Import ${importId}`);
        return { ok: !/^running/.test(row.description), value: row.description, why: row.description };
      },
      UI_TIMEOUT_MS * 2,
    );
  }

  /** Collapses the explorer row at `labels` when it is expanded, to make room for the rows a screenshot is about. */
  async function collapse(...labels) {
    await page.mouse.move(900, 700);
    // The row is found again on each try: a refresh of the region (an import just started) can move it or drop a
    // click; a second click comes only after the first had time to act, so it cannot expand the row again.
    let clickedAt = 0;
    await eventually(`${labels.join(' › ')} collapsed`, async () => {
      const { locator } = await rowAt(...labels);
      const expanded = (await locator.getAttribute('aria-expanded')) === 'true';
      if (expanded && Date.now() - clickedAt > 1500) {
        await locator.click();
        clickedAt = Date.now();
      }
      return { ok: !expanded, why: 'still expanded' };
    });
  }

  /** Hovers the job row and returns the text of its tooltip once it shows text matching `pattern`. */
  async function jobTooltip(job, pattern) {
    await page.mouse.move(900, 700);
    await job.locator.hover();
    const hover = page.locator('.monaco-hover', { hasText: pattern }).first();
    await hover.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    return hover.innerText();
  }

  /** Import from S3's questions after the connection and region: where the files are, what they are, the table's name. */
  async function answerImportSource({ prefix, compression, tableName }) {
    await pickQuickItem(page, /S3 bucket/, BUCKET);
    await answerInputBox(page, /Key prefix/, prefix);
    await pickQuickItem(page, /Format of the files/, 'DynamoDB JSON');
    await pickQuickItem(page, /Compression of the files/, compression);
    await answerInputBox(page, /Name of the new table/, tableName);
  }

  /** The job id from the notification Import from S3 shows when the job has started. */
  async function startedImportId(tableName) {
    const started = await notificationText(page, new RegExp(`Import \\S+ into the new table "${tableName}" started`));
    return /Import (\S+) into/.exec(started)[1];
  }

  it('imports the export from the palette into a new table like the exported one: the job runs, completes with its counts, and the table holds exactly the exported items', async () => {
    assert.ok(exportId, 'the export of the first test completed');
    const prefix = `exports/${TABLE}/AWSDynamoDB/${exportId}/data/`;
    // Slower batches, so the explorer shows the import running before it completes.
    jobs.stepDelayMs = 3000;
    await runPaletteCommand(page, IMPORT_TITLE);
    await pickQuickItem(page, /Connection/, CONNECTION);
    await answerImportSource({ prefix, compression: 'GZIP', tableName: IMPORTED });
    await pickQuickItem(page, /Key schema of/, 'Like another table of this region…');
    await pickQuickItem(page, /Table whose keys and indexes to copy/, TABLE);
    const importId = await startedImportId(IMPORTED);

    const running = await importJobRow(IMPORTED, importId);
    assert.match(running.row.description, /^running/, `the import shows running first (${running.row.description})`);
    await saveScreenshot(page, 's3jobs-import-1-running.png');
    // Nobody clicks Refresh: the jobs folder of the new table describes the running import again by itself.
    const done = await importEnd(IMPORTED, importId);
    assert.match(done, new RegExp(`^completed · ${ITEMS} imported · [\\d.]+ \\w+ read · \\d`), done);
    assert.doesNotMatch(done, /errors/);
    await saveScreenshot(page, 's3jobs-import-2-completed.png');

    // The new table: the exported table's keys and index, and exactly its items (DynamoDB JSON equal).
    const table = (await client.send(new DescribeTableCommand({ TableName: IMPORTED }))).Table;
    assert.deepStrictEqual(table.KeySchema, [{ AttributeName: 'id', KeyType: 'HASH' }]);
    assert.deepStrictEqual((table.GlobalSecondaryIndexes ?? []).map((g) => [g.IndexName, g.KeySchema]), [[INDEX, [{ AttributeName: 'n', KeyType: 'HASH' }]]]);
    const byId = (a, b) => a.id.S.localeCompare(b.id.S);
    const source = (await scanAll(client, TABLE)).sort(byId);
    const imported = (await scanAll(client, IMPORTED)).sort(byId);
    assert.strictEqual(source.length, ITEMS);
    assert.deepStrictEqual(imported, source);
  });

  it('an import of files that are not DynamoDB JSON shows its errors under the new table, and an import of an empty prefix shows it failed and why', async () => {
    jobs.stepDelayMs = 0;
    // One file that is not gzip at all, and one gzip file whose lines are no items of this key schema.
    const bad = `bad-${RUN}/data/`;
    const lines = ['not json', '{"NotAnItem":{"S":"x"}}', '{"Item":{"n":{"N":"1"}}}'].join('\n');
    const s3Client = new S3Client({ endpoint: s3.endpoint, region: REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, forcePathStyle: true });
    try {
      await s3Client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${bad}0.json.gz`, Body: Buffer.from('this file is not gzip\n') }));
      await s3Client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${bad}1.json.gz`, Body: zlib.gzipSync(Buffer.from(lines)) }));
    } finally {
      s3Client.destroy();
    }

    // From the region's context menu, with the keys typed in.
    const region = await rowAt(CONNECTION, REGION);
    await runContextMenuItem(page, region.locator, IMPORT_TITLE);
    await answerImportSource({ prefix: bad, compression: 'GZIP', tableName: IMPORTED_BAD });
    await pickQuickItem(page, /Key schema of/, 'Enter the keys…');
    await answerInputBox(page, /Partition key attribute name/, 'id');
    await pickQuickItem(page, /Type of id/, 'String (S)');
    await answerInputBox(page, /Sort key attribute name/, '');
    const badId = await startedImportId(IMPORTED_BAD);
    // Once the new table shows, the region has been refreshed: rows no longer move under the mouse.
    await rowAt(CONNECTION, REGION, IMPORTED_BAD);
    for (const done of [TABLE, IMPORTED]) await collapse(CONNECTION, REGION, done);
    await importJobRow(IMPORTED_BAD, badId);
    const badEnd = await importEnd(IMPORTED_BAD, badId);
    // 1 file that cannot be decompressed + 3 lines that are not items with an "id": 4 errors, nothing imported.
    assert.match(badEnd, /^completed · 0 imported · .* · 4 errors · /, badEnd);
    assert.deepStrictEqual(await scanAll(client, IMPORTED_BAD), []);
    const badTip = await jobTooltip(await rowAt(CONNECTION, REGION, IMPORTED_BAD, JOBS_FOLDER, `Import ${badId}`), /Errors: 4/);
    assert.match(badTip, /Errors: 4 \(details are in the import.s CloudWatch Logs group\)/);
    await saveScreenshot(page, 's3jobs-import-3-errors.png');

    // From the exported table's context menu, with its keys; the prefix holds no object.
    const source = await rowAt(CONNECTION, REGION, TABLE);
    await runContextMenuItem(page, source.locator, IMPORT_TITLE);
    await answerImportSource({ prefix: `nothing-${RUN}/`, compression: 'None', tableName: IMPORTED_EMPTY });
    await pickQuickItem(page, /Key schema of/, `Like "${TABLE}"`);
    const emptyId = await startedImportId(IMPORTED_EMPTY);
    await rowAt(CONNECTION, REGION, IMPORTED_EMPTY);
    await collapse(CONNECTION, REGION, IMPORTED_BAD);
    await importJobRow(IMPORTED_EMPTY, emptyId);
    const emptyEnd = await importEnd(IMPORTED_EMPTY, emptyId);
    assert.match(emptyEnd, /^failed · .*InvalidS3Prefix$/, emptyEnd);
    const emptyTip = await jobTooltip(await rowAt(CONNECTION, REGION, IMPORTED_EMPTY, JOBS_FOLDER, `Import ${emptyId}`), /Failure:/);
    assert.match(emptyTip, new RegExp(`Failure: InvalidS3Prefix: No objects were found under s3://${BUCKET}/nothing-${RUN}/`));
    await saveScreenshot(page, 's3jobs-import-4-failed.png');
  });
});
