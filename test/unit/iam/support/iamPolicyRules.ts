// Checks an identity-based IAM policy for DynamoDB against the service's action list, resource ARN formats and
// condition keys kept in test/fixtures/iam. Independent of src/core/iam on purpose: it is the yardstick.
import * as fs from 'node:fs';
import * as path from 'node:path';

interface ActionInfo {
  accessLevel: string;
  resourceTypes: string[];
  conditionKeys: string[];
}

interface ConditionKeyInfo {
  type: string;
  values?: string[];
}

export interface ServiceReference {
  servicePrefix: string;
  actions: Record<string, ActionInfo>;
  resourceTypes: Record<string, string>;
  partitions: string[];
  serviceConditionKeys: Record<string, ConditionKeyInfo>;
  globalConditionKeys: Record<string, ConditionKeyInfo>;
  policyVariables: string[];
}

/** The fixtures folder in the source tree (tests run from out/test/..., fixtures are not compiled). */
export const IAM_FIXTURES_DIR = path.resolve(__dirname, '../../../../../test/fixtures/iam');

export function loadServiceReference(): ServiceReference {
  return JSON.parse(fs.readFileSync(path.join(IAM_FIXTURES_DIR, 'dynamodb-service-reference.json'), 'utf8')) as ServiceReference;
}

const OPERATORS = [
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike',
];
const OPERATOR = new RegExp(`^(?:(ForAllValues|ForAnyValue):)?(${OPERATORS.join('|')}|Null)(IfExists)?$`);

const REGION = '(?:[a-z]{2}(?:-[a-z]+)+-\\d+|ddblocal)';
const NAME_CHARS: Record<string, string> = {
  TableName: '[A-Za-z0-9_.*?-]+',
  GlobalTableName: '[A-Za-z0-9_.*?-]+',
  IndexName: '[A-Za-z0-9_.*?-]+',
  StreamLabel: '[A-Za-z0-9:._*?-]+',
  BackupName: '[A-Za-z0-9_.*?-]+',
  ExportName: '[A-Za-z0-9_.*?-]+',
  ImportName: '[A-Za-z0-9_.*?-]+',
};

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const wildcardRegex = (pattern: string) =>
  new RegExp(`^${pattern.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : escapeRegex(c))).join('')}$`, 'i');

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);

export class IamPolicyRules {
  private readonly resourcePatterns: { type: string; regex: RegExp }[];
  private readonly actionNames: string[];

  constructor(readonly ref: ServiceReference = loadServiceReference()) {
    this.actionNames = Object.keys(ref.actions);
    const partitions = `(?:${ref.partitions.map(escapeRegex).join('|')})`;
    this.resourcePatterns = Object.entries(ref.resourceTypes).map(([type, template]) => {
      const source = template
        .split(/(\$\{[A-Za-z]+\})/)
        .map((part) => {
          const variable = /^\$\{([A-Za-z]+)\}$/.exec(part)?.[1];
          if (!variable) return escapeRegex(part);
          if (variable === 'Partition') return partitions;
          if (variable === 'Region') return REGION;
          if (variable === 'Account') return '\\d{12}';
          return NAME_CHARS[variable] ?? '[^/]+';
        })
        .join('');
      return { type, regex: new RegExp(`^${source}$`) };
    });
  }

  /** The DynamoDB actions an action pattern names ("dynamodb:Get*" → GetItem, GetRecords, ...). */
  expandAction(pattern: string): string[] {
    const m = /^([^:]+):(.+)$/.exec(pattern);
    if (!m || m[1].toLowerCase() !== this.ref.servicePrefix) return [];
    const re = wildcardRegex(m[2]);
    return this.actionNames.filter((a) => re.test(a));
  }

  /** The resource type of a DynamoDB ARN (table, index, stream, ...), or undefined when it has no known shape. */
  resourceType(arn: string): string | undefined {
    return this.resourcePatterns.find((p) => p.regex.test(arn))?.type;
  }

  private conditionKey(key: string): ConditionKeyInfo | undefined {
    const { serviceConditionKeys: svc, globalConditionKeys: global } = this.ref;
    if (svc[key]) return svc[key];
    const ci = Object.keys(global).find((k) => k.toLowerCase() === key.toLowerCase());
    if (ci) return global[ci];
    const tag = /^aws:(RequestTag|ResourceTag|PrincipalTag)\/.+$/.exec(key);
    if (tag) return svc[`aws:${tag[1]}/\${TagKey}`] ?? global[`aws:${tag[1]}/\${TagKey}`];
    return undefined;
  }

