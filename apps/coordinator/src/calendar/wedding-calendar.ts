// The coordinator's iCalendar feed: each wedding day and each open milestone's due date as an all-day event, with
// UIDs that stay the same from one fetch to the next so that calendar apps update events instead of duplicating them.
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
}

const UID_DOMAIN = 'wedding-coordinator';
/** How often calendar apps that honour it should fetch the feed again. */
const REFRESH_SECONDS = 60 * 60;

export function weddingCalendar({ weddings, milestones, dashboardUrl }: WeddingCalendarInput): string {
  const calendar = ical({
    name: 'Weddings and milestones',
    description: "A wedding coordinator's wedding days and open milestone due dates",
    prodId: { company: 'Wedding Coordinator', product: 'Dashboard', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
    ttl: REFRESH_SECONDS,
  });
  const weddingPage = (id: string) => `${dashboardUrl.replace(/\/$/, '')}/weddings/${id}`;
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
        ? 'Due earlier than usual: the wedding was booked with less lead time than this milestone needs.'
        : undefined,
      url: weddingPage(milestone.weddingId),
    });
  }
  return calendar.toString();
}

/** All-day events end (exclusively) on the next day. */
function nextDay(date: string): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}
