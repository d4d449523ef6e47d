import { calendarDate } from './calendar-date';

describe('calendarDate', () => {
  it.each([
    ['2026-11-24T15:59:59Z', 'Asia/Manila', '2026-11-24'],
    ['2026-11-24T16:00:00Z', 'Asia/Manila', '2026-11-25'],
    // Between 00:00 and 08:00 in Manila, UTC is still on the day before.
    ['2026-11-24T23:30:00Z', 'Asia/Manila', '2026-11-25'],
    ['2026-11-24T23:30:00Z', 'UTC', '2026-11-24'],
    ['2026-11-24T16:00:00Z', 'UTC', '2026-11-24'],
    ['2026-11-24T05:00:00Z', 'America/Los_Angeles', '2026-11-23'],
  ])('%s in %s is %s', (instant, timeZone, expected) => {
    expect(calendarDate(new Date(instant), timeZone)).toBe(expected);
  });
});
