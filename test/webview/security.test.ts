/// <reference lib="dom" />
// Webview security in Chromium and in the panel host:
// - table data with markup, event handlers and javascript: URLs in attribute names and values is shown as text in
//   the grid, the JSON views, titles, notices and problems, and the item form; no injected element or handler runs;
// - the HTML shell has a strict Content-Security-Policy with a fresh nonce, and under it an injected inline handler
//   is blocked while the viewer still starts;
// - panels may load only from the extension's media/ and dist/webviews/ folders, and a panel acts only on
//   messages that pass the protocol.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { ViewerEvent, WireItem } from '../../src/protocol/tableViewer';
import { SAMPLE_TABLE, launchBrowser, openViewer, posted, preparePageDir, send, waitForRowCount } from './harness';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** Markup that runs code if it is ever parsed as HTML: each sets window.__pwned. */
const PAYLOADS = [
  '<script>window.__pwned="script"</script>',
  '<img src=x onerror="window.__pwned=\'img\'">',
  '<svg onload="window.__pwned=\'svg\'"></svg>',
  '<iframe srcdoc="<script>parent.__pwned=\'iframe\'</script>"></iframe>',
  '<a href="javascript:window.__pwned=\'href\'" id="pwn-link">click</a>',
  'javascript:window.__pwned="url"',
  '"><img src=x onerror=window.__pwned="attr">',
  "'><details open ontoggle=window.__pwned='details'>",
  '<style>*{display:none}</style><b>bold</b>',
  '&lt;img src=x onerror=window.__pwned=1&gt;',
  '{{constructor.constructor("window.__pwned=1")()}}',
];
/** Elements that only injected markup would create inside the data areas. */
const INJECTED = 'script:not([src]), img, iframe, frame, object, embed, details, style, b, a[href], form, [srcdoc]';

const setOwn = (o: Record<string, unknown>, k: string, v: unknown) => Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });

/** Rows whose names and values (top level, nested, in sets and lists) are all payloads. */
function hostileRows(): WireItem[] {
  return PAYLOADS.map((payload, i) => {
    const row: Record<string, unknown> = {};
    setOwn(row, 'pk', { S: payload });
    setOwn(row, 'sk', { N: String(i) });
    setOwn(row, payload, { S: payload });
    setOwn(row, 'nested', { M: { [payload]: { L: [{ S: payload }, { SS: [payload, `${payload}2`] }] } } });
    return row as WireItem;
  });
}

async function assertInert(page: Page, where: string, ownElements = ':not(*)'): Promise<void> {
  const found = await page.$$eval(INJECTED, (els) => els.map((e) => e.outerHTML.slice(0, 120)));
  // The page's own elements may be legitimate (`ownElements`, e.g. the Create Table form's <form>); only the others
  // inside the app are data.
  const inApp = await page.$$eval(`#app :is(${INJECTED}):not(${ownElements})`, (els) => els.map((e) => e.outerHTML.slice(0, 120)));
  assert.deepEqual(inApp, [], `${where}: injected elements in the view: ${inApp.join(' | ')} (page: ${found.length})`);
  // Names and values may legitimately sit in title, aria-label, value or data-* attributes; never in a handler or URL.
  const handlers = await page.$$eval('#app *', (els) =>
    els.flatMap((e) =>
      Array.from(e.attributes)
        .filter((a) => /^on/i.test(a.name) || (/^(href|src|srcdoc|action|formaction|xlink:href|poster|data)$/i.test(a.name) && /javascript:|__pwned/i.test(a.value)))
        .map((a) => `${e.tagName} ${a.name}=${a.value.slice(0, 60)}`),
    ),
  );
  assert.deepEqual(handlers, [], `${where}: event handler or javascript: attributes in the view`);
  // Give any injected handler a chance to run before looking.
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 50)));
  assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined, `${where}: injected code ran`);
}

// ---------------------------------------------------------------------------------------------- a vscode stand-in

interface FakeUri {
  path: string;
  toString(): string;
}
const fakeUri = (p: string): FakeUri => ({ path: p, toString: () => `file://${p}` });

interface RecordedPanel {
  options: { enableScripts?: boolean; enableCommandUris?: unknown; localResourceRoots?: FakeUri[] };
  webview: { html: string; cspSource: string; asWebviewUri(u: FakeUri): FakeUri; postMessage(m: unknown): Promise<boolean>; onDidReceiveMessage(listener: (m: unknown) => unknown): { dispose(): void } };
  receive(m: unknown): Promise<void>;
}

