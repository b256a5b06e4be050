#!/usr/bin/env node
// `npm test`: builds once, then runs the test layers in order and sums their counts.
//
//   node scripts/test.js                      all layers: unit, integration, proof, webview, vscode, e2e
//   node scripts/test.js unit integration     only these (the way to leave out a layer that cannot run here)
//
// unit         mocha over out/test/unit (plain Node)
// integration  mocha over out/test/integration against one DynamoDB Local (DYNAMODB_STUDIO_TEST_ENDPOINT)
// proof        the "never loses data" proof (`npm run proof`): out/test/proof (races, mutations, round trips, guard
//              completeness) and the fault-injection suite out/test/integration/faults, against the same DynamoDB Local
// webview      Playwright + Chromium on the built table viewer bundle in a plain page (test/webview)
// vscode       mocha inside the extension host of code-server (out/test/vscode/index.js), driven by Chromium
//              (DYNAMODB_STUDIO_VSCODE_SPEC=items,guard runs only the suites whose file path contains one of these)
// e2e          Playwright clicks through the workbench with the packaged .vsix installed (test/e2e)
// desktop      only when named (`npm run test:desktop`): the vscode layer's suites in desktop VS Code, downloaded by
//              @vscode/test-electron (DYNAMODB_STUDIO_DESKTOP_VERSION); fails with a clear message where it cannot be
//              downloaded; CI: .github/workflows/desktop.yml
//
// Counts come from the JSON each mocha run writes to test-results/<layer>.json. A layer whose prerequisites are
// missing (Java, Chromium, code-server) fails the run and says what to install; to run without it, name the layers
// to run. The summary lists the layers that were not selected, so a narrowed run never looks like a full one.
//
// DYNAMODB_STUDIO_VSCODE_SPEC=<text> runs only the vscode suites whose file name contains the text (e.g. credentials).
'use strict';

const childProcess = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { onCleanup, runCleanup, stopEverythingOnSignals } = require('./lib/processes');
const { isolatedAwsEnv } = require('./lib/awsEnv');
const { CHROMIUM_PATH } = require('./code-server');

const ROOT = path.resolve(__dirname, '..');
// Node 20 is this project's supported runtime; the SDK's notice about its future Node 22 minimum is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const RESULTS_DIR = path.join(ROOT, 'test-results');
const LAYERS = ['unit', 'integration', 'proof', 'webview', 'vscode', 'e2e'];
/** Layers run only when named: `desktop` (npm run test:desktop) needs desktop VS Code, downloaded by @vscode/test-electron. */
const OPTIONAL_LAYERS = ['desktop'];
const MOCHA = path.join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
const REPORTER = path.join(__dirname, 'lib', 'mocha-summary-reporter.js');
const AWS_FIXTURE_DIR = path.join(ROOT, 'test', 'fixtures', 'aws', 'six-kinds');
const ENDPOINT_PLACEHOLDER = '${DDB_ENDPOINT}';
/** The region of the Local connection and of the seeded tables. */
const LOCAL_REGION = 'us-east-1';
/** Upper bounds for a whole layer, far above a normal run, so a hang cannot stall CI. */
const LAYER_TIMEOUT_MS = { desktop: 10 * 60_000, unit: 5 * 60_000, integration: 8 * 60_000, proof: 25 * 60_000, webview: 5 * 60_000, vscode: 6 * 60_000, e2e: 15 * 60_000 };
/** Printed by test/vscode/index.ts in front of each line of mocha's report. */
const VSCODE_REPORT_PREFIX = '[vscode-tests] ';

/** A layer that could not run because something outside the project is missing (Java, Chromium, ...). */
class MissingPrerequisite extends Error {}

const log = (line) => console.log(`[test] ${line}`);
const rel = (p) => path.relative(ROOT, p) || '.';

function parseArgs(argv) {
  const layers = [];
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') {
      console.log(`Usage: node scripts/test.js [${LAYERS.join('|')}]...   (no argument: all layers)`);
      process.exit(0);
    }
    if (!LAYERS.includes(arg) && !OPTIONAL_LAYERS.includes(arg)) {
      console.error(`Unknown test layer "${arg}". Choose from: ${[...LAYERS, ...OPTIONAL_LAYERS].join(', ')} (or none for all but ${OPTIONAL_LAYERS.join(', ')}).`);
      process.exit(2);
    }
    if (!layers.includes(arg)) layers.push(arg);
  }
  return layers.length ? [...LAYERS, ...OPTIONAL_LAYERS].filter((l) => layers.includes(l)) : LAYERS;
}

