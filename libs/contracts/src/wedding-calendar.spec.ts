import { sync as ical, VEvent } from 'node-ical';
import { weddingCalendar } from './wedding-calendar';

/** node-ical gives an all-day date as local midnight: read the calendar day back in local time. */
const day = (date: Date) => date.toLocaleDateString('en-CA');
/** A URL property with parameters (VALUE=URI) comes back as { params, val }. */
const urlOf = (event: VEvent) => (typeof event.url === 'string' ? event.url : (event.url as unknown as { val: string }).val);

describe('weddingCalendar', () => {
  const wedding = {
    id: '6f1d2a3b-0000-4000-8000-000000000001',
    coupleName: 'Maria & José; "Joy", the 2nd',
    weddingDate: '2030-12-31',
    venue: 'Manila Cathedral, Intramuros',
    status: 'planning',
  };
  const milestone = {
    id: '6f1d2a3b-0000-4000-8000-0000000000a1',
    weddingId: wedding.id,
    coupleName: wedding.coupleName,
    title: 'Design & Decor',
    dueDate: '2030-10-02',
    compressed: true,
  };
  const text = weddingCalendar({ weddings: [wedding], milestones: [milestone], dashboardUrl: 'https://example.test/dashboard/' });
  const events = Object.values(ical.parseICS(text)).filter((item): item is VEvent => item?.type === 'VEVENT');
  const byUid = (uid: string) => events.find((event) => event.uid === uid)!;

  it('has the wedding day as an all-day event, ending on the next day across a year boundary', () => {
    const event = byUid(`wedding-${wedding.id}@wedding-coordinator`);
    expect(event.datetype).toBe('date');
    expect(day(event.start)).toBe('2030-12-31');
    expect(day(event.end!)).toBe('2031-01-01');
    expect(event.summary).toBe('Wedding: Maria & José; "Joy", the 2nd');
    expect(event.location).toBe('Manila Cathedral, Intramuros');
    expect(urlOf(event)).toBe(`https://example.test/dashboard/weddings/${wedding.id}`);
  });

  it('has the milestone due date as an all-day event, saying when it was compressed', () => {
    const event = byUid(`milestone-${milestone.id}@wedding-coordinator`);
    expect(event.datetype).toBe('date');
    expect(day(event.start)).toBe('2030-10-02');
    expect(event.summary).toBe('Design & Decor due: Maria & José; "Joy", the 2nd');
    expect(event.description).toMatch(/less time left than the plan needs/);
  });

  it('gives the same UIDs on every fetch, so calendar apps update rather than duplicate', () => {
    const again = weddingCalendar({ weddings: [wedding], milestones: [milestone], dashboardUrl: 'https://example.test/dashboard' });
    expect(again.match(/^UID:.*$/gm)).toEqual(text.match(/^UID:.*$/gm));
    expect(events).toHaveLength(2);
  });

  it('is a valid, empty calendar for a coordinator with nothing planned', () => {
    const empty = ical.parseICS(weddingCalendar({ weddings: [], milestones: [], dashboardUrl: 'http://x/dashboard' }));
    expect(Object.values(empty).filter((item) => item?.type === 'VEVENT')).toHaveLength(0);
    expect(Object.values(empty).some((item) => item?.type === 'VCALENDAR')).toBe(true);
  });
});
