// The command palette as a new user meets it (issue 14, finding 1 and "every palette title the README lists is
// found by typing its words"): the words of a harmless command rank it first and match no destructive command,
// and every title of the README's Commands section is found in the real palette by typing its words. Screenshots
// in test-results/. Started by `node scripts/test.js e2e`.
'use strict';

const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { baseUrl, folder, UI_TIMEOUT_MS, openWorkbench, saveScreenshot, screenshotIfFailed, eventually } = require('./lib/workbench');

const README = path.join(__dirname, '..', '..', 'README.md');
const DESTRUCTIVE = ['DynamoDB: Delete Table…', 'DynamoDB: Empty Table (Purge All Data)…', 'DynamoDB: Delete Item…'];

/** A title as compared: no parenthetical, no ellipsis, single spaces. */
const bare = (title) => title.replace(/\s*\([^)]*\)/g, '').replace(/…/g, '').replace(/\s+/g, ' ').trim();

/** The titles the README's Commands section lists as reachable from the palette (its "- Group: a, b, c" lines). */
function readmePaletteTitles() {
  const text = fs.readFileSync(README, 'utf8');
  const start = text.indexOf('\n## Commands\n');
  assert.ok(start >= 0, 'README.md has a Commands section');
  const section = text.slice(start + 1, text.indexOf('\n## ', start + 1));
  const titles = [];
  for (const line of section.split('\n')) {
    const m = /^- [A-Z][a-z]+: (.*)$/.exec(line);
    if (!m) continue;
    // Commas inside parentheses belong to a note, not to the list.
    const list = m[1].replace(/\([^)]*\)/g, (note) => note.replace(/,/g, ';'));
    for (const title of list.split(', ')) titles.push(bare(title));
  }
  return titles;
}

describe('Command palette, first hour, in the workbench', function () {
  this.timeout(300_000);
  let browser;
  let page;

  const widget = () => page.locator('.quick-input-widget');
  const box = () => widget().locator('.quick-input-box input');

  /** Types `words` into the palette and returns the labels of all matches, best first, once the list settles. */
  async function matches(words) {
    if (!(await box().isVisible())) await page.keyboard.press('F1');
    await box().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await box().fill(`>${words}`);
    let last = '';
    return eventually(`the palette's matches for "${words}"`, async () => {
      const rows = await widget()
        .locator('.quick-input-list .monaco-list-row')
        .evaluateAll((els) =>
          els
            .map((el) => ({ index: Number(el.getAttribute('data-index')), size: Number(el.getAttribute('aria-setsize')), label: el.querySelector('.label-name')?.textContent || '' }))
            .sort((a, b) => a.index - b.index),
        );
      const labels = rows.map((r) => r.label);
      const complete = rows.length > 0 && rows.every((r) => r.size === rows.length);
      // The list is filtered as the extension host answers: take it when two reads 250 ms apart agree.
      const key = JSON.stringify(labels);
      const stable = key === last;
      last = key;
      return { ok: complete && stable, value: labels, why: `${rows.length} rows rendered of ${rows[0]?.size ?? 0}: ${labels.slice(0, 5).join(' | ')}` };
    });
  }

  before(async function () {
    assert.ok(baseUrl && folder, 'DYNAMODB_STUDIO_E2E_URL and DYNAMODB_STUDIO_E2E_FOLDER are not set: run this suite with `node scripts/test.js e2e`.');
    ({ browser, page } = await openWorkbench({ width: 1400, height: 1000 }));
    // The palette lists the extension's commands once it is installed; the DynamoDB view shows it is.
    await page.locator('#workbench\\.parts\\.activitybar').getByRole('tab', { name: /^DynamoDB/ }).waitFor({ timeout: UI_TIMEOUT_MS });
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, page);
  });

  after(async () => {
    if (browser) await browser.close();
  });

  for (const [words, expected, shot] of [
    ['put item', 'DynamoDB: Put Item…', 'put-item'],
    ['get item', 'DynamoDB: Get Item…', 'get-item'],
    ['open table', 'DynamoDB: Open Table', 'open-table'],
  ]) {
    it(`"${words}" ranks ${expected} first and matches no destructive command (1)`, async () => {
      const labels = await matches(words);
      await saveScreenshot(page, `first-hour-1-palette-${shot}.png`);
      assert.strictEqual(labels[0], expected, `first match for "${words}": ${labels.join(' | ')}`);
      const destructive = labels.filter((l) => DESTRUCTIVE.includes(l));
      assert.deepStrictEqual(destructive, [], `destructive commands among the matches for "${words}"`);
    });
  }

  it('finds every palette title of the README’s Commands section by typing its words (1, Must show)', async () => {
    const titles = readmePaletteTitles();
    assert.ok(titles.length >= 35, `the README lists ${titles.length} palette titles`);
    const missing = [];
    let found = 0;
    for (const title of titles) {
      const labels = await matches(title.toLowerCase());
      const hit = labels.find((l) => bare(l.replace(/^DynamoDB: /, '')) === title && l.startsWith('DynamoDB: '));
      if (hit) found++;
      else missing.push(`${title} (matches: ${labels.slice(0, 4).join(' | ') || 'none'})`);
    }
    await saveScreenshot(page, 'first-hour-1-palette-readme-titles.png');
    console.log(`      palette: ${found} of ${titles.length} README titles found by their words`);
    assert.deepStrictEqual(missing, [], 'README titles not found in the palette');
    assert.strictEqual(found, titles.length);
    await page.keyboard.press('Escape');
  });
});
