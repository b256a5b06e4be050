// Table lifecycle against one endpoint/region: create (and wait until ACTIVE), the UpdateTable and
// UpdateTimeToLive requests behind "Update Table", and delete. Each update is a small function that returns the
// exact request, so what is sent can be shown and tested, plus one executor that sends it.
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
  type GlobalSecondaryIndexUpdate,
  type StreamViewType,
  type TableClass,
  type TableDescription,
  type TimeToLiveSpecification,
  type UpdateTableCommandInput,
  type UpdateTimeToLiveCommandInput,
} from '@aws-sdk/client-dynamodb';
import { abortError, StudioError, toStudioError, type ErrorContext } from '../../model/errors';
import { sleep } from '../retry/backoff';
import { clientLocation } from './endpointInfo';

export { clientLocation, isUnsupportedOperation } from './endpointInfo';
import {
  attributeDefinitions,
  attributeNameProblem,
  buildCreateTableInput,
  globalIndexInput,
  resourceNameProblem,
  type BillingSpec,
  type CapacitySpec,
  type CreateTableSpec,
  type GlobalIndexSpec,
  type KeyAttributeSpec,
} from '../../model/table/createTableSpec';

// ---- errors ----------------------------------------------------------------------------------------------------

/** Turns an SDK failure into a StudioError; an aborted signal always reads as a cancellation. */
export async function adminError(client: { config: unknown }, operation: string, err: unknown, signal?: AbortSignal): Promise<StudioError> {
  if (err instanceof StudioError) return err;
  const cause = signal?.aborted ? abortError(err) : err;
  const ctx: ErrorContext = { operation, ...(await clientLocation(client)) };
  return toStudioError(cause, ctx);
}

/** Sends one request, with errors turned into StudioErrors that say what was being done. */
export async function sendAs<T>(client: { config: unknown }, operation: string, signal: AbortSignal | undefined, call: () => Promise<T>): Promise<T> {
  if (signal?.aborted) throw await adminError(client, operation, abortError(), signal);
  try {
    return await call();
  } catch (err) {
    throw await adminError(client, operation, err, signal);
  }
}

/** The shape of VS Code's CancellationToken, so commands can hand cancellation to these services. */
export interface CancellationLike {
  isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

/** An AbortSignal that aborts when the token is cancelled. */
export function abortSignalFor(token: CancellationLike): AbortSignal {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  else token.onCancellationRequested(() => controller.abort());
  return controller.signal;
}

// ---- create and wait -------------------------------------------------------------------------------------------

export interface WaitProgress {
  tableStatus: string;
  /** Global indexes that are not ACTIVE yet, with their status (`CREATING (backfilling)`). */
  pendingIndexes: { name: string; status: string; backfilling: boolean }[];
  attempt: number;
}

export interface WaitOptions {
  signal?: AbortSignal;
  onProgress?: (progress: WaitProgress) => void;
  /** Also wait until every global index is ACTIVE (after adding one, or creating a table with some). */
  waitForIndexes?: boolean;
  /** Milliseconds between DescribeTable calls (default 1000). */
  pollMs?: number;
  /** Give up after this many milliseconds (default 30 minutes: index backfills on large tables take long). */
  timeoutMs?: number;
}

/** Polls DescribeTable until the table (and, when asked, its indexes) is ACTIVE; returns the last description. */
export async function waitForTableActive(client: DynamoDBClient, tableName: string, options: WaitOptions = {}): Promise<TableDescription> {
  const { signal, onProgress, waitForIndexes = false, pollMs = 1000, timeoutMs = 30 * 60_000 } = options;
  const operation = `Waiting for table "${tableName}" to become ACTIVE`;
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    const { Table: table } = await sendAs(client, operation, signal, () => client.send(new DescribeTableCommand({ TableName: tableName }), { abortSignal: signal }));
    if (!table) throw new StudioError('unknown', `${operation} failed: the endpoint returned no table description.`);
    const pendingIndexes = (table.GlobalSecondaryIndexes ?? [])
      .filter((g) => g.IndexStatus !== 'ACTIVE')
      .map((g) => ({ name: g.IndexName ?? '?', status: g.IndexStatus ?? 'UNKNOWN', backfilling: g.Backfilling === true }));
    const tableStatus = table.TableStatus ?? 'UNKNOWN';
    onProgress?.({ tableStatus, pendingIndexes, attempt });
    if (tableStatus === 'ACTIVE' && (!waitForIndexes || pendingIndexes.length === 0)) return table;
    if (tableStatus === 'DELETING' || tableStatus === 'INACCESSIBLE_ENCRYPTION_CREDENTIALS') {
      throw new StudioError('unknown', `${operation} failed: the table is ${tableStatus}.`, { hint: 'Open the table details to see why.' });
    }
    if (Date.now() + pollMs > deadline) {
      throw new StudioError('unknown', `${operation} gave up after ${Math.round(timeoutMs / 1000)} s: the table is ${tableStatus}${pendingIndexes.length ? ` and ${pendingIndexes.map((p) => `${p.name} is ${p.status}`).join(', ')}` : ''}.`, {
        hint: 'It may still finish: refresh the explorer later.',
      });
    }
    try {
      await sleep(pollMs, signal);
    } catch (err) {
      throw await adminError(client, operation, err, signal);
    }
  }
}

