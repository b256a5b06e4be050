// Hostile messages from the item form webview: the extension acts only on messages its validators accept, and
// attribute names or values that look like markup stay data all the way (parsed, written back, shown as text).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ItemEditorToHost, ItemEditorToWebview, parseMessage } from '../../../src/protocol/messages';
import { itemToText, textToItem, validateItem } from '../../../src/model/items';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const fromHost = (raw: unknown) => parseMessage(ItemEditorToHost, raw);
/** What a webview's postMessage delivers: a structured clone (own data properties only, no prototypes, no functions). */
const delivered = (raw: unknown) => fromHost(structuredClone(raw));

describe('itemsave: item form messages from the webview', () => {
  it('accepts the four well-formed messages', () => {
    for (const message of [{ type: 'ready' }, { type: 'save' }, { type: 'showJson' }, { type: 'edit', text: '{"a":{"S":"b"}}' }]) {
      const parsed = fromHost(message);
      assert.ok(parsed.ok, JSON.stringify(message));
      assert.deepEqual(parsed.message, message);
    }
  });

  it('rejects values that are not messages', () => {
    for (const raw of [undefined, null, 0, 'save', true, [], [{ type: 'save' }], {}]) {
      const parsed = fromHost(raw);
      assert.equal(parsed.ok, false, JSON.stringify(raw));
    }
  });

  it('rejects unknown types and wrongly typed fields, saying where', () => {
    const cases: unknown[] = [
      { type: 'delete' },
      { type: 'SAVE' },
      { type: ['save'] },
      { type: 1 },
      { type: 'edit' },
      { type: 'edit', text: 42 },
      { type: 'edit', text: { toString: 'x' } },
      { type: 'edit', text: null },
      { type: 'edit', text: ['{}'] },
    ];
    for (const raw of cases) {
      const parsed = fromHost(raw);
      assert.equal(parsed.ok, false, JSON.stringify(raw));
      if (!parsed.ok) assert.match(parsed.error, /^Rejected a webview message/);
    }
    const wrongText = fromHost({ type: 'edit', text: 42 });
    assert.ok(!wrongText.ok && /at text/.test(wrongText.error), 'the rejection does not name the field');
  });

  it('rejects extra fields, so nothing unvalidated rides along', () => {
    for (const raw of [
      { type: 'save', path: '/etc/passwd' },
      { type: 'ready', text: '{}' },
      { type: 'edit', text: '{}', uri: 'file:///tmp/x' },
      { type: 'showJson', command: 'workbench.action.terminal.new' },
    ]) {
      assert.equal(fromHost(raw).ok, false, JSON.stringify(raw));
    }
  });

  it('refuses an edit text over 2,000,000 characters and accepts one at the limit', () => {
    assert.equal(fromHost({ type: 'edit', text: 'x'.repeat(2_000_001) }).ok, false);
    assert.equal(fromHost({ type: 'edit', text: '"'.repeat(2_000_000) }).ok, true);
  });

  it('rejects a "__proto__" key on a message and leaves Object.prototype untouched', () => {
    const raw = JSON.parse('{"type":"save","__proto__":{"polluted":"yes","type":"edit"}}') as unknown;
    const parsed = delivered(raw);
    assert.equal(parsed.ok, false);
    if (!parsed.ok) assert.match(parsed.error, /__proto__/);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('does not take a message type from a prototype: delivered messages carry only their own fields', () => {
    const inherited = Object.create({ type: 'save' }) as object;
    assert.equal(delivered(inherited).ok, false);
    const withGetter = Object.defineProperty({}, 'type', { get: () => 'save', enumerable: false });
    assert.equal(delivered(withGetter).ok, false);
  });

  it('passes script tags in attribute names through as data: parsed, checked and written back unchanged', () => {
    const name = '<script>alert(document.cookie)</script>';
    const value = '<img src=x onerror="alert(1)">';
    const text = JSON.stringify({ id: { S: 'k' }, [name]: { S: value } });
    // The message itself is valid: such names are legal in DynamoDB, so the form must be able to show them.
    assert.ok(fromHost({ type: 'edit', text }).ok);
    const parsed = textToItem(text, 'dynamodb');
    assert.ok(parsed.ok);
    assert.deepEqual(Object.keys(parsed.item), ['id', name]);
    assert.deepEqual(parsed.item[name], { S: value });
    const keySchema = [{ name: 'id', type: 'S' as const, keyType: 'HASH' as const }];
    assert.deepEqual(JSON.parse(itemToText(parsed.item, 'dynamodb', { keySchema })), { id: { S: 'k' }, [name]: { S: value } });
    assert.deepEqual(validateItem(parsed.item, { keySchema }), []);
    assert.equal(({} as Record<string, unknown>).S, undefined);
  });

  it('keeps an own "__proto__" attribute as an attribute (with a warning), never as a prototype', () => {
    const parsed = textToItem('{"id":{"S":"k"},"__proto__":{"S":"x"}}', 'dynamodb');
    assert.ok(parsed.ok);
    assert.equal(Object.getPrototypeOf(parsed.item), Object.prototype);
    assert.ok(Object.prototype.hasOwnProperty.call(parsed.item, '__proto__'));
    const problems = validateItem(parsed.item, { keySchema: [{ name: 'id', type: 'S', keyType: 'HASH' }] });
    assert.deepEqual(problems.map((p) => [p.severity, p.path]), [['warning', ['__proto__']]]);
    assert.equal(({} as Record<string, unknown>).S, undefined);
  });
});

describe('itemsave: item form messages to the webview', () => {
  it('the load message is strict about its fields', () => {
    const load = { type: 'load', text: '{}', title: 't', keySchema: [{ name: 'id', type: 'S' }], readOnly: false };
    assert.ok(ItemEditorToWebview.safeParse(load).success);
    assert.equal(ItemEditorToWebview.safeParse({ ...load, html: '<b>x</b>' }).success, false);
    assert.equal(ItemEditorToWebview.safeParse({ ...load, keySchema: [{ name: 'id', type: 'SS' }] }).success, false);
    assert.equal(ItemEditorToWebview.safeParse({ ...load, readOnly: 'no' }).success, false);
  });
});

describe('itemsave: the item form never parses data as HTML', () => {
  const dir = path.join(ROOT, 'src', 'webview-ui', 'itemEditor');
  const sources = fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => ({ file: f, text: fs.readFileSync(path.join(dir, f), 'utf8') }));

  it('has browser sources to check', () => {
    assert.ok(sources.some((s) => s.file === 'main.ts'), `no main.ts in ${dir}`);
  });

  it('uses no HTML or code parsing sink (names and values are set as text and input values)', () => {
    const sinks = /\.(innerHTML|outerHTML)\b|insertAdjacentHTML|document\.write|\bsrcdoc\b|\beval\s*\(|new\s+Function\s*\(|createContextualFragment|DOMParser/;
    for (const { file, text } of sources) {
      const found = text.split('\n').findIndex((line) => sinks.test(line));
      assert.equal(found, -1, `${file}:${found + 1} parses text as HTML or code: ${text.split('\n')[found]?.trim()}`);
    }
  });
});
