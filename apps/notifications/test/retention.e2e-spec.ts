// Retention of the delivery log, the reminders and the SMS cap on real PostgreSQL, with rows the real flow wrote
// (bookings → coordinator → notifications: an SMTP server, an SMS provider and a webhook receiver of the test's own):
// rows are back-dated, the service's own sweep is run (called, not waited for), and what must go goes — personal data
// first — while what still matters stays: notifications waiting or being sent, the first of a kept resend, today's SMS
// count, reminders of weddings still ahead, recent rows.
import { INestApplication } from '@nestjs/common';
import { randomInt, randomUUID } from 'node:crypto';
import { loadConfig, RetentionSweep, SweepSummary } from '@wedding/infrastructure';
import { calendarDate } from '@wedding/contracts';
import { expectEventually, FakeSmsProvider, metricValue, requestJson } from '@wedding/testing';
import { planned } from '../../coordinator/test/planned';
import { NotificationsConfig } from '../src/config';
import { FINAL_STATUSES } from '../src/delivery-log/notification-retention';
import { startNotificationsApp } from '../src/notifications-app';
import { NotificationsSystem, startNotificationsSystem } from './notifications-system';
import { WebhookReceiver } from './webhook-receiver';

interface Coordinator {
  id: string;
  token: string;
  email: string;
  /** E.164, as the SMS go to it. */
  phone: string;
  endpointId: string;
  hookPath: string;
}

