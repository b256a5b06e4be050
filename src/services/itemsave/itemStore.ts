// Reads and writes single items so that no save ever overwrites a change it has not seen.
//
// The guarantee, and how each kind of save keeps it (README "Safe save" says the same for users):
//
// 1. Same key, the usual case: one UpdateItem that SETs only the attributes the edit changed or added and
//    REMOVEs only those it deleted. Its condition, checked by DynamoDB atomically with the write, requires every
//    attribute the edit touches to still hold the value that was loaded (or to be absent if it was absent), and as
//    many of the untouched loaded attributes as fit in one expression (4 KB, 300 operators). When they all fit,
//    the save is refused if anything that was loaded has changed. When they do not, the save still never loses
//    anyone's update: attributes it does not write cannot be overwritten, and those it writes are checked.
//    A condition can only name attributes it knows, so an attribute that someone else *added* since the load is
//    not detected beforehand; it is kept (the save does not write it), and ReturnValues ALL_OLD, the item exactly
//    as it was at the moment of the write, tells the caller what else had changed.
// 2. Same key, an edit touching more attributes than one expression can check: a lease. An UpdateItem sets a lease
//    attribute only if no other save holds one, returning the item atomically (ALL_OLD); the save goes on only if
//    that is exactly the loaded item. The edit is then written in batches, each conditioned on the lease and on
//    its own attributes still holding their loaded values, the last batch removing the lease. A failed batch is
//    rolled back, each earlier batch conditioned on still holding what it wrote. Writers that ignore the lease
//    still cannot lose an update (every attribute is checked in the request that writes it), but readers can see
//    a partly applied edit between batches, and a crash leaves the lease until it expires (LEASE_MS).
// 3. Key change: the new item is created only if its key is free, then the old one is deleted as in 5. If that
//    delete is refused (the old item changed), the new item is removed again: nothing is lost, and for a moment a
//    reader can see both items. A failure between the two requests leaves both items, never neither.
// 4. New items: PutItem with attribute_not_exists on the key, so an existing item is never replaced.
// 5. Deletes: DeleteItem on condition that every loaded attribute still holds its value (under a lease when that
//    does not fit), returning the deleted item (ALL_OLD). A condition cannot name an attribute someone *added*, so
//    when the deleted item was not exactly the loaded one, it is put back at once, merged with anything written to
//    the key in that moment, and the delete is reported as refused: a reader may see the item briefly absent, but
//    no one's attribute is lost.
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type DynamoDBClient,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { clientLocation } from '../dynamo/endpointInfo';
import { StudioError, toStudioError } from '../../model/errors';
import { attributeValuesEqual, itemKey, itemsEqual } from '../../model/items/equality';
import { describePath } from '../../model/items/positions';
import { hasOwn } from '../../model/items/model';
import type { AttributeValue, Item, KeyAttribute } from '../../model/items/types';
import {
  ConditionBudget,
  DYNAMODB_EXPRESSION_LIMITS,
  equals,
  exists,
  holds,
  notExists,
  Placeholders,
  UpdateBudget,
  type ExpressionLimits,
} from '../../model/itemsave/expressions';

/** The attribute that marks an item as being saved in several requests. Its value: "<ISO expiry>|<token>". */
export const LEASE_ATTRIBUTE = 'dynamodbStudio:saveLease';
/** How long a lease protects a save in batches; a lease left by a crashed save can be taken over after this. */
export const LEASE_MS = 5 * 60_000;

export interface ItemTable {
  tableName: string;
  keySchema: readonly KeyAttribute[];
}

export type SaveProtocol =
  /** Same key; the condition covered every loaded attribute. */
  | 'wholeItemCondition'
  /** Same key; the condition covered every attribute written, and part of the others. */
  | 'editedAttributesCondition'
  /** Same key; written in several requests under a lease. */
  | 'leasedBatches'
  | 'create'
  | 'keyChange';

export type ConflictReason = 'changed' | 'deleted' | 'exists' | 'leased';

