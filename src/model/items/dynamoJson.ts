// DynamoDB JSON notation: the AttributeValue wire form, {"Name": {"S": "Alice"}, "Age": {"N": "42"}}, with binary as
// base64 and numbers as strings. This is its document reader, which says where each problem is; the writer is the
// codec's (codec.ts).
import type { WriteOptions } from './codec';
import { describeNodeKind, JsonMember, JsonNode, parseJson } from './json';
import { ATTRIBUTE_TYPES, AttributeType, isAttributeType, setOwn } from './model';
import { describePath, ItemPositions, quoteText, shortText } from './positions';
import { ItemParseResult, NotationReader, notationProblem } from './notationReader';
import type { AttributeValue, Item, ItemPath, TextRange } from './types';

export type { ItemParseResult, WriteOptions };
export { itemToDynamoJson } from './codec';

/** Reads DynamoDB JSON text into an item. Never throws for bad input: every problem found is returned with its place. */
export function dynamoJsonToItem(text: string): ItemParseResult {
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed;
  const reader = new DynamoJsonReader();
  return reader.readItem(parsed.value);
}

class DynamoJsonReader extends NotationReader {
  readItem(root: JsonNode): ItemParseResult {
    this.positions = new ItemPositions(root.range);
    if (root.kind !== 'object') {
      return {
        ok: false,
        problems: [notationProblem(`An item must be a JSON object such as { "id": { "S": "1" } }, found ${describeNodeKind(root)}.`, root.range)],
      };
    }
    const item: Item = {};
    for (const member of root.members) {
      const value = this.readNamed(member, [member.key]);
      if (value) setOwn(item, member.key, value);
    }
    return this.result(item);
  }

  private readNamed(member: JsonMember, path: ItemPath): AttributeValue | undefined {
    this.positions.set(path, { value: member.value.range, name: member.keyRange });
    return this.readDescriptor(member.value, path);
  }

  private readDescriptor(node: JsonNode, path: ItemPath): AttributeValue | undefined {
    const where = describePath(path);
    if (node.kind !== 'object') {
      this.report(`The value of ${where} must be a type descriptor such as { "S": "text" } or { "N": "42" }, found ${describeNodeKind(node)}.`, node.range);
      return undefined;
    }
    if (node.members.length === 0) {
      this.report(`The type descriptor of ${where} is empty: give exactly one of ${ATTRIBUTE_TYPES.join(', ')}, for example { "S": "text" }.`, node.range);
      return undefined;
    }
    if (node.members.length > 1) {
      const extra = node.members[1];
      this.report(
        `The type descriptor of ${where} has ${node.members.length} types (${node.members.slice(0, 10).map((m) => quoteText(m.key)).join(', ')}): a value has exactly one type. Keep one.`,
        extra.keyRange,
      );
      return undefined;
    }
    const [{ key: type, keyRange, value }] = node.members;
    if (!isAttributeType(type)) {
      const suggestion = ATTRIBUTE_TYPES.find((t) => t.toLowerCase() === type.toLowerCase());
      const hint = suggestion ? ` Did you mean "${suggestion}"? Type names are case-sensitive.` : '';
      this.report(`Unknown type ${quoteText(type)} in ${where}: expected one of ${ATTRIBUTE_TYPES.join(', ')}.${hint}`, keyRange);
      return undefined;
    }
    switch (type) {
      case 'S':
        return this.expect(value, 'string', where, type) ? { S: (value as { value: string }).value } : undefined;
      case 'N':
        if (value.kind === 'number') {
          this.report(`The number of ${where} must be written as a string in DynamoDB JSON: { "N": "${shortText(value.text)}" }.`, value.range);
          return undefined;
        }
        return this.expect(value, 'string', where, type) ? { N: (value as { value: string }).value } : undefined;
      case 'B': {
        if (!this.expect(value, 'string', where, type)) return undefined;
        const bytes = this.decode(value as { value: string; range: TextRange }, where);
        return bytes ? { B: bytes } : undefined;
      }
      case 'BOOL':
        return this.expect(value, 'boolean', where, type) ? { BOOL: (value as { value: boolean }).value } : undefined;
      case 'NULL':
        if (value.kind === 'boolean' && !value.value) {
          this.report(`"NULL" must be true in ${where}: DynamoDB has no NULL false. To remove the value, delete the attribute.`, value.range);
          return undefined;
        }
        return this.expect(value, 'true', where, type) ? { NULL: true } : undefined;
      case 'M': {
        if (!this.expect(value, 'object', where, type)) return undefined;
        const map: Record<string, AttributeValue> = {};
        let ok = true;
        for (const member of (value as { members: JsonMember[] }).members) {
          const v = this.readNamed(member, [...path, member.key]);
          if (v) setOwn(map, member.key, v);
          else ok = false;
        }
        return ok ? { M: map } : undefined;
      }
      case 'L': {
        if (!this.expect(value, 'array', where, type)) return undefined;
        const list: AttributeValue[] = [];
        let ok = true;
        (value as { elements: JsonNode[] }).elements.forEach((element, i) => {
          this.positions.set([...path, i], { value: element.range });
          const v = this.readDescriptor(element, [...path, i]);
          if (v) list.push(v);
          else ok = false;
        });
        return ok ? { L: list } : undefined;
      }
      case 'SS':
      case 'NS':
      case 'BS':
        if (!this.expect(value, 'array', where, type)) return undefined;
        return this.readSet(type, (value as { elements: JsonNode[] }).elements, path, where, (element, memberWhere) => {
          if (element.kind !== 'string') {
            const tip = type === 'NS' && element.kind === 'number' ? ` Write it as "${shortText(element.text)}".` : '';
            this.report(`The ${memberWhere} must be a string in a ${type} set, found ${describeNodeKind(element)}.${tip}`, element.range);
            return undefined;
          }
          return type === 'BS' ? this.decode(element, memberWhere) : element.value;
        });
    }
  }

  private expect(node: JsonNode, kind: 'string' | 'boolean' | 'true' | 'object' | 'array', where: string, type: AttributeType): boolean {
    const matches = kind === 'true' ? node.kind === 'boolean' && node.value : node.kind === kind;
    if (!matches) {
      const wanted = { string: 'a string', boolean: 'true or false', true: 'true', object: 'an object', array: 'an array' }[kind];
      this.report(`The "${type}" value of ${where} must be ${wanted}, found ${describeNodeKind(node)}.`, node.range);
    }
    return matches;
  }

}
