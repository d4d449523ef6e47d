// The rule behind the service's own limits (resends, confirmation codes): at most `max` uses in any window of
// `windowMs` (a sliding window over the uses themselves, which the database keeps as rows), and when the next is allowed.

/** When one more use is allowed, given the times of earlier uses; undefined: now. */
export function nextUseAllowedAt(uses: Date[], max: number, windowMs: number, now: Date): Date | undefined {
  const since = now.getTime() - windowMs;
  const recent = uses.map((use) => use.getTime()).filter((at) => at > since).sort((a, b) => b - a);
  if (recent.length < max) return undefined;
  // Allowed once the max-th newest use has left the window: then fewer than `max` remain in it.
  return new Date(recent[max - 1] + windowMs);
}

/** How many of the uses fall in the window that ends now. */
export function usesWithin(uses: Date[], windowMs: number, now: Date): number {
  return uses.filter((use) => use.getTime() > now.getTime() - windowMs).length;
}

/** "45 s", "42 min", "2 h 5 min": how long until `at`, rounded up, for a message a person reads. */
export function waitInWords(at: Date, now: Date): string {
  const seconds = Math.max(1, Math.ceil((at.getTime() - now.getTime()) / 1000));
  if (seconds < 90) return `${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 90) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}
