// A JSON parser that keeps what JSON.parse throws away: the exact text of every number literal and the source
// range of every key and value, so that item problems can be shown at the right place. It never throws for bad
// input: it returns positioned problems instead.
import { quoteText, shortText } from './positions';
import type { Problem, TextPosition, TextRange } from './types';

export interface JsonMember {
  key: string;
  keyRange: TextRange;
  value: JsonNode;
}

export type JsonNode =
  | { kind: 'object'; members: JsonMember[]; range: TextRange }
  | { kind: 'array'; elements: JsonNode[]; range: TextRange }
  | { kind: 'string'; value: string; range: TextRange }
  | { kind: 'number'; text: string; range: TextRange }
  | { kind: 'boolean'; value: boolean; range: TextRange }
  | { kind: 'null'; range: TextRange };

export type JsonParseResult = { ok: true; value: JsonNode } | { ok: false; problems: Problem[] };

/** Deep enough for any DynamoDB item in either notation (32 levels, two JSON levels each), shallow enough for the stack. */
const MAX_JSON_DEPTH = 1000;

const JSON_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

/** True when text is a number literal as JSON writes it, so it can appear bare in a JSON document. */
export function isJsonNumberLiteral(text: string): boolean {
  return JSON_NUMBER.test(text);
}

/** 1-based "line L, column C" for messages read by people. */
export function describePosition(pos: TextPosition): string {
  return `line ${pos.line + 1}, column ${pos.column + 1}`;
}

class SyntaxFailure {
  constructor(readonly problem: Problem) {}
}

/** Where a value sits, for messages: `the value of "Name"`, `element 3 of the array`. */
type Context = { kind: 'member'; key: string } | { kind: 'element'; index: number } | { kind: 'top' };

function describeContext(ctx: Context): string {
  switch (ctx.kind) {
    case 'member':
      return `the value of ${quoteText(ctx.key)}`;
    case 'element':
      return `element ${ctx.index + 1} of the array`;
    case 'top':
      return 'the top-level value';
  }
}

class Parser {
  private pos = 0;
  private line = 0;
  private lineStart = 0;
  private depth = 0;
  readonly duplicates: Problem[] = [];

  constructor(private readonly text: string) {
    // A byte order mark is not content.
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1;
  }

  position(): TextPosition {
    return { line: this.line, column: this.pos - this.lineStart, offset: this.pos };
  }

  private fail(message: string, start: TextPosition = this.position(), end?: TextPosition): never {
    const stop = end ?? { ...start, column: start.column + 1, offset: start.offset + 1 };
    throw new SyntaxFailure({ message, range: { start, end: stop }, severity: 'error', code: 'syntax' });
  }

  private skipWhitespace(): void {
    const text = this.text;
    for (;;) {
      const ch = text.charCodeAt(this.pos);
      if (ch === 0x20 || ch === 0x09) {
        this.pos++;
      } else if (ch === 0x0a) {
        this.pos++;
        this.newLine();
      } else if (ch === 0x0d) {
        this.pos++;
        if (text.charCodeAt(this.pos) === 0x0a) this.pos++;
        this.newLine();
      } else if (ch === 0x2f && (text[this.pos + 1] === '/' || text[this.pos + 1] === '*')) {
        this.fail('Comments are not allowed in JSON. Remove the comment.', this.position(), this.advancePosition(2));
      } else {
        return;
      }
    }
  }

  private newLine(): void {
    this.line++;
    this.lineStart = this.pos;
  }

  /** The position n characters ahead on the same line (for error ranges); stops before a line break. */
  private advancePosition(n: number): TextPosition {
    const p = this.position();
    let len = 0;
    const max = Math.min(n, Math.max(0, this.text.length - this.pos));
    while (len < max) {
      const c = this.text.charCodeAt(this.pos + len);
      if (c === 0x0a || c === 0x0d) break;
      len++;
    }
    return { line: p.line, column: p.column + len, offset: p.offset + len };
  }

  private describeFound(): string {
    if (this.pos >= this.text.length) return 'the end of the text';
    const m = /^[A-Za-z0-9_$.+-]+/.exec(this.text.slice(this.pos, this.pos + 40));
    return m ? `'${m[0]}'` : `'${this.text[this.pos]}'`;
  }

  parseDocument(): JsonNode {
    this.skipWhitespace();
    if (this.pos >= this.text.length) {
      this.fail('The document is empty: expected a JSON object such as { "id": ... }.');
    }
    const value = this.parseValue({ kind: 'top' });
    this.skipWhitespace();
    if (this.pos < this.text.length) {
      this.fail(
        `Unexpected ${this.describeFound()} after the end of the top-level value at ${describePosition(this.position())}: a document holds exactly one JSON value. Remove the extra text or wrap everything in one object.`,
        this.position(),
        this.advancePosition(1),
      );
    }
    return value;
  }

