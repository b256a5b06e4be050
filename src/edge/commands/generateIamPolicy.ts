// Generate IAM Policy…: pick an access level for a described table and open the policy as an untitled JSON
// document. Also the "Open Matching Policy" offer shown when a request fails with AccessDenied.
import * as vscode from 'vscode';
import type { Studio } from '../studio/studio';
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import { ACCESS_LEVELS, type AccessLevel } from '../../model/iam/actions';
import { describeAccessDenied, explainAccessDenied, policyForAccessDenied } from '../../model/iam/accessDenied';
import {
  generatePolicy,
  PER_USER_IDENTITIES,
  policyToJson,
  type PerUserIdentity,
  type PolicyDocument,
} from '../../model/iam/policyGenerator';
import { Cancelled, connectionOf, tableNodeFromArg } from '../ui/pickers';

export const OPEN_MATCHING_POLICY = 'Open Matching Policy';

async function pickAccessLevel(desc: TableDescription): Promise<AccessLevel> {
  const hasStream = !!(desc.StreamSpecification?.StreamEnabled && desc.LatestStreamArn);
  const picked = await vscode.window.showQuickPick(
    ACCESS_LEVELS.map((info) => ({
      label: info.label,
      description: info.level === 'stream-consumer' && !hasStream ? '(the table has no enabled stream)' : undefined,
      detail: info.description,
      level: info.level,
    })),
    { title: `IAM policy for ${desc.TableName ?? 'the table'}`, placeHolder: 'Access level', matchOnDetail: true, ignoreFocusOut: true },
  );
  if (!picked) throw new Cancelled();
  return picked.level;
}

async function pickPerUserIdentity(): Promise<PerUserIdentity> {
  const picked = await vscode.window.showQuickPick(
    PER_USER_IDENTITIES.map((i) => ({ label: i.label, description: i.variable, detail: i.description, identity: i.identity })),
    { title: 'Per-user rows', placeHolder: 'Whose identity must the partition key equal?', matchOnDescription: true, ignoreFocusOut: true },
  );
  if (!picked) throw new Cancelled();
  return picked.identity;
}

export async function openPolicy(policy: PolicyDocument): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ language: 'json', content: policyToJson(policy) });
  return vscode.window.showTextDocument(doc, { preview: false });
}

/**
 * Asks for an access level (unless given), generates the least-privilege policy for the described table and
 * opens it as an untitled JSON document. Throws StudioError when the level does not fit the table (a stream
 * consumer for a table without a stream) and Cancelled when a pick is dismissed.
 */
export async function generateIamPolicyForTable(desc: TableDescription, level?: AccessLevel): Promise<vscode.TextEditor> {
  const chosen = level ?? (await pickAccessLevel(desc));
  const perUserIdentity = chosen === 'per-user-rows' ? await pickPerUserIdentity() : undefined;
  return openPolicy(generatePolicy(desc, chosen, { perUserIdentity }));
}

/**
 * For an error from AWS: when it is an AccessDenied error, shows what was denied with an "Open Matching Policy"
 * button and returns true (the caller shows nothing more); otherwise returns false and shows nothing.
 */
export async function offerPolicyForAccessDenied(err: unknown, operation?: string): Promise<boolean> {
  const explanation = explainAccessDenied(err);
  if (!explanation) return false;
  const message = describeAccessDenied(explanation, operation);
  if (!explanation.action) {
    void vscode.window.showErrorMessage(message);
    return true;
  }
  // Not awaited: the notification stays until dismissed, and the failing command should finish now.
  void vscode.window.showErrorMessage(message, OPEN_MATCHING_POLICY).then(async (choice) => {
    if (choice !== OPEN_MATCHING_POLICY) return;
    try {
      await openPolicy(policyForAccessDenied(explanation).policy);
    } catch (openErr) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t('Opening the matching policy failed: {0}', openErr instanceof Error ? openErr.message : String(openErr)),
      );
    }
  });
  return true;
}

/** The command: Generate IAM Policy… on a table node, or from the palette with a table picker. */
export async function generateIamPolicy(studio: Studio, arg?: unknown): Promise<void> {
  const node = await tableNodeFromArg(studio, arg);
  const desc = await studio.model.describe(connectionOf(studio, node), node.region!, node.tableName!);
  await generateIamPolicyForTable(desc);
}