/** Just enough of the vscode module for the panel host and the HTML shell; every panel created is recorded. */
function vscodeStandIn(panels: RecordedPanel[]): unknown {
  const noop = { dispose: () => undefined };
  class EventEmitter<T> {
    private readonly listeners = new Set<(e: T) => void>();
    readonly event = (listener: (e: T) => void) => {
      this.listeners.add(listener);
      return { dispose: () => this.listeners.delete(listener) };
    };
    fire(e: T): void {
      for (const l of this.listeners) l(e);
    }
    dispose(): void {
      this.listeners.clear();
    }
  }
  return {
    EventEmitter,
    Disposable: class {
      constructor(private readonly onDispose: () => void) {}
      dispose(): void {
        this.onDispose();
      }
    },
    Uri: { joinPath: (base: FakeUri, ...parts: string[]) => fakeUri(path.posix.join(base.path, ...parts)), file: (p: string) => fakeUri(p) },
    ViewColumn: { Active: -1, One: 1 },
    window: {
      createWebviewPanel: (_viewType: string, _title: string, _column: unknown, options: RecordedPanel['options']) => {
        let listener: ((m: unknown) => unknown) | undefined;
        const panel: RecordedPanel = {
          options,
          webview: {
            html: '',
            cspSource: 'file:',
            asWebviewUri: (u) => u,
            postMessage: async () => true,
            onDidReceiveMessage: (l) => {
              listener = l;
              return noop;
            },
          },
          receive: async (m) => {
            await listener?.(m);
          },
        };
        panels.push(panel);
        return { webview: panel.webview, active: true, onDidDispose: () => noop, onDidChangeViewState: () => noop, reveal: () => undefined, dispose: () => undefined };
      },
    },
  };
}

/** Loads a module of src/webviews with `vscode` resolved to the stand-in. */
function requireWithVscode<T>(modulePath: string, standIn: unknown): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loader = require('node:module') as { _load(request: string, parent: unknown, isMain: boolean): unknown };
  const original = loader._load;
  loader._load = function (request: string, parent: unknown, isMain: boolean) {
    return request === 'vscode' ? standIn : original.call(this, request, parent, isMain);
  };
  try {
    return require(modulePath) as T;
  } finally {
    loader._load = original;
  }
}

/** The directives of a Content-Security-Policy, by name. */
function cspDirectives(html: string): Map<string, string[]> {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(m, 'no Content-Security-Policy meta element');
  return new Map(m[1].split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name, values]));
}