  private parseValue(ctx: Context): JsonNode {
    const start = this.position();
    const ch = this.text[this.pos];
    switch (ch) {
      case '{':
        return this.parseObject(start);
      case '[':
        return this.parseArray(start);
      case '"': {
        const value = this.parseString();
        return { kind: 'string', value, range: { start, end: this.position() } };
      }
      case 't':
      case 'f':
      case 'n':
        return this.parseLiteral(start, ctx);
      default:
        if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) return this.parseNumber(start);
        if (ch === '+' || ch === '.' || (ch !== undefined && /^(NaN|Infinity)/.test(this.text.slice(this.pos, this.pos + 8)))) return this.parseNumber(start);
        if (ch !== undefined && /[A-Za-z]/.test(ch)) return this.parseLiteral(start, ctx);
        if (ch === "'") this.fail(`Strings in JSON use double quotes, found a single quote at ${describePosition(start)}. Write "text".`);
        if (ch === undefined) this.fail(`The text ends where ${describeContext(ctx)} was expected. Add the value.`);
        this.fail(`Expected a value for ${describeContext(ctx)} at ${describePosition(start)}, found ${this.describeFound()}.`);
    }
  }

  private enter(start: TextPosition): void {
    if (++this.depth > MAX_JSON_DEPTH) {
      this.fail(`The document nests more than ${MAX_JSON_DEPTH} levels of objects and arrays at ${describePosition(start)}; DynamoDB allows 32 levels.`, start);
    }
  }

  private parseObject(start: TextPosition): JsonNode {
    this.enter(start);
    this.pos++; // {
    const members: JsonMember[] = [];
    const seen = new Map<string, TextRange>();
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      this.depth--;
      return { kind: 'object', members, range: { start, end: this.position() } };
    }
    for (;;) {
      this.skipWhitespace();
      const keyStart = this.position();
      if (this.text[this.pos] !== '"') {
        if (this.text[this.pos] === '}' && members.length > 0) {
          this.fail(`Trailing comma before '}' at ${describePosition(keyStart)}: JSON does not allow it. Remove the last ','.`);
        }
        if (this.pos >= this.text.length) {
          this.fail(`The text ends inside the object that starts at ${describePosition(start)}: expected a key or '}'.`, keyStart);
        }
        const hint = /[A-Za-z_$]/.test(this.text[this.pos]) ? ' Keys must be in double quotes.' : '';
        this.fail(`Expected a key in double quotes at ${describePosition(keyStart)}, found ${this.describeFound()}.${hint}`, keyStart, this.advancePosition(1));
      }
      const key = this.parseString();
      const keyRange = { start: keyStart, end: this.position() };
      const earlier = seen.get(key);
      if (earlier) {
        this.duplicates.push({
          message: `Duplicate key ${quoteText(key)}: it is already defined at ${describePosition(earlier.start)}. Remove or rename one of them.`,
          range: keyRange,
          severity: 'error',
          code: 'duplicateKey',
        });
      } else {
        seen.set(key, keyRange);
      }
      this.skipWhitespace();
      if (this.text[this.pos] !== ':') {
        this.fail(`Expected ':' after the key ${quoteText(key)} at ${describePosition(this.position())}, found ${this.describeFound()}.`);
      }
      this.pos++;
      this.skipWhitespace();
      const value = this.parseValue({ kind: 'member', key });
      members.push({ key, keyRange, value });
      this.skipWhitespace();
      const ch = this.text[this.pos];
      if (ch === ',') {
        this.pos++;
        continue;
      }
      if (ch === '}') {
        this.pos++;
        this.depth--;
        return { kind: 'object', members, range: { start, end: this.position() } };
      }
      if (ch === undefined) {
        this.fail(`The text ends inside the object that starts at ${describePosition(start)}: expected ',' or '}' after the value of ${quoteText(key)}.`);
      }
      this.fail(`Expected ',' or '}' after the value of ${quoteText(key)} at ${describePosition(this.position())}, found ${this.describeFound()}.`);
    }
  }

  private parseArray(start: TextPosition): JsonNode {
    this.enter(start);
    this.pos++; // [
    const elements: JsonNode[] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      this.depth--;
      return { kind: 'array', elements, range: { start, end: this.position() } };
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] === ']' && elements.length > 0) {
        this.fail(`Trailing comma before ']' at ${describePosition(this.position())}: JSON does not allow it. Remove the last ','.`);
      }
      elements.push(this.parseValue({ kind: 'element', index: elements.length }));
      this.skipWhitespace();
      const ch = this.text[this.pos];
      if (ch === ',') {
        this.pos++;
        continue;
      }
      if (ch === ']') {
        this.pos++;
        this.depth--;
        return { kind: 'array', elements, range: { start, end: this.position() } };
      }
      if (ch === undefined) {
        this.fail(`The text ends inside the array that starts at ${describePosition(start)}: expected ',' or ']' after element ${elements.length}.`);
      }
      this.fail(`Expected ',' or ']' after element ${elements.length} of the array at ${describePosition(this.position())}, found ${this.describeFound()}.`);
    }
  }

  private parseString(): string {
    const start = this.position();
    const text = this.text;
    this.pos++; // opening quote
    let out = '';
    let chunkStart = this.pos;
    for (;;) {
      const code = text.charCodeAt(this.pos);
      if (Number.isNaN(code) || code === 0x0a || code === 0x0d) {
        this.fail(`Unterminated string starting at ${describePosition(start)}: add the closing '"' (line breaks inside strings are written \\n).`, start, this.position());
      }
      if (code === 0x22) {
        out += text.slice(chunkStart, this.pos);
        this.pos++;
        return out;
      }
      if (code < 0x20) {
        this.fail(`Control character U+${code.toString(16).toUpperCase().padStart(4, '0')} inside a string at ${describePosition(this.position())}: write it as an escape such as \\t or \\u${code.toString(16).padStart(4, '0')}.`);
      }
      if (code === 0x5c) {
        out += text.slice(chunkStart, this.pos);
        const escStart = this.position();
        const esc = text[this.pos + 1];
        switch (esc) {
          case '"': out += '"'; break;
          case '\\': out += '\\'; break;
          case '/': out += '/'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'n': out += '\n'; break;
          case 'r': out += '\r'; break;
          case 't': out += '\t'; break;
          case 'u': {
            const hex = text.slice(this.pos + 2, this.pos + 6);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
              this.fail(`Invalid unicode escape at ${describePosition(escStart)}: \\u must be followed by 4 hexadecimal digits.`, escStart, this.advancePosition(2 + hex.length));
            }
            out += String.fromCharCode(parseInt(hex, 16));
            this.pos += 4;
            break;
          }
          default:
            this.fail(`Invalid escape '\\${esc === undefined ? '' : JSON.stringify(esc).slice(1, -1)}' at ${describePosition(escStart)}: JSON allows \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX.`, escStart, this.advancePosition(2));
        }
        this.pos += 2;
        chunkStart = this.pos;
        continue;
      }
      this.pos++;
    }
  }

  private parseNumber(start: TextPosition): JsonNode {
    const m = /^[-+0-9.eEa-zA-Z]+/.exec(this.text.slice(this.pos, this.pos + 100_000));
    const text = m ? m[0] : this.text[this.pos];
    const end = this.advancePosition(text.length);
    if (!JSON_NUMBER.test(text)) {
      let why = 'it is not a JSON number';
      if (text.startsWith('+')) why = "JSON numbers cannot start with '+'";
      else if (text.startsWith('.') || text.startsWith('-.')) why = "JSON numbers need a digit before '.'";
      else if (/^-?0[0-9]/.test(text)) why = 'JSON numbers cannot have leading zeros';
      else if (/\.($|[eE])/.test(text)) why = "JSON numbers need a digit after '.'";
      else if (/^-?(NaN|Infinity)/.test(text)) why = 'NaN and Infinity are not numbers in JSON or DynamoDB';
      this.fail(`Invalid number '${shortText(text)}' at ${describePosition(start)}: ${why}.`, start, end);
    }
    this.pos += text.length;
    return { kind: 'number', text, range: { start, end } };
  }

  private parseLiteral(start: TextPosition, ctx: Context): JsonNode {
    const m = /^[A-Za-z]+/.exec(this.text.slice(this.pos, this.pos + 64));
    const word = m ? m[0] : '';
    const end = this.advancePosition(word.length);
    if (word === 'true' || word === 'false') {
      this.pos += word.length;
      return { kind: 'boolean', value: word === 'true', range: { start, end } };
    }
    if (word === 'null') {
      this.pos += word.length;
      return { kind: 'null', range: { start, end } };
    }
    this.fail(`Expected a value for ${describeContext(ctx)} at ${describePosition(start)}, found '${word}'. Strings must be in double quotes; the literals are true, false and null.`, start, end);
  }
}

/** Parses one JSON document. Duplicate keys are reported (all of them) as problems, like syntax errors. */
export function parseJson(text: string): JsonParseResult {
  const parser = new Parser(text);
  try {
    const value = parser.parseDocument();
    if (parser.duplicates.length > 0) return { ok: false, problems: parser.duplicates };
    return { ok: true, value };
  } catch (err) {
    if (err instanceof SyntaxFailure) return { ok: false, problems: [...parser.duplicates, err.problem] };
    throw err;
  }
}

/** The kind of a node in words, for messages: "a string", "an array". */
export function describeNodeKind(node: JsonNode): string {
  switch (node.kind) {
    case 'object': return 'an object';
    case 'array': return 'an array';
    case 'string': return 'a string';
    case 'number': return 'a number';
    case 'boolean': return `${node.value}`;
    case 'null': return 'null';
  }
}
