// Finds the DynamoDB requests in a TypeScript or JavaScript file: AWS SDK v3 commands of @aws-sdk/client-dynamodb
// and @aws-sdk/lib-dynamodb (`new QueryCommand({...})`), the aggregated clients' and the v2 DocumentClient's
// methods (`docClient.query({...})`), and PartiQL statements. Parses with @babel/parser (error-tolerant), follows
// a params object held in a `const`, and keeps the offsets of every string so findings land on the right text.
import { parse } from '@babel/parser';
import type { Node, ObjectExpression, ObjectProperty, Expression, TemplateLiteral, StringLiteral } from '@babel/types';
import type { AttributeValue } from '../items/types';

export interface Span {
  start: number;
  end: number;
}

/** A string in the code: its value when the code says it literally, and where it stands. */
export interface CodeString {
  /** The literal value; for a template with `${…}` parts, the source text inside the backticks. */
  value: string;
  /** False when the value holds `${…}` parts or came through a name that is not a constant string. */
  literal: boolean;
  /** The whole literal, quotes included. */
  span: Span;
  /** Offset in the document of the value's first character, when every character maps one to one (no escapes). */
  contentStart?: number;
}

export interface DeclaredPlaceholders {
  /** Each placeholder key with the attribute name it stands for, when that is a literal string. */
  entries: { key: string; span: Span; value?: CodeString; literal?: AttributeValue }[];
  /** False when the object has spreads or computed keys: some declarations cannot be seen. */
  complete: boolean;
}

/** Request options read when the code writes them literally (a name or a computed value leaves them out). */
export interface RequestOptions {
  /** Limit, as its digits. */
  limit?: string;
  scanIndexForward?: boolean;
  consistentRead?: boolean;
  select?: string;
}

export const EXPRESSION_PROPERTIES = ['KeyConditionExpression', 'FilterExpression', 'ConditionExpression', 'UpdateExpression', 'ProjectionExpression'] as const;
export type ExpressionProperty = (typeof EXPRESSION_PROPERTIES)[number];

/** One request's parameters (a batch or transaction has one per inner request). */
export interface RequestParams {
  /** The DynamoDB operation of this request: Query, Scan, GetItem, Put (in a transaction), ExecuteStatement… */
  operation: string;
  table?: CodeString;
  index?: CodeString;
  expressions: Partial<Record<ExpressionProperty, CodeString>>;
  names?: DeclaredPlaceholders;
  values?: DeclaredPlaceholders;
  statement?: CodeString;
  /** GetItem's Key: each attribute with its value when the code writes it literally. */
  key?: DeclaredPlaceholders;
  /** ExecuteStatement's Parameters, in order: each value when literal; `complete` is false for a spread or a name. */
  parameters?: { values: (AttributeValue | undefined)[]; spans: Span[]; complete: boolean };
  options: RequestOptions;
  /** Every property name the params object has, so a reader can tell what it does not understand. */
  properties: string[];
  /** Where the params object stands. */
  span: Span;
}

export type SdkFlavour = 'client-dynamodb' | 'lib-dynamodb' | 'v2';

export interface DynamoCall {
  flavour: SdkFlavour;
  /** The API operation: Query, BatchWriteItem, TransactWriteItems, ExecuteStatement… */
  operation: string;
  /** The call or `new` expression. */
  span: Span;
  requests: RequestParams[];
}

/** v3 command class names (both packages) → operation. */
const COMMANDS: Record<string, string> = {
  QueryCommand: 'Query',
  ScanCommand: 'Scan',
  GetItemCommand: 'GetItem',
  PutItemCommand: 'PutItem',
  UpdateItemCommand: 'UpdateItem',
  DeleteItemCommand: 'DeleteItem',
  BatchWriteItemCommand: 'BatchWriteItem',
  BatchGetItemCommand: 'BatchGetItem',
  TransactWriteItemsCommand: 'TransactWriteItems',
  TransactGetItemsCommand: 'TransactGetItems',
  ExecuteStatementCommand: 'ExecuteStatement',
  BatchExecuteStatementCommand: 'BatchExecuteStatement',
  ExecuteTransactionCommand: 'ExecuteTransaction',
  GetCommand: 'GetItem',
  PutCommand: 'PutItem',
  UpdateCommand: 'UpdateItem',
  DeleteCommand: 'DeleteItem',
  BatchWriteCommand: 'BatchWriteItem',
  BatchGetCommand: 'BatchGetItem',
  TransactWriteCommand: 'TransactWriteItems',
  TransactGetCommand: 'TransactGetItems',
};

