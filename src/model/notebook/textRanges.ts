// Offsets of a cell's text as line/column ranges (0-based, UTF-16 columns, as VS Code counts).
import type { TextPosition, TextRange } from '../items/types';

export function positionAt(text: string, offset: number): TextPosition {
  const at = Math.max(0, Math.min(offset, text.length));
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < at; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: at - lineStart, offset: at };
}

export function rangeAt(text: string, start: number, end: number): TextRange {
  return { start: positionAt(text, start), end: positionAt(text, end) };
}
