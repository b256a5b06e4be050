// VS Code snippet syntax (tab stops, placeholders, choices, variables, escapes), enough to expand a snippet
// body the way the editor does when the user accepts every default.

export type SnippetNode =
  | { kind: 'text'; value: string }
  | { kind: 'tabstop'; index: number; placeholder?: SnippetNode[]; choices?: string[] }
  | { kind: 'variable'; name: string; placeholder?: SnippetNode[] };

export class SnippetSyntaxError extends Error {}

export function parseSnippet(source: string): SnippetNode[] {
  let pos = 0;

  const parseNodes = (insidePlaceholder: boolean): SnippetNode[] => {
    const nodes: SnippetNode[] = [];
    let text = '';
    const flush = () => {
      if (text) nodes.push({ kind: 'text', value: text });
      text = '';
    };
    while (pos < source.length) {
      const c = source[pos];
      if (c === '\\' && pos + 1 < source.length && '$}\\'.includes(source[pos + 1])) {
        text += source[pos + 1];
        pos += 2;
        continue;
      }
      if (c === '}' && insidePlaceholder) {
        flush();
        return nodes;
      }
      if (c === '$') {
        const simple = /^\$(\d+)/.exec(source.slice(pos)) ?? undefined;
        if (simple) {
          flush();
          nodes.push({ kind: 'tabstop', index: Number(simple[1]) });
          pos += simple[0].length;
          continue;
        }
        const braced = /^\$\{(\d+)([:|}])/.exec(source.slice(pos));
        if (braced) {
          flush();
          const index = Number(braced[1]);
          pos += braced[0].length;
          if (braced[2] === '}') nodes.push({ kind: 'tabstop', index });
          else if (braced[2] === ':') {
            const placeholder = parseNodes(true);
            if (source[pos] !== '}') throw new SnippetSyntaxError(`Unclosed placeholder \${${index}: in snippet.`);
            pos++;
            nodes.push({ kind: 'tabstop', index, placeholder });
          } else {
            const choices: string[] = [];
            let choice = '';
            for (;;) {
              if (pos >= source.length) throw new SnippetSyntaxError(`Unclosed choice \${${index}| in snippet.`);
              const ch = source[pos];
              if (ch === '\\' && ',|\\'.includes(source[pos + 1])) {
                choice += source[pos + 1];
                pos += 2;
              } else if (ch === ',') {
                choices.push(choice);
                choice = '';
                pos++;
              } else if (ch === '|' && source[pos + 1] === '}') {
                choices.push(choice);
                pos += 2;
                break;
              } else {
                choice += ch;
                pos++;
              }
            }
            nodes.push({ kind: 'tabstop', index, choices });
          }
          continue;
        }
        const variable = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)([:}])|([A-Za-z_][A-Za-z0-9_]*))/.exec(source.slice(pos));
        if (variable) {
          flush();
          pos += variable[0].length;
          const name = variable[1] ?? variable[3];
          if (variable[2] === ':') {
            const placeholder = parseNodes(true);
            if (source[pos] !== '}') throw new SnippetSyntaxError(`Unclosed variable \${${name}: in snippet.`);
            pos++;
            nodes.push({ kind: 'variable', name, placeholder });
          } else {
            nodes.push({ kind: 'variable', name });
          }
          continue;
        }
      }
      text += c;
      pos++;
    }
    flush();
    return nodes;
  };

  const nodes = parseNodes(false);
  if (pos !== source.length) throw new SnippetSyntaxError(`Unexpected "}" at offset ${pos} of the snippet.`);
  return nodes;
}

function walk(nodes: SnippetNode[], visit: (n: SnippetNode) => void): void {
  for (const n of nodes) {
    visit(n);
    if (n.kind !== 'text' && n.placeholder) walk(n.placeholder, visit);
  }
}

export function variablesOf(nodes: SnippetNode[]): string[] {
  const names: string[] = [];
  walk(nodes, (n) => {
    if (n.kind === 'variable') names.push(n.name);
  });
  return names;
}

/**
 * The text the editor inserts when the user types `overrides` into those tab stops and accepts every other
 * default: a placeholder's text, a choice's first option; a bare `$n` mirrors tab stop n; `$0` is empty.
 */
export function expandSnippet(nodes: SnippetNode[], overrides: ReadonlyMap<number, string> = new Map()): string {
  const values = new Map<number, string>(overrides);
  const definitions = new Map<number, SnippetNode & { kind: 'tabstop' }>();
  walk(nodes, (n) => {
    if (n.kind === 'tabstop' && (n.placeholder || n.choices) && !definitions.has(n.index)) definitions.set(n.index, n);
  });
  const valueOf = (index: number): string => {
    const known = values.get(index);
    if (known !== undefined) return known;
    const def = definitions.get(index);
    let value: string;
    if (def?.choices) value = def.choices[0];
    else if (def?.placeholder) value = render(def.placeholder);
    else if (index === 0) value = '';
    else throw new SnippetSyntaxError(`Tab stop $${index} has no default anywhere in the snippet.`);
    values.set(index, value);
    return value;
  };
  const render = (list: SnippetNode[]): string =>
    list
      .map((n) => {
        if (n.kind === 'text') return n.value;
        if (n.kind === 'tabstop') return valueOf(n.index);
        throw new SnippetSyntaxError(`Variable $${n.name} is not expected in an IAM policy snippet.`);
      })
      .join('');
  return render(nodes);
}

/** Each tab stop's default text (placeholder text or first choice), by index. */
export function tabStopDefaults(nodes: SnippetNode[]): Map<number, string> {
  const defaults = new Map<number, string>();
  walk(nodes, (n) => {
    if (n.kind === 'tabstop' && !defaults.has(n.index) && (n.placeholder || n.choices)) {
      defaults.set(n.index, n.choices ? n.choices[0] : expandSnippet(n.placeholder ?? []));
    }
  });
  return defaults;
}
