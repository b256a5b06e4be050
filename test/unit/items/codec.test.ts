// The one AttributeValue codec: its one-line and document forms say the same thing, its DynamoDB JSON values round
// trip, a malformed value is named by its place, and the model's own AttributeValue type is the SDK's shape.
import * as assert from 'node:assert/strict';
import type { AttributeValue as SdkAttributeValue } from '@aws-sdk/client-dynamodb';
import {
  attributeValueToDynamoJson,
  dynamoJsonItemProblem,
  fromDynamoJsonItem,
  itemToDynamoJson,
  itemToDynamoJsonLine,
  itemToDynamoJsonValue,
  itemToExportLine,
  itemToPlainJson,
  itemToPlainJsonLine,
  plainJsonToItem,
  type AttributeValue,
  type Item,
} from '../../../src/model/items';
import { StudioError } from '../../../src/model/errors';
import { fuzz } from '../fuzz/fuzzSupport';
import { itemArbitrary, strictDifference } from './itemArbitraries';

describe('items: the codec', function () {
  this.timeout(60_000);
  it('one line and the document of each notation are the same JSON; values round trip (seeded, FUZZ_SEED)', () => {
    let checked = 0;
    fuzz(
      'codec forms',
      itemArbitrary(),
      (item) => {
        assert.equal(itemToDynamoJsonLine(item), JSON.stringify(JSON.parse(itemToDynamoJson(item))));
        assert.equal(itemToExportLine(item), `{"Item":${itemToDynamoJsonLine(item)}}`);
        const line = itemToPlainJsonLine(item);
        assert.ok(!line.includes('\n'), 'one line');
        const fromLine = plainJsonToItem(line);
        const fromDocument = plainJsonToItem(itemToPlainJson(item));
        assert.ok(fromLine.ok && fromDocument.ok);
        assert.equal(strictDifference(fromLine.item, fromDocument.item), undefined);
        const value = itemToDynamoJsonValue(item);
        assert.equal(dynamoJsonItemProblem(JSON.parse(JSON.stringify(value))), undefined);
        assert.equal(strictDifference(fromDynamoJsonItem(value), item), undefined);
        checked++;
      },
      400,
    );
    assert.equal(checked, 400);
  });

  it('a malformed value deep in an item is named by its path in every writer', () => {
    const bad = { id: { S: 'a' }, order: { M: { lines: { L: [{ N: '1' }, { X: 'y' }] } } } } as unknown as Item;
    const writers: [string, () => unknown][] = [
      ['DynamoDB document', () => itemToDynamoJson(bad)],
      ['DynamoDB line', () => itemToDynamoJsonLine(bad)],
      ['export line', () => itemToExportLine(bad)],
      ['plain document', () => itemToPlainJson(bad)],
      ['plain line', () => itemToPlainJsonLine(bad)],
      ['value', () => itemToDynamoJsonValue(bad)],
    ];
    for (const [name, write] of writers) {
      assert.throws(write, (e: unknown) => {
        assert.ok(e instanceof StudioError, name);
        assert.equal(e.kind, 'validation');
        assert.match(e.message, /The value at \"order\"\.lines\[1\] is not a DynamoDB attribute value \(it has X\)/, name);
        return true;
      });
    }
    assert.throws(() => attributeValueToDynamoJson({ SS: [1] } as unknown as AttributeValue, 'tags'), /at "tags" is not a DynamoDB attribute value \(it has SS\)/);
  });

  it('items written as they are (the fast path of exports) give the same line as the copying writer; others are copied', () => {
    // Class instances whose own fields look right but whose toJSON (not enumerable) would replace them.
    class Wrapped {
      constructor(readonly S: string) {}
      toJSON() {
        return 'replaced';
      }
    }
    class Row {
      k = { S: 'v' };
      toJSON() {
        return 'replaced';
      }
    }
    const sparse: string[] = [];
    sparse[1] = 'b';
    const cases: [string, Item][] = [
      ['every JSON-ready type', { s: { S: 'a' }, n: { N: '1.50' }, t: { BOOL: true }, z: { NULL: true }, ss: { SS: ['x'] }, ns: { NS: ['1'] }, l: { L: [{ S: 'y' }, { M: { k: { N: '2' } } }] } }],
      ['NULL written as true whatever its flag', { z: { NULL: false } }],
      ['binary as base64', { b: { B: new Uint8Array([1, 2]) }, bs: { BS: [new Uint8Array([255])] } }],
      ['binary deep in a map', { m: { M: { l: { L: [{ B: new Uint8Array([0]) }] } } } }],
      ['a value of a class', { c: new Wrapped('v') as unknown as AttributeValue }],
      ['a map of a class', { m: { M: new Row() as unknown as Item } }],
      ['an item of a class', new Row() as unknown as Item],
      ['a set with a hole', { ss: { SS: sparse } }],
      ['a type with an undefined companion', { v: { S: 'a', N: undefined } as unknown as AttributeValue }],
      ['an own "__proto__" attribute', Object.defineProperty({ a: { S: 'x' } }, '__proto__', { value: { N: '1' }, enumerable: true }) as Item],
    ];
    for (const [name, item] of cases) {
      const copied = JSON.stringify(itemToDynamoJsonValue(item));
      assert.equal(itemToDynamoJsonLine(item), copied, name);
      assert.equal(itemToExportLine(item), `{"Item":${copied}}`, name);
      assert.doesNotMatch(copied, /replaced/, name);
    }
    // Malformed on both paths, never written: a second key (here a toJSON of its own), a set member that is not text.
    const malformed: [Item, RegExp][] = [
      [{ v: { S: 'a', toJSON: () => 'replaced' } } as unknown as Item, /The value at "v" is not a DynamoDB attribute value \(it has S, toJSON\)/],
      [{ v: { SS: ['a', undefined] } } as unknown as Item, /The value at "v" is not a DynamoDB attribute value \(it has SS\)/],
    ];
    for (const [item, message] of malformed) for (const write of [itemToDynamoJsonLine, itemToExportLine]) assert.throws(() => write(item), message);
  });

  it('the model AttributeValue and the SDK one are the same shape: each assigns to the other without a cast', () => {
    const sdk: SdkAttributeValue = { M: { n: { N: '1.50' }, b: { B: new Uint8Array([1]) }, l: { L: [{ NULL: true }] } } };
    const model: AttributeValue = sdk;
    const back: SdkAttributeValue = model;
    const item: Item = { k: sdk };
    const sdkItem: Record<string, SdkAttributeValue> = item;
    assert.equal(attributeValueToDynamoJson(back), '{"M":{"n":{"N":"1.50"},"b":{"B":"AQ=="},"l":{"L":[{"NULL":true}]}}}');
    assert.equal(itemToDynamoJsonLine(sdkItem), '{"k":{"M":{"n":{"N":"1.50"},"b":{"B":"AQ=="},"l":{"L":[{"NULL":true}]}}}}');
  });
});
