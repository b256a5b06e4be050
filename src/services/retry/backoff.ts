// The one sleep and the one backoff of the services. Every wait between attempts (resending unprocessed items,
// polling a table until it is ACTIVE, tailing a stream) goes through `sleep`, every retry pause is
// `backoffDelayMs`, and every bounded wait for an answer (`within`) sleeps here too, so the timing behaviour of the
// extension is read and tuned here.
import { abortError } from '../../model/errors';

/** Waits `ms`; rejects with an AbortError (see model/errors) as soon as the signal aborts, or at once if it has. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * What `work` gives if it settles within `ms`, else `fallback`; the work itself goes on (an editor feature that must
 * answer now takes what is known, and a later request finds the work done).
 */
export async function within<T>(work: Promise<T>, ms: number, fallback: T): Promise<T> {
  const timer = new AbortController();
  try {
    return await Promise.race([work, sleep(ms, timer.signal).then(() => fallback)]);
  } finally {
    timer.abort();
  }
}

export interface BackoffOptions {
  /** The ceiling of the first retry's pause; doubled for each further retry. */
  baseMs: number;
  /** The largest ceiling. */
  maxMs: number;
}

/**
 * The pause before retry number `retry` (1 for the first retry): exponential with "equal jitter", i.e. a random
 * value in the upper half of min(maxMs, baseMs·2^(retry-1)). The fixed half guarantees a real pause between resends
 * of items DynamoDB left unprocessed; the random half spreads out concurrent writers so they do not retry in step.
 */
export function backoffDelayMs(retry: number, { baseMs, maxMs }: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, retry - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
