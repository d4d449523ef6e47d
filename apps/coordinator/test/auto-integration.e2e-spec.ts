// The whole story end to end: HTTP booking → BookingCreated → coordinator transaction → CoordinatorWeddingCreated,
// on real PostgreSQL and RabbitMQ, including the ways it goes wrong.
import type { Channel, ChannelModel, GetMessage } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { BookingCreated, calendarDate, CoordinatorWeddingCreated, InvalidEventError, parseEvent } from '@wedding/contracts';
import { connectToBroker, deadLetterQueueName, listDeadLetters, replayDeadLetters, VERSION_HEADER } from '@wedding/messaging';
import { EventCapture, expectEventually, requestJson, testAmqpUrl } from '@wedding/testing';
import { AutoIntegrationService } from '../src/intake/auto-integration.service';
import { NOTHING_NAMED } from '../src/planning/wedding-types';
import { byDueDate, planned } from './planned';
import { startTestSystem, TestSystem } from './test-system';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('coordinator auto-integration', () => {
  let system: TestSystem;
  let weddingsCreated: EventCapture;
  let bookingsCreated: EventCapture;
  let amqp: ChannelModel;
  let channel: Channel;
  let coordinatorId: string;
  let otherCoordinatorId: string;
  let photographerId: string;

  const book = async (vendorId: string, fields: Record<string, unknown> = {}) => {
    const response = await requestJson('POST', `${system.bookingsUrl}/api/bookings/request`, {
      vendorId,
      serviceType: 'Wedding Coordination',
      coupleName: 'John & Jane',
      contactEmail: `couple-${randomUUID()}@email.com`,
      eventDate: '2030-06-15',
      guestCount: 150,
      budgetRange: '50k-100k',
      ...fields,
    });
    expect(response.status).toBe(201);
    return response.body.booking as { id: string; coordinatorIntegration: { status: string } };
  };
  const query = async <T = any>(sql: string, params: unknown[] = []) =>
    (await system.coordinatorDb.query(sql, params)).rows as T[];
  const weddingOf = (bookingId: string) =>
    expectEventually(async () => {
      const [wedding] = await query(`SELECT * FROM coordinator_weddings WHERE booking_id = $1`, [bookingId]);
      expect(wedding).toBeDefined();
      return wedding;
    });
  /** A default booking's plan (no place named: civil, for 15 June 2030): as many milestones as its rules give. */
  const civilMilestones = () => planned('civil', '2030-06-15', calendarDate(new Date(), system.coordinatorConfig.timeZone)).items.length;
  const createVendor = async (businessName: string, businessType: string) =>
    (await requestJson('POST', `${system.bookingsUrl}/api/vendors`, { businessName, businessType })).body.id as string;

  beforeAll(async () => {
    // Prefetch 1: one delivery at a time, in queue order, so a later booking's wedding proves an earlier message
    // was handled. Concurrency is exercised separately against the service.
    system = await startTestSystem('flow', { coordinator: { consumerPrefetch: 1, consumerRetryDelaysMs: [300, 600] } });
    weddingsCreated = await EventCapture.start(system.coordinatorConfig.coordinatorExchange, CoordinatorWeddingCreated.type);
    bookingsCreated = await EventCapture.start(system.bookingsConfig.bookingsExchange, BookingCreated.type);
    amqp = await connectToBroker(testAmqpUrl());
    channel = await amqp.createChannel();
    coordinatorId = await createVendor('Ayos Events', 'Wedding Coordination');
    otherCoordinatorId = await createVendor('Plano Weddings', 'wedding planner');
    photographerId = await createVendor('Liwanag Studio', 'Photography');
  });

  afterAll(async () => {
    await amqp?.close();
    await weddingsCreated?.stop();
    await bookingsCreated?.stop();
    await system?.close();
  });

  it('turns a coordinator booking into a client, a wedding with its planned milestones, activity and an event', async () => {
    const email = `john.jane-${randomUUID()}@email.com`;
    const booking = await book(coordinatorId, {
      contactEmail: email,
      contactPhone: '+63 917 123 0001',
      specialRequests: 'Need full planning',
    });
    expect(booking.coordinatorIntegration.status).toBe('pending');

    const wedding = await weddingOf(booking.id);
    expect(wedding).toMatchObject({
      coordinator_id: coordinatorId,
      couple_name: 'John & Jane',
      couple_email: email,
      couple_phone: '+63 917 123 0001',
      wedding_date: '2030-06-15',
      venue: 'TBD',
      status: 'planning',
      progress: 0,
      budget: '75000.00',
      guest_count: 150,
      // Nothing in the booking names a rite or a setting.
      wedding_type: 'civil',
      wedding_type_reason: NOTHING_NAMED,
      wedding_type_source: 'inferred',
    });

    const [client] = await query(`SELECT * FROM coordinator_clients WHERE id = $1`, [wedding.client_id]);
    expect(client).toMatchObject({
      coordinator_id: coordinatorId,
      couple_name: 'John & Jane',
      email,
      status: 'active',
      wedding_id: wedding.id,
      budget_range: '50k-100k',
      notes: 'Need full planning',
    });

    // Years ahead: the civil plan as the template says, counted back from the wedding (consultation after the booking).
    const bookedOn = calendarDate(new Date(), system.coordinatorConfig.timeZone);
    const plan = byDueDate(planned('civil', '2030-06-15', bookedOn).items);
    expect(plan.every((it) => !it.compressed && it.flag === null)).toBe(true);
    const milestones = await query(
      `SELECT key, source, title, description, to_char(due_date, 'YYYY-MM-DD') AS due_date, completed, compressed, legal, flag
         FROM wedding_milestones WHERE wedding_id = $1 ORDER BY due_date, sort_order`,
      [wedding.id],
    );
    expect(milestones.map((m) => [m.key, m.title, m.due_date, m.completed, m.compressed, m.legal, m.flag, m.source])).toEqual(
      plan.map((it) => [it.key, it.title, it.dueDate, false, false, it.legal, null, 'plan']),
    );
    const dueOf = (key: string) => milestones.find((m) => m.key === key)?.due_date;
    expect([dueOf('licence-application'), dueOf('licence-release'), dueOf('final-details'), dueOf('rehearsal')]).toEqual([
      '2030-03-17',
      '2030-05-01',
      '2030-06-01',
      '2030-06-14',
    ]);
    expect(milestones[0].key).toBe('consultation');
    expect(milestones.at(-1).key).toBe('rehearsal');
    expect(milestones.every((m) => m.description.length > 0)).toBe(true);

    const activity = await query(
      `SELECT activity_type, wedding_id, metadata FROM coordinator_activity_log
        WHERE metadata->>'bookingId' = $1 ORDER BY activity_type`,
      [booking.id],
    );
    const metadata = { bookingId: booking.id, clientId: client.id, weddingId: wedding.id, source: 'auto_booking' };
    expect(activity).toEqual([
      { activity_type: 'client_created', wedding_id: wedding.id, metadata },
      { activity_type: 'wedding_created', wedding_id: wedding.id, metadata },
    ]);

    const message = await expectEventually(() => {
      const found = weddingsCreated.messages.find((m) => m.properties.correlationId === booking.id);
      expect(found).toBeDefined();
      return found!;
    });
    const event = parseEvent(CoordinatorWeddingCreated, JSON.parse(message.content.toString()));
    expect(message.properties).toMatchObject({
      messageId: event.eventId,
      type: 'coordinator.wedding.created',
      deliveryMode: 2,
      contentType: 'application/json',
    });
    expect(event).toMatchObject({
      coordinatorId,
      bookingId: booking.id,
      clientId: client.id,
      client: 'created',
      weddingId: wedding.id,
      weddingDate: '2030-06-15',
      coupleName: 'John & Jane',
      contactEmail: email,
      contactPhone: '+63 917 123 0001',
    });
    await expectEventually(async () => {
      const { body } = await requestJson('GET', `${system.bookingsUrl}/api/bookings/${booking.id}`);
      expect(body.booking.coordinatorIntegration).toEqual({
        status: 'completed',
        clientId: client.id,
        weddingId: wedding.id,
        completedAt: event.occurredAt,
        reason: null,
      });
    });
    // The event carries the same plan, in the template's order.
    expect(event.milestones.map((m) => [m.title, m.dueDate, m.compressed])).toEqual(
      [...plan].sort((x, y) => x.sortOrder - y.sortOrder).map((it) => [it.title, it.dueDate, false]),
    );
  });

  it("answers the seed's database verification queries unchanged", async () => {
    const booking = await book(coordinatorId, { coupleName: 'John & Jane', contactEmail: 'couple@email.com' });
    const wedding = await weddingOf(booking.id);
    const seedQueries = [
      `SELECT * FROM coordinator_clients WHERE couple_name LIKE '%John%' OR email = 'couple@email.com' ORDER BY created_at DESC LIMIT 5`,
      `SELECT * FROM coordinator_weddings WHERE couple_name LIKE '%John%' OR couple_email = 'couple@email.com' ORDER BY created_at DESC LIMIT 5`,
      `SELECT * FROM wedding_milestones WHERE wedding_id = '${wedding.id}' ORDER BY due_date`,
      `SELECT * FROM coordinator_activity_log WHERE activity_type IN ('client_created', 'wedding_created') ORDER BY created_at DESC LIMIT 10`,
      `SELECT c.id as client_id, c.couple_name, c.wedding_id, w.wedding_date, w.venue FROM coordinator_clients c
         LEFT JOIN coordinator_weddings w ON c.wedding_id = w.id WHERE c.coordinator_id = '${coordinatorId}' ORDER BY c.created_at DESC`,
    ];
    const counts = [];
    for (const sql of seedQueries) counts.push((await query(sql)).length);
    expect(counts[0]).toBeGreaterThanOrEqual(1);
    expect(counts[1]).toBeGreaterThanOrEqual(1);
    // No place named: the civil plan, as many milestones as its rules give for a wedding in 2030.
    const today = calendarDate(new Date(), system.coordinatorConfig.timeZone);
    expect(counts[2]).toBe(planned('civil', '2030-06-15', today).items.length);
    expect(counts[3]).toBeGreaterThanOrEqual(2);
    expect(counts[4]).toBeGreaterThanOrEqual(1);
  });

  it('uses the booked amount as budget and the event location as venue, and flags milestones it had to compress', async () => {
    const eventDate = inDays(20);
    const booking = await book(coordinatorId, {
      eventDate,
      totalAmount: 123456.78,
      budgetRange: 'flexible',
      eventLocation: 'Manila Cathedral',
    });
    const wedding = await weddingOf(booking.id);
    expect(wedding).toMatchObject({ budget: '123456.78', venue: 'Manila Cathedral' });
    const milestones = await query(
      `SELECT key, compressed, flag, due_date >= (now() AT TIME ZONE 'Asia/Manila')::date - 1 AS not_in_the_past
         FROM wedding_milestones WHERE wedding_id = $1`,
      [wedding.id],
    );
    // The Catholic plan squeezed into 20 days: compressed and flagged as its rules say, nothing in the past.
    const plan = planned('catholic', eventDate, calendarDate(new Date(), system.coordinatorConfig.timeZone)).items;
    const of = (rows: { key: string; compressed: boolean; flag: string | null }[]) =>
      rows.map((m) => [m.key, m.compressed, m.flag]).sort((x, y) => String(x[0]).localeCompare(String(y[0])));
    expect(of(milestones)).toEqual(of(plan));
    expect(milestones.filter((m) => m.compressed).length).toBeGreaterThan(10);
    expect(milestones.find((m) => m.key === 'licence-application').flag).toMatch(/^a licence cannot be had in time: \d+ days left$/);
    expect(milestones.every((m) => m.not_in_the_past)).toBe(true);
  });

  it('gives no budget for a range it cannot read, rather than 0', async () => {
    const wedding = await weddingOf((await book(coordinatorId, { budgetRange: 'flexible' })).id);
    expect(wedding.budget).toBeNull();
  });

  it('does nothing for a booking of a vendor that is not a coordinator', async () => {
    const couple = `photo-couple-${randomUUID()}@email.com`;
    const booking = await book(photographerId, { contactEmail: couple });
    expect(booking.coordinatorIntegration.status).toBe('not_applicable');
    // Queued behind it with prefetch 1: once this one is done, the photographer's booking has been handled.
    await weddingOf((await book(coordinatorId)).id);
    expect(await query(`SELECT id FROM coordinator_weddings WHERE booking_id = $1`, [booking.id])).toEqual([]);
    expect(await query(`SELECT id FROM coordinator_clients WHERE email = $1`, [couple])).toEqual([]);
    expect(await query(`SELECT id FROM coordinator_activity_log WHERE metadata->>'bookingId' = $1`, [booking.id])).toEqual([]);
    expect(weddingsCreated.messages.some((m) => m.properties.correlationId === booking.id)).toBe(false);
  });

  it('matches a returning couple by email in another case, and gives the client a second wedding', async () => {
    const id = randomUUID().slice(0, 8);
    const first = await weddingOf((await book(coordinatorId, { coupleName: 'Maria & Jose', contactEmail: `Maria.${id}@Example.com` })).id);
    const second = await weddingOf(
      (await book(coordinatorId, { coupleName: 'Maria Santos & Jose Cruz', contactEmail: `maria.${id}@example.com`, eventDate: '2031-01-10' })).id,
    );
    expect(second.client_id).toBe(first.client_id);
    expect(second.id).not.toBe(first.id);
    const [client] = await query(`SELECT wedding_id, status FROM coordinator_clients WHERE id = $1`, [first.client_id]);
    expect(client).toEqual({ wedding_id: second.id, status: 'active' });
    const [activity] = await query(
      `SELECT activity_type FROM coordinator_activity_log WHERE metadata->>'weddingId' = $1 AND activity_type LIKE 'client_%'`,
      [second.id],
    );
    expect(activity.activity_type).toBe('client_matched');
    await expectEventually(() => {
      const event = weddingsCreated.bodies<CoordinatorWeddingCreated>().find((e) => e.weddingId === second.id);
      expect(event?.client).toBe('matched');
    });
  });

  it('matches by phone across the +63 and 09 forms', async () => {
    const suffix = String(Math.floor(Math.random() * 9_000_000) + 1_000_000);
    const first = await weddingOf((await book(coordinatorId, { contactEmail: undefined, contactPhone: `+63 917 ${suffix}` })).id);
    const second = await weddingOf((await book(coordinatorId, { contactPhone: `0917-${suffix}` })).id);
    expect(second.client_id).toBe(first.client_id);
  });

  it('keeps different couples who share a name apart (the seed merged them)', async () => {
    const first = await weddingOf((await book(coordinatorId, { coupleName: 'Ana & Ben Reyes' })).id);
    const second = await weddingOf((await book(coordinatorId, { coupleName: 'Ana & Ben Reyes' })).id);
    expect(second.client_id).not.toBe(first.client_id);
  });

  it('keeps one coordinator’s clients apart from another’s', async () => {
    const email = `shared-${randomUUID()}@email.com`;
    const first = await weddingOf((await book(coordinatorId, { contactEmail: email })).id);
    const second = await weddingOf((await book(otherCoordinatorId, { contactEmail: email })).id);
    expect(second.client_id).not.toBe(first.client_id);
    expect(second.coordinator_id).toBe(otherCoordinatorId);
  });

  it('makes one wedding of an event delivered twice, or of two events for one booking', async () => {
    const booking = await book(coordinatorId);
    const wedding = await weddingOf(booking.id);
    const original = bookingsCreated.messages.find((m) => m.properties.correlationId === booking.id)!;
    const republish = (content: Buffer, messageId: string) =>
      channel.publish(system.bookingsConfig.bookingsExchange, BookingCreated.type, content, {
        ...original.properties,
        messageId,
        persistent: true,
      });
    // The same message twice (a redelivery, a relay that crashed before marking it sent)...
    republish(original.content, original.properties.messageId);
    republish(original.content, original.properties.messageId);
    // ...and a second event for the same booking under a new id: the unique booking_id is the second guard.
    const renamed = { ...JSON.parse(original.content.toString()), eventId: randomUUID() };
    republish(Buffer.from(JSON.stringify(renamed)), renamed.eventId);

    await weddingOf((await book(coordinatorId)).id);
    expect(await query(`SELECT id FROM coordinator_weddings WHERE booking_id = $1`, [booking.id])).toEqual([{ id: wedding.id }]);
    const [{ count: milestones }] = await query(`SELECT count(*)::int FROM wedding_milestones WHERE wedding_id = $1`, [wedding.id]);
    expect(milestones).toBe(civilMilestones());
    const [{ count: entries }] = await query(
      `SELECT count(*)::int FROM coordinator_activity_log WHERE metadata->>'bookingId' = $1`,
      [booking.id],
    );
    expect(entries).toBe(2);
    const [{ count: clients }] = await query(
      `SELECT count(*)::int FROM coordinator_clients WHERE email = (SELECT couple_email FROM coordinator_weddings WHERE id = $1)`,
      [wedding.id],
    );
    expect(clients).toBe(1);
    expect(weddingsCreated.messages.filter((m) => m.properties.correlationId === booking.id)).toHaveLength(1);
  });

  it('processes a booking made while the coordinator service was stopped once it starts', async () => {
    await system.stopCoordinator();
    let booking: { id: string };
    try {
      booking = await book(coordinatorId);
      await expectEventually(async () => {
        const { rows } = await system.bookingsDb.query(`SELECT sent_at FROM outbox WHERE correlation_id = $1`, [booking.id]);
        expect(rows[0].sent_at).not.toBeNull();
      });
      const { messageCount } = await channel.checkQueue(system.coordinatorConfig.bookingCreatedQueue);
      expect(messageCount).toBe(1);
      expect(await query(`SELECT id FROM coordinator_weddings WHERE booking_id = $1`, [booking.id])).toEqual([]);
    } finally {
      await system.startCoordinator();
    }
    await weddingOf(booking.id);
  });

  it('rolls back a failed attempt completely and succeeds on the retry', async () => {
    await query(`CREATE SEQUENCE fail_once`);
    await query(`
      CREATE FUNCTION fail_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF nextval('fail_once') = 1 THEN RAISE EXCEPTION 'injected failure on the first attempt'; END IF;
        RETURN NEW;
      END $$`);
    await query(`CREATE TRIGGER fail_once BEFORE INSERT ON wedding_milestones FOR EACH STATEMENT EXECUTE FUNCTION fail_once()`);
    try {
      const booking = await book(coordinatorId, { contactEmail: `retry-${randomUUID()}@email.com` });
      const wedding = await weddingOf(booking.id);
      const [{ last_value: attempts }] = await query(`SELECT last_value FROM fail_once`);
      expect(Number(attempts)).toBe(2);
      const [{ count: milestones }] = await query(`SELECT count(*)::int FROM wedding_milestones WHERE wedding_id = $1`, [wedding.id]);
      expect(milestones).toBe(civilMilestones());
      const [{ count: clients }] = await query(
        `SELECT count(*)::int FROM coordinator_clients WHERE email = (SELECT couple_email FROM coordinator_weddings WHERE id = $1)`,
        [wedding.id],
      );
      expect(clients).toBe(1);
      const [{ count: entries }] = await query(
        `SELECT count(*)::int FROM coordinator_activity_log WHERE metadata->>'bookingId' = $1`,
        [booking.id],
      );
      expect(entries).toBe(2);
    } finally {
      await query(`DROP TRIGGER fail_once ON wedding_milestones`);
      await query(`DROP FUNCTION fail_once()`);
      await query(`DROP SEQUENCE fail_once`);
    }
  });

  it('dead-letters a booking that keeps failing, leaves nothing half-written, and replays it after the fix', async () => {
    const email = `doomed-${randomUUID()}@email.com`;
    await query(`
      CREATE FUNCTION always_fail() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'injected permanent failure'; END $$`);
    await query(`CREATE TRIGGER always_fail BEFORE INSERT ON wedding_milestones FOR EACH STATEMENT EXECUTE FUNCTION always_fail()`);
    let dead: GetMessage;
    let booking: { id: string };
    try {
      booking = await book(coordinatorId, { contactEmail: email });
      dead = await expectEventually(async () => {
        const message = await channel.get(deadLetterQueueName(system.coordinatorConfig.bookingCreatedQueue));
        expect(message).not.toBe(false);
        return message as GetMessage;
      });
    } finally {
      await query(`DROP TRIGGER always_fail ON wedding_milestones`);
      await query(`DROP FUNCTION always_fail()`);
    }
    channel.nack(dead, false, true);
    expect(dead.properties.correlationId).toBe(booking.id);
    expect(dead.properties.headers).toMatchObject({
      'x-attempt': 3,
      'x-failure-reason': expect.stringContaining('injected permanent failure'),
      'x-original-queue': system.coordinatorConfig.bookingCreatedQueue,
    });
    expect(await query(`SELECT id FROM coordinator_weddings WHERE booking_id = $1`, [booking.id])).toEqual([]);
    expect(await query(`SELECT id FROM coordinator_clients WHERE email = $1`, [email])).toEqual([]);
    expect(await query(`SELECT message_id FROM inbox WHERE message_id = $1`, [dead.properties.messageId])).toEqual([]);
    // The only trace: the coordinator is told the failure's text, the booking shows its category and nothing more
    // (the text quotes the trigger, which is none of the couple's business).
    expect(
      await query(
        `SELECT activity_type, metadata->>'reason' AS reason, metadata->>'reasonCode' AS code
           FROM coordinator_activity_log WHERE metadata->>'bookingId' = $1`,
        [booking.id],
      ),
    ).toEqual([
      { activity_type: 'integration_failed', reason: expect.stringContaining('injected permanent failure'), code: 'internal_error' },
    ]);
    await expectEventually(async () => {
      const { body } = await requestJson('GET', `${system.bookingsUrl}/api/bookings/${booking.id}`);
      expect(body.booking.coordinatorIntegration).toEqual({
        status: 'failed',
        clientId: null,
        weddingId: null,
        completedAt: expect.any(String),
        reason: 'internal_error',
      });
      expect(JSON.stringify(body)).not.toContain('injected');
    });

    // Reporting the same give-up again (a redelivery after a crash) writes nothing more.
    const deadBooking = parseEvent(BookingCreated, JSON.parse(dead.content.toString()));
    await system.coordinator().get(AutoIntegrationService).recordFailure(deadBooking, 'reported twice', 'internal_error', 3);
    const failures = await query(
      `SELECT (SELECT count(*)::int FROM coordinator_activity_log WHERE metadata->>'bookingId' = $1) AS activity,
              (SELECT count(*)::int FROM outbox WHERE type = 'coordinator.integration.failed' AND correlation_id = $1) AS events`,
      [booking.id],
    );
    expect(failures).toEqual([{ activity: 1, events: 1 }]);

    // The fix is in (the trigger is gone): list the dead letters and replay this one.
    const dlq = deadLetterQueueName(system.coordinatorConfig.bookingCreatedQueue);
    const listed = await listDeadLetters(testAmqpUrl(), dlq);
    expect(listed).toEqual([
      expect.objectContaining({ messageId: dead.properties.messageId, correlationId: booking.id, attempts: 3 }),
    ]);
    const replayed = await replayDeadLetters(testAmqpUrl(), dlq, [dead.properties.messageId!]);
    expect(replayed.map((letter) => letter.originalQueue)).toEqual([system.coordinatorConfig.bookingCreatedQueue]);
    const wedding = await weddingOf(booking.id);
    const [{ count: milestones }] = await query(`SELECT count(*)::int FROM wedding_milestones WHERE wedding_id = $1`, [wedding.id]);
    expect(milestones).toBe(civilMilestones());
    expect(await listDeadLetters(testAmqpUrl(), dlq)).toEqual([]);
    await expectEventually(async () => {
      const { body } = await requestJson('GET', `${system.bookingsUrl}/api/bookings/${booking.id}`);
      expect(body.booking.coordinatorIntegration).toMatchObject({ status: 'completed', weddingId: wedding.id, reason: null });
    });
  });

  it('retries a give-up whose report cannot be written instead of parking a booking nobody was told about', async () => {
    const dlq = deadLetterQueueName(system.coordinatorConfig.bookingCreatedQueue);
    // A sequence counts the report's attempts: nextval survives the rollback that the failing trigger causes.
    await query(`
      CREATE SEQUENCE report_attempts;
      CREATE FUNCTION fail_milestones() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'injected milestone failure'; END $$;
      CREATE FUNCTION fail_report() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM nextval('report_attempts'); RAISE EXCEPTION 'injected report failure'; END $$;
      CREATE TRIGGER fail_milestones BEFORE INSERT ON wedding_milestones FOR EACH STATEMENT EXECUTE FUNCTION fail_milestones();
      CREATE TRIGGER fail_report BEFORE INSERT ON coordinator_activity_log FOR EACH ROW
        WHEN (NEW.activity_type = 'integration_failed') EXECUTE FUNCTION fail_report();`);
    try {
      const booking = await book(coordinatorId);
      await expectEventually(async () => {
        const [{ attempts }] = await query(`SELECT CASE WHEN is_called THEN last_value ELSE 0 END::int AS attempts FROM report_attempts`);
        expect(attempts).toBeGreaterThanOrEqual(2);
      });
      // Out of attempts more than once, but not parked, and the booking still waits for its outcome.
      expect(await channel.get(dlq)).toBe(false);
      expect((await requestJson('GET', `${system.bookingsUrl}/api/bookings/${booking.id}`)).body.booking.coordinatorIntegration)
        .toMatchObject({ status: 'pending' });

      // The report can be written again: the next give-up is reported once and the message parked.
      await query(`DROP TRIGGER fail_report ON coordinator_activity_log`);
      const dead = await expectEventually(async () => {
        const message = await channel.get(dlq);
        expect(message).not.toBe(false);
        return message as GetMessage;
      });
      channel.ack(dead);
      expect(dead.properties.correlationId).toBe(booking.id);
      expect(dead.properties.headers).toMatchObject({
        'x-attempt': 3,
        'x-failure-reason': expect.stringContaining('injected milestone failure'),
      });
      await expectEventually(async () => {
        const { body } = await requestJson('GET', `${system.bookingsUrl}/api/bookings/${booking.id}`);
        expect(body.booking.coordinatorIntegration).toMatchObject({ status: 'failed', reason: 'internal_error' });
      });
      const reports = await query(
        `SELECT count(*)::int AS n FROM coordinator_activity_log WHERE activity_type = 'integration_failed' AND metadata->>'bookingId' = $1`,
        [booking.id],
      );
      expect(reports).toEqual([{ n: 1 }]);
    } finally {
      await query(`
        DROP TRIGGER IF EXISTS fail_report ON coordinator_activity_log;
        DROP TRIGGER fail_milestones ON wedding_milestones;
        DROP FUNCTION fail_report(); DROP FUNCTION fail_milestones(); DROP SEQUENCE report_attempts;`);
    }
  });

  it('reports a give-up whose reason has NUL or a pair cut at 1000 characters', async () => {
    const template = JSON.parse(bookingsCreated.messages[0].content.toString());
    const booking = parseEvent(BookingCreated, { ...template, eventId: randomUUID(), bookingId: randomUUID() });
    const reason = `${'x'.repeat(999)}😀 and \u0000 more`;
    await system.coordinator().get(AutoIntegrationService).recordFailure(booking, reason, 'internal_error', 3);
    const [row] = await query(
      `SELECT payload->>'reason' AS reason FROM outbox WHERE type = 'coordinator.integration.failed' AND correlation_id = $1`,
      [booking.bookingId],
    );
    expect(row.reason).toBe(`${'x'.repeat(999)}😀`);
  });

  it('dead-letters poison messages with a reason and keeps consuming', async () => {
    const exchange = system.bookingsConfig.bookingsExchange;
    const valid = JSON.parse(bookingsCreated.messages[0].content.toString());
    const properties = (messageId: string, version = '1') => ({
      messageId,
      type: BookingCreated.type,
      contentType: 'application/json',
      persistent: true,
      headers: { [VERSION_HEADER]: version },
    });
    const poison = [
      { id: randomUUID(), content: Buffer.from('{not json'), version: '1', reason: 'not JSON' },
      { id: randomUUID(), content: Buffer.from(JSON.stringify({ ...valid, eventDate: '2025-02-30' })), version: '1', reason: 'eventDate' },
      { id: randomUUID(), content: Buffer.from(JSON.stringify({ ...valid, eventId: randomUUID() })), version: '2', reason: 'unsupported version 2' },
      // PostgreSQL cannot store them and validator's isEmail threw on the second: never worth a retry.
      { id: randomUUID(), content: Buffer.from(JSON.stringify({ ...valid, coupleName: 'A\u0000B' })), version: '1', reason: 'coupleName: must not contain NUL' },
      { id: randomUUID(), content: Buffer.from(JSON.stringify({ ...valid, contactEmail: 'a\ud800@example.com' })), version: '1', reason: 'contactEmail: must not contain' },
      // The HTTP request's rules: a phone that is no phone number and no email could never be matched on, so it is
      // a contract violation, dead-lettered at once, not a failure retried three times.
      { id: randomUUID(), content: Buffer.from(JSON.stringify({ ...valid, contactEmail: null, contactPhone: '12' })), version: '1', reason: 'contactPhone must be a phone number' },
      { id: randomUUID(), content: Buffer.from(JSON.stringify({ ...valid, eventTime: 'after lunch' })), version: '1', reason: 'eventTime must be HH:MM' },
    ];
    for (const message of poison) {
      channel.publish(exchange, BookingCreated.type, message.content, properties(message.id, message.version));
    }
    await weddingOf((await book(coordinatorId)).id);

    const deadLetters: GetMessage[] = [];
    for (;;) {
      const message = await channel.get(deadLetterQueueName(system.coordinatorConfig.bookingCreatedQueue), { noAck: true });
      if (!message) break;
      deadLetters.push(message);
    }
    for (const message of poison) {
      const dead = deadLetters.find((m) => m.properties.messageId === message.id);
      expect(dead?.properties.headers?.['x-failure-reason']).toContain(message.reason);
      expect(dead?.properties.headers?.['x-attempt']).toBe(1);
    }
  });

  it('gives two concurrent bookings of the same couple one client', async () => {
    const integration = system.coordinator().get(AutoIntegrationService);
    const email = `concurrent-${randomUUID()}@email.com`;
    const template = JSON.parse(bookingsCreated.messages[0].content.toString());
    const events = Array.from({ length: 6 }, (_, i) =>
      parseEvent(BookingCreated, {
        ...template,
        eventId: randomUUID(),
        bookingId: randomUUID(),
        contactEmail: i % 2 ? email.toUpperCase() : email,
        contactPhone: null,
      }),
    );
    const results = await Promise.all(events.map((event) => integration.integrate(event)));
    expect(results.map((r) => r.outcome)).toEqual(Array(6).fill('created'));
    const clients = await query(`SELECT id FROM coordinator_clients WHERE email_normalized = $1`, [email]);
    expect(clients).toHaveLength(1);
    const outcomes = results.map((r) => (r.outcome === 'created' ? r.client : r.outcome)).sort();
    expect(outcomes).toEqual(['created', 'matched', 'matched', 'matched', 'matched', 'matched']);
    const [{ count: weddings }] = await query(`SELECT count(*)::int FROM coordinator_weddings WHERE client_id = $1`, [clients[0].id]);
    expect(weddings).toBe(6);
  });

  it('tells the couple invalid_booking when the coordinator’s tables refuse the booking’s data, and the coordinator why', async () => {
    await query(`ALTER TABLE coordinator_weddings ADD CONSTRAINT no_nowhere_hall CHECK (venue <> 'Nowhere Hall')`);
    let booking: { id: string };
    try {
      booking = await book(coordinatorId, { eventLocation: 'Nowhere Hall' });
      await expectEventually(async () => {
        const { body } = await requestJson('GET', `${system.bookingsUrl}/api/bookings/${booking.id}`);
        expect(body.booking.coordinatorIntegration).toMatchObject({ status: 'failed', reason: 'invalid_booking' });
        expect(JSON.stringify(body)).not.toContain('no_nowhere_hall');
      });
    } finally {
      await query(`ALTER TABLE coordinator_weddings DROP CONSTRAINT no_nowhere_hall`);
    }
    const [entry] = await query(
      `SELECT metadata->>'reason' AS reason, metadata->>'reasonCode' AS code FROM coordinator_activity_log
        WHERE activity_type = 'integration_failed' AND metadata->>'bookingId' = $1`,
      [booking.id],
    );
    expect(entry).toEqual({ reason: expect.stringContaining('no_nowhere_hall'), code: 'invalid_booking' });
    const dead = await expectEventually(async () => {
      const message = await channel.get(deadLetterQueueName(system.coordinatorConfig.bookingCreatedQueue));
      expect(message).not.toBe(false);
      return message as GetMessage;
    });
    channel.ack(dead);
    expect(dead.properties.headers?.['x-failure-reason']).toContain('no_nowhere_hall');
  });

  it('dead-letters at once, unretried, a booking whose integration would break a contract', async () => {
    // Injected: an event the integration would write that its contract refuses (InvalidEventError), which no retry fixes.
    const integration = system.coordinator().get(AutoIntegrationService);
    const refused = new InvalidEventError(CoordinatorWeddingCreated.type, ['milestones.0.dueDate: injected violation']);
    const spy = jest.spyOn(integration, 'integrate').mockRejectedValueOnce(refused);
    let booking: { id: string };
    try {
      booking = await book(coordinatorId);
      await expectEventually(async () => {
        const { body } = await requestJson('GET', `${system.bookingsUrl}/api/bookings/${booking.id}`);
        expect(body.booking.coordinatorIntegration).toMatchObject({ status: 'failed', reason: 'invalid_booking' });
      });
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
    const dead = await expectEventually(async () => {
      const message = await channel.get(deadLetterQueueName(system.coordinatorConfig.bookingCreatedQueue));
      expect(message).not.toBe(false);
      return message as GetMessage;
    });
    channel.ack(dead);
    expect(dead.properties.correlationId).toBe(booking.id);
    expect(dead.properties.headers).toMatchObject({ 'x-attempt': 1, 'x-failure-reason': expect.stringContaining('injected violation') });
  });

  it('never makes a milestone due after the wedding, even for a booking dated before its own booking day', async () => {
    // What an older producer (one that judged "the past" in UTC) could send between 00:00 and 08:00 in Manila: a
    // wedding on the marketplace's yesterday, booked today.
    const today = calendarDate(new Date(), system.coordinatorConfig.timeZone);
    const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const template = JSON.parse(bookingsCreated.messages[0].content.toString());
    const event = { ...template, eventId: randomUUID(), bookingId: randomUUID(), occurredAt: new Date().toISOString(), eventDate: yesterday };
    channel.publish(system.bookingsConfig.bookingsExchange, BookingCreated.type, Buffer.from(JSON.stringify(event)), {
      ...bookingsCreated.messages[0].properties,
      messageId: event.eventId,
      correlationId: event.bookingId,
      persistent: true,
    });
    const wedding = await weddingOf(event.bookingId);
    const milestones = await query(`SELECT key, due_date FROM wedding_milestones WHERE wedding_id = $1`, [wedding.id]);
    expect(milestones.map((m) => m.key).sort()).toEqual(planned('civil', yesterday, today).items.map((it) => it.key).sort());
    expect(milestones.every((m) => m.due_date === yesterday)).toBe(true);
  });

  it('reports itself healthy when its database and broker connections are up', async () => {
    expect(await requestJson('GET', `${await system.coordinatorUrl()}/health`)).toEqual({
      status: 200,
      body: { status: 'ok', checks: { database: true, publisher: true, consumer: true }, broker: 'up', consumer: 'consuming' },
    });
  });
});
