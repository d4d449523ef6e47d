import { estimateBudget, weddingBudget } from './budget';

describe('estimateBudget', () => {
  it.each([
    ['50k-100k', 75_000],
    ['₱50,000 - ₱100,000', 75_000],
    ['PHP 50,000 to 100,000', 75_000],
    ['1M-2M', 1_500_000],
    ['1.5M - 2M', 1_750_000],
    ['100k+', 100_000],
    ['100k and above', 100_000],
    ['under 50k', 50_000],
    ['80000', 80_000],
    ['80,000', 80_000],
    ['₱1,200,000', 1_200_000],
    ['50-100k', 75_000],
    ['50K - 100K', 75_000],
    ['200 thousand', 200_000],
    ['1 million', 1_000_000],
    ['30k-50k-80k', 40_000],
    ['9999999999M', null],
    ['999,999,999,999', 999_999_999_999],
    ['', null],
    ['flexible', null],
    ['TBD', null],
    ['0', null],
    [null, null],
    [undefined, null],
  ])('%p → %p', (range, expected) => {
    expect(estimateBudget(range)).toBe(expected);
  });
});

describe('weddingBudget', () => {
  it.each([
    [120_000, '50k-100k', 120_000],
    [null, '50k-100k', 75_000],
    [0, '50k-100k', 75_000],
    [undefined, 'flexible', null],
    [99_999.5, null, 99_999.5],
  ])('totalAmount %p, range %p → %p', (total, range, expected) => {
    expect(weddingBudget(total, range)).toBe(expected);
  });
});
