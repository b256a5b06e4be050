#!/usr/bin/env node
// `npm run bench`: benchmarks (never part of `npm test`). Prints `bench <name> <value> <unit>` lines.
//
//   bundle-kb            size of the production bundle dist/extension.js
//   codecheck-kb         size of dist/codecheck.js, the code checks' parser, loaded only when a file needs it
//   tree-regions-ratio   8 regions listed by the explorer ÷ the slowest single region (DynamoDB Local)
//   tree-accounts-ratio  50 connections × 17 regions listed by the explorer ÷ the slowest single connection
//   activation-ms        module evaluation + activate() inside code-server's extension host
//   ...                  and every other bench/<name>.ts exporting run(endpoint) (compiled to out/bench/)
//
// `node scripts/bench.js tree-regions` runs only the benches whose file name contains an argument.
'use strict';

const childProcess = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startDynamoDbLocal } = require('./ddb-local');
const { ensureCodeServer, startCodeServer, launchChromium, workbenchUrl } = require('./code-server');

const ROOT = path.resolve(__dirname, '..');
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const only = process.argv.slice(2);
const wanted = (name) => only.length === 0 || only.some((o) => name.includes(o));

function run(cmd, args) {
  const r = childProcess.spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed`);
}

async function activationMs() {
  ensureCodeServer();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ddbs-bench-'));
  const workspace = path.join(tmp, 'ws');
  fs.mkdirSync(workspace);
  const server = await startCodeServer({ userDataDir: path.join(tmp, 'ud'), extensionsDir: path.join(tmp, 'ext'), workspace, settings: { 'workbench.startupEditor': 'none' } });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const done = new Promise((resolve) => page.exposeFunction('codeAutomationExit', (code) => resolve(code)));
    const lines = [];
    page.on('console', (m) => {
      // Extension host output reaches the page console with a prefix and styling.
      const match = /bench [\w-]+ [\d.]+ \S+/.exec(m.text());
      if (match) lines.push(match[0]);
    });
    await page.goto(workbenchUrl(server.url, { folder: workspace, devPath: ROOT, testsPath: path.join(ROOT, 'out', 'bench', 'vscode') }));
    const code = await Promise.race([done, new Promise((r) => setTimeout(() => r('timeout'), 180000))]);
    if (code !== 0) throw new Error(`the activation bench ended with ${code}`);
    if (lines.length === 0) throw new Error('the activation bench printed no figure');
    for (const l of lines) console.log(l);
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function main() {
  run(process.execPath, ['esbuild.js', '--production']);
  if (!process.env.BENCH_SKIP_BUILD) run(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'test/tsconfig.json']);
  if (wanted('bundle-kb')) console.log(`bench bundle-kb ${(fs.statSync(path.join(ROOT, 'dist', 'extension.js')).size / 1024).toFixed(0)} KB`);
  // The code checks' parser, a bundle of its own that loads on the first file mentioning a DynamoDB SDK.
  const codecheck = path.join(ROOT, 'dist', 'codecheck.js');
  if (wanted('codecheck-kb') && fs.existsSync(codecheck)) console.log(`bench codecheck-kb ${(fs.statSync(codecheck).size / 1024).toFixed(0)} KB`);

  const benchDir = path.join(ROOT, 'out', 'bench');
  const modules = fs
    .readdirSync(benchDir)
    .filter((f) => f.endsWith('.js') && !['stats.js', 'latencyProxy.js'].includes(f) && wanted(f.replace(/\.js$/, '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)))
    .map((f) => path.join(benchDir, f))
    .filter((f) => typeof require(f).run === 'function');
  if (modules.length) {
    const ddb = await startDynamoDbLocal({ memoryMb: 2048 });
    // Benches that place CPU time (tree-accounts) read DynamoDB Local's from /proc.
    process.env.BENCH_DDB_PID = String(ddb.pid);
    try {
      for (const m of modules) {
        console.log(`# ${path.basename(m, '.js')}`);
        await require(m).run(ddb.endpoint);
      }
    } finally {
      await ddb.stop();
    }
  }
  if (wanted('activation')) await activationMs();
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
