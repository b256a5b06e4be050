// Reading declared values into the table model: strings, numbers and booleans as templates write them
// (CloudFormation and Terraform accept "5" for 5 and "true" for true), Unknowns passed through, and a problem noted
// for anything else.
import { isUnknown, unknownValue, type Maybe } from './tableModel';

/** Problems found while reading one resource, in words a person can act on. */
export type Problems = string[];

export function asString(v: unknown, what: string, problems: Problems): Maybe<string> {
  if (isUnknown(v)) return v;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  problems.push(`${what} is ${v === undefined ? 'missing' : JSON.stringify(v)}; it should be a string.`);
  return unknownValue(`an invalid ${what}`);
}

export function asNumber(v: unknown, what: string, problems: Problems): Maybe<number> {
  if (isUnknown(v)) return v;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
  if (Number.isFinite(n)) return n;
  problems.push(`${what} is ${v === undefined ? 'missing' : JSON.stringify(v)}; it should be a whole number.`);
  return unknownValue(`an invalid ${what}`);
}

export function asBoolean(v: unknown, what: string, problems: Problems): Maybe<boolean> {
  if (isUnknown(v)) return v;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  problems.push(`${what} is ${JSON.stringify(v)}; it should be true or false.`);
  return unknownValue(`an invalid ${what}`);
}
