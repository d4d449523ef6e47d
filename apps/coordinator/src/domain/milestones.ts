// The six default milestones and their due dates, counted back from the wedding date.

export interface MilestoneTemplate {
  title: string;
  description: string;
  daysBefore: number;
}

/** The seed's titles and offsets, in the seed's order. */
export const DEFAULT_MILESTONES: readonly MilestoneTemplate[] = [
  { title: 'Initial Consultation', description: 'Meet the couple to confirm vision, priorities, guest count and budget.', daysBefore: 7 },
  { title: 'Venue Selection', description: 'Shortlist, visit and reserve the ceremony and reception venues.', daysBefore: 30 },
  { title: 'Vendor Booking', description: 'Book the caterer, photographer, florist, music and other key vendors.', daysBefore: 60 },
  { title: 'Design & Decor', description: 'Settle the theme, palette, floral and styling plan with the couple.', daysBefore: 90 },
  { title: 'Final Details', description: 'Confirm the timeline, seating, headcount and vendor arrivals.', daysBefore: 14 },
  { title: 'Rehearsal', description: 'Run the ceremony rehearsal with the entourage and officiant.', daysBefore: 1 },
];

export interface PlannedMilestone {
  title: string;
  description: string;
  /** Its lead time: kept, so that a new wedding date gives the due date again (see milestoneDueDate). */
  daysBefore: number;
  dueDate: string;
  /** The usual lead time did not fit between booking and wedding, so the due date was moved up to the booking date. */
  compressed: boolean;
  sortOrder: number;
}

/**
 * Due date = wedding date − days before. One that would fall before the booking date is set to the booking date
 * and flagged, so a late booking shows "due now" instead of a milestone already overdue on day one.
 * Dates are calendar dates (YYYY-MM-DD); no clock or time zone is involved.
 */
export function planMilestones(weddingDate: string, bookedOn: string): PlannedMilestone[] {
  return DEFAULT_MILESTONES.map(({ title, description, daysBefore }, sortOrder) => ({
    title,
    description,
    daysBefore,
    ...milestoneDueDate(weddingDate, daysBefore, bookedOn),
    sortOrder,
  }));
}

/**
 * Due date = wedding date − days before, but never before `notBefore` (the booking date, or today when the wedding
 * moves): such a milestone is due on `notBefore` and flagged compressed.
 */
export function milestoneDueDate(weddingDate: string, daysBefore: number, notBefore: string) {
  const due = addDays(weddingDate, -daysBefore);
  const compressed = due < notBefore;
  return { dueDate: compressed ? notBefore : due, compressed };
}

export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** The calendar date of an instant in a time zone: the day the couple booked, as the coordinator sees it. */
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
