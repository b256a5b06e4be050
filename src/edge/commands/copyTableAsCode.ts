// Copy as CloudFormation / SAM / CDK (TypeScript) / Terraform: the definition that, applied, reproduces the table
// as it is now (read from DescribeTable, DescribeTimeToLive, DescribeContinuousBackups and its tags).
import * as vscode from 'vscode';
import { generateDefinition, type GeneratedKind } from '../../model/iac/generate';
import { readLiveTableModel } from '../../services/iac/liveTables';
import type { Studio } from '../studio/studio';
import { connectionOf, tableNodeFromArg } from '../ui/pickers';

const LABELS: Record<GeneratedKind, string> = {
  cloudformation: 'CloudFormation',
  sam: 'SAM',
  cdk: 'CDK (TypeScript)',
  terraform: 'Terraform',
};

async function copyAs(kind: GeneratedKind, studio: Studio, arg?: unknown): Promise<string> {
  const node = await tableNodeFromArg(studio, arg);
  const conn = connectionOf(studio, node);
  const client = await studio.pool.get(conn, node.region!);
  const model = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Reading table "{0}"', node.tableName!) }, () =>
    readLiveTableModel(client, node.tableName!),
  );
  const text = generateDefinition(kind, model);
  await vscode.env.clipboard.writeText(text);
  void vscode.window.showInformationMessage(vscode.l10n.t('Copied table "{0}" as {1} to the clipboard.', node.tableName!, LABELS[kind]));
  return text;
}

export const copyAsCloudFormation = (studio: Studio, arg?: unknown) => copyAs('cloudformation', studio, arg);
export const copyAsSam = (studio: Studio, arg?: unknown) => copyAs('sam', studio, arg);
export const copyAsCdk = (studio: Studio, arg?: unknown) => copyAs('cdk', studio, arg);
export const copyAsTerraform = (studio: Studio, arg?: unknown) => copyAs('terraform', studio, arg);
