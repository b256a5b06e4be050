// The table viewer's actions in the real workbench, on a table this suite creates with the SDK (and deletes in
// after()), so the sample tables of the other suites stay as they are: a PartiQL SELECT with a WHERE, "Copy as AWS
// CLI command" and "Copy as SDK v3 code" for a Query (both run here against DynamoDB Local), "Export table…" to
// JSON Lines through the save dialog, "Import…" of that file into a second table, and deleting two selected rows.
// Every outcome is checked in DynamoDB Local with the SDK. Started by `node scripts/test.js e2e`.
'use strict';

const assert = require('node:assert');
const childProcess = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const {
  DynamoDBClient,
  BatchWriteItemCommand,
  DeleteTableCommand,
  QueryCommand,
  ScanCommand,
} = require('@aws-sdk/client-dynamodb');
const {
  baseUrl,
  folder,
  UI_TIMEOUT_MS,
  openWorkbench,
  saveScreenshot,
  screenshotIfFailed,
  eventually,
  allowClipboard,
  readClipboard,
  clearClipboard,
  pickQuickItem,
  answerFileDialog,
  answerDialog,
  notificationText,
  runContextMenuItem,
} = require('./lib/workbench');
const { runAndWaitFor, viewerAction, waitForRunEnd, createTeamSeqTable } = require('./lib/viewer');

const ROOT = path.resolve(__dirname, '..', '..');
const endpoint = process.env.DYNAMODB_STUDIO_TEST_ENDPOINT;
const REGION = 'us-east-1';
const RUN = Date.now().toString(36);
/** Unique per run, so a table left by an interrupted run never collides. */
const SOURCE = `ViewerActions-${RUN}`;
const TARGET = `ViewerActionsCopy-${RUN}`;
const EXPORT_FILE = folder ? path.join(folder, `${SOURCE}-export.jsonl`) : '';
const BIG = '123456789012345678901234567890.5';
const TEAMS = ['blue', 'green', 'red'];

/** 15 items with every attribute type, a number past double precision and a binary value. */
function sourceItems() {
  const items = [];
  for (const team of TEAMS) {
    for (let seq = 1; seq <= 5; seq++) {
      const item = {
        Team: { S: team },
        Seq: { N: String(seq) },
        Status: { S: seq % 2 ? 'open' : 'closed' },
        Points: { N: String(seq * 7 + team.length) },
        Owner: { M: { Name: { S: `${team}-lead` }, Level: { N: String(seq) } } },
        History: { L: [{ S: 'created' }, { N: '1.25' }, { BOOL: seq > 2 }] },
        Tags: { SS: [team, `s${seq}`] },
        Active: { BOOL: seq !== 3 },
      };
      if (seq === 2) item.Note = { NULL: true };
      if (seq === 4) item.Scores = { NS: ['1', '2.5', '-3'] };
      if (seq === 5) item.Blob = { B: Uint8Array.from([0, 1, 2, 250, 255]) };
      if (team === 'green' && seq === 1) item.Big = { N: BIG };
      items.push(item);
    }
  }
  return items;
}

const keyOf = (item) => `${item.Team.S}#${item.Seq.N}`;
const byKey = (a, b) => (a.Team.S === b.Team.S ? Number(a.Seq.N) - Number(b.Seq.N) : a.Team.S < b.Team.S ? -1 : 1);

/** Bytes of a binary value: a Uint8Array, base64 text (DynamoDB JSON), or the index-keyed object JSON.stringify makes of bytes. */
function bytes(b) {
  if (b instanceof Uint8Array) return b;
  if (typeof b === 'string') return Buffer.from(b, 'base64');
  return Uint8Array.from(Object.keys(b).sort((x, y) => x - y).map((k) => b[k]));
}

/** An item as DynamoDB JSON with binary in base64 and set members sorted (sets have no order). */
function canonical(item) {
  const value = (v) => {
    if (v.B !== undefined) return { B: Buffer.from(bytes(v.B)).toString('base64') };
    if (v.M !== undefined) return { M: Object.fromEntries(Object.keys(v.M).sort().map((k) => [k, value(v.M[k])])) };
    if (v.L !== undefined) return { L: v.L.map(value) };
    if (v.SS !== undefined) return { SS: [...v.SS].sort() };
    if (v.NS !== undefined) return { NS: [...v.NS].sort() };
    if (v.BS !== undefined) return { BS: v.BS.map((b) => Buffer.from(b).toString('base64')).sort() };
    return v;
  };
  return Object.fromEntries(Object.keys(item).sort().map((k) => [k, value(item[k])]));
}
const canonicalAll = (items) => [...items].sort(byKey).map(canonical);

