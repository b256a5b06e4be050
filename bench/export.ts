// Export of a whole table against the AWS CLI writing `aws dynamodb scan` to a file, on one DynamoDB Local table
// of 100,000 items of about 250 bytes. Prints:
//   bench export-vs-cli <our items/s ÷ the CLI's items/s>     (target ≥ 10)
//
// Needs Debian's awscli at /usr/bin/aws (`apt-get install -y awscli`; a pyenv shim earlier on PATH is an older CLI).
// Run: npx tsc -p test/tsconfig.json && node out/bench/export.js   (BENCH_ITEMS, BENCH_SEGMENTS, BENCH_ROUNDS as in scan.ts;
// BENCH_EXPORT_FORMAT jsonl | dynamodb-json | csv, default jsonl)
import * as childProcess from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { exportTable } from '../src/services/transfer/export';
import type { TransferFormat } from '../src/services/transfer/import';
import { BENCH_ITEMS, BENCH_SEGMENTS, setUpBenchTable } from './scan';
import { alternate, reportComparison } from './stats';

const AWS_CLI = process.env.AWS_CLI ?? '/usr/bin/aws';

function runCli(endpoint: string, table: string, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = fs.openSync(file, 'w');
    const child = childProcess.spawn(AWS_CLI, ['dynamodb', 'scan', '--table-name', table, '--endpoint-url', endpoint, '--region', 'us-east-1', '--output', 'json'], {
      stdio: ['ignore', out, 'pipe'],
      env: { ...process.env, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_PAGER: '' },
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      fs.closeSync(out);
      if (code === 0) resolve();
      else reject(new Error(`aws dynamodb scan exited with ${code}: ${stderr.trim()}`));
    });
  });
}

/** Entry for scripts/bench.js: uses the given DynamoDB Local, or starts one. */
export async function run(endpoint?: string): Promise<void> {
  if (endpoint) process.env.DYNAMODB_STUDIO_TEST_ENDPOINT = endpoint;
  if (!fs.existsSync(AWS_CLI)) {
    throw new Error(`The AWS CLI is not at ${AWS_CLI}. Install Debian's awscli (apt-get install -y awscli) or set AWS_CLI.`);
  }
  const format = (process.env.BENCH_EXPORT_FORMAT ?? 'jsonl') as TransferFormat;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-export-'));
  const bench = await setUpBenchTable('Export');
  try {
    let run = 0;
    const timed = async (side: 'cli' | 'ours') => {
      const file = path.join(dir, `${side}-${run++}`);
      const start = process.hrtime.bigint();
      if (side === 'cli') await runCli(bench.endpoint, bench.table, file);
      else {
        const result = await exportTable(bench.client, bench.table, file, { format, segments: BENCH_SEGMENTS });
        if (result.items !== BENCH_ITEMS) throw new Error(`the export wrote ${result.items} items, expected ${BENCH_ITEMS}`);
      }
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      fs.rmSync(file, { force: true });
      return BENCH_ITEMS / seconds;
    };
    // The CLI takes about 2 minutes per 100,000 items: a warm-up and 3 runs of each side by default.
    const result = await alternate(() => timed('ours'), () => timed('cli'));
    reportComparison('export-vs-cli', result.ours.median / result.baseline.median, result, 'items/s', 'aws dynamodb scan');
  } finally {
    await bench.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  run().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
