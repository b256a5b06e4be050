import { explainAccessDenied, policyForAccessDenied } from '../../model/iam/accessDenied';
import { StudioError } from '../../model/errors';
import type { ExplorerNode } from '../tree/model';
import type { Studio } from '../studio/studio';
import { openPolicy } from './generateIamPolicy';

/** On an AccessDenied error node: opens the least-privilege policy that would allow the denied request. */
export async function openMatchingPolicy(_studio: Studio, arg?: unknown): Promise<void> {
  const explanation = explainAccessDenied((arg as ExplorerNode | undefined)?.error);
  if (!explanation?.action) {
    throw new StudioError('validation', 'This error does not name a denied action, so no matching policy can be built.', {
      hint: 'Use Generate IAM Policy… on a table instead.',
    });
  }
  await openPolicy(policyForAccessDenied(explanation).policy);
}
