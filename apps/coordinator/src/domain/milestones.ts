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
  /** The usual lead time did not fit between booking and wedding, so the due date was moved up to the booking date
   * (or, for a booking dated after its wedding, to the wedding date). */
  compressed: boolean;
  sortOrder: number;
}

/**
 * Due date = wedding date − days before. One that would fall before the booking date is set to the booking date
 * and flagged, so a late booking shows "due now" instead of a milestone already overdue on day one; and none is ever
 * due after the wedding. Dates are calendar dates (YYYY-MM-DD); no clock or time zone is involved.
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
 * moves): such a milestone is due on `notBefore` and flagged compressed. Nor ever after the wedding: when `notBefore`
 * is past the wedding date itself (a booking dated after its wedding by another calendar), it is due on the wedding
 * date. weddings.service.ts moveMilestones applies the same rule in SQL.
 */
export function milestoneDueDate(weddingDate: string, daysBefore: number, notBefore: string) {
  const due = addDays(weddingDate, -daysBefore);
  const compressed = due < notBefore;
  const earliest = notBefore < weddingDate ? notBefore : weddingDate;
  return { dueDate: compressed ? earliest : due, compressed };
}

export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

