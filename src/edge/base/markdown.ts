// User-supplied text (table, index, attribute and profile names) inside Markdown tooltips and hovers: every
// character Markdown or HTML would read as syntax is escaped, so a name shows as written and never as markup.

const MARKDOWN_SPECIAL = /[\\`*_{}[\]()#+\-.!|<>~&]/g;

export function escapeMarkdown(text: string): string {
  return text.replace(MARKDOWN_SPECIAL, (c) => `\\${c}`);
}