// ---------------------------------------------------------------------------------------------- processes

/** Runs a command with inherited output; resolves with its exit code (a signal counts as failure). */
/**
 * Lines that suites print about themselves, such as `proof faults 74 scenarios lost 0` or `fuzz: 12000 inputs,
 * 0 writes`: repeated in the summary so the counts are seen without scrolling back.
 */
const SUITE_COUNT_LINE = /^\s*((?:faults|fuzz)(?: [\w-]+)?: \d.*|proof [a-z-]+ \d.*|proof mutation [a-z-]+ .*)$/;
const suiteCounts = [];

function forwardScanning(from, to) {
  let pending = '';
  from.on('data', (chunk) => {
    to.write(chunk);
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop();
    for (const line of lines) {
      // eslint-disable-next-line no-control-regex
      const match = SUITE_COUNT_LINE.exec(line.replace(/\u001b\[[0-9;]*m/g, ''));
      if (match) suiteCounts.push(match[1].trim());
    }
  });
}

function run(command, args, { env, timeoutMs, name = path.basename(command), scan = false } = {}) {
  return new Promise((resolve) => {
    const child = childProcess.spawn(command, args, { cwd: ROOT, stdio: scan ? ['inherit', 'pipe', 'pipe'] : 'inherit', env: env || process.env });
    if (scan) {
      forwardScanning(child.stdout, process.stdout);
      forwardScanning(child.stderr, process.stderr);
    }
    const unregister = onCleanup(() => {
      if (child.exitCode === null) child.kill('SIGTERM');
    });
    const timer = timeoutMs
      ? setTimeout(() => {
          console.error(`[test] ${name} still running after ${Math.round(timeoutMs / 1000)} s: stopping it.`);
          child.kill('SIGTERM');
          setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 5_000).unref();
        }, timeoutMs)
      : undefined;
    child.on('error', (err) => {
      console.error(`[test] could not start ${name}: ${err.message}`);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      unregister();
      resolve(signal ? 128 : code ?? 1);
    });
  });
}

function readSummary(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Layer result from mocha's summary file; a missing file means mocha did not get to the end. */
function resultFromSummary(summaryFile, exitCode) {
  const summary = readSummary(summaryFile);
  if (!summary) {
    return { status: 'error', note: `mocha ended (exit ${exitCode}) without a summary in ${rel(summaryFile)}; see the output above` };
  }
  if (summary.tests === 0) {
    return { ...counts(summary), status: 'error', note: 'no tests were found' };
  }
  const failedOutsideTests = summary.failures === 0 && exitCode !== 0;
  return {
    ...counts(summary),
    status: summary.failures > 0 || failedOutsideTests ? 'failed' : 'ok',
    note: failedOutsideTests ? `every test passed but mocha exited with ${exitCode}` : undefined,
  };
}

const counts = (s) => ({ passed: s.passes, failed: s.failures, skipped: s.pending });

async function runMocha(layer, specs, { env = {}, timeoutMs = 20_000, extraArgs = [] } = {}) {
  const summaryFile = path.join(RESULTS_DIR, `${layer}.json`);
  const args = [
    MOCHA,
    '--reporter', REPORTER,
    '--reporter-option', `output=${summaryFile}`,
    '--timeout', String(timeoutMs),
    '--exit', // a handle left open by a test must not stall the run; mocha reports the counts first
    ...extraArgs,
    ...specs,
  ];
  const code = await run(process.execPath, args, {
    env: { ...process.env, ...env },
    timeoutMs: LAYER_TIMEOUT_MS[layer],
    name: `mocha (${layer})`,
    scan: true,
  });
  return resultFromSummary(summaryFile, code);
}

// ---------------------------------------------------------------------------------------------- shared setup

let ddbLocal;
/** One DynamoDB Local for the whole run, started on first use. */
async function dynamoDbLocal() {
  if (!ddbLocal) {
    ddbLocal = (async () => {
      let start;
      try {
        ({ startDynamoDbLocal: start } = require('./ddb-local'));
        require('./ddb-local').findJava();
      } catch (err) {
        throw new MissingPrerequisite(err.message);
      }
      log('starting DynamoDB Local');
      const ddb = await start({ port: 0, memoryMb: 512 });
      onCleanup(async () => {
        await ddb.stop();
        log('DynamoDB Local stopped');
      });
      log(`DynamoDB Local at ${ddb.endpoint}`);
      return ddb;
    })();
  }
  return ddbLocal;
}

let seeded;
/** DynamoDB Local with the sample tables; seeded after the integration layer so its tests start from empty. */
async function seededDynamoDbLocal() {
  const ddb = await dynamoDbLocal();
  if (!seeded) {
    seeded = (async () => {
      log(`seeding sample tables into ${ddb.endpoint}`);
      const { seedSampleData } = require('./seed');
      await seedSampleData({ endpoint: ddb.endpoint, region: LOCAL_REGION });
    })();
  }
  await seeded;
  return ddb;
}

let codeServerCheck;
/** Installs what the workbench layers need once per run; a failure is remembered, not retried per layer. */
function ensureCodeServer() {
  if (!codeServerCheck) {
    try {
      codeServerCheck = { ok: require('./code-server').ensureCodeServer({ log }) };
    } catch (err) {
      codeServerCheck = { error: new MissingPrerequisite(err.message) };
    }
  }
  if (codeServerCheck.error) throw codeServerCheck.error;
  return codeServerCheck.ok;
}

function requireBundle() {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'extension.js'))) {
    throw new Error('dist/extension.js is missing: the extension bundle did not build (see `node esbuild.js` above).');
  }
}

