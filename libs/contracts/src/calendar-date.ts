// The marketplace's calendar: "today" and "the booking date" mean the same day in every service.

/** The calendar date (YYYY-MM-DD) of an instant in a time zone: the day the couple booked, as the marketplace sees it. */
export function calendarDate(instant: Date, timeZone: string): string {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, format);
  }
  return format.format(instant);
}

/** Building a formatter costs far more than using one (it showed in the coordinator's CPU profile). */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** What the clocks in a time zone show (month 1–12). */
export interface WallClockTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** The wall-clock time of an instant in a time zone, to the second. */
export function wallClock(instant: Date, timeZone: string): WallClockTime & { second: number } {
  let format = wallClockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    wallClockFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, Number(p.value)]));
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The instant the clocks in the zone show this time (days past the month's end roll over): the earlier of two when
 * DST ends; in a DST gap (a time that does not happen), the same time under the offset before the change, i.e. just
 * after the gap.
 */
export function wallClockInstant(w: WallClockTime, timeZone: string): Date {
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  // The zone's offset at the wall time read as UTC is at most one transition away from the offset at the answer;
  // a second pass settles it.
  const first = asUtc - offsetMs(asUtc, timeZone);
  const second = asUtc - offsetMs(first, timeZone);
  return new Date(Math.max(first, second));
}

/** The zone's offset from UTC at an instant, in milliseconds (whole seconds): +8 h for Asia/Manila. */
function offsetMs(instant: number, timeZone: string): number {
  const w = wallClock(new Date(instant), timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(instant / 1000) * 1000;
}
