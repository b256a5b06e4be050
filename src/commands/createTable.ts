import * as vscode from 'vscode';
import type { Connection } from '../core/aws/connections';
import {
  attributeNameProblem,
  createTableCliCommand,
  resourceNameProblem,
  validateCreateTableSpec,
  type BillingSpec,
  type CapacitySpec,
  type CreateTableSpec,
  type GlobalIndexSpec,
  type KeyAttributeSpec,
  type LocalIndexSpec,
  type ProjectionSpec,
  type ScalarAttributeType,
  type TagSpec,
} from '../core/dynamo/createTableSpec';
import { abortSignalFor, createTable as createTableAndWait } from '../core/dynamo/tableAdmin';
import { ReadOnlyConnectionError, StudioError } from '../core/errors';
import { regionNodeId, type ExplorerNode } from '../tree/model';
import type { Studio } from '../studio';
import { Cancelled, connectionOf, nodeFromArg, regionNodeFromArg } from './pickers';

const TITLE = 'Create Table';

async function askText(prompt: string, options: { value?: string; placeHolder?: string; validate?: (v: string) => string | undefined } = {}): Promise<string> {
  const value = await vscode.window.showInputBox({
    title: TITLE,
    prompt,
    value: options.value,
    placeHolder: options.placeHolder,
    ignoreFocusOut: true,
    validateInput: options.validate,
  });
  if (value === undefined) throw new Cancelled();
  return value;
}

async function pick<T>(placeHolder: string, items: (vscode.QuickPickItem & { value: T })[]): Promise<T> {
  const picked = await vscode.window.showQuickPick(items, { title: TITLE, placeHolder, ignoreFocusOut: true });
  if (!picked) throw new Cancelled();
  return picked.value;
}

const TYPE_ITEMS: (vscode.QuickPickItem & { value: ScalarAttributeType })[] = [
  { label: 'S', description: 'String', value: 'S' },
  { label: 'N', description: 'Number', value: 'N' },
  { label: 'B', description: 'Binary', value: 'B' },
];

async function askKey(what: string, known: Map<string, ScalarAttributeType>): Promise<KeyAttributeSpec> {
  const name = await askText(`${what}: attribute name`, { validate: (v) => attributeNameProblem(v, 'The attribute name') });
  // An attribute has one type in every key it is part of.
  const type = known.get(name) ?? (await pick(`${what} "${name}": type`, TYPE_ITEMS));
  known.set(name, type);
  return { name, type };
}

function capacityProblem(v: string): string | undefined {
  return /^[1-9]\d{0,9}$/.test(v.trim()) ? undefined : 'Enter a whole number of at least 1.';
}

async function askCapacity(what: string, defaults: CapacitySpec = { readCapacityUnits: 5, writeCapacityUnits: 5 }): Promise<CapacitySpec> {
  const read = await askText(`Read capacity units of ${what}`, { value: String(defaults.readCapacityUnits), validate: capacityProblem });
  const write = await askText(`Write capacity units of ${what}`, { value: String(defaults.writeCapacityUnits), validate: capacityProblem });
  return { readCapacityUnits: Number(read.trim()), writeCapacityUnits: Number(write.trim()) };
}