/** A temporary folder removed at the end of the run. */
function tempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  onCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * A workbench profile for one layer: workspace with the Local connection in .vscode/settings.json, the six-kinds
 * AWS files with the endpoint filled in, a private HOME (no ~/.aws of the machine), user data and extensions.
 */
function prepareWorkbenchProfile(layer, endpoint) {
  const dir = tempDir(`dynamodb-studio-${layer}-`);
  const workspace = path.join(dir, 'workspace');
  const awsDir = path.join(dir, 'aws');
  const home = path.join(dir, 'home');
  for (const d of [path.join(workspace, '.vscode'), awsDir, home]) fs.mkdirSync(d, { recursive: true });
  const settings = { 'dynamodbStudio.customEndpoints': [{ name: 'Local', endpoint, region: LOCAL_REGION }] };
  fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify(settings, null, 2));
  fs.writeFileSync(
    path.join(workspace, 'README.md'),
    '# DynamoDB Studio test workspace\n\nThe Local connection comes from .vscode/settings.json.\n',
  );
  for (const name of ['config', 'credentials']) {
    const source = path.join(AWS_FIXTURE_DIR, name);
    if (!fs.existsSync(source)) throw new Error(`The AWS fixture ${rel(source)} is missing.`);
    fs.writeFileSync(path.join(awsDir, name), fs.readFileSync(source, 'utf8').split(ENDPOINT_PLACEHOLDER).join(endpoint));
  }
  const env = { ...isolatedAwsEnv({ home, awsDir }), DYNAMODB_STUDIO_TEST_ENDPOINT: endpoint };
  return {
    dir,
    workspace,
    env,
    userDataDir: path.join(dir, 'user-data'),
    extensionsDir: path.join(dir, 'extensions'),
  };
}

/** Starts code-server for a layer; its log is copied to test-results/ when it stops. */
async function startWorkbench(layer, profile) {
  const { startCodeServer } = require('./code-server');
  const server = await startCodeServer({
    userDataDir: profile.userDataDir,
    extensionsDir: profile.extensionsDir,
    workspace: profile.workspace,
    env: profile.env,
  });
  log(`code-server for ${layer} at ${server.url}`);
  const stop = async () => {
    await server.stop();
    try {
      fs.copyFileSync(server.logFile, path.join(RESULTS_DIR, `${layer}-code-server.log`));
    } catch {
      // no log to keep
    }
  };
  const unregister = onCleanup(stop);
  return {
    ...server,
    stop: async () => {
      unregister();
      await stop();
    },
  };
}

// ---------------------------------------------------------------------------------------------- layers

async function unitLayer() {
  return runMocha('unit', ['out/test/unit/**/*.test.js']);
}

/** The fault-injection suite belongs to the proof layer (its tally is one of the proof lines). */
const FAULT_SPECS = 'out/test/integration/faults/**/*.test.js';

