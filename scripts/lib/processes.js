// Shutdown bookkeeping for the scripts that start servers: everything registered here is stopped once,
// in reverse order, on normal completion, on errors and on Ctrl-C / SIGTERM.
'use strict';

const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const path = require('node:path');

const cleanups = [];
let cleaning;

/** Registers an async stop function; returns a function that unregisters it (after a manual stop). */
function onCleanup(stop) {
  cleanups.push(stop);
  return () => {
    const i = cleanups.indexOf(stop);
    if (i >= 0) cleanups.splice(i, 1);
  };
}

/** Runs every registered stop function, newest first; errors are reported, not thrown. */
function runCleanup() {
  if (!cleaning) {
    cleaning = (async () => {
      while (cleanups.length) {
        const stop = cleanups.pop();
        try {
          await stop();
        } catch (err) {
          console.error(`while stopping: ${err && err.message ? err.message : err}`);
        }
      }
      cleaning = undefined;
    })();
  }
  return cleaning;
}

/** On SIGINT/SIGTERM/SIGHUP: stop everything, then exit with 128 + signal number. */
function stopEverythingOnSignals(onSignal) {
  const numbers = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 };
  let received = false;
  for (const signal of Object.keys(numbers)) {
    process.on(signal, () => {
      if (received) return; // a second Ctrl-C while stopping is ignored; the stop functions have their own timeouts
      received = true;
      if (onSignal) onSignal(signal);
      console.error(`\n${signal}: stopping what was started ...`);
      runCleanup().finally(() => process.exit(128 + numbers[signal]));
    });
  }
}

function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** True when something accepts TCP connections on the port. */
function portInUse(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Resolves with the HTTP status of a GET, or undefined when nothing answers. */
function httpStatus(url, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
  });
}

const { setTimeout: sleep } = require('node:timers/promises');

/** Kills a whole process group (the child was spawned detached); ignores a group that is already gone. */
function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Full path of an executable found on PATH, or undefined. */
function findOnPath(command) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, command);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

module.exports = { findOnPath, onCleanup, runCleanup, stopEverythingOnSignals, freePort, portInUse, httpStatus, sleep, killGroup };
