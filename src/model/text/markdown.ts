// User-supplied text (profile, connection, table and index names, endpoints, file paths, error messages that quote
// them) shown inside Markdown (explorer and status-bar tooltips) must read as text: "**x**", "[a](command:b)",
// "<img>" or a leading "# " in a name must not format, link or run anything.

/** Characters with a meaning in CommonMark inline syntax, escaped wherever they appear. */
const INLINE = /[\\`*_{}[\]<>()!|~&#]/g;

/** `text` with every Markdown meaning escaped, so a MarkdownString shows it as typed. */
export function escapeMarkdown(text: string): string {
  return (
    text
      // A line break inside a name would start a new block; show it as a space.
      .replace(/\r?\n|\r/g, ' ')
      .replace(INLINE, (c) => `\\${c}`)
      // Block syntax at the start of the text: lists ("- ", "+ ", "1. "); quotes and headings are escaped above.
      .replace(/^(\s*)([-+])(?=\s)/, '$1\\$2')
      .replace(/^(\s*\d+)([.)])(?=\s)/, '$1\\$2')
  );
}
