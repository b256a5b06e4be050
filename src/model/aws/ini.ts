// Parser for the AWS shared config and credentials files that reports what it cannot read.
//
// The explorer must show what the AWS SDK for JavaScript will do with these files, because that SDK resolves the
// credentials. So this parser follows the SDK (@smithy/core/config parseIni) line by line and adds diagnostics
// where the SDK silently drops or misreads a line. Where the AWS CLI differs, the difference is noted here:
// - Keys keep their case. The SDK matches keys case-sensitively ("Region" is not "region"); the CLI lowercases keys
//   (Python configparser). Keys are kept as written; profiles.ts flags known keys written in another case.
// - Comments: a line whose first non-blank character is '#' or ';' is a comment. The SDK also cuts a line at
//   ' #' or ' ;' (a '#' or ';' after whitespace), so `region = us-east-1 # main` reads "us-east-1"; the CLI keeps
//   such text as part of the value. `a;b` and `a#b` (no whitespace before) stay part of the value in both.
// - Nested blocks: a key with an empty value opens a block, and the indented `key = value` lines below it belong to
//   it (`dynamodb =` then `  endpoint_url = ...` in a [services NAME] section). A non-indented line closes it.
// - Duplicate sections and duplicate keys: the SDK merges them (later values win); the CLI refuses the whole file.
// - Line ends: LF or CRLF; a leading byte order mark is ignored.

export type IniSeverity = 'error' | 'warning';

export interface IniDiagnostic {
  file: string;
  /** 1-based line number. */
  line: number;
  message: string;
  /** error: the SDK drops or misreads the line; warning: it reads it, but the CLI or a reader may not agree. */
  severity: IniSeverity;
}

export interface IniValue {
  value: string;
  /** 1-based line number. */
  line: number;
}

export interface IniProperty extends IniValue {
  key: string;
  /** Entries of a nested block (`s3 =` or `dynamodb =` followed by indented lines); only when value is empty. */
  subProperties?: Map<string, IniValue>;
}

export interface IniSection {
  /** The text between the brackets, trimmed: "default", "profile dev", "services local". */
  name: string;
  /** 1-based line of the header. */
  line: number;
  /** Keys in file order; a key repeated in the same section keeps its last value (as the SDK does). */
  properties: Map<string, IniProperty>;
  /** Error diagnostics of lines read as part of this section: the section was built from malformed lines. */
  malformed: IniDiagnostic[];
}

export interface IniDocument {
  file: string;
  /** Every header in file order; a section written twice appears twice (merging is the caller's business). */
  sections: IniSection[];
  diagnostics: IniDiagnostic[];
}

/** Names the SDK refuses: it rejects the whole file when one of them is present. */
const FORBIDDEN_SECTION_NAMES = new Set(['__proto__', 'profile __proto__']);

/** The part of a line before a comment, as the SDK cuts it: '#' or ';' at the start or after whitespace. */
function stripComment(line: string): string {
  const match = /(^|\s)[;#]/.exec(line);
  return match ? line.slice(0, match.index) : line;
}

export function parseIni(text: string, file: string): IniDocument {
  const sections: IniSection[] = [];
  const diagnostics: IniDiagnostic[] = [];
  let section: IniSection | undefined;
  let block: IniProperty | undefined;
  // After a rejected header, its lines are skipped quietly: the header's diagnostic already covers them.
  let skippingRejectedSection = false;

  const report = (line: number, message: string, severity: IniSeverity): void => {
    const diagnostic = { file, line, message, severity };
    diagnostics.push(diagnostic);
    if (severity === 'error' && section) section.malformed.push(diagnostic);
  };
  const closeBlock = (): void => {
    if (block && block.subProperties?.size === 0) {
      report(block.line, `"${block.key}" has no value, so it is ignored. Write a value after "=", or remove the line.`, 'warning');
    }
    block = undefined;
  };

  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const content = stripComment(raw).trim();
    if (content === '') return;

    if (content.startsWith('[')) {
      if (!content.endsWith(']')) {
        report(
          lineNo,
          `The section header "${content}" is not closed, so the lines below it are ` +
            (section ? `read as part of [${section.name}]` : 'ignored') +
            '. Add "]" at the end of the header.',
          'error',
        );
        return;
      }
      closeBlock();
      const name = content.slice(1, -1).trim();
      if (name === '') {
        section = undefined;
        skippingRejectedSection = true;
        report(lineNo, 'The section header "[]" has no name, so the lines below it are ignored. Write a name such as [profile dev].', 'error');
        return;
      }
      if (FORBIDDEN_SECTION_NAMES.has(name)) {
        section = undefined;
        skippingRejectedSection = true;
        report(lineNo, `The section name "${name}" is not allowed: the AWS SDK ignores this whole file because of it. Rename the section.`, 'error');
        return;
      }
      skippingRejectedSection = false;
      section = { name, line: lineNo, properties: new Map(), malformed: [] };
      sections.push(section);
      return;
    }

    if (!section) {
      if (skippingRejectedSection) return;
      report(lineNo, `"${content}" is outside any section, so it is ignored. Move it below a header such as [default] or [profile NAME].`, 'error');
      return;
    }

    const eq = content.indexOf('=');
    if (eq === -1) {
      report(lineNo, `"${content}" has no "=", so it is ignored. Write it as key = value, or start the line with # to make it a comment.`, 'error');
      return;
    }
    if (eq === 0) {
      report(lineNo, `"${content}" has no key before "=", so it is ignored. Write it as key = value.`, 'error');
      return;
    }
    const key = content.slice(0, eq).trim();
    const value = content.slice(eq + 1).trim();
    const indented = raw.trimStart() !== raw;

    if (value === '') {
      closeBlock();
      block = { key, value: '', line: lineNo, subProperties: new Map() };
      setProperty(section, block, report);
      return;
    }
    if (block && indented) {
      const sub = block.subProperties!;
      const previous = sub.get(key);
      if (previous) {
        report(lineNo, `"${key}" is set twice under "${block.key}" in [${section.name}] (first on line ${previous.line}); the later value is used. Remove one of them.`, 'warning');
      }
      sub.set(key, { value, line: lineNo });
      return;
    }
    closeBlock();
    if (indented) {
      report(
        lineNo,
        `"${key}" is indented but not inside a nested block. The AWS SDK reads it as its own key, but the AWS CLI reads it as the continuation of the line above. Remove the indentation.`,
        'warning',
      );
    }
    setProperty(section, { key, value, line: lineNo }, report);
  });
  closeBlock();
  return { file, sections, diagnostics };
}

function setProperty(section: IniSection, property: IniProperty, report: (line: number, message: string, severity: IniSeverity) => void): void {
  const previous = section.properties.get(property.key);
  if (previous) {
    report(
      property.line,
      `"${property.key}" is set twice in [${section.name}] (first on line ${previous.line}); the AWS SDK uses the later value and the AWS CLI refuses the file. Remove one of them.`,
      'warning',
    );
    // Map keeps the first insertion position; delete so that file order reflects the value in use.
    section.properties.delete(property.key);
  }
  section.properties.set(property.key, property);
}
