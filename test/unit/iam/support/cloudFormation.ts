// Loads CloudFormation YAML (with the short-form intrinsic tags) and resolves Fn::Sub against pseudo parameters,
// so a policy written in a template can be checked like a JSON one.

// js-yaml ships without type declarations; this is the part used here.
interface JsYamlType {
  new (tag: string, options: { kind: 'scalar' | 'sequence' | 'mapping'; construct: (data: unknown) => unknown }): unknown;
}
interface JsYaml {
  Type: JsYamlType;
  DEFAULT_SCHEMA: { extend(types: unknown[]): unknown };
  load(text: string, options: { schema: unknown }): unknown;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const jsYaml = require('js-yaml') as JsYaml;

const INTRINSICS: [string, string, 'scalar' | 'sequence' | 'mapping'][] = [
  ['!Sub', 'Fn::Sub', 'scalar'],
  ['!Sub', 'Fn::Sub', 'sequence'],
  ['!Ref', 'Ref', 'scalar'],
  ['!GetAtt', 'Fn::GetAtt', 'scalar'],
  ['!Join', 'Fn::Join', 'sequence'],
];

const CFN_SCHEMA = jsYaml.DEFAULT_SCHEMA.extend(
  INTRINSICS.map(([tag, fn, kind]) => new jsYaml.Type(tag, { kind, construct: (data) => ({ [fn]: data }) })),
);

export function loadCloudFormationYaml(text: string): unknown {
  return jsYaml.load(text, { schema: CFN_SCHEMA });
}

export const DEFAULT_PSEUDO_PARAMETERS: Readonly<Record<string, string>> = {
  'AWS::Partition': 'aws',
  'AWS::Region': 'us-east-1',
  'AWS::AccountId': '123456789012',
};

/** Replaces every { "Fn::Sub": "..." } with its string; throws on a reference that is not a pseudo parameter. */
export function resolveSub(value: unknown, pseudo: Readonly<Record<string, string>> = DEFAULT_PSEUDO_PARAMETERS): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveSub(v, pseudo));
  if (!value || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 1 && keys[0] === 'Fn::Sub') {
    const template = obj['Fn::Sub'];
    if (typeof template !== 'string') throw new Error('Only the string form of Fn::Sub is used in the policy snippets.');
    return template.replace(/\$\{(!?)([^}]*)\}/g, (_m, literal: string, name: string) => {
      if (literal) return `\${${name}}`;
      const resolved = pseudo[name];
      if (resolved === undefined) throw new Error(`Fn::Sub refers to \${${name}}, which is not a pseudo parameter.`);
      return resolved;
    });
  }
  if (keys.some((k) => k.startsWith('Fn::') || k === 'Ref')) throw new Error(`Unexpected intrinsic ${keys.join(', ')} in a policy snippet.`);
  return Object.fromEntries(keys.map((k) => [k, resolveSub(obj[k], pseudo)]));
}
