// The least-privilege IAM policy for one DynamoDB call found in code: exactly the actions the call's requests
// need (PartiQL statements map to the PartiQL actions of their verb), each on the table or index ARN it touches.
import type { PolicyDocument, PolicyStatement } from './policyGenerator';

export interface CallRequest {
  /** Query, Scan, GetItem, PutItem…, inner transaction kinds Put/Update/Delete/ConditionCheck/Get, ExecuteStatement. */
  operation: string;
  /** The API operation of the whole call (BatchWriteItem for its inner requests). */
  callOperation: string;
  table?: string;
  index?: string;
  /** For PartiQL: the statement's verb. */
  verb?: string;
}

const ACTION_OF: Record<string, string> = {
  Query: 'dynamodb:Query',
  Scan: 'dynamodb:Scan',
  GetItem: 'dynamodb:GetItem',
  Get: 'dynamodb:GetItem',
  PutItem: 'dynamodb:PutItem',
  Put: 'dynamodb:PutItem',
  UpdateItem: 'dynamodb:UpdateItem',
  Update: 'dynamodb:UpdateItem',
  DeleteItem: 'dynamodb:DeleteItem',
  Delete: 'dynamodb:DeleteItem',
  ConditionCheck: 'dynamodb:ConditionCheckItem',
  BatchWriteItem: 'dynamodb:BatchWriteItem',
  BatchGetItem: 'dynamodb:BatchGetItem',
};

const PARTIQL_ACTION: Record<string, string> = {
  SELECT: 'dynamodb:PartiQLSelect',
  INSERT: 'dynamodb:PartiQLInsert',
  UPDATE: 'dynamodb:PartiQLUpdate',
  DELETE: 'dynamodb:PartiQLDelete',
  EXISTS: 'dynamodb:PartiQLSelect',
};

function actionOf(r: CallRequest): string | undefined {
  if (r.operation === 'ExecuteStatement') return r.verb ? PARTIQL_ACTION[r.verb] : undefined;
  if (r.callOperation === 'BatchWriteItem' || r.callOperation === 'BatchGetItem') return ACTION_OF[r.callOperation];
  return ACTION_OF[r.operation];
}

/**
 * One statement per resource with the actions it needs. `arnOf(table)` gives the table's ARN (the live one when
 * known). Requests whose table is not known from the code are listed in `unknown` instead of widening to "*".
 */
export function callPolicy(requests: CallRequest[], arnOf: (table: string) => string): { policy: PolicyDocument; unknown: string[] } {
  const byResource = new Map<string, Set<string>>();
  const unknown: string[] = [];
  for (const r of requests) {
    const action = actionOf(r);
    if (!action) {
      unknown.push(`${r.operation}: the statement's verb is not known`);
      continue;
    }
    if (!r.table) {
      unknown.push(`${r.operation}: the table name is computed at run time`);
      continue;
    }
    const tableArn = arnOf(r.table);
    const resource = r.index ? `${tableArn}/index/${r.index}` : tableArn;
    const actions = byResource.get(resource) ?? new Set<string>();
    actions.add(action);
    byResource.set(resource, actions);
  }
  const statements: PolicyStatement[] = [...byResource].map(([resource, actions], i) => ({
    Sid: `DynamoDbCall${i + 1}`,
    Effect: 'Allow',
    Action: [...actions].sort(),
    Resource: resource,
  }));
  return { policy: { Version: '2012-10-17', Statement: statements }, unknown };
}