export type SaveResult =
  | {
      status: 'saved';
      protocol: SaveProtocol;
      /** The item as stored after the save. */
      stored: Item;
      /** Attributes someone else changed or added since the load that the save kept (none for a whole-item check). */
      concurrentChanges: string[];
    }
  | { status: 'unchanged' }
  | {
      status: 'conflict';
      reason: ConflictReason;
      /** The item as stored now (at the edited key for 'exists'); undefined when there is none. */
      current: Item | undefined;
      message: string;
    };

export type DeleteResult = { status: 'deleted' } | { status: 'conflict'; reason: ConflictReason; current: Item | undefined; message: string };

export interface ItemStoreOptions {
  limits?: ExpressionLimits;
  now?: () => number;
  newToken?: () => string;
}

interface Lease {
  value: string;
  /** The item at the moment the lease was taken, without the lease. */
  before: Item;
}

export class ItemStore {
  private readonly limits: ExpressionLimits;
  private readonly now: () => number;
  private readonly newToken: () => string;

  constructor(
    private readonly client: DynamoDBClient,
    readonly table: ItemTable,
    options: ItemStoreOptions = {},
  ) {
    this.limits = options.limits ?? DYNAMODB_EXPRESSION_LIMITS;
    this.now = options.now ?? Date.now;
    this.newToken = options.newToken ?? (() => Math.random().toString(36).slice(2) + Date.now().toString(36));
  }

  private get keyNames(): string[] {
    return this.table.keySchema.map((k) => k.name);
  }

  keyOf(item: Item): Item {
    return itemKey(item, this.table.keySchema);
  }

  /** The stored item with this key (strongly consistent), or undefined. */
  async get(key: Item): Promise<Item | undefined> {
    const operation = `Read the item ${describeKey(key)} of table "${this.table.tableName}"`;
    try {
      const out = await this.client.send(new GetItemCommand({ TableName: this.table.tableName, Key: key, ConsistentRead: true }));
      return out.Item;
    } catch (err) {
      throw await this.failure(err, operation);
    }
  }

  /**
   * Writes `edited` if the stored item is still `loaded` (see the top of this file for the exact guarantee).
   * `loaded` undefined: a new item, created only if no item has its key.
   */
  async save(loaded: Item | undefined, edited: Item): Promise<SaveResult> {
    const editedKey = this.keyOf(edited);
    if (!loaded) return this.create(edited, editedKey);
    const loadedKey = this.keyOf(loaded);
    if (!itemsEqual(loadedKey, editedKey)) return this.changeKey(loaded, edited, editedKey);
    const touched = changedAttributes(loaded, edited);
    if (touched.length === 0) return { status: 'unchanged' };
    return (await this.updateInOneRequest(loaded, edited, touched)) ?? this.updateInBatches(loaded, edited, touched);
  }

  /**
   * Deletes the item if it is still `loaded`. `retries`: how often to try again when the item was found exactly as
   * loaded after a refused delete (deleted and put back unchanged between the condition check and the read).
   */
  async delete(loaded: Item, retries = 2): Promise<DeleteResult> {
    const key = this.keyOf(loaded);
    const operation = `Delete the item ${describeKey(key)} from table "${this.table.tableName}"`;
    const p = new Placeholders();
    const condition = new ConditionBudget(this.limits);
    if (!this.addItemEquality(p, condition, loaded)) {
      const lease = await this.takeLease(loaded);
      if ('status' in lease) return lease;
      return this.deleteUnderLease(loaded, key, lease, operation);
    }
    try {
      const out = await this.client.send(
        new DeleteItemCommand({
          TableName: this.table.tableName,
          Key: key,
          ConditionExpression: condition.text,
          ReturnValues: 'ALL_OLD',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          ...p.requestFields(),
        }),
      );
      return await this.checkDeleted(loaded, key, out.Attributes, operation);
    } catch (err) {
      if (!isConditionFailure(err)) throw err instanceof StudioError ? err : await this.failure(err, operation);
      const refused = await this.deleteConflict(key, err);
      const unchanged = refused.status === 'conflict' && refused.current !== undefined && itemsEqual(refused.current, stripLease(loaded) ?? {});
      return unchanged && retries > 0 ? this.delete(loaded, retries - 1) : refused;
    }
  }

