// A shape check of DynamoDB PartiQL statements as written in code: the verb, the clause that names the table
// (FROM, INTO, or the word after UPDATE), WHERE where DynamoDB requires one, balanced brackets and closed quotes.
// Not a full PartiQL grammar: it reports what is certainly wrong and names the table so it can be checked.
import type { ExpressionProblem, Span } from './parser';

export interface PartiqlShape {
  verb?: 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE' | 'EXISTS';
  /** The table the statement names, unquoted, with where it stands. */
  table?: Span & { name: string };
  /** SELECT … FROM "table"."index". */
  index?: Span & { name: string };
  /** How many `?` parameters the statement has. */
  parameters: number;
  /** Where each `?` parameter stands, in order (outside quotes and comments). */
  parameterSpans: Span[];
  problems: ExpressionProblem[];
}

interface Token extends Span {
  kind: 'word' | 'quoted' | 'string' | 'number' | 'punct';
  text: string;
}

const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}', '<<': '>>' };

function tokenize(s: string, problems: ExpressionProblem[]): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    const start = i;
    if (/\s/.test(c)) i++;
    else if (c === '-' && s[i + 1] === '-') {
      const nl = s.indexOf('\n', i);
      i = nl < 0 ? s.length : nl + 1;
    } else if (c === '/' && s[i + 1] === '*') {
      const close = s.indexOf('*/', i + 2);
      if (close < 0) {
        problems.push({ start, end: s.length, message: 'This comment is never closed: end it with */.' });
        i = s.length;
      } else i = close + 2;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      let text = '';
      for (;;) {
        if (j >= s.length) {
          problems.push({ start, end: s.length, message: `The ${c === '"' ? 'quoted name' : 'string'} that starts here is never closed: end it with ${c}.` });
          break;
        }
        if (s[j] === c) {
          if (s[j + 1] === c) {
            text += c;
            j += 2;
            continue;
          }
          j++;
          break;
        }
        text += s[j++];
      }
      i = j;
      tokens.push({ kind: c === '"' ? 'quoted' : 'string', text, start, end: i });
    } else if (/[A-Za-z_]/.test(c)) {
      while (i < s.length && /[A-Za-z0-9_]/.test(s[i])) i++;
      tokens.push({ kind: 'word', text: s.slice(start, i), start, end: i });
    } else if (/[0-9]/.test(c)) {
      while (i < s.length && /[0-9.eE+-]/.test(s[i]) && !(s[i] === '-' && s[i - 1] !== 'e' && s[i - 1] !== 'E')) i++;
      tokens.push({ kind: 'number', text: s.slice(start, i), start, end: i });
    } else {
      const two = s.slice(i, i + 2);
      const text = ['<<', '>>', '<>', '!=', '<=', '>='].includes(two) ? two : c;
      i += text.length;
      tokens.push({ kind: 'punct', text, start, end: i });
    }
  }
  return tokens;
}

const upper = (t: Token | undefined): string => (t && t.kind === 'word' ? t.text.toUpperCase() : '');