/** The plain JSON Lines form of an item, written here from the documented notation (docs/item-notation.md). */
function plainJson(v) {
  if (v.S !== undefined) return v.S;
  if (v.N !== undefined) return Number(v.N);
  if (v.BOOL !== undefined) return v.BOOL;
  if (v.NULL !== undefined) return null;
  if (v.M !== undefined) return Object.fromEntries(Object.entries(v.M).map(([k, x]) => [k, plainJson(x)]));
  if (v.L !== undefined) return v.L.map(plainJson);
  if (v.B !== undefined) return { $B: Buffer.from(v.B).toString('base64') };
  if (v.SS !== undefined) return { $SS: [...v.SS].sort() };
  if (v.NS !== undefined) return { $NS: v.NS.map(Number).sort((a, b) => a - b) };
  throw new Error(`no plain form for ${JSON.stringify(v)}`);
}
const plainItem = (item) => Object.fromEntries(Object.entries(item).map(([k, v]) => [k, plainJson(v)]));
/** Set members of a parsed plain line in a fixed order, to compare with plainItem. */
function sortPlainSets(x) {
  if (Array.isArray(x)) return x.map(sortPlainSets);
  if (x && typeof x === 'object') {
    if (Array.isArray(x.$SS)) return { $SS: [...x.$SS].sort() };
    if (Array.isArray(x.$NS)) return { $NS: [...x.$NS].sort((a, b) => a - b) };
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, sortPlainSets(v)]));
  }
  return x;
}

