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

module.exports = { baseUrl, folder, resultsDir, UI_TIMEOUT_MS, openWorkbench, saveScreenshot, screenshotIfFailed };
