// DynamoDB expression strings as people write them in code: key conditions, filter and condition expressions,
// update expressions and projections. A small recursive-descent parser that never throws: it returns what it could
// read, every problem with its offsets in the text, and every reference (#name and :value placeholders, bare
// attribute names, functions) so checks can compare them with the request's declarations and the table's keys.
//
//   condition   := disjunct ( OR disjunct )*
//   disjunct    := negation ( AND negation )*
//   negation    := NOT negation | primary
//   primary     := '(' condition ')' | function | operand comparator operand
//                | operand BETWEEN operand AND operand | operand IN '(' operand ( ',' operand )* ')'
//   operand     := path | :value | size '(' path ')'
//   update      := ( SET action ( ',' action )* | REMOVE path ( ',' path )* | ADD path :value ( ',' ... )*
//                  | DELETE path :value ( ',' ... )* )+        each clause at most once
//   action      := path '=' term ( ( '+' | '-' ) term )?
//   term        := path | :value | if_not_exists '(' path ',' term ')' | list_append '(' term ',' term ')'
//   projection  := path ( ',' path )*
//   path        := name ( '.' name | '[' digits ']' )*       name := identifier | #placeholder

export type ExpressionKind = 'key' | 'condition' | 'update' | 'projection';

export interface Span {
  start: number;
  end: number;
}

export interface ExpressionProblem extends Span {
  message: string;
}

export type PathPart = (Span & { kind: 'name' | 'placeholder'; text: string }) | (Span & { kind: 'index'; index: number });

export interface PathNode extends Span {
  kind: 'path';
  parts: PathPart[];
}
export interface ValueNode extends Span {
  kind: 'value';
  /** The placeholder with its colon, `:v`. */
  text: string;
}
export interface FunctionNode extends Span {
  kind: 'function';
  name: string;
  nameSpan: Span;
  args: ExprNode[];
}
export interface CompareNode extends Span {
  kind: 'compare';
  op: string;
  left: ExprNode;
  right: ExprNode;
}
export interface BetweenNode extends Span {
  kind: 'between';
  subject: ExprNode;
  low: ExprNode;
  high: ExprNode;
}
export interface InNode extends Span {
  kind: 'in';
  subject: ExprNode;
  options: ExprNode[];
}
export interface LogicNode extends Span {
  kind: 'and' | 'or';
  left: ExprNode;
  right: ExprNode;
}
export interface NotNode extends Span {
  kind: 'not';
  operand: ExprNode;
}
export interface ArithmeticNode extends Span {
  kind: 'arithmetic';
  op: '+' | '-';
  left: ExprNode;
  right: ExprNode;
}
export type ExprNode = PathNode | ValueNode | FunctionNode | CompareNode | BetweenNode | InNode | LogicNode | NotNode | ArithmeticNode;

export interface UpdateClause extends Span {
  action: 'SET' | 'REMOVE' | 'ADD' | 'DELETE';
  /** SET: compare nodes with op '='; REMOVE: paths; ADD/DELETE: compare nodes with op ' ' (path, value). */
  items: ExprNode[];
}

export interface ParsedExpression {
  kind: ExpressionKind;
  text: string;
  /** The condition tree (key, condition). */
  root?: ExprNode;
  /** Update clauses. */
  clauses: UpdateClause[];
  /** Projection paths. */
  paths: PathNode[];
  problems: ExpressionProblem[];
  /** `#name` placeholders as used, with where. */
  namePlaceholders: (Span & { text: string })[];
  /** `:value` placeholders as used, with where. */
  valuePlaceholders: (Span & { text: string })[];
  /** Attribute names written bare (not through a placeholder). */
  bareNames: (Span & { text: string })[];
}

type TokenKind = 'ident' | 'name' | 'value' | 'number' | 'punct' | 'end' | 'bad';
interface Token extends Span {
  kind: TokenKind;
  text: string;
}

const PUNCT = ['<>', '<=', '>=', '(', ')', '[', ']', ',', '.', '=', '<', '>', '+', '-'];
const COMPARATORS = new Set(['=', '<>', '<', '<=', '>', '>=']);
const CONDITION_FUNCTIONS: Record<string, number> = { attribute_exists: 1, attribute_not_exists: 1, attribute_type: 2, begins_with: 2, contains: 2 };
const UPDATE_FUNCTIONS: Record<string, number> = { if_not_exists: 2, list_append: 2 };
const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'BETWEEN', 'IN', 'SET', 'REMOVE', 'ADD', 'DELETE']);
const ALL_FUNCTIONS = new Set([...Object.keys(CONDITION_FUNCTIONS), ...Object.keys(UPDATE_FUNCTIONS), 'size']);

/** Names an expression may hold bare: what else needs a #placeholder. */
const BARE_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

