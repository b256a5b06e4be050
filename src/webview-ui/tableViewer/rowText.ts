// Rows as JSON text. The grid keeps each row as the text of its item (one string per row instead of dozens of
// objects), so 100,000 rows cost the garbage collector almost nothing to trace; a row is parsed again only when it
// is shown, copied or opened, and sorting reads one attribute's text without parsing the rest.
// A rows message's text is split here into the text of each item, in steps, so that reading a page never blocks
// for as long as one JSON.parse of the whole page would; each item is then parsed and checked on its own.

const QUOTE = 34; // "
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

/** JSON's whitespace (space, tab, line feed, carriage return); nothing else may stand between tokens. */
const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9;

/** The index of the quote that closes the string opened at `open`, or -1 when it is never closed. */
function stringEnd(text: string, open: number): number {
  let from = open + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote < 0) return -1;
    let before = quote - 1;
    while (text.charCodeAt(before) === BACKSLASH) before--;
    // An even number of backslashes before the quote escape each other, not the quote.
    if ((quote - 1 - before) % 2 === 0) return quote;
    from = quote + 1;
  }
}

const enum State {
  BeforeArray,
  BeforeFirst,
  InItem,
  AfterItem,
  AfterComma,
  AfterArray,
}

/**
 * Splits the text of a JSON array of objects into the text of each object, a bounded number of characters per
 * step. It accepts exactly the arrays of objects that JSON.parse accepts, provided each piece then passes
 * JSON.parse: between items only JSON whitespace and single commas are allowed, and anything but an object where
 * an item should start is refused.
 */
export class RowSplitter {
  /** The text of each item found so far. */
  readonly rows: string[] = [];
  /** Why the text is not a JSON array of objects, once that is found. */
  problem: string | undefined;
  private pos = 0;
  private state = State.BeforeArray;
  private depth = 0;
  private itemStart = 0;

  constructor(private readonly text: string) {}

  get done(): boolean {
    return this.problem !== undefined || (this.state === State.AfterArray && this.pos >= this.text.length);
  }

  /**
   * Scans on for about `budget` characters (the item in progress is always finished), or until `rows` holds
   * `maxRows` items; true once done.
   */
  step(budget: number, maxRows = Infinity): boolean {
    const text = this.text;
    const end = text.length;
    const stop = Math.min(end, this.pos + budget);
    let i = this.pos;
    while (i < end && this.problem === undefined && (i < stop || this.state === State.InItem) && this.rows.length < maxRows) {
      const c = text.charCodeAt(i);
      switch (this.state) {
        case State.InItem:
          if (c === QUOTE) {
            const close = stringEnd(text, i);
            if (close < 0) return this.fail('the rows are not JSON (a string is not closed)');
            i = close;
          } else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.depth++;
          else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
            if (--this.depth === 0) {
              this.rows.push(text.slice(this.itemStart, i + 1));
              this.state = State.AfterItem;
            }
          }
          break;
        case State.BeforeArray:
          if (c === OPEN_BRACKET) this.state = State.BeforeFirst;
          else if (!isSpace(c)) return this.fail('the rows are not a JSON array');
          break;
        case State.BeforeFirst:
        case State.AfterComma:
          if (c === OPEN_BRACE) {
            this.state = State.InItem;
            this.depth = 1;
            this.itemStart = i;
          } else if (c === CLOSE_BRACKET && this.state === State.BeforeFirst) this.state = State.AfterArray;
          else if (!isSpace(c)) return this.fail(`row ${this.rows.length} is not an object`);
          break;
        case State.AfterItem:
          if (c === COMMA) this.state = State.AfterComma;
          else if (c === CLOSE_BRACKET) this.state = State.AfterArray;
          else if (!isSpace(c)) return this.fail(`the rows are not JSON (unexpected text after row ${this.rows.length - 1})`);
          break;
        case State.AfterArray:
          if (!isSpace(c)) return this.fail('the rows are not JSON (text after the array)');
          break;
      }
      i++;
    }
    this.pos = i;
    if (i >= end && this.problem === undefined && this.state !== State.AfterArray) {
      return this.fail(this.state === State.BeforeArray ? 'the rows are not a JSON array' : 'the rows are not JSON (the array is not closed)');
    }
    return this.done;
  }

  private fail(problem: string): true {
    this.problem = problem;
    return true;
  }
}

/** The end (exclusive) of the JSON value that starts at `start` in a well-formed text. */
function valueEnd(text: string, start: number): number {
  const c = text.charCodeAt(start);
  if (c === QUOTE) return stringEnd(text, start) + 1;
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    let depth = 0;
    for (let i = start; i < text.length; i++) {
      const d = text.charCodeAt(i);
      if (d === QUOTE) i = stringEnd(text, i);
      else if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
      else if ((d === CLOSE_BRACE || d === CLOSE_BRACKET) && --depth === 0) return i + 1;
    }
    return text.length;
  }
  // A number, true, false or null: up to the next delimiter.
  let i = start;
  while (i < text.length) {
    const d = text.charCodeAt(i);
    if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || isSpace(d)) break;
    i++;
  }
  return i;
}

function hasBackslash(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === BACKSLASH) return true;
  return false;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/**
 * The text of the value of the top-level attribute `name` in the text of an item (a JSON object that JSON.parse
 * accepts), or undefined when the item lacks it. As JSON.parse does, the last of repeated names wins; names
 * written with escapes are compared by what they mean.
 */
export function attributeText(row: string, name: string): string | undefined {
  const quoted = JSON.stringify(name);
  let found: string | undefined;
  let i = skipSpace(row, 0) + 1;
  for (;;) {
    i = skipSpace(row, i);
    if (row.charCodeAt(i) !== QUOTE) return found;
    const keyEnd = stringEnd(row, i);
    let match = keyEnd - i + 1 === quoted.length && row.startsWith(quoted, i);
    if (!match && hasBackslash(row, i, keyEnd)) match = JSON.parse(row.slice(i, keyEnd + 1)) === name;
    i = skipSpace(row, keyEnd + 1);
    if (row.charCodeAt(i) !== COLON) return found;
    i = skipSpace(row, i + 1);
    const end = valueEnd(row, i);
    if (match) found = row.slice(i, end);
    i = skipSpace(row, end);
    if (row.charCodeAt(i) !== COMMA) return found;
    i++;
  }
}
