// What never reaches a log line or a span: the couples' and vendors' contact details and names, and credentials.
// Fields are censored by name at any depth (a booking's body, an event's payload, a query's parameters), and text is
// masked where personal data or a credential can hide in free text (an error's message, a database's detail, a URL).

export const CENSORED = '[redacted]';

/** Keys whose values are censored wherever they appear, compared without case, `_` or `-`. */
const PERSONAL_KEYS = new Set(
  [
    'email',
    'contactEmail',
    'coupleEmail',
    'emailNormalized',
    'phone',
    'contactPhone',
    'couplePhone',
    'phoneNormalized',
    'coupleName',
    'contactPerson',
    'businessName',
    'vendorBusinessName',
    'specialRequests',
    'notes',
    'description',
    'authorization',
    'cookie',
    'setCookie',
    'password',
    'token',
    'accessToken',
    'secret',
    'apiKey',
    // TypeORM's QueryFailedError carries the statement's parameters: a booking's every field.
    'parameters',
  ].map(normalizeKey),
);

function normalizeKey(key: string): string {
  return key.replace(/[-_]/g, '').toLowerCase();
}

/** Keys repeat from line to line: each is normalized once. */
const knownKeys = new Map<string, boolean>();

export function isPersonalKey(key: string): boolean {
  let personal = knownKeys.get(key);
  if (personal === undefined) {
    personal = PERSONAL_KEYS.has(normalizeKey(key));
    if (knownKeys.size < 10_000) knownKeys.set(key, personal);
  }
  return personal;
}

/** `@`, or `%40` in a URL. */
const EMAIL = /[A-Z0-9._%+-]+(@|%40)[A-Z0-9-]+(\.[A-Z0-9-]+)*\.[A-Z]{2,}/gi;
/** A run of 7 to 15 digits with a phone's separators, not part of a word, an id or a hex string. */
const PHONE = /(?<![\w.-])\+?\d(?:[\s().-]{0,2}\d){6,14}(?![\w-])/g;
const DATE_OR_TIME = /^\d{4}-\d{2}-\d{2}$|^\d{1,2}:\d{2}(:\d{2})?$/;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const JWT = /\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
/** A Standard Webhooks signing secret, wherever it is quoted. */
const WEBHOOK_SECRET = /\bwhsec_[A-Za-z0-9+/=]+/g;
/** The calendar feed's address: its file name is the credential (a calendar app has no other). */
const CALENDAR_FEED_FILE = /(\/calendar\/)[^/?#\s"'<>]+\.ics\b/g;
/** A credential in a query string (SMS_INBOUND_SECRET's `?secret=`, `?token=`, `?apikey=`, …). */
const QUERY_CREDENTIAL = /([?&](?:secret|token|access_token|api_?key|key|password|signature)=)[^&#\s"'<>]+/gi;

/**
 * The text with emails, phone numbers and credentials (bearer credentials, JWTs, webhook secrets, the calendar feed's
 * secret, a query string's secret) replaced by placeholders.
 */
export function maskPersonalText(text: string): string {
  if (text.length < 7) return text;
  return text
    .replace(JWT, '[token]')
    .replace(BEARER, '$1 [redacted]')
    .replace(WEBHOOK_SECRET, 'whsec_[redacted]')
    .replace(CALENDAR_FEED_FILE, '$1[redacted].ics')
    .replace(QUERY_CREDENTIAL, '$1[redacted]')
    .replace(EMAIL, '[email]')
    .replace(PHONE, (match) => (DATE_OR_TIME.test(match.trim()) ? match : '[phone]'));
}

/**
 * A copy of a log record with personal fields censored and personal text masked. Errors become plain objects (their
 * type, message and stack, and their own fields), so nothing they carry escapes the masking.
 */
export function redactPersonalData(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskPersonalText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8) return '[too deep]';
  if (Array.isArray(value)) return value.map((item) => redactPersonalData(item, depth + 1));
  if (Buffer.isBuffer(value) || value instanceof Date) return value;
  const source: Record<string, unknown> =
    value instanceof Error
      ? { ...value, type: value.name, message: value.message, stack: value.stack }
      : (value as Record<string, unknown>);
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(source)) {
    copy[key] = isPersonalKey(key) && field !== null && field !== undefined ? CENSORED : redactPersonalData(field, depth + 1);
  }
  return copy;
}
