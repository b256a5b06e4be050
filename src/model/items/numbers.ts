// DynamoDB numbers as exact decimal text: syntax, canonical form, range and precision, and stored size.
// Nothing here passes through a JavaScript double.
import { quoteText } from './positions';

/** A parsed decimal: value = (negative ? -1 : 1) × 0.d1d2d3… × 10^pointExponent, digits without leading or trailing zeros. */
export interface Decimal {
  negative: boolean;
  /** Significant digits; empty for zero. */
  digits: string;
  /** Position of the decimal point relative to the first significant digit (value = 0.digits × 10^pointExponent). */
  pointExponent: number;
}

/** What DynamoDB accepts as number text: optional sign, digits with an optional point, optional exponent. */
const DYNAMO_NUMBER = /^([+-])?([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/;

export const MAX_SIGNIFICANT_DIGITS = 38;
/** Smallest and largest decimal exponents (scientific notation d.ddd × 10^e) DynamoDB stores. */
export const MIN_SCIENTIFIC_EXPONENT = -130;
export const MAX_SCIENTIFIC_EXPONENT = 125;

/** Exponents beyond this are far outside DynamoDB's range; clamping keeps arithmetic exact and bounded. */
const EXPONENT_CLAMP = 1_000_000_000;

/** Parses number text the way DynamoDB reads it ("+1", ".5", "5.", "01", "1E+3" are all numbers). Undefined when it is not a number. */
export function parseDecimal(text: string): Decimal | undefined {
  const m = DYNAMO_NUMBER.exec(text);
  if (!m) return undefined;
  const intPart = m[2] ?? '';
  const fracPart = m[3] ?? '';
  if (intPart.length === 0 && fracPart.length === 0) return undefined;
  let exponent = 0;
  if (m[4] !== undefined) {
    const e = m[4].replace(/^([+-]?)0+(?=\d)/, '$1');
    exponent = e.replace(/^[+-]/, '').length > 12 ? (e.startsWith('-') ? -EXPONENT_CLAMP : EXPONENT_CLAMP) : Number(e);
  }
  const all = intPart + fracPart;
  const lead = all.search(/[1-9]/);
  if (lead < 0) return { negative: false, digits: '', pointExponent: 0 };
  let last = all.length - 1;
  while (all.charCodeAt(last) === 0x30) last--;
  const digits = all.slice(lead, last + 1);
  // Point sits after intPart.length digits of `all`; relative to the first significant digit:
  const pointExponent = intPart.length - lead + exponent;
  return { negative: m[1] === '-', digits, pointExponent };
}

/** The exponent of the number written as d.ddd × 10^e. */
export function scientificExponent(d: Decimal): number {
  return d.pointExponent - 1;
}

/**
 * The canonical text of a number: the plain decimal form DynamoDB returns ("1.50" → "1.5", "1E+2" → "100",
 * "-0" → "0", ".5" → "0.5"). Numbers whose exponent is far outside DynamoDB's range are given in scientific form
 * (d.dddE±n) rather than as millions of zeros. Undefined when the text is not a number.
 */
export function canonicalNumber(text: string): string | undefined {
  const d = parseDecimal(text);
  return d === undefined ? undefined : formatDecimal(d);
}

export function formatDecimal(d: Decimal): string {
  if (d.digits.length === 0) return '0';
  const sign = d.negative ? '-' : '';
  const e = scientificExponent(d);
  if (e > 1000 || e < -1000) {
    const mantissa = d.digits.length > 1 ? `${d.digits[0]}.${d.digits.slice(1)}` : d.digits;
    return `${sign}${mantissa}E${e >= 0 ? '+' : ''}${e}`;
  }
  const p = d.pointExponent;
  if (p <= 0) return `${sign}0.${'0'.repeat(-p)}${d.digits}`;
  if (p >= d.digits.length) return `${sign}${d.digits}${'0'.repeat(p - d.digits.length)}`;
  return `${sign}${d.digits.slice(0, p)}.${d.digits.slice(p)}`;
}

/** Compares two numbers by value: negative, zero or positive like a sort comparator. Undefined if either is not a number. */
export function compareNumbers(a: string, b: string): number | undefined {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  if (!x || !y) return undefined;
  return compareDecimals(x, y);
}

export function compareDecimals(x: Decimal, y: Decimal): number {
  const sx = x.digits.length === 0 ? 0 : x.negative ? -1 : 1;
  const sy = y.digits.length === 0 ? 0 : y.negative ? -1 : 1;
  if (sx !== sy) return sx - sy;
  if (sx === 0) return 0;
  let magnitude: number;
  if (x.pointExponent !== y.pointExponent) {
    magnitude = x.pointExponent - y.pointExponent;
  } else {
    const len = Math.max(x.digits.length, y.digits.length);
    const dx = x.digits.padEnd(len, '0');
    const dy = y.digits.padEnd(len, '0');
    magnitude = dx < dy ? -1 : dx > dy ? 1 : 0;
  }
  return sx * Math.sign(magnitude);
}

export type NumberCheck =
  | { ok: true; decimal: Decimal }
  | { ok: false; code: 'invalidNumber' | 'numberPrecision' | 'numberRange'; reason: string };

/** Checks number text against DynamoDB's rules: syntax, 38 significant digits, magnitude 1E-130 to 9.99…E+125. */
export function checkDynamoNumber(text: string): NumberCheck {
  const d = parseDecimal(text);
  if (!d) {
    return {
      ok: false,
      code: 'invalidNumber',
      reason: `${quoteText(text)} is not a number. Write digits with an optional sign, decimal point and exponent, such as 42, -0.5 or 1.5E+10.`,
    };
  }
  if (d.digits.length > MAX_SIGNIFICANT_DIGITS) {
    return {
      ok: false,
      code: 'numberPrecision',
      reason: `${abbreviate(text)} has ${d.digits.length} significant digits; DynamoDB keeps at most ${MAX_SIGNIFICANT_DIGITS}. Round it, or store it as a string.`,
    };
  }
  if (d.digits.length > 0) {
    const e = scientificExponent(d);
    if (e > MAX_SCIENTIFIC_EXPONENT) {
      return {
        ok: false,
        code: 'numberRange',
        reason: `${abbreviate(text)} is too large: DynamoDB numbers go up to 9.9999999999999999999999999999999999999E+125 in magnitude. Store it as a string instead.`,
      };
    }
    if (e < MIN_SCIENTIFIC_EXPONENT) {
      return {
        ok: false,
        code: 'numberRange',
        reason: `${abbreviate(text)} is too small: the smallest non-zero DynamoDB number is 1E-130 in magnitude. Use 0 or store it as a string.`,
      };
    }
  }
  return { ok: true, decimal: d };
}

function abbreviate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 28)}…${text.slice(-28)} (${text.length} characters)` : text;
}

/**
 * Bytes a number takes in DynamoDB's item size: one byte plus one per pair of digits (pairs aligned on the decimal
 * point, leading and trailing zero pairs dropped), one more when negative; zero takes one byte. The developer guide
 * states this as "about one byte per two significant digits, plus one"; DynamoDB Local counts exactly this.
 */
export function numberSize(d: Decimal): number {
  if (d.digits.length === 0) return 1;
  const highestPower = d.pointExponent - 1;
  const lowestPower = d.pointExponent - d.digits.length;
  const pairs = Math.floor(highestPower / 2) - Math.floor(lowestPower / 2) + 1;
  return 1 + pairs + (d.negative ? 1 : 0);
}
