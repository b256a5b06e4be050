// A small pretty printer for the documents we write: containers of scalars stay on one line when they fit,
// everything else gets one entry per line. Output is deterministic for a given input.

export type OutNode =
  | { kind: 'raw'; text: string }
  | { kind: 'array'; items: OutNode[] }
  | { kind: 'object'; entries: [string, OutNode][] };

export const raw = (text: string): OutNode => ({ kind: 'raw', text });
export const str = (value: string): OutNode => ({ kind: 'raw', text: JSON.stringify(value) });

const LINE_WIDTH = 100;

export function render(node: OutNode, indentUnit = '  '): string {
  return renderNode(node, '', 0, indentUnit, true) + '\n';
}

/**
 * How a writer builds JSON: as a tree for the pretty printer (TREE_BUILDER) or straight into compact text
 * (COMPACT_BUILDER, one line without spaces, as JSON Lines want it). The codec writes each notation once against
 * this interface.
 */
export interface JsonBuilder<T> {
  /** Text that is already JSON (a number literal, true, null). */
  raw(text: string): T;
  str(value: string): T;
  array(items: T[]): T;
  /** An object with these member names, in order; `valueOf` builds each member's value. */
  object(names: readonly string[], valueOf: (name: string) => T): T;
  /** An object of one member whose key needs no escaping: a type descriptor ({"S": …}) or a tag ({"$SS": …}). */
  member(key: string, value: T): T;
}

export const TREE_BUILDER: JsonBuilder<OutNode> = {
  raw,
  str,
  array: (items) => ({ kind: 'array', items }),
  object: (names, valueOf) => ({ kind: 'object', entries: names.map((name) => [name, valueOf(name)]) }),
  member: (key, value) => ({ kind: 'object', entries: [[key, value]] }),
};

export const COMPACT_BUILDER: JsonBuilder<string> = {
  raw: (text) => text,
  str: (value) => JSON.stringify(value),
  array: (items) => `[${items.join(',')}]`,
  object: (names, valueOf) => {
    let out = '{';
    for (let i = 0; i < names.length; i++) out += `${i === 0 ? '' : ','}${JSON.stringify(names[i])}:${valueOf(names[i])}`;
    return out + '}';
  },
  member: (key, value) => `{"${key}":${value}}`,
};

/** A JSON value without numbers (strings, booleans, null, arrays, objects) as a tree for the pretty printer. */
export function jsonValueNode(value: unknown): OutNode {
  if (Array.isArray(value)) return { kind: 'array', items: value.map(jsonValueNode) };
  if (value !== null && typeof value === 'object') return { kind: 'object', entries: Object.keys(value).map((k) => [k, jsonValueNode((value as Record<string, unknown>)[k])]) };
  return raw(JSON.stringify(value));
}

/** Containers nest at most this deep on one line, e.g. { "L": [{ "S": "a" }] }. */
const MAX_INLINE_DEPTH = 3;

function oneLine(node: OutNode, depth = 1): string | undefined {
  if (node.kind === 'raw') return node.text;
  if (depth > MAX_INLINE_DEPTH) return undefined;
  if (node.kind === 'array') {
    const parts = node.items.map((n) => oneLine(n, depth + 1));
    if (parts.some((p) => p === undefined)) return undefined;
    return `[${parts.join(', ')}]`;
  }
  if (node.entries.length === 0) return '{}';
  // A map of several entries stays on one line only when all of them are scalars; single-entry objects are type
  // descriptors and tags, which read best inline.
  if (node.entries.length > 1 && node.entries.some(([, n]) => n.kind !== 'raw')) return undefined;
  const parts = node.entries.map(([k, n]) => {
    const flat = oneLine(n, depth + 1);
    return flat === undefined ? undefined : `${JSON.stringify(k)}: ${flat}`;
  });
  if (parts.some((p) => p === undefined)) return undefined;
  return `{ ${parts.join(', ')} }`;
}

function renderNode(node: OutNode, indent: string, prefixLength: number, unit: string, top = false): string {
  if (!top) {
    const flat = oneLine(node);
    if (flat !== undefined && (node.kind === 'raw' || indent.length + prefixLength + flat.length <= LINE_WIDTH)) return flat;
  }
  if (node.kind === 'raw') return node.text;
  const inner = indent + unit;
  if (node.kind === 'array') {
    if (node.items.length === 0) return '[]';
    return `[\n${node.items.map((n) => inner + renderNode(n, inner, 0, unit)).join(',\n')}\n${indent}]`;
  }
  if (node.entries.length === 0) return '{}';
  const lines = node.entries.map(([k, n]) => {
    const key = `${JSON.stringify(k)}: `;
    return inner + key + renderNode(n, inner, key.length, unit);
  });
  return `{\n${lines.join(',\n')}\n${indent}}`;
}
