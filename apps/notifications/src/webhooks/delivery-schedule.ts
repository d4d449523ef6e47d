// When a failed webhook attempt is tried again: the rung of WEBHOOK_RETRY_DELAYS_MS with ±20 % jitter (so that the
// retries of a receiver's outage do not all land at once), and after a 429 never sooner than the receiver asked.
import { retryDelayMs } from '../delivery/retry-schedule';

export const JITTER = 0.2;
/** A 429 waits at least this long, or its Retry-After… */
export const MIN_TOO_MANY_REQUESTS_MS = 60_000;
/** …but no longer than this, whatever the receiver says. */
export const MAX_RETRY_AFTER_MS = 3_600_000;

/** The delay before attempt `attemptsMade + 1`, jittered, or undefined when no attempt is left. `random` ∈ [0, 1). */
export function webhookRetryDelayMs(attemptsMade: number, delaysMs: readonly number[], random: number): number | undefined {
  const delay = retryDelayMs(attemptsMade, delaysMs);
  return delay === undefined ? undefined : Math.round(delay * (1 - JITTER + 2 * JITTER * random));
}

/** Retry-After as seconds or an HTTP date, in ms from `now`; undefined when absent or unreadable. */
export function retryAfterMs(header: string | undefined, now: Date): number | undefined {
  if (!header) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date ("Tue, 01 Jan 2030 00:02:00 GMT"), not whatever else Date.parse would make sense of.
  const at = /GMT$/.test(text) ? Date.parse(text) : NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/** After a 429: the schedule's delay, but at least 60 s or what Retry-After asks, capped at an hour. */
export function tooManyRequestsDelayMs(scheduledMs: number, retryAfter: number | undefined): number {
  const asked = Math.min(Math.max(retryAfter ?? 0, MIN_TOO_MANY_REQUESTS_MS), MAX_RETRY_AFTER_MS);
  return Math.max(scheduledMs, asked);
}
