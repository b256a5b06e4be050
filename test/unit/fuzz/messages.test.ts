// Fuzz: messages crossing the webview boundary, both ways. Random and hostile objects must be refused, or parsed
// into exactly the declared shape: no extra or prototype keys reach a handler, wrong types never pass, and wire
// items that pass convert to items and back unchanged. Nothing may touch the built-in prototypes.
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { itemToWire, parseWireItems, ViewerEvent, ViewerRequest, wireToItem, type WireItem } from '../../../src/protocol/tableViewer';
import { ItemEditorToHost, ItemEditorToWebview, parseMessage } from '../../../src/protocol/messages';
import type { z } from 'zod';
import { itemArbitrary } from '../items/itemArbitraries';
import { assertPrototypesClean, fuzz, FuzzTally, hostileText, hostileValue, safeJson } from './fuzzSupport';

/** The fields each message type may carry, written from the protocol's documentation. */
const ALLOWED_KEYS: Record<string, Record<string, string[]>> = {
  ViewerRequest: {
    ready: [], run: ['spec', 'mode', 'limit'], continue: ['mode'], cancel: [], openItem: ['key'], deleteItems: ['keys'], copyText: ['text', 'description'],
    copyCode: ['target', 'spec'], saveQuery: ['spec'], deleteSavedQuery: ['name'], clearHistory: [], transfer: ['action', 'spec'],
  },
  ItemEditorToHost: { ready: [], edit: ['text'], save: [], showJson: [] },
  ItemEditorToWebview: { load: ['text', 'title', 'keySchema', 'ttlAttribute', 'readOnly', 'unreadable'], problems: ['problems'], status: ['message', 'kind'] },
  ViewerEvent: { init: ['table', 'history', 'saved'], rows: ['runId', 'reset', 'itemsJson'], runState: ['runId', 'state', 'operation', 'mode', 'stats', 'hasMore', 'limited', 'segmentsDone', 'segments', 'message'], problems: ['problems'], history: ['history', 'saved'], removed: ['keys'], notice: ['level', 'message'] },
};

const setOwn = (o: Record<string, unknown>, k: string, v: unknown) => Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });

/** Wire items with hostile attribute names (including "__proto__" as an own key) and hostile string values. */
const wireItem = fc.array(fc.tuple(hostileText({ maxLength: 16 }), hostileText()), { maxLength: 4 }).map((entries) => {
  const item: Record<string, unknown> = {};
  setOwn(item, 'pk', { S: 'a' });
  for (const [k, v] of entries) setOwn(item, k, { S: v });
  return item as WireItem;
});
const spec = fc.record({ kind: fc.constantFrom('scan', 'query'), table: hostileText(), filters: fc.constant([]), filterJoin: fc.constantFrom('AND', 'OR') });

/** A valid message of every type each side may send. */
const validRequest = fc.oneof(
  fc.constant({ type: 'ready' }),
  fc.record({ type: fc.constant('run'), spec, mode: fc.constantFrom('page', 'all', 'limit') }),
  fc.record({ type: fc.constant('continue'), mode: fc.constantFrom('page', 'all') }),
  fc.constant({ type: 'cancel' }),
  fc.record({ type: fc.constant('openItem'), key: wireItem }),
  fc.record({ type: fc.constant('deleteItems'), keys: fc.array(wireItem, { minLength: 1, maxLength: 3 }) }),
  fc.record({ type: fc.constant('copyText'), text: hostileText(), description: hostileText() }),
  fc.record({ type: fc.constant('copyCode'), target: fc.constantFrom('cli', 'sdk'), spec }),
  fc.record({ type: fc.constant('deleteSavedQuery'), name: hostileText().filter((n) => n.length > 0) }),
  fc.record({ type: fc.constant('transfer'), action: fc.constantFrom('exportResults', 'import', 'copyTable') }),
);
const validEditorRequest = fc.oneof(fc.constant({ type: 'ready' }), fc.record({ type: fc.constant('edit'), text: hostileText() }), fc.constant({ type: 'save' }), fc.constant({ type: 'showJson' }));
const validEditorEvent = fc.oneof(
  fc.record({ type: fc.constant('load'), text: hostileText(), title: hostileText(), keySchema: fc.constant([{ name: '<b>pk</b>', type: 'S' }]), readOnly: fc.boolean() }),
  fc.record({ type: fc.constant('status'), message: hostileText(), kind: fc.constantFrom('info', 'error') }),
);
const validEvent = fc.oneof(
  fc.record({ type: fc.constant('rows'), runId: fc.integer(), reset: fc.boolean(), itemsJson: hostileText() }),
  fc.record({ type: fc.constant('notice'), level: fc.constantFrom('info', 'error'), message: hostileText() }),
  fc.record({ type: fc.constant('removed'), keys: fc.array(wireItem, { maxLength: 2 }) }),
);

