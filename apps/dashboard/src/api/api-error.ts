// Every failed API call becomes an ApiError whose message a person can read: the API's own words when it gave any
// (Nest answers { statusCode, error, message } with message a string or a list), else what the status means.
import { formatTime } from '../ui/format';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The response body, for fields such as the 409's existingClientId. */
    readonly body: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The id of the client that already has this email or phone (POST /clients → 409). */
  get existingClientId(): string | undefined {
    const id = (this.body as { existingClientId?: unknown } | null)?.existingClientId;
    return typeof id === 'string' ? id : undefined;
  }
}

const statusWords = (service: string): Record<number, string> => ({
  400: 'The request was refused as invalid.',
  401: 'You are signed out: your token is missing, invalid or has expired.',
  403: 'This token may not use the coordinator dashboard.',
  404: 'Not found: it does not exist, or it is not one of yours.',
  409: 'That conflicts with an existing record.',
  413: 'That is too large to send.',
  429: 'Too many requests: wait a moment and try again.',
  500: `The ${service} failed on this request.`,
  502: `The ${service} cannot be reached.`,
  503: `The ${service} is unavailable; try again shortly.`,
  504: `The ${service} took too long to answer.`,
});

/** A sentence for a failed response, from its status and body; `service` names who answered. */
export function describeFailure(status: number, body: unknown, service = 'coordinator service', time = formatTime): string {
  const STATUS_WORDS = statusWords(service);
  const message = (body as { message?: unknown } | null)?.message;
  // A limit of the API's own says when it frees (retryAt): as a time of day, beside its words.
  const retryAt = (body as { retryAt?: unknown } | null)?.retryAt;
  const frees = status === 429 && typeof retryAt === 'string' && !Number.isNaN(Date.parse(retryAt)) ? ` You can try again at ${time(retryAt)}.` : '';
  const words = Array.isArray(message)
    ? message.filter((m): m is string => typeof m === 'string')
    : typeof message === 'string'
      ? [message]
      : [];
  const general = STATUS_WORDS[status] ?? (status >= 500 ? STATUS_WORDS[500] : `The request failed (HTTP ${status}).`);
  if (words.length === 0 || status >= 500) return general;
  const detail = words.map((word) => sentence(word)).join(' ');
  return status === 400 ? `Please check: ${detail}` : `${detail}${frees}`;
}

/** For a request that never got an answer. */
export function describeNetworkFailure(error: unknown, service = 'coordinator service'): string {
  if (error instanceof DOMException && error.name === 'AbortError') return 'The request was cancelled.';
  return `The ${service} cannot be reached: check that it is running and your connection, then try again.`;
}

const sentence = (text: string) => {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
};
