// A booking becomes a coordinator's wedding, and that becomes email: one to the coordinator with the wedding and its
// calendar, one to the couple — through real HTTP, RabbitMQ, PostgreSQL and SMTP, exactly once per notification.
import { randomUUID } from 'node:crypto';
import { sync as ical, VEvent } from 'node-ical';
import { calendarDate, CoordinatorIntegrationFailed, CoordinatorWeddingCreated } from '@wedding/contracts';
import { VERSION_HEADER, withBrokerChannel } from '@wedding/messaging';
import { EventCapture, expectEventually, ReceivedEmail, requestJson, testAmqpUrl } from '@wedding/testing';
import { planned } from '../../coordinator/test/planned';
import { DASHBOARD_URL, NotificationsSystem, startNotificationsSystem } from './notifications-system';

const day = (date: Date) => date.toLocaleDateString('en-CA');
const urlOf = (event: VEvent) => (typeof event.url === 'string' ? event.url : (event.url as unknown as { val: string }).val);

describe('notification service: a new wedding by email', () => {
  let n: NotificationsSystem;
  let weddingsCreated: EventCapture;
  let coordinator: { id: string; token: string };
  const coordinatorEmail = `hello-${randomUUID()}@ayos.test`;

  const emailsTo = (recipient: string, count = 1) =>
    expectEventually(() => {
      const received = n.sink.receivedBy(recipient);
      expect(received).toHaveLength(count);
      return received;
    });
  const weddingIdOf = async (bookingId: string) =>
    expectEventually(async () => {
      const { rows } = await n.system.coordinatorDb.query(`SELECT id FROM coordinator_weddings WHERE booking_id = $1`, [bookingId]);
      expect(rows).toHaveLength(1);
      return rows[0].id as string;
    });
  const eventOf = (bookingId: string) =>
    expectEventually(() => {
      const message = weddingsCreated.messages.find((m) => m.properties.correlationId === bookingId);
      expect(message).toBeDefined();
      return message!;
    });
  const notificationsOf = async (bookingId: string) =>
    (await n.db.query(`SELECT * FROM notifications WHERE booking_id = $1 ORDER BY template`, [bookingId])).rows;

  beforeAll(async () => {
    // One delivery at a time, in queue order: an email of a later booking proves the earlier messages were handled.
    n = await startNotificationsSystem('mail', { consumerPrefetch: 1 });
    weddingsCreated = await EventCapture.start(n.system.coordinatorConfig.coordinatorExchange, CoordinatorWeddingCreated.type);
    coordinator = await n.createCoordinator('Ayos Events', coordinatorEmail);
  });

  afterAll(async () => {
    await weddingsCreated?.stop();
    await n?.close();
  });

  it('emails the coordinator the wedding, its milestones and a calendar, and confirms to the couple', async () => {
    const couple = `john.jane-${randomUUID()}@example.test`;
    const booking = await n.book(coordinator.id, { contactEmail: couple, contactPhone: '+63 917 123 0001' });
    const weddingId = await weddingIdOf(booking.id);

    const [toCoordinator] = await emailsTo(coordinatorEmail);
    expect(toCoordinator.subject).toBe('New wedding: John & Jane on Saturday, 15 June 2030');
    expect(toCoordinator.from).toBe('notifications@wedding.test');
    expect(toCoordinator.messageId).toMatch(/^<[0-9a-f-]{36}@wedding\.test>$/);
    expect(toCoordinator.headers.get('auto-submitted')).toBe('auto-generated');
    for (const part of [toCoordinator.text!, toCoordinator.html!]) {
      expect(part).toContain('Ayos Events');
      expect(part).toContain(couple);
      expect(part).toContain('+63 917 123 0001');
      expect(part).toContain('Manila Cathedral');
      expect(part).toContain('150');
      expect(part).toMatch(/75,000 \(the couple said (“|&#8220;|&ldquo;)50k-100k/);
      expect(part).toMatch(/new client/i);
    }
    expect(toCoordinator.text).toContain(`${DASHBOARD_URL}weddings/${weddingId}`);
    expect(toCoordinator.html).toContain(`href="http:&#x2F;&#x2F;127.0.0.1:3002&#x2F;dashboard&#x2F;weddings&#x2F;${weddingId}"`);
    // The Catholic plan (the booking is at Manila Cathedral) with its due dates, in the text as in the HTML.
    const plan = planned('catholic', '2030-06-15', calendarDate(new Date(), n.system.coordinatorConfig.timeZone)).items;
    for (const line of [
      '17 Dec 2029  Venue Selection',
      '17 Dec 2029  Reserve the church and the date',
      '7 Mar 2030  Canonical interview',
      '17 Mar 2030  Design & Decor',
      '17 Mar 2030  File the marriage licence application',
      '1 May 2030  Banns on three Sundays',
      '1 May 2030  Claim the marriage licence',
      '1 Jun 2030  Final Details',
      '14 Jun 2030  Rehearsal',
    ]) {
      expect(toCoordinator.text).toContain(line);
    }
    expect(toCoordinator.text).not.toContain('(compressed)');

    const [calendar] = toCoordinator.attachments;
    expect(calendar).toMatchObject({ filename: 'wedding.ics', contentType: 'text/calendar' });
    const events = Object.values(ical.parseICS(calendar.content.toString('utf8'))).filter((e): e is VEvent => e?.type === 'VEVENT');
    expect(events.map((e) => [e.summary, day(e.start), e.datetype]).sort()).toEqual(
      [
        ...plan.map((it) => [`${it.title} due: John & Jane`, it.dueDate, 'date']),
        ['Wedding: John & Jane', '2030-06-15', 'date'],
      ].sort(),
    );
    expect(events).toHaveLength(16);
    expect(new Set(events.map(urlOf))).toEqual(new Set([`${DASHBOARD_URL}weddings/${weddingId}`]));
    // The calendar feed's UIDs: an app holding both keeps each event once.
    expect(events.find((e) => String(e.summary).startsWith('Wedding'))!.uid).toBe(`wedding-${weddingId}@wedding-coordinator`);

    const [toCouple] = await emailsTo(couple);
    expect(toCouple.subject).toBe('Your booking request reached Ayos Events');
    expect(toCouple.replyTo).toBe(coordinatorEmail);
    expect(toCouple.text).toContain('Dear John & Jane');
    expect(toCouple.text).toContain('Saturday, 15 June 2030');
    expect(toCouple.text).toContain(coordinatorEmail);
    expect(toCouple.html).toContain('Ayos Events');
    expect(toCouple.attachments).toEqual([]);
    expect(toCouple.messageId).not.toBe(toCoordinator.messageId);

    // What the log holds: one row each, sent, with the Message-ID that arrived.
    const rows = await expectEventually(async () => {
      const found = await notificationsOf(booking.id);
      expect(found.map((r) => r.status)).toEqual(['sent', 'sent']);
      return found;
    });
    expect(rows.map((r) => [r.template, r.recipient, r.wedding_id, r.attempts])).toEqual([
      ['couple-confirmation', couple, weddingId, 1],
      ['wedding-created', coordinatorEmail, weddingId, 1],
    ]);
    expect(rows.find((r) => r.template === 'wedding-created').message_id).toBe(toCoordinator.messageId);
    expect(toCoordinator.notificationId).toBe(rows.find((r) => r.template === 'wedding-created').id);
  });

  it('marks compressed milestones when the wedding is close', async () => {
    const soon = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    const couple = `soon-${randomUUID()}@example.test`;
    const booking = await n.book(coordinator.id, { contactEmail: couple, eventDate: soon });
    await weddingIdOf(booking.id);
    const email = await expectEventually(() => {
      const found = n.sink.receivedBy(coordinatorEmail).find((e) => e.notificationId && e.text?.includes(couple));
      expect(found).toBeDefined();
      return found!;
    });
    // The Catholic plan squeezed into 20 days: every milestone but the rehearsal moved from the template's date.
    const plan = planned('catholic', soon, calendarDate(new Date(), n.system.coordinatorConfig.timeZone)).items;
    const compressed = plan.filter((it) => it.compressed).length;
    expect(compressed).toBeGreaterThan(10);
    expect(email.text!.match(/\(compressed\)/g)).toHaveLength(compressed);
    expect(email.html!.match(/<em>\(compressed\)<\/em>/g)).toHaveLength(compressed);
    // What cannot be done in time is said in plain words beside its milestone.
    const flags = [...new Set(plan.flatMap((it) => (it.flag ? [it.flag] : [])))];
    expect(flags).toEqual(expect.arrayContaining([expect.stringMatching(/^a licence cannot be had in time: \d+ days left$/)]));
    for (const flag of flags) expect(email.text).toContain(`(${flag})`);
  });

  it('sends nothing new for the same event published three times', async () => {
    const couple = `thrice-${randomUUID()}@example.test`;
    const booking = await n.book(coordinator.id, { contactEmail: couple });
    const message = await eventOf(booking.id);
    await emailsTo(couple);
    // The same message twice more (as a broker redelivery or a relay's repeat would bring it).
    await withBrokerChannel(testAmqpUrl(), async (channel) => {
      for (let i = 0; i < 2; i++) {
        channel.publish(n.system.coordinatorConfig.coordinatorExchange, CoordinatorWeddingCreated.type, message.content, message.properties);
      }
      await channel.waitForConfirms();
    });
    // A later booking's email means the queue has passed both copies (prefetch 1, in order).
    const sentinel = `sentinel-${randomUUID()}@example.test`;
    await n.book(coordinator.id, { contactEmail: sentinel });
    await emailsTo(sentinel);
    const { rows } = await n.db.query(`SELECT count(*)::int AS n FROM inbox WHERE message_id = $1`, [message.properties.messageId]);
    expect(rows[0].n).toBe(1);
    expect(await notificationsOf(booking.id)).toHaveLength(2);
    expect(n.sink.receivedBy(couple)).toHaveLength(1);
    expect(n.sink.receivedBy(coordinatorEmail).filter((e) => e.text?.includes(couple))).toHaveLength(1);
  });

  it('sends the couple nothing once the coordinator turned the confirmation off, and uses the address it set', async () => {
    const other = await n.createCoordinator('Plano Weddings', `plano-${randomUUID()}@plano.test`);
    const desk = `desk-${randomUUID()}@plano.test`;
    const saved = await requestJson(
      'PUT',
      `${n.url}/api/notifications/settings`,
      { email: { enabled: true, address: desk }, coupleConfirmation: { enabled: false } },
      { authorization: `Bearer ${other.token}` },
    );
    expect(saved).toMatchObject({ status: 200, body: { email: { enabled: true, address: desk }, coupleConfirmation: { enabled: false } } });
    const couple = `quiet-${randomUUID()}@example.test`;
    const booking = await n.book(other.id, { contactEmail: couple });
    await emailsTo(desk);
    // Both would have been planned in the same transaction: one row means the couple's was never planned.
    expect((await notificationsOf(booking.id)).map((r) => r.template)).toEqual(['wedding-created']);
    expect(n.sink.receivedBy(couple)).toEqual([]);
  });

  it('escapes a couple name like <script> in the HTML of both emails', async () => {
    const couple = `xss-${randomUUID()}@example.test`;
    const name = `<script>alert("x")</script> & <img src=x onerror=alert(1)>`;
    await n.book(coordinator.id, { coupleName: name, contactEmail: couple, eventLocation: '<b>Hall</b>' });
    const [toCouple] = await emailsTo(couple);
    const toCoordinator = await expectEventually(() => {
      const found = n.sink.receivedBy(coordinatorEmail).find((e) => e.text?.includes(couple));
      expect(found).toBeDefined();
      return found!;
    });
    for (const email of [toCouple, toCoordinator] as ReceivedEmail[]) {
      expect(email.html).not.toMatch(/<script|<img|<b>Hall/);
      expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;&#x2F;script&gt; &amp; &lt;img');
      expect(email.text).toContain(name);
    }
    expect(toCoordinator.subject).toBe(`New wedding: ${name} on Saturday, 15 June 2030`);
  });

  it('tells the coordinator when the automation gave up on a booking', async () => {
    const failed = {
      eventId: randomUUID(),
      occurredAt: new Date().toISOString(),
      bookingId: randomUUID(),
      coordinatorId: coordinator.id,
      reason: 'duplicate key value violates unique constraint "x"',
      reasonCode: 'invalid_booking',
      attempts: 4,
      coordinatorBusinessName: 'Ayos Events',
      coordinatorEmail,
      coupleName: 'Ana & Ben',
      eventDate: '2031-02-14',
      contactEmail: `ana.ben-${randomUUID()}@example.test`,
      contactPhone: '0917 555 0100',
    } satisfies Partial<CoordinatorIntegrationFailed>;
    await withBrokerChannel(testAmqpUrl(), async (channel) => {
      channel.publish(n.system.coordinatorConfig.coordinatorExchange, CoordinatorIntegrationFailed.type, Buffer.from(JSON.stringify(failed)), {
        messageId: failed.eventId,
        type: CoordinatorIntegrationFailed.type,
        persistent: true,
        contentType: 'application/json',
        headers: { [VERSION_HEADER]: String(CoordinatorIntegrationFailed.version) },
      });
      await channel.waitForConfirms();
    });
    const email = await expectEventually(() => {
      const found = n.sink.receivedBy(coordinatorEmail).find((e) => e.subject?.startsWith('Action needed'));
      expect(found).toBeDefined();
      return found!;
    });
    expect(email.subject).toBe('Action needed: the booking of Ana & Ben for Friday, 14 February 2031 was not set up');
    expect(email.text).toContain(failed.contactEmail);
    expect(email.text).toContain('0917 555 0100');
    expect(email.text).toContain(failed.bookingId);
    expect(email.text).toContain('after 4 attempts');
    // Never to the couple: the booking's failure is the coordinator's to follow up.
    expect(n.sink.receivedBy(failed.contactEmail)).toEqual([]);
  });
});
