// Where each attribute, map entry, list element and set member of a parsed item sits in its document.
import type { ItemPath, TextRange } from './types';

export interface ValuePlace {
  /** The whole value (in DynamoDB JSON, its type descriptor object). */
  value: TextRange;
  /** The attribute name or map key, for named values. */
  name?: TextRange;
}

export class ItemPositions {
  private readonly places = new Map<string, ValuePlace>();

  /** itemRange: the top-level object; problems about the whole item are shown at its opening brace. */
  constructor(readonly itemRange: TextRange) {}

  set(path: ItemPath, place: ValuePlace): void {
    this.places.set(pathKey(path), place);
  }

  get(path: ItemPath): ValuePlace | undefined {
    return this.places.get(pathKey(path));
  }

  /** The opening brace of the item. */
  get itemStart(): TextRange {
    const s = this.itemRange.start;
    return { start: s, end: { line: s.line, column: s.column + 1, offset: s.offset + 1 } };
  }
}

function pathKey(path: ItemPath): string {
  return JSON.stringify(path);
}

/** Longest name or text quoted whole in a message; longer ones are shortened so a message stays readable. */
export const MAX_QUOTED_LENGTH = 80;

/** Text as people read it in a message: whole when short, else its start and end with its length. */
export function shortText(text: string): string {
  if (text.length <= MAX_QUOTED_LENGTH) return text;
  return `${text.slice(0, 48)}…${text.slice(-16)} (${text.length.toLocaleString('en-US')} characters)`;
}

/** A name or text in double quotes for a message, shortened when long: "a very long na…me" (70,000 characters). */
export function quoteText(text: string): string {
  if (text.length <= MAX_QUOTED_LENGTH) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, 48)).slice(0, -1)}…${JSON.stringify(text.slice(-16)).slice(1)} (${text.length.toLocaleString('en-US')} characters)`;
}

/** A path as people read it: the attribute name quoted, then .key, ["odd key"] and [index]: "Address".city, "Tags"[2]. */
export function describePath(path: ItemPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (out.length === 0) out = quoteText(seg);
    else out += /^[A-Za-z_][A-Za-z0-9_]*$/.test(seg) && seg.length <= MAX_QUOTED_LENGTH ? `.${seg}` : `[${quoteText(seg)}]`;
  }
  return out;
}
