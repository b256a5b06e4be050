// The IaC readers behind one call: which kind of file this is and the tables it declares. This module and the
// parsers it pulls in (yaml, the HCL WebAssembly) are a separate bundle (dist/iacReaders.js), loaded only when a
// template or .tf file is opened.
import type { IacReadResult } from '../../model/iac/tableModel';
import { looksLikeCloudFormation, readCloudFormation } from './cloudFormation';
import { looksLikeTerraformTable, readTerraform, type TerraformSource } from './terraform';

export type { TerraformSource } from './terraform';

/** Cheap test on a file's name and text: might it declare a DynamoDB table? */
export function mayDeclareTables(fileName: string, text: string): boolean {
  if (/\.tf$/i.test(fileName)) return looksLikeTerraformTable(text);
  if (/\.(ya?ml|json|template)$/i.test(fileName)) return looksLikeCloudFormation(text);
  return false;
}

/**
 * Reads the tables a file declares. `neighbours` gives the other .tf/.tfvars files of a Terraform file's folder
 * (asked for only when the file is Terraform).
 */
export async function readIacFile(fileName: string, text: string, neighbours?: () => Promise<TerraformSource[]>): Promise<IacReadResult> {
  if (/\.tf$/i.test(fileName)) {
    if (!looksLikeTerraformTable(text)) return { kind: 'terraform', tables: [], problems: [] };
    return readTerraform({ fileName, text }, neighbours ? await neighbours() : []);
  }
  if (!looksLikeCloudFormation(text)) return { kind: undefined, tables: [], problems: [] };
  return readCloudFormation(text, fileName);
}
