/// <reference lib="dom" />
// Loads the built table viewer bundle (dist/webviews/tableViewer.js) into a plain Chromium page with a stub
// acquireVsCodeApi that records every posted message and the saved state. The extension's side of the protocol
// is played by the test: it posts the same messages the panel posts.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { TableInfo, ViewerEvent, WireItem } from '../../src/protocol/tableViewer';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}: install it with \`apt-get install -y chromium\` or set CHROMIUM_PATH.`);
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** A folder with the page and the assets it links, as the webview shell lays them out. */
export function preparePageDir(): string {
  const bundle = path.join(ROOT, 'dist', 'webviews', 'tableViewer.js');
  if (!fs.existsSync(bundle)) throw new Error('dist/webviews/tableViewer.js is missing: run `node esbuild.js` first.');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'table-viewer-page-'));
  for (const file of ['tableViewer.js', 'codicon.css', 'codicon.ttf']) fs.copyFileSync(path.join(ROOT, 'dist', 'webviews', file), path.join(dir, file));
  for (const file of ['webview.css', 'tableViewer.css', 'controls.css', 'createTable.css']) fs.copyFileSync(path.join(ROOT, 'media', file), path.join(dir, file));
  // Dark theme variables as VS Code sets them on a webview's html element, enough for a faithful look.
  const theme = [
    '--vscode-foreground:#cccccc', '--vscode-editor-background:#1e1e1e', '--vscode-font-family:system-ui, sans-serif', '--vscode-font-size:13px',
    '--vscode-editor-font-family:monospace', '--vscode-editor-font-size:13px', '--vscode-descriptionForeground:#9d9d9d', '--vscode-focusBorder:#007fd4',
    '--vscode-button-background:#0e639c', '--vscode-button-foreground:#ffffff', '--vscode-button-secondaryBackground:#3a3d41', '--vscode-button-secondaryForeground:#ffffff',
    '--vscode-list-activeSelectionBackground:#04395e', '--vscode-list-inactiveSelectionBackground:#37373d', '--vscode-list-hoverBackground:#2a2d2e',
    '--vscode-badge-background:#4d4d4d', '--vscode-badge-foreground:#ffffff', '--vscode-panel-border:#444', '--vscode-errorForeground:#f48771',
    '--vscode-input-background:#3c3c3c', '--vscode-input-foreground:#cccccc', '--vscode-textLink-foreground:#3794ff', '--vscode-progressBar-background:#0e70c0',
  ].join(';');
  fs.writeFileSync(
    path.join(dir, 'index.html'),
    `<!DOCTYPE html><html lang="en" style="${theme}"><head><meta charset="UTF-8">
<link rel="stylesheet" href="codicon.css" id="vscode-codicon-stylesheet"><link rel="stylesheet" href="webview.css">
<script>
  window.__posted = []; window.__state = undefined; let acquired = 0;
  window.acquireVsCodeApi = () => {
    if (++acquired > 1) throw new Error('acquireVsCodeApi was called twice');
    return { postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))), getState: () => window.__state, setState: (s) => { window.__state = JSON.parse(JSON.stringify(s)); } };
  };
</script></head><body><div id="app"></div><script src="tableViewer.js"></script></body></html>`,
  );
  return dir;
}

export async function openViewer(browser: Browser, dir: string, viewport = { width: 1400, height: 900 }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`file://${path.join(dir, 'index.html')}`);
  await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
  if (errors.length) throw new Error(`The viewer page failed: ${errors.join('; ')}`);
  return page;
}

/** Posts a message to the viewer as the extension would; resolves once the viewer has handled it. */
export function send(page: Page, message: ViewerEvent): Promise<void> {
  return page.evaluate(
    (m) =>
      new Promise<void>((resolve) => {
        // Messages from one window arrive in order: when the marker arrives, the message before it was handled.
        const marker = `handled-${Math.random()}`;
        const onMessage = (e: MessageEvent) => {
          if (e.data !== marker) return;
          window.removeEventListener('message', onMessage);
          requestAnimationFrame(() => resolve());
        };
        window.addEventListener('message', onMessage);
        window.postMessage(m, '*');
        window.postMessage(marker, '*');
      }),
    message,
  );
}

