// Attribute paths as people type them in the query builder: `a.b[0].c`, with double quotes around any name that
// holds a dot, a bracket, a quote or surrounding spaces: `"a.b".c`, `nested."x.y"[2]`, `"say \"hi\""`.
//
//   path     := segment ( '.' name | '[' digits ']' )*
//   segment  := name ( '[' digits ']' )*
//   name     := bare | quoted
//   bare     := one or more characters other than . [ ] " (inner spaces and '#' are fine: `with space`, `#hash`)
//   quoted   := '"' ( any character but " and \ | '\"' | '\\' )* '"'
//
// Every name is sent as an ExpressionAttributeNames placeholder, so reserved words need no quoting.

import { shortText } from '../items/positions';

export type PathSegment = string | number;

export interface PathProblem {
  message: string;
  /** 0-based column in the path text where the problem is. */
  column: number;
}

export type PathParseResult = { ok: true; segments: PathSegment[] } | { ok: false; problem: PathProblem };

const BARE_STOP = new Set(['.', '[', ']', '"']);

export function parsePath(text: string): PathParseResult {
  const segments: PathSegment[] = [];
  let i = 0;
  const fail = (message: string, column = i): PathParseResult => ({ ok: false, problem: { message, column } });

  const readName = (): string | PathParseResult => {
    if (text[i] === '"') {
      const start = i;
      i++;
      let name = '';
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\') {
          const next = text[i + 1];
          if (next !== '"' && next !== '\\') return fail(`Unknown escape "\\${next ?? ''}" at column ${i + 1}: inside quotes only \\" and \\\\ are escapes.`);
          name += next;
          i += 2;
        } else {
          name += text[i++];
        }
      }
      if (i >= text.length) return fail(`The quoted name that starts at column ${start + 1} has no closing '"'. Add one.`, start);
      i++;
      if (name.length === 0) return fail(`Empty quoted name at column ${start + 1}: attribute names cannot be empty.`, start);
      return name;
    }
    const start = i;
    while (i < text.length && !BARE_STOP.has(text[i])) i++;
    const name = text.slice(start, i);
    if (name.trim().length === 0) {
      const found = i < text.length ? `'${text[i]}'` : 'the end of the path';
      return fail(`Expected an attribute name at column ${start + 1}, found ${found}.`, start);
    }
    if (name !== name.trim()) {
      return fail(`The name "${shortText(name)}" at column ${start + 1} starts or ends with a space. Put it in double quotes if the spaces are part of the name.`, start);
    }
    return name;
  };

  const readIndexes = (): PathParseResult | undefined => {
    while (text[i] === '[') {
      const start = i;
      i++;
      const m = /^[0-9]+/.exec(text.slice(i));
      if (!m) return fail(`Expected a list index (digits) after '[' at column ${start + 1}, as in items[0].`, i);
      if (m[0].length > 1 && m[0].startsWith('0')) return fail(`The list index "${shortText(m[0])}" at column ${i + 1} has leading zeros. Write ${shortText(m[0].replace(/^0+(?=[0-9])/, ''))}.`, i);
      i += m[0].length;
      if (text[i] !== ']') return fail(`Expected ']' at column ${i + 1} to close the list index.`);
      i++;
      segments.push(Number(m[0]));
    }
    return undefined;
  };

  if (text.length === 0) return fail('The path is empty. Give an attribute name such as Status or a.b[0].c.', 0);
  for (;;) {
    const name = readName();
    if (typeof name !== 'string') return name;
    segments.push(name);
    const indexProblem = readIndexes();
    if (indexProblem) return indexProblem;
    if (i >= text.length) break;
    if (text[i] === '.') {
      i++;
      if (i >= text.length) return fail('The path ends with \'.\': give the name that follows it.', i - 1);
      continue;
    }
    return fail(`Unexpected '${text[i]}' at column ${i + 1}. Put the name in double quotes if the character is part of it.`);
  }
  return { ok: true, segments };
}

function needsQuotes(name: string): boolean {
  if (name.length === 0 || name !== name.trim()) return true;
  for (const ch of name) if (BARE_STOP.has(ch) || ch === '\\') return true;
  return false;
}

/** The text of a path that parsePath reads back to the same segments. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  segments.forEach((segment, i) => {
    if (typeof segment === 'number') {
      out += `[${segment}]`;
      return;
    }
    if (i > 0) out += '.';
    out += needsQuotes(segment) ? `"${segment.replace(/[\\"]/g, (c) => `\\${c}`)}"` : segment;
  });
  return out;
}

/** The path of a top-level attribute name, quoted when needed. */
export function attributePath(name: string): string {
  return formatPath([name]);
}
