// scripts/ddb-local.js fails with a message a person can act on.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../dynamoLocal';

const run = promisify(execFile);

/** Runs startDynamoDbLocal in a child Node with the given environment; resolves with what it printed. */
async function startInChild(options: object, env: NodeJS.ProcessEnv): Promise<string> {
  const script = path.join(repoRoot(), 'scripts', 'ddb-local.js');
  const code = `require(${JSON.stringify(script)}).startDynamoDbLocal(${JSON.stringify(options)})
    .then(d => d.stop().then(() => console.log('STARTED ' + d.endpoint)), e => console.log('ERROR ' + e.message));`;
  const { stdout } = await run(process.execPath, ['-e', code], { env, timeout: 90_000 });
  return stdout;
}

describe('scripts/ddb-local.js', function () {
  this.timeout(90_000);

  it('says how to install Java when java is not on PATH', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: '/nonexistent' };
    delete env.JAVA_HOME;
    const out = await startInChild({}, env);
    assert.match(out, /^ERROR .*`java` was not found on PATH/);
    assert.ok(out.includes('sudo apt-get install -y openjdk-17-jre-headless'), out);
    assert.match(out, /Java 17\+/);
  });

  it('fails with the server output when the requested port is taken', async () => {
    // Holds the port; drops any connection so that close() below does not wait on them.
    const blocker = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => blocker.listen(0, resolve));
    try {
      const port = (blocker.address() as net.AddressInfo).port;
      const out = await startInChild({ port }, process.env);
      assert.match(out, new RegExp(`^ERROR DynamoDB Local on port ${port} exited`));
      assert.match(out, new RegExp(`Port ${port} is already in use`));
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});
