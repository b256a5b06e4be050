// Expression planning for the safe save: clauses stop at the limits, and a clause that did not fit leaves no
// placeholder behind (DynamoDB rejects a request with an unused placeholder).
import * as assert from 'node:assert/strict';
import { ConditionBudget, equals, notExists, Placeholders, UpdateBudget } from '../../../src/model/itemsave/expressions';
import { applyEdit, changedAttributes } from '../../../src/services/itemsave';

describe('itemsave: expressions within the limits', () => {
  it('adds AND-joined clauses until the byte limit, never beyond it', () => {
    const p = new Placeholders();
    const condition = new ConditionBudget({ maxBytes: 40, maxOperators: 100 });
    let added = 0;
    while (condition.tryAdd(p, equals(`attribute${added}`, { S: 'x' }))) added++;
    const text = condition.text ?? '';
    assert.ok(Buffer.byteLength(text) <= 40, text);
    // "#n0 = :v0 AND #n1 = :v1 AND #n2 = :v2" is 37 bytes; a fourth clause would make 52.
    assert.equal(added, 3);
    assert.equal(text, '#n0 = :v0 AND #n1 = :v1 AND #n2 = :v2');
  });

  it('counts operators: each comparison and each AND', () => {
    const p = new Placeholders();
    const condition = new ConditionBudget({ maxBytes: 10_000, maxOperators: 5 });
    let added = 0;
    while (condition.tryAdd(p, notExists(`a${added}`))) added++;
    // 3 functions + 2 ANDs = 5 operators.
    assert.equal(added, 3);
  });

  it('takes back the placeholders of a clause that did not fit', () => {
    const p = new Placeholders();
    const condition = new ConditionBudget({ maxBytes: 12, maxOperators: 100 });
    assert.equal(condition.tryAdd(p, equals('kept', { N: '1' })), true);
    assert.equal(condition.tryAdd(p, equals('dropped', { N: '2' })), false);
    assert.deepEqual(p.requestFields(), { ExpressionAttributeNames: { '#n0': 'kept' }, ExpressionAttributeValues: { ':v0': { N: '1' } } });
  });

  it('shares a name placeholder between the update and the condition of one request', () => {
    const p = new Placeholders();
    const update = new UpdateBudget({ maxBytes: 4000, maxOperators: 300 });
    const condition = new ConditionBudget({ maxBytes: 4000, maxOperators: 300 });
    update.trySet(p, 'Title', { S: 'new' });
    update.tryRemove(p, 'Old');
    condition.tryAdd(p, equals('Title', { S: 'old' }));
    assert.equal(update.text, 'SET #n0 = :v0 REMOVE #n1');
    assert.equal(condition.text, '#n0 = :v1');
    assert.deepEqual(p.requestFields().ExpressionAttributeNames, { '#n0': 'Title', '#n1': 'Old' });
  });
});

describe('itemsave: what an edit changes', () => {
  it('lists added, removed and changed attributes, comparing numbers by value and sets without order', () => {
    const before = { pk: { S: 'k' }, n: { N: '1.50' }, s: { SS: ['a', 'b'] }, gone: { S: 'x' }, same: { BOOL: true } };
    const after = { pk: { S: 'k' }, n: { N: '1.5' }, s: { SS: ['b', 'a'] }, added: { NULL: true }, same: { BOOL: false } };
    assert.deepEqual(changedAttributes(before, after).sort(), ['added', 'gone', 'same']);
  });

  it('applies the touched attributes of an edit onto another base', () => {
    const base = { pk: { S: 'k' }, other: { S: 'theirs' }, a: { S: 'old' }, b: { S: 'old' } };
    const edited = { pk: { S: 'k' }, a: { S: 'mine' } };
    assert.deepEqual(applyEdit(base, edited, ['a', 'b']), { pk: { S: 'k' }, other: { S: 'theirs' }, a: { S: 'mine' } });
  });
});