  /** Problems with policy variables and leftover snippet syntax in one string. */
  private checkText(where: string, text: string): string[] {
    const problems: string[] = [];
    if (/\\\$/.test(text)) problems.push(`${where}: "${text}" still holds an escaped "\\$".`);
    if (/\$\d|\$\{\d/.test(text)) problems.push(`${where}: "${text}" still holds a snippet tab stop.`);
    for (const m of text.matchAll(/\$\{([^}]*)\}/g)) {
      const variable = m[1];
      const known = this.ref.policyVariables.includes(variable) || /^aws:PrincipalTag\/.+$/.test(variable);
      if (!known) problems.push(`${where}: \${${variable}} is not an IAM policy variable.`);
    }
    return problems;
  }

  /** Every problem found in the policy; an empty list means it is valid. */
  check(policy: unknown): string[] {
    const problems: string[] = [];
    if (!policy || typeof policy !== 'object' || Array.isArray(policy)) return ['The policy is not a JSON object.'];
    const doc = policy as Record<string, unknown>;
    for (const key of Object.keys(doc)) {
      if (!['Version', 'Id', 'Statement'].includes(key)) problems.push(`Unknown top-level element "${key}".`);
    }
    if (doc.Version !== '2012-10-17') problems.push(`Version must be "2012-10-17", found ${JSON.stringify(doc.Version)}.`);
    if (!Array.isArray(doc.Statement) || doc.Statement.length === 0) {
      problems.push('Statement must be a non-empty list.');
      return problems;
    }
    const sids = new Set<string>();
    doc.Statement.forEach((st, i) => problems.push(...this.checkStatement(st, `Statement[${i}]`, sids)));
    return problems;
  }

  private checkStatement(statement: unknown, where: string, sids: Set<string>): string[] {
    const problems: string[] = [];
    if (!statement || typeof statement !== 'object' || Array.isArray(statement)) return [`${where} is not an object.`];
    const st = statement as Record<string, unknown>;
    for (const key of Object.keys(st)) {
      if (!['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'].includes(key)) {
        problems.push(`${where}: "${key}" is not allowed in an identity-based policy statement.`);
      }
    }
    if (st.Sid !== undefined) {
      if (typeof st.Sid !== 'string' || !/^[A-Za-z0-9]+$/.test(st.Sid)) problems.push(`${where}: Sid must be letters and digits only.`);
      else if (sids.has(st.Sid)) problems.push(`${where}: Sid "${st.Sid}" is used twice.`);
      else sids.add(st.Sid);
    }
    if (st.Effect !== 'Allow' && st.Effect !== 'Deny') problems.push(`${where}: Effect must be "Allow" or "Deny".`);
    if ((st.Action === undefined) === (st.NotAction === undefined)) problems.push(`${where}: needs exactly one of Action or NotAction.`);
    if ((st.Resource === undefined) === (st.NotResource === undefined)) problems.push(`${where}: needs exactly one of Resource or NotResource.`);

    // Actions
    const actionField = st.Action !== undefined ? 'Action' : 'NotAction';
    const actionValues = asList(st[actionField]);
    const actions = new Set<string>();
    if (actionValues.length === 0) problems.push(`${where}: ${actionField} is empty.`);
    for (const a of actionValues) {
      if (typeof a !== 'string') {
        problems.push(`${where}: ${actionField} holds a non-string ${JSON.stringify(a)}.`);
        continue;
      }
      const expanded = this.expandAction(a);
      if (expanded.length === 0) problems.push(`${where}: "${a}" is not a DynamoDB action (service prefix ${this.ref.servicePrefix}:).`);
      expanded.forEach((x) => actions.add(x));
    }
    if (new Set(actionValues).size !== actionValues.length) problems.push(`${where}: ${actionField} lists an action twice.`);

    // Resources
    const resourceField = st.Resource !== undefined ? 'Resource' : 'NotResource';
    const resourceValues = asList(st[resourceField]);
    const resourceTypes: (string | '*')[] = [];
    if (resourceValues.length === 0) problems.push(`${where}: ${resourceField} is empty.`);
    for (const r of resourceValues) {
      if (typeof r !== 'string') {
        problems.push(`${where}: ${resourceField} holds a non-string ${JSON.stringify(r)}.`);
        continue;
      }
      problems.push(...this.checkText(`${where}.${resourceField}`, r));
      if (r === '*') {
        resourceTypes.push('*');
        continue;
      }
      const type = this.resourceType(r);
      if (!type) problems.push(`${where}: "${r}" is not a DynamoDB resource ARN of a known shape.`);
      else resourceTypes.push(type);
    }
    if (new Set(resourceValues).size !== resourceValues.length) problems.push(`${where}: ${resourceField} lists a resource twice.`);

    // Each action must apply to a resource of the statement, and each resource must be used by an action.
    if (actionField === 'Action' && resourceField === 'Resource' && actions.size > 0) {
      const hasStar = resourceTypes.includes('*');
      for (const action of actions) {
        const accepted = this.ref.actions[action].resourceTypes;
        if (hasStar) continue;
        if (accepted.length === 0) problems.push(`${where}: dynamodb:${action} only accepts Resource "*".`);
        else if (!resourceTypes.some((t) => accepted.includes(t))) {
          problems.push(`${where}: dynamodb:${action} applies to ${accepted.join(' or ')}, and no resource of the statement is one.`);
        }
      }
      resourceTypes.forEach((type, i) => {
        if (type === '*') {
          const resourceLevel = [...actions].filter((a) => this.ref.actions[a].resourceTypes.length > 0);
          if (st.Effect === 'Allow' && resourceLevel.length > 0 && resourceTypes.length === 1 && actionValues.every((a) => !String(a).includes('*'))) {
            problems.push(`${where}: Resource "*" grants ${resourceLevel.map((a) => `dynamodb:${a}`).join(', ')} on every table; name the resources.`);
          }
          return;
        }
        if (![...actions].some((a) => this.ref.actions[a].resourceTypes.includes(type))) {
          problems.push(`${where}: resource ${String(resourceValues[i])} (${type}) is not used by any action of the statement.`);
        }
      });
    }

    // Conditions
    if (st.Condition !== undefined) problems.push(...this.checkCondition(st.Condition, where, actionField === 'Action' ? actions : undefined));
    return problems;
  }