function tokenize(text: string, problems: ExpressionProblem[]): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === '#' || c === ':') {
      i++;
      while (i < text.length && /[A-Za-z0-9_]/.test(text[i])) i++;
      if (i === start + 1) {
        problems.push({ start, end: start + 1, message: `"${c}" must be followed by a placeholder name of letters, digits or underscores, such as ${c === '#' ? '#name' : ':value'}.` });
        tokens.push({ kind: 'bad', text: c, start, end: i });
      } else {
        tokens.push({ kind: c === '#' ? 'name' : 'value', text: text.slice(start, i), start, end: i });
      }
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      while (i < text.length && /[A-Za-z0-9_]/.test(text[i])) i++;
      tokens.push({ kind: 'ident', text: text.slice(start, i), start, end: i });
      continue;
    }
    if (/[0-9]/.test(c)) {
      while (i < text.length && /[A-Za-z0-9_]/.test(text[i])) i++;
      tokens.push({ kind: 'number', text: text.slice(start, i), start, end: i });
      continue;
    }
    const punct = PUNCT.find((p) => text.startsWith(p, i));
    if (punct) {
      i += punct.length;
      tokens.push({ kind: 'punct', text: punct, start, end: i });
      continue;
    }
    i++;
    problems.push({ start, end: i, message: `Unexpected character "${c}". Attribute names with such characters go through an ExpressionAttributeNames placeholder (#name).` });
    tokens.push({ kind: 'bad', text: c, start, end: i });
  }
  tokens.push({ kind: 'end', text: '', start: text.length, end: text.length });
  return tokens;
}

class ExpressionParser {
  private pos = 0;
  readonly out: ParsedExpression;
  private readonly tokens: Token[];

  constructor(kind: ExpressionKind, text: string) {
    this.out = { kind, text, clauses: [], paths: [], problems: [], namePlaceholders: [], valuePlaceholders: [], bareNames: [] };
    this.tokens = tokenize(text, this.out.problems);
  }

  private get token(): Token {
    return this.tokens[this.pos];
  }
  private next(): Token {
    const t = this.tokens[this.pos];
    if (t.kind !== 'end') this.pos++;
    return t;
  }
  private isKeyword(word: string, t = this.token): boolean {
    return t.kind === 'ident' && t.text.toUpperCase() === word;
  }
  private isPunct(p: string, t = this.token): boolean {
    return t.kind === 'punct' && t.text === p;
  }
  private describe(t: Token): string {
    return t.kind === 'end' ? 'the end of the expression' : `"${t.text}"`;
  }
  /** Records a problem and throws to unwind; parse() catches it, so one expression reports its first syntax error. */
  private fail(message: string, t = this.token): never {
    // At the end of the text, point at its last character so the mark stays inside the string.
    const start = t.kind === 'end' ? Math.max(0, t.start - 1) : t.start;
    this.out.problems.push({ start, end: Math.max(t.end, start + 1), message });
    throw new StopParsing();
  }
  private expectPunct(p: string, what: string): Token {
    if (!this.isPunct(p)) this.fail(`Expected ${what}, found ${this.describe(this.token)}.`);
    return this.next();
  }

  parse(): ParsedExpression {
    try {
      if (this.out.text.trim() === '') this.fail('The expression is empty.');
      if (this.out.kind === 'update') this.parseUpdate();
      else if (this.out.kind === 'projection') this.parseProjection();
      else {
        this.out.root = this.parseOr();
        if (this.token.kind !== 'end') this.fail(`Unexpected ${this.describe(this.token)}: join conditions with AND or OR.`);
      }
    } catch (err) {
      if (!(err instanceof StopParsing)) throw err;
    }
    return this.out;
  }

