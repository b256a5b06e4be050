// Helpers over the SDK's AttributeValue union.
import type { AttributeValue, Item, KeyAttribute } from './types';

export const ATTRIBUTE_TYPES = ['S', 'N', 'B', 'BOOL', 'NULL', 'M', 'L', 'SS', 'NS', 'BS'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

const TYPE_SET: ReadonlySet<string> = new Set(ATTRIBUTE_TYPES);

export const TYPE_NAMES: Record<AttributeType, string> = {
  S: 'string (S)',
  N: 'number (N)',
  B: 'binary (B)',
  BOOL: 'boolean (BOOL)',
  NULL: 'null (NULL)',
  M: 'map (M)',
  L: 'list (L)',
  SS: 'string set (SS)',
  NS: 'number set (NS)',
  BS: 'binary set (BS)',
};

export function isAttributeType(name: string): name is AttributeType {
  return TYPE_SET.has(name);
}

/** The type of a value when it has exactly one well-formed member; undefined for anything else. */
export function attributeTypeOf(value: unknown): AttributeType | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  let found: AttributeType | undefined;
  // for…in rather than Object.keys: this runs for every value of every exported item. Values are plain objects,
  // so it sees exactly their own keys.
  for (const key in value) {
    if ((value as Record<string, unknown>)[key] === undefined) continue;
    if (found !== undefined || !isAttributeType(key)) return undefined;
    found = key;
  }
  if (found === undefined) return undefined;
  return isWellFormed(found, (value as Record<string, unknown>)[found]) ? found : undefined;
}

function isWellFormed(type: AttributeType, v: unknown): boolean {
  switch (type) {
    case 'S':
    case 'N':
      return typeof v === 'string';
    case 'B':
      return v instanceof Uint8Array;
    case 'BOOL':
    case 'NULL':
      return typeof v === 'boolean';
    case 'M':
      return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array);
    case 'L':
      return Array.isArray(v);
    case 'SS':
    case 'NS':
      return Array.isArray(v) && v.every((s) => typeof s === 'string');
    case 'BS':
      return Array.isArray(v) && v.every((b) => b instanceof Uint8Array);
  }
}

/** Sets an own property, also for the name "__proto__" (plain assignment would change the prototype instead). */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** Attribute names in document order: key attributes first (in key schema order), then the rest as the item lists them. */
export function orderedAttributeNames(item: Item, keySchema?: readonly KeyAttribute[]): string[] {
  const names = Object.keys(item);
  if (!keySchema || keySchema.length === 0) return names;
  const keys = keySchema.map((k) => k.name).filter((n) => Object.prototype.hasOwnProperty.call(item, n));
  const keySet = new Set(keys);
  return [...keys, ...names.filter((n) => !keySet.has(n))];
}

export function hasOwn(obj: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

export type { AttributeValue };
