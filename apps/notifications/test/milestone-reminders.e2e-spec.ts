// Milestone reminders from booking to inbox — bookings → coordinator → notifications through real HTTP, RabbitMQ,
// PostgreSQL and SMTP, on a clock the test sets: scheduled from CoordinatorWeddingCreated, moved, cancelled and
// rescheduled by changes through the coordinator API (CoordinatorWeddingUpdated), sent once at 09:00 Manila by
// whichever instance fires first, late ones marked and sent at the next 09:00.
import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CoordinatorWeddingUpdated } from '@wedding/contracts';
import { withBrokerChannel } from '@wedding/messaging';
import { Webhook } from 'standardwebhooks';
import { EventCapture, expectEventually, FakeSmsProvider, requestJson, testAmqpUrl } from '@wedding/testing';
import { Clock } from '../src/clock';
import { ReminderScheduler } from '../src/reminders/reminder-scheduler';
import { NotificationsSystem, startNotificationsSystem, textsBesidesCodes } from './notifications-system';
import { WebhookReceiver } from './webhook-receiver';

class TestClock extends Clock {
  private current = new Date('2030-01-01T00:00:00Z');
  now(): Date {
    return new Date(this.current);
  }
  set(iso: string): void {
    this.current = new Date(iso);
  }
}

interface ReminderRow {
  id: string;
  milestone_id: string;
  title: string | null;
  kind: string;
  due_date: string;
  fire_at: string;
  late: boolean;
  status: string;
}

