// When a failed attempt is tried again: after the delay of its rung of EMAIL_RETRY_DELAYS_MS, or never once the
// schedule is used up.

/** The delay before attempt `attemptsMade + 1`, or undefined when `attemptsMade` attempts are all there may be. */
export function retryDelayMs(attemptsMade: number, delaysMs: readonly number[]): number | undefined {
  return attemptsMade >= 1 && attemptsMade <= delaysMs.length ? delaysMs[attemptsMade - 1] : undefined;
}
