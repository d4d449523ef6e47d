// What an SMTP server's answer means for an email: accepted, worth another attempt later (a 4xx answer, a server
// that cannot be reached or hangs up), or refused for good (a 5xx answer). Pure, so the table of cases is the spec.

export type SmtpOutcome =
  | { kind: 'sent'; code: number | null; reply: string }
  | { kind: 'retry' | 'failed'; code: number | null; reply: string };

/** What nodemailer gives on success: `response` is the server's last line, e.g. "250 2.0.0 Ok: queued as 1234". */
export function acceptedOutcome(response: string | undefined): SmtpOutcome {
  return { kind: 'sent', code: replyCode(response), reply: (response ?? '').slice(0, 1000) };
}

/**
 * nodemailer's errors carry `responseCode` and `response` when the server answered, and a `code` such as ECONNECTION,
 * ETIMEDOUT or ESOCKET when it could not be reached or the conversation broke off. RFC 5321: 4yz is a transient
 * negative completion (try again), 5yz a permanent one (do not repeat the same request).
 */
export function failureOutcome(error: unknown): SmtpOutcome {
  const { responseCode, response, code, message } = (error ?? {}) as {
    responseCode?: unknown;
    response?: unknown;
    code?: unknown;
    message?: unknown;
  };
  const answered = typeof responseCode === 'number' ? responseCode : replyCode(typeof response === 'string' ? response : undefined);
  const reply = (typeof response === 'string' && response ? response : `${typeof code === 'string' ? `${code}: ` : ''}${String(message ?? error)}`).slice(0, 1000);
  // A refused login (535 to AUTH) is this service's configuration, not the email: retried, so that fixing SMTP_URL
  // within the schedule delivers everything that waited.
  if (code === 'EAUTH' || code === 'ENOAUTH') return { kind: 'retry', code: answered, reply };
  if (answered !== null && answered >= 500 && answered <= 599) return { kind: 'failed', code: answered, reply };
  // 4xx, no answer at all, or an answer that makes no sense: the next attempt may fare better, within the schedule.
  return { kind: 'retry', code: answered, reply };
}

function replyCode(response: string | undefined): number | null {
  const match = /^([2-5]\d\d)[\s-]/.exec(response ?? '');
  return match ? Number(match[1]) : null;
}
