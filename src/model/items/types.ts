// Shared types of the item core: the item model, text ranges and problems.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

export type { AttributeValue };

/** An item exactly as the SDK sends and receives it: N as decimal text, B as raw bytes. */
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
