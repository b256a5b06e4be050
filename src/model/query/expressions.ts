// Turns a query spec into DynamoDB expressions. Every name goes through ExpressionAttributeNames (#n0, #n1, … one
// placeholder per distinct name) and every value through ExpressionAttributeValues (:v0, :v1, …), so reserved
// words and names with spaces, dots or '#' need no care from the person typing them.
import type { AttributeValue } from '../items/types';
import { StudioError } from '../errors';
import { decodeBase64 } from '../items/base64';
import { shortText } from '../items/positions';
import { parsePath, type PathSegment } from './pathParser';
import { FILTER_OPERATORS, operandCount, SORT_KEY_OPERATORS, type FilterCondition, type QuerySpec, type SortKeyCondition, type ValueType } from './querySpec';

export interface BuiltExpressions {
  KeyConditionExpression?: string;
  FilterExpression?: string;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, AttributeValue>;
}

/** Collects placeholders for one request. */
export class ExpressionContext {
  private readonly names = new Map<string, string>();
  private readonly values: Record<string, AttributeValue> = {};
  private valueCount = 0;

  name(name: string): string {
    let placeholder = this.names.get(name);
    if (!placeholder) {
      placeholder = `#n${this.names.size}`;
      this.names.set(name, placeholder);
    }
    return placeholder;
  }

  value(value: AttributeValue): string {
    const placeholder = `:v${this.valueCount++}`;
    this.values[placeholder] = value;
    return placeholder;
  }

  /** `#n0.#n1[0].#n2` for a path text; throws a validation error for a path that does not parse. */
  path(text: string): string {
    if (typeof text !== 'string') throw new StudioError('validation', 'An attribute path is missing.', { hint: 'Give an attribute name such as Status or a.b[0].c.' });
    const parsed = parsePath(text);
    if (!parsed.ok) {
      throw new StudioError('validation', `The attribute path '${text}' cannot be used: ${parsed.problem.message}`, {
        hint: 'Put names with dots, brackets or quotes in double quotes, as in "a.b".c.',
      });
    }
    return this.segments(parsed.segments);
  }

  segments(segments: readonly PathSegment[]): string {
    return segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : `${i > 0 ? '.' : ''}${this.name(s)}`)).join('');
  }

  attributeNames(): Record<string, string> | undefined {
    if (this.names.size === 0) return undefined;
    const out: Record<string, string> = {};
    for (const [name, placeholder] of this.names) out[placeholder] = name;
    return out;
  }

  attributeValues(): Record<string, AttributeValue> | undefined {
    return this.valueCount === 0 ? undefined : this.values;
  }
}

/** The AttributeValue of a typed value; throws a validation error when the text does not fit the type. */
export function toAttributeValue(value: string, type: ValueType): AttributeValue {
  if (typeof value !== 'string') throw new StudioError('validation', `A ${String(type)} value is missing or is not text.`, { hint: 'Fill in every value field of the condition.' });
  switch (type) {
    case 'S':
      return { S: value };
    case 'N':
      return { N: value.trim() };
    case 'B': {
      const decoded = decodeBase64(value.trim());
      if (!decoded.ok) throw new StudioError('validation', `'${shortText(value)}' is not base64 binary: ${decoded.reason}.`, { hint: 'Write binary values in standard base64.' });
      return { B: decoded.bytes };
    }
    case 'BOOL':
      return { BOOL: value.trim().toLowerCase() === 'true' };
    case 'NULL':
      return { NULL: true };
    default:
      throw new StudioError('validation', `Unknown value type '${String(type)}'.`, { hint: 'Use S, N, B, BOOL or NULL.' });
  }
}

export function keyConditionExpression(ctx: ExpressionContext, spec: QuerySpec): string | undefined {
  if (!spec.partitionKey) return undefined;
  const pk = spec.partitionKey;
  const parts = [`${ctx.name(pk.name)} = ${ctx.value(toAttributeValue(pk.value, pk.type))}`];
  if (spec.sortKey) parts.push(sortKeyCondition(ctx, spec.sortKey));
  return parts.join(' AND ');
}

