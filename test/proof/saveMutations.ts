// Mutations of the save for the mutation check: installed on one test client as SDK middleware that rewrites the
// requests the save sends, so the shipped ItemStore code runs unchanged and no switch exists in the product.
//
//   condition-removed: every ConditionExpression dropped (and the placeholders only it used);
//   compare-inverted:  every ConditionExpression negated, so "still as loaded" passes exactly when it should fail.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export type MutationName = 'condition-removed' | 'compare-inverted';

interface Mutation {
  name: MutationName;
  description: string;
  /** Requests this mutation rewrote so far. */
  applied(): number;
}

const counts: Record<MutationName, number> = { 'condition-removed': 0, 'compare-inverted': 0 };

export const MUTATIONS: readonly Mutation[] = [
  { name: 'condition-removed', description: 'its condition removed', applied: () => counts['condition-removed'] },
  { name: 'compare-inverted', description: 'its compare inverted', applied: () => counts['compare-inverted'] },
];

type Expressions = {
  ConditionExpression?: string;
  UpdateExpression?: string;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
};

/** DynamoDB refuses placeholders no expression uses: keep only those the remaining expressions mention. */
function pruneUnused(request: Expressions): void {
  const text = [request.UpdateExpression, request.ProjectionExpression, request.ConditionExpression].filter(Boolean).join(' ');
  const used = new Set(text.match(/[#:][A-Za-z0-9_]+/g) ?? []);
  for (const field of ['ExpressionAttributeNames', 'ExpressionAttributeValues'] as const) {
    const map = request[field];
    if (!map) continue;
    for (const k of Object.keys(map)) if (!used.has(k)) delete map[k];
    if (Object.keys(map).length === 0) delete request[field];
  }
}

function mutate(request: Expressions | undefined, name: MutationName): boolean {
  if (!request?.ConditionExpression) return false;
  if (name === 'condition-removed') {
    delete request.ConditionExpression;
    pruneUnused(request);
  } else {
    request.ConditionExpression = `NOT (${request.ConditionExpression})`;
  }
  return true;
}

/** Rewrites every conditional write this client sends. */
export function applyMutation(client: DynamoDBClient, name: MutationName): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as Expressions & { TransactItems?: Record<string, Expressions | undefined>[] };
      let changed = mutate(input, name);
      for (const entry of input.TransactItems ?? []) {
        for (const part of Object.values(entry)) changed = mutate(part, name) || changed;
      }
      if (changed) counts[name]++;
      return next(args);
    },
    { step: 'initialize', name: `proofMutation-${name}` },
  );
}