export interface CreateTableOptions extends WaitOptions {
  /** Called once CreateTable was accepted, before waiting. */
  onCreated?: (description: TableDescription | undefined) => void;
}

/**
 * Creates the table of a validated spec, waits until it and its indexes are ACTIVE, then turns time to live on
 * when the spec asks for it. Returns the final description.
 */
export async function createTable(client: DynamoDBClient, spec: CreateTableSpec, options: CreateTableOptions = {}): Promise<TableDescription> {
  const input = buildCreateTableInput(spec);
  const operation = `Create table "${spec.tableName}"`;
  const created = await sendAs(client, operation, options.signal, () => client.send(new CreateTableCommand(input), { abortSignal: options.signal }));
  options.onCreated?.(created.TableDescription);
  const description = await waitForTableActive(client, spec.tableName, { ...options, waitForIndexes: true });
  if (spec.timeToLiveAttribute) await setTimeToLive(client, timeToLiveInput(spec.tableName, spec.timeToLiveAttribute), options);
  return description;
}

// ---- updates -------------------------------------------------------------------------------------------------------

function currentBillingMode(desc: TableDescription): 'PAY_PER_REQUEST' | 'PROVISIONED' {
  // DescribeTable omits BillingModeSummary for tables that were always provisioned.
  return desc.BillingModeSummary?.BillingMode === 'PAY_PER_REQUEST' ? 'PAY_PER_REQUEST' : 'PROVISIONED';
}

function throughput(c: CapacitySpec) {
  return { ReadCapacityUnits: c.readCapacityUnits, WriteCapacityUnits: c.writeCapacityUnits };
}

function requireCapacity(c: CapacitySpec, what: string): void {
  for (const [label, value] of [['Read', c.readCapacityUnits], ['Write', c.writeCapacityUnits]] as const) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new StudioError('validation', `${label} capacity of ${what} must be a whole number of at least 1 (got ${value}).`, { hint: 'Enter a capacity of 1 or more.' });
    }
  }
}

/**
 * UpdateTable for a billing change. Switching to provisioned also gives every global index capacity
 * (its own from `indexCapacity`, else the table's), which the service requires.
 */
export function billingUpdateInput(desc: TableDescription, billing: BillingSpec, indexCapacity: Record<string, CapacitySpec> = {}): UpdateTableCommandInput {
  const tableName = desc.TableName!;
  if (billing.mode === 'PAY_PER_REQUEST') {
    if (currentBillingMode(desc) === 'PAY_PER_REQUEST') {
      throw new StudioError('validation', `Table "${tableName}" is already on-demand.`, { hint: 'Choose provisioned capacity to change the billing mode.' });
    }
    return { TableName: tableName, BillingMode: 'PAY_PER_REQUEST' };
  }
  requireCapacity(billing, `table "${tableName}"`);
  const input: UpdateTableCommandInput = { TableName: tableName, BillingMode: 'PROVISIONED', ProvisionedThroughput: throughput(billing) };
  const updates: GlobalSecondaryIndexUpdate[] = (desc.GlobalSecondaryIndexes ?? [])
    .filter((g) => g.IndexStatus !== 'DELETING')
    .map((g) => {
      const capacity = indexCapacity[g.IndexName!] ?? billing;
      requireCapacity(capacity, `index "${g.IndexName}"`);
      return { Update: { IndexName: g.IndexName!, ProvisionedThroughput: throughput(capacity) } };
    });
  if (updates.length) input.GlobalSecondaryIndexUpdates = updates;
  return input;
}

/**
 * UpdateTable requests that put the stream in the wanted state: on with a view type, or off (`undefined`).
 * A stream's view type cannot change while it is on, so a change is two requests: off, then on.
 */