  private parseOr(): ExprNode {
    let left = this.parseAnd();
    while (this.isKeyword('OR')) {
      this.next();
      const right = this.parseAnd();
      left = { kind: 'or', left, right, start: left.start, end: right.end };
    }
    return left;
  }
  private parseAnd(): ExprNode {
    let left = this.parseNot();
    while (this.isKeyword('AND')) {
      this.next();
      const right = this.parseNot();
      left = { kind: 'and', left, right, start: left.start, end: right.end };
    }
    return left;
  }
  private parseNot(): ExprNode {
    if (this.isKeyword('NOT')) {
      const t = this.next();
      const operand = this.parseNot();
      return { kind: 'not', operand, start: t.start, end: operand.end };
    }
    return this.parsePrimary();
  }
  private parsePrimary(): ExprNode {
    const t = this.token;
    if (this.isPunct('(')) {
      this.next();
      const inner = this.parseOr();
      const close = this.expectPunct(')', '")" to close the "(" at column ' + (t.start + 1));
      return { ...inner, start: t.start, end: close.end } as ExprNode;
    }
    if (t.kind === 'ident' && this.isPunct('(', this.tokens[this.pos + 1]) && t.text !== 'size') {
      const fn = this.parseFunction(CONDITION_FUNCTIONS, 'condition');
      return fn;
    }
    const subject = this.parseOperand();
    const op = this.token;
    if (op.kind === 'punct' && COMPARATORS.has(op.text)) {
      this.next();
      const right = this.parseOperand();
      return { kind: 'compare', op: op.text, left: subject, right, start: subject.start, end: right.end };
    }
    if (this.isKeyword('BETWEEN')) {
      this.next();
      const low = this.parseOperand();
      if (!this.isKeyword('AND')) this.fail(`BETWEEN needs "AND" between its two bounds, found ${this.describe(this.token)}.`);
      this.next();
      const high = this.parseOperand();
      return { kind: 'between', subject, low, high, start: subject.start, end: high.end };
    }
    if (this.isKeyword('IN')) {
      this.next();
      this.expectPunct('(', '"(" after IN');
      const options = [this.parseOperand()];
      while (this.isPunct(',')) {
        this.next();
        options.push(this.parseOperand());
      }
      const close = this.expectPunct(')', '")" to close the IN list');
      if (options.length > 100) this.out.problems.push({ start: subject.start, end: close.end, message: `IN takes at most 100 values; this one has ${options.length}.` });
      return { kind: 'in', subject, options, start: subject.start, end: close.end };
    }
    return this.fail(`Expected a comparison (=, <>, <, <=, >, >=), BETWEEN or IN after the operand, found ${this.describe(op)}.`);
  }

  private parseFunction(allowed: Record<string, number>, where: string): FunctionNode {
    const nameToken = this.next();
    const name = nameToken.text;
    if (!(name in allowed)) {
      const lower = name.toLowerCase();
      if (lower in allowed) this.fail(`Function names are lower case: write ${lower}.`, nameToken);
      const known = Object.keys(allowed).join(', ');
      if (ALL_FUNCTIONS.has(lower)) this.fail(`${lower} cannot be used in ${where === 'condition' ? 'a condition here' : 'this place'}; here the functions are ${known}.`, nameToken);
      this.fail(`Unknown function "${name}": the functions here are ${known}.`, nameToken);
    }
    this.expectPunct('(', `"(" after ${name}`);
    const args: ExprNode[] = [];
    if (!this.isPunct(')')) {
      args.push(where === 'update' ? this.parseTerm() : this.parseOperand());
      while (this.isPunct(',')) {
        this.next();
        args.push(where === 'update' ? this.parseTerm() : this.parseOperand());
      }
    }
    const close = this.expectPunct(')', `")" to close ${name}(`);
    const node: FunctionNode = { kind: 'function', name, nameSpan: { start: nameToken.start, end: nameToken.end }, args, start: nameToken.start, end: close.end };
    if (args.length !== allowed[name]) {
      this.out.problems.push({ start: node.start, end: node.end, message: `${name} takes ${allowed[name]} argument${allowed[name] === 1 ? '' : 's'}, not ${args.length}.` });
    } else if ((name === 'if_not_exists' || CONDITION_FUNCTIONS[name]) && args[0].kind !== 'path') {
      this.out.problems.push({ start: args[0].start, end: args[0].end, message: `The first argument of ${name} must be an attribute path.` });
    } else if (name === 'attribute_type' && args[1].kind !== 'value') {
      this.out.problems.push({ start: args[1].start, end: args[1].end, message: 'The type of attribute_type must be a :value placeholder holding S, SS, N, NS, B, BS, BOOL, NULL, L or M.' });
    }
    return node;
  }

  /** path | :value | size(path) */
  private parseOperand(): ExprNode {
    const t = this.token;
    if (t.kind === 'value') {
      this.next();
      this.out.valuePlaceholders.push({ text: t.text, start: t.start, end: t.end });
      return { kind: 'value', text: t.text, start: t.start, end: t.end };
    }
    if (t.kind === 'ident' && this.isPunct('(', this.tokens[this.pos + 1])) {
      if (t.text !== 'size') {
        if (t.text.toLowerCase() === 'size') this.fail('Function names are lower case: write size.', t);
        this.fail(`${t.text}(…) cannot be compared: only size(path) is a value here; ${t.text in CONDITION_FUNCTIONS ? `${t.text} is a condition on its own` : 'check the name'}.`, t);
      }
      this.next();
      this.expectPunct('(', '"(" after size');
      const path = this.parsePath();
      const close = this.expectPunct(')', '")" to close size(');
      return { kind: 'function', name: 'size', nameSpan: { start: t.start, end: t.end }, args: [path], start: t.start, end: close.end };
    }
    return this.parsePath();
  }

