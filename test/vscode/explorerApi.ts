// Access to the running extension's test API and tree navigation by label, shared by the VS Code tests.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../src/edge/base/constants';

export type { ExplorerNodeSummary as NodeSummary, DynamoDbStudioApi as StudioApi } from '../../src/edge/extension';
import type { DynamoDbStudioApi as StudioApi, ExplorerNodeSummary as NodeSummary } from '../../src/edge/extension';

/** Tables that scripts/seed.js creates in the DynamoDB Local the harness started. */
export const SEEDED_TABLES = ['CustomerOrders', 'DevOpsProjects'];
/** Profiles of test/fixtures/aws/six-kinds/config, which the harness points AWS_CONFIG_FILE at. */
export const FIXTURE_PROFILES = ['assume-admin', 'broken', 'local-endpoint', 'process-ci', 'sso-dev', 'static-dev'];

export function studioExtension(): vscode.Extension<StudioApi> {
  const ext = vscode.extensions.getExtension<StudioApi>(EXTENSION_ID);
  assert.ok(ext, `Extension ${EXTENSION_ID} is not loaded in this VS Code.`);
  return ext;
}

export async function studioApi(): Promise<StudioApi> {
  return studioExtension().activate();
}

const describeNodes = (nodes: NodeSummary[]): string =>
  nodes.map((n) => `${n.label} [${n.id}] (${n.contextValue})${n.description ? ` ${n.description}` : ''}`).join('; ') || 'none';

/** The child of `parentId` (root when undefined) with this label; fails listing what is there instead. */
export async function childByLabel(api: StudioApi, parentId: string | undefined, label: string): Promise<NodeSummary> {
  const children = await api.explorer.getChildren(parentId);
  const found = children.find((n) => n.label === label);
  assert.ok(found, `No "${label}" under ${parentId ?? 'the explorer root'}; children: ${describeNodes(children)}`);
  return found;
}

/** Labels of the table nodes below a region node. */
export async function tableLabels(api: StudioApi, regionId: string): Promise<string[]> {
  const children = await api.explorer.getChildren(regionId);
  const errors = children.filter((n) => /\berror\b/.test(n.contextValue));
  assert.deepStrictEqual(errors, [], `Listing tables of ${regionId} gave error nodes: ${describeNodes(errors)}`);
  return children.filter((n) => /\btable\b/.test(n.contextValue)).map((n) => n.label);
}

/** Polls until `probe` returns a value (not undefined) or the time is up; then fails with `what`. */
export async function eventually<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) assert.fail(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Adds an endpoint connection to the workspace's settings; returns what puts the setting back as it was. */
export async function addEndpointConnection(name: string, endpoint: string, region = 'us-east-1'): Promise<() => Promise<void>> {
  const config = vscode.workspace.getConfiguration();
  const original = config.inspect<unknown[]>('dynamodbStudio.customEndpoints')?.workspaceValue;
  await config.update('dynamodbStudio.customEndpoints', [...((original as unknown[] | undefined) ?? []), { name, endpoint, region }], vscode.ConfigurationTarget.Workspace);
  return async () => {
    await config.update('dynamodbStudio.customEndpoints', original, vscode.ConfigurationTarget.Workspace);
  };
}
