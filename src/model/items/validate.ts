// Checks an item against DynamoDB's rules before it is written, so that a save fails here, at the right place in
// the document, rather than as a ValidationException from the service.
import { encodeBase64 } from './base64';
import { attributeTypeOf, AttributeType, hasOwn, TYPE_NAMES } from './model';
import { checkDynamoNumber, formatDecimal, numberSize, parseDecimal } from './numbers';
import { describePath, ItemPositions, quoteText } from './positions';
import type { AttributeValue, Item, ItemPath, KeyAttribute, Problem, ProblemCode, ProblemSeverity, TextRange } from './types';
import { ZERO_RANGE } from './types';

export const MAX_ITEM_BYTES = 400 * 1024;
export const MAX_NAME_BYTES = 64 * 1024;
export const MAX_PARTITION_KEY_BYTES = 2048;
export const MAX_SORT_KEY_BYTES = 1024;
/** Levels of maps and lists, counting the item itself as the first. */
export const MAX_NESTING_LEVELS = 32;

export interface ValidateOptions {
  /** The table's primary key; when given, key attributes must be present, of the right type and not empty. */
  keySchema?: readonly KeyAttribute[];
  /** Key attributes of secondary indexes: optional in an item, but when present of the right type and not empty. */
  indexKeys?: readonly KeyAttribute[];
  /** Where the item's values are in its document, to place problems. */
  positions?: ItemPositions;
}

const utf8 = new TextEncoder();

export function utf8Length(text: string): number {
  // Fast path for ASCII; TextEncoder counts lone surrogates as the 3-byte replacement character, as the SDK sends them.
  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7f) {
      ascii = false;
      break;
    }
  }
  return ascii ? text.length : utf8.encode(text).length;
}

/** Returns every problem that would make DynamoDB reject the item (errors), and things that would not survive a read (warnings). */
export function validateItem(item: Item, options: ValidateOptions = {}): Problem[] {
  return new ItemValidator(options).run(item);
}

/**
 * The item's size as DynamoDB counts it against the 400 KB limit: attribute names plus values (strings as UTF-8,
 * binary as raw bytes, numbers by digit pairs, booleans and null one byte, lists and maps 3 bytes plus 1 per element,
 * sets the sum of their members). Malformed values count as zero.
 */
export function itemSize(item: Item): number {
  let total = 0;
  for (const name of Object.keys(item)) total += utf8Length(name) + valueSize(item[name]);
  return total;
}

export function valueSize(value: AttributeValue): number {
  const type = attributeTypeOf(value);
  const v = value as unknown as Record<string, unknown>;
  switch (type) {
    case undefined:
      return 0;
    case 'S':
      return utf8Length(v.S as string);
    case 'N':
      return numberTextSize(v.N as string);
    case 'B':
      return (v.B as Uint8Array).length;
    case 'BOOL':
    case 'NULL':
      return 1;
    case 'SS':
      return (v.SS as string[]).reduce((sum, s) => sum + utf8Length(s), 0);
    case 'NS':
      return (v.NS as string[]).reduce((sum, n) => sum + numberTextSize(n), 0);
    case 'BS':
      return (v.BS as Uint8Array[]).reduce((sum, b) => sum + b.length, 0);
    case 'L':
      return 3 + (v.L as AttributeValue[]).reduce((sum, e) => sum + 1 + valueSize(e), 0);
    case 'M': {
      const m = v.M as Record<string, AttributeValue>;
      return 3 + Object.keys(m).reduce((sum, k) => sum + 1 + utf8Length(k) + valueSize(m[k]), 0);
    }
  }
}

function numberTextSize(text: string): number {
  const d = parseDecimal(text);
  return d ? numberSize(d) : utf8Length(text);
}

class ItemValidator {
  private readonly problems: Problem[] = [];

  constructor(private readonly options: ValidateOptions) {}

