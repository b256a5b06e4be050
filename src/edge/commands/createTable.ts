import * as vscode from 'vscode';
import type { Connection } from '../../services/aws/connections';
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
} from '../../model/table/createTableSpec';
import { abortSignalFor, createTable as createTableAndWait } from '../../services/dynamo/tableAdmin';
import { ReadOnlyConnectionError, StudioError } from '../../model/errors';
import { regionNodeId, type ExplorerNode } from '../tree/model';
import type { Studio } from '../studio/studio';
import { Cancelled, connectionOf, nodeFromArg, regionNodeFromArg } from '../ui/pickers';

const TITLE = 'Create Table';

/**
 * Step numbers for the titles of the guided form. The total grows with the answers (a sort key, provisioned
 * capacity, the optional settings add steps), so each title says how far along the person is right now.
 */
class Steps {
  private current = 0;
  constructor(private total: number) {}
  /** The title of the next step. */
  next(): string {
    this.current += 1;
    if (this.current > this.total) this.total = this.current;
    return `${TITLE} (step ${this.current} of ${this.total})`;
  }
  add(count: number): void {
    this.total += count;
  }
}

interface TextOptions {
  value?: string;
  placeHolder?: string;
  validate?: (v: string) => string | undefined;
}

async function askText(steps: Steps, prompt: string, options: TextOptions = {}): Promise<string> {
  const value = await vscode.window.showInputBox({
    title: steps.next(),
    prompt,
    value: options.value,
    placeHolder: options.placeHolder,
    ignoreFocusOut: true,
    validateInput: options.validate,
  });
  if (value === undefined) throw new Cancelled();
  return value.trim();
}

async function pick<T>(steps: Steps, placeHolder: string, items: (vscode.QuickPickItem & { value: T })[]): Promise<T> {
  const picked = await vscode.window.showQuickPick(items, { title: steps.next(), placeHolder, ignoreFocusOut: true });
  if (!picked) throw new Cancelled();
  return picked.value;
}

const TYPE_ITEMS: (vscode.QuickPickItem & { value: ScalarAttributeType })[] = [
  { label: 'S', description: 'String', detail: 'Text such as IDs and names: the usual choice', value: 'S' },
  { label: 'N', description: 'Number', detail: 'Integers or decimals', value: 'N' },
  { label: 'B', description: 'Binary', detail: 'Raw bytes, written as base64', value: 'B' },
];

/**
 * Asks for a key attribute's name, then its type unless the attribute is already a key elsewhere (an attribute
 * has one type in every key it is part of). `taken` names attributes this key must not reuse.
 */
async function askKey(
  steps: Steps,
  what: string,
  known: Map<string, ScalarAttributeType>,
  options: { placeHolder?: string; taken?: { name: string; why: string } } = {},
): Promise<KeyAttributeSpec> {
  const name = await askText(steps, `${what}: attribute name`, {
    placeHolder: options.placeHolder,
    validate: (v) => {
      const trimmed = v.trim();
      if (options.taken && trimmed === options.taken.name) return `"${trimmed}" is ${options.taken.why}: choose another attribute.`;
      return attributeNameProblem(trimmed, 'The attribute name');
    },
  });
  const knownType = known.get(name);
  if (knownType) {
    // The type question is skipped, so the step count shrinks by one.
    steps.add(-1);
    return { name, type: knownType };
  }
  const type = await pick(steps, `${what} "${name}": type`, TYPE_ITEMS);
  known.set(name, type);
  return { name, type };
}

function capacityProblem(v: string): string | undefined {
  return /^[1-9]\d{0,9}$/.test(v.trim()) ? undefined : 'Enter a whole number of at least 1, for example 5.';
}