  /** In update SET: path | :value | if_not_exists(path, term) | list_append(term, term), optionally + or - one more. */
  private parseTerm(): ExprNode {
    const t = this.token;
    let left: ExprNode;
    if (t.kind === 'ident' && this.isPunct('(', this.tokens[this.pos + 1])) left = this.parseFunction(UPDATE_FUNCTIONS, 'update');
    else if (t.kind === 'value') left = this.parseOperand();
    else left = this.parsePath();
    return left;
  }

  private parseSetValue(): ExprNode {
    const left = this.parseTerm();
    if (this.isPunct('+') || this.isPunct('-')) {
      const op = this.next().text as '+' | '-';
      const right = this.parseTerm();
      return { kind: 'arithmetic', op, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private parsePath(): PathNode {
    const parts: PathPart[] = [];
    const first = this.token;
    const readName = (): void => {
      const t = this.token;
      if (t.kind === 'name') {
        this.next();
        this.out.namePlaceholders.push({ text: t.text, start: t.start, end: t.end });
        parts.push({ kind: 'placeholder', text: t.text, start: t.start, end: t.end });
      } else if (t.kind === 'ident') {
        if (KEYWORDS.has(t.text.toUpperCase())) this.fail(`Expected an attribute name, found the keyword ${t.text.toUpperCase()}.`, t);
        this.next();
        this.out.bareNames.push({ text: t.text, start: t.start, end: t.end });
        parts.push({ kind: 'name', text: t.text, start: t.start, end: t.end });
      } else if (t.kind === 'number') {
        this.fail(`"${t.text}" is not an attribute name: names written in an expression start with a letter; use a #placeholder for this one.`, t);
      } else {
        this.fail(`Expected an attribute name or #placeholder, found ${this.describe(t)}.`, t);
      }
    };
    readName();
    for (;;) {
      if (this.isPunct('.')) {
        this.next();
        readName();
      } else if (this.isPunct('[')) {
        const open = this.next();
        const n = this.token;
        if (n.kind !== 'number' || !/^[0-9]+$/.test(n.text)) this.fail(`A list index is a whole number in brackets, such as [0]; found ${this.describe(n)}.`, n);
        this.next();
        const close = this.expectPunct(']', '"]" to close the list index');
        parts.push({ kind: 'index', index: Number(n.text), start: open.start, end: close.end });
      } else break;
    }
    const last = parts[parts.length - 1];
    return { kind: 'path', parts, start: first.start, end: last.end };
  }

  private parseUpdate(): void {
    const seen = new Set<string>();
    while (this.token.kind !== 'end') {
      const t = this.token;
      const action = t.kind === 'ident' ? t.text.toUpperCase() : '';
      if (action !== 'SET' && action !== 'REMOVE' && action !== 'ADD' && action !== 'DELETE') {
        this.fail(`Expected SET, REMOVE, ADD or DELETE, found ${this.describe(t)}.`);
      }
      if (seen.has(action)) this.fail(`${action} appears twice: put all its actions in one ${action} clause, separated by commas.`);
      seen.add(action);
      this.next();
      const items: ExprNode[] = [];
      do {
        if (items.length) this.next();
        const path = this.parsePath();
        if (action === 'SET') {
          this.expectPunct('=', `"=" after the path in SET`);
          const value = this.parseSetValue();
          items.push({ kind: 'compare', op: '=', left: path, right: value, start: path.start, end: value.end });
        } else if (action === 'REMOVE') {
          items.push(path);
        } else {
          const v = this.token;
          if (v.kind !== 'value') this.fail(`${action} needs a :value placeholder after the path, found ${this.describe(v)}.`);
          const value = this.parseOperand();
          items.push({ kind: 'compare', op: ' ', left: path, right: value, start: path.start, end: value.end });
        }
      } while (this.isPunct(','));
      const end = items[items.length - 1].end;
      this.out.clauses.push({ action: action as UpdateClause['action'], items, start: t.start, end });
    }
  }

  private parseProjection(): void {
    this.out.paths.push(this.parsePath());
    while (this.isPunct(',')) {
      this.next();
      this.out.paths.push(this.parsePath());
    }
    if (this.token.kind !== 'end') this.fail(`Expected "," between projected attributes, found ${this.describe(this.token)}.`);
  }
}

class StopParsing extends Error {}

/** Parses one expression; never throws. */
export function parseExpression(kind: ExpressionKind, text: string): ParsedExpression {
  return new ExpressionParser(kind, text).parse();
}

/** Whether a name can stand bare in an expression (letters, digits, underscores, starting with a letter). */
/** The operands of a chain of one logic operator: `a AND b AND (c OR d)` with 'and' gives a, b and the OR node. */
export function logicOperands(node: ExprNode, kind: 'and' | 'or'): ExprNode[] {
  return node.kind === kind ? [...logicOperands(node.left, kind), ...logicOperands(node.right, kind)] : [node];
}

export function isBareName(name: string): boolean {
  return BARE_NAME.test(name);
}