  /**
   * After a delete: `deleted` if what was deleted is exactly the loaded item; else the item is put back (merged with
   * whatever was written to its key since) and the delete is reported as refused.
   */
  private async checkDeleted(loaded: Item, key: Item, deleted: Item | undefined, operation: string): Promise<DeleteResult> {
    const before = stripLease(deleted);
    if (!before || itemsEqual(before, stripLease(loaded) ?? {})) return { status: 'deleted' };
    await this.restore(key, before, operation);
    const current = stripLease(await this.get(key));
    return { status: 'conflict', reason: 'changed', current, message: describeItemChange(key, current) };
  }

  /** Puts a deleted item back; attributes written to its key since the delete win over the restored ones. */
  private async restore(key: Item, item: Item, operation: string): Promise<void> {
    const failed = `${operation}: the item had been changed by someone else, and putting it back failed`;
    const p = new Placeholders();
    const condition = new ConditionBudget(UNLIMITED);
    condition.tryAdd(p, notExists(this.keyNames[0]));
    try {
      await this.client.send(new PutItemCommand({ TableName: this.table.tableName, Item: item, ConditionExpression: condition.text, ...p.requestFields() }));
      return;
    } catch (err) {
      if (!isConditionFailure(err)) throw await this.failure(err, failed);
    }
    // Someone wrote to the key in the meantime: add back only the attributes they did not write.
    const keys = new Set(this.keyNames);
    let names = Object.keys(item).filter((n) => !keys.has(n));
    while (names.length > 0) {
      const q = new Placeholders();
      const update = new UpdateBudget(this.limits);
      const done: string[] = [];
      for (const name of names) {
        if (!update.trySetIfAbsent(q, name, item[name])) {
          if (done.length === 0) throw this.attributeTooLarge(name);
          break;
        }
        done.push(name);
      }
      try {
        await this.client.send(new UpdateItemCommand({ TableName: this.table.tableName, Key: key, UpdateExpression: update.text, ...q.requestFields() }));
      } catch (err) {
        throw await this.failure(err, failed);
      }
      names = names.slice(done.length);
    }
  }

  // ---- new item ---------------------------------------------------------------------------------------------

