// The layer rules of eslint.config.mjs catch wrong-floor imports: each case lints a one-line file placed in a floor
// (lintText with a path inside src/, so relative imports resolve against the real tree) and expects the rule that
// should object to it. The whole of src/ is linted by `npm run lint`, which `npm test` runs before the layers.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint } from 'eslint';

const root = path.resolve(__dirname, '../../..');

interface Case {
  /** Where the probe file stands, relative to the repository. */
  file: string;
  source: string;
  /** The rule that must report it, or undefined when the import is allowed. */
  rule?: string;
}

const CASES: Case[] = [
  { file: 'src/model/probe.ts', source: "import { Studio } from '../edge/studio/studio';\nexport const x = Studio;", rule: 'import-x/no-restricted-paths' },
  { file: 'src/model/probe.ts', source: "import { runPage } from '../services/query/runner';\nexport const x = runPage;", rule: 'import-x/no-restricted-paths' },
  { file: 'src/model/probe.ts', source: "import * as vscode from 'vscode';\nexport const x = vscode;", rule: '@typescript-eslint/no-restricted-imports' },
  { file: 'src/model/probe.ts', source: "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;", rule: '@typescript-eslint/no-restricted-imports' },
  { file: 'src/model/probe.ts', source: "import { ScanCommand } from '@aws-sdk/client-dynamodb';\nexport const x = ScanCommand;", rule: '@typescript-eslint/no-restricted-imports' },
  { file: 'src/model/probe.ts', source: "import type { TableDescription } from '@aws-sdk/client-dynamodb';\nexport type X = TableDescription;" },
  { file: 'src/model/probe.ts', source: "import { parsePath } from './query/pathParser';\nexport const x = parsePath;" },
  { file: 'src/services/probe.ts', source: "import * as vscode from 'vscode';\nexport const x = vscode;", rule: '@typescript-eslint/no-restricted-imports' },
  { file: 'src/services/probe.ts', source: "import { ReadyMessage } from '../protocol/messages';\nexport const x = ReadyMessage;", rule: 'import-x/no-restricted-paths' },
  { file: 'src/protocol/probe.ts', source: "import { runPage } from '../services/query/runner';\nexport const x = runPage;", rule: 'import-x/no-restricted-paths' },
  { file: 'src/webview-ui/tableViewer/probe.ts', source: "import { runPage } from '../../services/query/runner';\nexport const x = runPage;", rule: 'import-x/no-restricted-paths' },
  { file: 'src/webview-ui/tableViewer/probe.ts', source: "import { Studio } from '../../edge/studio/studio';\nexport const x = Studio;", rule: 'import-x/no-restricted-paths' },
  { file: 'src/webview-ui/tableViewer/probe.ts', source: "import { ReadyMessage } from '../../protocol/messages';\nexport const x = ReadyMessage;" },
  // Inside the edge a folder imports only lower-ranked folders: tree is below commands, never the other way.
  { file: 'src/edge/tree/probe.ts', source: "import { registerCommands } from '../commands';\nexport const x = registerCommands;", rule: 'import-x/no-restricted-paths' },
  { file: 'src/edge/guard/probe.ts', source: "import { Studio } from '../studio/studio';\nexport const x = Studio;", rule: 'import-x/no-restricted-paths' },
  { file: 'src/edge/commands/probe.ts', source: "import { ExplorerModel } from '../tree/model';\nexport const x = ExplorerModel;" },
];

describe('layer rules (eslint.config.mjs)', function () {
  this.timeout(120_000);
  let eslint: ESLint;
  before(() => {
    eslint = new ESLint({ cwd: root });
  });

  for (const c of CASES) {
    const what = c.source.split('\n')[0];
    it(`${c.rule ? 'refuses' : 'allows'} in ${c.file}: ${what}`, async () => {
      const [result] = await eslint.lintText(c.source, { filePath: path.join(root, c.file) });
      const rules = result.messages.map((m) => m.ruleId ?? `parse error: ${m.message}`);
      if (c.rule) assert.ok(rules.includes(c.rule), `expected ${c.rule}, got ${JSON.stringify(result.messages.map((m) => `${m.ruleId}: ${m.message}`))}`);
      else assert.deepEqual(rules, [], `expected no problems, got ${JSON.stringify(result.messages.map((m) => `${m.ruleId}: ${m.message}`))}`);
    });
  }
});
