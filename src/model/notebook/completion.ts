// Completion inside notebook cells, from what the model knows: the query cell's fields, table and index names, the
// chosen index's key names, operators, attribute names seen, and the variables of the cells above.
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import { findIndexChoice, indexChoices, ATTRIBUTE_TYPE_NAMES } from '../query/querySpec';
import { FILTER_OPS, FILTER_WRAPPERS, QUERY_CELL_FIELDS, SORT_KEY_OPS } from './queryCell';

export type CompletionKind = 'field' | 'value' | 'operator' | 'variable' | 'attribute' | 'index' | 'table' | 'keyword';

export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  detail?: string;
}

export interface CompletionContext {
  tables?: readonly string[];
  connections?: readonly string[];
  /** The description of the cell's table, when known. */
  table?: TableDescription;
  /** Names usable as :name — placeholders of the cell and results of the cells above. */
  variables?: readonly { name: string; detail: string }[];
  /** Attribute names seen in results of this table. */
  attributes?: readonly string[];
}

interface Frame {
  type: 'object' | 'array';
  /** The member this container is the value of. */
  key?: string;
}

/** Where the cursor is in a (possibly unfinished) JSON text: the member path and whether a key or a value is typed. */
export function jsonContext(text: string): { path: string[]; position: 'key' | 'value'; inString: boolean; prefix: string } {
  const stack: Frame[] = [];
  let pendingKey: string | undefined;
  let lastString: string | undefined;
  let afterColon = false;
  let i = 0;
  let inString = false;
  let stringStart = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\') j++;
        value += text[j] ?? '';
        j++;
      }
      if (j >= text.length) {
        inString = true;
        stringStart = i + 1;
        break;
      }
      lastString = value;
      i = j + 1;
      continue;
    }
    if (c === ':') {
      pendingKey = lastString;
      afterColon = true;
    } else if (c === '{' || c === '[') {
      stack.push({ type: c === '{' ? 'object' : 'array', key: afterColon ? pendingKey : stack[stack.length - 1]?.type === 'array' ? stack[stack.length - 1].key : undefined });
      afterColon = false;
      pendingKey = undefined;
    } else if (c === '}' || c === ']') {
      stack.pop();
      afterColon = false;
    } else if (c === ',') {
      afterColon = false;
      pendingKey = undefined;
    }
    lastString = c === '"' ? lastString : /\s/.test(c) ? lastString : c === ':' ? lastString : undefined;
    i++;
  }
  const top = stack[stack.length - 1];
  const path = stack.map((f) => f.key).filter((k): k is string => k !== undefined);
  const position: 'key' | 'value' = top?.type === 'object' && !afterColon ? 'key' : 'value';
  if (afterColon && pendingKey !== undefined && top?.type === 'object') path.push(pendingKey);
  return { path, position, inString, prefix: inString ? text.slice(stringStart) : '' };
}

function indexOfText(text: string): string | undefined {
  return /"index"\s*:\s*"([^"]*)"/.exec(text)?.[1];
}

/** Suggestions at `offset` of a query cell's text. */
export function completeQueryCell(text: string, offset: number, ctx: CompletionContext): CompletionEntry[] {
  const before = text.slice(0, offset);
  const where = jsonContext(before);
  const variables = (ctx.variables ?? []).map((v) => ({ label: `:${v.name}`, kind: 'variable' as const, detail: v.detail }));
  if (where.inString && where.prefix.startsWith(':')) return variables;
  const [first, second, third] = where.path;
  const choice = ctx.table ? findIndexChoice(ctx.table, indexOfText(text) || undefined) : undefined;
  const attributes = [...new Set([...(ctx.attributes ?? []), ...(ctx.table?.AttributeDefinitions ?? []).map((d) => d.AttributeName ?? '')])].filter(Boolean);
  const attributeEntries = attributes.map((a) => ({ label: a, kind: 'attribute' as const }));

  if (where.path.length === 0) {
    if (where.position === 'key') return Object.entries(QUERY_CELL_FIELDS).map(([label, detail]) => ({ label, kind: 'field', detail }));
    return [];
  }
  if (where.position === 'value' && where.path.length === 1) {
    switch (first) {
      case 'table':
        return (ctx.tables ?? []).map((label) => ({ label, kind: 'table' }));
      case 'index':
        return ctx.table ? indexChoices(ctx.table).filter((c) => c.index).map((c) => ({ label: c.index!, kind: 'index', detail: c.label })) : [];
      case 'operation':
        return ['query', 'scan'].map((label) => ({ label, kind: 'keyword' }));
      case 'direction':
        return ['asc', 'desc'].map((label) => ({ label, kind: 'keyword' }));
      case 'filterJoin':
        return ['and', 'or'].map((label) => ({ label, kind: 'keyword' }));
      case 'connection':
        return (ctx.connections ?? []).map((label) => ({ label, kind: 'value' }));
      case 'startKey':
        return variables.map((v) => ({ ...v, label: `${v.label}.$lastKey` }));
      case 'projection':
        return attributeEntries;
      default:
        return variables;
    }
  }
  if (first === 'key') {
    if (where.path.length === 1 && where.position === 'key') {
      const keys = choice ? [choice.partitionKey, choice.sortKey] : [];
      return keys.filter((k) => !!k).map((k) => ({ label: k!.name, kind: 'attribute', detail: `${k!.role} key (${k!.type})${choice?.index ? ` of ${choice.index}` : ''}` }));
    }
    if (where.path.length === 2 && where.position === 'key') return Object.keys(SORT_KEY_OPS).map((label) => ({ label, kind: 'operator' }));
    return variables;
  }
  if (first === 'filter') {
    if (where.path.length === 1 && where.position === 'key') return attributeEntries;
    if (where.position === 'key' && (second !== undefined || third !== undefined)) {
      return [...Object.keys(FILTER_OPS), ...FILTER_WRAPPERS].map((label) => ({ label, kind: 'operator' as const }));
    }
    if (where.position === 'value' && where.path[where.path.length - 1] === 'attribute_type') return ATTRIBUTE_TYPE_NAMES.map((label) => ({ label, kind: 'keyword' as const }));
    return variables;
  }
  if (first === 'params') return [];
  return [];
}

/** Suggestions in a PartiQL cell: variables after a colon, table names after FROM / INTO / UPDATE. */
export function completePartiqlCell(text: string, offset: number, ctx: CompletionContext): CompletionEntry[] {
  const before = text.slice(0, offset);
  if (/(^|[^A-Za-z0-9_]):[A-Za-z0-9_.[\]*$]*$/.test(before)) {
    return (ctx.variables ?? []).map((v) => ({ label: `:${v.name}`, kind: 'variable', detail: v.detail }));
  }
  if (/\b(FROM|INTO|UPDATE)\s+"?[^"\s]*$/i.test(before)) return (ctx.tables ?? []).map((t) => ({ label: `"${t}"`, kind: 'table' }));
  return [];
}
