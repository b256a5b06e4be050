// What every e2e suite shares: where the harness's code-server and workspace are, opening the workbench in
// Chromium, and screenshots (on request and of every failed test) under test-results/.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { launchChromium, workbenchUrl } = require('../../../scripts/code-server');

const baseUrl = process.env.DYNAMODB_STUDIO_E2E_URL;
const folder = process.env.DYNAMODB_STUDIO_E2E_FOLDER;
const resultsDir = process.env.DYNAMODB_STUDIO_TEST_RESULTS_DIR || path.join(__dirname, '..', '..', '..', 'test-results');
const UI_TIMEOUT_MS = 60_000;

/** Launches Chromium and waits until the workbench of the harness's workspace is up. */
async function openWorkbench(viewport) {
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport });
  await page.goto(workbenchUrl(baseUrl, { folder }));
  await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
  await page.locator('.statusbar').waitFor({ timeout: 120_000 });
  return { browser, page };
}

async function saveScreenshot(page, name) {
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, name);
  await page.screenshot({ path: file });
  return file;
}

/** For afterEach: keeps a screenshot of the workbench when the test just run failed. */
async function screenshotIfFailed(test, page) {
  if (test && test.state === 'failed' && page) {
    const slug = test.title.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
    console.log(`      screenshot of the failure: ${await saveScreenshot(page, `e2e-failed-${slug}.png`)}`);
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `check` until it returns { ok: true, value } and returns the value; on timeout fails with `what` and the
 * last `why` (actions in the workbench finish in the extension host, after the key press or click returns).
 */
async function eventually(what, check, timeoutMs = UI_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let last;
    try {
      last = await check();
    } catch (err) {
      last = { ok: false, why: err.message };
    }
    if (last.ok) return last.value;
    if (Date.now() > deadline) throw new Error(`${what}: still not the case after ${timeoutMs / 1000} s (${last.why})`);
    await sleep(250);
  }
}

/** Lets the page read what the workbench writes to the clipboard (vscode.env.clipboard goes to the browser's). */
async function allowClipboard(page) {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(baseUrl).origin });
}

/** The text on the clipboard, as a paste in the workbench would get it. */
async function readClipboard(page) {
  await page.bringToFront();
  return page.evaluate(() => navigator.clipboard.readText());
}

/** Empties the clipboard, so a later read shows only what an action copied. */
async function clearClipboard(page) {
  await page.bringToFront();
  await page.evaluate(() => navigator.clipboard.writeText(''));
}

const quickInput = (page) => page.locator('.quick-input-widget');
const quickInputBox = (page) => quickInput(page).locator('.quick-input-box input');

/** Waits until the visible quick input's title, message or placeholder matches `pattern`. */
async function waitForQuickInput(page, pattern) {
  return eventually(`a quick input matching ${pattern}`, async () => {
    const text = await page.evaluate(() => {
      const widget = document.querySelector('.quick-input-widget');
      if (!widget || widget.offsetParent === null) return '';
      const part = (sel) => widget.querySelector(sel)?.textContent || '';
      return `${part('.quick-input-title')} | ${part('.quick-input-message')} | ${widget.querySelector('.quick-input-box input')?.getAttribute('placeholder') || ''}`;
    });
    return { ok: pattern.test(text), value: text, why: `the quick input shows: ${text || '(nothing)'}` };
  });
}

/**
 * In the quick pick matching `pattern`, accepts the entry labelled exactly `label` (an icon in front of the label,
 * `$(add) Create`, shows as a space before its text, so only the words are compared).
 */
