// Compiles schemas/iam-policy.schema.json with Ajv, knowing the keywords VS Code adds to JSON Schema.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';

export const POLICY_SCHEMA_PATH = path.resolve(__dirname, '../../../../../schemas/iam-policy.schema.json');

export function loadPolicySchema(): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(POLICY_SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
}

/** A validator returning Ajv's error messages (empty when the document is valid). */
export function compilePolicySchema(): (doc: unknown) => string[] {
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false, allowUnionTypes: true });
  for (const keyword of ['markdownDescription', 'defaultSnippets', 'deprecationMessage', 'enumDescriptions', 'markdownEnumDescriptions']) {
    ajv.addKeyword({ keyword, schemaType: ['string', 'array', 'object'] });
  }
  const validate = ajv.compile(loadPolicySchema());
  return (doc) => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`));
}