export function streamUpdateInputs(desc: TableDescription, viewType: StreamViewType | undefined): UpdateTableCommandInput[] {
  const tableName = desc.TableName!;
  const enabled = desc.StreamSpecification?.StreamEnabled === true;
  const current = enabled ? desc.StreamSpecification?.StreamViewType : undefined;
  if (viewType === undefined) {
    if (!enabled) throw new StudioError('validation', `The stream of table "${tableName}" is already off.`);
    return [{ TableName: tableName, StreamSpecification: { StreamEnabled: false } }];
  }
  if (enabled && current === viewType) throw new StudioError('validation', `The stream of table "${tableName}" is already on with ${viewType}.`);
  const on: UpdateTableCommandInput = { TableName: tableName, StreamSpecification: { StreamEnabled: true, StreamViewType: viewType } };
  return enabled ? [{ TableName: tableName, StreamSpecification: { StreamEnabled: false } }, on] : [on];
}

/** UpdateTimeToLive turning expiry on with an attribute, or off (the service wants the current attribute for that). */
export function timeToLiveInput(tableName: string, attribute: string | undefined, currentAttribute?: string): UpdateTimeToLiveCommandInput {
  let spec: TimeToLiveSpecification;
  if (attribute !== undefined) {
    const problem = attributeNameProblem(attribute, 'The time-to-live attribute name');
    if (problem) throw new StudioError('validation', problem, { hint: 'Enter the name of the attribute that holds the expiry time (epoch seconds).' });
    spec = { Enabled: true, AttributeName: attribute };
  } else {
    if (!currentAttribute) {
      throw new StudioError('validation', `Time to live of table "${tableName}" cannot be turned off: it is not on.`);
    }
    spec = { Enabled: false, AttributeName: currentAttribute };
  }
  return { TableName: tableName, TimeToLiveSpecification: spec };
}

/** UpdateTable adding a global index; checks it against the table's existing key types and index names. */
export function addGlobalIndexInput(desc: TableDescription, index: GlobalIndexSpec): UpdateTableCommandInput {
  const tableName = desc.TableName!;
  const fail = (message: string, hint: string) => new StudioError('validation', `Index "${index.name}" cannot be added to table "${tableName}": ${message}`, { hint });
  const nameProblem = resourceNameProblem(index.name, 'The index name');
  if (nameProblem) throw fail(nameProblem, 'Choose another index name.');
  const existingNames = [...(desc.GlobalSecondaryIndexes ?? []), ...(desc.LocalSecondaryIndexes ?? [])].map((i) => i.IndexName);
  if (existingNames.includes(index.name)) throw fail('the table already has an index with that name.', 'Choose another index name.');
  if ((desc.GlobalSecondaryIndexes?.length ?? 0) >= 20) throw fail('the table already has 20 global indexes, the limit.', 'Delete an index first.');
  const keys: KeyAttributeSpec[] = [index.partitionKey, ...(index.sortKey ? [index.sortKey] : [])];
  for (const k of keys) {
    const p = attributeNameProblem(k.name, 'An index key name');
    if (p) throw fail(p, 'Enter the key attribute names.');
    if (!['S', 'N', 'B'].includes(k.type)) throw fail(`key "${k.name}" has type ${k.type}; key types are S, N or B.`, 'Choose S, N or B.');
  }
  if (index.sortKey && index.sortKey.name === index.partitionKey.name) throw fail('its sort key is the same attribute as its partition key.', 'Choose two different attributes.');
  if (index.projection.type === 'INCLUDE' && index.projection.nonKeyAttributes.length === 0) {
    throw fail('an INCLUDE projection needs at least one attribute.', 'Name the attributes to project, or choose KEYS_ONLY.');
  }
  const existingTypes = new Map((desc.AttributeDefinitions ?? []).map((d) => [d.AttributeName!, d.AttributeType!]));
  for (const k of keys) {
    const t = existingTypes.get(k.name);
    if (t && t !== k.type) throw fail(`attribute "${k.name}" is already a key of type ${t}, not ${k.type}.`, `Use type ${t} for "${k.name}".`);
  }
  const provisioned = currentBillingMode(desc) === 'PROVISIONED';
  let capacity: CapacitySpec | undefined;
  if (provisioned) {
    capacity = index.capacity ?? {
      readCapacityUnits: desc.ProvisionedThroughput?.ReadCapacityUnits ?? 1,
      writeCapacityUnits: desc.ProvisionedThroughput?.WriteCapacityUnits ?? 1,
    };
    requireCapacity(capacity, `index "${index.name}"`);
  }
  const definitions: AttributeDefinition[] = attributeDefinitions(keys);
  return {
    TableName: tableName,
    AttributeDefinitions: definitions,
    GlobalSecondaryIndexUpdates: [{ Create: globalIndexInput({ ...index, capacity }, capacity) }],
  };
}