  private checkCondition(condition: unknown, where: string, actions: Set<string> | undefined): string[] {
    const problems: string[] = [];
    if (!condition || typeof condition !== 'object' || Array.isArray(condition)) return [`${where}: Condition must be an object.`];
    for (const [operator, block] of Object.entries(condition as Record<string, unknown>)) {
      const op = OPERATOR.exec(operator);
      if (!op) {
        problems.push(`${where}: "${operator}" is not a condition operator.`);
        continue;
      }
      const [, setOperator, baseOperator, ifExists] = op;
      if (!block || typeof block !== 'object' || Array.isArray(block) || Object.keys(block).length === 0) {
        problems.push(`${where}: ${operator} must map condition keys to values.`);
        continue;
      }
      for (const [key, value] of Object.entries(block as Record<string, unknown>)) {
        const at = `${where}.Condition.${operator}.${key}`;
        const info = this.conditionKey(key);
        if (!info) {
          problems.push(`${at}: "${key}" is not a DynamoDB or global condition key.`);
          continue;
        }
        const multivalued = info.type.startsWith('ArrayOf');
        if (multivalued && !setOperator && baseOperator !== 'Null') {
          problems.push(`${at}: ${key} is multivalued; use ForAllValues: or ForAnyValue: with ${baseOperator}.`);
        }
        if (!multivalued && setOperator) problems.push(`${at}: ${key} is single-valued; ${setOperator}: does not apply to it.`);
        // A dynamodb: key an action does not carry is missing: ForAllValues then matches anything (a hole),
        // other operators never match (a dead grant). Only ...IfExists states that absence is fine.
        if (key.startsWith('dynamodb:') && actions && !ifExists) {
          for (const action of actions) {
            if (!this.ref.actions[action].conditionKeys.includes(key)) {
              problems.push(`${at}: dynamodb:${action} does not support ${key}.`);
            }
          }
        }
        const values = asList(value);
        if (values.length === 0) problems.push(`${at}: no values.`);
        for (const v of values) {
          if (!['string', 'boolean', 'number'].includes(typeof v)) {
            problems.push(`${at}: ${JSON.stringify(v)} is not a condition value.`);
            continue;
          }
          if (typeof v === 'string') problems.push(...this.checkText(at, v));
          if ((baseOperator === 'Bool' || baseOperator === 'Null') && !['true', 'false', true, false].includes(v as string | boolean)) {
            problems.push(`${at}: ${baseOperator} needs true or false, found ${JSON.stringify(v)}.`);
          }
          if (info.values && /^String(Not)?Equals/.test(baseOperator) && !info.values.includes(String(v))) {
            problems.push(`${at}: ${JSON.stringify(v)} is not one of ${info.values.join(', ')}.`);
          }
        }
      }
    }
    return problems;
  }

  /** True when the policy has an Allow statement that grants `action` on `resource` (wildcards in either). */
  allows(policy: { Statement: { Effect: string; Action?: unknown; Resource?: unknown }[] }, action: string, resource: string): boolean {
    return policy.Statement.some(
      (st) =>
        st.Effect === 'Allow' &&
        asList(st.Action).some((a) => typeof a === 'string' && wildcardRegex(a).test(action)) &&
        asList(st.Resource).some((r) => typeof r === 'string' && wildcardRegex(r).test(resource)),
    );
  }
}
