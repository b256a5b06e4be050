// The safe save against a real DynamoDB Local: editors that load one item and save concurrently, writers that
// ignore the protocol, key changes, creates and deletes. What is checked is what a user would check: which saves
// were refused, and that every save reported as done is still visible in the stored item (no lost update).
import * as assert from 'node:assert/strict';
import { GetItemCommand, PutItemCommand, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ItemStore, LEASE_ATTRIBUTE, type ExpressionLimits, type SaveProtocol, type SaveResult } from '../../../src/services/itemsave';
import type { Item, KeyAttribute } from '../../../src/model/items';
import { deleteTables, getTestEndpoint, testClient, uniqueTableName, createPkTable } from '../dynamoLocal';

const KEY: KeyAttribute[] = [{ name: 'pk', type: 'S' }];
/** Forces each protocol by shrinking the expression limits the store plans with. */
const PROTOCOL_LIMITS: Record<'wholeItemCondition' | 'editedAttributesCondition' | 'leasedBatches', ExpressionLimits | undefined> = {
  wholeItemCondition: undefined,
  editedAttributesCondition: { maxBytes: 160, maxOperators: 40 },
  leasedBatches: { maxBytes: 60, maxOperators: 40 },
};
const FIELD_COUNT = 14;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const randomInt = (n: number) => Math.floor(Math.random() * n);

function historyOf(item: Item | undefined): string[] {
  return (item?.history?.L ?? []).map((v) => v.S as string);
}