/** Splits a POSIX shell command line into words (single and double quotes, backslash escapes). */
function shellWords(line) {
  const words = [];
  let word;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      assert.ok(end > i, `unterminated quote in ${line}`);
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (c === '\\') {
      word = (word ?? '') + line[++i];
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** An expression with its #name and :value placeholders written out, to read what it asks. */
function resolveExpression(expression, names = {}, values = {}) {
  return expression.replace(/[#:][A-Za-z0-9_]+/g, (p) => (p[0] === '#' ? names[p] : JSON.stringify(values[p])) ?? p);
}

describe('Table viewer actions in the workbench', function () {
  this.timeout(240_000);
  let browser;
  let page;
  let client;
  let nodeModulesLink;

  const sidebar = () => page.locator('#workbench\\.parts\\.sidebar');
  const row = (label) => sidebar().locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) });
  /** The viewer's document: code-server nests it in two iframes; the shown one is the active viewer's. */
  const viewer = () => page.frameLocator('iframe.webview.ready:visible').frameLocator('iframe#active-frame');
  const screenshot = (name) => saveScreenshot(page, name);

  async function scanAll(tableName) {
    const items = [];
    let ExclusiveStartKey;
    do {
      const out = await client.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey }));
      items.push(...out.Items);
      ExclusiveStartKey = out.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  }

  async function expand(label) {
    const target = row(label).first();
    await target.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    if ((await target.getAttribute('aria-expanded')) !== 'true') await target.click();
    await page.waitForFunction((el) => el.getAttribute('aria-expanded') === 'true', await target.elementHandle(), { timeout: UI_TIMEOUT_MS });
  }

  /** Opens a table of the Local connection in the viewer through its context menu in the explorer. */
  async function openInViewer(tableName) {
    const table = row(tableName).first();
    await table.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await runContextMenuItem(page, table, 'Open Table');
    await viewer().locator('.viewer-title', { hasText: tableName }).waitFor({ timeout: UI_TIMEOUT_MS });
    // A new panel reads its first page at once.
    await waitForRunEnd(viewer(), -1);
  }

  async function pick(selectId, optionName) {
    await viewer().locator(`#${selectId}`).click();
    await viewer().getByRole('option', { name: optionName, exact: true }).click();
  }

  /** Runs the builder's current operation and waits for this run's end (the status of an earlier run is cleared). */
  async function runAndWait() {
    const state = await runAndWaitFor(viewer());
    assert.strictEqual(state, 'done', `the run failed: ${await viewer().locator('.notice').innerText()}`);
  }

  /** The rows shown, read from the DynamoDB JSON view (the whole item, exact numbers), in key order. */
  async function shownItems() {
    await viewer().locator('#view-dynamodb').click();
    const view = viewer().locator('.json-view');
    const text = await eventually('the DynamoDB JSON view to show the rows', async () => {
      const t = await view.innerText();
      return { ok: t.trim().length > 0, value: t, why: 'it is empty' };
    });
    await viewer().locator('#view-grid').click();
    const parsed = JSON.parse(text);
    return (Array.isArray(parsed) ? parsed : [parsed]).sort(byKey);
  }

  /** The grid row whose key cells show `team` and `seq`. */
  function gridRow(team, seq) {
    const v = viewer();
    return v
      .locator('.grid-row')
      .filter({ has: v.locator('[aria-colindex="2"]', { hasText: new RegExp(`^${team}$`) }) })
      .filter({ has: v.locator('[aria-colindex="3"]', { hasText: new RegExp(`^${seq}$`) }) });
  }

  before(async function () {
    assert.ok(
      baseUrl && folder && endpoint,
      'DYNAMODB_STUDIO_E2E_URL, DYNAMODB_STUDIO_E2E_FOLDER and DYNAMODB_STUDIO_TEST_ENDPOINT are not set: run this suite ' +
        'with `node scripts/test.js e2e`, which starts code-server with the extension installed and DynamoDB Local.',
    );
    client = new DynamoDBClient({ endpoint, region: REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await createTeamSeqTable(client, SOURCE);
    await createTeamSeqTable(client, TARGET);
    const items = sourceItems();
    for (let i = 0; i < items.length; i += 25) {
      const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [SOURCE]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
      assert.strictEqual(Object.keys(out.UnprocessedItems ?? {}).length, 0, 'DynamoDB Local left items of the sample unwritten');
    }
    ({ browser, page } = await openWorkbench({ width: 1600, height: 1000 }));
    await allowClipboard(page);
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, page);
  });

  after(async () => {
    if (browser) await browser.close();
    if (client) {
      for (const TableName of [SOURCE, TARGET]) await client.send(new DeleteTableCommand({ TableName })).catch(() => undefined);
      client.destroy();
    }
    // The export file, and the file an export to the suggested name would have written.
    if (EXPORT_FILE) fs.rmSync(EXPORT_FILE, { force: true });
    if (folder) fs.rmSync(path.join(folder, `${SOURCE}.jsonl`), { force: true });
    if (nodeModulesLink) fs.rmSync(path.dirname(nodeModulesLink), { recursive: true, force: true });
  });

  it('opens the suite’s table in the viewer from the explorer', async () => {
    await page.locator('#workbench\\.parts\\.activitybar').getByRole('tab', { name: /^DynamoDB/ }).click();
    await expand('Local');
    await expand(REGION);
    await openInViewer(SOURCE);
    assert.match(await viewer().locator('.viewer-subtitle').innerText(), new RegExp(`Local · ${REGION}`));
  });

  it('PartiQL: a SELECT with a WHERE shows exactly the matching items', async () => {
    const stored = await scanAll(SOURCE);
    const expected = stored.filter((i) => i.Status.S === 'open' && Number(i.Points.N) > 20);
    // The WHERE must matter: it keeps some items and drops others.
    assert.ok(expected.length > 0 && expected.length < stored.length, `${expected.length} of ${stored.length} items match`);

    const v = viewer();
    await v.locator('#kind-partiql').click();
    const statement = v.locator('#statement textarea');
    await statement.fill(`SELECT * FROM "${SOURCE}" WHERE Status = 'open' AND Points > 20`);
    await runAndWait();
    assert.deepStrictEqual(canonicalAll(await shownItems()), canonicalAll(expected));
    assert.match(await v.locator('.run-status').innerText(), new RegExp(`${expected.length} items returned`));
    await screenshot('viewer-actions-partiql.png');
  });

  it('Copy as AWS CLI command: the copied command names the table and the key condition, and returns the query’s items', async () => {
    const expected = (await scanAll(SOURCE)).filter((i) => i.Team.S === 'blue' && Number(i.Seq.N) >= 3).sort(byKey);
    assert.strictEqual(expected.length, 3);
    const v = viewer();
    await v.locator('#kind-query').click();
    await v.locator('#pk input').fill('blue');
    await pick('skOp', '>=');
    await v.locator('#skValue input').fill('3');
    await clearClipboard(page);
    await viewerAction(v, 'copyCli');
    await v.locator('.notice', { hasText: 'Copied the AWS CLI command to the clipboard.' }).waitFor({ timeout: UI_TIMEOUT_MS });
    const command = await eventually('the AWS CLI command on the clipboard', async () => {
      const text = await readClipboard(page);
      return { ok: text.startsWith('aws '), value: text, why: `the clipboard holds ${JSON.stringify(text.slice(0, 80))}` };
    });
    console.log(`      copied: ${command}`);
    const words = shellWords(command);
    assert.deepStrictEqual(words.slice(0, 3), ['aws', 'dynamodb', 'query']);
    const flags = {};
    for (let i = 3; i < words.length; i++) {
      assert.match(words[i], /^--/, `"${words[i]}" is not a flag`);
      flags[words[i]] = words[i + 1] !== undefined && !words[i + 1].startsWith('--') ? words[++i] : true;
    }
    assert.strictEqual(flags['--table-name'], SOURCE);
    assert.strictEqual(flags['--endpoint-url'], endpoint);
    assert.strictEqual(flags['--region'], REGION);
    const names = JSON.parse(flags['--expression-attribute-names']);
    const values = JSON.parse(flags['--expression-attribute-values']);
    const condition = resolveExpression(flags['--key-condition-expression'], names, values);
    assert.match(condition, /^\(?Team = \{"S":"blue"\}\)? AND \(?Seq >= \{"N":"3"\}\)?$/, `the key condition reads ${condition}`);

    // What the CLI would send, sent with the SDK: the command finds exactly the query's items.
    const found = [];
    let ExclusiveStartKey;
    do {
      const out = await client.send(
        new QueryCommand({
          TableName: flags['--table-name'],
          KeyConditionExpression: flags['--key-condition-expression'],
          FilterExpression: flags['--filter-expression'],
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ExclusiveStartKey,
        }),
      );
      found.push(...out.Items);
      ExclusiveStartKey = out.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    assert.deepStrictEqual(canonicalAll(found), canonicalAll(expected));
  });

  it('Copy as SDK v3 code: the copied module names the table and the key condition, and prints the query’s items when run', async () => {
    const expected = (await scanAll(SOURCE)).filter((i) => i.Team.S === 'blue' && Number(i.Seq.N) >= 3).sort(byKey);
    const v = viewer();
    await clearClipboard(page);
    await viewerAction(v, 'copySdk');
    await v.locator('.notice', { hasText: 'Copied the SDK v3 code to the clipboard.' }).waitFor({ timeout: UI_TIMEOUT_MS });
    const code = await eventually('the SDK v3 code on the clipboard', async () => {
      const text = await readClipboard(page);
      return { ok: /@aws-sdk\/client-dynamodb/.test(text), value: text, why: `the clipboard holds ${JSON.stringify(text.slice(0, 80))}` };
    });
    assert.match(code, new RegExp(`TableName: "${SOURCE}"`));
    assert.match(code, /KeyConditionExpression: "[^"]+"/);
    assert.match(code, /paginateQuery/);

    // Run the module as a person would paste it into a file: it resolves the SDK from the project's node_modules.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dynamodb-studio-sdk-code-'));
    nodeModulesLink = path.join(dir, 'node_modules');
    fs.symlinkSync(path.join(ROOT, 'node_modules'), nodeModulesLink, 'dir');
    const file = path.join(dir, 'query.mjs');
    fs.writeFileSync(file, code);
    const result = childProcess.spawnSync(process.execPath, [file], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_PROFILE: '', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    assert.strictEqual(result.status, 0, `the copied code failed:\n${result.stderr}`);
    // The module prints the SDK's items with JSON.stringify (binary as index-keyed byte maps).
    assert.deepStrictEqual(canonicalAll(JSON.parse(result.stdout)), canonicalAll(expected));
  });

  it('Export table… writes exactly the table’s items to a JSON Lines file chosen in the save dialog', async () => {
    const stored = await scanAll(SOURCE);
    assert.ok(!fs.existsSync(EXPORT_FILE), `${EXPORT_FILE} exists before the export`);
    await viewerAction(viewer(), 'exportTable');
    await pickQuickItem(page, /Export table/, 'JSON Lines');
    await answerFileDialog(page, /Export table/, EXPORT_FILE);
    const headline = await notificationText(page, /^Exported: /);
    assert.match(headline, new RegExp(`Exported: ${stored.length} items to ${SOURCE}-export\\.jsonl`));
    await screenshot('viewer-actions-exported.png');

    const lines = fs.readFileSync(EXPORT_FILE, 'utf8').split('\n').filter((l) => l.length > 0);
    assert.strictEqual(lines.length, stored.length, 'one line per item');
    const fromFile = lines.map((l) => sortPlainSets(JSON.parse(l))).sort((a, b) => (a.Team === b.Team ? a.Seq - b.Seq : a.Team < b.Team ? -1 : 1));
    assert.deepStrictEqual(fromFile, stored.sort(byKey).map(plainItem));
    // Doubles cannot hold this number: the line must carry its digits as stored.
    assert.ok(lines.some((l) => l.includes(`"Big":${BIG}`)), `no line holds "Big":${BIG}`);
  });

  it('Import… of that file into a second table makes it equal to the first', async () => {
    assert.ok(fs.existsSync(EXPORT_FILE), 'the export step wrote no file');
    assert.strictEqual((await scanAll(TARGET)).length, 0, `${TARGET} is not empty before the import`);
    // The source's viewer is closed first, so that the target's is the only one.
    const sourceTab = page.locator('.tabs-container .tab', { hasText: `${SOURCE} · ${REGION}` });
    await sourceTab.hover();
    await sourceTab.locator('.tab-actions [aria-label^="Close"]').click();
    await sourceTab.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    await openInViewer(TARGET);
    await viewerAction(viewer(), 'importItems');
    await answerFileDialog(page, /Import items into/, EXPORT_FILE);
    await pickQuickItem(page, /as$/, 'JSON Lines');
    const question = await answerDialog(page, /Import /, 'Import');
    assert.strictEqual(question, `Import 15 rows of ${SOURCE}-export.jsonl into table "${TARGET}" (Local, ${REGION})?`);
    const report = await notificationText(page, /^Import of /);
    assert.match(report, /finished: 15 items written \(15 read\)/);
    await screenshot('viewer-actions-imported.png');
    assert.deepStrictEqual(canonicalAll(await scanAll(TARGET)), canonicalAll(await scanAll(SOURCE)));
  });

  it('deletes two selected rows after the confirmation: exactly those items are gone', async () => {
    const before = await scanAll(TARGET);
    assert.strictEqual(before.length, 15);
    const v = viewer();
    await v.locator('#kind-scan').click();
    await runAndWait();
    await gridRow('green', 2).waitFor({ timeout: UI_TIMEOUT_MS });
    await gridRow('green', 2).locator('[aria-colindex="4"]').click();
    await gridRow('red', 5).locator('[aria-colindex="4"]').click({ modifiers: ['Control'] });
    await v.locator('.selection-info', { hasText: '2 selected' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot('viewer-actions-two-selected.png');
    await viewerAction(v, 'deleteRows');
    const question = await answerDialog(page, /Delete 2 items/, 'Delete');
    assert.match(question, new RegExp(`Delete 2 items from table "${TARGET}" \\(Local, ${REGION}\\)\\?`));
    await v.locator('.notice', { hasText: `Deleted 2 of 2 items from ${TARGET}.` }).waitFor({ timeout: UI_TIMEOUT_MS });

    const after = await scanAll(TARGET);
    const gone = new Set(['green#2', 'red#5']);
    assert.deepStrictEqual(canonicalAll(after), canonicalAll(before.filter((i) => !gone.has(keyOf(i)))));
    assert.strictEqual(await gridRow('green', 2).count(), 0, 'the grid still shows green 2');
    assert.strictEqual(await gridRow('red', 5).count(), 0, 'the grid still shows red 5');
    await screenshot('viewer-actions-deleted.png');
  });
});
