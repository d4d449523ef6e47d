import { addDays, daysBetween, nextReminderHour, planReminders, wallClockInstant } from './reminder-schedule';

const at = (iso: string) => new Date(iso);
const iso = (date: Date) => date.toISOString();

describe('wallClockInstant', () => {
  it.each([
    ['Asia/Manila, no DST', '2030-06-15', 9, 'Asia/Manila', '2030-06-15T01:00:00.000Z'],
    ['UTC', '2030-06-15', 9, 'UTC', '2030-06-15T09:00:00.000Z'],
    ['New York, winter (EST)', '2026-03-07', 9, 'America/New_York', '2026-03-07T14:00:00.000Z'],
    ['New York, the day DST starts', '2026-03-08', 9, 'America/New_York', '2026-03-08T13:00:00.000Z'],
    ['New York, the day DST ends', '2026-11-01', 9, 'America/New_York', '2026-11-01T14:00:00.000Z'],
    ['London, the day BST starts', '2026-03-29', 9, 'Europe/London', '2026-03-29T08:00:00.000Z'],
    ['Sydney, the day DST ends', '2026-04-05', 9, 'Australia/Sydney', '2026-04-04T23:00:00.000Z'],
    ['Sydney, the day DST starts', '2026-10-04', 9, 'Australia/Sydney', '2026-10-03T22:00:00.000Z'],
    ['Kathmandu, +05:45', '2030-01-01', 9, 'Asia/Kathmandu', '2030-01-01T03:15:00.000Z'],
    ['Kiritimati, +14: the day before in UTC', '2030-01-01', 9, 'Pacific/Kiritimati', '2029-12-31T19:00:00.000Z'],
    ['a time in the gap moves on by the gap', '2026-03-08', 2, 'America/New_York', '2026-03-08T07:00:00.000Z'],
    ['a repeated time is the first of the two', '2026-11-01', 1, 'America/New_York', '2026-11-01T05:00:00.000Z'],
  ])('%s', (_case, date, hour, zone, expected) => {
    expect(iso(wallClockInstant(date, hour, zone))).toBe(expected);
  });
});

describe('calendar arithmetic', () => {
  it.each([
    ['2030-03-01', -3, '2030-02-26'],
    ['2028-03-01', -1, '2028-02-29'],
    ['2030-12-30', 3, '2031-01-02'],
    ['2026-03-09', -3, '2026-03-06'],
  ])('%s %p days → %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
    expect(daysBetween(date, expected)).toBe(days);
  });
});

describe('nextReminderHour', () => {
  it.each([
    ['before 09:00: today', '2030-06-14T23:59:00Z', 'Asia/Manila', '2030-06-15T01:00:00.000Z'],
    ['exactly 09:00: tomorrow', '2030-06-15T01:00:00Z', 'Asia/Manila', '2030-06-16T01:00:00.000Z'],
    ['after 09:00: tomorrow', '2030-06-15T05:00:00Z', 'Asia/Manila', '2030-06-16T01:00:00.000Z'],
    ['late evening in New York, across the DST start', '2026-03-08T03:00:00Z', 'America/New_York', '2026-03-08T13:00:00.000Z'],
  ])('%s', (_case, now, zone, expected) => {
    expect(iso(nextReminderHour(at(now), zone))).toBe(expected);
  });
});

describe('planReminders', () => {
  const manila = { leadDays: 3, timeZone: 'Asia/Manila' };
  const plan = (dueDate: string, now: string, options = manila) =>
    planReminders(dueDate, at(now), options).map((r) => `${r.kind} ${iso(r.fireAt)}${r.late ? ` late (was ${iso(r.moment)})` : ''}`);

  it.each([
    ['well ahead: lead days before and on the day, 09:00 Manila', '2030-06-01', '2030-01-01T00:00:00Z', manila, [
      'lead 2030-05-29T01:00:00.000Z',
      'due-day 2030-06-01T01:00:00.000Z',
    ]],
    ['REMINDER_LEAD_DAYS=7', '2030-06-01', '2030-01-01T00:00:00Z', { ...manila, leadDays: 7 }, [
      'lead 2030-05-25T01:00:00.000Z',
      'due-day 2030-06-01T01:00:00.000Z',
    ]],
    ['exactly at the lead moment: on time, not late', '2030-06-01', '2030-05-29T01:00:00Z', manila, [
      'lead 2030-05-29T01:00:00.000Z',
      'due-day 2030-06-01T01:00:00.000Z',
    ]],
    ['lead moment passed: late at the next 09:00, then the due day', '2030-06-01', '2030-05-29T02:00:00Z', manila, [
      'lead 2030-05-30T01:00:00.000Z late (was 2030-05-29T01:00:00.000Z)',
      'due-day 2030-06-01T01:00:00.000Z',
    ]],
    ['lead passed, the due day is the next 09:00: the due-day one only', '2030-06-01', '2030-05-31T05:00:00Z', manila, [
      'due-day 2030-06-01T01:00:00.000Z',
    ]],
    ['compressed to today, before 09:00: the due-day one only', '2030-06-01', '2030-05-31T23:00:00Z', manila, [
      'due-day 2030-06-01T01:00:00.000Z',
    ]],
    ['both passed (due today, after 09:00): the due-day one, late, tomorrow', '2030-06-01', '2030-06-01T03:00:00Z', manila, [
      'due-day 2030-06-02T01:00:00.000Z late (was 2030-06-01T01:00:00.000Z)',
    ]],
    ['overdue for days: one late reminder, not two', '2030-06-01', '2030-06-10T03:00:00Z', manila, [
      'due-day 2030-06-11T01:00:00.000Z late (was 2030-06-01T01:00:00.000Z)',
    ]],
    ['New York, the lead across the DST start keeps 09:00 local', '2026-03-09', '2026-01-01T00:00:00Z', { leadDays: 3, timeZone: 'America/New_York' }, [
      'lead 2026-03-06T14:00:00.000Z',
      'due-day 2026-03-09T13:00:00.000Z',
    ]],
  ])('%s', (_case, dueDate, now, options, expected) => {
    expect(plan(dueDate, now, options)).toEqual(expected);
  });
});
