// What an SMS provider's answer (or its silence) means for a message. Providers offer no idempotency key, so a request
// the provider may have acted on is never repeated: only failures known to come before delivery are retried. Pure, so
// the table of cases is the spec.

export type SmsOutcome =
  /** Accepted by the provider. */
  | { kind: 'sent'; httpStatus: number; reply: string }
  /** Refused before it was sent (connection refused, DNS, 429, our credentials): try again later. */
  | { kind: 'retry'; httpStatus: number | null; reply: string; retryAfterMs?: number }
  /** Refused for good (a number or message the provider will not take). */
  | { kind: 'failed'; httpStatus: number; reply: string }
  /** The provider may or may not have sent it (a timeout, a 5xx, a connection cut after the request): never resent. */
  | { kind: 'unknown'; httpStatus: number | null; reply: string };

/** The provider answered with this status and body. */
export function answeredOutcome(httpStatus: number, reply: string, retryAfter?: string | null): SmsOutcome {
  if (httpStatus >= 200 && httpStatus <= 299) return { kind: 'sent', httpStatus, reply };
  // Too many requests: refused before anything was sent.
  if (httpStatus === 429) return { kind: 'retry', httpStatus, reply, retryAfterMs: retryAfterMs(retryAfter) };
  // Our API key refused: this service's configuration, not the message; fixing it within the schedule sends it.
  if (httpStatus === 401 || httpStatus === 403) return { kind: 'retry', httpStatus, reply };
  if (httpStatus >= 400 && httpStatus <= 499) return { kind: 'failed', httpStatus, reply };
  // A 5xx (or a redirect, never followed) came after the provider read the request: it may have sent the SMS.
  return { kind: 'unknown', httpStatus, reply };
}

/** Errors that mean the request never reached the provider. */
const BEFORE_DELIVERY = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  // undici's connect timeout: no connection was ever made.
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** The request failed without an answer: `error` as fetch throws it (a TypeError whose cause has the code). */
export function unansweredOutcome(error: unknown): SmsOutcome {
  const cause = (error as { cause?: unknown })?.cause;
  const code = errorCode(cause) ?? errorCode(error);
  const name = (error as { name?: unknown })?.name;
  if (code !== undefined && BEFORE_DELIVERY.has(code)) return { kind: 'retry', httpStatus: null, reply: `${code}: the provider could not be reached` };
  if (name === 'TimeoutError' || name === 'AbortError') {
    return { kind: 'unknown', httpStatus: null, reply: 'no answer within the timeout: the provider may have sent it' };
  }
  return { kind: 'unknown', httpStatus: null, reply: `${code ?? String(name ?? 'Error')}: the request broke off; the provider may have sent it` };
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
