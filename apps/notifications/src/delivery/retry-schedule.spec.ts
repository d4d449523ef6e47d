import { retryDelayMs } from './retry-schedule';

describe('retryDelayMs', () => {
  const schedule = [60_000, 300_000, 1_800_000];
  it.each([
    [1, 60_000],
    [2, 300_000],
    [3, 1_800_000],
    [4, undefined],
    [0, undefined],
  ])('after attempt %p: %p', (attempts, delay) => {
    expect(retryDelayMs(attempts, schedule)).toBe(delay);
  });

  it('retries nothing with an empty schedule', () => {
    expect(retryDelayMs(1, [])).toBeUndefined();
  });
});
