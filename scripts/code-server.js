// code-server (VS Code OSS's server with the web workbench and the normal Node extension host) for the
// vscode and e2e test layers and the demo. The desktop VS Code download is not reachable everywhere;
// code-server installs from npm and is cached under .vscode-test/, like @vscode/test-electron caches VS Code.
//
//   const cs = require('./scripts/code-server.js');
//   cs.ensureCodeServer();
//   const server = await cs.startCodeServer({ userDataDir, extensionsDir, workspace, env, settings });
//   const browser = await cs.launchChromium();
//   ... browser.newPage().goto(cs.workbenchUrl(server.url, { folder })) ...
//   await browser.close(); await server.stop();
'use strict';

const childProcess = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { findOnPath, freePort, httpStatus, sleep, killGroup } = require('./lib/processes');

const ROOT = path.resolve(__dirname, '..');
const CODE_SERVER_VERSION = process.env.CS_VERSION || '4.100.3';
const CODE_SERVER_DIR = path.join(ROOT, '.vscode-test', `code-server-${CODE_SERVER_VERSION}`);
const CODE_SERVER_BIN = path.join(CODE_SERVER_DIR, 'node_modules', '.bin', 'code-server');
const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const START_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 5_000;

/** User settings that keep the workbench quiet and deterministic for tests and demos. */
const DEFAULT_USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'git.enabled': false,
};

const isCached = () => fs.existsSync(CODE_SERVER_BIN) && fs.existsSync(path.join(CODE_SERVER_DIR, '.complete'));

/** What the workbench layers need from the operating system and is absent; the install needs more than a run. */
function missingSystemPackages() {
  const missing = [];
  if (!fs.existsSync(CHROMIUM_PATH)) missing.push('chromium');
  if (!isCached()) {
    if (!findOnPath('rg')) missing.push('ripgrep');
    if (!findOnPath('pkg-config')) missing.push('pkg-config');
    if (!fs.existsSync('/usr/include/krb5.h') && !fs.existsSync('/usr/include/krb5/krb5.h')) missing.push('libkrb5-dev');
  }
  return missing;
}

function runScript(script, what) {
  const result = childProcess.spawnSync('bash', [path.join(ROOT, 'scripts', script)], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(`${what} failed (scripts/${script} exited with ${result.status ?? result.signal}). See its output above.`);
  }
}

/**
 * Makes sure Chromium and the cached code-server exist: runs scripts/setup-apt.sh only when a system package is
 * missing, then scripts/setup-code-server.sh (which returns at once when the cache is complete).
 * @returns {{ bin: string, version: string }}
 */
function ensureCodeServer({ log = console.log } = {}) {
  const missing = missingSystemPackages();
  if (missing.length) {
    log(`code-server prerequisites missing: ${missing.join(', ')}; running scripts/setup-apt.sh`);
    try {
      runScript('setup-apt.sh', 'Installing system packages');
    } catch (err) {
      throw new Error(
        `${err.message}\nThe VS Code test layers need these Debian packages: ${missing.join(' ')}. ` +
          `Install them with \`sudo apt-get install -y ${missing.join(' ')}\` and run again.`,
      );
    }
    const still = missingSystemPackages();
    if (still.length) {
      throw new Error(`Still missing after scripts/setup-apt.sh: ${still.join(', ')}. Install them with apt-get and run again.`);
    }
  }
  if (!isCached()) {
    log(`code-server ${CODE_SERVER_VERSION}: not cached in ${path.relative(ROOT, CODE_SERVER_DIR)}, installing`);
    runScript('setup-code-server.sh', `Installing code-server ${CODE_SERVER_VERSION}`);
  }
  if (!isCached()) throw new Error(`code-server ${CODE_SERVER_VERSION} is still not installed in ${CODE_SERVER_DIR}.`);
  return { bin: CODE_SERVER_BIN, version: CODE_SERVER_VERSION };
}

function tail(file, lines = 30) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no output)';
  }
}

/** Environment for a child: process.env overlaid with `env`; a key set to undefined is removed. */
function childEnv(env = {}) {
  const merged = { ...process.env };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete merged[key];
    else merged[key] = String(value);
  }
  return merged;
}

function writeUserSettings(userDataDir, settings) {
  const userDir = path.join(userDataDir, 'User');
  fs.mkdirSync(userDir, { recursive: true });
  fs.writeFileSync(path.join(userDir, 'settings.json'), JSON.stringify({ ...DEFAULT_USER_SETTINGS, ...settings }, null, 2));
  // Machine-scoped settings (such as walkthroughs.openOnInstall) are read by the extension host from the remote
  // machine's settings, not the user's: the same quiet defaults go there too.
  const machineDir = path.join(userDataDir, 'Machine');
  fs.mkdirSync(machineDir, { recursive: true });
  fs.writeFileSync(path.join(machineDir, 'settings.json'), JSON.stringify(DEFAULT_USER_SETTINGS, null, 2));
}

/** Installs a .vsix into the given profile folders with code-server's own CLI. */
function installExtension({ vsix, userDataDir, extensionsDir, env }) {
  fs.mkdirSync(extensionsDir, { recursive: true });
  const result = childProcess.spawnSync(
    CODE_SERVER_BIN,
    ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix, '--force'],
    { encoding: 'utf8', env: childEnv(env) },
  );
  if (result.status !== 0) {
    throw new Error(`code-server could not install ${vsix} (exit ${result.status}):\n${result.stdout}${result.stderr}`);
  }
  return result.stdout.trim();
}

