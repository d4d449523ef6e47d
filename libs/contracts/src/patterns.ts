// Formats shared by the HTTP contracts and the event contracts.

/** A calendar date, YYYY-MM-DD (pair it with a strict ISO 8601 check to refuse 2025-02-30). */
export const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Digits with the usual separators and an optional leading +; 7 to 15 digits. */
export const PHONE_PATTERN = /^\+?(?:[\s().-]*\d){7,15}[\s().-]*$/;
