// Formats shared by the HTTP contracts and the event contracts.

/** A calendar date, YYYY-MM-DD (pair it with a strict ISO 8601 check to refuse 2025-02-30). */
export const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Digits with the usual separators and an optional leading +; 7 to 15 digits. */
export const PHONE_PATTERN = /^\+?(?:[\s().-]*\d){7,15}[\s().-]*$/;

/** A time of day, HH:MM on the 24-hour clock. */
export const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A couple's id as the marketplace writes it (`1-2025-007`, a UUID): 1 to 64 printable ASCII characters, no spaces. */
export const COUPLE_ID = /^[\x21-\x7e]{1,64}$/;