type Mutation = 'none' | 'extraKey' | 'protoKey' | 'wrongType' | 'dropField' | 'typeFromPrototype';

/** A valid message, then broken in one way that must make it be refused (except 'none'). */
function mutated(valid: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<{ mutation: Mutation; message: unknown }> {
  return fc.tuple(valid, fc.constantFrom<Mutation>('none', 'extraKey', 'protoKey', 'wrongType', 'dropField', 'typeFromPrototype'), hostileText({ maxLength: 12 }), fc.oneof(fc.integer(), fc.constant(null), fc.array(fc.integer(), { maxLength: 2 }), fc.object({ maxDepth: 1 })), fc.nat())
    .map(([message, mutation, key, wrong, n]) => {
      // A copy through JSON, as postMessage would clone it; own "__proto__" keys survive as data.
      const copy = JSON.parse(safeJson(message)) as Record<string, unknown>;
      for (const k of Object.keys(message)) if (k !== 'type') setOwn(copy, k, JSON.parse(safeJson(message[k])));
      const fields = Object.keys(copy).filter((k) => k !== 'type');
      switch (mutation) {
        case 'extraKey':
          setOwn(copy, fields.includes(key) || key === 'type' ? `${key}_extra` : key, 1);
          break;
        case 'protoKey':
          return { mutation, message: JSON.parse(`{"__proto__":{"type":"cancel","polluted":1},${JSON.stringify(copy).slice(1)}`) as unknown };
        case 'wrongType':
          if (fields.length === 0) setOwn(copy, 'type', wrong);
          else setOwn(copy, fields[n % fields.length], typeof copy[fields[n % fields.length]] === 'string' ? (typeof wrong === 'string' ? 0 : wrong) : String(wrong));
          break;
        case 'dropField':
          delete copy.type;
          break;
        case 'typeFromPrototype':
          return { mutation, message: Object.assign(Object.create({ type: copy.type }) as object, Object.fromEntries(fields.map((f) => [f, copy[f]]))) };
      }
      return { mutation, message: copy };
    });
}

function checkAccepted(kind: string, raw: unknown, parsed: { type: string }): void {
  const allowed = ALLOWED_KEYS[kind][parsed.type];
  assert.ok(allowed, `${kind}: accepted an unknown type ${JSON.stringify(parsed.type)}`);
  for (const key of Reflect.ownKeys(parsed)) assert.ok(key === 'type' || allowed.includes(String(key)), `${kind} ${parsed.type}: the key ${String(key)} reached the handler`);
  assert.equal(Object.getPrototypeOf(parsed), Object.prototype, 'the message has an odd prototype');
  // Exactly what was sent: nothing dropped, renamed or added on the way.
  assert.equal(safeJson(parsed), safeJson(raw));
}

describe('fuzz: webview messages', function () {
  this.timeout(300_000);
  const tally = new FuzzTally();
  const outcome = { accepted: 0, refused: 0 };
  tally.printAfter();
  after(() => console.log(`      messages: ${outcome.accepted} accepted in their declared shape, ${outcome.refused} refused`));

  const schemas: [string, z.ZodType<{ type: string }>, fc.Arbitrary<Record<string, unknown>>][] = [
    ['ViewerRequest', ViewerRequest as z.ZodType<{ type: string }>, validRequest as fc.Arbitrary<Record<string, unknown>>],
    ['ItemEditorToHost', ItemEditorToHost as z.ZodType<{ type: string }>, validEditorRequest as fc.Arbitrary<Record<string, unknown>>],
    ['ItemEditorToWebview', ItemEditorToWebview as z.ZodType<{ type: string }>, validEditorEvent as fc.Arbitrary<Record<string, unknown>>],
    ['ViewerEvent', ViewerEvent as z.ZodType<{ type: string }>, validEvent as fc.Arbitrary<Record<string, unknown>>],
  ];

  for (const [kind, schema, valid] of schemas) {
    it(`${kind}: valid messages pass unchanged; broken ones are refused with a reason`, () => {
      fuzz(kind, mutated(valid), ({ mutation, message }) => {
        tally.add('messages');
        const parsed = parseMessage(schema, message);
        assertPrototypesClean(`after parsing a ${kind}`);
        if (mutation === 'none') {
          assert.ok(parsed.ok, `a valid ${kind} was refused: ${!parsed.ok && parsed.error}`);
        } else {
          assert.equal(parsed.ok, false, `${mutation}: a broken ${kind} was accepted: ${safeJson(message).slice(0, 300)}`);
        }
        if (parsed.ok) {
          outcome.accepted++;
          checkAccepted(kind, message, parsed.message);
        } else {
          outcome.refused++;
          assert.match(parsed.error, /^Rejected a webview message/);
          assert.ok(parsed.error.length < 2000, `a ${parsed.error.length}-character reason`);
        }
      }, 500);
    });

    it(`${kind}: any value at all is refused or parsed into the declared shape`, () => {
      fuzz(`${kind} values`, fc.oneof(hostileValue(4), fc.record({ type: fc.constantFrom(...Object.keys(ALLOWED_KEYS[kind]), '__proto__', 'constructor'), x: hostileValue(2) }, { requiredKeys: ['type'] })), (message) => {
        tally.add('messages');
        const parsed = parseMessage(schema, message);
        assertPrototypesClean(`after parsing a ${kind}`);
        if (parsed.ok) {
          outcome.accepted++;
          checkAccepted(kind, message, parsed.message);
        } else {
          outcome.refused++;
        }
      }, 300);
    });
  }

  it('wire items: what passes converts to an item and back unchanged; what fails says why', () => {
    const base64ish = fc.constantFrom('', 'AA==', 'AB==', 'AAB=', '/w==', 'AAAA', 'A===', 'AA', '====', '+/+/');
    const wireValue = fc.oneof(
      fc.record({ S: hostileText() }),
      fc.record({ N: fc.constantFrom('1', '-0.5', '1e126', '1e999999', 'NaN', '.5', '5.', '', '0x1', '١') }),
      fc.record({ B: base64ish }),
      fc.record({ BS: fc.array(base64ish, { maxLength: 3 }) }),
      fc.record({ NULL: fc.constantFrom(true, false, 'true', 1) }),
      fc.record({ SS: fc.array(hostileText(), { maxLength: 3 }) }),
      hostileValue(2),
    );
    const items = fc.array(fc.dictionary(hostileText({ maxLength: 12 }), wireValue, { maxKeys: 4 }), { maxLength: 3 });
    fuzz('wire items', fc.oneof(items.map((i) => safeJson(i)), hostileText(), fc.constantFrom('[{"__proto__":{"S":"x"}}]', '[{"a":{"__proto__":"x"}}]', '[{"a":{"M":{"__proto__":{"S":"p"}}}}]', '{"length":1}', '[null]')), (text) => {
      tally.add('messages');
      const parsed = parseWireItems(text);
      assertPrototypesClean('after reading wire items');
      if (!parsed.ok) {
        assert.ok(parsed.problem.length > 5 && parsed.problem.length < 2000);
        return;
      }
      for (const wire of parsed.items) {
        let item;
        try {
          item = wireToItem(wire);
        } catch (err) {
          assert.fail(`accepted wire item does not convert: ${(err as Error).message}: ${safeJson(wire).slice(0, 300)}`);
        }
        assert.equal(safeJson(itemToWire(item)), safeJson(wire));
      }
    }, 1500);
  });

  it('items of every type cross as wire items and come back identical', () => {
    fuzz('item round trip', itemArbitrary({ maxChain: 8 }), (item) => {
      tally.add('messages');
      const text = JSON.stringify([itemToWire(item)]);
      const parsed = parseWireItems(text);
      assert.ok(parsed.ok, !parsed.ok ? parsed.problem : '');
      assert.equal(JSON.stringify(parsed.items.map(wireToItem).map(itemToWire)), text);
    }, 500);
  });
});