  private async create(edited: Item, key: Item): Promise<SaveResult> {
    const p = new Placeholders();
    const condition = new ConditionBudget(this.limits);
    condition.tryAdd(p, notExists(this.keyNames[0]));
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.table.tableName,
          Item: edited,
          ConditionExpression: condition.text,
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          ...p.requestFields(),
        }),
      );
      return { status: 'saved', protocol: 'create', stored: edited, concurrentChanges: [] };
    } catch (err) {
      if (isConditionFailure(err)) {
        const current = conditionItem(err) ?? (await this.get(key));
        // The answer to an applied PutItem was lost and the SDK sent it again: the item there is this edit. On a first
        // attempt an equal item is someone else's, and a create never takes over an existing item.
        const attempts = (err as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1;
        if (current && attempts > 1 && itemsEqual(current, edited)) return { status: 'saved', protocol: 'create', stored: current, concurrentChanges: [] };
        return { status: 'conflict', reason: 'exists', current, message: `An item with the key ${describeKey(key)} already exists in "${this.table.tableName}"; the save did not replace it.` };
      }
      throw await this.failure(err, `Create the item ${describeKey(key)} in table "${this.table.tableName}"`);
    }
  }

  // ---- same key, one request --------------------------------------------------------------------------------

  /** The save as one conditional UpdateItem, or undefined when the edit touches too much for one request. */
  private async updateInOneRequest(loaded: Item, edited: Item, touched: string[]): Promise<SaveResult | undefined> {
    const key = this.keyOf(loaded);
    const p = new Placeholders();
    const update = new UpdateBudget(this.limits);
    const condition = new ConditionBudget(this.limits);
    if (!condition.tryAdd(p, exists(this.keyNames[0]))) return undefined;
    for (const name of touched) {
      if (!update.tryWrite(p, name, own(edited, name))) return undefined;
      if (!condition.tryAdd(p, holds(name, own(loaded, name)))) return undefined;
    }
    // The attributes the edit keeps as they were: checked too, as far as the expression has room.
    const touchedSet = new Set(touched);
    const keySet = new Set(this.keyNames);
    let whole = true;
    for (const name of Object.keys(loaded)) {
      if (touchedSet.has(name) || keySet.has(name)) continue;
      if (!condition.tryAdd(p, equals(name, loaded[name]))) {
        whole = false;
        break;
      }
    }
    const input: UpdateItemCommandInput = {
      TableName: this.table.tableName,
      Key: key,
      UpdateExpression: update.text,
      ConditionExpression: condition.text,
      ReturnValues: 'ALL_OLD',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      ...p.requestFields(),
    };
    try {
      const out = await this.client.send(new UpdateItemCommand(input));
      const before = out.Attributes ?? {};
      return {
        status: 'saved',
        protocol: whole ? 'wholeItemCondition' : 'editedAttributesCondition',
        stored: applyEdit(before, edited, touched),
        concurrentChanges: changedAttributes(loaded, before),
      };
    } catch (err) {
      if (isConditionFailure(err)) {
        const conflict = await this.conflict(key, err);
        // Stored exactly as edited: an earlier attempt of this save was applied and its answer lost (the SDK
        // retried, or the person saved again after a network error), or someone made the very same edit.
        if (conflict.current && itemsEqual(conflict.current, edited)) {
          return { status: 'saved', protocol: whole ? 'wholeItemCondition' : 'editedAttributesCondition', stored: conflict.current, concurrentChanges: [] };
        }
        return conflict;
      }
      throw await this.failure(err, `Save the item ${describeKey(key)} in table "${this.table.tableName}"`);
    }
  }

  // ---- same key, several requests under a lease -------------------------------------------------------------

  private async updateInBatches(loaded: Item, edited: Item, touched: string[]): Promise<SaveResult> {
    const key = this.keyOf(loaded);
    const operation = `Save the item ${describeKey(key)} in table "${this.table.tableName}"`;
    const lease = await this.takeLease(loaded);
    if ('status' in lease) return lease;
    const batches = this.planBatches(loaded, edited, touched, lease.value);
    const applied: string[][] = [];
    try {
      for (let i = 0; i < batches.length; i++) {
        const last = i === batches.length - 1;
        const input = this.batchRequest(key, batches[i], loaded, edited, lease.value, last);
        try {
          await this.client.send(new UpdateItemCommand(input));
          applied.push(batches[i]);
        } catch (err) {
          if (!isConditionFailure(err)) throw await this.failure(err, operation);
          const rolledBack = await this.rollBack(key, applied, loaded, edited, lease.value);
          await this.releaseLease(key, lease.value);
          const current = stripLease(await this.get(key));
          const partial = rolledBack ? '' : ' Part of the edit could not be undone because those attributes have changed again since; compare before saving.';
          return {
            status: 'conflict',
            reason: current ? 'changed' : 'deleted',
            current,
            message: `${describeItemChange(key, current)}${partial}`,
          };
        }
      }
    } catch (err) {
      // A failure that is not a conflict (network, throttling): try to leave the item as it was found.
      await this.rollBack(key, applied, loaded, edited, lease.value).catch(() => false);
      await this.releaseLease(key, lease.value).catch(() => undefined);
      throw err;
    }
    return { status: 'saved', protocol: 'leasedBatches', stored: applyEdit(lease.before, edited, touched), concurrentChanges: [] };
  }

  /** Groups the touched attributes into requests that fit, forwards and backwards (for a rollback). */
  private planBatches(loaded: Item, edited: Item, touched: string[], leaseValue: string): string[][] {
    const batches: string[][] = [];
    let current: string[] = [];
    let budgets = this.batchBudgets(leaseValue);
    for (const name of touched) {
      const fits = (b: ReturnType<ItemStore['batchBudgets']>) =>
        b.forwardUpdate.tryWrite(b.forwardP, name, own(edited, name)) &&
        b.forwardCondition.tryAdd(b.forwardP, holds(name, own(loaded, name))) &&
        b.backUpdate.tryWrite(b.backP, name, own(loaded, name)) &&
        b.backCondition.tryAdd(b.backP, holds(name, own(edited, name)));
      if (!fits(budgets)) {
        if (current.length === 0) throw this.attributeTooLarge(name);
        batches.push(current);
        current = [];
        budgets = this.batchBudgets(leaseValue);
        if (!fits(budgets)) throw this.attributeTooLarge(name);
      }
      current.push(name);
    }
    if (current.length) batches.push(current);
    return batches;
  }

  private batchBudgets(leaseValue: string) {
    const forwardP = new Placeholders();
    const backP = new Placeholders();
    const forwardCondition = new ConditionBudget(this.limits);
    const backCondition = new ConditionBudget(this.limits);
    const forwardUpdate = new UpdateBudget(this.limits);
    const backUpdate = new UpdateBudget(this.limits);
    forwardCondition.tryAdd(forwardP, equals(LEASE_ATTRIBUTE, { S: leaseValue }));
    backCondition.tryAdd(backP, equals(LEASE_ATTRIBUTE, { S: leaseValue }));
    // Room for the last batch's "REMOVE <lease>".
    forwardUpdate.tryRemove(forwardP, LEASE_ATTRIBUTE);
    return { forwardP, backP, forwardCondition, backCondition, forwardUpdate, backUpdate };
  }

  private batchRequest(key: Item, names: string[], from: Item, to: Item, leaseValue: string, releaseLease: boolean): UpdateItemCommandInput {
    const p = new Placeholders();
    const condition = new ConditionBudget(UNLIMITED);
    const update = new UpdateBudget(UNLIMITED);
    condition.tryAdd(p, equals(LEASE_ATTRIBUTE, { S: leaseValue }));
    for (const name of names) {
      update.tryWrite(p, name, own(to, name));
      condition.tryAdd(p, holds(name, own(from, name)));
    }
    if (releaseLease) update.tryRemove(p, LEASE_ATTRIBUTE);
    return { TableName: this.table.tableName, Key: key, UpdateExpression: update.text, ConditionExpression: condition.text, ...p.requestFields() };
  }

  /** Undoes applied batches, newest first; false when one of them had been changed again by someone else. */
  private async rollBack(key: Item, applied: string[][], loaded: Item, edited: Item, leaseValue: string): Promise<boolean> {
    let complete = true;
    for (const names of [...applied].reverse()) {
      try {
        await this.client.send(new UpdateItemCommand(this.batchRequest(key, names, edited, loaded, leaseValue, false)));
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
        complete = false;
      }
    }
    return complete;
  }

  /** Sets the lease if no live lease is there; the item as it was must be exactly `loaded`. */
  private async takeLease(loaded: Item): Promise<Lease | Extract<SaveResult, { status: 'conflict' }>> {
    const key = this.keyOf(loaded);
    const now = this.now();
    const value = `${new Date(now + LEASE_MS).toISOString()}|${this.newToken()}`;
    const p = new Placeholders();
    const condition = new ConditionBudget(UNLIMITED);
    condition.tryAdd(p, exists(this.keyNames[0]));
    // "<expiry>|token" < "<now>" exactly when the expiry has passed (ISO times sort as text).
    condition.tryAdd(p, (q) => {
      const lease = q.name(LEASE_ATTRIBUTE);
      return { text: `(attribute_not_exists(${lease}) OR ${lease} < ${q.value({ S: new Date(now).toISOString() })})`, operators: 3 };
    });
    const update = new UpdateBudget(UNLIMITED);
    update.trySet(p, LEASE_ATTRIBUTE, { S: value });
    try {
      const out = await this.client.send(
        new UpdateItemCommand({
          TableName: this.table.tableName,
          Key: key,
          UpdateExpression: update.text,
          ConditionExpression: condition.text,
          ReturnValues: 'ALL_OLD',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          ...p.requestFields(),
        }),
      );
      const before = stripLease(out.Attributes) ?? {};
      if (!itemsEqual(before, stripLease(loaded) ?? {})) {
        await this.releaseLease(key, value);
        return { status: 'conflict', reason: 'changed', current: before, message: describeItemChange(key, before) };
      }
      return { value, before };
    } catch (err) {
      if (!isConditionFailure(err)) throw await this.failure(err, `Save the item ${describeKey(key)} in table "${this.table.tableName}"`);
      const current = conditionItem(err) ?? (await this.get(key));
      if (current && hasOwn(current, LEASE_ATTRIBUTE)) {
        return {
          status: 'conflict',
          reason: 'leased',
          current: stripLease(current),
          message: `The item ${describeKey(key)} is being saved by another DynamoDB Studio window right now (it holds a save lease). Wait a moment, then compare and save again.`,
        };
      }
      return { status: 'conflict', reason: current ? 'changed' : 'deleted', current: stripLease(current), message: describeItemChange(key, current) };
    }
  }

  private async releaseLease(key: Item, leaseValue: string): Promise<void> {
    const p = new Placeholders();
    const condition = new ConditionBudget(UNLIMITED);
    condition.tryAdd(p, equals(LEASE_ATTRIBUTE, { S: leaseValue }));
    const update = new UpdateBudget(UNLIMITED);
    update.tryRemove(p, LEASE_ATTRIBUTE);
    try {
      await this.client.send(
        new UpdateItemCommand({ TableName: this.table.tableName, Key: key, UpdateExpression: update.text, ConditionExpression: condition.text, ...p.requestFields() }),
      );
    } catch (err) {
      // Someone replaced or deleted the item: the lease went with it.
      if (!isConditionFailure(err)) throw await this.failure(err, `Release the save lease of item ${describeKey(key)}`);
    }
  }

  // ---- key change ---------------------------------------------------------------------------------------------

  private async changeKey(loaded: Item, edited: Item, editedKey: Item): Promise<SaveResult> {
    const oldKey = this.keyOf(loaded);
    const operation = `Move the item ${describeKey(oldKey)} to the key ${describeKey(editedKey)} in table "${this.table.tableName}"`;
    const created = await this.create(edited, editedKey);
    if (created.status === 'conflict') {
      // A key change applied before whose answer was lost: the new key holds the edit and the old item is gone.
      if (created.current && itemsEqual(created.current, edited) && !(await this.get(oldKey))) {
        return { status: 'saved', protocol: 'keyChange', stored: created.current, concurrentChanges: [] };
      }
      return { ...created, message: `An item with the key ${describeKey(editedKey)} already exists in "${this.table.tableName}"; changing the key would replace it.` } as SaveResult;
    }
    let removed: DeleteResult;
    try {
      removed = await this.delete(loaded);
    } catch (err) {
      // The old item may or may not be gone: keep the new one, so the item exists at least once, and say so.
      const e = err instanceof StudioError ? err : await this.failure(err, operation);
      throw new StudioError(e.kind, `${operation}: the item was written at the new key, but deleting it at the old key failed (${e.message}) Both may exist now; compare them, then delete the one you do not want.`, {
        hint: e.hint,
        fixCommand: e.fixCommand,
        awsCode: e.awsCode,
        cause: err,
      });
    }
    if (removed.status === 'deleted') return { status: 'saved', protocol: 'keyChange', stored: edited, concurrentChanges: [] };
    // The old item changed: take the new one back (only if it is still exactly the edit) and refuse the key change.
    const undone = await this.delete(edited).catch(() => undefined);
    const leftover = undone?.status === 'deleted' ? '' : ` The copy at the new key ${describeKey(editedKey)} could not be removed because it changed too; compare both.`;
    return { status: 'conflict', reason: removed.reason, current: removed.current, message: `${describeItemChange(oldKey, removed.current)}${leftover}` };
  }

  private async deleteUnderLease(loaded: Item, key: Item, lease: Lease, operation: string): Promise<DeleteResult> {
    const p = new Placeholders();
    const condition = new ConditionBudget(this.limits);
    condition.tryAdd(p, equals(LEASE_ATTRIBUTE, { S: lease.value }));
    this.addItemEquality(p, condition, loaded);
    let deleted: Item | undefined;
    try {
      const out = await this.client.send(
        new DeleteItemCommand({
          TableName: this.table.tableName,
          Key: key,
          ConditionExpression: condition.text,
          ReturnValues: 'ALL_OLD',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          ...p.requestFields(),
        }),
      );
      deleted = out.Attributes;
    } catch (err) {
      await this.releaseLease(key, lease.value).catch(() => undefined);
      if (isConditionFailure(err)) return this.deleteConflict(key, err);
      throw await this.failure(err, operation);
    }
    return this.checkDeleted(loaded, key, deleted, operation);
  }

  /** Adds "attribute = loaded value" for every attribute while they fit; true when all did. */
  private addItemEquality(p: Placeholders, condition: ConditionBudget, item: Item): boolean {
    if (!condition.tryAdd(p, exists(this.keyNames[0]))) return false;
    const keys = new Set(this.keyNames);
    for (const name of Object.keys(item)) {
      if (keys.has(name) || name === LEASE_ATTRIBUTE) continue;
      if (!condition.tryAdd(p, equals(name, item[name]))) return false;
    }
    return true;
  }

  private async conflict(key: Item, err: unknown): Promise<Extract<SaveResult, { status: 'conflict' }>> {
    const current = stripLease(conditionItem(err) ?? (await this.get(key)));
    return { status: 'conflict', reason: current ? 'changed' : 'deleted', current, message: describeItemChange(key, current) };
  }

  /** A refused delete. The item being gone after the SDK sent the delete more than once means an earlier attempt deleted it. */
  private async deleteConflict(key: Item, err: unknown): Promise<DeleteResult> {
    const conflict = await this.conflict(key, err);
    const attempts = (err as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1;
    if (conflict.current) return conflict;
    return attempts > 1 ? { status: 'deleted' } : { ...conflict, message: `The item ${describeKey(key)} was already deleted by someone else.` };
  }

  /** Any failure as a StudioError that names the operation and where the client points (endpoint or region). */
  private async failure(err: unknown, operation: string): Promise<StudioError> {
    return toStudioError(err, { operation, ...(await clientLocation(this.client)) });
  }

  private attributeTooLarge(name: string): StudioError {
    return new StudioError('validation', `The attribute ${describePath([name])} is too large to be written in a conditional request.`, {
      hint: 'Save it with fewer changes at a time.',
    });
  }
}

