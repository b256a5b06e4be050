// Shared types of the item model: attribute values and items, text ranges and problems.

/** The members an AttributeValue can have; exactly one of them is set. */
interface AttributeMembers {
  S: string;
  /** Decimal text, exact: never a JavaScript number. */
  N: string;
  B: Uint8Array;
  SS: string[];
  NS: string[];
  BS: Uint8Array[];
  M: Record<string, AttributeValue>;
  L: AttributeValue[];
  NULL: boolean;
  BOOL: boolean;
  /** A type this model does not know, as the SDK reports one. */
  $unknown: [string, unknown];
}

/** A value with only member K set; the others are absent, so a switch or `'S' in v` narrows it. */
type Only<K extends keyof AttributeMembers> = { [P in K]: AttributeMembers[P] } & { [P in Exclude<keyof AttributeMembers, K>]?: never };

/**
 * One DynamoDB attribute value: N as decimal text, B as raw bytes. The model's own type, with the same shape as the
 * SDK's AttributeValue union, so items pass between the model and the SDK in either direction without casts (see
 * test/unit/items/types.test.ts) and the model needs nothing from the SDK.
 */
export type AttributeValue =
  | Only<'S'>
  | Only<'N'>
  | Only<'B'>
  | Only<'SS'>
  | Only<'NS'>
  | Only<'BS'>
  | Only<'M'>
  | Only<'L'>
  | Only<'NULL'>
  | Only<'BOOL'>
  | Only<'$unknown'>;

/** An item exactly as the SDK sends and receives it. */
export type Item = Record<string, AttributeValue>;

/** The two document notations an item can be edited in. */
export type ItemNotation = 'dynamodb' | 'plain';

/** A place in a text document. line and column are 0-based; column counts UTF-16 code units, as VS Code does. */
export interface TextPosition {
  line: number;
  column: number;
  offset: number;
}

export interface TextRange {
  start: TextPosition;
  end: TextPosition;
}

export type ProblemSeverity = 'error' | 'warning';

export type ProblemCode =
  | 'syntax'
  | 'duplicateKey'
  | 'notation'
  | 'invalidValue'
  | 'missingKey'
  | 'keyType'
  | 'emptyKey'
  | 'keyTooLarge'
  | 'indexKeyType'
  | 'emptyIndexKey'
  | 'emptyName'
  | 'nameTooLong'
  | 'invalidNumber'
  | 'numberPrecision'
  | 'numberRange'
  | 'emptySet'
  | 'duplicateSetMember'
  | 'nullNotTrue'
  | 'nestingTooDeep'
  | 'itemTooLarge'
  | 'sdkUnreadableName';

/** A path to a value inside an item: attribute and map key names, list and set indexes. */
export type ItemPath = readonly (string | number)[];

export interface Problem {
  /** What is wrong, why, and what to do. */
  message: string;
  /** Where it is; the start of the document when the item did not come from text. */
  range: TextRange;
  severity: ProblemSeverity;
  code: ProblemCode;
  /** The value the problem is about, when there is one. */
  path?: ItemPath;
}

export type ScalarKeyType = 'S' | 'N' | 'B';

/** One attribute of a table's primary key. keyType defaults by position: first HASH, second RANGE. */
export interface KeyAttribute {
  name: string;
  type: ScalarKeyType;
  keyType?: 'HASH' | 'RANGE';
}

export const ZERO_RANGE: TextRange = Object.freeze({
  start: Object.freeze({ line: 0, column: 0, offset: 0 }),
  end: Object.freeze({ line: 0, column: 0, offset: 0 }),
}) as TextRange;
