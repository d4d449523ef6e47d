// Where the coordinator's number stands, as the settings answer shows it: off, waiting for its confirmation (and how
// the code is doing), opted in, or stopped by a STOP reply — which no saving of the settings undoes. Pure: the facts
// come from the settings, the consent history, the open confirmation and its SMS.

export type SmsState = 'off' | 'unconfirmed' | 'opted-in' | 'stopped';

/** The code's side of an open confirmation. */
export type CodeStatus = 'waiting-to-send' | 'sent' | 'expired' | 'used-up' | 'not-sent';

export interface SmsConfirmationView {
  requestedAt: string;
  status: CodeStatus;
  /** While waiting: when the SMS is due (the end of the quiet hours, or now). */
  textAt: string | null;
  codeSentAt: string | null;
  expiresAt: string | null;
  attemptsLeft: number;
  /** Why the code did not go out (the SMS's own reason). */
  problem: string | null;
}

export interface SmsSettingsView {
  /** Texts go to `phone` now: it is opted in. */
  enabled: boolean;
  phone: string | null;
  state: SmsState;
  /** When the state began: the opt-in, the STOP reply, the request for a code. */
  since: string | null;
  /** The open request for a code, while `unconfirmed`. */
  confirmation: SmsConfirmationView | null;
}

export interface SmsConsentFacts {
  /** The settings: SMS switched on, to this number. */
  smsEnabled: boolean;
  phone: string | null;
  /** The latest consent of (coordinator, number). */
  consent: { optedIn: boolean; source: string; at: Date } | null;
  /** The number's latest STOP, START or YES, whoever it was for: a STOP holds for every coordinator. */
  lastReply: { source: string; at: Date } | null;
  confirmation: {
    requestedAt: Date;
    codeSentAt: Date | null;
    expiresAt: Date | null;
    attempts: number;
    /** Its SMS: status and due time, and why it ended unsent. Null: none was planned (the service has no SMS). */
    sms: { status: string; dueAt: Date; lastError: string | null } | null;
  } | null;
}

const NO_SMS = 'this service sends no SMS (SMS_PROVIDER_URL is not set)';

export function smsSettingsView(facts: SmsConsentFacts, now: Date, maxAttempts: number): SmsSettingsView {
  const base = { enabled: false, phone: facts.phone, confirmation: null };
  if (!facts.smsEnabled || !facts.phone) return { ...base, state: 'off', since: null };
  if (facts.consent?.optedIn) return { ...base, enabled: true, state: 'opted-in', since: facts.consent.at.toISOString() };
  const stop = facts.lastReply?.source === 'inbound-stop' ? facts.lastReply : facts.consent?.source === 'inbound-stop' ? facts.consent : null;
  if (stop) return { ...base, state: 'stopped', since: stop.at.toISOString() };
  const { confirmation } = facts;
  if (!confirmation) return { ...base, state: 'unconfirmed', since: null };
  const status = codeStatus(confirmation, now, maxAttempts);
  return {
    ...base,
    state: 'unconfirmed',
    since: confirmation.requestedAt.toISOString(),
    confirmation: {
      requestedAt: confirmation.requestedAt.toISOString(),
      status,
      textAt: status === 'waiting-to-send' ? (confirmation.sms?.dueAt.toISOString() ?? null) : null,
      codeSentAt: confirmation.codeSentAt?.toISOString() ?? null,
      expiresAt: confirmation.expiresAt?.toISOString() ?? null,
      attemptsLeft: Math.max(0, maxAttempts - confirmation.attempts),
      problem: status === 'not-sent' ? (confirmation.sms ? confirmation.sms.lastError : NO_SMS) : null,
    },
  };
}

function codeStatus(confirmation: NonNullable<SmsConsentFacts['confirmation']>, now: Date, maxAttempts: number): CodeStatus {
  const { sms } = confirmation;
  if (!sms) return 'not-sent';
  // Pending again after a failure known to precede delivery: the next attempt texts a new code.
  if (sms.status === 'pending') return 'waiting-to-send';
  if (sms.status === 'failed' || sms.status === 'skipped') return 'not-sent';
  if (!confirmation.codeSentAt) return 'waiting-to-send';
  if (confirmation.attempts >= maxAttempts) return 'used-up';
  if (confirmation.expiresAt && confirmation.expiresAt.getTime() <= now.getTime()) return 'expired';
  // sent, sending, or unknown (it may have arrived: the code stands).
  return 'sent';
}
