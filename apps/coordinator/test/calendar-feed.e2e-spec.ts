// The calendar feed through real HTTP on real PostgreSQL, parsed with an iCalendar parser as a calendar app would:
// its address, its content, its rotation, and its secret kept out of the database and the logs.
import { createHash, randomUUID } from 'node:crypto';
import { ConsoleLogger, INestApplication } from '@nestjs/common';
import { CalendarResponse, sync as ical, VEvent } from 'node-ical';
import { loadConfig } from '@wedding/infrastructure';
import { expectEventually, mintToken, requestJson } from '@wedding/testing';
import { CoordinatorConfig } from '../src/config';
import { startCoordinatorApp } from '../src/coordinator-app';
import { startTestSystem, TestSystem } from './test-system';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
/** node-ical gives an all-day date as local midnight. */
const day = (date: Date) => date.toLocaleDateString('en-CA');
const FEED_URL = /^http:\/\/127\.0\.0\.1:\d+\/api\/coordinator\/calendar\/([A-Za-z0-9_-]{43})\.ics$/;

/** Every line any log level writes, to check that no feed secret is among them. */
class CapturingLogger extends ConsoleLogger {
  readonly lines: string[] = [];
  protected override printMessages(messages: unknown[], context?: string, level?: string): void {
    this.lines.push(`${level} ${context} ${messages.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ')}`);
  }
}

