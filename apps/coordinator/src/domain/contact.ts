// How the coordinator recognizes a returning couple: by normalized email or phone, never by name.

/** Trimmed and lower-cased; null when there is nothing left. */
export function normalizeEmail(email: string | null | undefined): string | null {
  const normalized = email?.trim().toLowerCase();
  return normalized ? normalized : null;
}

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