describe('notification service: retention', () => {
  let n: NotificationsSystem;
  let provider: FakeSmsProvider;
  let receiver: WebhookReceiver;

  const auth = (c: { token: string }) => ({ authorization: `Bearer ${c.token}` });
  const api = (c: Coordinator, method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) =>
    requestJson(method, `${n.url}/api/notifications${path}`, body, auth(c));
  const sweep = (app: INestApplication = n.app): Promise<SweepSummary> => app.get(RetentionSweep).sweep();
  const rows = async <T = any>(sql: string, params: unknown[] = []) => (await n.db.query(sql, params)).rows as T[];
  /** Moves a column of the chosen rows `days` into the past. */
  const backDate = (table: string, column: string, days: number, where: string, params: unknown[]) =>
    n.db.query(`UPDATE ${table} SET ${column} = ${column} - make_interval(days => ${days}) WHERE ${where}`, params);
  const TODAY = `(now() AT TIME ZONE 'Asia/Manila')::date`;

  /** A coordinator told of its weddings by email, SMS (an opted-in number) and a webhook endpoint. */
  const coordinator = async (): Promise<Coordinator> => {
    const email = `desk-${randomUUID()}@ayos.test`;
    const c = await n.createCoordinator(`Retention ${randomUUID().slice(0, 8)}`, email);
    const local = `0917${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
    // Opted in as a coordinator does: the number confirmed with the code texted to it.
    await n.optInSms(c, local, provider);
    const hookPath = `/hook-${c.id}`;
    const endpoint = await requestJson('POST', `${n.url}/api/notifications/webhooks`, { url: receiver.url(hookPath) }, auth(c));
    expect(endpoint.status).toBe(201);
    return { ...c, email, phone: `+63${local.slice(1)}`, endpointId: endpoint.body.id, hookPath };
  };

  /** A booking with a couple of its own, and its notifications once every one of them is done. */
  const bookAndSettle = async (c: Coordinator) => {
    const couple = { coupleName: `Mara ${randomUUID().slice(0, 8)} & Leo`, contactEmail: `couple-${randomUUID()}@example.test` };
    // The receiver's answer quotes the couple, as a CRM's might: replies are personal data too.
    receiver.answer(c.hookPath, { status: 200, body: `received the wedding of ${couple.coupleName}` });
    const booking = await n.book(c.id, couple);
    const done = await expectEventually(
      async () => {
        const found = await rows<{ id: string; channel: string; template: string; status: string }>(
          `SELECT id, channel, template, status FROM notifications WHERE booking_id = $1 ORDER BY channel, template`,
          [booking.id],
        );
        // The coordinator's and the couple's emails, the SMS, the webhook delivery.
        expect(found.map((r) => `${r.channel}:${r.template}:${r.status}`)).toEqual([
          'email:couple-confirmation:sent',
          'email:wedding-created:sent',
          'sms:sms-wedding-created:sent',
          'webhook:coordinator.wedding.created:sent',
        ]);
        return found;
      },
      { timeoutMs: 30_000 },
    );
    return { booking, couple, ids: done.map((r) => r.id), byChannel: (channel: string) => done.filter((r) => r.channel === channel) };
  };

  /** How many rows of notifications and notification_attempts still mention any of these values. */
  const mentions = async (ids: string[], values: string[]) => {
    const [{ count }] = await rows(
      `SELECT count(*)::int AS count
         FROM (SELECT n::text AS row FROM notifications n WHERE n.id = ANY ($1::uuid[])
               UNION ALL SELECT a::text FROM notification_attempts a WHERE a.notification_id = ANY ($1::uuid[])) r
        WHERE EXISTS (SELECT 1 FROM unnest($2::text[]) v WHERE strpos(r.row, v) > 0)`,
      [ids, values],
    );
    return count as number;
  };

  beforeAll(async () => {
    provider = await FakeSmsProvider.start();
    receiver = await WebhookReceiver.start();
    n = await startNotificationsSystem('retention', {
      smsProviderUrl: provider.url,
      smsApiKey: 'test-api-key',
      smsQuietHours: 'off',
      smsPollIntervalMs: 100,
      webhookAllowedPrivateTargets: '127.0.0.1/32',
      // The service's own sweeps come half a day after a start at the earliest: every sweep here is the test's.
      messageRetentionSweepIntervalMs: 86_400_000,
    });
  });

  afterAll(async () => {
    await n?.close();
    await provider?.stop();
    await receiver?.stop();
  });

  it('scrubs the personal data of notifications done for longer than PERSONAL_DATA_RETENTION_DAYS, and keeps their skeleton', async () => {
    const c = await coordinator();
    const { booking, couple, ids, byChannel } = await bookAndSettle(c);
    const personal = [couple.coupleName, couple.contactEmail, c.email, c.phone, c.phone.slice(1)];
    // The check below can fail: before the sweep, the rows do quote the couple and the coordinator.
    expect(await mentions(ids, personal)).toBeGreaterThan(0);
    const before = await rows(`SELECT id, status, attempts, sent_at, message_id, template, event_id FROM notifications WHERE id = ANY ($1) ORDER BY id`, [ids]);
    const attemptsBefore = await rows(
      `SELECT notification_id, attempt, outcome, smtp_code, http_status, started_at FROM notification_attempts WHERE notification_id = ANY ($1) ORDER BY 1, 2`,
      [ids],
    );

    await backDate('notifications', 'created_at', 31, 'id = ANY ($1)', [ids]);
    const summary = await sweep();
    expect(summary.failed).toEqual([]);
    expect(summary.scrubbed.notifications).toBeGreaterThanOrEqual(4);
    // Half a year is not over: nothing of it is deleted.
    expect(await rows(`SELECT id FROM notifications WHERE id = ANY ($1)`, [ids])).toHaveLength(4);

    expect(await mentions(ids, personal)).toBe(0);
    const scrubbed = await rows(
      `SELECT id, channel, recipient, subject, payload, last_error, scrubbed_at FROM notifications WHERE id = ANY ($1) ORDER BY channel`,
      [ids],
    );
    for (const row of scrubbed) {
      expect(row).toMatchObject({ payload: null, last_error: null, scrubbed_at: expect.any(Date) });
      // A webhook delivery's recipient is its endpoint, its subject the event type: neither names anybody.
      if (row.channel === 'webhook') expect(row).toMatchObject({ recipient: c.endpointId, subject: 'coordinator.wedding.created' });
      else expect(row).toMatchObject({ recipient: null, subject: null });
    }
    // The skeleton: status, attempts, their times and codes, ids.
    expect(await rows(`SELECT id, status, attempts, sent_at, message_id, template, event_id FROM notifications WHERE id = ANY ($1) ORDER BY id`, [ids])).toEqual(before);
    expect(
      await rows(
        `SELECT notification_id, attempt, outcome, smtp_code, http_status, started_at FROM notification_attempts WHERE notification_id = ANY ($1) ORDER BY 1, 2`,
        [ids],
      ),
    ).toEqual(attemptsBefore);
    expect(await rows(`SELECT 1 FROM notification_attempts WHERE notification_id = ANY ($1) AND reply IS NOT NULL`, [ids])).toEqual([]);
    // The SMS stays counted for today.
    expect(await rows(`SELECT day FROM sms_daily_sends WHERE notification_id = $1 AND day = ${TODAY}`, [byChannel('sms')[0].id])).toHaveLength(1);

    // The delivery log and the webhook deliveries still answer, with the gaps as nulls.
    const log = await api(c, 'GET', '?pageSize=100');
    expect(log.status).toBe(200);
    // The booking's four (the code that confirmed the number is the coordinator's own, recent: kept whole).
    const logged = log.body.items.filter((item: { bookingId: string | null }) => item.bookingId === booking.id);
    expect(logged).toHaveLength(4);
    for (const item of logged) expect(item).toMatchObject({ status: 'sent', scrubbedAt: expect.any(String), lastError: null });
    expect(logged.filter((item: { recipient: string | null }) => item.recipient === null)).toHaveLength(3);
    const [email] = byChannel('email');
    const details = await api(c, 'GET', `/${email.id}`);
    expect(details).toMatchObject({ status: 200, body: { id: email.id, recipient: null, subject: null, attempts: [{ attempt: 1, outcome: 'sent', smtpCode: 250, reply: null }] } });
    const deliveries = await api(c, 'GET', `/webhooks/${c.endpointId}/deliveries`);
    expect(deliveries.status).toBe(200);
    expect(JSON.stringify(deliveries.body)).not.toContain(couple.coupleName);
    // Nothing left to send again: refused in words.
    const resend = await api(c, 'POST', `/${email.id}/resend`);
    expect(resend).toMatchObject({ status: 410, body: { message: expect.stringContaining('PERSONAL_DATA_RETENTION_DAYS') } });

    const metrics = await (await fetch(`${n.url}/metrics`)).text();
    expect(metricValue(metrics, 'retention_rows_total', { table: 'notifications', action: 'scrubbed' })).toBeGreaterThanOrEqual(4);
  });

  it('deletes notifications done for longer than NOTIFICATION_RETENTION_DAYS with their attempts, and keeps what still matters', async () => {
    const c = await coordinator();
    const old = await bookAndSettle(c);
    const waiting = await bookAndSettle(c);
    const resent = await bookAndSettle(c);
    const recent = await bookAndSettle(c);

    // A notification still waiting (a retry due later) and one being sent, both created long ago.
    const [pending, sending] = waiting.byChannel('email');
    await n.db.query(`UPDATE notifications SET status = 'pending', due_at = now() + interval '100 years' WHERE id = $1`, [pending.id]);
    await n.db.query(`UPDATE notifications SET status = 'sending', claimed_until = now() + interval '100 years' WHERE id = $1`, [sending.id]);
    // A resend of an email: its first is kept while the resend is.
    const [first] = resent.byChannel('email');
    const again = await api(c, 'POST', `/${first.id}/resend`);
    expect(again.status).toBe(202);
    await expectEventually(async () => expect((await api(c, 'GET', `/${again.body.id}`)).body.status).toBe('sent'));
    // The SMS of `waiting`: created long ago (say a retry's), but counted today.
    const [countedToday] = waiting.byChannel('sms');

    await backDate('notifications', 'created_at', 181, 'id = ANY ($1)', [[...old.ids, ...waiting.ids, first.id]]);
    await backDate('sms_daily_sends', 'day', 181, 'notification_id = ANY ($1)', [old.ids]);
    expect((await sweep()).failed).toEqual([]);

    expect(await rows(`SELECT id FROM notifications WHERE id = ANY ($1)`, [old.ids])).toEqual([]);
    expect(await rows(`SELECT 1 FROM notification_attempts WHERE notification_id = ANY ($1)`, [old.ids])).toEqual([]);
    expect(await rows(`SELECT 1 FROM sms_daily_sends WHERE notification_id = ANY ($1)`, [old.ids])).toEqual([]);
    // Still waiting or being sent: neither deleted nor scrubbed (the dispatchers need the address and the payload).
    expect(
      await rows(`SELECT status, recipient IS NOT NULL AS addressed, payload IS NOT NULL AS has_payload FROM notifications WHERE id = ANY ($1) ORDER BY status`, [
        [pending.id, sending.id],
      ]),
    ).toEqual([
      { status: 'pending', addressed: true, has_payload: true },
      { status: 'sending', addressed: true, has_payload: true },
    ]);
    expect(await rows(`SELECT id FROM notifications WHERE id = $1`, [countedToday.id])).toHaveLength(1);
    expect(await rows(`SELECT 1 FROM sms_daily_sends WHERE notification_id = $1 AND day = ${TODAY}`, [countedToday.id])).toHaveLength(1);
    expect(await rows(`SELECT id FROM notifications WHERE id = ANY ($1)`, [[first.id, again.body.id]])).toHaveLength(2);
    // Recent rows are untouched: neither deleted nor scrubbed.
    expect(await rows(`SELECT 1 FROM notifications WHERE id = ANY ($1) AND scrubbed_at IS NULL AND recipient IS NOT NULL`, [recent.ids])).toHaveLength(4);

    // The resend's turn: it goes first, its first at the next sweep, once nothing refers to it.
    await backDate('notifications', 'created_at', 181, 'id = $1', [again.body.id]);
    await sweep();
    expect(await rows(`SELECT id FROM notifications WHERE id = $1`, [again.body.id])).toEqual([]);
    await sweep();
    expect(await rows(`SELECT id FROM notifications WHERE id = $1`, [first.id])).toEqual([]);
    // Yesterday's SMS count is still kept (a retry across midnight); the day before's is not.
    await n.db.query(`UPDATE sms_daily_sends SET day = ${TODAY} - 1 WHERE notification_id = $1`, [countedToday.id]);
    await sweep();
    expect(await rows(`SELECT id FROM notifications WHERE id = $1`, [countedToday.id])).toHaveLength(1);
    await n.db.query(`UPDATE sms_daily_sends SET day = ${TODAY} - 2 WHERE notification_id = $1`, [countedToday.id]);
    const summary = await sweep();
    expect(await rows(`SELECT id FROM notifications WHERE id = $1`, [countedToday.id])).toEqual([]);
    expect(summary.deleted.notifications).toBeGreaterThanOrEqual(1);
  });

  it('forgets the SMS counted on the days before yesterday once they are done, and keeps the count of today', async () => {
    const c = await coordinator();
    const [done, waiting, today] = [await bookAndSettle(c), await bookAndSettle(c), await bookAndSettle(c)];
    const sms = (b: typeof done) => b.byChannel('sms')[0].id;
    await n.db.query(`UPDATE sms_daily_sends SET day = ${TODAY} - 5 WHERE notification_id = ANY ($1)`, [[sms(done), sms(waiting)]]);
    // A retry of it still to come: its first attempt's count must stay where it was counted.
    await n.db.query(`UPDATE notifications SET status = 'pending', due_at = now() + interval '100 years' WHERE id = $1`, [sms(waiting)]);

    const summary = await sweep();
    expect(summary.failed).toEqual([]);
    expect(summary.deleted.sms_daily_sends).toBeGreaterThanOrEqual(1);
    expect(await rows(`SELECT notification_id FROM sms_daily_sends WHERE notification_id = ANY ($1)`, [[sms(done), sms(waiting), sms(today)]])).toEqual(
      expect.arrayContaining([{ notification_id: sms(waiting) }, { notification_id: sms(today) }]),
    );
    expect(await rows(`SELECT 1 FROM sms_daily_sends WHERE notification_id = $1`, [sms(done)])).toEqual([]);
    // The SMS itself stays in the delivery log.
    expect(await rows(`SELECT status FROM notifications WHERE id = $1`, [sms(done)])).toEqual([{ status: 'sent' }]);
    // The cap counts today's as the dispatcher does.
    const [{ counted }] = await rows(`SELECT count(*)::int AS counted FROM sms_daily_sends WHERE coordinator_id = $1 AND day = ${TODAY}`, [c.id]);
    // Today's wedding SMS and the code that confirmed the number (a code is an SMS, counted like any).
    expect(counted).toBe(2);
  });

  it('deletes the reminders of weddings long past and their projection, and keeps every reminder of a wedding still ahead', async () => {
    const c = await coordinator();
    const [past, ahead] = [await bookAndSettle(c), await bookAndSettle(c)];
    const weddingOf = async (b: typeof past) =>
      (await rows(`SELECT wedding_id FROM notifications WHERE booking_id = $1 LIMIT 1`, [b.booking.id]))[0].wedding_id as string;
    const [pastWedding, aheadWedding] = [await weddingOf(past), await weddingOf(ahead)];
    const remindersOf = (weddingId: string) =>
      rows<{ id: string; status: string }>(`SELECT id, status FROM reminders WHERE wedding_id = $1 ORDER BY id`, [weddingId]);
    // The Catholic plan (the bookings are at Manila Cathedral), two reminders per milestone (the wedding is in 2030).
    const milestones = planned('catholic', '2030-06-15', calendarDate(new Date(), n.system.coordinatorConfig.timeZone)).items.length;
    expect(await remindersOf(pastWedding)).toHaveLength(2 * milestones);
    expect(await remindersOf(aheadWedding)).toHaveLength(2 * milestones);

    // One wedding was 200 days ago: its reminders fired or were cancelled (one never fired: the service was down).
    await n.db.query(`UPDATE projected_weddings SET wedding_date = ${TODAY} - 200 WHERE wedding_id = $1`, [pastWedding]);
    await n.db.query(
      `UPDATE reminders SET due_date = ${TODAY} - 210,
              status = CASE WHEN kind = 'due-day' THEN 'fired' ELSE 'cancelled' END, fired_at = CASE WHEN kind = 'due-day' THEN now() END
        WHERE wedding_id = $1`,
      [pastWedding],
    );
    const [stillScheduled] = await remindersOf(pastWedding);
    await n.db.query(`UPDATE reminders SET status = 'scheduled', fired_at = NULL WHERE id = $1`, [stillScheduled.id]);
    // The other is still ahead, but one of its milestones was due long ago and reminded of: that reminder's row is what
    // keeps the milestone from being reminded of again, late, when the wedding is next updated.
    const [longFired] = await remindersOf(aheadWedding);
    await n.db.query(`UPDATE reminders SET due_date = ${TODAY} - 210, status = 'fired', fired_at = now() - interval '210 days' WHERE id = $1`, [longFired.id]);
    const aheadBefore = await rows(`SELECT * FROM reminders WHERE wedding_id = $1 ORDER BY id`, [aheadWedding]);

    const summary = await sweep();
    expect(summary.failed).toEqual([]);
    expect(summary.deleted).toMatchObject({ reminders: expect.any(Number), projected_weddings: expect.any(Number) });
    expect(await remindersOf(pastWedding)).toEqual([{ id: stillScheduled.id, status: 'scheduled' }]);
    expect(await rows(`SELECT * FROM reminders WHERE wedding_id = $1 ORDER BY id`, [aheadWedding])).toEqual(aheadBefore);
    // The couple's name of the wedding long past is gone with its projection; the one ahead keeps it.
    expect(await rows(`SELECT 1 FROM projected_weddings WHERE wedding_id = $1`, [pastWedding])).toEqual([]);
    expect(await rows(`SELECT 1 FROM open_milestones WHERE wedding_id = $1`, [pastWedding])).toEqual([]);
    expect(await rows(`SELECT couple_name FROM projected_weddings WHERE wedding_id = $1`, [aheadWedding])).toEqual([{ couple_name: ahead.couple.coupleName }]);
    expect(await rows(`SELECT 1 FROM open_milestones WHERE wedding_id = $1`, [aheadWedding])).toHaveLength(milestones);
  });

  it('is safe on several replicas at once: two sweeps share a backlog and each row is counted once', async () => {
    const c = await coordinator();
    const { ids } = await bookAndSettle(c);
    const [template] = ids;
    // A backlog of 1,200 notifications done 200 days ago, more than two batches of 500.
    await n.db.query(
      `INSERT INTO notifications (id, coordinator_id, event_id, event_type, booking_id, wedding_id, channel, recipient, template,
                                  subject, payload, message_id, status, attempts, sent_at, created_at, updated_at)
       SELECT gen_random_uuid(), coordinator_id, gen_random_uuid(), event_type, booking_id, wedding_id, channel, recipient, template,
              subject, payload, 'backlog-' || g, 'sent', 1, now(), now() - interval '200 days', now()
         FROM notifications, generate_series(1, 1200) AS g WHERE id = $1`,
      [template],
    );
    const eligible = async () =>
      (
        await rows(
          `SELECT count(*)::int AS count FROM notifications n
            WHERE n.status = ANY ($1) AND n.created_at < now() - interval '180 days'
              AND NOT EXISTS (SELECT 1 FROM notifications r WHERE r.resend_of = n.id)
              AND NOT EXISTS (SELECT 1 FROM sms_daily_sends s WHERE s.notification_id = n.id AND s.day >= ${TODAY} - 1)`,
          [FINAL_STATUSES],
        )
      )[0].count as number;
    const before = await eligible();
    expect(before).toBeGreaterThanOrEqual(1200);

    const second = await n.startInstance();
    try {
      const [a, b] = await Promise.all([sweep(n.app), sweep(second)]);
      expect([a.failed, b.failed]).toEqual([[], []]);
      expect((a.deleted.notifications ?? 0) + (b.deleted.notifications ?? 0)).toBe(before);
      expect(await eligible()).toBe(0);
      expect(await rows(`SELECT 1 FROM notifications WHERE message_id LIKE 'backlog-%'`)).toEqual([]);
    } finally {
      await second.close();
    }
  });

  it('deletes requests for SMS confirmation codes ended more than PERSONAL_DATA_RETENTION_DAYS ago, and keeps open ones and the consent record', async () => {
    const c = await coordinator();
    // A number confirmed with its code (ended), and another coordinator's number still waiting for its code (open).
    const confirmedNumber = `0918${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
    const confirmed = await n.optInSms(c, confirmedNumber, provider);
    const waiting = await n.createCoordinator(`Retention ${randomUUID().slice(0, 8)}`);
    const waitingNumber = `0919${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
    const settings = { email: { enabled: true, address: null }, coupleConfirmation: { enabled: true }, sms: { enabled: true, phone: waitingNumber } };
    expect(await requestJson('PUT', `${n.url}/api/notifications/settings`, settings, auth(waiting))).toMatchObject({ status: 200, body: { sms: { state: 'unconfirmed' } } });
    const requests = () =>
      rows<{ coordinator_id: string; outcome: string | null }>(
        `SELECT coordinator_id, outcome FROM sms_confirmations WHERE phone = ANY ($1) ORDER BY requested_at`,
        [[confirmed.sms.phone, `+63${waitingNumber.slice(1)}`]],
      );
    expect(await requests()).toEqual([
      { coordinator_id: c.id, outcome: 'confirmed-code' },
      { coordinator_id: waiting.id, outcome: null },
    ]);

    // A month and a day later: the ended request goes, the open one stays (its code may still be entered).
    await backDate('sms_confirmations', 'ended_at', 31, 'phone = $1', [confirmed.sms.phone]);
    await backDate('sms_confirmations', 'requested_at', 31, 'phone = ANY ($1)', [[confirmed.sms.phone, `+63${waitingNumber.slice(1)}`]]);
    const summary = await sweep();
    expect(summary.failed).toEqual([]);
    expect(summary.deleted.sms_confirmations).toBeGreaterThanOrEqual(1);
    expect(await requests()).toEqual([{ coordinator_id: waiting.id, outcome: null }]);
    // The opt-in it led to is the record, and still holds.
    expect(await rows(`SELECT source FROM sms_consents WHERE coordinator_id = $1 AND phone = $2`, [c.id, confirmed.sms.phone])).toEqual(
      expect.arrayContaining([{ source: 'confirmation-code' }]),
    );
    expect((await requestJson('GET', `${n.url}/api/notifications/settings`, undefined, auth(c))).body.sms).toMatchObject({ state: 'opted-in' });
  });

  it('changes nothing with PERSONAL_DATA_RETENTION_DAYS=0 and NOTIFICATION_RETENTION_DAYS=0', async () => {
    const c = await coordinator();
    const { ids } = await bookAndSettle(c);
    await backDate('notifications', 'created_at', 400, 'id = ANY ($1)', [ids]);
    await backDate('sms_daily_sends', 'day', 400, 'notification_id = ANY ($1)', [ids]);
    const keeping = await startNotificationsApp(
      loadConfig(NotificationsConfig, {}, { ...n.config, personalDataRetentionDays: 0, notificationRetentionDays: 0, messageRetentionDays: 0 }),
      { logger: ['error'] },
    );
    try {
      // Only the SMS cap's own step is left: it is a counter, not a record.
      expect(keeping.get(RetentionSweep).activeSteps.map((step) => step.table)).toEqual(['sms_daily_sends']);
      const summary = await sweep(keeping);
      expect(summary).toEqual({ deleted: { sms_daily_sends: expect.any(Number) }, scrubbed: {}, failed: [] });
      expect(await rows(`SELECT 1 FROM notifications WHERE id = ANY ($1) AND scrubbed_at IS NULL AND recipient IS NOT NULL`, [ids])).toHaveLength(4);
    } finally {
      await keeping.close();
    }
    // The same rows were due: the service with its default settings deletes them.
    await sweep();
    expect(await rows(`SELECT 1 FROM notifications WHERE id = ANY ($1)`, [ids])).toEqual([]);
  });
});
