// Generate IAM Policy…: pick an access level for a described table and open the policy as an untitled JSON
// document named after the table and the level, with an offer to save it (and, from DynamoDB Local, a word on its
// ddblocal region and 000000000000 account). Also the "Open Matching Policy" offer shown when a request fails with
// AccessDenied.
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

/** What DynamoDB Local puts in its ARNs instead of a region and an account. */
const LOCAL_ARN = /^arn:aws:dynamodb:ddblocal:000000000000:/;

/**
 * `<name>.policy.json` (the name that gets the IAM policy schema's completion and validation), or
 * `<name>-2.policy.json`… when the workspace already has a file of that name.
 */
async function freePolicyUri(folder: vscode.Uri, name: string): Promise<vscode.Uri> {
  for (let n = 1; ; n++) {
    const candidate = vscode.Uri.joinPath(folder, `${name}${n === 1 ? '' : `-${n}`}.policy.json`);
    try {
      await vscode.workspace.fs.stat(candidate);
    } catch {
      return candidate;
    }
  }
}

/**
 * Opens the policy as an unsaved JSON document. With a `name` (e.g. "Orders-read-only", opened as Orders-read-only.policy.json) and a workspace
 * folder, the document carries that name and Save writes it there without asking for a path.
 */
export async function openPolicy(policy: PolicyDocument, name?: string): Promise<vscode.TextEditor> {
  const content = policyToJson(policy);
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!name || !folder) {
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content });
    return vscode.window.showTextDocument(doc, { preview: false });
  }
  const target = await freePolicyUri(folder, name);
  const doc = await vscode.workspace.openTextDocument(target.with({ scheme: 'untitled' }));
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  await editor.edit((edit) => edit.replace(new vscode.Range(0, 0, doc.lineCount, 0), content));
  return editor;
}

/** Says what was opened, warns when the ARNs are DynamoDB Local's, and offers to save (not awaited). */
function offerToSave(editor: vscode.TextEditor, desc: TableDescription): void {
  const doc = editor.document;
  const fileName = doc.uri.path.split('/').pop() ?? '';
  const local = LOCAL_ARN.test(desc.TableArn ?? '');
  const parts = [vscode.l10n.t('IAM policy for {0} opened as {1}.', desc.TableName ?? '', fileName)];
  if (local) {
    parts.push(
      vscode.l10n.t(
        'It comes from DynamoDB Local, so its ARNs use the region "ddblocal" and the account "000000000000": replace them with your AWS region and account ID before you attach it in AWS.',
      ),
    );
  }
  const save = vscode.l10n.t('Save');
  void vscode.window.showInformationMessage(parts.join(' '), save).then(async (choice) => {
    if (choice !== save || doc.isClosed) return;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const saved = await doc.save();
    if (!saved) {
      void vscode.window.showWarningMessage(vscode.l10n.t('{0} was not saved.', fileName));
      return;
    }
    // An untitled document with a path is saved to that path and its editor closes: show the saved file instead.
    if (doc.uri.scheme === 'untitled' && folder) {
      await vscode.window.showTextDocument(doc.uri.with({ scheme: folder.scheme, authority: folder.authority }), { preview: false });
    }
  });
}

/**
 * Asks for an access level (unless given), generates the least-privilege policy for the described table and
 * opens it as an untitled JSON document. Throws StudioError when the level does not fit the table (a stream
 * consumer for a table without a stream) and Cancelled when a pick is dismissed.
 */
export async function generateIamPolicyForTable(desc: TableDescription, level?: AccessLevel): Promise<vscode.TextEditor> {
  const chosen = level ?? (await pickAccessLevel(desc));
  const perUserIdentity = chosen === 'per-user-rows' ? await pickPerUserIdentity() : undefined;
  const editor = await openPolicy(generatePolicy(desc, chosen, { perUserIdentity }), `${desc.TableName ?? 'table'}-${chosen}`);
  offerToSave(editor, desc);
  return editor;
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
