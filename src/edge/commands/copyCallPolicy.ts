// "Copy IAM policy for this call" (a CodeLens over a DynamoDB request in code): copies the least-privilege policy
// the code checks computed and opens it as a JSON document, saying which requests it could not cover.
import * as vscode from 'vscode';
import type { PolicyDocument } from '../../model/iam/policyGenerator';
import { policyToJson } from '../../model/iam/policyGenerator';
import { StudioError } from '../../model/errors';
import type { Studio } from '../studio/studio';

interface CallPolicyArg {
  policy: PolicyDocument;
  unknown: string[];
  operation: string;
}

function isCallPolicyArg(arg: unknown): arg is CallPolicyArg {
  const a = arg as CallPolicyArg | undefined;
  return !!a && typeof a === 'object' && !!a.policy && Array.isArray(a.policy.Statement) && Array.isArray(a.unknown) && typeof a.operation === 'string';
}

export async function copyCallPolicy(_studio: Studio, arg?: unknown): Promise<void> {
  if (!isCallPolicyArg(arg)) {
    throw new StudioError('validation', 'Copy IAM Policy for This Call works from the CodeLens above a DynamoDB request in a TypeScript or JavaScript file.');
  }
  const json = policyToJson(arg.policy);
  await vscode.env.clipboard.writeText(json);
  const doc = await vscode.workspace.openTextDocument({ language: 'json', content: json });
  await vscode.window.showTextDocument(doc, { preview: true });
  const note = arg.unknown.length ? ` Not covered: ${arg.unknown.join('; ')}.` : '';
  void vscode.window.showInformationMessage(vscode.l10n.t('The least-privilege policy for this {0} is on the clipboard.{1}', arg.operation, note));
}