export function checkPartiql(statement: string): PartiqlShape {
  const problems: ExpressionProblem[] = [];
  const tokens = tokenize(statement, problems);
  const parameterSpans = tokens.filter((t) => t.kind === 'punct' && t.text === '?').map((t) => ({ start: t.start, end: t.end }));
  const shape: PartiqlShape = { parameters: parameterSpans.length, parameterSpans, problems };
  if (tokens.length === 0) {
    problems.push({ start: 0, end: Math.max(1, statement.length), message: 'The statement is empty.' });
    return shape;
  }
  // Brackets, at every depth.
  const open: Token[] = [];
  for (const t of tokens) {
    if (t.kind !== 'punct') continue;
    if (CLOSERS[t.text]) open.push(t);
    else if (Object.values(CLOSERS).includes(t.text)) {
      const last = open.pop();
      if (!last || CLOSERS[last.text] !== t.text) {
        problems.push({ start: t.start, end: t.end, message: last ? `"${t.text}" closes "${last.text}" at column ${last.start + 1}: expected "${CLOSERS[last.text]}".` : `"${t.text}" closes nothing.` });
        return shape;
      }
    }
  }
  for (const t of open) problems.push({ start: t.start, end: t.end, message: `"${t.text}" is never closed: add "${CLOSERS[t.text]}".` });

  // Words at depth 0 (outside brackets), where clauses live.
  const top: Token[] = [];
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === 'punct' && CLOSERS[t.text]) depth++;
    else if (t.kind === 'punct' && Object.values(CLOSERS).includes(t.text)) depth--;
    else if (depth === 0) top.push(t);
  }
  const first = tokens[0];
  const verb = upper(first);
  if (!['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'EXISTS'].includes(verb)) {
    problems.push({ start: first.start, end: first.end, message: `A DynamoDB PartiQL statement starts with SELECT, INSERT, UPDATE or DELETE, not "${first.text}".` });
    return shape;
  }
  shape.verb = verb as PartiqlShape['verb'];
  if (verb === 'EXISTS') return shape;

  const findTop = (word: string, from = 0): number => top.findIndex((t, i) => i >= from && upper(t) === word);
  const readTarget = (at: number, after: string): number => {
    const t = top[at];
    if (!t || (t.kind !== 'quoted' && t.kind !== 'word')) {
      const where = t ?? { start: Math.max(0, statement.length - 1), end: statement.length };
      problems.push({ start: where.start, end: Math.max(where.end, where.start + 1), message: `Expected a table name after ${after}, such as "Orders".` });
      return at;
    }
    shape.table = { name: t.text, start: t.start, end: t.end };
    let next = at + 1;
    const dot = top[next];
    if (dot && dot.kind === 'punct' && dot.text === '.') {
      const idx = top[next + 1];
      if (idx && (idx.kind === 'quoted' || idx.kind === 'word')) {
        shape.index = { name: idx.text, start: idx.start, end: idx.end };
        next += 2;
      } else {
        problems.push({ start: dot.start, end: dot.end, message: 'Expected an index name after the ".".' });
      }
    }
    return next;
  };
  const requireWhere = (from: number, what: string): void => {
    if (findTop('WHERE', from) < 0) {
      problems.push({ start: first.start, end: first.end, message: `${what} needs a WHERE clause that names the item's whole primary key.` });
    }
  };

  if (verb === 'SELECT') {
    const from = findTop('FROM');
    if (from < 0) {
      problems.push({ start: first.start, end: first.end, message: 'SELECT needs FROM and a table name: SELECT * FROM "Table".' });
      return shape;
    }
    const after = readTarget(from + 1, 'FROM');
    const rest = top[after];
    if (rest && !['WHERE', 'ORDER'].includes(upper(rest)) && !(rest.kind === 'punct' && rest.text === ';')) {
      problems.push({ start: rest.start, end: rest.end, message: `Expected WHERE, ORDER BY or the end after the table name, found "${rest.text}".` });
    }
  } else if (verb === 'INSERT') {
    if (upper(top[1]) !== 'INTO') {
      problems.push({ start: first.start, end: first.end, message: 'INSERT needs INTO and a table name: INSERT INTO "Table" VALUE {…}.' });
      return shape;
    }
    const after = readTarget(2, 'INTO');
    if (upper(top[after]) !== 'VALUE') {
      const t = top[after] ?? { start: Math.max(0, statement.length - 1), end: statement.length };
      problems.push({ start: t.start, end: Math.max(t.end, t.start + 1), message: `INSERT takes VALUE followed by one item in braces: VALUE {'pk': 'x'}${upper(top[after]) === 'VALUES' ? ' (VALUE, not VALUES)' : ''}.` });
    }
  } else if (verb === 'UPDATE') {
    const after = readTarget(1, 'UPDATE');
    const action = upper(top[after]);
    if (action !== 'SET' && action !== 'REMOVE') {
      const t = top[after] ?? { start: Math.max(0, statement.length - 1), end: statement.length };
      problems.push({ start: t.start, end: Math.max(t.end, t.start + 1), message: 'UPDATE takes SET or REMOVE after the table name.' });
    }
    requireWhere(after, 'UPDATE');
  } else if (verb === 'DELETE') {
    if (upper(top[1]) !== 'FROM') {
      problems.push({ start: first.start, end: first.end, message: 'DELETE needs FROM and a table name: DELETE FROM "Table" WHERE ….' });
      return shape;
    }
    const after = readTarget(2, 'FROM');
    requireWhere(after, 'DELETE');
  }
  return shape;
}
