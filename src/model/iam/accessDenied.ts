// Reads AWS AccessDenied messages ("User: ... is not authorized to perform: ACTION on resource: ARN because ...")
// into their parts, so the extension can say what was denied and offer a policy that allows it.
import { StudioError } from '../errors';
import { LEVEL_GRANTS, suggestAccessLevel, type AccessLevel } from './actions';
import {
  generateActionPolicy,
  generatePolicy,
  resourceKindOf,
  tableDescriptionFromArn,
  type PolicyDocument,
} from './policyGenerator';

export interface AccessDeniedExplanation {
  /** The caller, e.g. arn:aws:iam::123456789012:user/dev or arn:aws:sts::123456789012:assumed-role/Role/session. */
  principal?: string;
  /** The denied action, e.g. dynamodb:Scan. */
  action?: string;
  /** The resource the action was denied on, e.g. a table, index or stream ARN. */
  resource?: string;
  /** Why, as AWS put it: "no identity-based policy allows the dynamodb:Scan action", "an explicit deny in ...". */
  reason?: string;
  /** "explicit": a Deny statement matched, and no Allow can override it; "implicit": nothing allowed the action. */
  denyKind?: 'explicit' | 'implicit';
  /** The kind of policy that denied it, e.g. "identity-based policy", "service control policy". */
  policyType?: string;
  /** The ARN of the denying policy, when AWS names it. */
  policyArn?: string;
  /** The narrowest generator level that grants the action, or undefined when none does. */
  suggestedLevel: AccessLevel | undefined;
}

const ACCOUNT_WIDE_ACTIONS = new Set(Object.values(LEVEL_GRANTS).flatMap((g) => g.any ?? []).map((a) => a.toLowerCase()));

const ACCESS_DENIED_CODES = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation']);

const DENIED_MESSAGE =
  /(?:User|Principal):\s*(\S+)\s+is not authorized to perform:\s*([A-Za-z0-9-]+:[A-Za-z0-9*]+)(?:\s+on resources?:\s*(\S+?))?(?:\s+(because\s+.*|with an explicit deny.*))?\s*$/s;

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  Message?: unknown;
  awsCode?: unknown;
  cause?: unknown;
}

/** The AccessDenied error itself: the error, or one of its causes (a StudioError wraps the SDK's). */
function findAccessDenied(err: unknown): { code: string; message: string } | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const e = current as ErrorLike;
    const code = [e.name, e.code, e.awsCode].find((c): c is string => typeof c === 'string' && ACCESS_DENIED_CODES.has(c));
    const message = typeof e.message === 'string' && e.message ? e.message : typeof e.Message === 'string' ? e.Message : '';
    if (code || DENIED_MESSAGE.test(message)) return { code: code ?? 'AccessDeniedException', message };
    current = e.cause;
  }
  return undefined;
}

/** True when the error (or its cause) is an AWS AccessDenied error. */
export function isAccessDenied(err: unknown): boolean {
  return findAccessDenied(err) !== undefined;
}

function parseReason(reason: string): Pick<AccessDeniedExplanation, 'denyKind' | 'policyType' | 'policyArn'> {
  const explicit = /with an explicit deny in (?:an?\s+)?(.+?)(?::\s*(arn:\S+?))?\.?$/s.exec(reason);
  if (explicit) return { denyKind: 'explicit', policyType: explicit[1].trim(), policyArn: explicit[2] };
  const implicit = /because no (.+?) allows the /s.exec(reason);
  if (implicit) return { denyKind: 'implicit', policyType: implicit[1].trim() };
  return {};
}

/**
 * The parts of an AccessDenied error: principal, action, resource and reason, plus the access level that would
 * grant the action. Returns undefined when the error is not an AccessDenied error.
 */
export function explainAccessDenied(err: unknown): AccessDeniedExplanation | undefined {
  const found = findAccessDenied(err);
  if (!found) return undefined;
  const m = DENIED_MESSAGE.exec(found.message);
  if (!m) return { suggestedLevel: undefined };
  const [, principal, action, rawResource, rawReason] = m;
  // A message without a reason ends right after the ARN, sometimes with a sentence's full stop.
  const resource = rawResource && !rawReason ? rawResource.replace(/\.$/, '') : rawResource;
  const reason = rawReason?.trim().replace(/^because\s+/, '').replace(/\.$/, '');
  const kind = resource ? resourceKindOf(resource) : undefined;
  return {
    principal,
    action,
    resource,
    reason,
    ...(rawReason ? parseReason(rawReason.trim()) : {}),
    suggestedLevel: action ? suggestAccessLevel(action, kind) : undefined,
  };
}

/** A message for people: what was denied, why, and what to do. */
export function describeAccessDenied(explanation: AccessDeniedExplanation, operation?: string): string {
  const what = operation ? `${operation} failed: access denied` : 'Access denied';
  if (!explanation.action) {
    return `${what}. The identity in use lacks an IAM permission for this request; ask for it or use another profile.`;
  }
  const on = explanation.resource ? ` on ${explanation.resource}` : '';
  const who = explanation.principal ? ` ${explanation.principal} may not` : ' The identity in use may not';
  if (explanation.denyKind === 'explicit') {
    const where = explanation.policyType ? ` in a ${explanation.policyType.replace(/^an?\s+/, '')}` : '';
    const arn = explanation.policyArn ? ` (${explanation.policyArn})` : '';
    return `${what}.${who} perform ${explanation.action}${on}: an explicit deny${where}${arn} blocks it, and no allow statement can override that. Ask the owner of that policy to lift the deny.`;
  }
  const because = explanation.policyType ? `: no ${explanation.policyType} allows it` : '';
  return `${what}.${who} perform ${explanation.action}${on}${because}. Attach a policy that allows it (Open Matching Policy shows one).`;
}

/**
 * The policy that would allow the denied request: the generator's policy for the suggested level when the
 * resource is a table (or its index or stream), otherwise a one-statement policy for the action and resource.
 */
export function policyForAccessDenied(explanation: AccessDeniedExplanation): { policy: PolicyDocument; level?: AccessLevel } {
  if (!explanation.action) {
    throw new StudioError('validation', 'Cannot build a matching policy: the AccessDenied message does not name the denied action.', {
      hint: 'Look up the action the request needs in the AWS Service Authorization Reference for DynamoDB.',
    });
  }
  const level = explanation.suggestedLevel;
  const desc = explanation.resource ? tableDescriptionFromArn(explanation.resource) : undefined;
  // A stream action denied on a table ARN gives no stream to point at: then allow just that action.
  const usable = desc && (level !== 'stream-consumer' || desc.LatestStreamArn);
  if (level && desc && usable) return { policy: generatePolicy(desc, level), level };
  // Actions without resource-level permissions (ListTables, ListStreams, ...) only match Resource "*".
  const resource = ACCOUNT_WIDE_ACTIONS.has(explanation.action.toLowerCase()) ? '*' : explanation.resource;
  return { policy: generateActionPolicy(explanation.action, resource) };
}