describe('calendar feed', () => {
  let system: TestSystem;
  let base: string;
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  const vendor = async (businessName: string) => {
    const { body } = await requestJson('POST', `${system.bookingsUrl}/api/vendors`, {
      businessName,
      businessType: 'Event Planning',
    });
    return { id: body.id as string, token: await mintToken(body.id) };
  };
  const bookWedding = async (coordinatorId: string, coupleName: string, eventDate: string) => {
    const { body } = await requestJson('POST', `${system.bookingsUrl}/api/bookings/request`, {
      vendorId: coordinatorId,
      coupleName,
      contactEmail: `${randomUUID()}@example.com`,
      eventDate,
      eventLocation: 'San Agustin Church',
    });
    return expectEventually(async () => {
      const [wedding] = (await system.coordinatorDb.query(`SELECT id FROM coordinator_weddings WHERE booking_id = $1`, [body.booking.id])).rows;
      expect(wedding).toBeDefined();
      return wedding.id as string;
    });
  };
  const feedUrl = async (token: string, url = base) => {
    const { status, body } = await requestJson('GET', `${url}/api/coordinator/calendar`, undefined, auth(token));
    expect(status).toBe(200);
    expect(body.url).toMatch(FEED_URL);
    return body.url as string;
  };
  /** The feed as a calendar app reads it: no token, parsed. */
  const events = async (url: string) => {
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const parsed: CalendarResponse = ical.parseICS(await response.text());
    return Object.values(parsed).filter((item): item is VEvent => item?.type === 'VEVENT');
  };

  beforeAll(async () => {
    system = await startTestSystem('calendar');
    base = await system.coordinatorUrl();
  });

  afterAll(async () => {
    await system?.close();
  });

  it('needs a coordinator token for the address and for rotation', async () => {
    expect((await requestJson('GET', `${base}/api/coordinator/calendar`)).status).toBe(401);
    expect((await requestJson('POST', `${base}/api/coordinator/calendar/rotate`)).status).toBe(401);
    const couple = await mintToken(randomUUID(), { role: 'couple' });
    expect((await requestJson('GET', `${base}/api/coordinator/calendar`, undefined, auth(couple))).status).toBe(403);
  });

  it("holds the coordinator's wedding days and open milestone due dates as all-day events", async () => {
    const a = await vendor('Ayos Events');
    const weddingDate = inDays(200);
    const weddingId = await bookWedding(a.id, 'Rosa & Tomas', weddingDate);
    const url = await feedUrl(a.token);
    expect(await feedUrl(a.token)).toBe(url);

    const milestones = (
      await system.coordinatorDb.query(
        `SELECT id, title, due_date FROM wedding_milestones WHERE wedding_id = $1 ORDER BY due_date, id`,
        [weddingId],
      )
    ).rows;
    const feed = await events(url);
    const weddingDay = feed.find((event) => event.uid === `wedding-${weddingId}@wedding-coordinator`)!;
    expect(weddingDay).toMatchObject({ summary: 'Wedding: Rosa & Tomas', location: 'San Agustin Church', datetype: 'date' });
    expect(day(weddingDay.start)).toBe(weddingDate);
    const due = feed.filter((event) => event.uid.startsWith('milestone-'));
    expect(due.map((event) => [event.uid, day(event.start), event.summary])).toEqual(
      milestones.map((m) => [`milestone-${m.id}@wedding-coordinator`, m.due_date, `${m.title} due: Rosa & Tomas`]),
    );

    // A completed milestone is no longer due; a cancelled wedding leaves the calendar.
    await requestJson('PATCH', `${base}/api/coordinator/weddings/${weddingId}/milestones/${milestones[0].id}`, { completed: true }, auth(a.token));
    expect((await events(url)).map((event) => event.uid)).not.toContain(`milestone-${milestones[0].id}@wedding-coordinator`);
    await requestJson('PATCH', `${base}/api/coordinator/weddings/${weddingId}`, { status: 'cancelled' }, auth(a.token));
    expect(await events(url)).toEqual([]);
  });

  it("holds nothing of another coordinator's", async () => {
    const [a, b] = [await vendor('Ayos Events'), await vendor('Plano Weddings')];
    const aWedding = await bookWedding(a.id, 'Ivy & Jun', inDays(100));
    const bWedding = await bookWedding(b.id, 'Kim & Leo', inDays(120));
    const bFeed = await events(await feedUrl(b.token));
    expect(bFeed.map((event) => event.uid)).toContain(`wedding-${bWedding}@wedding-coordinator`);
    expect(bFeed.filter((event) => event.uid.includes(aWedding) || String(event.summary).includes('Ivy & Jun'))).toEqual([]);
    expect(await feedUrl(a.token)).not.toBe(await feedUrl(b.token));
  });

  it('gives a new address on rotation; the old one answers 404', async () => {
    const a = await vendor('Ayos Events');
    const weddingId = await bookWedding(a.id, 'Mia & Noel', inDays(90));
    const old = await feedUrl(a.token);
    const { status, body } = await requestJson('POST', `${base}/api/coordinator/calendar/rotate`, undefined, auth(a.token));
    expect(status).toBe(200);
    expect(body.url).toMatch(FEED_URL);
    expect(body.url).not.toBe(old);
    expect(await feedUrl(a.token)).toBe(body.url);

    expect((await fetch(old)).status).toBe(404);
    expect((await events(body.url)).map((event) => event.uid)).toContain(`wedding-${weddingId}@wedding-coordinator`);
    const { body: activity } = await requestJson('GET', `${base}/api/coordinator/activity`, undefined, auth(a.token));
    expect(activity.items[0]).toMatchObject({ activityType: 'calendar_feed_rotated' });
    expect(JSON.stringify(activity)).not.toContain(FEED_URL.exec(body.url)![1]);
  });

  it.each([
    ['an unknown secret', `${'A'.repeat(43)}.ics`],
    ['a malformed secret', 'not-a-secret.ics'],
    ['no .ics', 'A'.repeat(43)],
  ])('answers 404 for %s', async (_case, file) => {
    const { status, body } = await requestJson('GET', `${base}/api/coordinator/calendar/${file}`);
    expect(status).toBe(404);
    expect(body.message).toBe('calendar feed not found');
  });

  it('keeps only the hash of the secret in the database', async () => {
    const a = await vendor('Ayos Events');
    const secret = FEED_URL.exec(await feedUrl(a.token))![1];
    const { rows } = await system.coordinatorDb.query(
      `SELECT f::text AS row, encode(secret_hash, 'hex') AS hash FROM coordinator_calendar_feeds f WHERE coordinator_id = $1`,
      [a.id],
    );
    expect(rows[0].hash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(rows[0].row).not.toContain(secret);
  });

  it('writes no feed secret to the logs, at any level, on success, 404 or rotation', async () => {
    const logger = new CapturingLogger();
    let logged: INestApplication | undefined;
    try {
      logged = await startCoordinatorApp(loadConfig(CoordinatorConfig, {}, { ...system.coordinatorConfig, port: 0 }), { logger });
      const url = await logged.getUrl();
      const a = await vendor('Ayos Events');
      await bookWedding(a.id, 'Ola & Pio', inDays(80));
      const first = await feedUrl(a.token, url);
      await events(first);
      const { body } = await requestJson('POST', `${url}/api/coordinator/calendar/rotate`, undefined, auth(a.token));
      expect((await fetch(first)).status).toBe(404);
      await events(body.url);
      expect(logger.lines.length).toBeGreaterThan(0);
      for (const secret of [first, body.url].map((address) => FEED_URL.exec(address)![1])) {
        expect(logger.lines.filter((line) => line.includes(secret))).toEqual([]);
      }
    } finally {
      await logged?.close();
    }
  });

  it('revokes every address when CALENDAR_FEED_KEY changes, and gives working ones with the new key', async () => {
    const a = await vendor('Ayos Events');
    const weddingId = await bookWedding(a.id, 'Quin & Ray', inDays(70));
    const old = await feedUrl(a.token);
    let rekeyed: INestApplication | undefined;
    try {
      rekeyed = await startCoordinatorApp(
        loadConfig(CoordinatorConfig, {}, { ...system.coordinatorConfig, port: 0, calendarFeedKey: 'another-key-of-at-least-32-characters!' }),
        { logger: ['error'] },
      );
      const fresh = await feedUrl(a.token, await rekeyed.getUrl());
      expect(FEED_URL.exec(fresh)![1]).not.toBe(FEED_URL.exec(old)![1]);
      expect((await fetch(old.replace(/:\d+\//, `:${new URL(await rekeyed.getUrl()).port}/`))).status).toBe(404);
      expect((await events(fresh)).map((event) => event.uid)).toContain(`wedding-${weddingId}@wedding-coordinator`);
    } finally {
      await rekeyed?.close();
    }
  });
});