const UNLIMITED: ExpressionLimits = { maxBytes: Number.MAX_SAFE_INTEGER, maxOperators: Number.MAX_SAFE_INTEGER };

function own(item: Item, name: string): AttributeValue | undefined {
  return hasOwn(item, name) ? item[name] : undefined;
}

/** Names whose values differ between the two items (added, removed or changed), in a stable order. */
export function changedAttributes(before: Item, after: Item): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((name) => {
    const a = own(before, name);
    const b = own(after, name);
    if (a === undefined || b === undefined) return a !== b;
    return !attributeValuesEqual(a, b);
  });
}

/** `base` with the edit's touched attributes set to their edited values (removed when the edit removed them). */
export function applyEdit(base: Item, edited: Item, touched: readonly string[]): Item {
  const out: Item = { ...stripLease(base) };
  for (const name of touched) {
    const v = own(edited, name);
    if (v === undefined) delete out[name];
    else out[name] = v;
  }
  return out;
}

function stripLease(item: Item | undefined): Item | undefined {
  if (!item || !hasOwn(item, LEASE_ATTRIBUTE)) return item;
  const { [LEASE_ATTRIBUTE]: _lease, ...rest } = item;
  return rest;
}

/** The key as people read it: ProjectID = "day55", Total = 12. */
export function describeKey(key: Item): string {
  return Object.keys(key)
    .map((name) => {
      const v = key[name] as unknown as Record<string, unknown>;
      const shown = v.S !== undefined ? JSON.stringify(v.S) : v.N !== undefined ? String(v.N) : v.B !== undefined ? `<${(v.B as Uint8Array).length} bytes>` : '?';
      return `${name} = ${shown}`;
    })
    .join(', ');
}

function describeItemChange(key: Item, current: Item | undefined): string {
  return current
    ? `The item ${describeKey(key)} was changed by someone else after you opened it.`
    : `The item ${describeKey(key)} was deleted by someone else after you opened it; the save did not recreate it.`;
}

function isConditionFailure(err: unknown): boolean {
  return err instanceof ConditionalCheckFailedException || (err as { name?: string })?.name === 'ConditionalCheckFailedException';
}

function conditionItem(err: unknown): Item | undefined {
  return (err as { Item?: Item }).Item;
}