/**
 * Operators are written into the expression as they are, so only the listed ones may pass, whatever called the
 * builder; names and values always go through placeholders.
 */
function checkOperator(op: unknown, allowed: readonly string[], what: string): void {
  if (typeof op !== 'string' || !allowed.includes(op)) {
    throw new StudioError('validation', `Unknown ${what} operator '${String(op).slice(0, 40)}'.`, { hint: `Use one of ${allowed.join(', ')}.` });
  }
}

function sortKeyCondition(ctx: ExpressionContext, sk: SortKeyCondition): string {
  checkOperator(sk.op, SORT_KEY_OPERATORS, 'sort key');
  const name = ctx.name(sk.name);
  const v = (text: string) => ctx.value(toAttributeValue(text, sk.type));
  switch (sk.op) {
    case 'BETWEEN':
      return `${name} BETWEEN ${v(sk.value)} AND ${v(sk.value2 ?? '')}`;
    case 'begins_with':
      return `begins_with(${name}, ${v(sk.value)})`;
    default:
      return `${name} ${sk.op} ${v(sk.value)}`;
  }
}

export function filterCondition(ctx: ExpressionContext, filter: FilterCondition): string {
  checkOperator(filter.op, FILTER_OPERATORS, 'filter');
  const [min, max] = operandCount(filter.op);
  if (!Array.isArray(filter.values) || filter.values.length < min || filter.values.length > max) {
    throw new StudioError('validation', `The ${filter.op} condition on '${String(filter.path).slice(0, 80)}' needs ${min === max ? min : `${min} to ${max}`} value(s).`, { hint: 'Fill in the values of the condition.' });
  }
  const path = ctx.path(filter.path);
  const type: ValueType = filter.size ? 'N' : (filter.type ?? 'S');
  const v = (text: string) => ctx.value(toAttributeValue(text, type));
  const operand = filter.size ? `size(${path})` : path;
  let condition: string;
  switch (filter.op) {
    case 'attribute_exists':
    case 'attribute_not_exists':
      condition = `${filter.op}(${path})`;
      break;
    case 'attribute_type':
      condition = `attribute_type(${path}, ${ctx.value({ S: filter.values[0] })})`;
      break;
    case 'begins_with':
    case 'contains':
      condition = `${filter.op}(${path}, ${v(filter.values[0])})`;
      break;
    case 'BETWEEN':
      condition = `${operand} BETWEEN ${v(filter.values[0])} AND ${v(filter.values[1])}`;
      break;
    case 'IN':
      condition = `${operand} IN (${filter.values.map(v).join(', ')})`;
      break;
    default:
      condition = `${operand} ${filter.op} ${v(filter.values[0])}`;
  }
  return filter.not ? `NOT (${condition})` : condition;
}

export function filterExpression(ctx: ExpressionContext, spec: QuerySpec): string | undefined {
  if (spec.filters.length === 0) return undefined;
  const conditions = spec.filters.map((f) => filterCondition(ctx, f));
  if (conditions.length === 1) return conditions[0];
  return conditions.map((c) => `(${c})`).join(` ${spec.filterJoin === 'OR' ? 'OR' : 'AND'} `);
}

export function projectionExpression(ctx: ExpressionContext, spec: QuerySpec): string | undefined {
  const paths = (spec.projection ?? []).filter((p) => p.length > 0);
  return paths.length === 0 ? undefined : paths.map((p) => ctx.path(p)).join(', ');
}

/** All expressions of a scan or query spec, with their placeholders. */
export function buildExpressions(spec: QuerySpec): BuiltExpressions {
  const ctx = new ExpressionContext();
  const out: BuiltExpressions = {};
  if (spec.kind === 'query') out.KeyConditionExpression = keyConditionExpression(ctx, spec);
  out.FilterExpression = filterExpression(ctx, spec);
  out.ProjectionExpression = projectionExpression(ctx, spec);
  out.ExpressionAttributeNames = ctx.attributeNames();
  out.ExpressionAttributeValues = ctx.attributeValues();
  for (const key of Object.keys(out) as (keyof BuiltExpressions)[]) if (out[key] === undefined) delete out[key];
  return out;
}
