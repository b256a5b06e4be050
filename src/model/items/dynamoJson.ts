// DynamoDB JSON notation: the AttributeValue wire form, {"Name": {"S": "Alice"}, "Age": {"N": "42"}}, with binary as
// base64 and numbers as strings.
import { StudioError } from '../errors';
import { encodeBase64 } from './base64';
import { OutNode, raw, render, str } from './format';
import { describeNodeKind, JsonMember, JsonNode, parseJson } from './json';
import { ATTRIBUTE_TYPES, AttributeType, attributeTypeOf, isAttributeType, orderedAttributeNames, setOwn } from './model';
import { describePath, ItemPositions, quoteText, shortText } from './positions';
import { ItemParseResult, NotationReader, notationProblem } from './notationReader';
import type { AttributeValue, Item, ItemPath, KeyAttribute, TextRange } from './types';

export interface WriteOptions {
  keySchema?: readonly KeyAttribute[];
  /** Indentation unit; two spaces by default. */
  indent?: string;
}

export type { ItemParseResult };

/** Writes an item as DynamoDB JSON. Throws a StudioError for a value that is not a well-formed AttributeValue. */
export function itemToDynamoJson(item: Item, options: WriteOptions = {}): string {
  const entries: [string, OutNode][] = orderedAttributeNames(item, options.keySchema).map((name) => [name, descriptorOut(item[name], [name])]);
  return render({ kind: 'object', entries }, options.indent);
}

export function malformedValueError(path: ItemPath, value: unknown): StudioError {
  const shown = value === undefined ? 'undefined' : Object.keys(value as object).join(', ') || 'no type';
  return new StudioError(
    'validation',
    `The value at ${describePath(path)} is not a DynamoDB attribute value (it has ${shown}); it cannot be shown as a document.`,
    { hint: 'Every value needs exactly one of the types S, N, B, BOOL, NULL, M, L, SS, NS, BS.' },
  );
}

function descriptorOut(value: AttributeValue, path: ItemPath): OutNode {
  const type = attributeTypeOf(value);
  if (type === undefined) throw malformedValueError(path, value);
  const v = value as Record<AttributeType, unknown>;
  let inner: OutNode;
  switch (type) {
    case 'S':
    case 'N':
      inner = str(v[type] as string);
      break;
    case 'B':
      inner = str(encodeBase64(v.B as Uint8Array));
      break;
    case 'BOOL':
    case 'NULL':
      inner = raw(String(v[type]));
      break;
    case 'SS':
    case 'NS':
      inner = { kind: 'array', items: (v[type] as string[]).map(str) };
      break;
    case 'BS':
      inner = { kind: 'array', items: (v.BS as Uint8Array[]).map((b) => str(encodeBase64(b))) };
      break;
    case 'M': {
      const m = v.M as Record<string, AttributeValue>;
      inner = { kind: 'object', entries: Object.keys(m).map((k) => [k, descriptorOut(m[k], [...path, k])]) };
      break;
    }
    case 'L':
      inner = { kind: 'array', items: (v.L as AttributeValue[]).map((e, i) => descriptorOut(e, [...path, i])) };
      break;
  }
  return { kind: 'object', entries: [[type, inner]] };
}

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
