// Reads a template of test/fixtures/iac the way the editor does: the file, and for Terraform its folder's other files.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readIacFile } from '../../../src/services/iac/readers';
import type { DeclaredTable, IacReadResult } from '../../../src/model/iac/tableModel';

export const IAC_FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/iac');

export async function readFixture(relative: string): Promise<IacReadResult> {
  const file = path.join(IAC_FIXTURES, relative);
  const dir = path.dirname(file);
  return readIacFile(file, fs.readFileSync(file, 'utf8'), async () =>
    fs
      .readdirSync(dir)
      .filter((n) => /\.(tf|tfvars)$/.test(n) && path.join(dir, n) !== file)
      .map((n) => ({ fileName: path.join(dir, n), text: fs.readFileSync(path.join(dir, n), 'utf8') })),
  );
}

export function tableOf(result: IacReadResult, resourceId: string): DeclaredTable {
  const t = result.tables.find((x) => x.resourceId === resourceId);
  if (!t) throw new Error(`${resourceId} not found; found ${result.tables.map((x) => x.resourceId).join(', ')}`);
  return t;
}