async function integrationLayer() {
  const ddb = await dynamoDbLocal();
  return runMocha('integration', ['out/test/integration/**/*.test.js'], {
    env: { DYNAMODB_STUDIO_TEST_ENDPOINT: ddb.endpoint },
    timeoutMs: 60_000,
    extraArgs: ['--ignore', FAULT_SPECS],
  });
}

async function proofLayer() {
  const ddb = await dynamoDbLocal();
  return runMocha('proof', ['out/test/proof/**/*.test.js', FAULT_SPECS], {
    env: { DYNAMODB_STUDIO_TEST_ENDPOINT: ddb.endpoint },
    timeoutMs: 900_000,
  });
}

async function webviewLayer() {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new MissingPrerequisite(`Chromium not found at ${CHROMIUM_PATH}: install it with \`sudo apt-get install -y chromium\`.`);
  }
  if (!fs.existsSync(path.join(ROOT, 'dist', 'webviews', 'tableViewer.js'))) {
    throw new Error('dist/webviews/tableViewer.js is missing: the webview bundle did not build (see `node esbuild.js` above).');
  }
  return runMocha('webview', ['out/test/webview/**/*.test.js'], { timeoutMs: 120_000 });
}

async function vscodeLayer() {
  ensureCodeServer();
  requireBundle();
  const testsDir = path.join(ROOT, 'out', 'test', 'vscode');
  if (!fs.existsSync(path.join(testsDir, 'index.js'))) {
    throw new Error(`${rel(testsDir)}/index.js is missing: the tests did not compile (see tsc above).`);
  }
  const ddb = await seededDynamoDbLocal();
  const profile = prepareWorkbenchProfile('vscode', ddb.endpoint);
  const summaryFile = path.join(RESULTS_DIR, 'vscode.json');
  profile.env.MOCHA_SUMMARY_FILE = summaryFile;
  const server = await startWorkbench('vscode', profile);
  const { launchChromium, workbenchUrl } = require('./code-server');
  const browser = await launchChromium();
  const closeBrowser = onCleanup(() => browser.close());
  const consoleLog = path.join(RESULTS_DIR, 'vscode-console.log');
  const consoleLines = [];
  let exitCode;
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const exited = new Promise((resolve) => page.exposeFunction('codeAutomationExit', (code) => resolve(code)));
    page.on('console', (message) => {
      const text = message.text();
      const at = text.indexOf(VSCODE_REPORT_PREFIX);
      if (at >= 0) {
        const line = text.slice(at + VSCODE_REPORT_PREFIX.length);
        console.log(line);
        // Proof and count lines of the VS Code suites (e.g. `proof credentials …`) reach the summary too.
        const match = SUITE_COUNT_LINE.exec(line);
        if (match) suiteCounts.push(match[1].trim());
      }
      consoleLines.push(`[${message.type()}] ${text}`);
    });
    page.on('pageerror', (err) => consoleLines.push(`[pageerror] ${err.message}`));
    log('running the VS Code tests inside the extension host');
    await page.goto(workbenchUrl(server.url, { folder: profile.workspace, devPath: ROOT, testsPath: testsDir }));
    let timer;
    exitCode = await Promise.race([
      exited,
      new Promise((resolve) => {
        timer = setTimeout(() => resolve('timeout'), LAYER_TIMEOUT_MS.vscode);
      }),
    ]);
    clearTimeout(timer);
    if (exitCode === 'timeout') {
      await page.screenshot({ path: path.join(RESULTS_DIR, 'vscode-timeout.png') }).catch(() => {});
    }
  } finally {
    fs.writeFileSync(consoleLog, consoleLines.join('\n') + '\n');
    closeBrowser();
    await browser.close().catch(() => {});
    await server.stop();
  }
  if (exitCode === 'timeout') {
    return { status: 'error', note: `the workbench did not report the end of the tests within ${LAYER_TIMEOUT_MS.vscode / 60_000} min; see ${rel(consoleLog)}` };
  }
  const result = resultFromSummary(summaryFile, exitCode);
  if (result.status === 'error') {
    const errors = consoleLines.filter((l) => /^\[(error|pageerror)\]/.test(l) && !/open-vsx|Failed to load resource/.test(l));
    if (errors.length) console.log(`[test] last workbench errors:\n${errors.slice(-10).join('\n')}`);
    result.note += `; workbench console in ${rel(consoleLog)}`;
  }
  return result;
}