  run(item: Item): Problem[] {
    const names = Object.keys(item);
    this.checkKeys(item);
    for (const name of names) {
      this.checkName(name, [name]);
      this.checkValue(item[name], [name], 2);
    }
    if (hasOwn(item, '__proto__')) {
      this.report(
        'sdkUnreadableName',
        'The attribute name "__proto__" can be written, but the AWS SDK for JavaScript reads a top-level "__proto__" back as undefined, so this item could not be shown again. Rename the attribute.',
        this.nameRange(['__proto__']),
        ['__proto__'],
        'warning',
      );
    }
    const size = itemSize(item);
    if (size > MAX_ITEM_BYTES) {
      const largest = names
        .map((n) => ({ n, bytes: utf8Length(n) + valueSize(item[n]) }))
        .sort((a, b) => b.bytes - a.bytes)
        .slice(0, 3)
        .map(({ n, bytes }) => `${describePath([n])} (${bytes.toLocaleString('en-US')} bytes)`);
      this.report(
        'itemTooLarge',
        `The item is ${size.toLocaleString('en-US')} bytes; DynamoDB allows at most 400 KB (${MAX_ITEM_BYTES.toLocaleString('en-US')} bytes) per item. Largest attributes: ${largest.join(', ')}. Move large data elsewhere (for example Amazon S3) or split the item.`,
        this.itemStart(),
      );
    }
    return this.problems;
  }

  private checkKeys(item: Item): void {
    const schema = this.options.keySchema ?? [];
    schema.forEach((key, index) => {
      const role = (key.keyType ?? (index === 0 ? 'HASH' : 'RANGE')) === 'HASH' ? 'partition key' : 'sort key';
      if (!hasOwn(item, key.name) || item[key.name] === undefined) {
        this.report('missingKey', `The ${role} attribute ${quoteText(key.name)} is missing: every item needs it. Add "${key.name}" with a ${TYPE_NAMES[key.type]} value.`, this.itemStart(), [key.name]);
        return;
      }
      const value = item[key.name];
      const type = attributeTypeOf(value);
      if (type !== key.type) {
        this.report(
          'keyType',
          `The ${role} ${quoteText(key.name)} must be a ${TYPE_NAMES[key.type]}, but it is ${type ? `a ${TYPE_NAMES[type]}` : 'not a valid value'}. Change its type; the table's key schema defines it.`,
          this.valueRange([key.name]),
          [key.name],
        );
        return;
      }
      const bytes = valueSize(value);
      if ((type === 'S' || type === 'B') && bytes === 0) {
        this.report('emptyKey', `The ${role} ${quoteText(key.name)} is empty: key attributes cannot be empty strings or empty binary. Give it a value.`, this.valueRange([key.name]), [key.name]);
        return;
      }
      const limit = role === 'partition key' ? MAX_PARTITION_KEY_BYTES : MAX_SORT_KEY_BYTES;
      if (type !== 'N' && bytes > limit) {
        this.report('keyTooLarge', `The ${role} ${quoteText(key.name)} is ${bytes.toLocaleString('en-US')} bytes; DynamoDB allows at most ${limit.toLocaleString('en-US')} bytes for a ${role} value. Shorten it.`, this.valueRange([key.name]), [key.name]);
      }
    });
    const primary = new Set(schema.map((k) => k.name));
    for (const key of this.options.indexKeys ?? []) {
      if (primary.has(key.name) || !hasOwn(item, key.name) || item[key.name] === undefined) continue;
      const type = attributeTypeOf(item[key.name]);
      if (type !== key.type) {
        this.report(
          'indexKeyType',
          `${quoteText(key.name)} is a key of a secondary index and must be a ${TYPE_NAMES[key.type]}, but it is ${type ? `a ${TYPE_NAMES[type]}` : 'not a valid value'}. Change its type or remove the attribute.`,
          this.valueRange([key.name]),
          [key.name],
        );
      } else if ((type === 'S' || type === 'B') && valueSize(item[key.name]) === 0) {
        this.report('emptyIndexKey', `${quoteText(key.name)} is a key of a secondary index and cannot be empty. Give it a value or remove the attribute.`, this.valueRange([key.name]), [key.name]);
      }
    }
  }

  private checkName(name: string, path: ItemPath): void {
    if (name.length === 0) {
      this.report('emptyName', `An attribute or map key at ${describePath(path.slice(0, -1)) || 'the top level'} has an empty name: DynamoDB names must have at least one character. Name it.`, this.nameRange(path), path);
      return;
    }
    const bytes = utf8Length(name);
    if (bytes > MAX_NAME_BYTES) {
      this.report('nameTooLong', `The name ${describePath(path).slice(0, 40)}… is ${bytes.toLocaleString('en-US')} bytes; DynamoDB names are at most 64 KB (${MAX_NAME_BYTES.toLocaleString('en-US')} bytes). Shorten it.`, this.nameRange(path), path);
    }
  }

