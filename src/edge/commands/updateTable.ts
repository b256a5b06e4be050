import * as vscode from 'vscode';
import type { DynamoDBClient, StreamViewType, TableClass, TableDescription, UpdateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { attributeNameProblem, resourceNameProblem, type CapacitySpec, type GlobalIndexSpec, type ProjectionSpec, type ScalarAttributeType } from '../../model/table/createTableSpec';
import {
  abortSignalFor,
  addGlobalIndexInput,
  billingUpdateInput,
  deleteGlobalIndexInput,
  deletionProtectionInput,
  setStream,
  setTimeToLive,
  streamUpdateInputs,
  tableClassInput,
  timeToLiveInput,
  updateTable as sendUpdateTable,
  waitForTableActive,
} from '../../services/dynamo/tableAdmin';
import { billingSummary, streamSummary, timeToLiveLabel } from '../../model/table/tableInfo';
import { splitNameList } from '../../model/table/createTableForm';
import { ReadOnlyConnectionError, StudioError } from '../../model/errors';
import type { ExplorerNode } from '../tree/model';
import type { Studio } from '../studio/studio';
import { Cancelled, connectionOf, tableNodeFromArg } from '../ui/pickers';

export type Action = 'billing' | 'stream' | 'ttl' | 'addIndex' | 'deleteIndex' | 'protection' | 'class';

async function pick<T>(title: string, placeHolder: string, items: (vscode.QuickPickItem & { value: T })[]): Promise<T> {
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder, ignoreFocusOut: true });
  if (!picked) throw new Cancelled();
  return picked.value;
}

async function ask(title: string, prompt: string, validate: (v: string) => string | undefined, value?: string): Promise<string> {
  const text = await vscode.window.showInputBox({ title, prompt, value, ignoreFocusOut: true, validateInput: validate });
  if (text === undefined) throw new Cancelled();
  return text.trim();
}

const wholeNumber = (v: string) => (/^[1-9]\d{0,9}$/.test(v.trim()) ? undefined : 'Enter a whole number of at least 1.');

async function askCapacity(title: string, what: string, defaults: CapacitySpec): Promise<CapacitySpec> {
  const read = await ask(title, `Read capacity units of ${what}`, wholeNumber, String(defaults.readCapacityUnits));
  const write = await ask(title, `Write capacity units of ${what}`, wholeNumber, String(defaults.writeCapacityUnits));
  return { readCapacityUnits: Number(read), writeCapacityUnits: Number(write) };
}

function currentCapacity(desc: TableDescription): CapacitySpec {
  return { readCapacityUnits: desc.ProvisionedThroughput?.ReadCapacityUnits || 5, writeCapacityUnits: desc.ProvisionedThroughput?.WriteCapacityUnits || 5 };
}

async function askGlobalIndex(title: string, desc: TableDescription): Promise<GlobalIndexSpec> {
  const types = new Map((desc.AttributeDefinitions ?? []).map((d) => [d.AttributeName!, d.AttributeType as ScalarAttributeType]));
  const typeItems = (['S', 'N', 'B'] as const).map((t) => ({ label: t, description: { S: 'String', N: 'Number', B: 'Binary' }[t], value: t }));
  const key = async (what: string) => {
    const name = await ask(title, `${what}: attribute name`, (v) => attributeNameProblem(v, 'The attribute name'));
    return { name, type: types.get(name) ?? (await pick(title, `${what} "${name}": type`, typeItems)) };
  };
  const existing = new Set([...(desc.GlobalSecondaryIndexes ?? []), ...(desc.LocalSecondaryIndexes ?? [])].map((i) => i.IndexName));
  const name = await ask(title, 'Name of the new global secondary index', (v) => resourceNameProblem(v, 'The index name') ?? (existing.has(v) ? `The table already has an index "${v}".` : undefined));
  const partitionKey = await key(`Index "${name}" partition key`);
  const sortKey = (await pick(title, `Index "${name}": sort key?`, [
    { label: 'No sort key', value: false },
    { label: 'Add a sort key', value: true },
  ]))
    ? await key(`Index "${name}" sort key`)
    : undefined;
  const projectionType = await pick(title, `Attributes projected into "${name}"`, [
    { label: 'ALL', value: 'ALL' as const },
    { label: 'KEYS_ONLY', value: 'KEYS_ONLY' as const },
    { label: 'INCLUDE', description: 'keys plus the attributes you name', value: 'INCLUDE' as const },
  ]);
  let projection: ProjectionSpec = { type: projectionType } as ProjectionSpec;
  if (projectionType === 'INCLUDE') {
    const list = await ask(title, 'Attributes to include, separated by commas', (v) => (splitNameList(v).length > 0 ? undefined : 'Name at least one attribute.'));
    projection = { type: 'INCLUDE', nonKeyAttributes: splitNameList(list) };
  }
  const provisioned = desc.BillingModeSummary?.BillingMode !== 'PAY_PER_REQUEST';
  const capacity = provisioned ? await askCapacity(title, `index "${name}"`, currentCapacity(desc)) : undefined;
  return { name, partitionKey, sortKey, projection, capacity };
}

