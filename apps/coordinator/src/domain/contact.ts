// How the coordinator recognizes a returning couple: by normalized email or phone (normalizePhone, in libs/contracts:
// the notification service texts the same numbers), never by name.

/** Trimmed and lower-cased; null when there is nothing left. */
export function normalizeEmail(email: string | null | undefined): string | null {
  const normalized = email?.trim().toLowerCase();
  return normalized ? normalized : null;
}
