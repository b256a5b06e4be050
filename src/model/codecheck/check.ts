// Findings on the DynamoDB requests of a file: expression syntax, placeholders used but not declared or declared
// but unused, reserved words without a placeholder, PartiQL shape, and — when a table schema is at hand — tables
// and indexes that do not exist, key conditions that are not on the keys, and scans of large tables.
import { isReservedWord } from '../expressions/reservedWords';
import { logicOperands, parseExpression, type ExpressionKind, type ExprNode, type ParsedExpression, type PathNode } from '../expressions/parser';
import { checkPartiql } from '../expressions/partiql';
import { scanReadUnits } from '../table/readUnits';
import { EXPRESSION_PROPERTIES, type CodeString, type DynamoCall, type ExpressionProperty, type RequestParams, type Span } from './extract';

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  severity: Severity;
  /** A stable id of the kind of finding, for tests and quick fixes. */
  code: string;
  message: string;
  span: Span;
}

export interface KeyPair {
  partitionKey: string;
  sortKey?: string;
}

/** What the checks need to know of a live table. */
export interface TableSchema extends KeyPair {
  name: string;
  indexes: (KeyPair & { name: string; kind: 'GSI' | 'LSI' })[];
  itemCount?: number;
  sizeBytes?: number;
  /** Where it was read, for messages: "connection Local, us-east-1". */
  checkedOn: string;
}

/** The live side, when the workspace names a connection: a schema, 'missing', or undefined when unknown. */
export interface SchemaLookup {
  table(name: string): TableSchema | 'missing' | undefined;
  /** Tables above this many items get a warning on Scan. */
  scanWarningItems: number;
}

const KIND_OF: Record<ExpressionProperty, ExpressionKind> = {
  KeyConditionExpression: 'key',
  FilterExpression: 'condition',
  ConditionExpression: 'condition',
  UpdateExpression: 'update',
  ProjectionExpression: 'projection',
};

/** Maps a span inside a string's value to the document; the whole literal when characters do not map 1:1. */
function inDocument(s: CodeString, span: Span): Span {
  if (s.contentStart === undefined || !s.literal) return s.span;
  return { start: s.contentStart + span.start, end: s.contentStart + Math.max(span.end, span.start + 1) };
}

/** The attribute a one-part path names, through the request's #placeholders. */
function attributeOf(path: ExprNode, params: RequestParams): string | undefined {
  if (path.kind !== 'path' || path.parts.length !== 1) return undefined;
  const part = path.parts[0];
  if (part.kind === 'name') return part.text;
  if (part.kind === 'placeholder') {
    const entry = params.names?.entries.find((e) => e.key === part.text);
    return entry?.value?.literal ? entry.value.value : undefined;
  }
  return undefined;
}

interface KeyConditionParts {
  partition?: { path: PathNode; node: ExprNode };
  sort?: { path: PathNode; node: ExprNode };
}

/** Checks the shape DynamoDB allows for a key condition; returns its partition and sort parts. */
function keyConditionShape(parsed: ParsedExpression, report: (span: Span, message: string, code: string) => void): KeyConditionParts {
  const parts: KeyConditionParts = {};
  const root = parsed.root;
  if (!root) return parts;
  const conjuncts = logicOperands(root, 'and');
  if (conjuncts.length > 2) report(root, 'A key condition has at most two parts: the partition key with "=", and one condition on the sort key, joined by AND.', 'key-shape');
  for (const c of conjuncts) {
    if (c.kind === 'or' || c.kind === 'not') {
      report(c, `${c.kind.toUpperCase()} is not allowed in a key condition: only AND joins its two parts. Move other conditions to FilterExpression.`, 'key-shape');
      continue;
    }
    if (c.kind === 'in') {
      report(c, 'IN is not allowed in a key condition. Query once per value, or move it to FilterExpression.', 'key-shape');
      continue;
    }
    if (c.kind === 'compare') {
      if (c.left.kind !== 'path' || c.right.kind !== 'value') {
        report(c, 'Write a key condition as key OPERATOR :value, with the key on the left.', 'key-shape');
        continue;
      }
      if (c.op === '<>') {
        report(c, '<> is not allowed in a key condition: use =, <, <=, >, >=, BETWEEN or begins_with.', 'key-shape');
        continue;
      }
      if (c.op === '=' && !parts.partition) parts.partition = { path: c.left, node: c };
      else if (!parts.sort) parts.sort = { path: c.left, node: c };
      else report(c, 'A key condition has one condition on the sort key at most.', 'key-shape');
      continue;
    }
    if (c.kind === 'between') {
      if (c.subject.kind !== 'path') report(c, 'BETWEEN in a key condition applies to the sort key.', 'key-shape');
      else if (!parts.sort) parts.sort = { path: c.subject, node: c };
      else report(c, 'A key condition has one condition on the sort key at most.', 'key-shape');
      continue;
    }
    if (c.kind === 'function') {
      if (c.name !== 'begins_with') {
        report(c, `${c.name} is not allowed in a key condition: only begins_with(sortKey, :prefix). Move it to FilterExpression.`, 'key-shape');
      } else if (c.args[0]?.kind === 'path' && !parts.sort) parts.sort = { path: c.args[0], node: c };
      continue;
    }
    report(c, 'This is not a key condition: write partitionKey = :value, optionally AND a condition on the sort key.', 'key-shape');
  }
  if (!parts.partition && conjuncts.length > 0 && parsed.problems.length === 0) {
    report(root, 'A key condition must test the partition key with "=" (partitionKey = :value).', 'key-shape');
  }
  return parts;
}