async function askProjection(indexName: string): Promise<ProjectionSpec> {
  const type = await pick(`Attributes projected into "${indexName}"`, [
    { label: 'ALL', description: 'every attribute', value: 'ALL' as const },
    { label: 'KEYS_ONLY', description: 'table and index keys only', value: 'KEYS_ONLY' as const },
    { label: 'INCLUDE', description: 'keys plus the attributes you name', value: 'INCLUDE' as const },
  ]);
  if (type !== 'INCLUDE') return { type };
  const list = await askText(`Attributes to include in "${indexName}", separated by commas`, {
    placeHolder: 'total, currency',
    validate: (v) => (splitList(v).length === 0 ? 'Name at least one attribute.' : undefined),
  });
  return { type: 'INCLUDE', nonKeyAttributes: splitList(list) };
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** `key=value, key2=value2`: tag values cannot contain commas, so the list is unambiguous. */
export function parseTags(text: string): TagSpec[] {
  return splitList(text).map((pair) => {
    const at = pair.indexOf('=');
    return at < 0 ? { key: pair, value: '' } : { key: pair.slice(0, at).trim(), value: pair.slice(at + 1).trim() };
  });
}

async function askIndexes(spec: CreateTableSpec, known: Map<string, ScalarAttributeType>): Promise<void> {
  const globals: GlobalIndexSpec[] = [];
  const locals: LocalIndexSpec[] = [];
  const usedNames = new Set<string>();
  const indexName = (kind: string) =>
    askText(`Name of the ${kind}`, {
      validate: (v) => resourceNameProblem(v, 'The index name') ?? (usedNames.has(v) ? `"${v}" is already used by another index.` : undefined),
    });
  for (;;) {
    const listed = [...globals.map((g) => `${g.name} (GSI)`), ...locals.map((l) => `${l.name} (LSI)`)].join(', ') || 'none yet';
    const items: (vscode.QuickPickItem & { value: 'done' | 'gsi' | 'lsi' })[] = [
      { label: '$(check) No more indexes', description: `indexes: ${listed}`, value: 'done' },
      { label: '$(add) Add a global secondary index', description: 'any partition and sort key', value: 'gsi' },
    ];
    if (spec.sortKey) items.push({ label: '$(add) Add a local secondary index', description: `same partition key "${spec.partitionKey.name}", another sort key`, value: 'lsi' });
    const choice = await pick('Secondary indexes', items);
    if (choice === 'done') break;
    const name = await indexName(choice === 'gsi' ? 'global secondary index' : 'local secondary index');
    usedNames.add(name);
    if (choice === 'gsi') {
      const partitionKey = await askKey(`Index "${name}" partition key`, known);
      const withSort = await pick(`Index "${name}": sort key?`, [
        { label: 'No sort key', value: false },
        { label: 'Add a sort key', value: true },
      ]);
      const sortKey = withSort ? await askKey(`Index "${name}" sort key`, known) : undefined;
      const projection = await askProjection(name);
      const capacity = spec.billing.mode === 'PROVISIONED' ? await askCapacity(`index "${name}"`, spec.billing) : undefined;
      globals.push({ name, partitionKey, sortKey, projection, capacity });
    } else {
      const sortKey = await askKey(`Index "${name}" sort key`, known);
      locals.push({ name, sortKey, projection: await askProjection(name) });
    }
  }
  spec.globalIndexes = globals;
  spec.localIndexes = locals;
}

/** The guided form, one question at a time. */
async function askSpec(): Promise<CreateTableSpec> {
  const known = new Map<string, ScalarAttributeType>();
  const tableName = await askText('Table name (3 to 255 letters, digits, "_", "-" or ".")', { validate: (v) => resourceNameProblem(v, 'The table name') });
  const partitionKey = await askKey('Partition key', known);
  const withSort = await pick('Sort key?', [
    { label: 'No sort key', description: 'one item per partition key value', value: false },
    { label: 'Add a sort key', description: 'several items per partition key, ordered by the sort key', value: true },
  ]);
  const sortKey = withSort ? await askKey('Sort key', known) : undefined;
  const mode = await pick('Billing mode', [
    { label: 'On-demand', description: 'pay per request', value: 'PAY_PER_REQUEST' as const },
    { label: 'Provisioned', description: 'read and write capacity units', value: 'PROVISIONED' as const },
  ]);
  const billing: BillingSpec = mode === 'PROVISIONED' ? { mode, ...(await askCapacity('the table')) } : { mode };
  const spec: CreateTableSpec = { tableName, partitionKey, sortKey, billing };
  await askIndexes(spec, known);
  spec.stream = await pick('Stream', [
    { label: 'Off', value: undefined },
    { label: 'NEW_AND_OLD_IMAGES', description: 'the item before and after each change', value: 'NEW_AND_OLD_IMAGES' as const },
    { label: 'NEW_IMAGE', description: 'the item after each change', value: 'NEW_IMAGE' as const },
    { label: 'OLD_IMAGE', description: 'the item before each change', value: 'OLD_IMAGE' as const },
    { label: 'KEYS_ONLY', description: 'only the key of each changed item', value: 'KEYS_ONLY' as const },
  ]);
  const ttl = await askText('Time-to-live attribute (epoch seconds); leave empty for none', {
    validate: (v) => (v === '' ? undefined : attributeNameProblem(v, 'The attribute name')),
  });
  spec.timeToLiveAttribute = ttl || undefined;
  spec.deletionProtection = await pick('Deletion protection', [
    { label: 'Off', value: false },
    { label: 'On', description: 'the table cannot be deleted until it is turned off', value: true },
  ]);
  spec.tableClass = await pick('Table class', [
    { label: 'STANDARD', description: 'most workloads', value: 'STANDARD' as const },
    { label: 'STANDARD_INFREQUENT_ACCESS', description: 'cheaper storage, dearer reads and writes', value: 'STANDARD_INFREQUENT_ACCESS' as const },
  ]);
  const tags = await askText('Tags as key=value, separated by commas; leave empty for none', { placeHolder: 'team=orders, env=dev' });
  spec.tags = parseTags(tags);
  return spec;
}

function summaryLines(spec: CreateTableSpec): string[] {
  const key = (k?: KeyAttributeSpec) => (k ? `${k.name} (${k.type})` : '');
  const lines = [
    `Key: ${[key(spec.partitionKey), key(spec.sortKey)].filter(Boolean).join(' · ')}`,
    `Billing: ${spec.billing.mode === 'PROVISIONED' ? `provisioned, ${spec.billing.readCapacityUnits} RCU / ${spec.billing.writeCapacityUnits} WCU` : 'on-demand'}`,
  ];
  for (const g of spec.globalIndexes ?? []) lines.push(`GSI ${g.name}: ${[key(g.partitionKey), key(g.sortKey)].filter(Boolean).join(' · ')}, ${g.projection.type}`);
  for (const l of spec.localIndexes ?? []) lines.push(`LSI ${l.name}: ${key(spec.partitionKey)} · ${key(l.sortKey)}, ${l.projection.type}`);
  lines.push(`Stream: ${spec.stream ?? 'off'} · TTL: ${spec.timeToLiveAttribute ?? 'off'} · Deletion protection: ${spec.deletionProtection ? 'on' : 'off'} · Class: ${spec.tableClass ?? 'STANDARD'}`);
  if (spec.tags?.length) lines.push(`Tags: ${spec.tags.map((t) => `${t.key}=${t.value}`).join(', ')}`);
  return lines;
}

async function regionNodeFor(studio: Studio, arg: unknown): Promise<ExplorerNode> {
  const connNode = await nodeFromArg(studio, arg, 'connection');
  if (connNode) {
    const conn = connectionOf(studio, connNode);
    const regions = studio.regionsFor(conn);
    const region = regions.length === 1 ? regions[0] : await vscode.window.showQuickPick(regions, { title: TITLE, placeHolder: 'Region of the new table', ignoreFocusOut: true });
    if (!region) throw new Cancelled();
    const node = await nodeFromArg(studio, regionNodeId(conn.id, region), 'region');
    if (!node) throw new Cancelled();
    return node;
  }
  return regionNodeFromArg(studio, arg, 'Region of the new table');
}

function cliTarget(conn: Connection, region: string) {
  return { region, profile: conn.kind === 'profile' ? conn.profile?.name : undefined, endpointUrl: conn.endpoint };
}

/** Create Table: a guided form, a summary with the equivalent AWS CLI command, then create, wait, reveal. */
export async function createTable(studio: Studio, arg?: unknown): Promise<void> {
  const regionNode = await regionNodeFor(studio, arg);
  const conn = connectionOf(studio, regionNode);
  const region = regionNode.region!;
  if (conn.readOnly) throw new ReadOnlyConnectionError(conn.name, 'Create Table');
  const spec = await askSpec();

  for (;;) {
    const problems = validateCreateTableSpec(spec);
    const items: (vscode.QuickPickItem & { value?: 'create' | 'copy' | 'cancel' })[] = [];
    if (problems.length === 0) {
      items.push({ label: '$(add) Create', description: `in ${conn.name} / ${region}`, value: 'create' });
      items.push({ label: '$(copy) Copy AWS CLI command', description: 'aws dynamodb create-table …', value: 'copy' });
    }
    items.push({ label: '$(close) Cancel', value: 'cancel' });
    items.push({ label: spec.tableName, kind: vscode.QuickPickItemKind.Separator });
    for (const line of summaryLines(spec)) items.push({ label: line });
    for (const p of problems) items.push({ label: `$(error) ${p.field}`, detail: p.message });
    const picked = await vscode.window.showQuickPick(items, {
      title: `${TITLE}: ${spec.tableName}`,
      placeHolder: problems.length ? 'The table cannot be created as specified: see the problems below' : 'Create the table, or copy the equivalent AWS CLI command',
      ignoreFocusOut: true,
    });
    if (!picked || picked.value === 'cancel') throw new Cancelled();
    if (picked.value === 'copy') {
      await vscode.env.clipboard.writeText(createTableCliCommand(spec, cliTarget(conn, region)));
      vscode.window.setStatusBarMessage('Copied the aws dynamodb create-table command', 3000);
      continue;
    }
    if (picked.value === 'create') break;
  }

  const client = await studio.pool.get(conn, region);
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Creating table "${spec.tableName}"`, cancellable: true },
      (progress, token) =>
        createTableAndWait(client, spec, {
          signal: abortSignalFor(token),
          onCreated: () => studio.tree.refresh(regionNode),
          onProgress: (p) =>
            progress.report({
              message: [p.tableStatus, ...p.pendingIndexes.map((i) => `${i.name} ${i.status}${i.backfilling ? ' (backfilling)' : ''}`)].join(' · '),
            }),
        }),
    );
  } catch (err) {
    if (err instanceof StudioError && err.kind === 'cancelled') {
      studio.tree.refresh(regionNode);
      void vscode.window.showInformationMessage(`Stopped waiting for table "${spec.tableName}": it is still being created. Refresh the explorer to see when it is ACTIVE.`);
      return;
    }
    throw err;
  }
  studio.tree.refresh(regionNode);
  void vscode.window.showInformationMessage(`Table "${spec.tableName}" is ACTIVE in ${region}.`);
}
