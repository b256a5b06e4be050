import * as assert from 'node:assert/strict';
import { canonicalNumber, checkDynamoNumber, compareNumbers, itemSize, parseDecimal } from '../../../src/model/items';

describe('items: numbers', () => {
  // The canonical forms below are what DynamoDB Local returns for these inputs.
  const canonical: [string, string][] = [
    ['+1', '1'],
    ['.5', '0.5'],
    ['5.', '5'],
    ['01', '1'],
    ['1.50', '1.5'],
    ['1E+2', '100'],
    ['1e2', '100'],
    ['-0', '0'],
    ['0.000', '0'],
    ['0E+99', '0'],
    ['-1.5E-7', '-0.00000015'],
    ['1.0E3', '1000'],
    ['0.0012300', '0.00123'],
    ['12345678901234567890123456789012345678', '12345678901234567890123456789012345678'],
    ['1234567890123456789012345678901234567800000', '1234567890123456789012345678901234567800000'],
    ['1E-130', '0.' + '0'.repeat(129) + '1'],
    ['9.9999999999999999999999999999999999999E+125', '9'.repeat(38) + '0'.repeat(88)],
    ['1E+5000', '1E+5000'],
    ['-12.5E-4000', '-1.25E-3999'],
  ];
  for (const [text, expected] of canonical) {
    it(`canonicalNumber(${JSON.stringify(text)}) is ${expected.length > 40 ? expected.slice(0, 20) + '…' : expected}`, () => {
      assert.equal(canonicalNumber(text), expected);
    });
  }

  it('canonicalNumber rejects what DynamoDB cannot convert to a number', () => {
    for (const text of ['', ' 1', '1 ', '0x10', '1e', 'NaN', 'Infinity', '.', '-', '1.2.3', '1e+', '١']) {
      assert.equal(canonicalNumber(text), undefined, text);
      assert.equal(parseDecimal(text), undefined, text);
    }
  });

  it('compares numbers by exact value, beyond double precision', () => {
    assert.equal(compareNumbers('9007199254740993', '9007199254740992'), 1);
    assert.equal(compareNumbers('1.0', '1'), 0);
    assert.equal(compareNumbers('-2', '-10'), 1);
    assert.equal(compareNumbers('0.1', '1E-1'), 0);
    assert.equal(compareNumbers('-0', '0'), 0);
    assert.equal(compareNumbers('12345678901234567890123456789012345678', '12345678901234567890123456789012345679'), -1);
    assert.equal(compareNumbers('abc', '1'), undefined);
  });

  it('accepts the limits of DynamoDB numbers and rejects one step beyond', () => {
    for (const ok of ['1E-130', '-1E-130', '9.9999999999999999999999999999999999999E+125', '-9.9999999999999999999999999999999999999E+125', '0', '1' + '0'.repeat(125)]) {
      assert.equal(checkDynamoNumber(ok).ok, true, ok);
    }
    const tooBig = checkDynamoNumber('1E+126');
    assert.equal(tooBig.ok || tooBig.code, 'numberRange');
    const tooSmall = checkDynamoNumber('9.9E-131');
    assert.equal(tooSmall.ok || tooSmall.code, 'numberRange');
    const tooPrecise = checkDynamoNumber('123456789012345678901234567890123456789');
    assert.equal(tooPrecise.ok || tooPrecise.code, 'numberPrecision');
    assert.match(tooPrecise.ok ? '' : tooPrecise.reason, /39 significant digits; DynamoDB keeps at most 38/);
    // Trailing zeros of an integer are not significant digits.
    assert.equal(checkDynamoNumber('1234567890123456789012345678901234567800000').ok, true);
    const notNumber = checkDynamoNumber('12abc');
    assert.equal(notNumber.ok || notNumber.code, 'invalidNumber');
  });

  // Sizes measured on DynamoDB Local: the bytes each number added to an item at the 400 KB boundary.
  const sizes: [string, number][] = [
    ['1', 2], ['1.5', 3], ['12.5', 3], ['0.15', 2], ['1.25', 3], ['10.5', 3], ['-1', 3], ['-12', 3], ['0', 1],
    ['123', 3], ['1234', 3], ['0.5', 2], ['0.05', 2], ['5E+10', 2], ['1E-130', 2], ['-1.5', 4], ['99', 2],
    ['100.01', 4], ['12345', 4], ['12345678901234567890123456789012345678', 20], ['100', 2], ['0.001', 2],
  ];
  for (const [text, bytes] of sizes) {
    it(`a number ${text} takes ${bytes} bytes`, () => {
      assert.equal(itemSize({ n: { N: text } }) - 1, bytes);
    });
  }
});