async function pickQuickItem(page, pattern, label) {
  await waitForQuickInput(page, pattern);
  const entry = quickInput(page)
    .locator('.monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) }) })
    .first();
  await entry.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  await entry.click();
}

/** Answers the input box whose prompt matches `prompt` with `value` and waits until it is gone. */
async function answerInputBox(page, prompt, value) {
  const message = quickInput(page).locator('.quick-input-message', { hasText: prompt });
  await message.first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  await quickInputBox(page).fill(value);
  await page.keyboard.press('Enter');
  await message.first().waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
}

/** A palette command's table pickers: the Local connection, then the region if asked (one region is taken without asking), then the table. */
async function pickLocalTable(page, tableName, region = 'us-east-1') {
  await pickQuickItem(page, /Connection/, 'Local');
  const shown = await waitForQuickInput(page, /Region|Table/);
  if (/Region/.test(shown)) await pickQuickItem(page, /Region/, region);
  await pickQuickItem(page, /Table/, tableName);
}

/**
 * Answers a file dialog. The web workbench's save and open dialogs are quick inputs holding a path: the path is
 * typed in and accepted with Enter.
 */
async function answerFileDialog(page, pattern, file) {
  await waitForQuickInput(page, pattern);
  // The dialog fills in its starting path after it shows, and again once the folder is read: a path typed before
  // that would be replaced. So the path is typed once the shown value has stayed the same for a moment, and Enter
  // is pressed once the typed path has stayed.
  const settled = async (what, accept) => {
    let previous;
    let same = 0;
    await eventually(what, async () => {
      const value = await quickInputBox(page).inputValue();
      same = value === previous ? same + 1 : 0;
      previous = value;
      return { ok: accept(value) && same >= 3, why: `it shows ${JSON.stringify(value)}` };
    });
  };
  await settled('the file dialog to show its starting path', (value) => value.length > 0);
  await quickInputBox(page).fill(file);
  await settled('the file dialog to keep the typed path', (value) => value === file);
  await quickInputBox(page).press('Enter');
  // The dialog is done once the quick input closes or goes on to the next step (another quick pick may follow).
  await eventually('the file dialog to accept the path', async () => {
    const open = await quickInput(page).isVisible();
    const value = open ? await quickInputBox(page).inputValue() : '';
    return { ok: !open || value !== file, why: `it still shows ${value}` };
  });
}

/** Presses the button named `name` of the modal dialog whose message matches `message`; returns the message. */
async function answerDialog(page, message, name) {
  const box = page.locator('.monaco-dialog-box', { hasText: message });
  await box.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  const text = await box.locator('.dialog-message-text').innerText();
  await box.getByRole('button', { name, exact: true }).click();
  await box.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
  return text;
}

/** A notification toast whose message matches `pattern`, once it shows; returns its text. */
async function notificationText(page, pattern) {
  const toast = page.locator('.notifications-toasts .notification-list-item-message', { hasText: pattern }).first();
  await toast.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  return toast.innerText();
}

/** Opens the context menu of `target` (a right click, or `click` for a menu button) and runs its item `name`. */
async function runContextMenuItem(page, target, name, { click = { button: 'right' } } = {}) {
  await target.click(click);
  const entry = page.getByRole('menuitem', { name, exact: true });
  await entry.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  // The workbench menu acts on Enter for the focused item; a synthetic click on an item is not always taken.
  await entry.hover();
  await eventually(`the menu item ${name} to take the focus`, async () => ({
    ok: await entry.evaluate((el) => el.matches(':focus, :focus-within') || el.closest('.focused') !== null),
    why: 'it is not focused',
  }));
  await page.keyboard.press('Enter');
  await entry.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
}

/** The explorer row (in the side bar) whose label is exactly `label`. */
function explorerRow(page, label) {
  return page
    .locator('#workbench\\.parts\\.sidebar')
    .locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) });
}

/** Expands the explorer row labelled `label` (once it shows) and waits until it is expanded. */
async function expandExplorerNode(page, label) {
  const target = explorerRow(page, label).first();
  await target.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  if ((await target.getAttribute('aria-expanded')) !== 'true') await target.click();
  await page.waitForFunction((el) => el.getAttribute('aria-expanded') === 'true', await target.elementHandle(), { timeout: UI_TIMEOUT_MS });
}

/** Runs a command from the palette (F1) by its full title. */
async function runPaletteCommand(page, title) {
  await page.keyboard.press('F1');
  await quickInputBox(page).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  await quickInputBox(page).fill(`>${title}`);
  const entry = quickInput(page).locator('.monaco-list-row', { hasText: title }).first();
  await entry.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  await entry.click();
}

