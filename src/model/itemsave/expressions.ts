// Builds condition and update expressions with placeholders for every name and value, and keeps count of the
// service's limits on one expression: 4 KB of expression text and 300 operators or functions.
import type { AttributeValue } from '../items/types';

/** Limits per expression string. DynamoDB's are 4096 bytes and 300 operators; tests lower them to force the other protocols. */
export interface ExpressionLimits {
  maxBytes: number;
  maxOperators: number;
}

/** A little under the service's limits, so a rounding in our count never turns into a ValidationException. */
export const DYNAMODB_EXPRESSION_LIMITS: ExpressionLimits = Object.freeze({ maxBytes: 4000, maxOperators: 280 });

/** A clause of an expression with what it costs against the limits. */
export interface Clause {
  text: string;
  operators: number;
}

/**
 * One request's placeholders. Names and values are shared by its condition and update expressions, as DynamoDB
 * requires (every placeholder given must be used by one of them). A clause that does not fit is taken back with
 * mark()/restore(), so no unused placeholder is ever sent.
 */
export class Placeholders {
  private readonly nameIds = new Map<string, string>();
  private readonly nameOrder: string[] = [];
  private readonly valueList: AttributeValue[] = [];

  name(attribute: string): string {
    let id = this.nameIds.get(attribute);
    if (!id) {
      id = `#n${this.nameOrder.length}`;
      this.nameIds.set(attribute, id);
      this.nameOrder.push(attribute);
    }
    return id;
  }

  value(v: AttributeValue): string {
    this.valueList.push(v);
    return `:v${this.valueList.length - 1}`;
  }

  mark(): { names: number; values: number } {
    return { names: this.nameOrder.length, values: this.valueList.length };
  }

  restore(mark: { names: number; values: number }): void {
    for (const attribute of this.nameOrder.splice(mark.names)) this.nameIds.delete(attribute);
    this.valueList.length = mark.values;
  }

  /** The fields of a request, leaving out empty maps (DynamoDB rejects empty placeholder maps). */
  requestFields(): { ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, AttributeValue> } {
    const fields: { ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, AttributeValue> } = {};
    if (this.nameOrder.length) fields.ExpressionAttributeNames = Object.fromEntries(this.nameOrder.map((a, i) => [`#n${i}`, a]));
    if (this.valueList.length) fields.ExpressionAttributeValues = Object.fromEntries(this.valueList.map((v, i) => [`:v${i}`, v]));
    return fields;
  }
}

export type ClauseBuilder = (p: Placeholders) => Clause;

/** `#a = :v`: the attribute holds this value. DynamoDB compares numbers by value, sets without order, maps and lists deeply. */
export const equals =
  (attribute: string, value: AttributeValue): ClauseBuilder =>
  (p) => ({ text: `${p.name(attribute)} = ${p.value(value)}`, operators: 1 });

export const notExists =
  (attribute: string): ClauseBuilder =>
  (p) => ({ text: `attribute_not_exists(${p.name(attribute)})`, operators: 1 });

export const exists =
  (attribute: string): ClauseBuilder =>
  (p) => ({ text: `attribute_exists(${p.name(attribute)})`, operators: 1 });

/** The attribute holds `value`, or is absent when `value` is undefined. */
export const holds = (attribute: string, value: AttributeValue | undefined): ClauseBuilder =>
  value === undefined ? notExists(attribute) : equals(attribute, value);

const byteLength = (text: string): number => Buffer.byteLength(text, 'utf8');

/** Counts one expression against the limits: parts joined by a separator, each costing bytes and operators. */
class Budget {
  readonly parts: string[] = [];
  private bytes = 0;
  private operators = 0;

  constructor(
    private readonly limits: ExpressionLimits,
    private readonly separator: string,
    private readonly separatorOperators: number,
    private readonly reservedBytes = 0,
  ) {}

  tryAdd(p: Placeholders, build: ClauseBuilder): boolean {
    const mark = p.mark();
    const clause = build(p);
    const joinBytes = this.parts.length ? byteLength(this.separator) : 0;
    const joinOps = this.parts.length ? this.separatorOperators : 0;
    const bytes = this.bytes + joinBytes + byteLength(clause.text);
    const operators = this.operators + joinOps + clause.operators;
    if (bytes + this.reservedBytes > this.limits.maxBytes || operators > this.limits.maxOperators) {
      p.restore(mark);
      return false;
    }
    this.parts.push(clause.text);
    this.bytes = bytes;
    this.operators = operators;
    return true;
  }
}

/** Clauses joined with AND, added only while the whole still fits the limits. */
export class ConditionBudget {
  private readonly budget: Budget;

  constructor(limits: ExpressionLimits) {
    this.budget = new Budget(limits, ' AND ', 1);
  }

  tryAdd(p: Placeholders, build: ClauseBuilder): boolean {
    return this.budget.tryAdd(p, build);
  }

  get size(): number {
    return this.budget.parts.length;
  }

  get text(): string | undefined {
    return this.budget.parts.length ? this.budget.parts.join(' AND ') : undefined;
  }
}

/** An update expression (a SET and a REMOVE section) within the limits. */
export class UpdateBudget {
  private readonly sets: Budget;
  private readonly removes: Budget;

  constructor(limits: ExpressionLimits) {
    // Both sections share one expression: each is given half of the room, which is plenty for its own clauses.
    const half = { maxBytes: Math.floor(limits.maxBytes / 2) - 10, maxOperators: Math.floor(limits.maxOperators / 2) };
    this.sets = new Budget(half, ', ', 0);
    this.removes = new Budget(half, ', ', 0);
  }

  trySet(p: Placeholders, attribute: string, value: AttributeValue): boolean {
    return this.sets.tryAdd(p, (q) => ({ text: `${q.name(attribute)} = ${q.value(value)}`, operators: 1 }));
  }

  /** Sets the attribute to `value` only where the item has no such attribute (if_not_exists). */
  trySetIfAbsent(p: Placeholders, attribute: string, value: AttributeValue): boolean {
    return this.sets.tryAdd(p, (q) => {
      const name = q.name(attribute);
      return { text: `${name} = if_not_exists(${name}, ${q.value(value)})`, operators: 2 };
    });
  }

  tryRemove(p: Placeholders, attribute: string): boolean {
    return this.removes.tryAdd(p, (q) => ({ text: q.name(attribute), operators: 1 }));
  }

  /** Sets the attribute to `value`, or removes it when `value` is undefined. */
  tryWrite(p: Placeholders, attribute: string, value: AttributeValue | undefined): boolean {
    return value === undefined ? this.tryRemove(p, attribute) : this.trySet(p, attribute, value);
  }

  get isEmpty(): boolean {
    return this.sets.parts.length === 0 && this.removes.parts.length === 0;
  }

  get text(): string | undefined {
    const sections: string[] = [];
    if (this.sets.parts.length) sections.push(`SET ${this.sets.parts.join(', ')}`);
    if (this.removes.parts.length) sections.push(`REMOVE ${this.removes.parts.join(', ')}`);
    return sections.length ? sections.join(' ') : undefined;
  }
}
