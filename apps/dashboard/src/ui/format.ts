// How dates, days and amounts read on the dashboard. Calendar dates (YYYY-MM-DD) are days, not instants: they are
// formatted in UTC so that no time zone moves them, and "today" is the coordinator's, as the API tells it.

const DAY_MS = 86_400_000;

const dateFormat = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const shortDateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const timeFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

const utcDay = (date: string) => Date.parse(`${date}T00:00:00Z`);

/** "Sat, 15 Jun 2030" */
export const formatDate = (date: string) => dateFormat.format(utcDay(date));
/** "15 Jun 2030" */
export const formatShortDate = (date: string) => shortDateFormat.format(utcDay(date));
/** An instant, in the browser's time zone: "1 Dec, 20:15" */
export const formatTime = (instant: string) => timeFormat.format(new Date(instant));

export function daysBetween(from: string, to: string): number {
  return Math.round((utcDay(to) - utcDay(from)) / DAY_MS);
}

/** "today", "tomorrow", "in 12 days", "yesterday", "3 days ago" */
export function relativeDay(date: string, today: string): string {
  const days = daysBetween(today, date);
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days === -1) return 'yesterday';
  return days > 0 ? `in ${days} days` : `${-days} days ago`;
}

/** The calendar date `days` after `date`. */
export function addDays(date: string, days: number): string {
  return new Date(utcDay(date) + days * DAY_MS).toISOString().slice(0, 10);
}

const money = new Intl.NumberFormat('en-PH', { style: 'currency', currency: 'PHP', maximumFractionDigits: 0 });
export const formatBudget = (amount: number | null) => (amount === null ? 'Not set' : money.format(amount));

/** "1–20 of 45" */
export function pageRange(page: number, pageSize: number, total: number): string {
  if (total === 0) return 'None';
  const first = (page - 1) * pageSize + 1;
  return `${first}–${Math.min(page * pageSize, total)} of ${total}`;
}

export const pageCount = (pageSize: number, total: number) => Math.max(1, Math.ceil(total / pageSize));
