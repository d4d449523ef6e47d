// SMS through real HTTP, RabbitMQ and PostgreSQL and a fake provider: only to an opted-in number — confirmed by the code
// texted to it or a YES reply, and nothing but that code before — STOP, START and YES by the provider's callback, a STOP
// that no saving of the settings undoes, quiet hours by a clock the test moves, never twice when the outcome is
// unknown, retried only when the provider was never reached, and the daily cap.
import { randomInt, randomUUID } from 'node:crypto';
import { expectEventually, FakeSmsProvider, metricValue, requestJson } from '@wedding/testing';
import type { DueReminder } from '../src/reminders/due-reminder';
import { Clock } from '../src/clock';
import { COORDINATOR_SMS_CONSENT_TEXT } from '../src/sms/sms-consents';
import { SmsReminderChannel } from '../src/sms/sms-reminder-channel';
import { DataSource } from 'typeorm';
import { codeInText } from '../src/sms/confirmation-code';
import { codesTexted, NotificationsSystem, startNotificationsSystem, textsBesidesCodes } from './notifications-system';

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
  const optIn = (c: Coordinator) => n.optInSms(c, c.local, provider);
  const saveSms = (c: Coordinator, sms: { enabled: boolean; phone?: string | null }) =>
    requestJson('PUT', `${n.url}/api/notifications/settings`, { email: { enabled: true, address: null }, coupleConfirmation: { enabled: true }, sms }, auth(c));
  const settingsOf = async (c: Coordinator) => (await requestJson('GET', `${n.url}/api/notifications/settings`, undefined, auth(c))).body;
  /** What the number was sent (accepted, or every request) besides its confirmation codes; and the codes. */
  const texts = (c: Coordinator) => textsBesidesCodes(provider, c.e164);
  const requestsBesidesCodes = (c: Coordinator) => provider.requestsFor(c.providerNumber).filter((r) => codeInText(r.message ?? '') === undefined);
  const codes = (c: Coordinator) => codesTexted(provider, c.e164);
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
  const logEntry = (c: Coordinator, id: string) => n.logEntry(c, id);
  const settled = (c: Coordinator, id: string, status: string) => n.settled(c, id, status);
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
    expect(consents).toEqual([{ phone: c.e164, opted_in: true, source: 'confirmation-code', consent_text: COORDINATOR_SMS_CONSENT_TEXT }]);

    const id = await smsOf(c, { coupleName: 'Maria & Jose', eventDate: '2030-07-20', contactPhone: '0917 555 0001' });
    const entry = await settled(c, id, 'sent');
    expect(texts(c)).toEqual([
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
    expect(list.body.items.map((i: { id: string; template: string }) => [i.id, i.template])).toEqual([
      [id, 'sms-wedding-created'],
      [expect.any(String), 'sms-confirmation'],
    ]);
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
    expect((await settingsOf(c)).sms).toMatchObject({ enabled: true, phone: c.e164, state: 'opted-in' });
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
    expect((await settingsOf(c)).sms).toMatchObject({ enabled: false, phone: c.e164, state: 'stopped' });
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
    expect(texts(c)).toHaveLength(2);
    const { rows } = await n.db.query(`SELECT opted_in, source FROM sms_consents WHERE coordinator_id = $1 ORDER BY id`, [c.id]);
    expect(rows).toEqual([
      { opted_in: true, source: 'confirmation-code' },
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
      expect(requestsBesidesCodes(c)).toEqual([]);
      // 07:00:01 the next morning.
      setClock(Date.parse('2030-06-14T23:00:01Z'));
      await settled(c, id, 'sent');
      await settled(c, later, 'sent');
      expect(texts(c)).toHaveLength(2);
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
    expect(requestsBesidesCodes(c)).toHaveLength(1);
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
    expect(requestsBesidesCodes(c)).toHaveLength(1);
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
    expect(texts(c)).toHaveLength(1);
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
    expect(texts(c)).toHaveLength(1);
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
    expect(requestsBesidesCodes(c)).toHaveLength(1);
  });

  it('counts SMS by outcome on /metrics', async () => {
    const { body } = await fetch(`${n.url}/metrics`).then(async (r) => ({ body: await r.text() }));
    for (const outcome of ['sent', 'unknown', 'deferred', 'skipped']) {
      expect(metricValue(body, 'notifications_total', { channel: 'sms', outcome })).toBeGreaterThan(0);
    }
  });

  it('skips what is beyond SMS_MAX_PER_DAY for one coordinator, the confirmation code counted, with the reason in the log', async () => {
    const c = await coordinatorWithPhone();
    await optIn(c);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(await smsOf(c));
    const entries = await expectEventually(async () => {
      const all = await Promise.all(ids.map((id) => logEntry(c, id)));
      expect(all.every((e) => e.status === 'sent' || e.status === 'skipped')).toBe(true);
      return all;
    });
    // The code was the day's first of three.
    expect(entries.filter((e) => e.status === 'sent')).toHaveLength(2);
    const [skipped] = entries.filter((e) => e.status === 'skipped');
    expect(skipped).toMatchObject({ attemptCount: 0, lastError: 'not sent: the daily SMS limit (SMS_MAX_PER_DAY = 3) was reached on 2030-06-14' });
    expect(provider.acceptedFor(c.providerNumber)).toHaveLength(3);
    expect(texts(c)).toHaveLength(2);
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
    expect(texts(c).map((r) => r.message)).toEqual(['Late reminder: "Book the venue" for Ana & Ben is due 18 Jun 2030.']);
  });

  describe('a new number', () => {
    /** The code the number received last, once it arrived. */
    const latestCode = (c: Coordinator, after = 0) =>
      expectEventually(() => {
        expect(codes(c).length).toBeGreaterThan(after);
        return codes(c)[codes(c).length - 1];
      });
    const confirm = (c: Coordinator, code: string) => requestJson('POST', `${n.url}/api/notifications/sms/confirm`, { code }, auth(c));
    const askForCode = (c: Coordinator) => requestJson('POST', `${n.url}/api/notifications/sms/confirmation`, undefined, auth(c));
    const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

    it('is sent its confirmation code and nothing else until the code is entered; wrong codes are refused and used up', async () => {
      const c = await coordinatorWithPhone();
      const saved = await saveSms(c, { enabled: true, phone: c.local });
      expect(saved.status).toBe(200);
      expect(saved.body.sms).toMatchObject({ enabled: false, phone: c.e164, state: 'unconfirmed', confirmation: { attemptsLeft: 5 } });
      const code = await latestCode(c);
      expect(provider.requestsFor(c.providerNumber)).toHaveLength(1);
      expect(provider.requestsFor(c.providerNumber)[0].message).toBe(
        `Wedding Coordinator code: ${code} (valid 15 min). Enter it in your dashboard, or reply YES, to get texts here. Not you? Reply STOP.`,
      );
      expect((await settingsOf(c)).sms.confirmation).toMatchObject({ status: 'sent', codeSentAt: expect.any(String), expiresAt: expect.any(String) });
      // The code is kept nowhere in clear: not in the delivery log (which the coordinator reads), nor in the database.
      const { rows: logged } = await n.db.query(`SELECT subject, payload::text AS payload FROM notifications WHERE coordinator_id = $1`, [c.id]);
      expect(logged).toHaveLength(1);
      expect(JSON.stringify(logged)).not.toContain(code);
      const { rows: requests } = await n.db.query(`SELECT * FROM sms_confirmations WHERE coordinator_id = $1`, [c.id]);
      expect(JSON.stringify(requests)).not.toContain(code);

      // Unconfirmed: a new wedding texts it nothing.
      const { smsIds } = await bookAndExpand(c);
      expect(smsIds).toEqual([]);
      // Not a code; then wrong codes, each using up a try, the last one's answer saying so.
      expect(await confirm(c, '12345')).toMatchObject({ status: 400, body: { message: ['code must be the six digits of the text message'] } });
      for (const left of [4, 3, 2, 1]) {
        expect(await confirm(c, wrong(code))).toMatchObject({ status: 400, body: { message: [`the code is not right; ${left} ${left === 1 ? 'try' : 'tries'} left`] } });
      }
      expect(await confirm(c, wrong(code))).toMatchObject({ status: 400, body: { message: ['the code is not right, and that was the last try: ask for a new code'] } });
      // Used up: the right code no longer counts.
      expect(await confirm(c, code)).toMatchObject({ status: 409, body: { message: 'the code was entered wrong 5 times, the most allowed: ask for a new one' } });
      expect((await settingsOf(c)).sms).toMatchObject({ enabled: false, state: 'unconfirmed', confirmation: { status: 'used-up', attemptsLeft: 0 } });
      const { rows: none } = await n.db.query(`SELECT 1 FROM sms_consents WHERE coordinator_id = $1`, [c.id]);
      expect(none).toEqual([]);

      // A new code; the old one does not confirm, the new one (typed with a space) does.
      expect((await askForCode(c)).status).toBe(202);
      const second = await latestCode(c, 1);
      if (second !== code) expect((await confirm(c, code)).status).toBe(400);
      const confirmed = await confirm(c, `${second.slice(0, 3)} ${second.slice(3)}`);
      expect(confirmed).toMatchObject({ status: 200, body: { sms: { enabled: true, phone: c.e164, state: 'opted-in', confirmation: null } } });
      const { rows: consents } = await n.db.query(`SELECT opted_in, source, consent_text FROM sms_consents WHERE coordinator_id = $1`, [c.id]);
      expect(consents).toEqual([{ opted_in: true, source: 'confirmation-code', consent_text: COORDINATOR_SMS_CONSENT_TEXT }]);
      // Now it is texted, and a code is neither asked for again nor resent.
      await settled(c, await smsOf(c), 'sent');
      expect(texts(c)).toHaveLength(1);
      expect(await askForCode(c)).toMatchObject({ status: 409, body: { message: 'the number is already confirmed' } });
      const [codeSms] = (await n.db.query(`SELECT id FROM notifications WHERE coordinator_id = $1 AND template = 'sms-confirmation' LIMIT 1`, [c.id])).rows;
      expect((await requestJson('POST', `${n.url}/api/notifications/${codeSms.id}/resend`, undefined, auth(c))).status).toBe(409);
    });

    it('refuses a code past SMS_CONFIRMATION_CODE_TTL_S', async () => {
      const c = await coordinatorWithPhone();
      await saveSms(c, { enabled: true, phone: c.local });
      const code = await latestCode(c);
      await expectEventually(async () => expect((await settingsOf(c)).sms.confirmation.status).toBe('sent'));
      setClock(DAYTIME + 16 * 60_000);
      try {
        expect((await settingsOf(c)).sms.confirmation).toMatchObject({ status: 'expired' });
        expect(await confirm(c, code)).toMatchObject({ status: 409, body: { message: 'the code has expired: ask for a new one' } });
      } finally {
        setClock(DAYTIME);
      }
    });

    it('is confirmed by a YES reply to the code', async () => {
      const c = await coordinatorWithPhone();
      await saveSms(c, { enabled: true, phone: c.local });
      await latestCode(c);
      await expectEventually(async () => expect((await settingsOf(c)).sms.confirmation.status).toBe('sent'));
      expect((await inbound({ number: c.providerNumber, message: 'Yes!' })).body).toEqual({ action: 'opted-in' });
      expect((await settingsOf(c)).sms).toMatchObject({ enabled: true, state: 'opted-in' });
      const { rows } = await n.db.query(`SELECT opted_in, source, consent_text FROM sms_consents WHERE coordinator_id = $1`, [c.id]);
      expect(rows).toEqual([{ opted_in: true, source: 'inbound-yes', consent_text: expect.stringMatching(/^Yes! \(a reply to: Wedding Coordinator code: •••••• \(not kept\)/) }]);
      await settled(c, await smsOf(c), 'sent');
    });

    it('waits for the end of the quiet hours to be texted its code, like any SMS', async () => {
      const c = await coordinatorWithPhone();
      setClock(Date.parse('2030-06-14T14:00:00Z'));
      try {
        const saved = await saveSms(c, { enabled: true, phone: c.local });
        expect(saved.body.sms.confirmation).toMatchObject({ status: 'waiting-to-send', textAt: '2030-06-14T23:00:00.000Z', codeSentAt: null });
        // Made due now: the dispatcher's next pass, seeing the quiet hours, puts it back to their end — and sends nothing.
        await n.db.query(`UPDATE notifications SET due_at = $2 WHERE coordinator_id = $1 AND template = 'sms-confirmation'`, [
          c.id,
          new Date('2030-06-14T14:00:00Z'),
        ]);
        await expectEventually(async () => expect((await settingsOf(c)).sms.confirmation.textAt).toBe('2030-06-14T23:00:00.000Z'));
        expect(provider.requestsFor(c.providerNumber)).toEqual([]);
        setClock(Date.parse('2030-06-14T23:00:01Z'));
        await latestCode(c);
        // Its lifetime runs from when it was texted.
        const { confirmation } = (await settingsOf(c)).sms;
        expect(confirmation.status).toBe('sent');
        expect(Date.parse(confirmation.codeSentAt)).toBeGreaterThanOrEqual(Date.parse('2030-06-14T23:00:01Z'));
        expect(Date.parse(confirmation.expiresAt) - Date.parse(confirmation.codeSentAt)).toBe(900_000);
      } finally {
        setClock(DAYTIME);
      }
    });
  });

  describe('a STOP', () => {
    it('holds through any saving of the settings, which say why; only START (or YES) from the number undoes it', async () => {
      const c = await coordinatorWithPhone();
      await optIn(c);
      expect((await inbound({ number: c.providerNumber, message: 'STOP' })).body).toEqual({ action: 'opted-out' });
      const before = provider.requestsFor(c.providerNumber).length;

      // Saved again as it was, then off and on again: still stopped, said in the answer, and no code texted to it.
      for (const sms of [{ enabled: true, phone: c.local }, { enabled: false, phone: c.local }, { enabled: true, phone: c.e164 }]) {
        const saved = await saveSms(c, sms);
        expect(saved.status).toBe(200);
        expect(saved.body.sms).toMatchObject(
          sms.enabled
            ? { enabled: false, phone: c.e164, state: 'stopped', since: expect.any(String), confirmation: null }
            : { enabled: false, state: 'off' },
        );
      }
      expect(await requestJson('POST', `${n.url}/api/notifications/sms/confirmation`, undefined, auth(c))).toMatchObject({
        status: 409,
        body: { message: 'the number replied STOP to our texts: it is sent nothing, not even a code, until it texts START or YES to us' },
      });
      const { smsIds } = await bookAndExpand(c);
      expect(smsIds).toEqual([]);
      // Nothing planned for the number since the STOP: no code, no text.
      const { rows: planned } = await n.db.query(`SELECT template FROM notifications WHERE coordinator_id = $1 AND channel = 'sms'`, [c.id]);
      expect(planned.map((r) => r.template)).toEqual(['sms-confirmation']);
      expect(provider.requestsFor(c.providerNumber)).toHaveLength(before);
      const { rows } = await n.db.query(`SELECT opted_in, source FROM sms_consents WHERE coordinator_id = $1 ORDER BY id`, [c.id]);
      expect(rows.at(-1)).toEqual({ opted_in: false, source: 'inbound-stop' });

      expect((await inbound({ number: c.providerNumber, message: 'START' })).body).toEqual({ action: 'opted-in' });
      expect((await settingsOf(c)).sms).toMatchObject({ enabled: true, state: 'opted-in' });
    });

    it('in reply to a confirmation code ends it, and no other coordinator can text the number a code', async () => {
      const stranger = await coordinatorWithPhone();
      await saveSms(stranger, { enabled: true, phone: stranger.local });
      const code = await expectEventually(() => {
        expect(codes(stranger)).toHaveLength(1);
        return codes(stranger)[0];
      });
      expect((await inbound({ number: stranger.providerNumber, message: 'stop' })).body).toEqual({ action: 'opted-out' });
      expect(await requestJson('POST', `${n.url}/api/notifications/sms/confirm`, { code }, auth(stranger))).toMatchObject({ status: 409 });
      expect((await settingsOf(stranger)).sms).toMatchObject({ state: 'stopped' });
      // Another coordinator saves the same number: it is stopped for everyone.
      const other = await coordinatorWithPhone();
      const saved = await saveSms(other, { enabled: true, phone: stranger.local });
      expect(saved.body.sms).toMatchObject({ state: 'stopped', phone: stranger.e164 });
      // YES from the number is its own say: texts may come again, after a code of their own.
      expect((await inbound({ number: stranger.providerNumber, message: 'YES' })).body).toEqual({ action: 'none' });
      expect((await settingsOf(other)).sms).toMatchObject({ state: 'unconfirmed', confirmation: null });
      // One code was ever planned for the number: the first, which the STOP answered.
      const { rows } = await n.db.query(`SELECT count(*)::int AS count FROM notifications WHERE recipient = $1 AND channel = 'sms'`, [stranger.e164]);
      expect(rows[0].count).toBe(1);
      expect(codes(stranger)).toHaveLength(1);
    });
  });
});
