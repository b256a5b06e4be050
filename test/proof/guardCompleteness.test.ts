// Proof, part 5: every write path is guarded. Two inventories, both derived, so a new write path fails this suite
// until it is covered here:
//   - the ways a person can start something: package.json's commands, the webview protocols (table viewer requests
//     with their transfer actions, item editor messages, notebook renderer messages) and the paths that are neither
//     (the item document's save, a notebook cell run);
//   - the DynamoDB operations the product can send: every `new XCommand(` of a DynamoDB client in src/ that is not
//     on this file's own list of reads (kept apart from the guard's list, so weakening the guard's list is caught).
// Each way is classified: it reads only (with the reason), or it writes, and then the service calls it makes are run
// through a pooled client whose endpoint is a counting proxy in front of DynamoDB Local, three times:
//   read-only      refused with a message naming the connection, no write request reaches the proxy, table unchanged;
//   confirm-writes the dialog gets the request (its text names the operation and the table); Cancel stops it, no
//                  write request reaches the proxy, table unchanged;
//   normal         the write request does reach the proxy (so the path really writes, and the two runs above prove
//                  something).
// Every write operation found in src/ must be refused, asked and seen on the wire by at least one covered path.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DescribeTableCommand, DescribeTimeToLiveCommand, ListTablesCommand, PutItemCommand, ScanCommand, UpdateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoClientPool } from '../../src/services/aws/clientPool';
import type { Connection } from '../../src/services/aws/connections';
import { formatWriteRequest, type WriteRequest } from '../../src/services/aws/readOnlyGuard';
import type { ConnectionMode } from '../../src/model/aws/connectionMode';
import { StudioError } from '../../src/model/errors';
import type { Item } from '../../src/model/items';
import { ItemEditorToHost } from '../../src/protocol/messages';
import { NotebookRendererMessage } from '../../src/protocol/notebookOutput';
import { ViewerRequest } from '../../src/protocol/tableViewer';
import { ItemStore } from '../../src/services/itemsave';
import { purgeTable } from '../../src/services/dynamo/purge';
import { createPlanFor } from '../../src/model/iac/createSpec';
import { readCloudFormation } from '../../src/services/iac/cloudFormation';
import { createTable, deleteTable, deletionProtectionInput, setStream, setTimeToLive, streamUpdateInputs, timeToLiveInput, updateTable } from '../../src/services/dynamo/tableAdmin';
import { addReplicaInput, createBackup, createBackupInput, pointInTimeRecoveryInput, restoreFromBackup, restoreFromBackupInput, setPointInTimeRecovery, updateReplicas } from '../../src/services/dynamo/backups';
import { deleteItemsByKey } from '../../src/services/items/deleteItems';
import { runNotebookCell } from '../../src/services/notebook/cellRunner';
import { runPage } from '../../src/services/query/runner';
import { enablePointInTimeRecovery, startExport, startImport } from '../../src/services/s3jobs/jobs';
import { importFile } from '../../src/services/transfer/import';
import { copyItems, readCopyResumeFile, resumeCopy, wholeTableSpec } from '../../src/services/transfer/copy';
import { COPY_RESUME_KIND, COPY_RESUME_VERSION, type CopyResumeState } from '../../src/model/transfer/copyResume';
import { createPkTable, deleteTables, getTestEndpoint, repoRoot, testClient, TEST_CREDENTIALS, TEST_REGION, uniqueTableName } from '../integration/dynamoLocal';
import { startFaultProxy, type FaultProxy } from '../integration/faults/faultProxy';
import { printProofLine } from './proofSupport';

const CONNECTION_NAME = 'GuardProof';

/**
 * DynamoDB and DynamoDB Streams operations that only read. Written out here on purpose, not taken from the guard:
 * an operation missing here counts as a write and needs a covered path.
 */
