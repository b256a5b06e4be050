// Plain JSON notation: natural JSON for strings, numbers, booleans, null, maps and lists, and a small tagged form
// for what JSON cannot say. Numbers keep their exact digits. The convention is described in docs/item-notation.md:
//
//   {"$SS": ["a", "b"]}   string set           {"$B": "base64"}        binary
//   {"$NS": [1, 2.5]}     number set           {"$BS": ["base64", …]}  binary set
//   {"$N": "text"}        number whose text is not a JSON number literal (e.g. "+1", ".5")
//   {"$M": {…}}           map whose only key is one of these tags (escape)
//
// An object is a tag exactly when it has one key and that key is one of the tags above; every other object is a map.
import { encodeBase64 } from './base64';
import { OutNode, raw, render, str } from './format';
import { describeNodeKind, isJsonNumberLiteral, JsonMember, JsonNode, parseJson } from './json';
import { attributeTypeOf, AttributeType, orderedAttributeNames, setOwn } from './model';
import { describePath, ItemPositions, shortText } from './positions';
import { malformedValueError, WriteOptions } from './dynamoJson';
import { ItemParseResult, NotationReader, notationProblem } from './notationReader';
import type { AttributeValue, Item, ItemPath } from './types';

export const PLAIN_TAGS = ['$SS', '$NS', '$BS', '$B', '$N', '$M'] as const;
type PlainTag = (typeof PLAIN_TAGS)[number];
const TAG_SET: ReadonlySet<string> = new Set(PLAIN_TAGS);

function isTag(key: string): key is PlainTag {
  return TAG_SET.has(key);
}

/** Writes an item as plain JSON. Throws a StudioError for a value that is not a well-formed AttributeValue. */
export function itemToPlainJson(item: Item, options: WriteOptions = {}): string {
  const entries: [string, OutNode][] = orderedAttributeNames(item, options.keySchema).map((name) => [name, valueOut(item[name], [name])]);
  return render({ kind: 'object', entries }, options.indent);
}

function numberOut(text: string): OutNode {
  return isJsonNumberLiteral(text) ? raw(text) : str(text);
}

function tagged(tag: PlainTag, inner: OutNode): OutNode {
  return { kind: 'object', entries: [[tag, inner]] };
}

function valueOut(value: AttributeValue, path: ItemPath): OutNode {
  const type: AttributeType | undefined = attributeTypeOf(value);
  if (type === undefined) throw malformedValueError(path, value);
  switch (type) {
    case 'S':
      return str(value.S as string);
    case 'N':
      return isJsonNumberLiteral(value.N as string) ? raw(value.N as string) : tagged('$N', str(value.N as string));
    case 'BOOL':
      return raw(String(value.BOOL));
    case 'NULL':
      return raw('null');
    case 'B':
      return tagged('$B', str(encodeBase64(value.B as Uint8Array)));
    case 'SS':
      return tagged('$SS', { kind: 'array', items: (value.SS as string[]).map(str) });
    case 'NS':
      return tagged('$NS', { kind: 'array', items: (value.NS as string[]).map(numberOut) });
    case 'BS':
      return tagged('$BS', { kind: 'array', items: (value.BS as Uint8Array[]).map((b) => str(encodeBase64(b))) });
    case 'L':
      return { kind: 'array', items: (value.L as AttributeValue[]).map((v, i) => valueOut(v, [...path, i])) };
    case 'M': {
      const m = value.M as Record<string, AttributeValue>;
      const keys = Object.keys(m);
      const map: OutNode = { kind: 'object', entries: keys.map((k) => [k, valueOut(m[k], [...path, k])]) };
      // A map whose only key is a tag would read back as that tag: wrap it.
      return keys.length === 1 && isTag(keys[0]) ? tagged('$M', map) : map;
    }
  }
}

/** Reads plain JSON text into an item. Never throws for bad input: every problem found is returned with its place. */
export function plainJsonToItem(text: string): ItemParseResult {
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed;
  return new PlainJsonReader().readItem(parsed.value);
}