function tableNameOf(s: CodeString | undefined, mapTableName: (value: string) => string | undefined): string | undefined {
  if (!s) return undefined;
  return mapTableName(s.value) ?? (s.literal ? s.value : undefined);
}

export { scanReadUnits };

export interface CheckOptions {
  lookup?: SchemaLookup;
  /** Maps a table name as written (`${stage}-orders`) to the live name; undefined when no mapping applies. */
  mapTableName?: (written: string) => string | undefined;
}

export function checkRequest(call: DynamoCall, params: RequestParams, options: CheckOptions = {}): Finding[] {
  const findings: Finding[] = [];
  const add = (severity: Severity, code: string, span: Span, message: string): void => {
    findings.push({ severity, code, span, message });
  };
  const usedNames = new Set<string>();
  const usedValues = new Set<string>();
  const parsedByProp: Partial<Record<ExpressionProperty, ParsedExpression>> = {};
  let unknownUse = false;

  for (const prop of EXPRESSION_PROPERTIES) {
    const s = params.expressions[prop];
    if (!s) continue;
    if (!s.literal) {
      // Built at run time: its placeholders cannot all be seen, so "unused" findings would be guesses.
      unknownUse = true;
      for (const m of s.value.matchAll(/#[A-Za-z0-9_]+/g)) usedNames.add(m[0]);
      for (const m of s.value.matchAll(/:[A-Za-z0-9_]+/g)) usedValues.add(m[0]);
      continue;
    }
    const parsed = parseExpression(KIND_OF[prop], s.value);
    parsedByProp[prop] = parsed;
    if (parsed.problems.length > 0) {
      // Parsing stopped at the error: what follows it still uses its placeholders.
      for (const m of s.value.matchAll(/#[A-Za-z0-9_]+/g)) usedNames.add(m[0]);
      for (const m of s.value.matchAll(/:[A-Za-z0-9_]+/g)) usedValues.add(m[0]);
    }
    for (const p of parsed.problems) add('error', 'syntax', inDocument(s, p), `${prop}: ${p.message}`);
    for (const n of parsed.namePlaceholders) {
      usedNames.add(n.text);
      if (params.names && !params.names.entries.some((e) => e.key === n.text) && params.names.complete) {
        add('error', 'undeclared-name', inDocument(s, n), `${n.text} is used in ${prop} but not declared in ExpressionAttributeNames. Add "${n.text}": "attributeName".`);
      } else if (!params.names) {
        add('error', 'undeclared-name', inDocument(s, n), `${n.text} is used in ${prop} but the request has no ExpressionAttributeNames. Add { "${n.text}": "attributeName" }.`);
      }
    }
    for (const v of parsed.valuePlaceholders) {
      usedValues.add(v.text);
      if (params.values && !params.values.entries.some((e) => e.key === v.text) && params.values.complete) {
        add('error', 'undeclared-value', inDocument(s, v), `${v.text} is used in ${prop} but not declared in ExpressionAttributeValues.`);
      } else if (!params.values) {
        add('error', 'undeclared-value', inDocument(s, v), `${v.text} is used in ${prop} but the request has no ExpressionAttributeValues.`);
      }
    }
    for (const b of parsed.bareNames) {
      if (isReservedWord(b.text)) {
        add('error', 'reserved-word', inDocument(s, b), `"${b.text}" is a DynamoDB reserved word: write #${b.text} in ${prop} and add "#${b.text}": "${b.text}" to ExpressionAttributeNames.`);
      }
    }
  }
  if (!unknownUse) {
    for (const e of params.names?.entries ?? []) {
      if (!usedNames.has(e.key)) add('error', 'unused-name', e.span, `${e.key} is declared in ExpressionAttributeNames but no expression uses it; DynamoDB refuses the request. Remove it or use it.`);
      else if (!e.key.startsWith('#')) add('error', 'syntax', e.span, `ExpressionAttributeNames keys start with "#": "${e.key}".`);
    }
    for (const e of params.values?.entries ?? []) {
      if (!usedValues.has(e.key)) add('error', 'unused-value', e.span, `${e.key} is declared in ExpressionAttributeValues but no expression uses it; DynamoDB refuses the request. Remove it or use it.`);
    }
  }

  // PartiQL.
  if (params.statement?.literal) {
    const shape = checkPartiql(params.statement.value);
    for (const p of shape.problems) add('error', 'partiql', inDocument(params.statement, p), `PartiQL: ${p.message}`);
    const lookup = options.lookup;
    if (lookup && shape.table) {
      const name = options.mapTableName?.(shape.table.name) ?? shape.table.name;
      const schema = lookup.table(name);
      if (schema === 'missing') add('error', 'missing-table', inDocument(params.statement, shape.table), `Table "${name}" does not exist on the checked connection.`);
      else if (schema && shape.index && !schema.indexes.some((i) => i.name === shape.index?.name)) {
        add('error', 'missing-index', inDocument(params.statement, shape.index), `Table "${name}" has no index "${shape.index.name}"${indexList(schema)}.`);
      }
    }
  }

  // Key condition shape, with or without a schema.
  const keyParsed = parsedByProp.KeyConditionExpression;
  const keyString = params.expressions.KeyConditionExpression;
  let keyParts: KeyConditionParts = {};
  if (keyParsed && keyString && keyParsed.problems.length === 0) {
    keyParts = keyConditionShape(keyParsed, (span, message, code) => add('error', code, inDocument(keyString, span), `KeyConditionExpression: ${message}`));
  }
  if (call.operation === 'Query' && params.operation === 'Query' && !keyString && !params.statement) {
    add('error', 'missing-key-condition', params.span, 'A Query needs a KeyConditionExpression on the partition key (partitionKey = :value).');
  }

  // Against the live schema.
  const lookup = options.lookup;
  const tableName = tableNameOf(params.table, options.mapTableName ?? (() => undefined));
  if (!lookup || !tableName || !params.table) return findings;
  const schema = lookup.table(tableName);
  if (schema === undefined) return findings;
  if (schema === 'missing') {
    add('error', 'missing-table', params.table.span, `Table "${tableName}" does not exist on the checked connection.`);
    return findings;
  }
  let keys: KeyPair = schema;
  let keysOf = `table "${schema.name}"`;
  const indexName = params.index?.literal ? params.index.value : undefined;
  if (params.index && indexName !== undefined) {
    const index = schema.indexes.find((i) => i.name === indexName);
    if (!index) {
      add('error', 'missing-index', params.index.span, `Table "${schema.name}" has no index "${indexName}"${indexList(schema)}.`);
      return findings;
    }
    keys = index;
    keysOf = `index "${index.name}"`;
  }
  if (keyParts.partition && keyString) {
    const attr = attributeOf(keyParts.partition.path, params);
    if (attr !== undefined && attr !== keys.partitionKey) {
      const other = keys.sortKey === attr ? ` ("${attr}" is its sort key: the partition key must be tested with =)` : '';
      add('error', 'wrong-key', inDocument(keyString, keyParts.partition.path), `"${attr}" is not the partition key of ${keysOf}: its partition key is "${keys.partitionKey}"${other}.`);
    }
  }
  if (keyParts.sort && keyString) {
    const attr = attributeOf(keyParts.sort.path, params);
    if (attr !== undefined && attr !== keys.sortKey) {
      add(
        'error',
        'wrong-key',
        inDocument(keyString, keyParts.sort.path),
        keys.sortKey
          ? `"${attr}" is not the sort key of ${keysOf}: its sort key is "${keys.sortKey}". Move other conditions to FilterExpression.`
          : `${keysOf} has no sort key, so the key condition can only test "${keys.partitionKey}". Move "${attr}" to FilterExpression.`,
      );
    }
  }
  if (call.operation === 'Scan' && !params.expressions.FilterExpression && schema.itemCount !== undefined && schema.itemCount > lookup.scanWarningItems) {
    const units = schema.sizeBytes !== undefined ? scanReadUnits(schema.sizeBytes) : undefined;
    add(
      'warning',
      'large-scan',
      call.span,
      `Scan reads all of "${schema.name}" (about ${schema.itemCount.toLocaleString('en-US')} items${units !== undefined ? `, about ${units.toLocaleString('en-US')} read units eventually consistent` : ''}). Query on a key or an index if you can.`,
    );
  }
  return findings;
}

function indexList(schema: TableSchema): string {
  return schema.indexes.length ? ` (it has ${schema.indexes.map((i) => `"${i.name}"`).join(', ')})` : ' (it has no indexes)';
}

/** Every finding of every request of the calls. */
export function checkCalls(calls: DynamoCall[], options: CheckOptions = {}): Finding[] {
  return calls.flatMap((call) => call.requests.flatMap((params) => checkRequest(call, params, options)));
}
