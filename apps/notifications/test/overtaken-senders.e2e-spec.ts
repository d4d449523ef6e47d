// A live sender that stalls past its lease while another instance runs: two notification services on one database,
// real PostgreSQL, HTTP and SMTP. The stall is real and deterministic — the test holds, from a connection of its own, a
// lock the first sender's next statement needs, until its lease has lapsed and the other instance has had its chance
// to take the message over; then it lets go. An SMS reaches the provider once, an email the SMTP server once, a
// webhook delivery its receiver once, and the stalled sender says it was overtaken.
import { randomInt, randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { PoolClient } from 'pg';
import { expectEventually, FakeSmsProvider, metricValue, requestJson } from '@wedding/testing';
import { messageIdFor } from '../src/email/mail-from';
import { codeInText } from '../src/sms/confirmation-code';
import { webhookIdFor } from '../src/webhooks/webhook-deliveries';
import { NotificationsSystem, startNotificationsSystem } from './notifications-system';
import { WebhookReceiver } from './webhook-receiver';

/** The leases as the service derives them from these settings (config → app.module): the time a stall must outlast. */
const SMS_TIMEOUT_MS = 200;
const SMS_LEASE_S = (2 * SMS_TIMEOUT_MS) / 1000 + 10;
const EMAIL_LEASE_S = 10;
const WEBHOOK_LEASE_S = 10;

describe('notification service: a sender that stalls past its lease', () => {
  let n: NotificationsSystem;
  let provider: FakeSmsProvider;
  let receiver: WebhookReceiver;
  let instances: INestApplication[];

  type Coordinator = { id: string; token: string };
  const auth = (c: Coordinator) => ({ authorization: `Bearer ${c.token}` });
  const settled = (c: Coordinator, id: string, status: string) => n.settled(c, id, status, 30_000);
  /** notifications_overtaken_total of both instances together. */
  const overtaken = async (labels: Record<string, string>) => {
    let total = 0;
    for (const app of instances) {
      total += metricValue(await (await fetch(`${await app.getUrl()}/metrics`)).text(), 'notifications_overtaken_total', labels);
    }
    return total;
  };

  /** A connection of the test's own, in a transaction, and its backend's pid. */
  const holdLocks = async (): Promise<{ client: PoolClient; pid: number; release: () => Promise<void> }> => {
    const client = await n.db.connect();
    await client.query('BEGIN');
    const { rows } = await client.query(`SELECT pg_backend_pid() AS pid`);
    return {
      client,
      pid: rows[0].pid,
      release: async () => {
        await client.query('ROLLBACK');
        client.release();
      },
    };
  };
  /** The service's backends waiting on a lock the test holds, with how long their transaction has been open. */
  const blockedBy = async (pid: number) =>
    (
      await n.db.query(
        `SELECT pid, extract(epoch FROM clock_timestamp() - xact_start) AS "openForS"
           FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))`,
        [pid],
      )
    ).rows.map((r) => ({ pid: r.pid as number, openForS: Number(r.openForS) }));

  beforeAll(async () => {
    provider = await FakeSmsProvider.start();
    receiver = await WebhookReceiver.start();
    n = await startNotificationsSystem('overtaken', {
      // The stall stands for a paused process, which no statement timeout would interrupt.
      databaseStatementTimeoutMs: 120_000,
      smsProviderUrl: provider.url,
      smsApiKey: 'test-api-key',
      smsQuietHours: 'off',
      smsTimeoutMs: SMS_TIMEOUT_MS,
      smsPollIntervalMs: 100,
      webhookAllowedPrivateTargets: '127.0.0.1/32',
      webhookTimeoutMs: 3000,
    });
    instances = [n.app, await n.startInstance()];
  });

  afterAll(async () => {
    await n?.close();
    await provider?.stop();
    await receiver?.stop();
  });

  it('sends an SMS once when its first sender stalls between its claim and its admit, past the lease', async () => {
    const c = await n.createCoordinator(`SMS ${randomUUID().slice(0, 8)}`, `desk-${randomUUID()}@ayos.test`);
    const local = `0917${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
    // Opted in as a coordinator does: the number confirmed with the code texted to it.
    await n.optInSms(c, local, provider);
    const number = `63${local.slice(1)}`;
    const waitingOnAdmit = async () =>
      (
        await n.db.query(
          `SELECT count(*)::int AS n FROM pg_locks l, (SELECT hashtextextended('sms-cap:' || $1, 0) AS key) k
            WHERE l.locktype = 'advisory' AND NOT l.granted AND l.objsubid = 1
              AND l.classid = ((k.key >> 32) & 4294967295)::oid AND l.objid = (k.key & 4294967295)::oid`,
          [c.id],
        )
      ).rows[0].n as number;

    // The admit's lock for this coordinator, held by the test: whoever claims the SMS stops right after its claim.
    const locks = await holdLocks();
    let id: string;
    try {
      await locks.client.query(`SELECT pg_advisory_xact_lock(hashtextextended('sms-cap:' || $1, 0))`, [c.id]);
      const booking = await n.book(c.id);
      const first = await expectEventually(async () => {
        const { rows } = await n.db.query(`SELECT id, status, claim_token FROM notifications WHERE booking_id = $1 AND channel = 'sms'`, [
          booking.id,
        ]);
        expect(rows).toEqual([expect.objectContaining({ status: 'sending' })]);
        expect(await waitingOnAdmit()).toBe(1);
        return rows[0];
      });
      id = first.id;
      // Its lease lapses; the other instance finds no attempt opened, makes the SMS due again, claims it afresh (a new
      // token) and reaches the same lock: the first sender had every chance to be overtaken.
      await expectEventually(
        async () => {
          const { rows } = await n.db.query(`SELECT status, claim_token FROM notifications WHERE id = $1`, [id]);
          expect(rows[0].status).toBe('sending');
          expect(rows[0].claim_token).not.toBe(first.claim_token);
          expect(await waitingOnAdmit()).toBe(2);
        },
        { timeoutMs: (SMS_LEASE_S + 10) * 1000 },
      );
    } finally {
      await locks.release();
    }

    const entry = await settled(c, id, 'sent');
    // One attempt: the stalled sender opened none.
    expect(entry.attempts).toEqual([expect.objectContaining({ attempt: 1, outcome: 'sent', httpStatus: 200 })]);
    await expectEventually(async () => expect(await overtaken({ channel: 'sms', step: 'admit' })).toBe(1));
    // Once, besides the confirmation code the number was opted in with.
    expect(provider.requestsFor(number).filter((r) => codeInText(r.message ?? '') === undefined)).toHaveLength(1);
    // Counted once against the day's cap: what the overtaken admit counted was rolled back with it.
    const { rows } = await n.db.query(`SELECT count(*)::int AS n FROM sms_daily_sends WHERE notification_id = $1`, [id]);
    expect(rows[0].n).toBe(1);
  });

  /**
   * What a sender that died mid-send leaves: a copy of a real notification (`template`, of this booking), `sending`
   * with its claim lapsed and attempt 1 still open — made due only once the test holds that attempt's row, so that the
   * next claim of it (which marks the open attempt interrupted, in its one statement) stops there, holding the row.
   */
  const stageDeadSender = async (bookingId: string, channel: 'email' | 'webhook', messageIdOf: (id: string) => string) => {
    const id = randomUUID();
    await n.db.query(
      `INSERT INTO notifications (id, coordinator_id, event_id, event_type, booking_id, wedding_id, channel, recipient,
                                  template, subject, payload, message_id, status, attempts, claimed_until, due_at)
       SELECT $1, coordinator_id, gen_random_uuid(), event_type, booking_id, wedding_id, channel, recipient, template,
              subject, payload, $2, 'sending', 1, now() - interval '1 second', 'infinity'
         FROM notifications WHERE booking_id = $3 AND channel = $4 LIMIT 1`,
      [id, messageIdOf(id), bookingId, channel],
    );
    await n.db.query(
      `INSERT INTO notification_attempts (notification_id, attempt, started_at, outcome) VALUES ($1, 1, now(), 'sending')`,
      [id],
    );
    const locks = await holdLocks();
    await locks.client.query(`SELECT 1 FROM notification_attempts WHERE notification_id = $1 AND attempt = 1 FOR UPDATE`, [id]);
    await n.db.query(`UPDATE notifications SET due_at = now() WHERE id = $1`, [id]);
    return { id, locks };
  };
  /**
   * The attempts of a staged notification once sent: the dead sender's (1), then every claim that came back too late —
   * the stalled one's, and any that waited behind it — given back unused, each counted overtaken; then one that sent.
   */
  const givenBackThenSentOnce = async (entry: { attempts: { outcome: string; reply: string }[] }, channel: string) => {
    const givenBack = entry.attempts.slice(1, -1);
    expect(givenBack.length).toBeGreaterThanOrEqual(1);
    expect(entry.attempts.map((a) => a.outcome)).toEqual(['interrupted', ...givenBack.map(() => 'interrupted'), 'sent']);
    expect(givenBack.map((a) => a.reply)).toEqual(givenBack.map(() => 'not sent: the claim came back too late to use; due again'));
    await expectEventually(async () => expect(await overtaken({ channel, step: 'claim' })).toBe(givenBack.length));
  };
  /** Until a claim is stopped on the test's lock and has been for longer than `leaseS`: its lease has lapsed. */
  const stalledPastLease = (pid: number, leaseS: number) =>
    expectEventually(
      async () => {
        const blocked = await blockedBy(pid);
        expect(blocked).toHaveLength(1);
        expect(blocked[0].openForS).toBeGreaterThan(leaseS + 1);
      },
      { timeoutMs: (leaseS + 15) * 1000 },
    );

  it('sends an email once when its claim comes back after the lease (the database stalled it)', async () => {
    const c = await n.createCoordinator('Ayos Events', `hello-${randomUUID()}@ayos.test`);
    const couple = `stalled-${randomUUID()}@example.test`;
    const booking = await n.book(c.id, { contactEmail: couple });
    await expectEventually(async () => {
      const { rows } = await n.db.query(`SELECT status FROM notifications WHERE booking_id = $1 AND channel = 'email'`, [booking.id]);
      expect(rows.map((r) => r.status)).toEqual(['sent', 'sent']);
    });
    const { id, locks } = await stageDeadSender(booking.id, 'email', (notificationId) => messageIdFor(notificationId, n.config.mailFrom));
    try {
      await stalledPastLease(locks.pid, EMAIL_LEASE_S);
      // Each answer comes a second late: a sender that went ahead on the lapsed claim would still be mid-conversation
      // when the other instance took the email over.
      n.sink.answerAfter(1000);
    } finally {
      await locks.release();
    }
    try {
      const entry = await settled(c, id, 'sent');
      await givenBackThenSentOnce(entry, 'email');
      expect(n.sink.received.filter((email) => email.notificationId === id).map((email) => email.messageId)).toEqual([entry.messageId]);
    } finally {
      n.sink.answerAfter(0);
    }
  });

  it('calls a webhook once when its claim comes back after the lease (the database stalled it)', async () => {
    const c = await n.createCoordinator('Ayos Events', `hooks-${randomUUID()}@ayos.test`);
    const path = `/stalled/${randomUUID()}`;
    const endpoint = { url: receiver.url(path), events: ['coordinator.wedding.created'] };
    const registered = await requestJson('POST', `${n.url}/api/notifications/webhooks`, endpoint, auth(c));
    expect(registered.status).toBe(201);
    const booking = await n.book(c.id);
    await expectEventually(async () => expect(receiver.at(path)).toHaveLength(1));
    const { id, locks } = await stageDeadSender(booking.id, 'webhook', webhookIdFor);
    try {
      await stalledPastLease(locks.pid, WEBHOOK_LEASE_S);
      // Answered a second late (within WEBHOOK_TIMEOUT_MS): a sender that went ahead on the lapsed claim would still be
      // waiting when the other instance took the delivery over.
      receiver.answer(path, { status: 200, delayMs: 1000 }, { status: 200, delayMs: 1000 });
    } finally {
      await locks.release();
    }
    // The other instance's claim waited for the claimers' lock behind the stalled one: it may come back too late too.
    await givenBackThenSentOnce(await settled(c, id, 'sent'), 'webhook');
    expect(receiver.at(path).filter((r) => r.headers['webhook-id'] === webhookIdFor(id))).toHaveLength(1);
  });
});
