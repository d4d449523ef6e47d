// Phone numbers in the forms the marketplace's users type them: one digits-only form for matching a returning couple,
// and E.164 for sending an SMS. Philippine mobile numbers are read in their national forms as well.
import { PHONE_PATTERN } from './patterns';

/**
 * Digits only, with Philippine mobile numbers in one form: "+63 917 123 4567", "0917-123-4567" and "917 123 4567"
 * all become "639171234567". Null when fewer than 7 digits remain.
 */
export function normalizePhone(phone: string | null | undefined): string | null {
  const digits = (phone ?? '').replace(/\D/g, '');
  if (digits.length < 7) return null;
  if (/^09\d{9}$/.test(digits)) return `63${digits.slice(1)}`;
  if (/^9\d{9}$/.test(digits)) return `63${digits}`;
  if (/^0063\d{10}$/.test(digits)) return digits.slice(2);
  return digits;
}

/**
 * The number in E.164 ("+639171234567"), or null when it is not one an SMS can go to: an international number must
 * say its country code ("+1 415 555 0100"); without one, only Philippine mobile forms are understood.
 */
export function e164Phone(phone: string | null | undefined): string | null {
  const text = (phone ?? '').trim();
  if (!PHONE_PATTERN.test(text)) return null;
  const digits = text.replace(/\D/g, '');
  const international = text.startsWith('+') || digits.startsWith('00');
  const e164 = international ? digits.replace(/^00/, '') : normalizePhone(text);
  // E.164: a country code never starts with 0, and the whole number is at most 15 digits.
  if (e164 === null || !/^[1-9]\d{7,14}$/.test(e164)) return null;
  // A Philippine number takes an SMS when it is a mobile one: +63 9xx xxx xxxx.
  if ((!international || e164.startsWith('63')) && !/^639\d{9}$/.test(e164)) return null;
  return `+${e164}`;
}
