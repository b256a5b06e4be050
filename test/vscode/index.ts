// Test entry point that the workbench loads inside the extension host (extensionTestsPath): runs every
// out/test/vscode/**/*.test.js with mocha and writes the counts for the harness (scripts/test.js).
import * as fs from 'fs';
import * as path from 'path';
import * as util from 'util';
import Mocha from 'mocha';

/** Lines that start with this are mocha's report; the harness prints them and files the rest of the console. */
export const REPORT_LINE_PREFIX = '[vscode-tests] ';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** DYNAMODB_STUDIO_VSCODE_SPEC=items (or items,guard) runs only the suites whose file path contains one of these texts. */
const ONLY = (process.env.DYNAMODB_STUDIO_VSCODE_SPEC ?? '').split(',').filter(Boolean);

function testFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.test.js') && (ONLY.length === 0 || ONLY.some((o) => f.includes(o))))
    .sort()
    .map((f) => path.join(dir, f));
}

export function run(): Promise<void> {
  const summaryFile = process.env.MOCHA_SUMMARY_FILE ?? path.join(repoRoot, 'test-results', 'vscode.json');
  // The extension host sends console.log's arguments unformatted to the workbench console; format each line
  // here so the report reads as in a terminal.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(REPORT_LINE_PREFIX + util.format(...args));
  const reporter = require(path.join(repoRoot, 'scripts', 'lib', 'mocha-summary-reporter.js'));
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: 60_000,
    reporter,
    reporterOptions: { output: summaryFile },
  });
  // DYNAMODB_STUDIO_VSCODE_SPEC=<text>[,<text>…]: only the suites whose file path contains one of them (testFiles).
  for (const file of testFiles(__dirname)) mocha.addFile(file);
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} VS Code test(s) failed.`)) : resolve()));
    } catch (err) {
      reject(err);
    }
  });
}
