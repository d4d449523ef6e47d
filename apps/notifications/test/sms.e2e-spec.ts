// SMS through real HTTP, RabbitMQ and PostgreSQL and a fake provider: only to an opted-in number, STOP and START by the
// provider's callback, quiet hours by a clock the test moves, never twice when the outcome is unknown, retried only
// when the provider was never reached, and the daily cap.
import { randomInt, randomUUID } from 'node:crypto';
import { expectEventually, FakeSmsProvider, metricValue, requestJson } from '@wedding/testing';
import type { DueReminder } from '../src/reminders/due-reminder';
import { Clock } from '../src/clock';
import { COORDINATOR_SMS_CONSENT_TEXT } from '../src/sms/sms-consents';
import { SmsReminderChannel } from '../src/sms/sms-reminder-channel';
import { DataSource } from 'typeorm';
import { NotificationsSystem, startNotificationsSystem } from './notifications-system';

const SECRET = 'inbound-secret-for-tests';
/** 10:00 in Manila (UTC+8), far from the quiet hours; the clock runs on from there. */
const DAYTIME = Date.parse('2030-06-14T02:00:00Z');

describe('notification service: SMS', () => {
  let n: NotificationsSystem;
  let provider: FakeSmsProvider;
  let clock: Clock;

  /** The clock at `instant`, running on from there. */
  const setClock = (instant: number) => {
    const from = Date.now();
    clock.now = () => new Date(instant + (Date.now() - from));
  };

  /** A coordinator with its own mobile number: E.164, and as the provider sees it (no plus). */
  const coordinatorWithPhone = async () => {
    const coordinator = await n.createCoordinator(`SMS ${randomUUID().slice(0, 8)}`, `desk-${randomUUID()}@ayos.test`);
    const local = `0917${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
    return { ...coordinator, local, e164: `+63${local.slice(1)}`, providerNumber: `63${local.slice(1)}` };
  };
  type Coordinator = Awaited<ReturnType<typeof coordinatorWithPhone>>;
  const auth = (c: { token: string }) => ({ authorization: `Bearer ${c.token}` });
  const optIn = async (c: Coordinator) => {
    const response = await requestJson(
      'PUT',
      `${n.url}/api/notifications/settings`,
      { email: { enabled: true, address: null }, coupleConfirmation: { enabled: true }, sms: { enabled: true, phone: c.local } },
      auth(c),
    );
    expect(response).toMatchObject({ status: 200, body: { sms: { enabled: true, phone: c.e164 } } });
  };
  /** `header: null` sends none. */
  const inbound = (body: unknown, { header = SECRET as string | null, query = '' } = {}) =>
    requestJson('POST', `${n.url}/api/notifications/sms/inbound${query}`, body, header === null ? {} : { 'x-sms-inbound-secret': header });

  /** Books and waits for the event's notifications to be committed (the coordinator's email is one of them). */
  const bookAndExpand = async (c: Coordinator, fields: Record<string, unknown> = {}) => {
    const booking = await n.book(c.id, fields);
    await expectEventually(async () => {
      const { rows } = await n.db.query(`SELECT 1 FROM notifications WHERE booking_id = $1 AND template = 'wedding-created'`, [booking.id]);
      expect(rows).toHaveLength(1);
    });
    const { rows } = await n.db.query(`SELECT id FROM notifications WHERE booking_id = $1 AND channel = 'sms'`, [booking.id]);
    return { booking, smsIds: rows.map((r) => r.id as string) };
  };
  const smsOf = async (c: Coordinator, fields: Record<string, unknown> = {}) => {
    const { smsIds } = await bookAndExpand(c, fields);
    expect(smsIds).toHaveLength(1);
    return smsIds[0];
  };
  const logEntry = async (c: Coordinator, id: string) => (await requestJson('GET', `${n.url}/api/notifications/${id}`, undefined, auth(c))).body;
  const settled = (c: Coordinator, id: string, status: string) =>
    expectEventually(
      async () => {
        const entry = await logEntry(c, id);
        expect(entry.status).toBe(status);
        expect(entry.attempts.every((a: { outcome: string }) => a.outcome !== 'sending')).toBe(true);
        return entry;
      },
      { timeoutMs: 20_000 },
    );
  /**
   * Proof that the dispatcher went past the point where a retry of an SMS settled before now would have been sent: a
   * later SMS (another coordinator's), deferred once by a 429, claimed again after the first retry delay and sent.
   * Claims take the due rows in due order, so the earlier retry would have gone with it or before.
   */
  const laterRetrySent = async () => {
    const later = await coordinatorWithPhone();
    await optIn(later);
    provider.answer(later.providerNumber, 429);
    const id = await smsOf(later);
    expect(await settled(later, id, 'sent')).toMatchObject({ attemptCount: 2 });
  };

  beforeAll(async () => {
    provider = await FakeSmsProvider.start();
    n = await startNotificationsSystem('sms', {
      smsProviderUrl: provider.url,
      smsApiKey: 'test-api-key',
      smsSenderName: 'AYOS',
      smsInboundSecret: SECRET,
      smsTimeoutMs: 500,
      smsRetryDelaysMs: [200, 400, 800],
      smsPollIntervalMs: 100,
      smsMaxPerDay: 3,
    });
    clock = n.app.get(Clock);
    setClock(DAYTIME);
  });

  afterAll(async () => {
    await n?.close();
    await provider?.stop();
  });

  it('sends no SMS to a coordinator who has not opted in, and none to the couple', async () => {
    const c = await coordinatorWithPhone();
    const { smsIds } = await bookAndExpand(c, { contactPhone: '0917 555 0000' });
    expect(smsIds).toEqual([]);
    // SMS turned on without a number is refused, and records nothing.
    const refused = await requestJson(
      'PUT',
      `${n.url}/api/notifications/settings`,
      { email: { enabled: true }, coupleConfirmation: { enabled: true }, sms: { enabled: true } },
      auth(c),
    );
    expect(refused.status).toBe(400);
    const { rows } = await n.db.query(`SELECT 1 FROM sms_consents WHERE coordinator_id = $1`, [c.id]);
    expect(rows).toEqual([]);
  });

  it('records the opt-in with its text, then sends one SMS with the provider’s fields, shown in the delivery log', async () => {
    const c = await coordinatorWithPhone();
    const consent = await requestJson('GET', `${n.url}/api/notifications/settings/sms-consent`, undefined, auth(c));
    expect(consent.body).toEqual({ text: COORDINATOR_SMS_CONSENT_TEXT });
    await optIn(c);
    const { rows: consents } = await n.db.query(`SELECT phone, opted_in, source, consent_text FROM sms_consents WHERE coordinator_id = $1`, [c.id]);
    expect(consents).toEqual([{ phone: c.e164, opted_in: true, source: 'settings', consent_text: COORDINATOR_SMS_CONSENT_TEXT }]);

    const id = await smsOf(c, { coupleName: 'Maria & Jose', eventDate: '2030-07-20', contactPhone: '0917 555 0001' });
    const entry = await settled(c, id, 'sent');
    expect(provider.acceptedFor(c.providerNumber)).toEqual([
      {
        apikey: 'test-api-key',
        number: c.providerNumber,
        sendername: 'AYOS',
        message: 'New wedding: Maria & Jose, 20 Jul 2030. Details in your Wedding Coordinator dashboard.',
        answer: 200,
      },
    ]);
    expect(entry).toMatchObject({ channel: 'sms', recipient: c.e164, template: 'sms-wedding-created', attemptCount: 1, lastError: null });
    expect(entry.attempts).toEqual([expect.objectContaining({ attempt: 1, outcome: 'sent', httpStatus: 200, reply: expect.stringMatching(/^message_id \d+ \(Pending\)$/) })]);
    const list = await requestJson('GET', `${n.url}/api/notifications?channel=sms`, undefined, auth(c));
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([id]);
    // The couple gave a phone number, and got no SMS: the booking carries no opt-in for one.
    expect(provider.requestsFor('639175550001')).toEqual([]);
  });

  it('refuses the inbound callback without the right secret, and changes nothing', async () => {
    const c = await coordinatorWithPhone();
    await optIn(c);
    const stop = { number: c.providerNumber, message: 'STOP' };
    expect((await inbound(stop, { header: null })).status).toBe(401);
    expect((await inbound(stop, { header: 'wrong' })).status).toBe(401);
    expect((await inbound(stop, { header: `${SECRET}x` })).status).toBe(401);
    expect((await inbound(stop, { header: null, query: '?secret=wrong' })).status).toBe(401);
    const settings = await requestJson('GET', `${n.url}/api/notifications/settings`, undefined, auth(c));
    expect(settings.body.sms).toEqual({ enabled: true, phone: c.e164 });
    // The secret right, the body wrong: the fields are named.
    const bad = await inbound({ number: c.providerNumber });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.message)).toContain('message must be a string');
  });

  it('stops at a STOP reply — nothing after it, not even what was waiting — and sends again after START', async () => {
    const c = await coordinatorWithPhone();
    await optIn(c);
    const first = await smsOf(c);
    await settled(c, first, 'sent');

    // One SMS waits for the morning when the STOP arrives.
    setClock(Date.parse('2030-06-14T14:00:00Z'));
    let waiting: string;
    try {
      waiting = await smsOf(c);
      expect((await inbound({ number: c.providerNumber, message: ' Stop ' })).body).toEqual({ action: 'opted-out' });
    } finally {
      setClock(DAYTIME);
    }
    expect(await settled(c, waiting, 'skipped')).toMatchObject({ lastError: 'not sent: the number replied STOP', attemptCount: 0 });
    const settings = await requestJson('GET', `${n.url}/api/notifications/settings`, undefined, auth(c));
    expect(settings.body.sms).toEqual({ enabled: false, phone: c.e164 });
    const { smsIds } = await bookAndExpand(c);
    expect(smsIds).toEqual([]);

    // START, as a form with the secret in the query (the way many providers call back).
    const started = await fetch(`${n.url}/api/notifications/sms/inbound?secret=${SECRET}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ number: c.e164, message: 'start' }),
    });
    expect(started.status).toBe(200);
    expect(await started.json()).toEqual({ action: 'opted-in' });
    const again = await smsOf(c);
    await settled(c, again, 'sent');
    expect(provider.acceptedFor(c.providerNumber)).toHaveLength(2);
    const { rows } = await n.db.query(`SELECT opted_in, source FROM sms_consents WHERE coordinator_id = $1 ORDER BY id`, [c.id]);
    expect(rows).toEqual([
      { opted_in: true, source: 'settings' },
      { opted_in: false, source: 'inbound-stop' },
      { opted_in: true, source: 'inbound-start' },
    ]);
  });

  it('holds an SMS due in the quiet hours until they end, then sends it', async () => {
    const c = await coordinatorWithPhone();
    await optIn(c);
    // 22:00 in Manila: the quiet hours (21:00-07:00) end at 07:00 the next morning, 23:00 UTC.
    setClock(Date.parse('2030-06-14T14:00:00Z'));
    try {
      // A pass of the dispatcher holds it until 07:00 (23:00 UTC); a second SMS, held by a later pass, proves that the
      // first stayed unsent through more passes than the one that held it.
      const held = (smsId: string) =>
        expectEventually(async () =>
          expect(await logEntry(c, smsId)).toMatchObject({ status: 'pending', attemptCount: 0, nextAttemptAt: '2030-06-14T23:00:00.000Z' }),
        );
      const id = await smsOf(c);
      await held(id);
      const later = await smsOf(c);
      await held(later);
      expect(await logEntry(c, id)).toMatchObject({ status: 'pending', attemptCount: 0 });
      expect(provider.requestsFor(c.providerNumber)).toEqual([]);
      // 07:00:01 the next morning.
      setClock(Date.parse('2030-06-14T23:00:01Z'));
      await settled(c, id, 'sent');
      await settled(c, later, 'sent');
      expect(provider.acceptedFor(c.providerNumber)).toHaveLength(2);
    } finally {
      setClock(DAYTIME);
    }
  });

  it('marks a provider timeout unknown, shows it, and never sends it again', async () => {
    const c = await coordinatorWithPhone();
    await optIn(c);
    provider.answer(c.providerNumber, 'timeout');
    const id = await smsOf(c);
    const entry = await settled(c, id, 'unknown');
    expect(entry.lastError).toMatch(/^outcome unknown: no answer within the timeout.*not sent again automatically$/);
    expect(entry.attempts).toEqual([expect.objectContaining({ attempt: 1, outcome: 'unknown', httpStatus: null })]);
    await laterRetrySent();
    expect(await logEntry(c, id)).toMatchObject({ status: 'unknown', attemptCount: 1 });
    expect(provider.requestsFor(c.providerNumber)).toHaveLength(1);
  });

  it('marks a 5xx answer unknown and does not retry it', async () => {
    const c = await coordinatorWithPhone();
    await optIn(c);
    provider.answer(c.providerNumber, 503);
    const id = await smsOf(c);
    const entry = await settled(c, id, 'unknown');
    expect(entry.attempts).toEqual([expect.objectContaining({ outcome: 'unknown', httpStatus: 503 })]);
    await laterRetrySent();
    expect(await logEntry(c, id)).toMatchObject({ status: 'unknown', attemptCount: 1 });
    expect(provider.requestsFor(c.providerNumber)).toHaveLength(1);
  });

  it('retries a 429 and sends once', async () => {
    const c = await coordinatorWithPhone();
    await optIn(c);
    provider.answer(c.providerNumber, 429);
    const id = await smsOf(c);
    const entry = await settled(c, id, 'sent');
    expect(entry.attempts.map((a: { outcome: string; httpStatus: number }) => [a.outcome, a.httpStatus])).toEqual([
      ['deferred', 429],
      ['sent', 200],
    ]);
    expect(provider.acceptedFor(c.providerNumber)).toHaveLength(1);
  });

  it('retries while the provider refuses connections, and sends once it is back', async () => {
    const c = await coordinatorWithPhone();
    await optIn(c);
    await provider.down();
    let id: string;
    try {
      id = await smsOf(c);
      await expectEventually(async () => {
        const entry = await logEntry(c, id);
        expect(entry.attempts[0]).toMatchObject({ outcome: 'deferred', httpStatus: null, reply: expect.stringMatching(/^ECONNREFUSED/) });
      });
    } finally {
      await provider.up();
    }
    const entry = await settled(c, id, 'sent');
    expect(entry.attemptCount).toBeGreaterThanOrEqual(2);
    expect(provider.acceptedFor(c.providerNumber)).toHaveLength(1);
  });

  it('marks an SMS whose sender died mid-request unknown, and sends one whose sender died before asking', async () => {
    const c = await coordinatorWithPhone();
    await optIn(c);
    // Planned in the quiet hours, so that nothing sends them before the test stages a dead sender's leftovers.
    setClock(Date.parse('2030-06-14T14:00:00Z'));
    let asked: string, notAsked: string;
    try {
      [asked, notAsked] = [await smsOf(c), await smsOf(c)];
      // What a SIGKILL leaves: both claimed under a lease, lapsing once the clock is back in the day; the first had
      // opened its attempt (the request went out).
      await n.db.query(
        `UPDATE notifications SET status = 'sending', claimed_until = now() + interval '1 second', due_at = $2
          WHERE id = ANY($1::uuid[])`,
        [[asked, notAsked], new Date(DAYTIME)],
      );
      await n.db.query(`UPDATE notifications SET attempts = 1 WHERE id = $1`, [asked]);
      await n.db.query(`INSERT INTO notification_attempts (notification_id, attempt, started_at, outcome) VALUES ($1, 1, now(), 'sending')`, [asked]);
    } finally {
      setClock(DAYTIME);
    }
    const unknown = await settled(c, asked, 'unknown');
    expect(unknown.lastError).toMatch(/the sender stopped before the provider answered/);
    expect(unknown.attempts).toEqual([expect.objectContaining({ attempt: 1, outcome: 'unknown' })]);
    await settled(c, notAsked, 'sent');
    await laterRetrySent();
    expect(await logEntry(c, asked)).toMatchObject({ status: 'unknown', attemptCount: 1 });
    expect(provider.requestsFor(c.providerNumber)).toHaveLength(1);
  });

  it('counts SMS by outcome on /metrics', async () => {
    const { body } = await fetch(`${n.url}/metrics`).then(async (r) => ({ body: await r.text() }));
    for (const outcome of ['sent', 'unknown', 'deferred', 'skipped']) {
      expect(metricValue(body, 'notifications_total', { channel: 'sms', outcome })).toBeGreaterThan(0);
    }
  });

  it('skips what is beyond SMS_MAX_PER_DAY for one coordinator, with the reason in the log', async () => {
    const c = await coordinatorWithPhone();
    await optIn(c);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(await smsOf(c));
    const entries = await expectEventually(async () => {
      const all = await Promise.all(ids.map((id) => logEntry(c, id)));
      expect(all.every((e) => e.status === 'sent' || e.status === 'skipped')).toBe(true);
      return all;
    });
    expect(entries.filter((e) => e.status === 'sent')).toHaveLength(3);
    const [skipped] = entries.filter((e) => e.status === 'skipped');
    expect(skipped).toMatchObject({ attemptCount: 0, lastError: 'not sent: the daily SMS limit (SMS_MAX_PER_DAY = 3) was reached on 2030-06-14' });
    expect(provider.acceptedFor(c.providerNumber)).toHaveLength(3);
  });

  it('plans a reminder SMS once per reminder, marked late, to an opted-in number only', async () => {
    const c = await coordinatorWithPhone();
    const reminders = n.app.get(SmsReminderChannel);
    const dataSource = n.app.get(DataSource);
    const reminder: DueReminder = {
      reminderId: randomUUID(),
      coordinatorId: c.id,
      weddingId: randomUUID(),
      milestoneId: randomUUID(),
      milestoneTitle: 'Book the venue',
      dueDate: '2030-06-18',
      weddingDate: '2030-09-01',
      coupleName: 'Ana & Ben',
      kind: 'lead',
      late: true,
      scheduledFor: new Date(DAYTIME),
      firedAt: new Date(DAYTIME),
    };
    expect(await dataSource.transaction((em) => reminders.plan(em, reminder))).toBe(0);
    await optIn(c);
    expect(await dataSource.transaction((em) => reminders.plan(em, reminder))).toBe(1);
    // Fired twice (a crash between the scheduler's claim and its commit): planned once.
    expect(await dataSource.transaction((em) => reminders.plan(em, reminder))).toBe(0);
    reminders.wake();
    const { rows } = await n.db.query(`SELECT id FROM notifications WHERE coordinator_id = $1 AND template = 'sms-reminder'`, [c.id]);
    expect(rows).toHaveLength(1);
    const entry = await settled(c, rows[0].id, 'sent');
    expect(entry).toMatchObject({ eventType: 'coordinator.milestone.due', eventId: reminder.reminderId, weddingId: reminder.weddingId });
    expect(provider.acceptedFor(c.providerNumber).map((r) => r.message)).toEqual(['Late reminder: "Book the venue" for Ana & Ben is due 18 Jun 2030.']);
  });
});
