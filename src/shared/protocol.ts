// Messages between webviews and the extension, typed once and validated on receipt (both directions are
// described with zod schemas; the extension never acts on a message that does not parse).
// Each webview adds its own message set below, discriminated by `type`.
import { z } from 'zod';

/** Sent by every webview once its script runs; the host answers with the initial state. */
export const ReadyMessage = z.object({ type: z.literal('ready') }).strict();

/** Result of validating a message: the typed message, or a sentence saying what was wrong. */
export type Parsed<T> = { ok: true; message: T } | { ok: false; error: string };

export function parseMessage<T>(schema: z.ZodType<T>, raw: unknown): Parsed<T> {
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, message: result.data };
  const issue = result.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
  return { ok: false, error: `Rejected a webview message${where}: ${issue?.message ?? 'invalid'}` };
}
