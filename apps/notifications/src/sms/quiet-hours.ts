// SMS_QUIET_HOURS: the hours of the marketplace's night when no SMS is sent. A message due then waits for their end.
// Pure (the instant is an argument), so the window's edges, midnight and time zones are a table of cases.

/** Minutes after local midnight; `start` > `end` is a window across midnight (21:00-07:00). */
export interface QuietHours {
  startMinute: number;
  endMinute: number;
}

const WINDOW = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;

/** "21:00-07:00" → the window; "off" → none; anything else (or an empty window such as 07:00-07:00) → undefined. */
export function parseQuietHours(text: string): QuietHours | null | undefined {
  const trimmed = text.trim();
  if (trimmed.toLowerCase() === 'off') return null;
  const match = WINDOW.exec(trimmed);
  if (!match) return undefined;
  const [startHour, startMinute, endHour, endMinute] = match.slice(1).map(Number);
  const window = { startMinute: startHour * 60 + startMinute, endMinute: endHour * 60 + endMinute };
  return window.startMinute === window.endMinute ? undefined : window;
}

/** When the quiet hours that `instant` falls in end, or undefined when it is outside them (send now). */
export function quietHoursEnd(instant: Date, quiet: QuietHours | null, timeZone: string): Date | undefined {
  if (!quiet) return undefined;
  const local = wallClock(instant, timeZone);
  const minute = local.hour * 60 + local.minute;
  const acrossMidnight = quiet.startMinute > quiet.endMinute;
  const inside = acrossMidnight
    ? minute >= quiet.startMinute || minute < quiet.endMinute
    : minute >= quiet.startMinute && minute < quiet.endMinute;
  if (!inside) return undefined;
  // Across midnight and still before it: the window ends tomorrow morning.
  const days = acrossMidnight && minute >= quiet.startMinute ? 1 : 0;
  return instantOf(
    { year: local.year, month: local.month, day: local.day + days, hour: Math.floor(quiet.endMinute / 60), minute: quiet.endMinute % 60 },
    timeZone,
  );
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function wallClock(instant: Date, timeZone: string): WallClock & { second: number } {
  let format = formats.get(timeZone);
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
    formats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, Number(p.value)]));
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

/** The zone's offset from UTC at an instant, in milliseconds (whole seconds). */
function offsetMs(instant: number, timeZone: string): number {
  const w = wallClock(new Date(instant), timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a wall-clock time happens in the zone (days past the month's end roll over). In a DST gap (a time that
 * does not happen) it is the same time under the offset before the change, i.e. just after the gap.
 */
function instantOf(w: WallClock, timeZone: string): Date {
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  const first = asUtc - offsetMs(asUtc, timeZone);
  const second = asUtc - offsetMs(first, timeZone);
  return new Date(Math.max(first, second));
}
