// Semaphore's `POST /api/v4/messages` (form fields apikey, number, message, sendername), the shape of the Philippine SMS
// APIs. A redirect is never followed; a request unanswered within SMS_TIMEOUT_MS is of unknown outcome.
import { answeredOutcome, SmsOutcome, unansweredOutcome } from './sms-outcome';
import type { SmsMessage, SmsSender } from './sms-sender';

export interface SemaphoreOptions {
  url: string;
  apiKey: string;
  /** Empty: the provider's default sender name. */
  senderName: string;
  timeoutMs: number;
}

export class SemaphoreSmsSender implements SmsSender {
  constructor(private readonly options: SemaphoreOptions) {}

  async send(message: SmsMessage): Promise<SmsOutcome> {
    const form = new URLSearchParams({
      apikey: this.options.apiKey,
      // Semaphore takes 639171234567 (or 09171234567): E.164 without the plus.
      number: message.to.replace(/^\+/, ''),
      message: message.text,
    });
    if (this.options.senderName) form.set('sendername', this.options.senderName);
    let response: Response;
    let body: string;
    try {
      response = await fetch(this.options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      body = await response.text();
    } catch (error) {
      return unansweredOutcome(error);
    }
    return semaphoreOutcome(response.status, body, response.headers.get('retry-after'));
  }
}

/**
 * Semaphore answers a sent message with an array of the messages it queued; a refused one (a number it will not take,
 * a missing field) can come back as a 2xx too, with an object of field errors: refused, so not sent and not retried.
 */
export function semaphoreOutcome(httpStatus: number, body: string, retryAfter?: string | null): SmsOutcome {
  if (httpStatus >= 200 && httpStatus <= 299) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = undefined;
    }
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return { kind: 'failed', httpStatus, reply: body.slice(0, 500) };
    }
  }
  return answeredOutcome(httpStatus, summarizeReply(body), retryAfter);
}

/**
 * What the delivery log keeps of the answer: Semaphore answers an array of the messages it queued, each echoing the
 * number and the text; the log keeps their ids and status, else the start of whatever came back.
 */
export function summarizeReply(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (Array.isArray(parsed) && parsed.length > 0 && parsed.every((m) => m && typeof m === 'object' && 'message_id' in m)) {
      return parsed.map((m: { message_id: unknown; status?: unknown }) => `message_id ${String(m.message_id)} (${String(m.status ?? 'queued')})`).join(', ');
    }
  } catch {
    // not JSON: keep the text
  }
  return body.slice(0, 500);
}
