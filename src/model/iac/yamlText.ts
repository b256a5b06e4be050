// A small block-style YAML writer for generated templates: maps, lists, strings (double-quoted JSON strings, which
// YAML reads the same), numbers and booleans. Plain words such as `HASH` or `PAY_PER_REQUEST` stay unquoted.
export type YamlValue = string | number | boolean | YamlValue[] | { [key: string]: YamlValue | undefined };

const PLAIN_WORD = /^[A-Za-z][A-Za-z0-9_:.-]*$/;
/** Words YAML 1.1 readers take for booleans or null. */
const RESERVED = /^(y|yes|n|no|true|false|on|off|null|~)$/i;

function scalar(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  return PLAIN_WORD.test(value) && !RESERVED.test(value) ? value : JSON.stringify(value);
}

function isMap(v: YamlValue): v is { [key: string]: YamlValue | undefined } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function lines(value: YamlValue, indent: string): string[] {
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${indent}[]`];
    return value.flatMap((item) => {
      const inner = isMap(item) || Array.isArray(item) ? lines(item, `${indent}  `) : [`${indent}  ${scalar(item)}`];
      // The first line of each item takes the dash in place of its indent.
      return [`${indent}- ${inner[0].slice(indent.length + 2)}`, ...inner.slice(1)];
    });
  }
  if (isMap(value)) {
    const entries = Object.entries(value).filter((e): e is [string, YamlValue] => e[1] !== undefined);
    if (entries.length === 0) return [`${indent}{}`];
    return entries.flatMap(([k, v]) => {
      const key = scalar(k);
      if (isMap(v) || Array.isArray(v)) {
        const empty = (Array.isArray(v) && v.length === 0) || (isMap(v) && Object.values(v).every((x) => x === undefined));
        return empty ? [`${indent}${key}: ${Array.isArray(v) ? '[]' : '{}'}`] : [`${indent}${key}:`, ...lines(v, `${indent}  `)];
      }
      return [`${indent}${key}: ${scalar(v)}`];
    });
  }
  return [`${indent}${scalar(value)}`];
}

export function toYaml(value: YamlValue): string {
  return `${lines(value, '').join('\n')}\n`;
}
