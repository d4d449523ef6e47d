import { nextUseAllowedAt, usesWithin, waitInWords } from './recent-uses';

const HOUR = 3_600_000;
const now = new Date('2030-06-14T10:00:00Z');
const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);

describe('nextUseAllowedAt', () => {
  it.each([
    ['no use yet', [], 3, undefined],
    ['fewer than the most', [ago(5), ago(10)], 3, undefined],
    ['uses older than the window do not count', [ago(61), ago(90), ago(5), ago(10)], 3, undefined],
    ['a use exactly a window ago has left it', [ago(60), ago(5), ago(10)], 3, undefined],
    ['at the most: when the oldest leaves', [ago(5), ago(10), ago(50)], 3, '2030-06-14T10:10:00.000Z'],
    ['in any order', [ago(50), ago(5), ago(10)], 3, '2030-06-14T10:10:00.000Z'],
    // The limit was lowered: enough must leave for one more to fit.
    ['beyond the most: when the max-th newest leaves', [ago(1), ago(2), ago(3), ago(40), ago(50)], 3, '2030-06-14T10:57:00.000Z'],
    ['a limit of one', [ago(59)], 1, '2030-06-14T10:01:00.000Z'],
  ])('%s', (_case, uses, max, expected) => {
    expect(nextUseAllowedAt(uses, max, HOUR, now)?.toISOString()).toBe(expected);
  });
});

describe('usesWithin', () => {
  it('counts the uses of the window that ends now', () => {
    expect(usesWithin([ago(1), ago(59), ago(60), ago(120)], HOUR, now)).toBe(2);
  });
});

describe('waitInWords', () => {
  it.each([
    [0, '1 s'],
    [400, '1 s'],
    [45_000, '45 s'],
    [89_000, '89 s'],
    [90_000, '2 min'],
    [42 * 60_000 - 500, '42 min'],
    [60 * 60_000, '60 min'],
    [90 * 60_000, '1 h 30 min'],
    [2 * HOUR, '2 h'],
    [2 * HOUR + 5 * 60_000, '2 h 5 min'],
  ])('%i ms → %s', (ms, words) => {
    expect(waitInWords(new Date(now.getTime() + ms), now)).toBe(words);
  });
});
