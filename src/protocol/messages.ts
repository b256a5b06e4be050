// Messages between webviews and the extension, typed once and validated on receipt (both directions are
// described with zod schemas; the extension never acts on a message that does not parse).
// Each webview adds its own message set below, discriminated by `type`.
import { z } from '../model/zod';

/** Sent by every webview once its script runs; the host answers with the initial state. */
export const ReadyMessage = z.object({ type: z.literal('ready') }).strict();

/** Result of validating a message: the typed message, or a sentence saying what was wrong. */
export type Parsed<T> = { ok: true; message: T } | { ok: false; error: string };

/** Deeper than any message nests (wire items stop at 32 levels); deeper input is refused rather than walked. */
const MAX_MESSAGE_DEPTH = 100;

/**
 * Whether a value is plain data as postMessage delivers it: arrays and objects whose prototype is Object.prototype
 * or null, with no accessors on the message itself. The schema alone would read an inherited `type`.
 */
function isPlainData(value: unknown, depth = 0): boolean {
  if (value === null || typeof value !== 'object') return typeof value !== 'function' && typeof value !== 'symbol';
  if (depth > MAX_MESSAGE_DEPTH) return false;
  if (Array.isArray(value)) {
    for (const element of value) if (!isPlainData(element, depth + 1)) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key of Object.keys(value)) if (!isPlainData((value as Record<string, unknown>)[key], depth + 1)) return false;
  return true;
}

export function parseMessage<T>(schema: z.ZodType<T>, raw: unknown): Parsed<T> {
  if (!isPlainData(raw) || (raw !== null && typeof raw === 'object' && !Array.isArray(raw) && Object.getOwnPropertyDescriptor(raw, 'type')?.get !== undefined)) {
    return { ok: false, error: 'Rejected a webview message: it is not plain data (an inherited field, an accessor, or nesting deeper than any message has).' };
  }
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, message: result.data };
  const issue = result.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
  return { ok: false, error: `Rejected a webview message${where}: ${issue?.message ?? 'invalid'}` };
}

// ---- Item editor (form view of one item document) -------------------------------------------------------------

const ItemEditorKeyAttribute = z.object({ name: z.string(), type: z.enum(['S', 'N', 'B']) }).strict();
const ItemEditorProblem = z
  .object({
    /** Attribute names, map keys and list/set indexes down to the value. */
    path: z.array(z.union([z.string(), z.number()])),
    message: z.string(),
    severity: z.enum(['error', 'warning']),
  })
  .strict();
export type ItemEditorProblem = z.infer<typeof ItemEditorProblem>;

/** Extension → item editor webview. Items travel as DynamoDB JSON text: numbers as strings, binary as base64. */
export const ItemEditorToWebview = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('load'),
      text: z.string(),
      title: z.string(),
      keySchema: z.array(ItemEditorKeyAttribute),
      ttlAttribute: z.string().optional(),
      readOnly: z.boolean(),
      /** The document's text cannot be read as an item: the form shows the problems and waits. */
      unreadable: z.boolean().optional(),
      /** The item document's URI, kept in the webview state so the form comes back after a window reload. */
      documentUri: z.string().max(10_000).optional(),
    })
    .strict(),
  z.object({ type: z.literal('problems'), problems: z.array(ItemEditorProblem) }).strict(),
  z.object({ type: z.literal('status'), message: z.string(), kind: z.enum(['info', 'error']) }).strict(),
]);
export type ItemEditorToWebview = z.infer<typeof ItemEditorToWebview>;

/** What a form editor's webview keeps in its state for the panel serializer. */
export const ItemEditorSavedState = z.object({ documentUri: z.string().min(1).max(10_000) });

/** Item editor webview → extension. */
export const ItemEditorToHost = z.discriminatedUnion('type', [
  ReadyMessage,
  /** The form changed: the whole item as DynamoDB JSON text (an item is at most 400 KB; text of 2 MB is refused). */
  z.object({ type: z.literal('edit'), text: z.string().max(2_000_000) }).strict(),
  z.object({ type: z.literal('save') }).strict(),
  z.object({ type: z.literal('showJson') }).strict(),
]);
export type ItemEditorToHost = z.infer<typeof ItemEditorToHost>;
