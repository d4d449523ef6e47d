import { ClaimLease } from './claim-lease';

describe('ClaimLease.usable', () => {
  it.each([
    // lease (s), ms since the claim was asked for, a request may start
    [10, 0, true],
    [10, 4_999, true],
    [10, 5_000, false],
    [10, 12_000, false],
    [10.4, 5_199, true],
    [10.4, 5_200, false],
    [120, 59_000, true],
  ])('a lease of %d s, %d ms after the claim was asked for: %s', (seconds, elapsedMs, usable) => {
    let now = 1_000;
    const lease = new ClaimLease(seconds, () => now);
    now += elapsedMs;
    expect(lease.usable()).toBe(usable);
  });
});
