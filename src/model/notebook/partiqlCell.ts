// PartiQL cells: statements with optional directives in leading comments, and variables of earlier cells.
//
//   -- name: customer              names the result for later cells
//   -- connection: Local           overrides the notebook's connection (and `-- region: eu-west-1` its region)
//   SELECT * FROM "CustomerOrders" WHERE CustomerId = :customer.CustomerId
//
// A reference outside quotes becomes a `?` parameter with the referenced value (a list reference becomes
// `[?, ?, …]`), so values are never pasted into the statement text. Several statements separated by `;` run as one
// transaction (ExecuteTransaction).
import type { AttributeValue } from '../items/types';
import type { TextRange } from '../items/types';
import type { CellProblem, CellTarget } from './queryCell';
import { REF_PATTERN, resolveRef, scopeNames, VARIABLE_NAME, type VariableScope } from './variables';
import { rangeAt } from './textRanges';

export interface PartiqlCell extends CellTarget {
  name?: string;
  /** The cell text (directives stay: they are comments to DynamoDB). */
  text: string;
}

const DIRECTIVE = /^\s*--\s*(name|connection|region)\s*:\s*(.*?)\s*$/;

export function parsePartiqlCell(text: string): { cell: PartiqlCell; problems: CellProblem[] } {
  const cell: PartiqlCell = { text };
  const problems: CellProblem[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    const m = DIRECTIVE.exec(line);
    if (m) {
      const [, key, value] = m;
      if (key === 'name' && !VARIABLE_NAME.test(value)) {
        problems.push({ message: `The result name "${value}" must be letters, digits and _ (not starting with a digit).`, range: rangeAt(text, offset, offset + line.length), severity: 'error' });
      } else if (value) {
        cell[key as 'name' | 'connection' | 'region'] = value;
      }
    }
    offset += line.length + 1;
  }
  return { cell, problems };
}

interface Piece {
  text: string;
  start: number;
}

/** The statements of a cell: split at `;` outside quotes and comments; empty ones dropped. */
export function splitStatements(text: string): Piece[] {
  const out: Piece[] = [];
  let start = 0;
  let i = 0;
  const push = (end: number) => {
    const body = text.slice(start, end);
    if (stripComments(body).trim().length > 0) out.push({ text: body, start });
  };
  while (i < text.length) {
    const c = text[i];
    if (c === "'" || c === '"') {
      const close = closingQuote(text, i);
      i = close < 0 ? text.length : close + 1;
    } else if (c === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end + 1;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (c === ';') {
      push(i);
      start = i + 1;
      i++;
    } else i++;
  }
  push(text.length);
  return out;
}

function closingQuote(text: string, open: number): number {
  const q = text[open];
  let j = open + 1;
  for (;;) {
    const close = text.indexOf(q, j);
    if (close < 0) return -1;
    if (text[close + 1] === q) {
      j = close + 2;
      continue;
    }
    return close;
  }
}

function stripComments(text: string): string {
  return text.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '');
}

/** Spans of a statement outside quotes and comments, where references count. */
function codeSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  let from = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    let skipTo = -1;
    if (c === "'" || c === '"') {
      const close = closingQuote(text, i);
      skipTo = close < 0 ? text.length : close + 1;
    } else if (c === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      skipTo = end < 0 ? text.length : end;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      skipTo = end < 0 ? text.length : end + 2;
    }
    if (skipTo >= 0) {
      if (i > from) spans.push([from, i]);
      from = skipTo;
      i = skipTo;
    } else i++;
  }
  if (from < text.length) spans.push([from, text.length]);
  return spans;
}

export interface BoundStatement {
  statement: string;
  parameters: AttributeValue[];
}

/** The references of a cell (outside quotes and comments), with their places. */
export function partiqlRefs(text: string): { text: string; name: string; range: TextRange; start: number; end: number }[] {
  const refs: { text: string; name: string; range: TextRange; start: number; end: number }[] = [];
  for (const [from, to] of codeSpans(text)) {
    const span = text.slice(from, to);
    for (const m of span.matchAll(REF_PATTERN)) {
      const start = from + (m.index ?? 0);
      // "a:b" inside a word is not a reference (e.g. a time literal outside quotes would be a syntax error anyway).
      if (start > 0 && /[A-Za-z0-9_]/.test(text[start - 1])) continue;
      refs.push({ text: m[0], name: m[1], start, end: start + m[0].length, range: rangeAt(text, start, start + m[0].length) });
    }
  }
  return refs;
}

/** References to names no cell above declared. */
export function checkPartiqlPlaceholders(text: string, namesAbove: readonly string[]): CellProblem[] {
  const known = new Set(namesAbove);
  return partiqlRefs(text)
    .filter((r) => !known.has(r.name))
    .map((r) => ({ message: `${r.text}: nothing above is named "${r.name}". Name the result of an earlier cell "${r.name}" (-- name: ${r.name}, or "name" in a query cell) and run it first.`, range: r.range, severity: 'error' as const }));
}

/** The statements of a cell with references replaced by parameters, or the problems that stop it from running. */
export function bindStatements(text: string, scope: VariableScope): { ok: true; statements: BoundStatement[] } | { ok: false; problems: CellProblem[] } {
  const problems: CellProblem[] = [];
  const statements: BoundStatement[] = [];
  const pieces = splitStatements(text);
  if (pieces.length === 0) return { ok: false, problems: [{ message: 'The cell has no statement. Write one, such as SELECT * FROM "Table" WHERE pk = \'value\'.', range: rangeAt(text, 0, text.length), severity: 'error' }] };
  for (const piece of pieces) {
    const parameters: AttributeValue[] = [];
    let out = '';
    let at = 0;
    for (const ref of partiqlRefs(piece.text)) {
      const parsed = { text: ref.text, ...splitRef(ref.text) };
      const resolved = resolveRef(parsed, scope);
      const range = rangeAt(text, piece.start + ref.start, piece.start + ref.end);
      out += piece.text.slice(at, ref.start);
      at = ref.end;
      if (!resolved.ok) {
        problems.push({ message: resolved.message, range, severity: 'error' });
        continue;
      }
      if (resolved.kind === 'value') {
        out += '?';
        parameters.push(resolved.value);
      } else if (resolved.kind === 'list') {
        out += `[${resolved.values.map(() => '?').join(', ')}]`;
        parameters.push(...resolved.values);
      } else {
        problems.push({ message: `${ref.text} is a key; PartiQL pages with its own token, so use a key attribute instead (e.g. ${ref.text.replace('$lastKey', '<attribute>')}).`, range, severity: 'error' });
      }
    }
    out += piece.text.slice(at);
    statements.push({ statement: out.trim(), parameters });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, statements };
}

function splitRef(text: string): { name: string; all: boolean; member?: string } {
  const m = /^:([A-Za-z_][A-Za-z0-9_]*)(\[\*\])?(?:\.(.+))?$/.exec(text)!;
  return { name: m[1], all: !!m[2], member: m[3] };
}

export { scopeNames };
