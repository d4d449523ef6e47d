// Delivery as an SMTP server answers it: a 4xx is retried on the schedule, a 5xx is final, a server that is down for a
// while loses nothing, and two instances sharing the queue send each email once.
import { randomUUID } from 'node:crypto';
import { expectEventually, requestJson } from '@wedding/testing';
import { NotificationsSystem, startNotificationsSystem } from './notifications-system';

describe('notification service: email delivery', () => {
  let n: NotificationsSystem;
  let coordinator: { id: string; token: string };
  const auth = () => ({ authorization: `Bearer ${coordinator.token}` });

  /** The couple's confirmation: one email per booking, to an address of the test's own. */
  const coupleEmail = async (couple: string) => {
    const booking = await n.book(coordinator.id, { contactEmail: couple });
    return expectEventually(async () => {
      const { rows } = await n.db.query(`SELECT id FROM notifications WHERE booking_id = $1 AND template = 'couple-confirmation'`, [
        booking.id,
      ]);
      expect(rows).toHaveLength(1);
      return rows[0].id as string;
    });
  };
  const logEntry = (id: string) => requestJson('GET', `${n.url}/api/notifications/${id}`, undefined, auth());
  const settled = (id: string, status: 'sent' | 'failed', attempts: number) =>
    expectEventually(
      async () => {
        const { body } = await logEntry(id);
        expect(body).toMatchObject({ status, attemptCount: attempts });
        expect(body.attempts.every((a: { outcome: string }) => a.outcome !== 'sending')).toBe(true);
        return body;
      },
      { timeoutMs: 20_000 },
    );

  beforeAll(async () => {
    n = await startNotificationsSystem('delivery', { emailRetryDelaysMs: [300, 600, 1200] });
    coordinator = await n.createCoordinator('Ayos Events', `hello-${randomUUID()}@ayos.test`);
  });

  afterAll(async () => {
    await n?.close();
  });

  it('retries a 451 and delivers once on the next attempt, with both attempts in the log', async () => {
    const couple = `greylisted-${randomUUID()}@example.test`;
    n.sink.answer(couple, 451);
    const id = await coupleEmail(couple);
    const entry = await settled(id, 'sent', 2);
    expect(entry.attempts).toEqual([
      {
        attempt: 1,
        startedAt: expect.any(String),
        durationMs: expect.any(Number),
        outcome: 'deferred',
        smtpCode: 451,
        httpStatus: null,
        reply: '451 4.7.1 Greylisted, please try again later',
      },
      {
        attempt: 2,
        startedAt: expect.any(String),
        durationMs: expect.any(Number),
        outcome: 'sent',
        smtpCode: 250,
        httpStatus: null,
        reply: expect.stringMatching(/^250 /),
      },
    ]);
    // The schedule's first delay lies between the two.
    expect(new Date(entry.attempts[1].startedAt).getTime() - new Date(entry.attempts[0].startedAt).getTime()).toBeGreaterThanOrEqual(300);
    expect(entry.lastError).toBeNull();
    expect(n.sink.receivedBy(couple)).toHaveLength(1);
    expect(n.sink.attemptsFor(couple)).toBe(2);
    expect(n.sink.answered.filter((a) => a.recipients.includes(couple)).map((a) => a.messageId)).toEqual([entry.messageId, entry.messageId]);
  });

  it('fails a 550 at once with the server reply, and does not try again', async () => {
    const couple = `unknown-${randomUUID()}@example.test`;
    n.sink.answer(couple, 550, 250);
    const id = await coupleEmail(couple);
    const entry = await settled(id, 'failed', 1);
    expect(entry).toMatchObject({ lastError: '550 5.1.1 Mailbox unavailable: no such user', nextAttemptAt: null });
    expect(entry.attempts).toEqual([expect.objectContaining({ attempt: 1, outcome: 'rejected', smtpCode: 550 })]);
    // Had it been scheduled again, it would have gone before a later email's first retry: claims take the due rows in
    // due order. That later email, deferred once (451), was claimed again and sent; this one still had one attempt,
    // and the 250 scripted next was never used.
    const later = `greylisted-later-${randomUUID()}@example.test`;
    n.sink.answer(later, 451);
    await settled(await coupleEmail(later), 'sent', 2);
    expect((await logEntry(id)).body).toMatchObject({ status: 'failed', attemptCount: 1 });
    expect(n.sink.attemptsFor(couple)).toBe(1);
    expect(n.sink.receivedBy(couple)).toEqual([]);
  });

  it('fails after the schedule when every attempt is deferred', async () => {
    const couple = `full-${randomUUID()}@example.test`;
    n.sink.answer(couple, 452, 452, 452, 452);
    const id = await coupleEmail(couple);
    const entry = await settled(id, 'failed', 4);
    expect(entry.lastError).toBe('452 4.2.2 Mailbox full (no retries left)');
    expect(entry.attempts.map((a: { outcome: string }) => a.outcome)).toEqual(['deferred', 'deferred', 'deferred', 'deferred']);
    expect(n.sink.receivedBy(couple)).toEqual([]);
  });

  it('loses nothing while the SMTP server is down, and delivers when it returns', async () => {
    await n.sink.down();
    const couples = [`down-a-${randomUUID()}@example.test`, `down-b-${randomUUID()}@example.test`];
    let ids: string[];
    try {
      ids = await Promise.all(couples.map(coupleEmail));
      // Tried and deferred while it is down: connection refused, no reply code.
      await expectEventually(async () => {
        for (const id of ids) {
          const { body } = await logEntry(id);
          expect(body.attempts[0]).toMatchObject({ outcome: 'deferred', smtpCode: null, reply: expect.stringMatching(/ECONNREFUSED/) });
        }
      });
    } finally {
      await n.sink.up();
    }
    for (const [i, id] of ids.entries()) {
      const entry = await expectEventually(async () => {
        const { body } = await logEntry(id);
        expect(body.status).toBe('sent');
        return body;
      });
      expect(entry.attemptCount).toBeGreaterThanOrEqual(2);
      expect(entry.attempts.slice(0, -1).every((a: { outcome: string }) => a.outcome === 'deferred')).toBe(true);
      expect(n.sink.receivedBy(couples[i])).toHaveLength(1);
    }
  });

  it('sends each email once with two instances sharing the queue and the table', async () => {
    await n.startInstance();
    const couples = Array.from({ length: 12 }, (_, i) => `pair-${i}-${randomUUID()}@example.test`);
    const ids = await Promise.all(couples.map(coupleEmail));
    for (const id of ids) await settled(id, 'sent', 1);
    for (const couple of couples) expect(n.sink.receivedBy(couple)).toHaveLength(1);
    const messageIds = couples.map((couple) => n.sink.receivedBy(couple)[0].messageId);
    expect(new Set(messageIds).size).toBe(couples.length);
  });

  it('resends a notification as a new email with a Message-ID of its own', async () => {
    const couple = `again-${randomUUID()}@example.test`;
    const id = await coupleEmail(couple);
    const first = await settled(id, 'sent', 1);
    const resent = await requestJson('POST', `${n.url}/api/notifications/${id}/resend`, undefined, auth());
    expect(resent.status).toBe(202);
    expect(resent.body).toMatchObject({ resendOf: id, recipient: couple, template: 'couple-confirmation', subject: first.subject });
    expect(resent.body.messageId).not.toBe(first.messageId);
    await settled(resent.body.id, 'sent', 1);
    const received = n.sink.receivedBy(couple);
    expect(received.map((e) => e.messageId)).toEqual([first.messageId, resent.body.messageId]);
  });

  it('refuses a resend while a send of the notification is still pending', async () => {
    const couple = `busy-${randomUUID()}@example.test`;
    n.sink.answer(couple, 451, 451);
    const id = await coupleEmail(couple);
    const busy = await requestJson('POST', `${n.url}/api/notifications/${id}/resend`, undefined, auth());
    expect(busy).toMatchObject({ status: 409, body: { message: expect.stringContaining('still being sent') } });
    await settled(id, 'sent', 3);
  });
});
