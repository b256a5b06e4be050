// The table viewer's protocol: messages from the webview are acted on only when they parse, and items cross the
// boundary exactly (numbers as text, sets as sets, binary as base64, "__proto__" as an ordinary name).
import * as assert from 'node:assert/strict';
import { parseMessage } from '../../../src/protocol/messages';
import { ViewerEvent, ViewerRequest, itemToWire, parseWireItems, wireItemProblem, wireToItem, type WireItem } from '../../../src/protocol/tableViewer';
import type { Item } from '../../../src/model/items/types';

const spec = { kind: 'query', table: 'Orders', partitionKey: { name: 'CustomerId', type: 'S', value: 'C1' }, sortKey: { name: 'OrderId', op: 'BETWEEN', type: 'S', value: 'a', value2: 'b' }, filters: [{ path: 'Address.City', op: '=', values: ['Köln'], type: 'S' }], filterJoin: 'AND' };

function rejected(raw: unknown): string {
  const parsed = parseMessage(ViewerRequest, raw);
  assert.equal(parsed.ok, false, `accepted ${JSON.stringify(raw)}`);
  return parsed.ok ? '' : parsed.error;
}

describe('table viewer protocol', () => {
  it('accepts each well-formed request', () => {
    const key = { CustomerId: { S: 'C1' }, OrderId: { S: 'O1' } };
    const good: unknown[] = [
      { type: 'ready' },
      { type: 'run', spec, mode: 'page' },
      { type: 'run', spec, mode: 'limit', limit: 500 },
      { type: 'continue', mode: 'all' },
      { type: 'cancel' },
      { type: 'openItem', key },
      { type: 'deleteItems', keys: [key, { CustomerId: { S: 'C2' }, OrderId: { S: 'O2' } }] },
      { type: 'copyText', text: '{"a":1}', description: 'the row as JSON' },
      { type: 'copyCode', target: 'cli', spec },
      { type: 'saveQuery', spec },
      { type: 'deleteSavedQuery', name: 'mine' },
      { type: 'clearHistory' },
      { type: 'transfer', action: 'exportResults' },
      { type: 'transfer', action: 'copyTable', spec },
    ];
    for (const raw of good) assert.equal(parseMessage(ViewerRequest, raw).ok, true, JSON.stringify(raw));
  });

  it('rejects unknown, malformed and oversized requests, saying where', () => {
    assert.match(rejected({ type: 'runShell', command: 'rm -rf /' }), /type/);
    assert.match(rejected({ type: 'cancel', extra: true }), /Unrecognized key|extra/);
    rejected({ type: 'run', spec, mode: 'everything' });
    rejected({ type: 'run', spec, mode: 'limit', limit: 0 });
    rejected({ type: 'run', spec, mode: 'limit', limit: 1.5 });
    rejected({ type: 'run', spec: { ...spec, pageSize: -1 }, mode: 'page' });
    rejected({ type: 'run', spec: { ...spec, sortKey: { ...spec.sortKey, op: 'LIKE' } }, mode: 'page' });
    rejected({ type: 'run', spec: { ...spec, filters: [{ path: 'a', op: 'contains', values: ['x'], script: 'alert(1)' }] }, mode: 'page' });
    rejected({ type: 'run', spec: { ...spec, kind: 'deleteTable' }, mode: 'page' });
    rejected({ type: 'run', spec: { ...spec, filters: Array.from({ length: 101 }, () => spec.filters[0]) }, mode: 'page' });
    rejected({ type: 'deleteItems', keys: [] });
    rejected({ type: 'copyCode', target: 'python', spec });
    rejected({ type: 'deleteSavedQuery', name: '' });
    rejected(null);
    rejected('ready');
  });

  it('rejects items that are not exact AttributeValue JSON', () => {
    const bad: unknown[] = [
      { a: { N: 42 } }, // a JS number would already be rounded
      { a: { N: 'forty-two' } },
      { a: { B: 'not base64!' } },
      { a: { B: 'AAE' } },
      { a: { NULL: false } },
      { a: { SS: [] } },
      { a: { NS: ['1', 2] } },
      { a: { S: 'x', N: '1' } },
      { a: { X: 'x' } },
      { a: {} },
      { a: { L: [{ S: 'ok' }, { M: { b: { BOOL: 'yes' } } }] } },
      [{ S: 'x' }],
    ];
    for (const key of bad) rejected({ type: 'openItem', key });
    let deep: unknown = { S: 'bottom' };
    for (let i = 0; i < 40; i++) deep = { M: { x: deep } };
    assert.match(wireItemProblem({ deep }) ?? '', /deeper than 32/);
    rejected({ type: 'openItem', key: { deep } });
  });

  it('keeps an attribute named __proto__ as an attribute, and never touches Object.prototype', () => {
    const raw = JSON.parse('{"type":"openItem","key":{"__proto__":{"S":"x"},"id":{"S":"1"}}}');
    const parsed = parseMessage(ViewerRequest, raw);
    assert.ok(parsed.ok);
    const key = (parsed.message as { key: WireItem }).key;
    assert.deepEqual(Object.keys(key), ['__proto__', 'id']);
    const item = wireToItem(key);
    assert.deepEqual(Object.keys(item), ['__proto__', 'id']);
    assert.equal(Object.getPrototypeOf(item), Object.prototype);
    assert.equal(({} as Record<string, unknown>).S, undefined);
  });

  it('converts items to wire form and back exactly: big numbers, sets, binary, nesting', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const item: Item = {
      n: { N: '12345678901234567890123456789012345678' },
      tiny: { N: '-0.000000000000000000000000000000000001' },
      ns: { NS: ['1.50', '1E+3'] },
      ss: { SS: ['a', 'b'] },
      bs: { BS: [bytes, Uint8Array.of(0)] },
      b: { B: bytes },
      m: { M: { l: { L: [{ NULL: true }, { BOOL: false }, { S: '' }] } } },
    };
    const wire = itemToWire(item);
    assert.equal(wireItemProblem(JSON.parse(JSON.stringify(wire))), undefined);
    assert.deepEqual((wire.ns as { NS: string[] }).NS, ['1.50', '1E+3'], 'number text unchanged');
    assert.deepEqual(wireToItem(JSON.parse(JSON.stringify(wire))), item);
  });

  it('validates what the extension sends too', () => {
    assert.equal(ViewerEvent.safeParse({ type: 'rows', runId: 1, reset: true, itemsJson: '[{"a":{"N":"1"}}]' }).success, true);
    assert.equal(ViewerEvent.safeParse({ type: 'rows', runId: 1, reset: true, items: [{ a: { N: '1' } }] }).success, false);
    assert.deepEqual(parseWireItems('[{"a":{"N":"1"},"__proto__":{"S":"p"}}]'), { ok: true, items: [JSON.parse('{"a":{"N":"1"},"__proto__":{"S":"p"}}')] });
    assert.match(String((parseWireItems('[{"a":{"N":1}}]') as { problem: string }).problem), /row 0\["a"\]\.N is not number text/);
    assert.equal(parseWireItems('{"a":{"S":"x"}}').ok, false);
    assert.equal(parseWireItems('[{"a":').ok, false);
    assert.equal(ViewerEvent.safeParse({ type: 'notice', level: 'fatal', message: 'x' }).success, false);
  });
});
