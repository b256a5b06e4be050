// Plain JSON notation (docs/item-notation.md; the tags are described at PLAIN_TAGS in codec.ts): its document reader,
// which says where each problem is. The writer is the codec's (codec.ts).
import { isPlainTag, PLAIN_TAGS, type PlainTag } from './codec';
import { describeNodeKind, JsonMember, JsonNode, parseJson } from './json';
import { setOwn } from './model';
import { describePath, ItemPositions, shortText } from './positions';
import { ItemParseResult, NotationReader, notationProblem } from './notationReader';
import type { AttributeValue, ItemPath } from './types';

export { PLAIN_TAGS };
export { itemToPlainJson } from './codec';

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
        if (node.members.length === 1 && isPlainTag(node.members[0].key)) return this.readTagged(node.members[0], path);
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