  /** level: the nesting level the value's own contents would be at if it is a map or list (the item is level 1). */
  private checkValue(value: AttributeValue, path: ItemPath, level: number): void {
    const type = attributeTypeOf(value);
    const where = describePath(path);
    if (type === undefined) {
      const keys = value && typeof value === 'object' ? Object.keys(value) : [];
      this.report('invalidValue', `${where} is not a valid DynamoDB value (${keys.length ? `members: ${keys.join(', ')}` : 'no type'}): it needs exactly one of S, N, B, BOOL, NULL, M, L, SS, NS, BS.`, this.valueRange(path), path);
      return;
    }
    const v = value as Record<AttributeType, unknown>;
    switch (type) {
      case 'N':
        this.checkNumber(v.N as string, path, where);
        return;
      case 'NULL':
        if (v.NULL !== true) this.report('nullNotTrue', `${where} has NULL false: DynamoDB's NULL type only takes true. Remove the attribute instead.`, this.valueRange(path), path);
        return;
      case 'SS':
      case 'NS':
      case 'BS':
        this.checkSet(type, v[type] as (string | Uint8Array)[], path, where);
        return;
      case 'M':
      case 'L': {
        if (level > MAX_NESTING_LEVELS) {
          this.report('nestingTooDeep', `${where} is nested ${level} levels deep (counting the item as level 1); DynamoDB allows at most ${MAX_NESTING_LEVELS} levels of maps and lists. Flatten the structure.`, this.valueRange(path), path);
          return;
        }
        if (type === 'L') {
          (v.L as AttributeValue[]).forEach((e, i) => this.checkValue(e, [...path, i], level + 1));
        } else {
          const m = v.M as Record<string, AttributeValue>;
          for (const k of Object.keys(m)) {
            this.checkName(k, [...path, k]);
            this.checkValue(m[k], [...path, k], level + 1);
          }
        }
        return;
      }
      default:
        return;
    }
  }

  private checkNumber(text: string, path: ItemPath, where: string): void {
    const check = checkDynamoNumber(text);
    if (!check.ok) this.report(check.code, `Number at ${where}: ${check.reason}`, this.valueRange(path), path);
  }

  private checkSet(type: 'SS' | 'NS' | 'BS', members: (string | Uint8Array)[], path: ItemPath, where: string): void {
    if (members.length === 0) {
      this.report('emptySet', `${where} is an empty ${TYPE_NAMES[type]}: DynamoDB does not store empty sets. Add a member, use an empty list instead, or remove the attribute.`, this.valueRange(path), path);
      return;
    }
    const firstIndex = new Map<string, number>();
    members.forEach((member, i) => {
      let identity: string;
      if (type === 'NS') {
        const check = checkDynamoNumber(member as string);
        if (!check.ok) {
          this.report(check.code, `Member ${i + 1} of ${where}: ${check.reason}`, this.valueRange([...path, i]), [...path, i]);
          return;
        }
        identity = formatDecimal(check.decimal);
      } else {
        identity = type === 'SS' ? (member as string) : encodeBase64(member as Uint8Array);
      }
      const earlier = firstIndex.get(identity);
      if (earlier !== undefined) {
        const same = type === 'NS' && members[earlier] !== member ? ` (${members[earlier]} and ${member} are the same number)` : '';
        this.report('duplicateSetMember', `Member ${i + 1} of ${where} repeats member ${earlier + 1}${same}: set members must be unique. Remove one.`, this.valueRange([...path, i]), [...path, i]);
      } else {
        firstIndex.set(identity, i);
      }
    });
  }

  private itemStart(): TextRange {
    return this.options.positions?.itemStart ?? ZERO_RANGE;
  }

  private valueRange(path: ItemPath): TextRange {
    return this.options.positions?.get(path)?.value ?? this.itemStart();
  }

  private nameRange(path: ItemPath): TextRange {
    const place = this.options.positions?.get(path);
    return place?.name ?? place?.value ?? this.itemStart();
  }

  private report(code: ProblemCode, message: string, range: TextRange, path?: ItemPath, severity: ProblemSeverity = 'error'): void {
    this.problems.push({ message, range, severity, code, ...(path ? { path } : {}) });
  }
}
