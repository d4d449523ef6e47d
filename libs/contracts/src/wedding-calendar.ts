// A coordinator's weddings in iCalendar form: each wedding day and each milestone's due date as an all-day event, with
// UIDs that stay the same from one fetch to the next so that calendar apps update events instead of duplicating them.
// One form for the coordinator's calendar feed and for the attachment of the new-wedding email: a calendar app that
// has both holds each event once.
import ical, { ICalCalendarMethod } from 'ical-generator';

export interface CalendarWedding {
  id: string;
  coupleName: string;
  weddingDate: string;
  venue: string;
  status: string;
}

export interface CalendarMilestone {
  id: string;
  weddingId: string;
  coupleName: string;
  title: string;
  dueDate: string;
  compressed: boolean;
}

export interface WeddingCalendarInput {
  weddings: CalendarWedding[];
  milestones: CalendarMilestone[];
  /** The dashboard's address, for a link from each event to its wedding's page. */
  dashboardUrl: string;
  /** The calendar's name, as an app shows it; the feed's by default. */
  name?: string;
}

const UID_DOMAIN = 'wedding-coordinator';
/** How often calendar apps that honour it should fetch the feed again. */
const REFRESH_SECONDS = 60 * 60;

export function weddingCalendar({ weddings, milestones, dashboardUrl, name }: WeddingCalendarInput): string {
  const calendar = ical({
    name: name ?? 'Weddings and milestones',
    description: "A wedding coordinator's wedding days and open milestone due dates",
    prodId: { company: 'Wedding Coordinator', product: 'Dashboard', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
    ttl: REFRESH_SECONDS,
  });
  const weddingPage = (id: string) => weddingPageUrl(dashboardUrl, id);
  for (const wedding of weddings) {
    calendar.createEvent({
      id: `wedding-${wedding.id}@${UID_DOMAIN}`,
      allDay: true,
      start: wedding.weddingDate,
      end: nextDay(wedding.weddingDate),
      summary: `Wedding: ${wedding.coupleName}`,
      location: wedding.venue,
      description: `Status: ${wedding.status}`,
      url: weddingPage(wedding.id),
    });
  }
  for (const milestone of milestones) {
    calendar.createEvent({
      id: `milestone-${milestone.id}@${UID_DOMAIN}`,
      allDay: true,
      start: milestone.dueDate,
      end: nextDay(milestone.dueDate),
      summary: `${milestone.title} due: ${milestone.coupleName}`,
      description: milestone.compressed
        ? 'Moved from its usual lead time: the wedding was booked with less time left than the plan needs.'
        : undefined,
      url: weddingPage(milestone.weddingId),
    });
  }
  return calendar.toString();
}

/** A wedding's page in the dashboard (its route `weddings/:id`, under the dashboard's address). */
export function weddingPageUrl(dashboardUrl: string, weddingId: string): string {
  return `${dashboardUrl.replace(/\/$/, '')}/weddings/${weddingId}`;
}

/** All-day events end (exclusively) on the next day. */
function nextDay(date: string): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}