export function posted<T = { type: string } & Record<string, unknown>>(page: Page): Promise<T[]> {
  return page.evaluate(() => (window as unknown as { __posted: T[] }).__posted);
}

export async function clearPosted(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { __posted: unknown[] }).__posted.length = 0));
}

export const SAMPLE_TABLE: TableInfo = {
  tableName: 'Events',
  connectionName: 'Local',
  region: 'us-east-1',
  readOnly: false,
  keySchema: [
    { name: 'pk', type: 'S', role: 'partition' },
    { name: 'sk', type: 'N', role: 'sort' },
  ],
  indexes: [
    { kind: 'table', label: 'Table: pk (S), sk (N)', partitionKey: { name: 'pk', type: 'S', role: 'partition' }, sortKey: { name: 'sk', type: 'N', role: 'sort' }, consistentReadAllowed: true, projectionType: 'ALL' },
    { index: 'ByKind', kind: 'GSI', label: 'GSI ByKind: kind (S), precise (N)', partitionKey: { name: 'kind', type: 'S', role: 'partition' }, sortKey: { name: 'precise', type: 'N', role: 'sort' }, consistentReadAllowed: false, projectionType: 'ALL' },
    { index: 'ByName', kind: 'LSI', label: 'LSI ByName: pk (S), name (S)', partitionKey: { name: 'pk', type: 'S', role: 'partition' }, sortKey: { name: 'name', type: 'S', role: 'sort' }, consistentReadAllowed: true, projectionType: 'ALL' },
  ],
  itemCount: 100000,
};

/**
 * Row i of the sample data, as a function whose source runs in the page too (so 100,000 rows need not cross the
 * debugging protocol). `precise` values all lie near 10^20, where neighbouring integers share one double.
 */
export function sampleRow(i: number): WireItem {
  const row: WireItem = {
    pk: { S: `USER#${String(i % 1000).padStart(4, '0')}` },
    sk: { N: String(i) },
    kind: { S: ['click', 'view', 'buy'][i % 3] },
    precise: { N: (BigInt('100000000000000000000') + BigInt((i * 7919) % 100003)).toString() },
    name: { S: `name ${i}` },
    tags: { SS: ['a', `t${i % 7}`] },
    scores: { NS: ['1.50', String(i % 11), '-0.000000000000000000000000000000000001'] },
    flag: { BOOL: i % 2 === 0 },
    blob: { B: 'AAECAwQ=' },
    nested: { M: { city: { S: 'Köln' }, geo: { M: { lat: { N: '50.937531' } } }, list: { L: [{ N: '1' }, { S: 'x' }, { NULL: true }] } } },
  };
  // A wide tail: 60 more attribute names spread over the rows, so columns must be virtualized too.
  row[`extra_${String(i % 60).padStart(2, '0')}`] = { S: `e${i}` };
  return row;
}

/** Sends `count` sample rows in messages of 2,000, as the panel does; returns when the last one is posted. */
export async function sendSampleRows(page: Page, count: number, runId = 1): Promise<void> {
  await page.evaluate(
    ({ source, count, runId }) => {
      const rowAt = new Function(`return (${source})`)() as (i: number) => unknown;
      for (let start = 0; start < count; start += 2000) {
        const items = [];
        for (let i = start; i < Math.min(count, start + 2000); i++) items.push(rowAt(i));
        window.postMessage({ type: 'rows', runId, reset: start === 0, itemsJson: JSON.stringify(items) }, '*');
      }
    },
    { source: sampleRow.toString(), count, runId },
  );
}

/** The row number cell of the row at `view`: the cell the row owns (aria-owns), in the grid's row number column. */
export async function rowHeaderText(page: Page, view: number): Promise<string | null> {
  const owned = await page.getAttribute(`.grid-row[data-view="${view}"]`, 'aria-owns');
  if (!owned) return null;
  const header = page.locator(`[id="${owned}"]`);
  if ((await header.getAttribute('role')) !== 'rowheader') return null;
  return header.textContent();
}

/** Waits until the grid reports `rows` rows (aria-rowcount counts the header row too). */
export async function waitForRowCount(page: Page, rows: number): Promise<void> {
  await page.waitForFunction((n) => document.querySelector('[role=grid]')?.getAttribute('aria-rowcount') === String(n + 1), rows, { timeout: 60_000 });
}
