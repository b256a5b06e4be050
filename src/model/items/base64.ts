// Strict standard base64 (RFC 4648, with padding), so that binary text maps to exactly one byte sequence and back.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + ALPHABET[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + '==';
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + '=';
  }
  return out;
}

export type Base64Result = { ok: true; bytes: Uint8Array } | { ok: false; reason: string; index?: number };

/** Decodes base64; rejects other alphabets, whitespace, missing padding and non-zero leftover bits, saying where. */
export function decodeBase64(text: string): Base64Result {
  if (text.length % 4 !== 0) {
    return { ok: false, reason: `its length (${text.length}) is not a multiple of 4; base64 is padded with '=' to whole groups of 4 characters` };
  }
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const dataLength = text.length - padding;
  for (let i = 0; i < dataLength; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || DECODE[c] < 0) {
      const ch = text[i];
      const hint = ch === '-' || ch === '_' ? " (URL-safe base64 is not accepted: use '+' and '/')" : ch === '=' ? " ('=' may appear only at the end)" : '';
      return { ok: false, reason: `character ${JSON.stringify(ch)} at index ${i} is not base64${hint}`, index: i };
    }
  }
  const bytes = new Uint8Array((dataLength * 3) >> 2);
  let o = 0;
  for (let i = 0; i < dataLength; i += 4) {
    const a = DECODE[text.charCodeAt(i)];
    const b = DECODE[text.charCodeAt(i + 1)];
    const c = i + 2 < dataLength ? DECODE[text.charCodeAt(i + 2)] : 0;
    const d = i + 3 < dataLength ? DECODE[text.charCodeAt(i + 3)] : 0;
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    bytes[o++] = n >> 16;
    if (o < bytes.length) bytes[o++] = (n >> 8) & 255;
    if (o < bytes.length) bytes[o++] = n & 255;
  }
  // Bits that no byte uses must be zero, or two texts would decode to the same bytes.
  const lastValue = dataLength > 0 ? DECODE[text.charCodeAt(dataLength - 1)] : 0;
  if ((padding === 1 && (lastValue & 3) !== 0) || (padding === 2 && (lastValue & 15) !== 0)) {
    return { ok: false, reason: 'its last character before the padding has bits that no byte uses; it is not canonical base64', index: dataLength - 1 };
  }
  return { ok: true, bytes };
}
