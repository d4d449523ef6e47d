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