const READS = new Set([
  'BatchGetItem',
  'DescribeBackup',
  'DescribeContinuousBackups',
  'DescribeExport',
  'DescribeImport',
  'DescribeLimits',
  'DescribeStream',
  'DescribeTable',
  'DescribeTimeToLive',
  'GetItem',
  'GetRecords',
  'GetShardIterator',
  'ListBackups',
  'ListExports',
  'ListImports',
  'ListStreams',
  'ListTables',
  'ListTagsOfResource',
  'Query',
  'Scan',
  'TransactGetItems',
]);
const isWrite = (operation: string) => !READS.has(operation);

interface Context {
  /** Pooled client of the guarded connection (through the counting proxy). */
  client: DynamoDBClient;
  /** Straight to DynamoDB Local, for setting up and looking. */
  raw: DynamoDBClient;
  table: string;
  loaded: Item;
  otherTable: string;
  file: string;
}

type Step = (ctx: Context) => Promise<unknown>;
type Classification = { reads: string } | { writes: Step[] };
const reads = (why: string): Classification => ({ reads: why });
const writes = (...steps: Step[]): Classification => ({ writes: steps });

const store = (ctx: Context) => new ItemStore(ctx.client, { tableName: ctx.table, keySchema: [{ name: 'pk', type: 'S' }] });
const tableOf = async (ctx: Context) => (await ctx.raw.send(new DescribeTableCommand({ TableName: ctx.table }))).Table!;
const itemSave = writes((ctx) => store(ctx).save(ctx.loaded, { ...ctx.loaded, note: { S: 'edited' } }));
const itemCreate = writes((ctx) => store(ctx).save(undefined, { pk: { S: 'created' } }));
const itemDelete = writes((ctx) => store(ctx).delete(ctx.loaded));
const importWrites = writes((ctx) => importFile(ctx.client, ctx.table, ctx.file, { format: 'jsonl', failedItemsFile: `${ctx.file}.failed` }));
const copyWrites = writes((ctx) => copyItems(ctx.raw, wholeTableSpec(ctx.otherTable), ctx.client, ctx.table, { failedItemsFile: `${ctx.file}.copy-failed` }));
// Resume Copy of a copy that stopped before its first page: the resume file is written here, read back and checked
// as the command does, and the rest is written through the guarded client.
const resumeCopyWrites = writes(async (ctx) => {
  const file = `${ctx.file}.resume.json`;
  const state: CopyResumeState = {
    kind: COPY_RESUME_KIND,
    version: COPY_RESUME_VERSION,
    savedAt: new Date().toISOString(),
    source: { connectionId: 'endpoint:GuardProofSource', region: TEST_REGION, table: ctx.otherTable, spec: wholeTableSpec(ctx.otherTable) },
    target: { connectionId: `endpoint:${CONNECTION_NAME}`, region: TEST_REGION, table: ctx.table, keySchema: [{ name: 'pk', type: 'S', keyType: 'HASH' }] },
    position: { segments: [{}, {}, {}, {}] },
    done: { read: 0, written: 0, failed: 0, unconfirmed: 0, badRows: 0 },
  };
  fs.writeFileSync(file, JSON.stringify(state));
  return resumeCopy(ctx.raw, ctx.client, await readCopyResumeFile(file), file, { failedItemsFile: `${ctx.file}.resume-failed`, resumeFile: `${ctx.file}.resume-next.json` });
});
const partiqlWrite = writes((ctx) => runPage(ctx.client, { kind: 'partiql', table: ctx.table, filters: [], filterJoin: 'AND', statement: `UPDATE "${ctx.table}" SET note = 'x' WHERE pk = 'a'` }));
const ttlWrites: Step = (ctx) => setTimeToLive(ctx.client, timeToLiveInput(ctx.table, 'ttl'));
const pitrWrites: Step = (ctx) => setPointInTimeRecovery(ctx.client, pointInTimeRecoveryInput(ctx.table, true));
const notebookCell = (text: (ctx: Context) => string): Step => (ctx) =>
  runNotebookCell({ kind: 'partiql', text: text(ctx), results: new Map(), namesAbove: [] }, { client: ctx.client, describe: () => tableOf(ctx) });

