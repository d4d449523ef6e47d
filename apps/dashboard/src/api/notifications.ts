// The notification service's answers as the dashboard reads them: the delivery log, the settings and the webhook
// endpoints. Every field is read here and nowhere else, tolerantly (a webhook API still being built may name a field
// slightly differently), so that a change of shape is one edit in this file.
import { ApiError } from './api-error';

export const NOTIFICATION_CHANNELS = ['email', 'webhook', 'sms'] as const;
export const NOTIFICATION_STATUSES = ['pending', 'sending', 'sent', 'failed', 'unknown', 'skipped'] as const;
export const WEBHOOK_EVENT_TYPES = ['coordinator.wedding.created', 'coordinator.integration.failed', 'coordinator.milestone.due'] as const;
export const WEBHOOK_FORMATS = ['', 'slack'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

export interface Notification {
  id: string;
  channel: string;
  template: string;
  recipient: string;
  subject: string | null;
  status: string;
  attemptCount: number;
  eventType: string | null;
  weddingId: string | null;
  resendOf: string | null;
  nextAttemptAt: string | null;
  lastError: string | null;
  sentAt: string | null;
  createdAt: string;
  /** When its recipient, content and replies were removed (the service's PERSONAL_DATA_RETENTION_DAYS); null until then. */
  scrubbedAt: string | null;
}

export interface NotificationAttempt {
  attempt: number;
  startedAt: string;
  durationMs: number | null;
  outcome: string;
  /** The SMTP reply code of an email, the HTTP status of a webhook or SMS provider. */
  code: number | null;
  reply: string | null;
}

export interface NotificationDetails extends Notification {
  attempts: NotificationAttempt[];
}

export interface DeliveryLogPage {
  items: Notification[];
  page: number;
  pageSize: number;
  total: number;
}

export interface NotificationSettings {
  email: { enabled: boolean; address: string | null };
  coupleConfirmation: { enabled: boolean };
  /** Only when the service has SMS: the page shows that part only then. */
  sms?: SmsSettings;
}

/** Where the number stands: `off`, `unconfirmed` (its code asked for), `opted-in`, or `stopped` by a STOP reply. */
export type SmsState = 'off' | 'unconfirmed' | 'opted-in' | 'stopped';

export interface SmsConfirmation {
  /** waiting-to-send, sent, expired, used-up, not-sent. */
  status: string;
  textAt: string | null;
  codeSentAt: string | null;
  expiresAt: string | null;
  attemptsLeft: number;
  problem: string | null;
}

export interface SmsSettings {
  /** The coordinator's switch, as the form shows it: on while the number is confirmed, waiting for it, or stopped. */
  enabled: boolean;
  phone: string | null;
  /** What the service answered (absent from an older service, which knows no confirmation). */
  state?: SmsState;
  since?: string | null;
  confirmation?: SmsConfirmation | null;
}

export interface WebhookEndpoint {
  id: string;
  url: string;
  events: string[];
  enabled: boolean;
  description: string | null;
  format: string | null;
  createdAt: string | null;
  /** Why the service turned it off (a 410, days of failures); null when its coordinator paused it. */
  disabledReason: string | null;
  /** Its deliveries not yet sent: a paused endpoint's wait for it. */
  waitingDeliveries: number | null;
}

/** POST /webhooks and POST /webhooks/:id/rotate-secret: the signing secret, shown once. */
export interface WebhookSecret {
  endpoint: WebhookEndpoint | undefined;
  secret: string;
}

export interface WebhookDelivery {
  id: string;
  at: string | null;
  eventType: string | null;
  statusCode: number | null;
  durationMs: number | null;
  outcome: string | null;
  /** The first 4 KB of the endpoint's answer (or the error, when there was no answer). */
  response: string | null;
}

type Raw = Record<string, unknown>;

const asRecord = (value: unknown): Raw => (value !== null && typeof value === 'object' ? (value as Raw) : {});
/** The first of these fields that holds a value of the wanted kind. */
function pick<T>(raw: Raw, names: string[], is: (value: unknown) => value is T): T | undefined {
  for (const name of names) if (is(raw[name])) return raw[name] as T;
  return undefined;
}
const isString = (value: unknown): value is string => typeof value === 'string';
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every(isString);
const text = (raw: Raw, ...names: string[]) => pick(raw, names, isString) ?? null;
const count = (raw: Raw, ...names: string[]) => {
  const value = raw[names.find((name) => raw[name] !== undefined && raw[name] !== null) ?? ''];
  // PostgreSQL's integers may arrive as text.
  const parsed = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return isNumber(parsed) ? parsed : null;
};

/** A list answered as an array or as `{ items }` (or `{ endpoints }`, `{ deliveries }`). */
export function readList(raw: unknown): unknown[] {
  if (Array.isArray(raw)) return raw;
  const record = asRecord(raw);
  return pick(record, ['items', 'endpoints', 'webhooks', 'deliveries', 'attempts'], Array.isArray) ?? [];
}

export function readNotification(value: unknown): Notification {
  const raw = asRecord(value);
  return {
    id: text(raw, 'id') ?? '',
    channel: text(raw, 'channel') ?? 'email',
    template: text(raw, 'template') ?? '',
    recipient: text(raw, 'recipient') ?? '',
    subject: text(raw, 'subject'),
    status: text(raw, 'status') ?? 'unknown',
    attemptCount: count(raw, 'attemptCount', 'attempts') ?? 0,
    eventType: text(raw, 'eventType'),
    weddingId: text(raw, 'weddingId'),
    resendOf: text(raw, 'resendOf'),
    nextAttemptAt: text(raw, 'nextAttemptAt'),
    lastError: text(raw, 'lastError'),
    sentAt: text(raw, 'sentAt'),
    createdAt: text(raw, 'createdAt') ?? '',
    scrubbedAt: text(raw, 'scrubbedAt'),
  };
}

/** Whom it went to; once the service removed the address (a webhook keeps its endpoint's id), says so. */
export function recipientLabel(notification: Pick<Notification, 'recipient' | 'scrubbedAt'>): string {
  if (notification.recipient) return notification.recipient;
  return notification.scrubbedAt ? 'removed' : '—';
}

export function readAttempt(value: unknown, index: number): NotificationAttempt {
  const raw = asRecord(value);
  return {
    attempt: count(raw, 'attempt') ?? index + 1,
    startedAt: text(raw, 'startedAt', 'at', 'createdAt') ?? '',
    durationMs: count(raw, 'durationMs'),
    outcome: text(raw, 'outcome') ?? 'unknown',
    code: count(raw, 'smtpCode', 'httpStatus', 'statusCode'),
    reply: text(raw, 'reply', 'error'),
  };
}

export function readNotificationDetails(value: unknown): NotificationDetails {
  const raw = asRecord(value);
  return { ...readNotification(raw), attempts: (Array.isArray(raw.attempts) ? raw.attempts : []).map(readAttempt) };
}

export function readDeliveryLogPage(value: unknown): DeliveryLogPage {
  const raw = asRecord(value);
  return {
    items: readList(raw).map(readNotification),
    page: count(raw, 'page') ?? 1,
    pageSize: count(raw, 'pageSize') ?? 20,
    total: count(raw, 'total') ?? 0,
  };
}

export function readSettings(value: unknown): NotificationSettings {
  const raw = asRecord(value);
  const email = asRecord(raw.email);
  const couple = asRecord(raw.coupleConfirmation);
  const settings: NotificationSettings = {
    email: { enabled: email.enabled !== false, address: text(email, 'address') },
    coupleConfirmation: { enabled: couple.enabled !== false },
  };
  if (raw.sms !== undefined && raw.sms !== null) {
    const sms = asRecord(raw.sms);
    const state = pick(sms, ['state'], (value): value is SmsState => ['off', 'unconfirmed', 'opted-in', 'stopped'].includes(value as string));
    // The service's `enabled` says whether texts go now; the switch is the coordinator's wish, on in every state but off.
    settings.sms = { enabled: state ? state !== 'off' : sms.enabled === true, phone: text(sms, 'phone') };
    if (state) {
      const confirmation = sms.confirmation ? asRecord(sms.confirmation) : undefined;
      Object.assign(settings.sms, {
        state,
        since: text(sms, 'since'),
        confirmation: confirmation
          ? {
              status: text(confirmation, 'status') ?? 'sent',
              textAt: text(confirmation, 'textAt'),
              codeSentAt: text(confirmation, 'codeSentAt'),
              expiresAt: text(confirmation, 'expiresAt'),
              attemptsLeft: count(confirmation, 'attemptsLeft') ?? 0,
              problem: text(confirmation, 'problem'),
            }
          : null,
      });
    }
  }
  return settings;
}

/**
 * Where the number stands, in words, for the settings' SMS part: confirmed, waiting for its code (and what the
 * coordinator can do), or stopped by a STOP reply that saving the settings does not undo. '' when there is nothing
 * to say (SMS off, or a service without confirmations). `time` formats an instant (formatTime on the page).
 */
export function describeSmsState(sms: SmsSettings | undefined, time: (instant: string) => string, now = Date.now()): string {
  if (!sms?.state || sms.state === 'off' || !sms.phone) return '';
  const number = sms.phone;
  const since = sms.since ? ` on ${time(sms.since)}` : '';
  if (sms.state === 'opted-in') return `Texts go to ${number}: the number is confirmed.`;
  if (sms.state === 'stopped') {
    return (
      `Texts to ${number} are off: the number replied STOP${since}. Saving these settings does not change that; ` +
      'texting START (or YES) from that phone turns them back on.'
    );
  }
  const confirmation = sms.confirmation;
  if (!confirmation) return `${number} is not confirmed yet: send it a code to confirm it.`;
  switch (confirmation.status) {
    case 'waiting-to-send':
      return confirmation.textAt && Date.parse(confirmation.textAt) > now + 60_000
        ? `A code will be texted to ${number} at ${time(confirmation.textAt)}, after the quiet hours. Texts start once you enter it (or the phone replies YES).`
        : `A code is being texted to ${number}. Texts start once you enter it (or the phone replies YES).`;
    case 'sent': {
      const until = confirmation.expiresAt ? ` by ${time(confirmation.expiresAt)}` : '';
      const tries = `${confirmation.attemptsLeft} ${confirmation.attemptsLeft === 1 ? 'try' : 'tries'} left`;
      return `We texted a code to ${number}${confirmation.codeSentAt ? ` at ${time(confirmation.codeSentAt)}` : ''}. Enter it below${until} (${tries}), or reply YES to that text. Texts start once the number is confirmed.`;
    }
    case 'expired':
      return `The code texted to ${number} has expired. Send a new one (or reply YES to that text).`;
    case 'used-up':
      return `The code texted to ${number} was entered wrong too many times. Send a new one.`;
    default:
      return `The code could not be texted to ${number}${confirmation.problem ? ` (${confirmation.problem})` : ''}. Send a new one later.`;
  }
}

/** The code can be typed in now: one was texted and is still good. */
export const smsCodeExpected = (sms: SmsSettings | undefined) => sms?.state === 'unconfirmed' && sms.confirmation?.status === 'sent';
/** A new code may help: waiting for a confirmation that has none in hand. */
export const smsCodeRenewable = (sms: SmsSettings | undefined) => sms?.state === 'unconfirmed' && sms.confirmation?.status !== 'waiting-to-send';

/**
 * The PUT body: the whole document (PUT replaces it), a blank address as null (the marketplace's address). `sms` only
 * when the service has it and it changed from `saved`: left out, it stays as it is — a service without SMS refuses a
 * field it does not know, and one with SMS records a consent each time the part is sent.
 */
export function settingsBody(settings: NotificationSettings, saved?: NotificationSettings): Record<string, unknown> {
  const blankToNull = (value: string | null) => (value && value.trim() ? value.trim() : null);
  const sms = (part: NotificationSettings['sms']) => part && { enabled: part.enabled, phone: blankToNull(part.phone) };
  const smsChanged = settings.sms && (!saved?.sms || JSON.stringify(sms(settings.sms)) !== JSON.stringify(sms(saved.sms)));
  return {
    email: { enabled: settings.email.enabled, address: blankToNull(settings.email.address) },
    coupleConfirmation: { enabled: settings.coupleConfirmation.enabled },
    ...(smsChanged ? { sms: sms(settings.sms) } : {}),
  };
}

/** GET /settings/sms-consent: what turning SMS on agrees to; '' when the service has no such text. */
export function readSmsConsent(value: unknown): string {
  return text(asRecord(value), 'text') ?? '';
}

export function readWebhook(value: unknown): WebhookEndpoint {
  const raw = asRecord(value);
  return {
    id: text(raw, 'id') ?? '',
    url: text(raw, 'url') ?? '',
    events: pick(raw, ['events', 'eventTypes'], isStringList) ?? [],
    enabled: pick(raw, ['enabled', 'active'], isBoolean) ?? true,
    description: text(raw, 'description'),
    format: text(raw, 'format'),
    createdAt: text(raw, 'createdAt'),
    disabledReason: text(raw, 'disabledReason'),
    waitingDeliveries: count(raw, 'waitingDeliveries'),
  };
}

/** The endpoint's badge and the words beside it: on, paused (its calls waiting), or turned off by the service and why. */
export function describeEndpointState(endpoint: Pick<WebhookEndpoint, 'enabled' | 'disabledReason' | 'waitingDeliveries'>): { badge: string; words: string } {
  if (endpoint.enabled) return { badge: 'on', words: '' };
  if (endpoint.disabledReason) return { badge: 'off', words: `Turned off by the service: ${endpoint.disabledReason}. Resume it to send it new events.` };
  const waiting = endpoint.waitingDeliveries ?? 0;
  return {
    badge: 'paused',
    words:
      waiting === 0
        ? 'Paused: new events wait for it, and go out in order when you resume it.'
        : `Paused: ${waiting} ${waiting === 1 ? 'call waits' : 'calls wait'}, and ${waiting === 1 ? 'goes' : 'go'} out in order when you resume it.`,
  };
}

export function readWebhookSecret(value: unknown): WebhookSecret {
  const raw = asRecord(value);
  const nested = asRecord(raw.endpoint ?? raw.webhook);
  const secret = text(raw, 'secret', 'signingSecret') ?? text(nested, 'secret', 'signingSecret') ?? '';
  const endpoint = text(raw, 'id') ? readWebhook(raw) : text(nested, 'id') ? readWebhook(nested) : undefined;
  return { endpoint, secret };
}

export function readWebhookDelivery(value: unknown, index: number): WebhookDelivery {
  const raw = asRecord(value);
  return {
    id: text(raw, 'id') ?? String(index),
    at: text(raw, 'startedAt', 'attemptedAt', 'deliveredAt', 'createdAt', 'at', 'time'),
    eventType: text(raw, 'eventType', 'event'),
    statusCode: count(raw, 'statusCode', 'httpStatus', 'responseStatus', 'status'),
    durationMs: count(raw, 'durationMs', 'duration'),
    outcome: text(raw, 'outcome', 'result') ?? (isString(raw.status) ? raw.status : null),
    response: text(raw, 'responseBody', 'response', 'body', 'reply', 'error'),
  };
}

/** The webhook form's input, as the API takes it. */
export interface WebhookDraft {
  url: string;
  events: string[];
  description: string;
  format: WebhookFormat;
}

/** What is wrong with the form before it is sent (the service checks again, and its refusal is shown too). */
export function webhookDraftProblems(draft: WebhookDraft): string[] {
  const problems: string[] = [];
  let url: URL | undefined;
  try {
    url = new URL(draft.url.trim());
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) problems.push('The address must be a web address (https://…).');
  if (draft.events.length === 0) problems.push('Choose at least one event.');
  return problems;
}

export function webhookBody(draft: WebhookDraft): Record<string, unknown> {
  const description = draft.description.trim();
  return {
    url: draft.url.trim(),
    events: draft.events,
    ...(description ? { description } : {}),
    ...(draft.format ? { format: draft.format } : {}),
  };
}

/**
 * The service has no webhooks API: 404, or — on a service whose delivery log reads any /api/notifications/<x> as a
 * notification id — that id parser's 400 ("uuid is expected").
 */
export function isWebhooksUnavailable(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  if (error.status === 404 || error.status === 405) return true;
  return error.status === 400 && /uuid is expected/i.test(JSON.stringify(error.body ?? ''));
}

/** "sent after 2 attempts", "pending (next attempt 1 Dec, 20:15)" — the words beside a status badge. */
export function describeAttempts(notification: Pick<Notification, 'status' | 'attemptCount'>): string {
  const { attemptCount: n } = notification;
  if (n === 0) return notification.status === 'skipped' ? 'not sent' : 'not tried yet';
  return `${n} attempt${n === 1 ? '' : 's'}`;
}

/** The server's answer to an attempt: its code, unless the reply already starts with it ("250 Message queued"). */
export function attemptAnswer({ code, reply }: Pick<NotificationAttempt, 'code' | 'reply'>): string {
  const words = reply?.trim() ?? '';
  if (code === null) return words || '—';
  if (words.startsWith(String(code))) return words;
  return words ? `${code} ${words}` : String(code);
}

/** "120 ms", "2.4 s", "—" */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** A webhook answer's status code, as good (2xx) or not. */
export function deliverySucceeded(delivery: Pick<WebhookDelivery, 'statusCode' | 'outcome'>): boolean {
  if (delivery.statusCode !== null) return delivery.statusCode >= 200 && delivery.statusCode < 300;
  return delivery.outcome === 'sent' || delivery.outcome === 'delivered';
}

const TEMPLATE_LABELS: Record<string, string> = {
  'wedding-created': 'New wedding',
  'couple-confirmation': 'Couple confirmation',
  'integration-failed': 'Booking not set up',
  'sms-confirmation': 'Confirmation code',
};
export const templateLabel = (template: string) => TEMPLATE_LABELS[template] ?? template.replace(/[-_.]/g, ' ');
