// Item comparison by meaning, as DynamoDB sees it: sets are unordered, numbers are compared by value.
import { StudioError } from '../errors';
import { encodeBase64 } from './base64';
import { attributeTypeOf, hasOwn, setOwn, TYPE_NAMES } from './model';
import { canonicalNumber } from './numbers';
import type { AttributeValue, Item, KeyAttribute } from './types';

/** True when both items hold the same attributes with the same values. Numbers compare by value ("1.50" = "1.5"), sets ignore order. */
export function itemsEqual(a: Item, b: Item): boolean {
  return mapsEqual(a, b);
}

export function attributeValuesEqual(a: AttributeValue, b: AttributeValue): boolean {
  const type = attributeTypeOf(a);
  if (type === undefined || type !== attributeTypeOf(b)) return false;
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  switch (type) {
    case 'S':
    case 'BOOL':
    case 'NULL':
      return x[type] === y[type];
    case 'N':
      return numberIdentity(x.N as string) === numberIdentity(y.N as string);
    case 'B':
      return bytesEqual(x.B as Uint8Array, y.B as Uint8Array);
    case 'SS':
      return sameMembers(x.SS as string[], y.SS as string[], (s) => s);
    case 'NS':
      return sameMembers(x.NS as string[], y.NS as string[], numberIdentity);
    case 'BS':
      return sameMembers(x.BS as Uint8Array[], y.BS as Uint8Array[], encodeBase64);
    case 'L': {
      const l1 = x.L as AttributeValue[];
      const l2 = y.L as AttributeValue[];
      return l1.length === l2.length && l1.every((v, i) => attributeValuesEqual(v, l2[i]));
    }
    case 'M':
      return mapsEqual(x.M as Record<string, AttributeValue>, y.M as Record<string, AttributeValue>);
  }
}

function mapsEqual(a: Record<string, AttributeValue>, b: Record<string, AttributeValue>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => hasOwn(b, k) && attributeValuesEqual(a[k], b[k]));
}

function numberIdentity(text: string): string {
  // Text that is not a number equals only itself.
  return canonicalNumber(text) ?? `\u0000${text}`;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameMembers<T>(a: T[], b: T[], identity: (m: T) => string): boolean {
  if (a.length !== b.length) return false;
  const counts = new Map<string, number>();
  for (const m of a) {
    const id = identity(m);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  for (const m of b) {
    const id = identity(m);
    const n = counts.get(id);
    if (!n) return false;
    counts.set(id, n - 1);
  }
  return true;
}

/**
 * The attributes of `item` named in `names`, those it has (none is required): the key part of an item for
 * matching and messages, when the item may lack a key attribute. itemKey below is the strict form.
 */
export function projectKey(item: Item, names: readonly string[]): Item {
  const key: Item = {};
  for (const name of names) if (hasOwn(item, name) && item[name] !== undefined) setOwn(key, name, item[name]);
  return key;
}

/** The item's primary key, for GetItem, DeleteItem and conditions. Throws a StudioError when a key attribute is missing or mistyped. */
export function itemKey(item: Item, keySchema: readonly KeyAttribute[]): Item {
  const key: Item = {};
  for (const k of keySchema) {
    const value = hasOwn(item, k.name) ? item[k.name] : undefined;
    if (value === undefined) {
      throw new StudioError('validation', `The item has no key attribute ${JSON.stringify(k.name)}.`, { hint: `Add "${k.name}" with a ${TYPE_NAMES[k.type]} value.` });
    }
    const type = attributeTypeOf(value);
    if (type !== k.type) {
      throw new StudioError('validation', `The key attribute ${JSON.stringify(k.name)} is ${type ? `a ${TYPE_NAMES[type]}` : 'not a valid value'}, but the table's key schema says ${TYPE_NAMES[k.type]}.`, {
        hint: `Change "${k.name}" to a ${TYPE_NAMES[k.type]} value.`,
      });
    }
    setOwn(key, k.name, value);
  }
  return key;
}