/** A template declaring one table, for "Create on DynamoDB Local". */
const DECLARED_TABLE_TEMPLATE = [
  'Resources:',
  '  Declared:',
  '    Type: AWS::DynamoDB::Table',
  '    Properties:',
  '      BillingMode: PAY_PER_REQUEST',
  '      AttributeDefinitions: [{ AttributeName: pk, AttributeType: S }]',
  '      KeySchema: [{ AttributeName: pk, KeyType: HASH }]',
  '',
].join('\n');

/** Every command of package.json (without the `dynamodbStudio.` prefix). */
const COMMANDS: Record<string, Classification> = {
  refresh: reads('reloads the explorer'),
  refreshNode: reads('reloads one explorer node'),
  addConnection: reads('writes settings and secret storage only'),
  removeConnection: reads('writes settings only'),
  toggleReadOnly: reads('writes settings only'),
  setConnectionMode: reads('writes settings only'),
  addRegion: reads('writes settings only'),
  removeRegion: reads('writes settings only'),
  filterTables: reads('explorer state only'),
  clearTableFilter: reads('explorer state only'),
  copyTableName: reads('clipboard'),
  copyTableArn: reads('clipboard'),
  copyCallPolicy: reads('clipboard'),
  copyItem: reads('clipboard'),
  copyItemAsCliCommand: reads('clipboard'),
  copyLoginCommand: reads('clipboard'),
  describeTable: reads('DescribeTable'),
  retry: reads('reloads an error node'),
  showErrorDetails: reads('opens a document with the error'),
  openAwsConfig: reads('opens a file'),
  generateIamPolicy: reads('opens a new untitled document'),
  openMatchingPolicy: reads('opens a new untitled document'),
  showTableDetails: reads('Describe* and ListTagsOfResource reads'),
  watchStream: reads('DescribeStream, GetShardIterator, GetRecords'),
  getItem: reads('GetItem; its document saves through itemDocument:save'),
  openItemEditor: reads('opens the form; its save message is itemEditor:save'),
  switchItemNotation: reads('rewrites the open document'),
  takeStoredItem: reads('replaces the document with the stored item'),
  openTable: reads('opens the viewer; its messages are tableViewer:*'),
  runPartiql: reads('opens the viewer with a SELECT; running a statement is tableViewer:run'),
  exportTable: reads('Scan to a local file'),
  downloadExport: reads('S3 GetObject to a local file'),
  getStarted: reads('opens the walkthrough'),
  newNotebook: reads('DescribeTable and one-item reads, then a new notebook file; its cells run as notebook:*'),
  openQueryAsNotebook: reads('a new notebook file; its cells run as notebook:*'),
  runCallInNotebook: reads('DescribeTable, then a new notebook file with one read cell (query, scan or SELECT) it runs as notebook:*'),
  notebookAccessPatterns: reads('a new Markdown document'),
  copyAsCloudFormation: reads('Describe* and ListTagsOfResource reads, then the clipboard'),
  copyAsSam: reads('Describe* and ListTagsOfResource reads, then the clipboard'),
  copyAsCdk: reads('Describe* and ListTagsOfResource reads, then the clipboard'),
  copyAsTerraform: reads('Describe* and ListTagsOfResource reads, then the clipboard'),
  'iac.compare': reads('Describe* and ListTagsOfResource reads; diagnostics, CodeLenses and an explorer badge'),
  'iac.compareWith': reads('Describe* and ListTagsOfResource reads; diagnostics, CodeLenses and an explorer badge'),
  'iac.openLiveTable': reads('opens the viewer; its messages are tableViewer:*'),
  'iac.showDriftReport': reads('writes a Markdown report to the extension storage'),
  // The table a template declares, created through the pooled (guarded) client of the chosen Local connection.
  'iac.createOnLocal': writes((ctx) => {
    const declared = readCloudFormation(DECLARED_TABLE_TEMPLATE, 'template.yaml').tables[0];
    return createTable(ctx.client, createPlanFor(declared.model, `${ctx.table}-iac`).spec, { pollMs: 50 });
  }),
  saveItem: itemSave,
  createTable: writes((ctx) =>
    createTable(ctx.client, { tableName: `${ctx.table}-new`, partitionKey: { name: 'pk', type: 'S' }, billing: { mode: 'PAY_PER_REQUEST' }, globalIndexes: [], localIndexes: [], deletionProtection: false }, { pollMs: 50 }),
  ),
  updateTable: writes(
    (ctx) => updateTable(ctx.client, deletionProtectionInput(ctx.table, true)),
    async (ctx) => setStream(ctx.client, streamUpdateInputs(await tableOf(ctx), 'NEW_IMAGE'), { pollMs: 50 }),
    ttlWrites,
  ),
  updateTimeToLive: writes(ttlWrites),
  manageBackups: writes(
    (ctx) => createBackup(ctx.client, createBackupInput(ctx.table, 'proof')),
    pitrWrites,
    (ctx) => restoreFromBackup(ctx.client, restoreFromBackupInput(`arn:aws:dynamodb:ddblocal:000000000000:table/${ctx.table}/backup/1`, `${ctx.table}-restored`)),
  ),
  manageReplicas: writes(async (ctx) => updateReplicas(ctx.client, addReplicaInput(await tableOf(ctx), 'eu-west-1'))),
  exportToS3: writes(
    (ctx) => enablePointInTimeRecovery(ctx.client, ctx.table),
    async (ctx) =>
      startExport(ctx.client, { tableArn: (await tableOf(ctx)).TableArn!, tableName: ctx.table, bucket: 'proof-bucket', format: 'DYNAMODB_JSON', type: 'FULL_EXPORT' }),
  ),
  importFromS3: writes((ctx) =>
    startImport(ctx.client, {
      bucket: 'proof-bucket',
      format: 'DYNAMODB_JSON',
      compression: 'NONE',
      table: { TableName: `${ctx.table}-s3import`, KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' },
    }),
  ),
  purgeTable: writes((ctx) => purgeTable(ctx.client, ctx.table)),
  deleteTable: writes((ctx) => deleteTable(ctx.client, ctx.table)),
  putItem: itemCreate,
  deleteItem: itemDelete,
  duplicateItem: itemCreate,
  overwriteStoredItem: itemSave,
  importTable: importWrites,
  copyTable: copyWrites,
  resumeCopy: resumeCopyWrites,
};

/** Every table viewer request type; `transfer` by its action. */
const VIEWER: Record<string, Classification> = {
  ready: reads('handshake'),
  run: partiqlWrite,
  continue: reads('next page of the last read (a writing statement has no next page)'),
  cancel: reads('stops a read'),
  showWindow: reads('another window of the rows already fetched, read back from the temporary file'),
  openItem: reads('GetItem into a document'),
  deleteItems: writes((ctx) => deleteItemsByKey(ctx.client, ctx.table, [{ pk: ctx.loaded.pk }])),
  copyText: reads('clipboard'),
  copyCode: reads('clipboard'),
  saveQuery: reads('workspace state'),
  deleteSavedQuery: reads('workspace state'),
  clearHistory: reads('workspace state'),
  'transfer:exportResults': reads('writes a local file'),
  'transfer:exportQuery': reads('reads, writes a local file'),
  'transfer:exportTable': reads('reads, writes a local file'),
  'transfer:import': importWrites,
  'transfer:copyTable': copyWrites,
};

const ITEM_EDITOR: Record<string, Classification> = {
  ready: reads('handshake'),
  edit: reads('changes the document only'),
  showJson: reads('shows the JSON document'),
  save: itemSave,
};

const NOTEBOOK_RENDERER: Record<string, Classification> = {
  openItem: reads('GetItem into a document'),
};

/** Write paths that are neither a command nor a webview message. */
const OTHER: Record<string, Classification> = {
  'itemDocument:save': itemSave,
  'itemDocument:create': itemCreate,
  'notebook:partiqlCell': writes(notebookCell((ctx) => `UPDATE "${ctx.table}" SET note = 'cell' WHERE pk = 'a'`)),
  'notebook:partiqlTransaction': writes(notebookCell((ctx) => `UPDATE "${ctx.table}" SET note = 'one' WHERE pk = 'a';\nDELETE FROM "${ctx.table}" WHERE pk = 'b'`)),
};

/** The literal values of a zod discriminated union's `type` field. */
function unionTypes(schema: unknown): string[] {
  const options = (schema as { options: { shape: { type: { value: string } } }[] }).options;
  return options.map((o) => o.shape.type.value);
}

/** Every way a person can start something, with its classification (undefined: not classified yet). */
function allPaths(): [string, Classification | undefined][] {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as { contributes: { commands: { command: string }[] } };
  const commands = pkg.contributes.commands.map((c) => c.command.replace(/^dynamodbStudio\./, ''));
  const viewer = unionTypes(ViewerRequest).flatMap((type) => {
    if (type !== 'transfer') return [type];
    const transfer = (ViewerRequest as unknown as { options: { shape: { type: { value: string }; action: { options: string[] } } }[] }).options.find((o) => o.shape.type.value === 'transfer')!;
    return transfer.shape.action.options.map((a) => `transfer:${a}`);
  });
  const row = (prefix: string, table: Record<string, Classification>) => (id: string): [string, Classification | undefined] => [`${prefix}:${id}`, Object.hasOwn(table, id) ? table[id] : undefined];
  return [
    ...commands.map(row('command', COMMANDS)),
    ...viewer.map(row('tableViewer', VIEWER)),
    ...unionTypes(ItemEditorToHost).map(row('itemEditor', ITEM_EDITOR)),
    ...unionTypes(NotebookRendererMessage).map(row('notebookRenderer', NOTEBOOK_RENDERER)),
    ...Object.entries(OTHER),
  ];
}

const SDK_PACKAGES = /^['"]@aws-sdk\/(?:client-dynamodb|client-dynamodb-streams|lib-dynamodb)['"]$/;

/** The .ts files of src/ that can send requests (the model and the webviews cannot: they import no SDK value). */
function sendingSourceFiles(root: string): string[] {
  const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
  return ['services', 'edge', 'protocol'].flatMap((d) => walk(path.join(root, 'src', d)));
}

/**
 * Local name → exported name of the values a file imports (statically or with `await import`) from a DynamoDB
 * package; a namespace import (`import * as ddb`) maps `ddb.X` → X.
 */
function dynamoImports(text: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const [, ns, from] of text.matchAll(/import\s*\*\s*as\s+([\w$]+)\s+from\s*(['"][^'"]+['"])/g)) {
    if (!SDK_PACKAGES.test(from)) continue;
    for (const [, member] of text.matchAll(new RegExp(`\\b${ns.replace(/\$/g, "\\$")}\\.([\\w$]+)`, 'g'))) names.set(`${ns}.${member}`, member);
  }
  const lists = [...text.matchAll(/import\s*(?:[\w$]+\s*,\s*)?\{([^}]*)\}\s*from\s*(['"][^'"]+['"])/g), ...text.matchAll(/\{([^}]*)\}\s*=\s*await\s+import\(\s*(['"][^'"]+['"])\s*\)/g)];
  for (const [, list, from] of lists) {
    if (!SDK_PACKAGES.test(from)) continue;
    for (const part of list.split(',')) {
      const entry = part.trim();
      if (!entry || entry.startsWith('type ')) continue;
      const [exported, local = exported] = entry.split(/\s+as\s+|\s*:\s*/).map((x) => x.trim());
      names.set(local, exported);
    }
  }
  return names;
}