/** Sends the change and waits (cancellable) until the table, and when asked its indexes, are ACTIVE again. */
async function apply(studio: Studio, node: ExplorerNode, client: DynamoDBClient, what: string, send: (signal: AbortSignal) => Promise<unknown>, waitForIndexes = false): Promise<void> {
  const tableName = node.tableName!;
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${what} of "${tableName}"`, cancellable: true }, async (progress, token) => {
      const signal = abortSignalFor(token);
      await send(signal);
      studio.tree.refresh(node);
      let lastMessage = '';
      await waitForTableActive(client, tableName, {
        signal,
        waitForIndexes,
        onProgress: (p) => {
          const message = [p.tableStatus, ...p.pendingIndexes.map((i) => `${i.name} ${i.status}${i.backfilling ? ' (backfilling)' : ''}`)].join(' · ');
          progress.report({ message });
          // The tree shows index status and backfilling: refresh it when something changed.
          if (message !== lastMessage) studio.tree.refresh(node);
          lastMessage = message;
        },
      });
    });
  } catch (err) {
    if (err instanceof StudioError && err.kind === 'cancelled') {
      studio.tree.refresh(node);
      void vscode.window.showInformationMessage(vscode.l10n.t('Stopped watching "{0}": the change goes on in DynamoDB; the explorer shows its state on refresh.', tableName));
      return;
    }
    throw err;
  }
  studio.tree.refresh(node);
  void vscode.window.showInformationMessage(vscode.l10n.t('{0} of "{1}" is done.', what, tableName));
}

/** Update Table: billing and capacity, stream, time to live, global indexes, deletion protection, table class. */
export async function updateTable(studio: Studio, arg?: unknown, preset?: Action): Promise<void> {
  const node = await tableNodeFromArg(studio, arg);
  const conn = connectionOf(studio, node);
  if (conn.readOnly) throw new ReadOnlyConnectionError(conn.name, 'Update Table');
  const tableName = node.tableName!;
  const title = `Update Table: ${tableName}`;
  studio.model.invalidate(node.id);
  const service = await studio.tableService(conn, node.region!);
  const [desc, ttl] = await Promise.all([service.describeTable(tableName), service.describeTimeToLive(tableName)]);
  const client = await studio.pool.get(conn, node.region!);
  const gsis = desc.GlobalSecondaryIndexes ?? [];

  const actions: (vscode.QuickPickItem & { value: Action })[] = [
    { label: 'Billing mode and capacity', description: billingSummary(desc), value: 'billing' },
    { label: 'Stream', description: streamSummary(desc).label, value: 'stream' },
    { label: 'Time to live', description: timeToLiveLabel(ttl), value: 'ttl' },
    { label: 'Add a global secondary index', description: `${gsis.length} of 20`, value: 'addIndex' },
  ];
  if (gsis.length) actions.push({ label: 'Delete a global secondary index', description: gsis.map((g) => g.IndexName).join(', '), value: 'deleteIndex' });
  actions.push({ label: 'Deletion protection', description: desc.DeletionProtectionEnabled ? 'on' : 'off', value: 'protection' });
  actions.push({ label: 'Table class', description: desc.TableClassSummary?.TableClass ?? 'STANDARD', value: 'class' });
  const action = preset ?? (await pick(title, 'What to change', actions));
  const send = (input: UpdateTableCommandInput) => (signal: AbortSignal) => sendUpdateTable(client, input, { signal });

  switch (action) {
    case 'billing': {
      const mode = await pick(title, 'Billing mode', [
        { label: 'On-demand', description: 'pay per request', value: 'PAY_PER_REQUEST' as const },
        { label: 'Provisioned', description: 'set read and write capacity', value: 'PROVISIONED' as const },
      ]);
      if (mode === 'PAY_PER_REQUEST') return apply(studio, node, client, 'Switching to on-demand', send(billingUpdateInput(desc, { mode })));
      const capacity = await askCapacity(title, 'the table', currentCapacity(desc));
      const indexCapacity: Record<string, CapacitySpec> = {};
      for (const g of gsis) {
        const current = g.ProvisionedThroughput?.ReadCapacityUnits ? { readCapacityUnits: g.ProvisionedThroughput.ReadCapacityUnits, writeCapacityUnits: g.ProvisionedThroughput.WriteCapacityUnits ?? 1 } : capacity;
        indexCapacity[g.IndexName!] = await askCapacity(title, `index "${g.IndexName}"`, current);
      }
      return apply(studio, node, client, 'Changing capacity', send(billingUpdateInput(desc, { mode, ...capacity }, indexCapacity)), true);
    }
    case 'stream': {
      const viewType = await pick<StreamViewType | undefined>(title, `Stream (now ${streamSummary(desc).label})`, [
        { label: 'Off', value: undefined },
        { label: 'NEW_AND_OLD_IMAGES', description: 'the item before and after each change', value: 'NEW_AND_OLD_IMAGES' },
        { label: 'NEW_IMAGE', value: 'NEW_IMAGE' },
        { label: 'OLD_IMAGE', value: 'OLD_IMAGE' },
        { label: 'KEYS_ONLY', value: 'KEYS_ONLY' },
      ]);
      const inputs = streamUpdateInputs(desc, viewType);
      return apply(studio, node, client, viewType ? `Turning the stream on (${viewType})` : 'Turning the stream off', (signal) => setStream(client, inputs, { signal }));
    }
    case 'ttl': {
      if (!ttl.supported) throw new StudioError('unsupported', `Time to live cannot be changed: ${ttl.reason}`);
      const current = ttl.description.TimeToLiveStatus === 'ENABLED' || ttl.description.TimeToLiveStatus === 'ENABLING' ? ttl.description.AttributeName : undefined;
      const on = await pick(title, `Time to live (now ${timeToLiveLabel(ttl)})`, [
        { label: 'On', description: 'items expire at the time in an attribute (epoch seconds)', value: true },
        { label: 'Off', value: false },
      ]);
      const input = on
        ? timeToLiveInput(tableName, await ask(title, 'Attribute holding the expiry time (epoch seconds)', (v) => attributeNameProblem(v.trim(), 'The attribute name'), current ?? 'expiresAt'))
        : timeToLiveInput(tableName, undefined, current);
      return apply(studio, node, client, on ? 'Turning time to live on' : 'Turning time to live off', (signal) => setTimeToLive(client, input, { signal }));
    }
    case 'addIndex': {
      const input = addGlobalIndexInput(desc, await askGlobalIndex(title, desc));
      return apply(studio, node, client, `Adding index "${input.GlobalSecondaryIndexUpdates![0].Create!.IndexName}"`, send(input), true);
    }
    case 'deleteIndex': {
      const indexName = await pick(title, 'Index to delete', gsis.map((g) => ({ label: g.IndexName!, description: g.IndexStatus, value: g.IndexName! })));
      const confirm = await vscode.window.showWarningMessage(vscode.l10n.t('Delete index "{0}" of table "{1}"?', indexName, tableName), { modal: true, detail: 'Queries that use it will fail. The table and its items are not affected.' }, 'Delete Index');
      if (confirm !== 'Delete Index') throw new Cancelled();
      return apply(studio, node, client, `Deleting index "${indexName}"`, send(deleteGlobalIndexInput(desc, indexName)));
    }
    case 'protection': {
      const enabled = await pick(title, `Deletion protection (now ${desc.DeletionProtectionEnabled ? 'on' : 'off'})`, [
        { label: 'On', description: 'nobody can delete the table until it is turned off', value: true },
        { label: 'Off', description: 'the table can be deleted', value: false },
      ]);
      return apply(studio, node, client, `Turning deletion protection ${enabled ? 'on' : 'off'}`, send(deletionProtectionInput(tableName, enabled)));
    }
    case 'class': {
      const tableClass = await pick<TableClass>(title, `Table class (now ${desc.TableClassSummary?.TableClass ?? 'STANDARD'})`, [
        { label: 'STANDARD', value: 'STANDARD' },
        { label: 'STANDARD_INFREQUENT_ACCESS', description: 'cheaper storage, dearer reads and writes', value: 'STANDARD_INFREQUENT_ACCESS' },
      ]);
      return apply(studio, node, client, `Changing the table class to ${tableClass}`, send(tableClassInput(tableName, tableClass)));
    }
  }
}

/** "DynamoDB: Update Time to Live…": Update Table's time-to-live step, found by its own words in the palette. */
export async function updateTimeToLive(studio: Studio, arg?: unknown): Promise<void> {
  await updateTable(studio, arg, 'ttl');
}