describe('notification service: milestone reminders', () => {
  const clock = new TestClock();
  let n: NotificationsSystem;
  let second: INestApplication;
  let updates: EventCapture;
  let smsProvider: FakeSmsProvider;
  let receiver: WebhookReceiver;

  const schedulerOf = (app: INestApplication) => app.get(ReminderScheduler);
  const coordinatorApi = async (token: string, method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown) =>
    requestJson(method, `${await n.system.coordinatorUrl()}/api/coordinator${path}`, body, { authorization: `Bearer ${token}` });
  const weddingOf = (bookingId: string) =>
    expectEventually(async () => {
      const { rows } = await n.system.coordinatorDb.query(`SELECT id FROM coordinator_weddings WHERE booking_id = $1`, [bookingId]);
      expect(rows).toHaveLength(1);
      return rows[0].id as string;
    });
  /**
   * The consultations of the booked weddings: they count from the booking date — the real today, not the test clock's
   * year — so each is completed at once and its reminders left out, leaving the plan counted back from the wedding.
   */
  const consultations = new Set<string>();
  const remindersOf = async (weddingId: string, status?: string): Promise<ReminderRow[]> =>
    (
      await n.db.query(
        `SELECT r.id, r.milestone_id, m.title, r.kind, to_char(r.due_date, 'YYYY-MM-DD') AS due_date, r.late, r.status,
                to_char(r.fire_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"') AS fire_at
           FROM reminders r LEFT JOIN open_milestones m USING (milestone_id)
          WHERE r.wedding_id = $1 AND ($2::text IS NULL OR r.status = $2) ORDER BY r.fire_at, r.kind`,
        [weddingId, status ?? null],
      )
    ).rows.filter((r: ReminderRow) => !consultations.has(r.milestone_id));
  const revisionOf = async (weddingId: string) =>
    (await n.db.query(`SELECT revision FROM projected_weddings WHERE wedding_id = $1`, [weddingId])).rows[0]?.revision;
  const reminderEmails = (weddingId: string) =>
    n.db
      .query(`SELECT * FROM notifications WHERE wedding_id = $1 AND template = 'milestone-due' ORDER BY created_at`, [weddingId])
      .then((r) => r.rows);
  /** The reminders that reached an address (the coordinator also gets the new wedding's email). */
  const remindersTo = (address: string) => n.sink.receivedBy(address).filter((e) => !e.subject?.startsWith('New wedding'));
  /**
   * A coordinator with its own address, and a booked civil wedding of theirs (its plan: Venue Selection 180 days before,
   * Vendor Booking 150, PSA documents 140, PMOC 130, solemnizing officer, Design & Decor and the licence application 90,
   * the licence claimed 45, Final Details 14, Rehearsal 1), its consultation done (revision 2), its reminders scheduled.
   */
  const bookedWedding = async (eventDate: string) => {
    const email = `coordinator-${randomUUID()}@ayos.test`;
    const coordinator = await n.createCoordinator('Ayos Events', email);
    const booking = await n.book(coordinator.id, { eventDate, eventLocation: 'Quezon City Hall', contactEmail: `couple-${randomUUID()}@example.test` });
    const weddingId = await weddingOf(booking.id);
    const { body: wedding } = await coordinatorApi(coordinator.token, 'GET', `/weddings/${weddingId}`);
    expect(wedding.weddingType.value).toBe('civil');
    const consultation = wedding.milestones.find((m: any) => m.key === 'consultation');
    consultations.add(consultation.id);
    await coordinatorApi(coordinator.token, 'PATCH', `/weddings/${weddingId}/milestones/${consultation.id}`, { completed: true });
    await expectEventually(async () => expect(await revisionOf(weddingId)).toBe(2));
    await expectEventually(async () => expect(await remindersOf(weddingId)).not.toHaveLength(0));
    return { coordinator, email, weddingId };
  };
  /** Lead (3 days before) and due-day reminders at 09:00 Manila (01:00 UTC) for [title, due date] pairs. */
  const onTime = (dues: [string, string][]) =>
    dues.flatMap(([title, due]) => [
      `${title} lead ${new Date(Date.parse(`${due}T01:00:00Z`) - 3 * 86_400_000).toISOString().replace(':00.000Z', 'Z')}`,
      `${title} due-day ${due}T01:00Z`,
    ]);

  beforeAll(async () => {
    // No poll while a test runs: each fires the reminders itself (fireDue), at the times it sets.
    smsProvider = await FakeSmsProvider.start();
    receiver = await WebhookReceiver.start();
    n = await startNotificationsSystem(
      'remind',
      // Webhooks and SMS on, for the coordinators that subscribe or opt in (one test does).
      { reminderPollIntervalMs: 3_600_000, smsProviderUrl: smsProvider.url, smsPollIntervalMs: 100, webhookAllowedPrivateTargets: '127.0.0.1/32' },
      { clock },
    );
    second = await n.startInstance();
    updates = await EventCapture.start(n.system.coordinatorConfig.coordinatorExchange, CoordinatorWeddingUpdated.type);
  });

  afterAll(async () => {
    await updates?.stop();
    await n?.close();
    await smsProvider?.stop();
    await receiver?.stop();
  });

  it('schedules two reminders per milestone of a booked wedding: 3 days before and on the due day, 09:00 Manila', async () => {
    clock.set('2029-12-01T00:00:00Z');
    const { weddingId } = await bookedWedding('2030-06-15');
    const reminders = await expectEventually(async () => {
      const found = await remindersOf(weddingId);
      expect(found).toHaveLength(20);
      return found;
    });
    // 09:00 in Manila is 01:00 UTC; the civil plan counted back from 15 June 2030.
    expect(reminders.map((r) => `${r.title} ${r.kind} ${r.fire_at}`).sort()).toEqual(
      onTime([
        ['Venue Selection', '2029-12-17'],
        ['Vendor Booking', '2030-01-16'],
        ['PSA birth certificates and CENOMAR', '2030-01-26'],
        ['Pre-Marriage Orientation and Counseling (PMOC)', '2030-02-05'],
        ['Book the solemnizing officer', '2030-03-17'],
        ['Design & Decor', '2030-03-17'],
        ['File the marriage licence application', '2030-03-17'],
        ['Claim the marriage licence', '2030-05-01'],
        ['Final Details', '2030-06-01'],
        ['Rehearsal', '2030-06-14'],
      ]).sort(),
    );
    expect(reminders.every((r) => r.status === 'scheduled' && !r.late)).toBe(true);
  });

  it('sends a reminder at its 09:00 by the clock, once, whichever instances fire and however often', async () => {
    clock.set('2030-01-02T00:00:00Z');
    const { email, weddingId } = await bookedWedding('2030-07-20');
    // Venue Selection, 180 days before, the first: due 21 January 2030, its lead reminder 18 January, 09:00 Manila.
    clock.set('2030-01-18T00:59:59Z');
    await schedulerOf(n.app).fireDue();
    expect(await reminderEmails(weddingId)).toEqual([]);

    clock.set('2030-01-18T01:00:00Z');
    await Promise.all([schedulerOf(n.app).fireDue(), schedulerOf(second).fireDue(), schedulerOf(second).fireDue()]);
    await schedulerOf(n.app).fireDue();
    const [sent] = await expectEventually(async () => {
      const rows = await reminderEmails(weddingId);
      expect(rows.map((r) => r.status)).toEqual(['sent']);
      return rows;
    });
    const [received] = remindersTo(email);
    expect(remindersTo(email)).toHaveLength(1);
    expect(received.subject).toBe('Venue Selection for John & Jane is due in 3 days, on Monday, 21 January 2030');
    expect(received.text).toContain('Wedding date: Saturday, 20 July 2030');
    expect(received.text).toContain(`weddings/${weddingId}`);
    expect(received.text).not.toContain('late');
    const [fired] = await remindersOf(weddingId, 'fired');
    expect(fired).toMatchObject({ title: 'Venue Selection', kind: 'lead', id: sent.event_id });

    // Fired again (as if its first firing had never been recorded): the email's key plans nothing new.
    await n.db.query(`UPDATE reminders SET status = 'scheduled' WHERE id = $1`, [fired.id]);
    await schedulerOf(second).fireDue();
    expect((await remindersOf(weddingId, 'fired')).map((r) => r.id)).toEqual([fired.id]);
    expect(await reminderEmails(weddingId)).toHaveLength(1);
    expect(remindersTo(email)).toHaveLength(1);
  });

  it('fires a reminder into every channel the coordinator has: email, the coordinator.milestone.due webhook, SMS', async () => {
    clock.set('2030-01-05T00:00:00Z');
    const { coordinator, email, weddingId } = await bookedWedding('2030-10-19');
    const auth = { authorization: `Bearer ${coordinator.token}` };
    const hook = `/reminders/${coordinator.id}`;
    const endpoint = await requestJson('POST', `${n.url}/api/notifications/webhooks`, { url: receiver.url(hook), events: ['coordinator.milestone.due'] }, auth);
    expect(endpoint.status).toBe(201);
    const local = `0917${String(Date.now() % 10_000_000).padStart(7, '0')}`;
    await n.optInSms(coordinator, local, smsProvider);

    // Venue Selection, 180 days before 19 October, the first: due 22 April 2030, its due-day reminder at 09:00 Manila
    // that day. Its lead reminder (19 April) was never fired, as if the service had been down since: it would say "due
    // in 3 days" on the day, so only the due-day one goes.
    clock.set('2030-04-22T01:00:00Z');
    await schedulerOf(n.app).fireDue();
    // Planned by the time fireDue answers, whichever of the two it took first: one email, the due-day one.
    expect((await reminderEmails(weddingId)).map((r) => r.subject)).toEqual(['Venue Selection for John & Jane is due today, Monday, 22 April 2030']);
    await expectEventually(() => expect(remindersTo(email).map((e) => e.subject)).toEqual(['Venue Selection for John & Jane is due today, Monday, 22 April 2030']), {
      timeoutMs: 15_000,
    });
    expect((await remindersOf(weddingId, 'cancelled')).map((r) => `${r.title} ${r.kind}`)).toEqual(['Venue Selection lead']);
    const [call] = await expectEventually(() => {
      expect(receiver.at(hook)).toHaveLength(1);
      return receiver.at(hook);
    });
    const delivered = new Webhook(endpoint.body.secret).verify(call.body, call.headers as Record<string, string>) as { type: string; data: any };
    expect(delivered.type).toBe('coordinator.milestone.due');
    expect(delivered.data).toMatchObject({ weddingId, coupleName: 'John & Jane', kind: 'due-day', late: false, milestone: { title: 'Venue Selection', dueDate: '2030-04-22' } });
    const [sms] = await expectEventually(() => {
      const mine = textsBesidesCodes(smsProvider, `+63${local.slice(1)}`);
      expect(mine).toHaveLength(1);
      return mine;
    });
    expect(sms.message).toContain('Venue Selection');

    // Fired again: no channel sends twice.
    const [fired] = await remindersOf(weddingId, 'fired');
    await n.db.query(`UPDATE reminders SET status = 'scheduled' WHERE id = $1`, [fired.id]);
    await schedulerOf(second).fireDue();
    const channels = await n.db.query(`SELECT channel FROM notifications WHERE event_id = $1 ORDER BY channel`, [fired.id]);
    expect(channels.rows.map((r) => r.channel)).toEqual(['email', 'sms', 'webhook']);
  });

  it('moves the reminders when the wedding date moves through the coordinator API', async () => {
    clock.set('2030-01-03T00:00:00Z');
    const { coordinator, weddingId } = await bookedWedding('2030-08-15');
    await expectEventually(async () => expect(await remindersOf(weddingId, 'scheduled')).toHaveLength(20));
    const before = await remindersOf(weddingId, 'scheduled');
    expect((await coordinatorApi(coordinator.token, 'PATCH', `/weddings/${weddingId}`, { weddingDate: '2030-09-15' })).status).toBe(200);
    await expectEventually(async () => expect(await revisionOf(weddingId)).toBe(3));
    const after = await remindersOf(weddingId, 'scheduled');
    expect(after).toHaveLength(20);
    // Each 31 days later, at 09:00 Manila again: the plan counted back from the new date.
    const shifted = (iso: string) => new Date(Date.parse(iso) + 31 * 86_400_000).toISOString().replace(':00.000Z', 'Z');
    expect(after.map((r) => `${r.title} ${r.kind} ${r.fire_at}`)).toEqual(before.map((r) => `${r.title} ${r.kind} ${shifted(r.fire_at)}`));
    expect((await remindersOf(weddingId, 'cancelled')).map((r) => r.id).sort()).toEqual(before.map((r) => r.id).sort());
  });

  it('cancels a completed milestone’s reminders and schedules them again when it is reopened', async () => {
    clock.set('2030-01-04T00:00:00Z');
    const { coordinator, email, weddingId } = await bookedWedding('2030-09-20');
    const scheduled = await remindersOf(weddingId, 'scheduled');
    const venue = scheduled.filter((r) => r.title === 'Venue Selection');
    const milestoneId = venue[0].milestone_id;
    await coordinatorApi(coordinator.token, 'PATCH', `/weddings/${weddingId}/milestones/${milestoneId}`, { completed: true });
    await expectEventually(async () => expect(await revisionOf(weddingId)).toBe(3));
    expect((await remindersOf(weddingId, 'cancelled')).map((r) => r.id).sort()).toEqual(venue.map((r) => r.id).sort());
    expect(await remindersOf(weddingId, 'scheduled')).toHaveLength(18);

    // Its lead reminder's time comes while it is completed: nothing is sent.
    const venueLead = venue.find((r) => r.kind === 'lead')!;
    clock.set(new Date(Date.parse(`${venueLead.fire_at.slice(0, -1)}:00Z`)).toISOString());
    await schedulerOf(n.app).fireDue();
    expect((await reminderEmails(weddingId)).map((r) => r.subject).filter((s: string) => s.startsWith('Venue'))).toEqual([]);

    // Reopened a day later: the lead reminder's moment has passed, so it comes late at the next 09:00; the due-day one on time.
    clock.set(new Date(Date.parse(`${venueLead.fire_at.slice(0, -1)}:00Z`) + 86_400_000 + 3_600_000).toISOString());
    await coordinatorApi(coordinator.token, 'PATCH', `/weddings/${weddingId}/milestones/${milestoneId}`, { completed: false });
    await expectEventually(async () => expect(await revisionOf(weddingId)).toBe(4));
    const reopened = (await remindersOf(weddingId, 'scheduled')).filter((r) => r.milestone_id === milestoneId);
    expect(reopened.map((r) => [r.id, r.kind, r.late]).sort()).toEqual(venue.map((r) => [r.id, r.kind, r.kind === 'lead']).sort());
    const late = reopened.find((r) => r.kind === 'lead')!;
    expect(Date.parse(`${late.fire_at.slice(0, -1)}:00Z`)).toBe(Date.parse(`${venueLead.fire_at.slice(0, -1)}:00Z`) + 2 * 86_400_000);
    clock.set(`${late.fire_at.slice(0, -1)}:00Z`);
    await schedulerOf(n.app).fireDue();
    const received = await expectEventually(() => {
      const found = n.sink.receivedBy(email).filter((e) => e.subject?.includes('Venue Selection'));
      expect(found).toHaveLength(1);
      return found[0];
    });
    expect(received.subject).toBe('Late reminder: Venue Selection for John & Jane is due tomorrow, Sunday, 24 March 2030');
    expect(received.text).toContain('This reminder is late');
  });

  it('marks reminders whose moment had passed when the wedding came in late, and sends them at the next 09:00', async () => {
    // 11:00 Manila on 13 October 2030, for a wedding on 30 October.
    clock.set('2030-10-13T03:00:00Z');
    const { email, weddingId } = await bookedWedding('2030-10-30');
    const reminders = await expectEventually(async () => {
      const found = await remindersOf(weddingId, 'scheduled');
      expect(found.filter((r) => r.late)).toHaveLength(9);
      return found;
    });
    // Eight are overdue (Venue Selection, 3 May, to the licence, claimed 15 September): one late due-day reminder
    // each. Final Details (16 Oct) lost its lead reminder's moment (13 Oct 09:00): late, tomorrow; its due-day one on
    // time. Rehearsal (29 Oct) has both on time.
    expect(reminders.filter((r) => r.late).map((r) => `${r.title} ${r.kind} ${r.fire_at}`).sort()).toEqual(
      [
        'Venue Selection due-day',
        'Vendor Booking due-day',
        'PSA birth certificates and CENOMAR due-day',
        'Pre-Marriage Orientation and Counseling (PMOC) due-day',
        'Book the solemnizing officer due-day',
        'Design & Decor due-day',
        'File the marriage licence application due-day',
        'Claim the marriage licence due-day',
        'Final Details lead',
      ]
        .map((r) => `${r} 2030-10-14T01:00Z`)
        .sort(),
    );
    expect(reminders.filter((r) => !r.late).map((r) => `${r.title} ${r.kind}`).sort()).toEqual(['Final Details due-day', 'Rehearsal due-day', 'Rehearsal lead']);

    clock.set('2030-10-14T01:00:00Z');
    await schedulerOf(second).fireDue();
    const received = await expectEventually(() => {
      const found = n.sink.receivedBy(email).filter((e) => e.subject?.startsWith('Late reminder'));
      expect(found).toHaveLength(9);
      return found.map((e) => e.subject).sort();
    });
    expect(received).toEqual(
      expect.arrayContaining([
        'Late reminder: Venue Selection for John & Jane was due 164 days ago, on Friday, 3 May 2030',
        'Late reminder: Design & Decor for John & Jane was due 74 days ago, on Thursday, 1 August 2030',
        'Late reminder: Final Details for John & Jane is due in 2 days, on Wednesday, 16 October 2030',
      ]),
    );
  });

  it('checks a due reminder against the projection when it fires', async () => {
    clock.set('2030-01-05T00:00:00Z');
    const { weddingId } = await bookedWedding('2030-12-20');
    const [first] = await remindersOf(weddingId, 'scheduled');
    // The projection no longer has the milestone (as an event would leave it), the reminder is still scheduled.
    await n.db.query(`DELETE FROM open_milestones WHERE milestone_id = $1`, [first.milestone_id]);
    clock.set(`${first.fire_at.slice(0, -1)}:00Z`);
    await schedulerOf(n.app).fireDue();
    expect((await remindersOf(weddingId)).find((r) => r.id === first.id)!.status).toBe('cancelled');
    expect(await reminderEmails(weddingId)).toEqual([]);
  });

  it('fires a reminder but emails nothing when the coordinator turned email off', async () => {
    clock.set('2030-01-07T00:00:00Z');
    const { coordinator, email, weddingId } = await bookedWedding('2031-03-20');
    const saved = await requestJson('PUT', `${n.url}/api/notifications/settings`, { email: { enabled: false, address: null }, coupleConfirmation: { enabled: true } }, {
      authorization: `Bearer ${coordinator.token}`,
    });
    expect(saved.status).toBe(200);
    const [first] = await remindersOf(weddingId, 'scheduled');
    clock.set(`${first.fire_at.slice(0, -1)}:00Z`);
    await schedulerOf(n.app).fireDue();
    expect((await remindersOf(weddingId)).find((r) => r.id === first.id)!.status).toBe('fired');
    expect(await reminderEmails(weddingId)).toEqual([]);
    expect(remindersTo(email)).toEqual([]);
  });

  it('keeps the newest revision when an older CoordinatorWeddingUpdated arrives again, and follows a wedding entered by hand', async () => {
    clock.set('2030-01-06T00:00:00Z');
    const coordinator = await n.createCoordinator('Plano Weddings');
    // A wedding entered by hand brings no address: the settings give it.
    const desk = `desk-${randomUUID()}@plano.test`;
    await requestJson('PUT', `${n.url}/api/notifications/settings`, { email: { enabled: true, address: desk }, coupleConfirmation: { enabled: true } }, {
      authorization: `Bearer ${coordinator.token}`,
    });
    const { body: client } = await coordinatorApi(coordinator.token, 'POST', '/clients', { coupleName: 'Rio & Sam', email: `${randomUUID()}@example.test` });
    // Its consultation done at creation: the rest of the civil plan counts back from the wedding (ten milestones).
    const { body: wedding } = await coordinatorApi(coordinator.token, 'POST', '/weddings', {
      clientId: client.id,
      weddingDate: '2031-01-10',
      alreadyDone: ['consultation'],
    });
    await expectEventually(async () => expect(await remindersOf(wedding.id, 'scheduled')).toHaveLength(20));

    await coordinatorApi(coordinator.token, 'PATCH', `/weddings/${wedding.id}`, { weddingDate: '2031-02-10' });
    const rehearsal = wedding.milestones.find((m: any) => m.title === 'Rehearsal');
    await coordinatorApi(coordinator.token, 'PATCH', `/weddings/${wedding.id}/milestones/${rehearsal.id}`, { completed: true });
    await expectEventually(async () => expect(await revisionOf(wedding.id)).toBe(3));
    const settled = await remindersOf(wedding.id);

    // Revision 2 again: first as the broker would redeliver it, then as a new message (a replay with a new id).
    const moved = await expectEventually(() => {
      const found = updates.messages.find((m) => JSON.parse(m.content.toString()).weddingId === wedding.id && JSON.parse(m.content.toString()).revision === 2);
      expect(found).toBeDefined();
      return found!;
    });
    const replayId = randomUUID();
    await withBrokerChannel(testAmqpUrl(), async (channel) => {
      const exchange = n.system.coordinatorConfig.coordinatorExchange;
      channel.publish(exchange, CoordinatorWeddingUpdated.type, moved.content, moved.properties);
      const body = { ...JSON.parse(moved.content.toString()), eventId: replayId };
      channel.publish(exchange, CoordinatorWeddingUpdated.type, Buffer.from(JSON.stringify(body)), { ...moved.properties, messageId: replayId });
      await channel.waitForConfirms();
    });
    // The replay was handled (its inbox record is in the same transaction as the projection's change would be)…
    await expectEventually(async () => {
      const { rows } = await n.db.query(`SELECT 1 FROM inbox WHERE message_id = $1`, [replayId]);
      expect(rows).toHaveLength(1);
    });
    // …and changed nothing: revision 3, the rehearsal still completed, every reminder as it was.
    expect(await revisionOf(wedding.id)).toBe(3);
    const { rows: open } = await n.db.query(`SELECT milestone_id FROM open_milestones WHERE wedding_id = $1`, [wedding.id]);
    expect(open.map((r) => r.milestone_id)).not.toContain(rehearsal.id);
    expect(open).toHaveLength(9);
    expect(await remindersOf(wedding.id)).toEqual(settled);

    // And it reminds the address of the settings.
    const [firstDue] = await remindersOf(wedding.id, 'scheduled');
    clock.set(`${firstDue.fire_at.slice(0, -1)}:00Z`);
    await schedulerOf(n.app).fireDue();
    await expectEventually(() => expect(n.sink.receivedBy(desk).map((e) => e.subject)).toEqual([expect.stringContaining('Rio & Sam is due in 3 days')]));
  });
});
