// DynamoDB inside the user's code, as one entry point: the edge loads this module (bundled on its own as
// dist/codecheck.js, so the parser is read only when a file mentions DynamoDB) and asks for findings, for what
// stands at the cursor (hover, completion), and for the requests to put CodeLenses over.
import { checkCalls, type CheckOptions, type Finding } from './check';
import { checkPartiql } from '../expressions/partiql';
import { callPolicy, type CallRequest } from '../iam/callPolicy';
import { EXPRESSION_PROPERTIES, extractDynamoCalls, mentionsDynamoDb, type CodeString, type DynamoCall, type ExpressionProperty, type RequestParams } from './extract';

export { checkCalls, checkRequest, scanReadUnits } from './check';
export type { CheckOptions, Finding, KeyPair, SchemaLookup, Severity, TableSchema } from './check';
export { extractDynamoCalls, mentionsDynamoDb } from './extract';
export type { CodeString, DynamoCall, ExpressionProperty, RequestParams, SdkFlavour, Span } from './extract';
export { parseExpression } from '../expressions/parser';
export { checkPartiql };
export { isReservedWord } from '../expressions/reservedWords';

export interface FileAnalysis {
  calls: DynamoCall[];
  findings: Finding[];
}

export function analyzeFile(text: string, fileName: string, options: CheckOptions = {}): FileAnalysis {
  if (!mentionsDynamoDb(text)) return { calls: [], findings: [] };
  const { calls } = extractDynamoCalls(text, fileName);
  return { calls, findings: checkCalls(calls, options) };
}

/** What the cursor is on: a table name, an index name, or inside an expression string. */
export type CursorTarget =
  | { kind: 'table'; call: DynamoCall; params: RequestParams; string: CodeString }
  | { kind: 'index'; call: DynamoCall; params: RequestParams; string: CodeString }
  | { kind: 'expression'; call: DynamoCall; params: RequestParams; string: CodeString; property: ExpressionProperty; offsetInValue?: number };

const inside = (s: CodeString | undefined, offset: number): s is CodeString => !!s && offset > s.span.start && offset < s.span.end;

export function targetAt(calls: DynamoCall[], offset: number): CursorTarget | undefined {
  for (const call of calls) {
    if (offset < call.span.start || offset > call.span.end) continue;
    for (const params of call.requests) {
      if (inside(params.table, offset)) return { kind: 'table', call, params, string: params.table };
      if (inside(params.index, offset)) return { kind: 'index', call, params, string: params.index };
      for (const property of EXPRESSION_PROPERTIES) {
        const s = params.expressions[property];
        if (inside(s, offset)) {
          const offsetInValue = s.contentStart !== undefined ? offset - s.contentStart : undefined;
          return { kind: 'expression', call, params, string: s, property, offsetInValue };
        }
      }
    }
  }
  return undefined;
}

export { schemaFromDescription } from './schema';

/** The live table name a written one stands for: the mapping's, else the literal itself, else undefined. */
export function liveTableName(s: CodeString | undefined, mapTableName: (written: string) => string | undefined = () => undefined): string | undefined {
  if (!s) return undefined;
  return mapTableName(s.value) ?? (s.literal ? s.value : undefined);
}

/** The tables a call names (as live names), for fetching their schemas. */
export function tablesOfCalls(calls: DynamoCall[], mapTableName?: (written: string) => string | undefined): string[] {
  const names = new Set<string>();
  for (const call of calls) {
    for (const params of call.requests) {
      const name = liveTableName(params.table, mapTableName);
      if (name) names.add(name);
      if (params.statement?.literal) {
        const table = checkPartiql(params.statement.value).table?.name;
        if (table) names.add(mapTableName?.(table) ?? table);
      }
    }
  }
  return [...names];
}

/** The least-privilege policy for a call; `arnOf` gives each table's ARN. */
export function policyForCall(call: DynamoCall, arnOf: (table: string) => string, mapTableName?: (written: string) => string | undefined): ReturnType<typeof callPolicy> {
  const requests: CallRequest[] = call.requests.map((params) => {
    if (params.statement) {
      const shape = params.statement.literal ? checkPartiql(params.statement.value) : undefined;
      const table = shape?.table ? (mapTableName?.(shape.table.name) ?? shape.table.name) : undefined;
      return { operation: 'ExecuteStatement', callOperation: call.operation, table, index: shape?.index?.name, verb: shape?.verb };
    }
    return {
      operation: params.operation,
      callOperation: call.operation,
      table: liveTableName(params.table, mapTableName),
      index: params.index?.literal ? params.index.value : undefined,
    };
  });
  return callPolicy(requests, arnOf);
}

export { isRunnableCall, planRun, RUNNABLE_OPERATIONS } from './runPlan';
export type { PlanOptions } from './runPlan';
export { parseAskedValue, runCell } from './runCell';
export type { AskedValue, AskedValueParse, CellResult, RunPlan } from './runCell';