/** Client methods (v2 DocumentClient, v2 DynamoDB, v3 aggregated clients) → operation. */
const METHODS: Record<string, string> = {
  query: 'Query',
  scan: 'Scan',
  get: 'GetItem',
  getItem: 'GetItem',
  put: 'PutItem',
  putItem: 'PutItem',
  update: 'UpdateItem',
  updateItem: 'UpdateItem',
  delete: 'DeleteItem',
  deleteItem: 'DeleteItem',
  batchWrite: 'BatchWriteItem',
  batchWriteItem: 'BatchWriteItem',
  batchGet: 'BatchGetItem',
  batchGetItem: 'BatchGetItem',
  transactWrite: 'TransactWriteItems',
  transactWriteItems: 'TransactWriteItems',
  transactGet: 'TransactGetItems',
  transactGetItems: 'TransactGetItems',
  executeStatement: 'ExecuteStatement',
  batchExecuteStatement: 'BatchExecuteStatement',
  executeTransaction: 'ExecuteTransaction',
};

const PACKAGES: Record<string, SdkFlavour> = {
  '@aws-sdk/client-dynamodb': 'client-dynamodb',
  '@aws-sdk/lib-dynamodb': 'lib-dynamodb',
  'aws-sdk': 'v2',
  'aws-sdk/clients/dynamodb': 'v2',
};

