import { MAX_RETRY_AFTER_MS, retryAfterMs, tooManyRequestsDelayMs, webhookRetryDelayMs } from './delivery-schedule';

describe('webhookRetryDelayMs', () => {
  const delays = [5_000, 300_000, 1_800_000];

  it.each([
    [1, 0, 4_000],
    [1, 0.5, 5_000],
    [1, 0.999999, 6_000],
    [2, 0, 240_000],
    [3, 0.75, 1_980_000],
    [4, 0.5, undefined],
    [0, 0.5, undefined],
  ])('after %i attempt(s), random %d → %s ms', (attempts, random, delay) => {
    expect(webhookRetryDelayMs(attempts, delays, random)).toBe(delay);
  });

  it('stays within ±20 % whatever the draw', () => {
    for (let i = 0; i < 1000; i++) {
      const delay = webhookRetryDelayMs(2, delays, Math.random())!;
      expect(delay).toBeGreaterThanOrEqual(240_000);
      expect(delay).toBeLessThanOrEqual(360_000);
    }
  });
});

describe('retryAfterMs', () => {
  const now = new Date('2030-01-01T00:00:00Z');

  it.each([
    [undefined, undefined],
    ['', undefined],
    ['120', 120_000],
    [' 0 ', 0],
    ['Tue, 01 Jan 2030 00:02:00 GMT', 120_000],
    ['Mon, 31 Dec 2029 23:00:00 GMT', 0],
    ['soon', undefined],
    ['-5', undefined],
  ])('%s → %s', (header, ms) => {
    expect(retryAfterMs(header, now)).toBe(ms);
  });
});

describe('tooManyRequestsDelayMs', () => {
  it.each([
    [5_000, undefined, 60_000],
    [5_000, 10_000, 60_000],
    [5_000, 120_000, 120_000],
    [5_000, 86_400_000, MAX_RETRY_AFTER_MS],
    [7_200_000, 120_000, 7_200_000],
  ])('scheduled %d, Retry-After %s → %d', (scheduled, retryAfter, delay) => {
    expect(tooManyRequestsDelayMs(scheduled, retryAfter)).toBe(delay);
  });
});
