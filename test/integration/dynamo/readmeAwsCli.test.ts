// The README tells how to reach the demo's DynamoDB Local with the AWS CLI (issue 14, finding 10). This runs the
// command(s) it shows, as a person would paste them into a shell, with the real `aws` against a DynamoDB Local
// seeded the way `npm run demo` seeds it (scripts/seed.js), and checks that the sample tables are listed. Only the
// demo's port is replaced by this run's endpoint. Every AWS CLI found is tried (the one on PATH and Debian's
// /usr/bin/aws, which may be different major versions), each with a private HOME and no AWS settings of the machine.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { deleteTables, getTestEndpoint, repoRoot, requireScript, testClient, uniqueTableName } from '../dynamoLocal';

interface SeedScript {
  seedSampleData(options: { endpoint: string; region?: string; orderCount?: number; tableNamePrefix?: string }): Promise<unknown>;
  SAMPLE_TABLES: string[];
}
interface AwsEnvScript {
  isolatedAwsEnv(where: { home: string; awsDir: string }): Record<string, string | undefined>;
}

/** The endpoint the README gives for the demo (scripts/demo.js prefers port 8000). */
const DEMO_ENDPOINT = 'http://127.0.0.1:8000';

/**
 * The shell commands of the README's code block that follows the sentence about the AWS CLI and the demo, with
 * backslash-continued lines joined; only lines that run `aws`.
 */
function readmeAwsCliCommands(readme: string): string[] {
  const at = readme.search(/reach it with the\s+AWS CLI/);
  if (at < 0) return [];
  const block = /```(?:sh|bash|shell)?\n([\s\S]*?)```/.exec(readme.slice(at));
  if (!block) return [];
  return block[1]
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /(^|\s)aws\s+dynamodb\s/.test(line));
}

/** Every `aws` executable to try: the one a shell finds on PATH, and /usr/bin/aws when it is another one. */
function awsClis(): string[] {
  const found: string[] = [];
  const onPath = spawnSync('/bin/sh', ['-c', 'command -v aws'], { encoding: 'utf8' }).stdout.trim();
  if (onPath) found.push(onPath);
  if (fs.existsSync('/usr/bin/aws') && !found.includes('/usr/bin/aws')) found.push('/usr/bin/aws');
  return found;
}

describe("the README's AWS CLI command for the demo's DynamoDB Local (issue 14, finding 10)", function () {
  this.timeout(120_000);
  const seed = requireScript<SeedScript>('seed.js');
  const { isolatedAwsEnv } = requireScript<AwsEnvScript>(path.join('lib', 'awsEnv.js'));
  // A private prefix: other suites of this run share the DynamoDB Local and may use the standard sample tables.
  const prefix = `${uniqueTableName('Cli')}-`;
  const tables = seed.SAMPLE_TABLES.map((t) => prefix + t);
  let endpoint: string;
  let home: string;

  before(async () => {
    endpoint = await getTestEndpoint();
    await seed.seedSampleData({ endpoint, tableNamePrefix: prefix, orderCount: 50 });
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-aws-cli-'));
  });

  after(async () => {
    if (home) fs.rmSync(home, { recursive: true, force: true });
    if (endpoint) await deleteTables(testClient(endpoint), tables);
  });

  it('finds the command in the README: placeholder keys, --endpoint-url of the demo and a region', () => {
    const commands = readmeAwsCliCommands(fs.readFileSync(path.join(repoRoot(), 'README.md'), 'utf8'));
    assert.ok(commands.length >= 1, 'the README shows no `aws dynamodb …` command after "To reach it with the AWS CLI"');
    for (const command of commands) {
      assert.match(command, /AWS_ACCESS_KEY_ID=[A-Za-z0-9]+ /, `${command}: placeholder access key (letters and digits only)`);
      assert.match(command, /AWS_SECRET_ACCESS_KEY=[A-Za-z0-9]+ /, `${command}: placeholder secret key`);
      assert.ok(command.includes(`--endpoint-url ${DEMO_ENDPOINT}`), `${command}: --endpoint-url ${DEMO_ENDPOINT}`);
      assert.match(command, /--region [a-z0-9-]+/, `${command}: a region`);
    }
  });

  it('runs it with the AWS CLI against a seeded DynamoDB Local, and it lists the sample tables', () => {
    const commands = readmeAwsCliCommands(fs.readFileSync(path.join(repoRoot(), 'README.md'), 'utf8'));
    assert.ok(commands.some((c) => /aws dynamodb list-tables/.test(c)), 'the README shows `aws dynamodb list-tables`');
    const clis = awsClis();
    assert.ok(clis.length > 0, 'no `aws` command found: install the AWS CLI (`sudo apt-get install -y awscli`)');
    let runs = 0;
    for (const cli of clis) {
      const version = execFileSync(cli, ['--version'], { encoding: 'utf8', env: { ...process.env, HOME: home } }).trim();
      // A private HOME and config files that do not exist: nothing of this machine's AWS setup helps the command.
      const env: NodeJS.ProcessEnv = { ...process.env, ...isolatedAwsEnv({ home, awsDir: path.join(home, '.aws') }), PATH: `${path.dirname(cli)}:${process.env.PATH ?? ''}` };
      for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
      for (const command of commands) {
        const run = spawnSync('/bin/sh', ['-c', command.split(DEMO_ENDPOINT).join(endpoint)], { encoding: 'utf8', env, timeout: 60_000 });
        assert.equal(run.status, 0, `${version}: \`${command}\` exited with ${run.status}: ${run.stderr}`);
        if (/list-tables/.test(command)) {
          const listed = (JSON.parse(run.stdout) as { TableNames?: string[] }).TableNames ?? [];
          for (const table of tables) assert.ok(listed.includes(table), `${version}: ${table} is not in the output of \`${command}\` (${listed.length} tables listed)`);
        }
        runs++;
      }
      console.log(`      ${version.split(' ')[0]} (${cli}): ${commands.length} README command(s) ran`);
    }
    assert.equal(runs, clis.length * commands.length);
  });
});
