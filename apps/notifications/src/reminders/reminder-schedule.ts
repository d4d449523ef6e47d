// When a milestone's reminders are sent: pure functions of the due date, the lead days, the marketplace's time zone and
// the moment the schedule is (re)made. Wall-clock 09:00 is found with Intl, so daylight saving time cannot shift it.
import { calendarDate, wallClockInstant as instantOf } from '@wedding/contracts';

export const REMINDER_HOUR = 9;

export type ReminderKind = 'lead' | 'due-day';

export interface PlannedReminder {
  kind: ReminderKind;
  /** 09:00 on its day: when it should be sent. */
  moment: Date;
  /** When it is sent: its moment, or for a late one the next 09:00. */
  fireAt: Date;
  /** Its moment had passed when the milestone was created or moved. */
  late: boolean;
}

/** "2030-03-01" − 3 → "2030-02-26": calendar arithmetic, no time zone involved. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whole days from one calendar date to another ("2030-03-01" → "2030-03-04" is 3). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The instant the clocks in the zone show this date and hour: the earlier of two (DST ends), moved on by the gap (DST starts). */
export function wallClockInstant(date: string, hour: number, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number);
  return instantOf({ year, month, day, hour, minute: 0 }, timeZone);
}

/** The next 09:00 in the zone strictly after `now`. */
export function nextReminderHour(now: Date, timeZone: string): Date {
  const today = calendarDate(now, timeZone);
  const todays = wallClockInstant(today, REMINDER_HOUR, timeZone);
  return todays > now ? todays : wallClockInstant(addDays(today, 1), REMINDER_HOUR, timeZone);
}

/**
 * A milestone's reminders, `leadDays` before its due date and on it, each at 09:00. One whose moment has passed is
 * sent once at the next 09:00, marked late — only the latest passed one (two at once would say the same), and none
 * when a reminder still to come is sent at that same 09:00 or before (a compressed milestone due today).
 */
export function planReminders(dueDate: string, now: Date, { leadDays, timeZone }: { leadDays: number; timeZone: string }): PlannedReminder[] {
  const moments: { kind: ReminderKind; moment: Date }[] = [
    { kind: 'lead', moment: wallClockInstant(addDays(dueDate, -leadDays), REMINDER_HOUR, timeZone) },
    { kind: 'due-day', moment: wallClockInstant(dueDate, REMINDER_HOUR, timeZone) },
  ];
  const upcoming = moments.filter((m) => m.moment >= now).map((m) => ({ ...m, fireAt: m.moment, late: false }));
  const passed = moments.filter((m) => m.moment < now);
  if (passed.length === 0) return upcoming;
  const fireAt = nextReminderHour(now, timeZone);
  if (upcoming.some((m) => m.moment <= fireAt)) return upcoming;
  return [{ ...passed[passed.length - 1], fireAt, late: true }, ...upcoming];
}
