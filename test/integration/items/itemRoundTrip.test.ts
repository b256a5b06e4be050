// Items through a real DynamoDB Local: what DynamoDB stores and returns must match the item core's view of it —
// the round trip through both notations, canonical numbers, validation rules and the 400 KB size computation.
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import {
  GetItemCommand,
  PutItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { canonicalNumber, itemSize, itemsEqual, itemToText, textToItem, validateItem, type Item, type KeyAttribute, type ProblemCode } from '../../../src/model/items';
import { deleteTables, getTestEndpoint, testClient, uniqueTableName, createPkTable } from '../dynamoLocal';
import { itemArbitrary, strictDifference } from '../../unit/items/itemArbitraries';

const KEY: KeyAttribute[] = [{ name: 'pk', type: 'S' }];

/** The top-level number attributes, sorted by name. */
function topLevelNumbers(item: Item): [string, string][] {
  return Object.keys(item)
    .sort()
    .filter((k) => item[k].N !== undefined)
    .map((k) => [k, item[k].N as string]);
}

describe('items: round trip through DynamoDB Local', function () {
  this.timeout(240_000);
  let client: DynamoDBClient;
  const table = uniqueTableName('items-roundtrip');

  before(async () => {
    client = testClient(await getTestEndpoint());
    await createPkTable(client, table);
  });

  after(async () => {
    if (client) await deleteTables(client, [table]);
  });

  let counter = 0;
  const put = (item: Item) => client.send(new PutItemCommand({ TableName: table, Item: item }));
  const get = async (pk: string): Promise<Item> => {
    const out = await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: pk } }, ConsistentRead: true }));
    assert.ok(out.Item, `item ${pk} was not found after PutItem`);
    return out.Item;
  };

  it('item → document text (both notations) → parse → PutItem → GetItem gives the same item, and its text round trips exactly', async () => {
    await fc.assert(
      fc.asyncProperty(itemArbitrary({ storable: true }), async (random) => {
        const pk = `rt-${counter++}`;
        const item: Item = { ...random, pk: { S: pk } };
        assert.deepEqual(validateItem(item, { keySchema: KEY }).filter((p) => p.severity === 'error'), []);
        for (const notation of ['dynamodb', 'plain'] as const) {
          const parsed = textToItem(itemToText(item, notation, { keySchema: KEY }), notation);
          assert.ok(parsed.ok, `${notation} text did not parse back`);
          assert.equal(strictDifference(parsed.item, item), undefined);
          await put(parsed.item);
          const stored = await get(pk);
          // DynamoDB keeps the value and may reorder sets and normalize number text.
          assert.ok(itemsEqual(stored, item), `stored item differs from the one put (${notation})`);
          // DynamoDB Local rewrites top-level numbers into the canonical form (nested ones it returns as sent).
          assert.deepEqual(topLevelNumbers(stored), topLevelNumbers(item).map(([k, n]) => [k, canonicalNumber(n)]));
          // What DynamoDB returns is shown and read back exactly, in both notations.
          for (const shown of ['dynamodb', 'plain'] as const) {
            const back = textToItem(itemToText(stored, shown, { keySchema: KEY }), shown);
            assert.ok(back.ok);
            assert.equal(strictDifference(back.item, stored), undefined);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('the 400 KB limit falls exactly where itemSize says, for random items', async () => {
    await fc.assert(
      fc.asyncProperty(itemArbitrary({ storable: true, maxChain: 8 }), async (random) => {
        const pk = `size-${counter++}`;
        const item: Item = { ...random, pk: { S: pk }, pad: { S: '' } };
        const padding = 409_600 - itemSize(item);
        item.pad = { S: 'x'.repeat(padding) };
        assert.equal(itemSize(item), 409_600);
        assert.deepEqual(validateItem(item, { keySchema: KEY }).map((p) => p.code), []);
        await put(item); // exactly at the limit: accepted

        item.pad = { S: 'x'.repeat(padding + 1) };
        assert.deepEqual(validateItem(item, { keySchema: KEY }).map((p) => p.code), ['itemTooLarge']);
        await assert.rejects(put(item), (e: Error) => e.name === 'ValidationException' && /size/i.test(e.message));
      }),
      { numRuns: 25 },
    );
  });

  const rejected: [string, ProblemCode, Item][] = [
    ['an empty string set', 'emptySet', { s: { SS: [] } }],
    ['an empty number set', 'emptySet', { s: { NS: [] } }],
    ['numerically equal set members', 'duplicateSetMember', { s: { NS: ['1', '1.0'] } }],
    ['repeated binary set members', 'duplicateSetMember', { s: { BS: [Uint8Array.from([7]), Uint8Array.from([7])] } }],
    ['a number above the range', 'numberRange', { n: { N: '1E+126' } }],
    ['a number below the range', 'numberRange', { n: { N: '-9.9E-131' } }],
    ['39 significant digits', 'numberPrecision', { n: { N: '123456789012345678901234567890123456789' } }],
    ['text that is not a number', 'invalidNumber', { n: { N: '0x10' } }],
    ['NULL false', 'nullNotTrue', { n: { NULL: false } }],
    ['an empty attribute name', 'emptyName', { '': { S: 'x' } }],
    ['33 levels of nesting', 'nestingTooDeep', { deep: Array.from({ length: 32 }).reduce<AttributeValue>((v) => ({ L: [v] }), { S: 'leaf' }) }],
    ['an empty partition key', 'emptyKey', { pk: { S: '' } }],
    ['a partition key over 2048 bytes', 'keyTooLarge', { pk: { S: 'k'.repeat(2049) } }],
    ['a partition key of the wrong type', 'keyType', { pk: { N: '1' } }],
  ];
  for (const [what, code, extra] of rejected) {
    it(`validation and DynamoDB agree: ${what} is rejected`, async () => {
      const item: Item = { pk: { S: `bad-${counter++}` }, ...extra };
      assert.deepEqual(validateItem(item, { keySchema: KEY }).map((p) => p.code), [code]);
      await assert.rejects(put(item), (e: Error) => e.name === 'ValidationException');
    });
  }

  it('validation and DynamoDB agree at the edges that are allowed', async () => {
    const item: Item = {
      pk: { S: 'k'.repeat(2048) },
      deep: Array.from({ length: 31 }).reduce<AttributeValue>((v) => ({ M: { x: v } }), { S: 'leaf' }),
      big: { N: '-9.9999999999999999999999999999999999999E+125' },
      small: { N: '1E-130' },
      empty: { S: '' },
      emptyInSet: { SS: [''] },
    };
    assert.deepEqual(validateItem(item, { keySchema: KEY }), []);
    await put(item);
    assert.ok(itemsEqual(await get('k'.repeat(2048)), item));
  });

  it('a top-level "__proto__" is stored but the SDK reads it back as undefined (why validation warns about it)', async () => {
    const item: Item = { pk: { S: `proto-${counter++}` } };
    Object.defineProperty(item, '__proto__', { value: { S: 'x' }, enumerable: true, writable: true, configurable: true });
    assert.deepEqual(validateItem(item, { keySchema: KEY }).map((p) => [p.code, p.severity]), [['sdkUnreadableName', 'warning']]);
    await put(item);
    const stored = await get(item.pk.S as string);
    assert.ok(Object.prototype.hasOwnProperty.call(stored, '__proto__'));
    assert.equal(stored['__proto__' as keyof Item], undefined);
    assert.equal(itemsEqual(stored, item), false);
  });
});