describe('webview security (Chromium)', function () {
  this.timeout(120_000);
  let browser: Browser;
  const dirs: string[] = [];
  const panels: RecordedPanel[] = [];
  const standIn = vscodeStandIn(panels);
  const shell = requireWithVscode<typeof import('../../src/edge/panels/webviewHtml')>(path.join(ROOT, 'out', 'src', 'edge', 'panels', 'webviewHtml.js'), standIn);
  const extensionUri = fakeUri(ROOT);

  before(async () => {
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('table viewer: hostile names and values are shown as text', () => {
    let page: Page;
    const rows = hostileRows();

    before(async () => {
      const dir = preparePageDir();
      dirs.push(dir);
      // Wide enough that every column is in the DOM at once (the grid renders only visible columns).
      page = await openViewer(browser, dir, { width: 12_000, height: 900 });
      const table = { ...SAMPLE_TABLE, tableName: PAYLOADS[1], connectionName: PAYLOADS[0], region: PAYLOADS[2] };
      await send(page, { type: 'init', table, history: [{ spec: { kind: 'scan', table: PAYLOADS[3], filters: [{ path: PAYLOADS[1], op: '=', values: [PAYLOADS[6]] }], filterJoin: 'AND' }, ranAt: PAYLOADS[4], summary: PAYLOADS[7] }], saved: [{ name: PAYLOADS[1], spec: { kind: 'partiql', table: 'Events', statement: PAYLOADS[0], filters: [], filterJoin: 'AND' }, savedAt: PAYLOADS[2] }] });
      await send(page, { type: 'rows', runId: 1, reset: true, itemsJson: JSON.stringify(rows) });
      await waitForRowCount(page, rows.length);
    });

    it('in the grid: every name and value is the exact text, and nothing runs', async () => {
      const headerNames = await page.locator('.grid-hcell .name').allTextContents();
      for (const payload of PAYLOADS) assert.ok(headerNames.includes(payload), `the column ${payload} is not shown as text; columns: ${headerNames.join(' | ')}`);
      const cellTexts = await page.$$eval('.grid-row [role=gridcell]', (cells) => cells.map((c) => c.textContent ?? ''));
      for (const payload of PAYLOADS) assert.ok(cellTexts.includes(payload), `the value ${payload} is not shown as text`);
      assert.equal(await page.locator('.viewer-title').textContent(), PAYLOADS[1]);
      await assertInert(page, 'grid');
    });

    it('in the JSON and DynamoDB JSON views: the exact names and values, as text', async () => {
      for (const view of ['json', 'dynamodb']) {
        await page.locator(`#view-${view}`).click();
        await page.waitForFunction(() => (document.querySelector('.json-view')?.textContent ?? '').length > 0);
        const text = (await page.locator('.json-view').textContent()) ?? '';
        for (const payload of PAYLOADS) assert.ok(text.includes(JSON.stringify(payload)), `${view}: ${payload} missing from the text`);
        await assertInert(page, `${view} view`);
      }
      await page.locator('#view-grid').click();
    });

    it('in notices, problems and history: text only', async () => {
      for (const payload of PAYLOADS) {
        await send(page, { type: 'notice', level: 'error', message: payload });
        await send(page, { type: 'problems', problems: [{ field: 'filters[0].values[0]', message: payload }, { field: payload, message: payload }] });
      }
      const events: ViewerEvent[] = [
        { type: 'history', history: [{ spec: { kind: 'scan', table: PAYLOADS[0], filters: [], filterJoin: 'AND' }, ranAt: PAYLOADS[1], summary: PAYLOADS[2] }], saved: [] },
        { type: 'runState', runId: 1, state: 'failed', operation: PAYLOADS[3], mode: 'page', stats: { count: 0, consumedCapacity: 0, pages: 0 }, hasMore: false, message: PAYLOADS[1] },
      ];
      for (const e of events) await send(page, e);
      const body = (await page.locator('#app').textContent()) ?? '';
      assert.ok(body.includes(PAYLOADS[1]), 'the message is shown as text');
      await assertInert(page, 'notices and history');
    });

    it('copying and opening rows sends the exact names back to the extension', async () => {
      await page.locator('.grid-row[data-view="0"]').click();
      await page.keyboard.press('Enter');
      const open = (await posted<{ type: string; key?: WireItem }>(page)).filter((m) => m.type === 'openItem').pop();
      assert.ok(open?.key, 'no openItem message');
      assert.ok(PAYLOADS.includes(open.key.pk && 'S' in open.key.pk ? open.key.pk.S : ''), JSON.stringify(open.key));
      await assertInert(page, 'after opening a row');
    });
  });

  /** A page with one webview bundle (dist/webviews/<name>.js) and a stand-in VS Code API, once it said 'ready'. */
  async function openBundlePage(name: string): Promise<{ page: Page; errors: string[] }> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-page-`));
    dirs.push(dir);
    const bundle = path.join(ROOT, 'dist', 'webviews', `${name}.js`);
    assert.ok(fs.existsSync(bundle), `dist/webviews/${name}.js is missing: run \`node esbuild.js\` first.`);
    fs.copyFileSync(bundle, path.join(dir, `${name}.js`));
    fs.writeFileSync(
      path.join(dir, 'index.html'),
      `<!DOCTYPE html><html><head><meta charset="UTF-8"><script>window.__posted=[];window.acquireVsCodeApi=()=>({postMessage:(m)=>window.__posted.push(m),getState:()=>undefined,setState:()=>{}});</script></head><body><div id="app"></div><script src="${name}.js"></script></body></html>`,
    );
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`file://${path.join(dir, 'index.html')}`);
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
    return { page, errors };
  }

  describe('item form: hostile names and values are shown as text', () => {
    it('loads an item whose names and values are markup without creating it', async () => {
      const { page, errors } = await openBundlePage('itemEditor');
      const item: Record<string, unknown> = { pk: { S: PAYLOADS[0] } };
      PAYLOADS.forEach((p, i) => setOwn(item, p, i % 2 ? { S: p } : { M: { [p]: { SS: [p] } } }));
      await page.evaluate(
        (m) => window.postMessage(m, '*'),
        { type: 'load', text: JSON.stringify(item), title: PAYLOADS[1], keySchema: [{ name: 'pk', type: 'S' }], readOnly: false },
      );
      await page.waitForFunction((n) => document.querySelectorAll('input, textarea').length >= n, PAYLOADS.length);
      const values = await page.$$eval('input, textarea', (els) => els.map((e) => (e as HTMLInputElement).value));
      for (const payload of PAYLOADS) assert.ok(values.includes(payload), `${payload} is not in any field`);
      assert.deepEqual(errors, []);
      await assertInert(page, 'item form');
      await page.close();
    });
  });

  describe('Create Table form: hostile connection names are shown as text', () => {
    it('shows a connection name and location that are markup as text, and refuses a message that does not parse', async () => {
      const { page, errors } = await openBundlePage('createTable');
      const name = PAYLOADS.join(' ');
      await page.evaluate(
        (m) => window.postMessage(m, '*'),
        { type: 'init', location: `${name} / us-east-1`, connectionId: name, connectionName: name, region: 'us-east-1', mode: 'readOnly', existingTables: PAYLOADS, target: { region: 'us-east-1', endpointUrl: PAYLOADS[5] } },
      );
      await page.waitForSelector('h1');
      assert.equal(await page.textContent('h1'), `Create table in ${name} / us-east-1`);
      assert.match((await page.textContent('[role=note]')) ?? '', /is read-only/);
      // A message that does not parse changes nothing but the status line.
      await page.evaluate((m) => window.postMessage(m, '*'), { type: 'init', location: 1 });
      await page.waitForFunction(() => /Rejected a webview message/.test(document.getElementById('status')?.textContent ?? ''));
      assert.equal(await page.textContent('h1'), `Create table in ${name} / us-east-1`);
      assert.deepEqual(errors, []);
      await assertInert(page, 'Create Table form', '#create-table-form');
      await page.close();
    });
  });

  describe('the HTML shell and its Content-Security-Policy', () => {
    it('has default-src none, a nonce for scripts and styles, no unsafe sources and no inline handlers', () => {
      const webview = { cspSource: 'https://webview.example', asWebviewUri: (u: FakeUri) => u };
      const html = shell.renderWebviewHtml(webview as never, extensionUri as never, { title: PAYLOADS[0], script: 'tableViewer' });
      const csp = cspDirectives(html);
      assert.deepEqual(csp.get('default-src'), ["'none'"]);
      const scriptSrc = csp.get('script-src') ?? [];
      assert.equal(scriptSrc.length, 1, `script-src allows more than its nonce: ${scriptSrc.join(' ')}`);
      const nonce = /^'nonce-([A-Za-z0-9+/=]+)'$/.exec(scriptSrc[0])?.[1];
      assert.ok(nonce && Buffer.from(nonce, 'base64').length >= 16, `the script nonce is not 16 or more random bytes: ${scriptSrc[0]}`);
      for (const [name, values] of csp) {
        for (const v of values) assert.ok(!/unsafe-(inline|eval|hashes)|^\*$|^https?:$|^data:$/.test(v) || (v === 'data:' && name === 'img-src'), `${name} allows ${v}`);
      }
      for (const directive of ['style-src', 'img-src', 'font-src']) assert.ok(csp.has(directive), `${directive} is missing`);
      // Every script carries the nonce; no element has an inline event handler or a javascript: URL.
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      assert.ok(scripts.length > 0);
      for (const s of scripts) assert.ok(s.includes(`nonce="${nonce}"`), `a script without the nonce: ${s}`);
      assert.doesNotMatch(html, /\son[a-z]+\s*=/i, 'an inline event handler in the shell');
      assert.doesNotMatch(html, /javascript:/i);
      assert.doesNotMatch(html, /<script>window/, 'the title was written as markup');
      const again = shell.renderWebviewHtml(webview as never, extensionUri as never, { title: 't', script: 'tableViewer' });
      assert.notEqual(cspDirectives(again).get('script-src')?.[0], scriptSrc[0], 'the nonce is the same twice');
    });

    it('under the policy, the viewer starts and an injected inline handler is blocked', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csp-page-'));
      dirs.push(dir);
      for (const f of ['tableViewer.js', 'codicon.css', 'codicon.ttf']) fs.mkdirSync(path.join(dir, 'dist', 'webviews'), { recursive: true }), fs.copyFileSync(path.join(ROOT, 'dist', 'webviews', f), path.join(dir, 'dist', 'webviews', f));
      fs.mkdirSync(path.join(dir, 'media'), { recursive: true });
      for (const f of ['webview.css', 'tableViewer.css', 'controls.css', 'createTable.css']) fs.copyFileSync(path.join(ROOT, 'media', f), path.join(dir, 'media', f));
      const webview = { cspSource: 'file:', asWebviewUri: (u: FakeUri) => u };
      fs.writeFileSync(path.join(dir, 'index.html'), shell.renderWebviewHtml(webview as never, fakeUri(dir) as never, { title: 'Events', script: 'tableViewer' }));
      const page = await browser.newPage();
      // The stand-in for VS Code's API is installed the way VS Code does it: before the page's own scripts, outside its policy.
      await page.addInitScript(() => {
        const w = window as unknown as { __posted: unknown[]; __violations: string[]; acquireVsCodeApi: unknown };
        w.__posted = [];
        w.__violations = [];
        document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
        w.acquireVsCodeApi = () => ({ postMessage: (m: unknown) => w.__posted.push(m), getState: () => undefined, setState: () => undefined });
      });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`file://${path.join(dir, 'index.html')}`);
      await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
      await send(page, { type: 'init', table: SAMPLE_TABLE, history: [], saved: [] });
      await send(page, { type: 'rows', runId: 1, reset: true, itemsJson: JSON.stringify(hostileRows()) });
      await waitForRowCount(page, PAYLOADS.length);
      assert.deepEqual(errors, [], 'the viewer failed under its policy');
      assert.deepEqual(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations), [], 'the viewer itself breaks its policy');
      // Markup that reached the DOM some other way still cannot run code: the policy blocks inline handlers and scripts.
      await page.evaluate(() => {
        const probe = document.createElement('div');
        probe.innerHTML = '<img src="data:," onerror="window.__pwned=1"><svg onload="window.__pwned=2"></svg>';
        document.body.append(probe);
        const s = document.createElement('script');
        s.textContent = 'window.__pwned = 3';
        document.body.append(s);
      });
      await page.waitForFunction(() => (window as unknown as { __violations: string[] }).__violations.length > 0);
      assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined, 'injected code ran under the policy');
      await page.close();
    });
  });

  describe('panel host', () => {
    type HostModule = typeof import('../../src/edge/panels/panelHost');
    const host = requireWithVscode<HostModule>(path.join(ROOT, 'out', 'src', 'edge', 'panels', 'panelHost.js'), standIn);
    const protocol = require(path.join(ROOT, 'out', 'src', 'protocol', 'tableViewer.js')) as typeof import('../../src/protocol/tableViewer');

    class RecordingPanel extends host.PanelHost<{ type: string }, unknown> {
      readonly handled: unknown[] = [];
      readonly warnings: string[] = [];
      constructor() {
        const warnings: string[] = [];
        super({ key: `fuzz-${Math.random()}`, viewType: 'test', title: 'T', script: 'tableViewer', incoming: protocol.ViewerRequest as never, extensionUri: extensionUri as never, output: { warn: (m: string) => warnings.push(m) } as never, registry: { add() {}, remove() {}, focusConnection() {} } as never });
        this.warnings = warnings;
      }
      protected handle(message: { type: string }): void {
        this.handled.push(message);
      }
      protected onError(err: unknown): void {
        throw err;
      }
    }

    it('limits localResourceRoots to the extension’s media/ and dist/webviews/ and gives no command URIs', () => {
      const panel = new RecordingPanel();
      const recorded = panels[panels.length - 1];
      const roots = (recorded.options.localResourceRoots ?? []).map((u) => u.path).sort();
      assert.deepEqual(roots, [path.posix.join(ROOT, 'dist', 'webviews'), path.posix.join(ROOT, 'media')]);
      assert.equal(recorded.options.enableCommandUris, undefined);
      assert.equal(recorded.options.enableScripts, true);
      assert.ok(cspDirectives(recorded.webview.html).get('default-src')?.includes("'none'"));
      panel.dispose();
    });

    it('hands the panel only messages that pass the protocol, exactly as declared', async () => {
      const panel = new RecordingPanel();
      const recorded = panels[panels.length - 1];
      const hostile: unknown[] = [
        { type: 'deleteItems', keys: [] },
        { type: 'run', spec: { kind: 'scan', table: 'T', filters: [], filterJoin: 'AND' }, mode: 'page', extra: '<script>' },
        JSON.parse('{"type":"cancel","__proto__":{"polluted":1}}'),
        Object.create({ type: 'clearHistory' }),
        { type: 'openItem', key: { pk: { B: 'AB==' } } },
        { type: 'copyText', text: 1, description: 'x' },
        '<img src=x onerror=alert(1)>',
        null,
      ];
      for (const m of hostile) await recorded.receive(m);
      assert.deepEqual(panel.handled, [], `acted on: ${JSON.stringify(panel.handled)}`);
      assert.equal(panel.warnings.length, hostile.length, 'each refused message is logged');
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      const valid = { type: 'openItem', key: { pk: { S: '<script>window.__pwned=1</script>' } } };
      await recorded.receive(valid);
      assert.deepEqual(panel.handled, [valid]);
      panel.dispose();
    });
  });
});