class PlainJsonReader extends NotationReader {
  readItem(root: JsonNode): ItemParseResult {
    this.positions = new ItemPositions(root.range);
    if (root.kind !== 'object') {
      return { ok: false, problems: [notationProblem(`An item must be a JSON object such as { "id": "1" }, found ${describeNodeKind(root)}.`, root.range)] };
    }
    // The top level is always the item's attributes, never a tag.
    const item = this.readMembers(root.members, []);
    return this.result(item);
  }

  private readMembers(members: JsonMember[], path: ItemPath): Record<string, AttributeValue> {
    const out: Record<string, AttributeValue> = {};
    for (const member of members) {
      const memberPath = [...path, member.key];
      this.positions.set(memberPath, { value: member.value.range, name: member.keyRange });
      const v = this.readValue(member.value, memberPath);
      if (v) setOwn(out, member.key, v);
    }
    return out;
  }

  private readValue(node: JsonNode, path: ItemPath): AttributeValue | undefined {
    switch (node.kind) {
      case 'string':
        return { S: node.value };
      case 'number':
        return { N: node.text };
      case 'boolean':
        return { BOOL: node.value };
      case 'null':
        return { NULL: true };
      case 'array': {
        const list: AttributeValue[] = [];
        node.elements.forEach((element, i) => {
          this.positions.set([...path, i], { value: element.range });
          const v = this.readValue(element, [...path, i]);
          if (v) list.push(v);
        });
        return { L: list };
      }
      case 'object':
        if (node.members.length === 1 && isTag(node.members[0].key)) return this.readTagged(node.members[0], path);
        return { M: this.readMembers(node.members, path) };
    }
  }

  private readTagged(member: JsonMember, path: ItemPath): AttributeValue | undefined {
    const tag = member.key as PlainTag;
    const value = member.value;
    const where = describePath(path);
    switch (tag) {
      case '$M':
        if (value.kind !== 'object') return this.wrongShape(tag, where, 'an object of map entries', value);
        return { M: this.readMembers(value.members, path) };
      case '$N':
        if (value.kind !== 'string') {
          const tip = value.kind === 'number' ? ` Write ${shortText(value.text)} without the tag, or {"$N": "${shortText(value.text)}"}.` : '';
          this.report(`"$N" in ${where} takes the number as a string, found ${describeNodeKind(value)}.${tip}`, value.range);
          return undefined;
        }
        return { N: value.value };
      case '$B': {
        if (value.kind !== 'string') return this.wrongShape(tag, where, 'a base64 string', value);
        const bytes = this.decode(value, where);
        return bytes ? { B: bytes } : undefined;
      }
      case '$SS':
      case '$NS':
      case '$BS': {
        const wanted = { $SS: 'an array of strings', $NS: 'an array of numbers', $BS: 'an array of base64 strings' }[tag];
        if (value.kind !== 'array') return this.wrongShape(tag, where, wanted, value);
        return this.readSet(tag === '$SS' ? 'SS' : tag === '$NS' ? 'NS' : 'BS', value.elements, path, where, (element, memberWhere) => {
          if (tag === '$NS' && element.kind === 'number') return element.text;
          if (element.kind !== 'string') {
            this.report(`The ${memberWhere} must be ${tag === '$NS' ? 'a number' : 'a string'} in "${tag}", found ${describeNodeKind(element)}.`, element.range);
            return undefined;
          }
          return tag === '$BS' ? this.decode(element, memberWhere) : element.value;
        });
      }
    }
  }

  private wrongShape(tag: PlainTag, where: string, wanted: string, node: JsonNode): undefined {
    const escape = ` (A map whose only key is "${tag}" is written {"$M": {"${tag}": …}}.)`;
    this.report(`"${tag}" in ${where} takes ${wanted}, found ${describeNodeKind(node)}.${tag === '$M' ? '' : escape}`, node.range);
    return undefined;
  }

}