/** DynamoDB operations constructed in src/, with the files that construct them. */
function operationsSentBySource(root: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of sendingSourceFiles(root)) {
    const text = fs.readFileSync(file, 'utf8');
    const imported = dynamoImports(text);
    for (const [, local] of text.matchAll(/\bnew\s+([A-Za-z_$][\w$]*(?:\.[\w$]+)?)\s*\(/g)) {
      const cls = imported.get(local);
      if (!cls?.endsWith('Command')) continue;
      const op = cls.slice(0, -'Command'.length);
      const files = found.get(op) ?? [];
      const rel = path.relative(root, file);
      if (!files.includes(rel)) files.push(rel);
      found.set(op, files);
    }
  }
  return found;
}

describe('proof: every write path is guarded (DynamoDB Local)', function () {
  this.timeout(300_000);
  let endpoint: string;
  let proxy: FaultProxy;
  let mode: ConnectionMode = 'readOnly';
  const asked: WriteRequest[] = [];
  let pool: DynamoClientPool;
  let client: DynamoDBClient;
  let tmp: string;
  const tables: string[] = [];

  before(async () => {
    endpoint = await getTestEndpoint();
    proxy = await startFaultProxy(endpoint);
    pool = new DynamoClientPool(async () => ({ ...TEST_CREDENTIALS }), {
      // One attempt: a refused operation on DynamoDB Local (backups, exports) is not sent three times.
      maxAttempts: 1,
      modeOf: () => mode,
      confirmWrite: async (request) => {
        asked.push(request);
        return false; // Cancel
      },
    });
    const connection: Connection = { id: `endpoint:${CONNECTION_NAME}`, kind: 'endpoint', name: CONNECTION_NAME, defaultRegion: TEST_REGION, endpoint: proxy.endpoint, readOnly: false, problems: [] };
    client = await pool.get(connection, TEST_REGION);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dynamodb-studio-proof-guard-'));
  });

  after(async () => {
    pool?.dispose();
    await proxy?.close();
    const raw = testClient(endpoint);
    // Tables the normal-mode runs made from the proof tables' names (created, restored, imported).
    const left = ((await raw.send(new ListTablesCommand({}))).TableNames ?? []).filter((n) => tables.some((t) => n.startsWith(t)));
    const all = [...new Set([...tables, ...left])];
    // The normal-mode run of Update Table turned deletion protection on.
    await Promise.all(all.map((name) => raw.send(new UpdateTableCommand({ TableName: name, DeletionProtectionEnabled: false })).catch(() => undefined)));
    await deleteTables(raw, all);
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  async function freshContext(label: string): Promise<Context> {
    const raw = testClient(endpoint);
    const table = uniqueTableName(`proof-guard-${label}`);
    const otherTable = uniqueTableName(`proof-guard-src-${label}`);
    tables.push(table, otherTable);
    await Promise.all([createPkTable(raw, table), createPkTable(raw, otherTable)]);
    const loaded: Item = { pk: { S: 'a' }, note: { S: 'original' } };
    await raw.send(new PutItemCommand({ TableName: table, Item: loaded }));
    await raw.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'b' } } }));
    await raw.send(new PutItemCommand({ TableName: otherTable, Item: { pk: { S: 'from-source' } } }));
    const file = path.join(tmp, `${label}.jsonl`);
    fs.writeFileSync(file, '{"pk": "imported", "n": 1}\n');
    return { client, raw, table, loaded, otherTable, file };
  }

  /** What a write could change: the tables named after this one, and the items and settings of the table. */
  async function snapshot(ctx: Context): Promise<string> {
    const names = ((await ctx.raw.send(new ListTablesCommand({}))).TableNames ?? []).filter((n) => n.startsWith(ctx.table)).sort();
    const items = ((await ctx.raw.send(new ScanCommand({ TableName: ctx.table, ConsistentRead: true }))).Items ?? []).map((i) => JSON.stringify(i)).sort();
    const t = await tableOf(ctx);
    const ttl = (await ctx.raw.send(new DescribeTimeToLiveCommand({ TableName: ctx.table }))).TimeToLiveDescription ?? null;
    return JSON.stringify({ names, items, protection: t.DeletionProtectionEnabled ?? false, stream: t.StreamSpecification ?? null, gsis: t.GlobalSecondaryIndexes?.length ?? 0, replicas: t.Replicas ?? null, ttl });
  }

  /** Runs a step on the current mode; what it ended with, and the write operations that reached the proxy. */
  async function attempt(ctx: Context, step: Step): Promise<{ error?: unknown; value?: unknown; wire: string[] }> {
    proxy.reset();
    const outcome = await step(ctx).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    await proxy.idle();
    return { ...outcome, wire: proxy.operations().filter(isWrite) };
  }

  const unclassified: string[] = [];
  const uncovered: string[] = [];
  let writePaths = 0;
  let readPaths = 0;
  /** Per operation: the paths that had it refused (read-only), asked (confirm-writes) and sent (normal). */
  const refusedBy = new Map<string, string[]>();
  const askedBy = new Map<string, string[]>();
  const sentBy = new Map<string, string[]>();
  const note = (map: Map<string, string[]>, op: string, id: string) => map.set(op, [...(map.get(op) ?? []), id]);

  it('every command and webview message is classified as reading or writing', () => {
    const paths = allPaths();
    for (const [id, c] of paths) if (!c) unclassified.push(`${id} is not classified: does it write to DynamoDB? Add it to test/proof/guardCompleteness.test.ts with the service calls it makes.`);
    assert.ok(paths.length >= 70, `only ${paths.length} commands and messages were found: the derivation from package.json and the protocols is broken`);
    readPaths = paths.filter(([, c]) => c && 'reads' in c).length;
    assert.deepEqual(unclassified, []);
  });

  it('each write path: refused naming the connection on read-only, asked and cancelled on confirm-writes (nothing sent, table unchanged), sent on normal', async () => {
    let i = 0;
    for (const [id, c] of allPaths()) {
      if (!c || !('writes' in c)) continue;
      writePaths++;
      const ctx = await freshContext(String(i++));
      const problems: string[] = [];
      for (const [n, step] of c.writes.entries()) {
        const where = c.writes.length > 1 ? `step ${n + 1}: ` : '';
        // Per step: the normal-mode run of an earlier step has changed the table.
        const before = await snapshot(ctx);

        mode = 'readOnly';
        const ro = await attempt(ctx, step);
        const message = ro.error instanceof Error ? ro.error.message : '';
        const refused = /(\w+) was refused: the connection "([^"]*)" is read-only/.exec(message);
        if (ro.error === undefined) problems.push(`${where}read-only: no refusal, it ended normally`);
        else if (!(ro.error instanceof StudioError) || !refused || refused[2] !== CONNECTION_NAME) problems.push(`${where}read-only: the refusal does not name the read-only connection: ${message || String(ro.error)}`);
        else note(refusedBy, refused[1], id);
        if (ro.wire.length) problems.push(`${where}read-only: ${ro.wire.join(', ')} reached the endpoint`);
        if ((await snapshot(ctx)) !== before) problems.push(`${where}read-only: the table changed`);

        mode = 'confirmWrites';
        asked.length = 0;
        const cw = await attempt(ctx, step);
        if (asked.length === 0) problems.push(`${where}confirm-writes: no dialog was shown`);
        for (const request of asked) {
          // The text the dialog shows (src/edge/guard/writeConfirmation.ts): the operation and the request's fields.
          const shown = formatWriteRequest(request);
          if (!request.operation || !request.input || request.connectionLabel !== CONNECTION_NAME) problems.push(`${where}confirm-writes: the dialog did not get the request and the connection`);
          else if (!shown.startsWith(request.operation) || !shown.includes(ctx.table)) problems.push(`${where}confirm-writes: the request shown does not name the operation and the table: ${shown.slice(0, 200)}`);
          else note(askedBy, request.operation, id);
        }
        // Stopped: an error that says so, or (import, copy) a report with nothing written and the items counted as failed.
        const report = cw.value as { written?: number; failed?: number } | undefined;
        const stoppedByReport = cw.error === undefined && report?.written === 0 && (report.failed ?? 0) > 0;
        if (!(cw.error instanceof StudioError) && !stoppedByReport) problems.push(`${where}confirm-writes: Cancel did not stop it (${cw.error ? String(cw.error) : JSON.stringify(cw.value)})`);
        if (cw.wire.length) problems.push(`${where}confirm-writes: ${cw.wire.join(', ')} reached the endpoint after Cancel`);
        if ((await snapshot(ctx)) !== before) problems.push(`${where}confirm-writes: the table changed after Cancel`);

        mode = 'normal';
        const nm = await attempt(ctx, step);
        if (nm.wire.length === 0) problems.push(`${where}normal: no write reached the endpoint (${nm.error ? String(nm.error) : 'it ended normally'}): is this path really a write?`);
        for (const op of new Set(nm.wire)) note(sentBy, op, id);
      }
      if (problems.length) uncovered.push(`${id}: ${problems.join('; ')}`);
    }
    mode = 'readOnly';
    assert.ok(writePaths >= 20, `only ${writePaths} write paths were run: the inventory is broken`);
    assert.deepEqual(uncovered, []);
  });

  it('every DynamoDB write operation the source can send is refused, asked and sent by a covered path', () => {
    const found = operationsSentBySource(repoRoot());
    const writeOps = [...found.keys()].filter(isWrite).sort();
    // A broken scan (no files, a changed import style) must not pass as "nothing to cover".
    for (const expected of ['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'ExecuteStatement', 'CreateTable', 'DeleteTable', 'UpdateTable']) {
      assert.ok(writeOps.includes(expected), `the scan of src/ did not find ${expected}Command: operationsSentBySource is broken`);
    }
    const missing: string[] = [];
    for (const op of writeOps) {
      const lacks = [!refusedBy.has(op) && 'refused on read-only', !askedBy.has(op) && 'asked on confirm-writes', !sentBy.has(op) && 'sent on normal'].filter(Boolean);
      if (lacks.length) {
        missing.push(
          `${op} (sent in ${found.get(op)!.join(', ')}) is never ${lacks.join(', never ')} by a covered path: ` +
            (sentBy.has(op) ? 'the guard lets it through (see the write-path failures above)' : 'add the command or message that sends it to test/proof/guardCompleteness.test.ts'),
        );
      }
    }
    operationTally = { operations: writeOps.length, uncovered: missing.length };
    assert.deepEqual(missing, []);
  });
  it('no DynamoDB client is built outside the client pool, so every request passes the guard', () => {
    const root = repoRoot();
    const builders: string[] = [];
    for (const file of sendingSourceFiles(root)) {
      const rel = path.relative(root, file);
      if (rel === path.join('src', 'services', 'aws', 'clientPool.ts')) continue;
      const text = fs.readFileSync(file, 'utf8');
      const imported = dynamoImports(text);
      // The Streams API has no write operation; any other DynamoDB client (plain or document) is built in the pool only.
      for (const [, local, from] of text.matchAll(/\bnew\s+([A-Za-z_$][\w$]*(?:\.[\w$]+)?)\s*\(|\b([A-Za-z_$][\w$]*(?:\.[\w$]+)?)\.from\s*\(/g)) {
        const cls = imported.get(local ?? from);
        if (cls && /Client$/.test(cls) && cls !== 'DynamoDBStreamsClient') builders.push(`${rel} builds a ${cls} of its own: take the client from the DynamoClientPool, which installs the write guard`);
      }
    }
    assert.deepEqual(builders, []);
    assert.match(fs.readFileSync(path.join(root, 'src', 'services', 'aws', 'clientPool.ts'), 'utf8'), /installWriteGuard\(client/, 'the pool no longer installs the write guard on the clients it builds');
  });

  let operationTally: { operations: number; uncovered: number } | undefined;

  after(() => {
    // The counts the assertions above checked (a non-zero count has already failed its test).
    if (writePaths > 0) printProofLine(`proof guard ${writePaths} write-paths uncovered ${uncovered.length + unclassified.length} (${readPaths} reading paths classified)`);
    if (operationTally) printProofLine(`proof guard-operations ${operationTally.operations} sdk-writes uncovered ${operationTally.uncovered}`);
  });
});
