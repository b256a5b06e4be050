// The item form's view of a value (webview-ui/itemEditor): one row per attribute with a type and its text, so
// invalid input survives until it is fixed. Converted from and to the DynamoDB JSON wire text the form exchanges
// with the extension (numbers as strings, binary as base64). Pure, so Node tests can drive the same conversion.

import { ATTRIBUTE_TYPES, type AttributeType } from './model';

/** The form offers every DynamoDB type, in the model's one list of them. */
export const FORM_TYPES = ATTRIBUTE_TYPES;
export type FormType = AttributeType;

/** One value as the form holds it: text for scalars. */
export type FormValue =
  | { type: 'S' | 'N' | 'B'; text: string }
  | { type: 'BOOL'; on: boolean }
  | { type: 'NULL' }
  | { type: 'M'; entries: FormEntry[] }
  | { type: 'L'; items: FormValue[] }
  | { type: 'SS' | 'NS' | 'BS'; members: string[] };

export interface FormEntry {
  name: string;
  value: FormValue;
}

/** A value of DynamoDB JSON wire text (already JSON-parsed) as a form value. */
export function formValueFromWire(v: Record<string, unknown>): FormValue {
  const type = Object.keys(v)[0] as FormType;
  const x = v[type];
  switch (type) {
    case 'S':
    case 'N':
    case 'B':
      return { type, text: String(x) };
    case 'BOOL':
      return { type, on: x === true };
    case 'NULL':
      return { type };
    case 'M':
      return { type, entries: formEntriesFromWire(x as Record<string, Record<string, unknown>>) };
    case 'L':
      return { type, items: (x as Record<string, unknown>[]).map(formValueFromWire) };
    default:
      return { type, members: (x as unknown[]).map(String) };
  }
}

export function formEntriesFromWire(wire: Record<string, Record<string, unknown>>): FormEntry[] {
  return Object.keys(wire).map((name) => ({ name, value: formValueFromWire(wire[name]) }));
}

export function formValueToWire(v: FormValue): unknown {
  switch (v.type) {
    case 'S':
    case 'N':
    case 'B':
      return { [v.type]: v.text };
    case 'BOOL':
      return { BOOL: v.on };
    case 'NULL':
      return { NULL: true };
    case 'M':
      return { M: formEntriesToWire(v.entries) };
    case 'L':
      return { L: v.items.map(formValueToWire) };
    default:
      return { [v.type]: v.members };
  }
}

/** Entries as a wire map; own properties only, so a name such as "__proto__" stays an attribute. */
export function formEntriesToWire(entries: readonly FormEntry[]): Record<string, unknown> {
  return Object.fromEntries(entries.map((e) => [e.name, formValueToWire(e.value)]));
}

/** The whole item as the form sends it to the extension: DynamoDB JSON text. */
export function formEntriesToText(entries: readonly FormEntry[]): string {
  return JSON.stringify(formEntriesToWire(entries));
}

/** A value of another type, keeping what can be kept (text ↔ number ↔ set members, map ↔ list). */
export function convertFormValue(v: FormValue, type: FormType): FormValue {
  const texts = 'text' in v ? [v.text] : 'members' in v ? v.members : 'on' in v ? [String(v.on)] : [];
  switch (type) {
    case 'S':
    case 'N':
    case 'B':
      return { type, text: texts[0] ?? '' };
    case 'BOOL':
      return { type, on: texts[0] === 'true' };
    case 'NULL':
      return { type };
    case 'M':
      return { type, entries: v.type === 'L' ? v.items.map((value, i) => ({ name: String(i), value })) : [] };
    case 'L':
      return { type, items: v.type === 'M' ? v.entries.map((e) => e.value) : texts.map((text) => ({ type: 'S' as const, text })) };
    default:
      return { type, members: texts.length ? texts : [''] };
  }
}