export function deleteGlobalIndexInput(desc: TableDescription, indexName: string): UpdateTableCommandInput {
  if (!(desc.GlobalSecondaryIndexes ?? []).some((g) => g.IndexName === indexName)) {
    const isLocal = (desc.LocalSecondaryIndexes ?? []).some((l) => l.IndexName === indexName);
    throw new StudioError('validation', `Table "${desc.TableName}" has no global index "${indexName}"${isLocal ? ' (it is a local index, which lives as long as the table)' : ''}.`);
  }
  return { TableName: desc.TableName!, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: indexName } }] };
}

export function deletionProtectionInput(tableName: string, enabled: boolean): UpdateTableCommandInput {
  return { TableName: tableName, DeletionProtectionEnabled: enabled };
}

export function tableClassInput(tableName: string, tableClass: TableClass): UpdateTableCommandInput {
  return { TableName: tableName, TableClass: tableClass };
}

/** Sends one UpdateTable request; returns the description the service answered with. */
export async function updateTable(client: DynamoDBClient, input: UpdateTableCommandInput, options: { signal?: AbortSignal } = {}): Promise<TableDescription | undefined> {
  const out = await sendAs(client, `Update table "${input.TableName}"`, options.signal, () =>
    client.send(new UpdateTableCommand(input), { abortSignal: options.signal }),
  );
  return out.TableDescription;
}

/**
 * Sends the stream requests of `streamUpdateInputs` in order, waiting for the table to be ACTIVE between them
 * (a stream cannot be turned on while the table is still UPDATING from turning it off).
 */
export async function setStream(client: DynamoDBClient, inputs: readonly UpdateTableCommandInput[], options: WaitOptions = {}): Promise<TableDescription | undefined> {
  let last: TableDescription | undefined;
  for (const [i, input] of inputs.entries()) {
    if (i > 0) await waitForTableActive(client, input.TableName!, options);
    last = await updateTable(client, input, options);
  }
  return last;
}

export async function setTimeToLive(client: DynamoDBClient, input: UpdateTimeToLiveCommandInput, options: { signal?: AbortSignal } = {}): Promise<TimeToLiveSpecification | undefined> {
  const verb = input.TimeToLiveSpecification?.Enabled ? 'Turn on' : 'Turn off';
  const out = await sendAs(client, `${verb} time to live of table "${input.TableName}"`, options.signal, () =>
    client.send(new UpdateTimeToLiveCommand(input), { abortSignal: options.signal }),
  );
  return out.TimeToLiveSpecification;
}

// ---- delete --------------------------------------------------------------------------------------------------------

/** True when what the person typed is exactly the table name (the confirmation of Delete and Purge). */
export function isTableNameConfirmed(tableName: string, typed: string | undefined): boolean {
  return typed !== undefined && typed === tableName;
}

/** Why a protected table was not deleted, and how to turn the protection off (never done here). */
export function deletionProtectedError(tableName: string, cause?: unknown): StudioError {
  return new StudioError('validation', `Table "${tableName}" was not deleted: deletion protection is on, which keeps it from being deleted by anyone.`, {
    hint: 'If it really should go, turn deletion protection off first (Update Table → Deletion protection → Off), then delete it.',
    fixCommand: `aws dynamodb update-table --table-name ${tableName} --no-deletion-protection-enabled`,
    cause,
  });
}

/**
 * Deletes a table. Deletion protection is explained, never switched off here: a protected table is refused
 * with how to turn the protection off.
 */
export async function deleteTable(client: DynamoDBClient, tableName: string, options: { signal?: AbortSignal } = {}): Promise<TableDescription | undefined> {
  const operation = `Delete table "${tableName}"`;
  const { Table: table } = await sendAs(client, operation, options.signal, () =>
    client.send(new DescribeTableCommand({ TableName: tableName }), { abortSignal: options.signal }),
  );
  if (table?.DeletionProtectionEnabled) throw deletionProtectedError(tableName);
  try {
    const out = await client.send(new DeleteTableCommand({ TableName: tableName }), { abortSignal: options.signal });
    return out.TableDescription;
  } catch (err) {
    // Protection may have been turned on between the two requests.
    if (/protected against deletion|deletion protection/i.test(String((err as Error)?.message))) throw deletionProtectedError(tableName, err);
    throw await adminError(client, operation, err, options.signal);
  }
}