async function e2eLayer() {
  const { installExtension } = require('./code-server');
  ensureCodeServer();
  requireBundle();
  const ddb = await seededDynamoDbLocal();
  const profile = prepareWorkbenchProfile('e2e', ddb.endpoint);
  // Install the packaged extension, as a user would: this also proves the .vsix is complete. README links stay
  // relative (there is no repository URL to rewrite them to); an installed extension does not need them.
  const vsix = path.join(profile.dir, 'dynamodb-studio.vsix');
  log('packaging the extension with vsce');
  const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  const packCode = await run(
    process.execPath,
    [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--no-rewrite-relative-links', '--out', vsix],
    { name: 'vsce package', timeoutMs: 3 * 60_000 },
  );
  if (packCode !== 0 || !fs.existsSync(vsix)) {
    return { status: 'error', note: `\`vsce package\` failed (exit ${packCode}); see its output above` };
  }
  log(installExtension({ vsix, userDataDir: profile.userDataDir, extensionsDir: profile.extensionsDir, env: profile.env }));
  const server = await startWorkbench('e2e', profile);
  try {
    // DYNAMODB_STUDIO_E2E_SPEC=test/e2e/<suite>.e2e.js[,<another>] runs only these suites while working on them.
    return await runMocha('e2e', process.env.DYNAMODB_STUDIO_E2E_SPEC ? process.env.DYNAMODB_STUDIO_E2E_SPEC.split(',') : ['test/e2e/**/*.e2e.js'], {
      timeoutMs: 180_000,
      env: {
        DYNAMODB_STUDIO_E2E_URL: server.url,
        DYNAMODB_STUDIO_E2E_FOLDER: profile.workspace,
        // Suites check what the UI did directly in DynamoDB Local.
        DYNAMODB_STUDIO_TEST_ENDPOINT: ddb.endpoint,
        DYNAMODB_STUDIO_TEST_RESULTS_DIR: RESULTS_DIR,
        // The packaged extension, for a suite that starts its own workbench with a fresh profile (first run).
        DYNAMODB_STUDIO_E2E_VSIX: vsix,
      },
    });
  } finally {
    await server.stop();
  }
}

/**
 * The vscode layer's suites in desktop VS Code through @vscode/test-electron (`npm run test:desktop`; CI:
 * .github/workflows/desktop.yml). Where VS Code cannot be downloaded it says so and the run fails: it is never
 * reported as passed or skipped. DYNAMODB_STUDIO_DESKTOP_VERSION picks the VS Code version (default 1.100.3,
 * the version code-server 4.100.3 is built from).
 */
async function desktopLayer() {
  requireBundle();
  const testsDir = path.join(ROOT, 'out', 'test', 'vscode');
  if (!fs.existsSync(path.join(testsDir, 'index.js'))) {
    throw new Error(`${rel(testsDir)}/index.js is missing: the tests did not compile (see tsc above).`);
  }
  const { downloadAndUnzipVSCode, runTests } = require('@vscode/test-electron');
  const version = process.env.DYNAMODB_STUDIO_DESKTOP_VERSION || '1.100.3';
  log(`downloading desktop VS Code ${version} with @vscode/test-electron`);
  let vscodeExecutablePath;
  let timer;
  try {
    vscodeExecutablePath = await Promise.race([
      downloadAndUnzipVSCode({ version, cachePath: path.join(ROOT, '.vscode-test') }),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('no answer within 120 s')), 120_000);
      }),
    ]);
  } catch (err) {
    return {
      status: 'error',
      note:
        `desktop VS Code ${version} could not be downloaded (${err.message.split('\n')[0]}). This machine cannot reach ` +
        'update.code.visualstudio.com, so the desktop layer cannot run here; `npm test` runs the same suites in code-server ' +
        '(the vscode layer), and .github/workflows/desktop.yml runs this one on hosted runners.',
    };
  } finally {
    clearTimeout(timer);
  }
  const ddb = await seededDynamoDbLocal();
  const profile = prepareWorkbenchProfile('desktop', ddb.endpoint);
  const summaryFile = path.join(RESULTS_DIR, 'desktop.json');
  profile.env.MOCHA_SUMMARY_FILE = summaryFile;
  let exitCode;
  try {
    exitCode = await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: path.join(testsDir, 'index.js'),
      extensionTestsEnv: profile.env,
      launchArgs: [profile.workspace, '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir, '--disable-workspace-trust', '--disable-extensions'],
    });
  } catch (err) {
    exitCode = typeof err === 'number' ? err : 1;
    console.error(`[test] desktop VS Code: ${err && err.message ? err.message : `exit ${err}`}`);
  }
  return resultFromSummary(summaryFile, exitCode);
}

