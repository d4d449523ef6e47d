import { parseQuietHours, quietHoursEnd } from './quiet-hours';

describe('parseQuietHours', () => {
  it.each([
    ['21:00-07:00', { startMinute: 1260, endMinute: 420 }],
    [' 22:30-06:15 ', { startMinute: 1350, endMinute: 375 }],
    ['13:00-14:00', { startMinute: 780, endMinute: 840 }],
    ['off', null],
    ['OFF', null],
    ['07:00-07:00', undefined],
    ['21:00', undefined],
    ['24:00-07:00', undefined],
    ['9:00-17:00', undefined],
    ['', undefined],
  ])('%p → %p', (text, expected) => {
    expect(parseQuietHours(text)).toEqual(expected);
  });
});

describe('quietHoursEnd', () => {
  const night = parseQuietHours('21:00-07:00')!;
  const lunch = parseQuietHours('12:00-13:00')!;

  it.each([
    // Manila is UTC+8 all year: 21:00 there is 13:00 UTC, 07:00 there is 23:00 UTC the day before.
    ['before the window', '2030-06-15T12:59:59Z', night, 'Asia/Manila', undefined],
    ['at its start', '2030-06-15T13:00:00Z', night, 'Asia/Manila', '2030-06-15T23:00:00.000Z'],
    ['late evening, before midnight', '2030-06-15T15:30:00Z', night, 'Asia/Manila', '2030-06-15T23:00:00.000Z'],
    ['after midnight', '2030-06-15T18:00:00Z', night, 'Asia/Manila', '2030-06-15T23:00:00.000Z'],
    ['a minute before its end', '2030-06-15T22:59:00Z', night, 'Asia/Manila', '2030-06-15T23:00:00.000Z'],
    ['at its end', '2030-06-15T23:00:00Z', night, 'Asia/Manila', undefined],
    ['midday', '2030-06-15T04:00:00Z', night, 'Asia/Manila', undefined],
    ['the last night of a month', '2030-06-30T14:00:00Z', night, 'Asia/Manila', '2030-06-30T23:00:00.000Z'],
    ['the last night of a year', '2030-12-31T16:00:00Z', night, 'Asia/Manila', '2030-12-31T23:00:00.000Z'],
    ['in UTC itself', '2030-06-15T22:00:00Z', night, 'UTC', '2030-06-16T07:00:00.000Z'],
    ['in UTC, after midnight', '2030-06-16T03:00:00Z', night, 'UTC', '2030-06-16T07:00:00.000Z'],
    // New York: 21:00 EDT on 9 March 2030 is still EST (UTC-5); the night ends at 07:00 EDT (UTC-4), after the change.
    ['across a DST change', '2030-03-10T02:30:00Z', night, 'America/New_York', '2030-03-10T11:00:00.000Z'],
    ['a window within one day', '2030-06-15T04:30:00Z', lunch, 'Asia/Manila', '2030-06-15T05:00:00.000Z'],
    ['outside a window within one day', '2030-06-15T05:00:00Z', lunch, 'Asia/Manila', undefined],
    ['with quiet hours off', '2030-06-15T15:30:00Z', null, 'Asia/Manila', undefined],
  ])('%s: %s', (_case, instant, quiet, timeZone, expected) => {
    expect(quietHoursEnd(new Date(instant), quiet, timeZone)?.toISOString()).toBe(expected);
  });
});
