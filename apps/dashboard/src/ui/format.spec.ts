import { addDays, daysBetween, formatDate, formatShortDate, pageCount, pageRange, relativeDay } from './format';

describe('calendar dates', () => {
  it.each([
    ['2030-06-15', 'Sat, 15 Jun 2030', '15 Jun 2030'],
    ['2028-02-29', 'Tue, 29 Feb 2028', '29 Feb 2028'],
    ['2030-12-31', 'Tue, 31 Dec 2030', '31 Dec 2030'],
  ])('%s reads %j / %j in any time zone', (date, long, short) => {
    expect(formatDate(date)).toBe(long);
    expect(formatShortDate(date)).toBe(short);
  });

  it.each([
    ['2030-06-15', '2030-06-15', 'today'],
    ['2030-06-15', '2030-06-16', 'tomorrow'],
    ['2030-06-15', '2030-06-14', 'yesterday'],
    ['2030-06-15', '2030-09-13', 'in 90 days'],
    ['2030-06-15', '2030-06-12', '3 days ago'],
    // Across the spring-forward night of zones with summer time: still whole days.
    ['2030-03-30', '2030-04-01', 'in 2 days'],
  ])('from %s, %s is %j', (today, date, expected) => {
    expect(relativeDay(date, today)).toBe(expected);
  });

  it.each([
    ['2030-06-15', 1, '2030-06-16'],
    ['2030-12-31', 1, '2031-01-01'],
    ['2028-03-01', -1, '2028-02-29'],
    ['2030-06-15', -90, '2030-03-17'],
  ])('%s + %i days = %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
    expect(daysBetween(date, expected)).toBe(days);
  });
});

describe('paging', () => {
  it.each([
    [1, 20, 0, 'None', 1],
    [1, 20, 5, '1–5 of 5', 1],
    [1, 20, 45, '1–20 of 45', 3],
    [3, 20, 45, '41–45 of 45', 3],
    [2, 20, 40, '21–40 of 40', 2],
  ])('page %i of size %i with %i in all: %j, %i pages', (page, size, total, range, pages) => {
    expect(pageRange(page, size, total)).toBe(range);
    expect(pageCount(size, total)).toBe(pages);
  });
});