describe('item save against DynamoDB Local', function () {
  this.timeout(300_000);
  let client: DynamoDBClient;
  const table = uniqueTableName('itemsave');
  const store = (limits?: ExpressionLimits) => new ItemStore(client, { tableName: table, keySchema: KEY }, { limits });
  const rawGet = async (pk: string): Promise<Item | undefined> =>
    (await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: pk } }, ConsistentRead: true }))).Item;
  const rawPut = (item: Item) => client.send(new PutItemCommand({ TableName: table, Item: item }));

  before(async () => {
    client = testClient(await getTestEndpoint());
    await createPkTable(client, table);
  });

  after(async () => {
    if (client) await deleteTables(client, [table]);
  });

  it('saves an item loaded from DynamoDB whose sets, maps and numbers DynamoDB returned in its own form', async () => {
    await rawPut({
      pk: { S: 'forms' },
      n: { N: '1.50' },
      tags: { SS: ['b', 'a', 'c'] },
      nums: { NS: ['3', '1.0', '2'] },
      deep: { M: { list: { L: [{ N: '01' }, { M: { x: { BS: [new Uint8Array([2]), new Uint8Array([1])] } } }] } } },
    });
    const s = store();
    const loaded = await s.get({ pk: { S: 'forms' } });
    assert.ok(loaded);
    const result = await s.save(loaded, { ...loaded, note: { S: 'edited' } });
    assert.equal(result.status, 'saved', JSON.stringify(result));
    assert.equal((result as { protocol: SaveProtocol }).protocol, 'wholeItemCondition');
    assert.deepEqual((await rawGet('forms'))?.note, { S: 'edited' });
  });

  it('two editors load one item; the first save wins, the second is refused and gets the stored item', async () => {
    await rawPut({ pk: { S: 'two' }, title: { S: 'original' }, count: { N: '1' } });
    const first = store();
    const second = store();
    const loadedByFirst = await first.get({ pk: { S: 'two' } });
    const loadedBySecond = await second.get({ pk: { S: 'two' } });
    assert.ok(loadedByFirst && loadedBySecond);
    const saved = await first.save(loadedByFirst, { ...loadedByFirst, title: { S: 'first' } });
    assert.equal(saved.status, 'saved');
    // The second editor changes a different attribute: with the whole item checked, this is still refused.
    const refused = await second.save(loadedBySecond, { ...loadedBySecond, count: { N: '2' } });
    assert.equal(refused.status, 'conflict');
    assert.equal(refused.status === 'conflict' && refused.reason, 'changed');
    assert.deepEqual(refused.status === 'conflict' && refused.current?.title, { S: 'first' });
    const stored = await rawGet('two');
    assert.deepEqual(stored, { pk: { S: 'two' }, title: { S: 'first' }, count: { N: '1' } });
  });

  it('refuses a save when the item was deleted meanwhile, and writes nothing', async () => {
    await rawPut({ pk: { S: 'gone' }, a: { S: 'x' } });
    const s = store();
    const loaded = await s.get({ pk: { S: 'gone' } });
    assert.ok(loaded);
    await s.delete(loaded);
    const result = await s.save(loaded, { ...loaded, a: { S: 'y' } });
    assert.equal(result.status, 'conflict');
    assert.equal(result.status === 'conflict' && result.reason, 'deleted');
    assert.equal(await rawGet('gone'), undefined);
  });

  for (const [protocol, limits] of Object.entries(PROTOCOL_LIMITS) as [keyof typeof PROTOCOL_LIMITS, ExpressionLimits | undefined][]) {
    it(`randomized rounds (${protocol}): concurrent editors and a writer that ignores the protocol lose no update`, async () => {
      const ROUNDS = 12;
      const EDITORS = 3;
      const RAW_INCREMENTS = 3;
      let saves = 0;
      let conflicts = 0;
      const protocols = new Set<string>();
      for (let round = 0; round < ROUNDS; round++) {
        const pk = `race-${protocol}-${round}`;
        const initial: Item = { pk: { S: pk }, history: { L: [] }, raw: { N: '0' } };
        for (let f = 0; f < FIELD_COUNT; f++) initial[`f${f}`] = { N: String(f) };
        await rawPut(initial);
        const savedMarkers: string[] = [];
        const editor = async (e: number) => {
          const s = store(limits);
          let loaded = await s.get({ pk: { S: pk } });
          for (let attempt = 0; attempt < 4 && loaded; attempt++) {
            await sleep(randomInt(15));
            const marker = `r${round}e${e}a${attempt}`;
            const edited: Item = { ...loaded, history: { L: [...(loaded.history.L ?? []), { S: marker }] } };
            // A few random field edits: change, remove or add.
            for (let k = 0; k < 3; k++) {
              const f = `f${randomInt(FIELD_COUNT + 2)}`;
              if (randomInt(4) === 0) delete edited[f];
              else edited[f] = { S: `${marker}-${k}` };
            }
            const result: SaveResult = await s.save(loaded, edited);
            if (result.status === 'saved') {
              saves++;
              protocols.add(result.protocol);
              savedMarkers.push(marker);
              return;
            }
            assert.equal(result.status, 'conflict', JSON.stringify(result));
            conflicts++;
            // "Take the stored one and edit again": the next attempt starts from what the conflict returned.
            loaded = result.status === 'conflict' ? result.current : undefined;
          }
        };
        const rawWriter = async () => {
          for (let i = 0; i < RAW_INCREMENTS; i++) {
            await sleep(randomInt(20));
            await client.send(
              new UpdateItemCommand({ TableName: table, Key: { pk: { S: pk } }, UpdateExpression: 'ADD #r :one', ExpressionAttributeNames: { '#r': 'raw' }, ExpressionAttributeValues: { ':one': { N: '1' } } }),
            );
          }
        };
        await Promise.all([...Array.from({ length: EDITORS }, (_, e) => editor(e)), rawWriter()]);
        const stored = await rawGet(pk);
        assert.ok(stored, `item ${pk} is gone`);
        const history = historyOf(stored);
        // Every save that reported success is in the history, in the order the saves happened, and nothing else is.
        assert.deepEqual([...history].sort(), [...savedMarkers].sort(), `round ${round}: a reported save is missing from the stored history`);
        assert.equal(stored.raw.N, String(RAW_INCREMENTS), `round ${round}: increments by the other writer were lost`);
        assert.equal(stored[LEASE_ATTRIBUTE], undefined, `round ${round}: a save lease was left behind`);
      }
      assert.ok(saves > 0, 'no save succeeded');
      assert.ok(conflicts > 0, 'no save was ever refused, so the race was not exercised');
      assert.ok(protocols.has(protocol), `the ${protocol} protocol was never used (used: ${[...protocols].join(', ')})`);
    });
  }

  it('keeps an attribute another writer changed when the condition could not cover it, and reports it', async () => {
    const item: Item = { pk: { S: 'merge' }, edited: { S: 'a' } };
    for (let f = 0; f < FIELD_COUNT; f++) item[`f${f}`] = { N: String(f) };
    await rawPut(item);
    const s = store(PROTOCOL_LIMITS.editedAttributesCondition);
    const loaded = await s.get({ pk: { S: 'merge' } });
    assert.ok(loaded);
    // The condition checks the loaded attributes in their order until it runs out of room; the last one is beyond
    // it. Changed by someone else, it must survive the save, and so must an attribute someone else added.
    const unchecked = Object.keys(loaded).filter((n) => n !== 'edited' && n !== 'pk').pop()!;
    await client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { pk: { S: 'merge' } },
        UpdateExpression: 'SET #u = :v, added = :v',
        ExpressionAttributeNames: { '#u': unchecked },
        ExpressionAttributeValues: { ':v': { S: 'other' } },
      }),
    );
    const result = await s.save(loaded, { ...loaded, edited: { S: 'b' } });
    assert.equal(result.status, 'saved', JSON.stringify(result));
    const stored = await rawGet('merge');
    assert.deepEqual(stored?.edited, { S: 'b' });
    assert.deepEqual(stored?.[unchecked], { S: 'other' });
    assert.deepEqual(stored?.added, { S: 'other' });
    assert.deepEqual(result.status === 'saved' && [...result.concurrentChanges].sort(), ['added', unchecked].sort());
    assert.equal(result.status === 'saved' && result.protocol, 'editedAttributesCondition');
  });

  describe('new items, key changes and deletes', () => {
    for (const [label, limits] of [
      ['whole condition', undefined],
      ['under a lease', PROTOCOL_LIMITS.leasedBatches],
    ] as const) {
      it(`creates a new item only if its key is free (${label})`, async () => {
        const s = store(limits);
        const created = await s.save(undefined, { pk: { S: `new-${label}` }, v: { N: '1' } });
        assert.equal(created.status, 'saved');
        const again = await s.save(undefined, { pk: { S: `new-${label}` }, v: { N: '2' } });
        assert.equal(again.status, 'conflict');
        assert.equal(again.status === 'conflict' && again.reason, 'exists');
        assert.deepEqual((await rawGet(`new-${label}`))?.v, { N: '1' });
      });

      it(`changes the key: the new item appears, the old one is gone (${label})`, async () => {
        const old: Item = { pk: { S: `move-from-${label}` }, a: { S: 'x' }, b: { L: [{ N: '1' }] }, c: { S: 'y' }, d: { N: '4' } };
        await rawPut(old);
        const s = store(limits);
        const loaded = await s.get({ pk: { S: `move-from-${label}` } });
        assert.ok(loaded);
        const result = await s.save(loaded, { ...loaded, pk: { S: `move-to-${label}` }, a: { S: 'moved' } });
        assert.equal(result.status, 'saved', JSON.stringify(result));
        assert.equal(await rawGet(`move-from-${label}`), undefined);
        assert.deepEqual(await rawGet(`move-to-${label}`), { ...old, pk: { S: `move-to-${label}` }, a: { S: 'moved' } });
      });

      it(`refuses a key change onto an existing item or from a changed one, writing nothing (${label})`, async () => {
        await rawPut({ pk: { S: `taken-${label}` }, owner: { S: 'someone' } });
        await rawPut({ pk: { S: `src-${label}` }, a: { S: '1' }, b: { S: '2' }, c: { S: '3' }, d: { S: '4' } });
        const s = store(limits);
        const loaded = await s.get({ pk: { S: `src-${label}` } });
        assert.ok(loaded);
        const ontoTaken = await s.save(loaded, { ...loaded, pk: { S: `taken-${label}` } });
        assert.equal(ontoTaken.status === 'conflict' && ontoTaken.reason, 'exists');
        assert.deepEqual(await rawGet(`taken-${label}`), { pk: { S: `taken-${label}` }, owner: { S: 'someone' } });
        await client.send(new UpdateItemCommand({ TableName: table, Key: { pk: { S: `src-${label}` } }, UpdateExpression: 'SET d = :v', ExpressionAttributeValues: { ':v': { S: 'changed' } } }));
        const fromChanged = await s.save(loaded, { ...loaded, pk: { S: `elsewhere-${label}` } });
        assert.equal(fromChanged.status === 'conflict' && fromChanged.reason, 'changed');
        assert.equal(await rawGet(`elsewhere-${label}`), undefined);
        assert.deepEqual((await rawGet(`src-${label}`))?.d, { S: 'changed' });
        assert.equal((await rawGet(`src-${label}`))?.[LEASE_ATTRIBUTE], undefined);
      });

      it(`a delete or key change does not take away an attribute someone added after the load; the item stays whole (${label})`, async () => {
        await rawPut({ pk: { S: `added-${label}` }, a: { S: '1' }, b: { S: '2' }, c: { S: '3' } });
        const s = store(limits);
        const loaded = await s.get({ pk: { S: `added-${label}` } });
        assert.ok(loaded);
        // A condition can only name attributes it knows: this one is invisible to it.
        await client.send(new UpdateItemCommand({ TableName: table, Key: { pk: { S: `added-${label}` } }, UpdateExpression: 'SET added = :v', ExpressionAttributeValues: { ':v': { S: 'theirs' } } }));
        const moved = await s.save(loaded, { ...loaded, pk: { S: `added-moved-${label}` } });
        assert.equal(moved.status === 'conflict' && moved.reason, 'changed', JSON.stringify(moved));
        assert.equal(await rawGet(`added-moved-${label}`), undefined, 'the copy at the new key was not taken back');
        const deleted = await s.delete(loaded);
        assert.equal(deleted.status === 'conflict' && deleted.reason, 'changed', JSON.stringify(deleted));
        assert.deepEqual(await rawGet(`added-${label}`), { ...loaded, added: { S: 'theirs' } });
      });

      it(`deletes only the item that was loaded (${label})`, async () => {
        await rawPut({ pk: { S: `del-${label}` }, a: { S: '1' }, b: { S: '2' }, c: { S: '3' } });
        const s = store(limits);
        const loaded = await s.get({ pk: { S: `del-${label}` } });
        assert.ok(loaded);
        await client.send(new UpdateItemCommand({ TableName: table, Key: { pk: { S: `del-${label}` } }, UpdateExpression: 'SET c = :v', ExpressionAttributeValues: { ':v': { S: 'new' } } }));
        const refused = await s.delete(loaded);
        assert.equal(refused.status, 'conflict');
        assert.deepEqual((await rawGet(`del-${label}`))?.c, { S: 'new' });
        const current = refused.status === 'conflict' ? refused.current : undefined;
        assert.ok(current);
        assert.equal((await s.delete(current)).status, 'deleted');
        assert.equal(await rawGet(`del-${label}`), undefined);
      });
    }
  });
});