/**
 * Starts code-server on 127.0.0.1 in its own process group and resolves once /healthz answers.
 * @param {{ port?: number, userDataDir: string, extensionsDir: string, workspace?: string,
 *           env?: Record<string, string | undefined>, settings?: object, logFile?: string }} options
 * @returns {Promise<{ url: string, port: number, pid: number, logFile: string, stop(): Promise<void> }>}
 */
async function startCodeServer({ port = 0, userDataDir, extensionsDir, workspace, env, settings = {}, logFile } = {}) {
  if (!userDataDir || !extensionsDir) throw new Error('startCodeServer needs userDataDir and extensionsDir.');
  if (!isCached()) throw new Error(`code-server is not installed in ${CODE_SERVER_DIR}: call ensureCodeServer() first.`);
  fs.mkdirSync(extensionsDir, { recursive: true });
  writeUserSettings(userDataDir, settings);
  logFile = logFile || path.join(userDataDir, 'code-server.log');
  const attempts = port === 0 ? 3 : 1;
  let lastError;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const chosen = port === 0 ? await freePort() : port;
    try {
      return await launch({ port: chosen, userDataDir, extensionsDir, workspace, env, logFile });
    } catch (err) {
      lastError = err;
      if (!err.portInUse) break;
    }
  }
  throw lastError;
}

/** Process groups of running servers: killed if Node exits without stop(). */
const running = new Set();
process.on('exit', () => {
  for (const pid of running) killGroup(pid, 'SIGKILL');
});

async function launch({ port, userDataDir, extensionsDir, workspace, env, logFile }) {
  const configFile = path.join(userDataDir, 'code-server.yaml');
  fs.writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const args = [
    '--config', configFile,
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
  ];
  if (workspace) args.push(workspace);
  const logFd = fs.openSync(logFile, 'a');
  const child = childProcess.spawn(CODE_SERVER_BIN, args, {
    cwd: userDataDir,
    detached: true, // own process group: the extension host and its children stop with it
    stdio: ['ignore', logFd, logFd],
    env: childEnv(env),
  });
  fs.closeSync(logFd);
  let exitInfo;
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exitInfo = signal ? `signal ${signal}` : `code ${code}`;
      running.delete(child.pid);
      resolve();
    });
    child.on('error', (err) => {
      exitInfo = `spawn error ${err.message}`;
      resolve();
    });
  });
  if (child.pid) running.add(child.pid);
  child.unref();

  let stopping;
  const stop = () => {
    stopping ??= (async () => {
      if (exitInfo === undefined && child.pid) {
        killGroup(child.pid, 'SIGTERM');
        const graceful = await Promise.race([exited.then(() => true), sleep(STOP_GRACE_MS).then(() => false)]);
        if (!graceful) {
          killGroup(child.pid, 'SIGKILL');
          await exited;
        }
      }
      // Children that left the group leader behind (extension host, pty hosts) go with the group.
      if (child.pid) killGroup(child.pid, 'SIGKILL');
      running.delete(child.pid);
    })();
    return stopping;
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (exitInfo !== undefined) {
      const out = tail(logFile);
      await stop();
      const err = new Error(`code-server on port ${port} exited with ${exitInfo} before it answered. Log ${logFile}:\n${out}`);
      err.portInUse = /EADDRINUSE|address already in use/i.test(out);
      throw err;
    }
    if ((await httpStatus(`${url}/healthz`)) === 200) break;
    if (Date.now() > deadline) {
      const out = tail(logFile);
      await stop();
      throw new Error(`code-server on port ${port} did not answer /healthz within ${START_TIMEOUT_MS / 1000} s. Log ${logFile}:\n${out}`);
    }
    await sleep(200);
  }
  return { url, port, pid: child.pid, logFile, stop };
}

/**
 * Workbench URL for a folder; with devPath the extension is loaded from source (extensionDevelopmentPath),
 * with testsPath the workbench also runs that compiled test index inside the extension host.
 */
function workbenchUrl(baseUrl, { folder, devPath, testsPath } = {}) {
  const host = new URL(baseUrl).host;
  const params = new URLSearchParams();
  if (folder) params.set('folder', folder);
  const payload = [];
  if (devPath) payload.push(['extensionDevelopmentPath', `vscode-remote://${host}${devPath}`]);
  if (testsPath) payload.push(['extensionTestsPath', `vscode-remote://${host}${testsPath}`]);
  if (payload.length) params.set('payload', JSON.stringify(payload));
  return `${baseUrl}/?${params.toString()}`;
}

/** Debian's Chromium through playwright-core (Playwright's own browser downloads are not reachable). */
async function launchChromium({ headless = true } = {}) {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}. Install it with \`sudo apt-get install -y chromium\` (or set CHROMIUM_PATH).`);
  }
  const { chromium } = require('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless, args: headless ? CHROMIUM_ARGS : CHROMIUM_ARGS.slice(1) });
}

module.exports = {
  ensureCodeServer,
  startCodeServer,
  installExtension,
  launchChromium,
  workbenchUrl,
  missingSystemPackages,
  CODE_SERVER_BIN,
  CODE_SERVER_DIR,
  CODE_SERVER_VERSION,
  CHROMIUM_PATH,
};