const RUNNERS = { desktop: desktopLayer, unit: unitLayer, integration: integrationLayer, proof: proofLayer, webview: webviewLayer, vscode: vscodeLayer, e2e: e2eLayer };

// ---------------------------------------------------------------------------------------------- main

async function build() {
  const problems = [];
  log('building the extension: node esbuild.js');
  if ((await run(process.execPath, ['esbuild.js'], { name: 'esbuild' })) !== 0) problems.push('esbuild failed');
  log('compiling the tests: tsc -p test/tsconfig.json');
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  // tsc still emits JavaScript when it reports type errors, so the layers run and the errors fail the run at the end.
  if ((await run(process.execPath, [tsc, '-p', 'test/tsconfig.json'], { name: 'tsc' })) !== 0) {
    problems.push('tsc reported type errors (listed above)');
  }
  // The layer rules (src/README.md) and TypeScript checks: a wrong-floor import fails the run like a failing test.
  log('linting: eslint src');
  const eslint = path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');
  if ((await run(process.execPath, [eslint, 'src'], { name: 'eslint' })) !== 0) problems.push('eslint reported problems (listed above)');
  return problems;
}

function formatCounts({ passed = 0, failed = 0, skipped = 0 }) {
  return `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
}

async function main() {
  const layers = parseArgs(process.argv.slice(2));
  stopEverythingOnSignals();
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  for (const layer of layers) fs.rmSync(path.join(RESULTS_DIR, `${layer}.json`), { force: true });
  const started = Date.now();
  const notSelected = LAYERS.filter((l) => !layers.includes(l));
  log(`layers: ${layers.join(', ')}${notSelected.length ? ` (not selected: ${notSelected.join(', ')})` : ''}`);

  const buildProblems = await build();
  const results = [];
  try {
    for (const layer of layers) {
      console.log(`\n[test] ======== ${layer} ========`);
      const layerStart = Date.now();
      let result;
      try {
        result = await RUNNERS[layer]();
      } catch (err) {
        // Never a silent skip: a layer that cannot run fails the run, with what to install or how to leave it out.
        result = {
          status: 'error',
          note:
            err instanceof MissingPrerequisite
              ? `prerequisite missing: ${err.message} To run the other layers without this one, name them: node scripts/test.js ${LAYERS.filter((l) => l !== layer && layers.includes(l)).join(' ')}`
              : err.message,
        };
        console.error(`[test] ${layer}: ${result.note}`);
      }
      result.layer = layer;
      result.seconds = (Date.now() - layerStart) / 1000;
      results.push(result);
    }
  } finally {
    await runCleanup();
  }

  // A layer that could not run counts as one failure (one skip when skipped), so the totals never look clean.
  const total = { passed: 0, failed: 0, skipped: 0 };
  console.log('\n[test] ======== summary ========');
  if (buildProblems.length) console.log(`build        FAILED: ${buildProblems.join('; ')}`);
  for (const r of results) {
    const name = r.layer.padEnd(12);
    const time = `(${r.seconds.toFixed(1)} s)`;
    if (r.status === 'ok' || r.status === 'failed') {
      console.log(`${name} ${formatCounts(r)} ${time}${r.note ? ` - ${r.note}` : ''}`);
    } else if (r.status === 'skipped') {
      console.log(`${name} SKIPPED ${time} - ${r.note}`);
      r.skipped = (r.skipped || 0) + 1;
    } else {
      console.log(`${name} COULD NOT RUN ${time} - ${r.note}`);
      r.failed = (r.failed || 0) + 1;
    }
    for (const key of Object.keys(total)) total[key] += r[key] || 0;
  }
  if (notSelected.length) console.log(`not run      ${notSelected.join(', ')} (not selected)`);
  for (const line of suiteCounts) console.log(line);
  console.log(`total time ${((Date.now() - started) / 1000).toFixed(0)} s; details in ${rel(RESULTS_DIR)}/`);
  console.log(`tests: ${formatCounts(total)}`);
  const ok = buildProblems.length === 0 && results.every((r) => r.status === 'ok');
  process.exitCode = ok ? 0 : 1;
}

main().catch(async (err) => {
  console.error(`[test] ${err.stack || err.message}`);
  await runCleanup();
  process.exit(1);
});
