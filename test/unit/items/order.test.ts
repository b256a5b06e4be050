import * as assert from 'node:assert/strict';
import { inOrderOf, itemsEqual, itemToText, type Item } from '../../../src/model/items';

const keySchema = [{ name: 'Id', type: 'S' as const, keyType: 'HASH' as const }];

describe('inOrderOf (one attribute order for both sides of a conflict diff)', () => {
  it('lists the attributes, and those of maps on both sides, in the reference order, the others after them', () => {
    const stored: Item = { Total: { N: '2' }, Id: { S: 'a' }, Extra: { S: 'new' }, Address: { M: { Zip: { S: '1' }, City: { S: 'X' } } }, Status: { S: 'open' } };
    const mine: Item = { Id: { S: 'a' }, Status: { S: 'closed' }, Address: { M: { City: { S: 'X' }, Zip: { S: '1' } } }, Total: { N: '2' }, Gone: { S: 'only mine' } };
    const ordered = inOrderOf(stored, mine);
    assert.deepEqual(Object.keys(ordered), ['Id', 'Status', 'Address', 'Total', 'Extra']);
    assert.deepEqual(Object.keys(ordered.Address.M!), ['City', 'Zip']);
    assert.ok(itemsEqual(ordered, stored), 'same attributes and values');
  });

  it('written as documents, the two sides differ only in the changed line', () => {
    const stored: Item = { Total: { N: '2' }, Status: { S: 'open' }, Id: { S: 'a' } };
    const mine: Item = { Id: { S: 'a' }, Status: { S: 'closed' }, Total: { N: '2' } };
    const left = itemToText(inOrderOf(stored, mine), 'plain', { keySchema }).split('\n');
    const right = itemToText(mine, 'plain', { keySchema }).split('\n');
    assert.equal(left.length, right.length);
    const differing = left.filter((line, i) => line !== right[i]);
    assert.deepEqual(differing, ['  "Status": "open",']);
    const unordered = itemToText(stored, 'plain', { keySchema }).split('\n').filter((line, i) => line !== right[i]);
    assert.ok(unordered.length > 1, 'without inOrderOf more lines differ (the case this guards)');
  });
});
