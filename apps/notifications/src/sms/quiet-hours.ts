// SMS_QUIET_HOURS: the hours of the marketplace's night when no SMS is sent. A message due then waits for their end.
// Pure (the instant is an argument), so the window's edges, midnight and time zones are a table of cases.
import { wallClock, wallClockInstant } from '@wedding/contracts';

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
  return wallClockInstant(
    { year: local.year, month: local.month, day: local.day + days, hour: Math.floor(quiet.endMinute / 60), minute: quiet.endMinute % 60 },
    timeZone,
  );
}