async function askCapacity(steps: Steps, what: string, defaults: CapacitySpec = { readCapacityUnits: 5, writeCapacityUnits: 5 }): Promise<CapacitySpec> {
  const read = await askText(steps, `Read capacity units of ${what} (one unit: one strongly consistent read per second of up to 4 KB)`, {
    value: String(defaults.readCapacityUnits),
    validate: capacityProblem,
  });
  const write = await askText(steps, `Write capacity units of ${what} (one unit: one write per second of up to 1 KB)`, {
    value: String(defaults.writeCapacityUnits),
    validate: capacityProblem,
  });
  return { readCapacityUnits: Number(read), writeCapacityUnits: Number(write) };
}

async function askProjection(steps: Steps, indexName: string): Promise<ProjectionSpec> {
  const type = await pick(steps, `Attributes projected into "${indexName}"`, [
    { label: 'ALL', description: 'every attribute', value: 'ALL' as const },
    { label: 'KEYS_ONLY', description: 'table and index keys only', value: 'KEYS_ONLY' as const },
    { label: 'INCLUDE', description: 'keys plus the attributes you name', value: 'INCLUDE' as const },
  ]);
  if (type !== 'INCLUDE') return { type };
  steps.add(1);
  const list = await askText(steps, `Attributes to include in "${indexName}", separated by commas`, {
    placeHolder: 'total, currency',
    validate: (v) => (splitList(v).length === 0 ? 'Name at least one attribute, for example: total, currency' : undefined),
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

async function askIndexes(steps: Steps, spec: CreateTableSpec, known: Map<string, ScalarAttributeType>): Promise<void> {
  const globals: GlobalIndexSpec[] = [];
  const locals: LocalIndexSpec[] = [];
  const usedNames = new Set<string>();
  const indexName = (kind: string) =>
    askText(steps, `Name of the ${kind}`, {
      placeHolder: kind.startsWith('global') ? 'ByStatus' : 'ByCreatedAt',
      validate: (v) => resourceNameProblem(v.trim(), 'The index name') ?? (usedNames.has(v.trim()) ? `"${v.trim()}" is already used by another index.` : undefined),
    });
  for (;;) {
    const listed = [...globals.map((g) => `${g.name} (GSI)`), ...locals.map((l) => `${l.name} (LSI)`)].join(', ') || 'none yet';
    const items: (vscode.QuickPickItem & { value: 'done' | 'gsi' | 'lsi' })[] = [
      { label: '$(check) No more indexes', description: `indexes: ${listed}`, value: 'done' },
      { label: '$(add) Add a global secondary index', description: 'any partition and sort key', value: 'gsi' },
    ];
    if (spec.sortKey) items.push({ label: '$(add) Add a local secondary index', description: `same partition key "${spec.partitionKey.name}", another sort key`, value: 'lsi' });
    const choice = await pick(steps, 'Secondary indexes', items);
    if (choice === 'done') break;
    if (choice === 'gsi') {
      // name, partition key name and type, sort key?, projection, capacity (when provisioned), and this list again
      steps.add(5 + (spec.billing.mode === 'PROVISIONED' ? 2 : 0) + 1);
      const name = await indexName('global secondary index');
      usedNames.add(name);
      const partitionKey = await askKey(steps, `Index "${name}" partition key`, known);
      const withSort = await pick(steps, `Index "${name}": sort key?`, [
        { label: 'No sort key', value: false },
        { label: 'Add a sort key', value: true },
      ]);
      if (withSort) steps.add(2);
      const sortKey = withSort
        ? await askKey(steps, `Index "${name}" sort key`, known, { taken: { name: partitionKey.name, why: "this index's partition key" } })
        : undefined;
      const projection = await askProjection(steps, name);
      const capacity = spec.billing.mode === 'PROVISIONED' ? await askCapacity(steps, `index "${name}"`, spec.billing) : undefined;
      globals.push({ name, partitionKey, sortKey, projection, capacity });
    } else {
      // name, sort key name and type, projection, and this list again
      steps.add(5);
      const name = await indexName('local secondary index');
      usedNames.add(name);
      const sortKey = await askKey(steps, `Index "${name}" sort key`, known, { taken: { name: spec.partitionKey.name, why: 'the partition key' } });
      locals.push({ name, sortKey, projection: await askProjection(steps, name) });
    }
  }
  spec.globalIndexes = globals;
  spec.localIndexes = locals;
}

/** The optional settings, asked only when the person chooses to configure them. */
async function askMoreSettings(steps: Steps, spec: CreateTableSpec, known: Map<string, ScalarAttributeType>): Promise<void> {
  await askIndexes(steps, spec, known);
  spec.stream = await pick(steps, 'Stream: record item changes for DynamoDB Streams?', [
    { label: 'Off', value: undefined },
    { label: 'NEW_AND_OLD_IMAGES', description: 'the item before and after each change', value: 'NEW_AND_OLD_IMAGES' as const },
    { label: 'NEW_IMAGE', description: 'the item after each change', value: 'NEW_IMAGE' as const },
    { label: 'OLD_IMAGE', description: 'the item before each change', value: 'OLD_IMAGE' as const },
    { label: 'KEYS_ONLY', description: 'only the key of each changed item', value: 'KEYS_ONLY' as const },
  ]);
  const ttl = await askText(steps, 'Time-to-live attribute: items expire at the epoch seconds it holds. Leave empty for none.', {
    placeHolder: 'expiresAt',
    validate: (v) => (v.trim() === '' ? undefined : attributeNameProblem(v.trim(), 'The attribute name')),
  });
  spec.timeToLiveAttribute = ttl || undefined;
  spec.deletionProtection = await pick(steps, 'Deletion protection', [
    { label: 'Off', description: 'the table can be deleted', value: false },
    { label: 'On', description: 'the table cannot be deleted until it is turned off', value: true },
  ]);
  spec.tableClass = await pick(steps, 'Table class', [
    { label: 'STANDARD', description: 'most workloads', value: 'STANDARD' as const },
    { label: 'STANDARD_INFREQUENT_ACCESS', description: 'cheaper storage, dearer reads and writes', value: 'STANDARD_INFREQUENT_ACCESS' as const },
  ]);
  const tags = await askText(steps, 'Tags as key=value, separated by commas. Leave empty for none.', {
    placeHolder: 'team=orders, env=dev',
    validate: (v) => (parseTags(v).some((t) => !t.key) ? 'Each tag needs a key before "=", for example team=orders.' : undefined),
  });
  spec.tags = parseTags(tags);
}

/**
 * The guided form, one question at a time. The settings most tables keep at their defaults (indexes, stream, TTL,
 * deletion protection, class, tags) are behind one question, so a simple table takes a few steps.
 */
async function askSpec(existingTables: ReadonlySet<string>, location: string): Promise<{ spec: CreateTableSpec; steps: Steps }> {
  // name, partition key name and type, sort key?, billing, more settings?, summary
  const steps = new Steps(7);
  const known = new Map<string, ScalarAttributeType>();
  const tableName = await askText(steps, `Name of the new table in ${location} (3 to 255 letters, digits, "_", "-" or ".")`, {
    placeHolder: 'DevOpsProjects',
    validate: (v) =>
      resourceNameProblem(v.trim(), 'The table name') ??
      (existingTables.has(v.trim()) ? `A table named "${v.trim()}" already exists in ${location}: choose another name.` : undefined),
  });
  const partitionKey = await askKey(steps, 'Partition key', known, { placeHolder: 'ProjectID' });
  const withSort = await pick(steps, 'Sort key?', [
    { label: 'No sort key', description: 'one item per partition key value', value: false },
    { label: 'Add a sort key', description: 'several items per partition key, ordered by the sort key', value: true },
  ]);
  if (withSort) steps.add(2);
  const sortKey = withSort ? await askKey(steps, 'Sort key', known, { taken: { name: partitionKey.name, why: 'the partition key' } }) : undefined;
  const mode = await pick(steps, 'Billing mode', [
    { label: 'On-demand', description: 'pay per request; no capacity to plan', value: 'PAY_PER_REQUEST' as const },
    { label: 'Provisioned', description: 'fixed read and write capacity units per second', value: 'PROVISIONED' as const },
  ]);
  if (mode === 'PROVISIONED') steps.add(2);
  const billing: BillingSpec = mode === 'PROVISIONED' ? { mode, ...(await askCapacity(steps, 'the table')) } : { mode };
  const spec: CreateTableSpec = { tableName, partitionKey, sortKey, billing };
  const more = await pick(steps, 'Indexes, stream, time to live, deletion protection, table class and tags', [
    { label: 'Use the defaults', description: 'no indexes, no stream, no TTL, unprotected, STANDARD class, no tags', value: false },
    { label: 'Configure them…', description: 'secondary indexes, stream, TTL, deletion protection, class, tags', value: true },
  ]);
  if (more) {
    // index list, stream, TTL, protection, class, tags
    steps.add(6);
    await askMoreSettings(steps, spec, known);
  }
  return { spec, steps };
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

/** Names of the tables the explorer lists in the region, so a taken name is flagged while typing. */
async function tableNamesIn(studio: Studio, regionNode: ExplorerNode): Promise<Set<string>> {
  try {
    const children = await studio.model.getChildren(regionNode);
    return new Set(children.filter((n) => n.kind === 'table' && n.tableName).map((n) => n.tableName!));
  } catch {
    // The list is only a hint; CreateTable itself reports a taken name.
    return new Set();
  }
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
  const location = `${conn.name} / ${region}`;
  const { spec, steps } = await askSpec(await tableNamesIn(studio, regionNode), location);
  const summaryTitle = `${steps.next()}: review "${spec.tableName}"`;

  for (;;) {
    const problems = validateCreateTableSpec(spec);
    const items: (vscode.QuickPickItem & { value?: 'create' | 'copy' | 'cancel' })[] = [];
    if (problems.length === 0) {
      items.push({ label: '$(add) Create', description: `"${spec.tableName}" in ${location}`, value: 'create' });
      items.push({ label: '$(copy) Copy AWS CLI command', description: 'aws dynamodb create-table … to the clipboard', value: 'copy' });
    }
    items.push({ label: '$(close) Cancel', description: 'nothing is created', value: 'cancel' });
    items.push({ label: `Table "${spec.tableName}"`, kind: vscode.QuickPickItemKind.Separator });
    for (const line of summaryLines(spec)) items.push({ label: line });
    if (problems.length) items.push({ label: 'Problems', kind: vscode.QuickPickItemKind.Separator });
    for (const p of problems) items.push({ label: `$(error) ${p.field}`, detail: p.message });
    const picked = await vscode.window.showQuickPick(items, {
      title: summaryTitle,
      placeHolder: problems.length
        ? 'The table cannot be created as specified: see the problems below, then cancel and start again'
        : 'Create the table, or copy the equivalent AWS CLI command',
      ignoreFocusOut: true,
    });
    if (!picked || picked.value === 'cancel') throw new Cancelled();
    if (picked.value === 'copy') {
      await vscode.env.clipboard.writeText(createTableCliCommand(spec, cliTarget(conn, region)));
      void vscode.window.showInformationMessage(vscode.l10n.t('Copied the aws dynamodb create-table command to the clipboard.'));
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
      void vscode.window.showInformationMessage(vscode.l10n.t('Stopped waiting for table "{0}": it is still being created. Refresh the explorer to see when it is ACTIVE.', spec.tableName));
      return;
    }
    throw err;
  }
  studio.tree.refresh(regionNode);
  void vscode.window.showInformationMessage(vscode.l10n.t('Table "{0}" is ACTIVE in {1}.', spec.tableName, region));
}
