// Property: any item, written as a document in either notation and read back, is the identical item.
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { itemToText, textToItem, validateItem, itemsEqual, type ItemNotation } from '../../../src/model/items';
import { itemArbitrary, strictDifference, wireForm } from './itemArbitraries';

const NOTATIONS: ItemNotation[] = ['dynamodb', 'plain'];

describe('items: document round trip (property)', () => {
  for (const notation of NOTATIONS) {
    it(`item → ${notation} text → item gives the identical item, and the same text again`, () => {
      fc.assert(
        fc.property(itemArbitrary(), (item) => {
          const text = itemToText(item, notation);
          const parsed = textToItem(text, notation);
          if (!parsed.ok) assert.fail(`did not parse back: ${parsed.problems.map((p) => p.message).join('; ')}\n${text}`);
          const diff = strictDifference(parsed.item, item);
          assert.equal(diff, undefined, `${diff}\n${text}`);
          assert.equal(itemToText(parsed.item, notation), text);
        }),
        { numRuns: 1200 },
      );
    });
  }

  it('DynamoDB JSON text is exactly the AttributeValue wire form (checked with JSON.parse)', () => {
    fc.assert(
      fc.property(itemArbitrary(), (item) => {
        assert.deepEqual(JSON.parse(itemToText(item, 'dynamodb')), wireForm(item));
      }),
      { numRuns: 300 },
    );
  });

  it('switching notation keeps the item: dynamodb → plain → dynamodb', () => {
    fc.assert(
      fc.property(itemArbitrary(), (item) => {
        const viaPlain = textToItem(itemToText(item, 'plain'), 'plain');
        assert.ok(viaPlain.ok);
        const back = textToItem(itemToText(viaPlain.item, 'dynamodb'), 'dynamodb');
        assert.ok(back.ok);
        assert.equal(strictDifference(back.item, item), undefined);
      }),
      { numRuns: 200 },
    );
  });

  it('storable random items pass validation and equal themselves', () => {
    fc.assert(
      fc.property(itemArbitrary({ storable: true }), (item) => {
        const errors = validateItem(item).filter((p) => p.severity === 'error');
        assert.deepEqual(errors.map((p) => p.message), []);
        assert.ok(itemsEqual(item, item));
      }),
      { numRuns: 300 },
    );
  });
});