/** The text editor of the active editor group, once its tab title matches `tabTitle`. */
async function activeTextEditor(page, tabTitle) {
  await page.locator('.tabs-container .tab.active', { hasText: tabTitle }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  const editor = page.locator('.editor-group-container.active .monaco-editor').first();
  await editor.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  return editor;
}

/** Find and Replace in an editor (Ctrl+H), replacing the one match of `find`: what a person does to change a value. */
async function replaceInEditor(page, editor, find, replacement) {
  await editor.locator('.view-lines').click();
  await page.keyboard.press('Control+H');
  const widget = editor.locator('.find-widget');
  const findInput = widget.locator('.find-part textarea, .find-part input').first();
  const replaceInput = widget.locator('.replace-part textarea, .replace-part input').first();
  await findInput.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  await findInput.fill(find);
  await replaceInput.fill(replacement);
  await widget.locator('.matchesCount', { hasText: /^1 of/ }).waitFor({ timeout: UI_TIMEOUT_MS });
  await page.keyboard.press('Control+Alt+Enter');
  await page.keyboard.press('Escape');
  await editor.locator('.view-lines').click();
}

/**
 * Closes every editor, discarding unsaved changes: the workbench keeps a backup of a changed document and opens it
 * again in the next window of this workspace, where it would stand in the way of the suites that follow.
 */
async function closeAllEditorsDiscarding(page) {
  await runPaletteCommand(page, 'View: Close All Editors');
  await eventually('every editor to close', async () => {
    const ask = page.locator('.monaco-dialog-box');
    if (await ask.isVisible()) await ask.getByRole('button', { name: /^Don.t Save$/ }).click();
    const open = await page.locator('.tabs-container .tab').count();
    return { ok: open === 0, why: `${open} editors are still open` };
  });
}

/**
 * The user settings file of the workbench profile, where scripts/test.js puts it (user-data next to the workspace).
 * Commands that write user settings change it for every later suite, so a suite that runs them restores it.
 */
const userSettingsFile = folder ? path.join(folder, '..', 'user-data', 'User', 'settings.json') : undefined;

/**
 * Adds endpoint connections to the workspace settings, the way a team keeps them, before a workbench opens; returns
 * a function that puts the settings file back as it was (for after()).
 */
function addWorkspaceConnections(...connections) {
  const file = path.join(folder, '.vscode', 'settings.json');
  const original = fs.readFileSync(file, 'utf8');
  const settings = JSON.parse(original);
  settings['dynamodbStudio.customEndpoints'] = [...(settings['dynamodbStudio.customEndpoints'] || []), ...connections];
  fs.writeFileSync(file, JSON.stringify(settings, null, 2));
  return () => fs.writeFileSync(file, original);
}

const sidebar = (page) => page.locator('#workbench\\.parts\\.sidebar');

/** The visible explorer rows with label, description and depth, in order. */
async function explorerRows(page) {
  return sidebar(page)
    .locator('.monaco-list-row')
    .evaluateAll((rows) =>
      rows
        .map((r) => ({
          index: Number(r.getAttribute('data-index')),
          level: Number(r.getAttribute('aria-level')),
          label: (r.querySelector('.label-name')?.textContent || '').trim(),
          description: (r.querySelector('.label-description')?.textContent || '').trim(),
        }))
        .sort((a, b) => a.index - b.index),
    );
}

/**
 * The explorer row reached from the top-level row labels[0] through children whose labels match labels[1..]
 * (strings exactly, or regexes): its data ({ label, description, level }) and its locator, once it shows.
 */
async function explorerRowAt(page, ...labels) {
  const matches = (row, label) => (label instanceof RegExp ? label.test(row.label) : row.label === label);
  const found = await eventually(`the explorer row ${labels.join(' › ')}`, async () => {
    const rows = await explorerRows(page);
    let at = rows.findIndex((r) => r.level === 1 && matches(r, labels[0]));
    if (at < 0) return { ok: false, why: `no top-level row ${labels[0]}` };
    for (const label of labels.slice(1)) {
      const parent = rows[at];
      let next = -1;
      for (let i = at + 1; i < rows.length && rows[i].level > parent.level; i++) {
        if (rows[i].level === parent.level + 1 && matches(rows[i], label)) {
          next = i;
          break;
        }
      }
      if (next < 0) return { ok: false, why: `no row ${label} under ${parent.label}` };
      at = next;
    }
    return { ok: true, value: rows[at] };
  });
  return { row: found, locator: sidebar(page).locator(`.monaco-list-row[data-index="${found.index}"]`) };
}

/** Expands the explorer row at `labels` (explorerRowAt) unless it is expanded. */
async function expandExplorerRow(page, ...labels) {
  const { locator } = await explorerRowAt(page, ...labels);
  if ((await locator.getAttribute('aria-expanded')) !== 'true') await locator.click();
  await eventually(`${labels.join(' › ')} expanded`, async () => ({ ok: (await locator.getAttribute('aria-expanded')) === 'true', why: 'collapsed' }));
}

module.exports = {
  explorerRows,
  explorerRowAt,
  expandExplorerRow,
  baseUrl,
  folder,
  resultsDir,
  UI_TIMEOUT_MS,
  openWorkbench,
  saveScreenshot,
  screenshotIfFailed,
  eventually,
  allowClipboard,
  readClipboard,
  clearClipboard,
  waitForQuickInput,
  pickQuickItem,
  answerInputBox,
  pickLocalTable,
  answerFileDialog,
  answerDialog,
  notificationText,
  runContextMenuItem,
  explorerRow,
  expandExplorerNode,
  runPaletteCommand,
  activeTextEditor,
  replaceInEditor,
  closeAllEditorsDiscarding,
  userSettingsFile,
  addWorkspaceConnections,
};
