// What the two notation readers share: collecting positioned problems, recording where values are, base64 and sets.
import { decodeBase64 } from './base64';
import type { JsonNode } from './json';
import { ItemPositions } from './positions';
import type { AttributeValue, Item, ItemPath, Problem, TextRange } from './types';

export type ItemParseResult = { ok: true; item: Item; positions: ItemPositions } | { ok: false; problems: Problem[] };

export function notationProblem(message: string, range: TextRange): Problem {
  return { message, range, severity: 'error', code: 'notation' };
}

export abstract class NotationReader {
  protected readonly problems: Problem[] = [];
  protected positions!: ItemPositions;

  protected result(item: Item): ItemParseResult {
    return this.problems.length > 0 ? { ok: false, problems: this.problems } : { ok: true, item, positions: this.positions };
  }

  protected report(message: string, range: TextRange): void {
    this.problems.push(notationProblem(message, range));
  }

  protected decode(node: { value: string; range: TextRange }, where: string): Uint8Array | undefined {
    const decoded = decodeBase64(node.value);
    if (decoded.ok) return decoded.bytes;
    this.report(`The binary value of ${where} is not valid base64: ${decoded.reason}.`, node.range);
    return undefined;
  }

  /** Reads set members with `member`, which reports and returns undefined for a bad one; undefined if any was bad. */
  protected readSet(
    type: 'SS' | 'NS' | 'BS',
    elements: JsonNode[],
    path: ItemPath,
    where: string,
    member: (element: JsonNode, memberWhere: string) => string | Uint8Array | undefined,
  ): AttributeValue | undefined {
    const members: (string | Uint8Array)[] = [];
    let ok = true;
    elements.forEach((element, i) => {
      this.positions.set([...path, i], { value: element.range });
      const m = member(element, `member ${i + 1} of ${where}`);
      if (m === undefined) ok = false;
      else members.push(m);
    });
    if (!ok) return undefined;
    if (type === 'BS') return { BS: members as Uint8Array[] };
    return type === 'SS' ? { SS: members as string[] } : { NS: members as string[] };
  }
}
