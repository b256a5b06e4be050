#!/usr/bin/env node
// `npm run demo`: DynamoDB Local with the sample tables, and VS Code with the extension and a "Local" connection.
//
//   node scripts/demo.js                  desktop VS Code when `code` is on PATH, else code-server on 127.0.0.1
//   node scripts/demo.js --code-server    code-server even when `code` is on PATH
//
// Ctrl-C stops DynamoDB Local and code-server. The workspace is .vscode-test/demo-workspace.
'use strict';

const childProcess = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { findOnPath, onCleanup, runCleanup, stopEverythingOnSignals, portInUse } = require('./lib/processes');

const ROOT = path.resolve(__dirname, '..');
// Node 20 is this project's supported runtime; the SDK's notice about its future Node 22 minimum is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const DEMO_DIR = path.join(ROOT, '.vscode-test');
const WORKSPACE = path.join(DEMO_DIR, 'demo-workspace');
const REGION = 'us-east-1';
const PREFERRED_DDB_PORT = 8000;
const PREFERRED_CODE_SERVER_PORT = 8080;
const PORTS_TO_TRY = 20;

const say = (line) => console.log(`[demo] ${line}`);

/** The preferred port when free, else the next free one above it. */
async function nextFreePort(preferred) {
  for (let port = preferred; port < preferred + PORTS_TO_TRY; port++) {
    if (!(await portInUse(port))) return port;
  }
  throw new Error(`Ports ${preferred} to ${preferred + PORTS_TO_TRY - 1} are all in use: stop what uses them and retry.`);
}

function build() {
  say('building the extension (node esbuild.js)');
  const result = childProcess.spawnSync(process.execPath, ['esbuild.js'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('Building the extension failed (see the esbuild output above).');
}

async function startDatabase() {
  const { startDynamoDbLocal, findJava, JAVA_INSTALL_HINT } = require('./ddb-local');
  try {
    findJava();
  } catch {
    console.error(`[demo] DynamoDB Local needs Java, and \`java\` was not found.\n[demo] ${JAVA_INSTALL_HINT}`);
    process.exit(1);
  }
  const port = await nextFreePort(PREFERRED_DDB_PORT);
  say(`starting DynamoDB Local on port ${port}${port !== PREFERRED_DDB_PORT ? ` (${PREFERRED_DDB_PORT} is in use)` : ''}`);
  const ddb = await startDynamoDbLocal({ port, memoryMb: 512 });
  onCleanup(async () => {
    await ddb.stop();
    say('DynamoDB Local stopped');
  });
  say('creating and filling the sample tables CustomerOrders and DevOpsProjects');
  const { seedSampleData } = require('./seed');
  await seedSampleData({ endpoint: ddb.endpoint, region: REGION });
  return ddb;
}

function writeWorkspace(endpoint) {
  fs.mkdirSync(path.join(WORKSPACE, '.vscode'), { recursive: true });
  const settingsFile = path.join(WORKSPACE, '.vscode', 'settings.json');
  fs.writeFileSync(
    settingsFile,
    JSON.stringify({ 'dynamodbStudio.customEndpoints': [{ name: 'Local', endpoint, region: REGION }] }, null, 2) + '\n',
  );
  // A template of the sample tables with one deliberate drift: open it and click "Compare with Local".
  fs.mkdirSync(path.join(WORKSPACE, 'infra'), { recursive: true });
  fs.writeFileSync(path.join(WORKSPACE, 'infra', 'sample-tables.template.json'), require('./seed').sampleTablesTemplate());
  fs.writeFileSync(
    path.join(WORKSPACE, 'README.md'),
    [
      '# DynamoDB Studio demo',
      '',
      `Open the DynamoDB view in the activity bar. The **Local** connection (${endpoint}, set in .vscode/settings.json)`,
      'holds the sample tables CustomerOrders and DevOpsProjects. Your AWS profiles from ~/.aws are listed too.',
      '',
      'infra/sample-tables.template.json declares both tables as CloudFormation. Open it and click "Compare with Local"',
      'above a table: CustomerOrders has one deliberate drift (its stream), shown in the Problems panel.',
      '',
      '`access-patterns.dynamodb-nb` is a DynamoDB notebook that walks the sample tables\' access patterns: open it',
      'and press Run All.',
      '',
      'The database lives in memory: stopping `npm run demo` (Ctrl-C) discards it.',
      '',
    ].join('\n'),
  );
  // The demo notebook: a DevOpsProjects project by id, a customer's orders, orders by status and date (ByStatus),
  // a customer's largest orders (ByTotal), with variables from one cell to the next.
  fs.copyFileSync(path.join(__dirname, 'demo', 'access-patterns.dynamodb-nb'), path.join(WORKSPACE, 'access-patterns.dynamodb-nb'));
  return settingsFile;
}

async function openDesktop(code) {
  say(`opening VS Code: code --new-window --extensionDevelopmentPath=${ROOT} ${WORKSPACE}`);
  const result = childProcess.spawnSync(code, ['--new-window', `--extensionDevelopmentPath=${ROOT}`, WORKSPACE], {
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`\`code\` exited with ${result.status ?? result.signal}; is it a working VS Code CLI?`);
}

async function openCodeServer() {
  const cs = require('./code-server');
  say('`code` is not on PATH: using code-server (installed once into .vscode-test/)');
  cs.ensureCodeServer({ log: say });
  const port = await nextFreePort(PREFERRED_CODE_SERVER_PORT);
  const server = await cs.startCodeServer({
    port,
    userDataDir: path.join(DEMO_DIR, 'demo-user-data'),
    extensionsDir: path.join(DEMO_DIR, 'demo-extensions'),
    workspace: WORKSPACE,
  });
  onCleanup(async () => {
    await server.stop();
    say('code-server stopped');
  });
  const url = cs.workbenchUrl(server.url, { folder: WORKSPACE, devPath: ROOT });
  say(`code-server is running (log: ${path.relative(ROOT, server.logFile)}).`);
  console.log(`\n  Open this URL in a browser on this machine (it loads the extension from ${ROOT}):\n\n  ${url}\n`);
  say(`From another machine, forward the port first: ssh -L ${port}:127.0.0.1:${port} <this host>`);
}

async function main() {
  const forceCodeServer = process.argv.includes('--code-server');
  const unknown = process.argv.slice(2).filter((a) => a !== '--code-server');
  if (unknown.length) {
    console.error(`Unknown argument ${unknown[0]}. Usage: node scripts/demo.js [--code-server]`);
    process.exit(2);
  }
  stopEverythingOnSignals();
  build();
  const ddb = await startDatabase();
  const settingsFile = writeWorkspace(ddb.endpoint);
  say(`DynamoDB Local is at ${ddb.endpoint}; workspace ${path.relative(ROOT, WORKSPACE)} (${path.relative(ROOT, settingsFile)})`);
  const code = forceCodeServer ? undefined : findOnPath('code');
  if (code) await openDesktop(code);
  else await openCodeServer();
  // The servers are detached from Node's event loop; this keeps the demo in the foreground until Ctrl-C.
  setInterval(() => {}, 1 << 30);
  say('press Ctrl-C to stop everything the demo started');
}

main().catch(async (err) => {
  console.error(`[demo] ${err.message}`);
  await runCleanup();
  process.exit(1);
});
