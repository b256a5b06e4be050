// DynamoDB's Export to S3 from the explorer, in the real workbench: a connection "S3 Jobs" points at the local job
// server (DynamoDB's JSON protocol in front of the harness's DynamoDB Local) and the local S3 server, both started
// here. The person right-clicks a table, chooses Export to S3…, turns on point-in-time recovery when asked, picks
// the bucket from the list, and watches the job under the table go from running to completed with its item count;
// then Download Export writes the items to a local file. Screenshots: test-results/s3jobs-*.png.
'use strict';

const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { DynamoDBClient, BatchWriteItemCommand, CreateTableCommand, DeleteTableCommand, waitUntilTableExists } = require('@aws-sdk/client-dynamodb');
const { folder, UI_TIMEOUT_MS, openWorkbench, saveScreenshot, screenshotIfFailed, eventually, pickQuickItem, answerDialog, answerFileDialog, notificationText, runContextMenuItem, explorerRowAt, expandExplorerRow } = require('./lib/workbench');

const ROOT = path.resolve(__dirname, '..', '..');
const { startJobServer } = require(path.join(ROOT, 'out', 'test', 'servers', 'jobServer.js'));
const { startS3Server } = require(path.join(ROOT, 'out', 'test', 'servers', 's3Server.js'));

const endpoint = process.env.DYNAMODB_STUDIO_TEST_ENDPOINT;
const REGION = 'us-east-1';
const RUN = Date.now().toString(36);
const TABLE = `S3Export-${RUN}`;
const CONNECTION = 'S3 Jobs';
const BUCKET = 'e2e-exports';
const ITEMS = 40;
const JOBS_FOLDER = 'S3 Export and Import Jobs';

describe('Export to S3 from the explorer (local job server and S3)', function () {
  this.timeout(240_000);
  let s3;
  let jobs;
  let client;
  let browser;
  let page;
  let settingsFile;
  let originalSettings;
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
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      }),
    );
    await waitUntilTableExists({ client, maxWaitTime: 60 }, { TableName: TABLE });
    for (let i = 0; i < ITEMS; i += 20) {
      const batch = Array.from({ length: Math.min(20, ITEMS - i) }, (_, k) => ({ PutRequest: { Item: { id: { S: `item-${i + k}` }, n: { N: String(i + k) }, blob: { B: Uint8Array.of(i + k, 0, 255) } } } }));
      await client.send(new BatchWriteItemCommand({ RequestItems: { [TABLE]: batch } }));
    }
    // The connection to the job server, added the way a team would: in the workspace settings.
    settingsFile = path.join(folder, '.vscode', 'settings.json');
    originalSettings = fs.readFileSync(settingsFile, 'utf8');
    const settings = JSON.parse(originalSettings);
    settings['dynamodbStudio.customEndpoints'] = [...(settings['dynamodbStudio.customEndpoints'] || []), { name: CONNECTION, endpoint: jobs.endpoint, region: REGION, s3Endpoint: s3.endpoint }];
    fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
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
    if (settingsFile && originalSettings !== undefined) fs.writeFileSync(settingsFile, originalSettings);
    await browser?.close();
    await jobs?.stop();
    await s3?.stop();
    if (client) {
      await client.send(new DeleteTableCommand({ TableName: TABLE })).catch(() => undefined);
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
});