/** Cheap test before parsing: does the text mention a DynamoDB SDK at all? */
export function mentionsDynamoDb(text: string): boolean {
  return /@aws-sdk\/(client|lib)-dynamodb|['"]aws-sdk(\/clients\/dynamodb)?['"]/.test(text);
}

type AnyNode = Node & Record<string, unknown>;

function isNode(value: unknown): value is AnyNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** Every node of the tree, depth first, with its parent chain kept short: only what the extractor needs. */
function walk(node: AnyNode, visit: (n: AnyNode) => void): void {
  visit(node);
  for (const key of Object.keys(node)) {
    if (key === 'loc' || key === 'leadingComments' || key === 'trailingComments' || key === 'innerComments' || key === 'extra') continue;
    const child = node[key];
    if (Array.isArray(child)) {
      for (const c of child) if (isNode(c)) walk(c, visit);
    } else if (isNode(child)) walk(child, visit);
  }
}

function spanOf(n: Node): Span {
  return { start: n.start ?? 0, end: n.end ?? 0 };
}

interface Scope {
  /** const name → its initialiser, with where the declaration stands, the last one before a use winning. */
  consts: Map<string, { init: Expression; at: number }[]>;
  text: string;
}

function constAt(scope: Scope, name: string, at: number): Expression | undefined {
  const candidates = scope.consts.get(name);
  if (!candidates) return undefined;
  let best: Expression | undefined;
  for (const c of candidates) if (c.at <= at) best = c.init;
  return best ?? candidates[0]?.init;
}

/** Follows identifiers to const initialisers (a few steps), and `x as T` / `x satisfies T`. */
function resolve(scope: Scope, expr: Expression | undefined, at: number, depth = 0): Expression | undefined {
  if (!expr || depth > 5) return expr;
  if (expr.type === 'Identifier') return resolve(scope, constAt(scope, expr.name, at), at, depth + 1);
  if (expr.type === 'TSAsExpression' || expr.type === 'TSSatisfiesExpression' || expr.type === 'TSNonNullExpression') return resolve(scope, expr.expression, at, depth + 1);
  return expr;
}

function stringOf(scope: Scope, expr: Expression | undefined, at: number): CodeString | undefined {
  const original = expr;
  const e = resolve(scope, expr, at);
  if (!e || !original) return undefined;
  if (e.type === 'StringLiteral') return literalString(scope, e as StringLiteral);
  if (e.type === 'TemplateLiteral') return templateString(scope, e as TemplateLiteral);
  // A name whose value is not known here: keep its source text as a template would be, so a mapping can name it.
  if (original.type === 'Identifier' || original.type === 'MemberExpression') {
    return { value: '${' + scope.text.slice(original.start ?? 0, original.end ?? 0) + '}', literal: false, span: spanOf(original) };
  }
  return undefined;
}

function literalString(scope: Scope, lit: StringLiteral): CodeString {
  const span = spanOf(lit);
  const raw = scope.text.slice(span.start + 1, span.end - 1);
  return { value: lit.value, literal: true, span, contentStart: raw === lit.value ? span.start + 1 : undefined };
}

function templateString(scope: Scope, tpl: TemplateLiteral): CodeString {
  const span = spanOf(tpl);
  const inner = scope.text.slice(span.start + 1, span.end - 1);
  if (tpl.expressions.length === 0) {
    const cooked = tpl.quasis[0]?.value.cooked ?? inner;
    return { value: cooked, literal: true, span, contentStart: cooked === inner ? span.start + 1 : undefined };
  }
  return { value: inner, literal: false, span, contentStart: span.start + 1 };
}

function propertyName(p: ObjectProperty): string | undefined {
  if (p.computed) return undefined;
  if (p.key.type === 'Identifier') return p.key.name;
  if (p.key.type === 'StringLiteral') return p.key.value;
  return undefined;
}

/** Properties of an object literal by name, with whether every property could be read. */
function properties(obj: ObjectExpression): { byName: Map<string, ObjectProperty>; complete: boolean } {
  const byName = new Map<string, ObjectProperty>();
  let complete = true;
  for (const p of obj.properties) {
    if (p.type !== 'ObjectProperty') {
      complete = false;
      continue;
    }
    const name = propertyName(p);
    if (name === undefined) complete = false;
    else byName.set(name, p);
  }
  return { byName, complete };
}

const TYPED_MEMBERS = ['S', 'N', 'B', 'BOOL', 'NULL', 'SS', 'NS', 'BS', 'L', 'M'];

/** The decimal text of a number literal, keeping the digits as written when they are plain decimal. */
function numberText(scope: Scope, e: Expression, negative: boolean): string | undefined {
  if (e.type !== 'NumericLiteral') return undefined;
  const raw = scope.text.slice(e.start ?? 0, e.end ?? 0);
  const text = /^(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(raw) ? raw : String(e.value);
  return negative ? `-${text}` : text;
}

/**
 * The AttributeValue a value expression stands for when the code writes it literally: `{ S: 'x' }`, `{ N: '5' }`,
 * `{ BOOL: true }` for client-dynamodb, plain `'x'`, `5`, `true`, `null`, arrays and objects for lib-dynamodb and the
 * v2 DocumentClient. Numbers keep their digits. Anything computed gives undefined.
 */
function literalValue(scope: Scope, expr: Expression | undefined, flavour: SdkFlavour, at: number, depth = 0): AttributeValue | undefined {
  const e = resolve(scope, expr, at);
  if (!e || depth > 8) return undefined;
  if (flavour === 'client-dynamodb') {
    if (e.type !== 'ObjectExpression' || e.properties.length !== 1) return undefined;
    const [p] = e.properties;
    if (p.type !== 'ObjectProperty') return undefined;
    const member = propertyName(p);
    if (!member || !TYPED_MEMBERS.includes(member)) return undefined;
    const v = resolve(scope, p.value as Expression, at);
    if (!v) return undefined;
    const str = (x: Expression | undefined) => (x?.type === 'StringLiteral' ? x.value : x?.type === 'TemplateLiteral' && x.expressions.length === 0 ? (x.quasis[0]?.value.cooked ?? undefined) : undefined);
    switch (member) {
      case 'S':
      case 'N': {
        const text = str(v);
        return text === undefined ? undefined : member === 'S' ? { S: text } : { N: text };
      }
      case 'BOOL':
        return v.type === 'BooleanLiteral' ? { BOOL: v.value } : undefined;
      case 'NULL':
        return v.type === 'BooleanLiteral' ? { NULL: v.value } : undefined;
      case 'SS':
      case 'NS': {
        if (v.type !== 'ArrayExpression') return undefined;
        const list = v.elements.map((x) => (x && x.type !== 'SpreadElement' ? str(resolve(scope, x, at)) : undefined));
        if (list.some((x) => x === undefined)) return undefined;
        return member === 'SS' ? { SS: list as string[] } : { NS: list as string[] };
      }
      case 'L':
      case 'M':
        return v.type === (member === 'L' ? 'ArrayExpression' : 'ObjectExpression') ? nested(scope, v, flavour, at, depth) : undefined;
      default:
        return undefined;
    }
  }
  switch (e.type) {
    case 'StringLiteral':
      return { S: e.value };
    case 'TemplateLiteral':
      return e.expressions.length === 0 && e.quasis[0]?.value.cooked !== undefined && e.quasis[0]?.value.cooked !== null ? { S: e.quasis[0].value.cooked } : undefined;
    case 'NumericLiteral': {
      const n = numberText(scope, e, false);
      return n === undefined ? undefined : { N: n };
    }
    case 'UnaryExpression': {
      const n = e.operator === '-' ? numberText(scope, e.argument, true) : undefined;
      return n === undefined ? undefined : { N: n };
    }
    case 'BooleanLiteral':
      return { BOOL: e.value };
    case 'NullLiteral':
      return { NULL: true };
    case 'ArrayExpression':
    case 'ObjectExpression':
      return nested(scope, e, flavour, at, depth);
    default:
      return undefined;
  }
}

/** A list (array literal) or a map (object literal) whose every element is literal, each read in the flavour. */
function nested(scope: Scope, e: Expression, flavour: SdkFlavour, at: number, depth: number): AttributeValue | undefined {
  if (e.type === 'ArrayExpression') {
    const list = e.elements.map((x) => (x && x.type !== 'SpreadElement' ? literalValue(scope, x, flavour, at, depth + 1) : undefined));
    return list.some((x) => x === undefined) ? undefined : { L: list as AttributeValue[] };
  }
  if (e.type !== 'ObjectExpression') return undefined;
  const { byName, complete } = properties(e);
  if (!complete) return undefined;
  const out: Record<string, AttributeValue> = {};
  for (const [name, p] of byName) {
    const v = literalValue(scope, p.value as Expression, flavour, at, depth + 1);
    if (!v) return undefined;
    out[name] = v;
  }
  return { M: out };
}

function objectOf(scope: Scope, expr: Expression | undefined, at: number): ObjectExpression | undefined {
  const e = resolve(scope, expr, at);
  return e?.type === 'ObjectExpression' ? e : undefined;
}

/** An object of declarations; with a flavour, each value is also read as an AttributeValue when literal. */
function declared(scope: Scope, expr: Expression | undefined, at: number, flavour?: SdkFlavour): DeclaredPlaceholders | undefined {
  const obj = objectOf(scope, expr, at);
  if (!obj) return expr ? { entries: [], complete: false } : undefined;
  const { byName, complete } = properties(obj);
  const entries = [...byName.entries()].map(([key, p]) => {
    const entry: DeclaredPlaceholders['entries'][number] = { key, span: spanOf(p.key), value: stringOf(scope, p.value as Expression, at) };
    const literal = flavour ? literalValue(scope, p.value as Expression, flavour, at) : undefined;
    if (literal) entry.literal = literal;
    return entry;
  });
  return { entries, complete };
}

function requestOptions(scope: Scope, value: (name: string) => Expression | undefined, at: number): RequestOptions {
  const options: RequestOptions = {};
  const limit = resolve(scope, value('Limit'), at);
  if (limit?.type === 'NumericLiteral') options.limit = numberText(scope, limit, false);
  const bool = (name: string): boolean | undefined => {
    const e = resolve(scope, value(name), at);
    return e?.type === 'BooleanLiteral' ? e.value : undefined;
  };
  const forward = bool('ScanIndexForward');
  if (forward !== undefined) options.scanIndexForward = forward;
  const consistent = bool('ConsistentRead');
  if (consistent !== undefined) options.consistentRead = consistent;
  const select = resolve(scope, value('Select'), at);
  if (select?.type === 'StringLiteral') options.select = select.value;
  return options;
}

function requestParams(scope: Scope, operation: string, obj: ObjectExpression, at: number, flavour: SdkFlavour): RequestParams {
  const { byName } = properties(obj);
  const value = (name: string): Expression | undefined => byName.get(name)?.value as Expression | undefined;
  const params: RequestParams = { operation, expressions: {}, options: requestOptions(scope, value, at), properties: [...byName.keys()], span: spanOf(obj) };
  const table = value('TableName');
  if (table) params.table = stringOf(scope, table, at);
  const index = value('IndexName');
  if (index) params.index = stringOf(scope, index, at);
  for (const prop of EXPRESSION_PROPERTIES) {
    const e = value(prop);
    if (e) {
      const s = stringOf(scope, e, at);
      if (s) params.expressions[prop] = s;
    }
  }
  if (byName.has('ExpressionAttributeNames')) params.names = declared(scope, value('ExpressionAttributeNames'), at);
  if (byName.has('ExpressionAttributeValues')) params.values = declared(scope, value('ExpressionAttributeValues'), at, flavour);
  if (byName.has('Key')) params.key = declared(scope, value('Key'), at, flavour);
  const statement = value('Statement');
  if (statement) params.statement = stringOf(scope, statement, at);
  if (byName.has('Parameters')) {
    const list = resolve(scope, value('Parameters'), at);
    if (list?.type === 'ArrayExpression') {
      params.parameters = { values: [], spans: [], complete: true };
      for (const el of list.elements) {
        if (!el || el.type === 'SpreadElement') {
          params.parameters.complete = false;
          continue;
        }
        params.parameters.values.push(literalValue(scope, el, flavour, at));
        params.parameters.spans.push(spanOf(el));
      }
    } else params.parameters = { values: [], spans: [], complete: false };
  }
  return params;
}

/** The inner requests of a batch or transaction, and the request itself otherwise. */
function requestsOf(scope: Scope, operation: string, obj: ObjectExpression, at: number, flavour: SdkFlavour): RequestParams[] {
  const { byName } = properties(obj);
  if (operation === 'TransactWriteItems' || operation === 'TransactGetItems') {
    const items = resolve(scope, byName.get('TransactItems')?.value as Expression | undefined, at);
    if (items?.type !== 'ArrayExpression') return [];
    const out: RequestParams[] = [];
    for (const el of items.elements) {
      const entry = el && el.type !== 'SpreadElement' ? objectOf(scope, el, at) : undefined;
      if (!entry) continue;
      for (const [kind, p] of properties(entry).byName) {
        const inner = objectOf(scope, p.value as Expression, at);
        if (inner) out.push(requestParams(scope, kind, inner, at, flavour));
      }
    }
    return out;
  }
  if (operation === 'BatchWriteItem' || operation === 'BatchGetItem') {
    const requestItems = objectOf(scope, byName.get('RequestItems')?.value as Expression | undefined, at);
    if (!requestItems) return [];
    const out: RequestParams[] = [];
    for (const p of requestItems.properties) {
      if (p.type !== 'ObjectProperty') continue;
      const keySpan = spanOf(p.key);
      let table: CodeString | undefined;
      if (p.computed) table = stringOf(scope, p.key as Expression, at);
      else if (p.key.type === 'StringLiteral') table = literalString(scope, p.key);
      else if (p.key.type === 'Identifier') table = { value: p.key.name, literal: true, span: keySpan, contentStart: keySpan.start };
      const inner = objectOf(scope, p.value as Expression, at);
      const req: RequestParams = inner ? requestParams(scope, operation, inner, at, flavour) : { operation, expressions: {}, options: {}, properties: [], span: spanOf(p) };
      req.table = table;
      out.push(req);
    }
    return out;
  }
  if (operation === 'BatchExecuteStatement' || operation === 'ExecuteTransaction') {
    const list = resolve(scope, (byName.get('Statements') ?? byName.get('TransactStatements'))?.value as Expression | undefined, at);
    if (list?.type !== 'ArrayExpression') return [];
    return list.elements.flatMap((el) => {
      const entry = el && el.type !== 'SpreadElement' ? objectOf(scope, el, at) : undefined;
      return entry ? [requestParams(scope, 'ExecuteStatement', entry, at, flavour)] : [];
    });
  }
  return [requestParams(scope, operation, obj, at, flavour)];
}

export interface ExtractResult {
  calls: DynamoCall[];
  /** Syntax errors of the file itself (the extractor still reads what it can). */
  parseErrors: number;
}

/** Reads a file; `fileName` chooses the syntax (TypeScript for .ts/.tsx/.mts/.cts, JSX for .jsx/.tsx). */
export function extractDynamoCalls(text: string, fileName: string): ExtractResult {
  if (!mentionsDynamoDb(text)) return { calls: [], parseErrors: 0 };
  const ts = /\.[mc]?tsx?$/.test(fileName);
  const jsx = /\.(tsx|jsx)$/.test(fileName) || (!ts && /\.[mc]?js$/.test(fileName));
  let file: ReturnType<typeof parse>;
  try {
    file = parse(text, {
      sourceType: 'unambiguous',
      errorRecovery: true,
      allowReturnOutsideFunction: true,
      allowAwaitOutsideFunction: true,
      plugins: [...(ts ? (['typescript'] as const) : []), ...(jsx ? (['jsx'] as const) : [])],
    });
  } catch {
    return { calls: [], parseErrors: 1 };
  }
  const scope: Scope = { consts: new Map(), text };
  /** Local name → flavour and the SDK name it stands for. */
  const imported = new Map<string, { flavour: SdkFlavour; name: string }>();
  let v2 = false;
  const program = file.program as unknown as AnyNode;
  walk(program, (n) => {
    if (n.type === 'ImportDeclaration') {
      const flavour = PACKAGES[(n.source as StringLiteral).value];
      if (!flavour) return;
      if (flavour === 'v2') v2 = true;
      for (const s of n.specifiers as AnyNode[]) {
        if (s.type === 'ImportSpecifier') {
          const importedName = (s.imported as AnyNode).type === 'Identifier' ? ((s.imported as AnyNode).name as string) : ((s.imported as AnyNode).value as string);
          imported.set((s.local as AnyNode).name as string, { flavour, name: importedName });
        }
      }
    } else if (n.type === 'VariableDeclarator' && n.init && (n.id as AnyNode).type === 'Identifier') {
      const name = (n.id as AnyNode).name as string;
      const list = scope.consts.get(name) ?? [];
      list.push({ init: n.init as Expression, at: n.start ?? 0 });
      scope.consts.set(name, list);
      const init = n.init as AnyNode;
      // const { QueryCommand } = require('@aws-sdk/client-dynamodb')
      if (init.type === 'CallExpression' && (init.callee as AnyNode).type === 'Identifier' && (init.callee as AnyNode).name === 'require') {
        const arg = (init.arguments as AnyNode[])[0];
        const flavour = arg?.type === 'StringLiteral' ? PACKAGES[arg.value as string] : undefined;
        if (flavour === 'v2') v2 = true;
      }
    } else if (n.type === 'VariableDeclarator' && n.init && (n.id as AnyNode).type === 'ObjectPattern') {
      const init = n.init as AnyNode;
      if (init.type !== 'CallExpression' || (init.callee as AnyNode).name !== 'require') return;
      const arg = (init.arguments as AnyNode[])[0];
      const flavour = arg?.type === 'StringLiteral' ? PACKAGES[arg.value as string] : undefined;
      if (!flavour) return;
      if (flavour === 'v2') v2 = true;
      for (const p of (n.id as AnyNode).properties as AnyNode[]) {
        if (p.type !== 'ObjectProperty') continue;
        const key = p.key as AnyNode;
        const value = p.value as AnyNode;
        if (key.type === 'Identifier' && value.type === 'Identifier') imported.set(value.name as string, { flavour, name: key.name as string });
      }
    }
  });
  const anySdk = v2 || imported.size > 0 || /@aws-sdk\/(client|lib)-dynamodb/.test(text);
  const calls: DynamoCall[] = [];
  walk(program, (n) => {
    if (n.type === 'NewExpression' && (n.callee as AnyNode).type === 'Identifier') {
      const local = (n.callee as AnyNode).name as string;
      const source = imported.get(local);
      const operation = source ? COMMANDS[source.name] : undefined;
      if (!source || !operation) return;
      const at = n.start ?? 0;
      const arg = objectOf(scope, (n.arguments as Expression[])[0], at);
      calls.push({ flavour: source.flavour, operation, span: spanOf(n), requests: arg ? requestsOf(scope, operation, arg, at, source.flavour) : [] });
    } else if (n.type === 'CallExpression' && (n.callee as AnyNode).type === 'MemberExpression' && anySdk) {
      const property = (n.callee as AnyNode).property as AnyNode;
      if (property.type !== 'Identifier' || (n.callee as AnyNode).computed) return;
      const operation = METHODS[property.name as string];
      if (!operation) return;
      const at = n.start ?? 0;
      const arg = objectOf(scope, (n.arguments as Expression[])[0], at);
      if (!arg) return;
      const { byName } = properties(arg);
      // Only objects shaped like a DynamoDB request: other libraries have query() and get() too.
      if (!['TableName', 'RequestItems', 'TransactItems', 'Statement', 'Statements', 'TransactStatements'].some((k) => byName.has(k))) return;
      const flavour: SdkFlavour = v2 ? 'v2' : 'lib-dynamodb';
      calls.push({ flavour, operation, span: spanOf(n), requests: requestsOf(scope, operation, arg, at, flavour) });
    }
  });
  return { calls, parseErrors: (file.errors ?? []).length };
}
