// The IaC readers behind one call: which kind of file this is and the tables it declares. This module and the
// parsers it pulls in (yaml, the HCL WebAssembly) are a separate bundle (dist/iacReaders.js), loaded only when a
// template or .tf file is opened.
import { mayDeclareTables } from '../../model/iac/detect';
import type { IacReadResult } from '../../model/iac/tableModel';
import { readCloudFormation } from './cloudFormation';
import { readTerraform, type TerraformSource } from './terraform';

export type { TerraformSource } from './terraform';

/**
 * Reads the tables a file declares. `neighbours` gives the other .tf/.tfvars files of a Terraform file's folder
 * (asked for only when the file is Terraform).
 */
export async function readIacFile(fileName: string, text: string, neighbours?: () => Promise<TerraformSource[]>): Promise<IacReadResult> {
  const terraform = /\.tf$/i.test(fileName);
  if (!mayDeclareTables(fileName, text)) return { kind: terraform ? 'terraform' : undefined, tables: [], problems: [] };
  if (terraform) return readTerraform({ fileName, text }, neighbours ? await neighbours() : []);
  return readCloudFormation(text, fileName);
}
