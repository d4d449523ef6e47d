// The bookings API through real HTTP, with its events checked on a real RabbitMQ and its rows in PostgreSQL.
import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import type { AddressInfo } from 'node:net';
import { BookingCreated, calendarDate, parseEvent } from '@wedding/contracts';
import { listeningUrl } from '@wedding/infrastructure';
import type { GetMessage } from 'amqplib';
import { connectToBroker, unroutedQueueName } from '@wedding/messaging';
import { EventCapture, expectEventually, mintToken, requestJson, TcpProxy, testAmqpUrl } from '@wedding/testing';
import { startBookingsApp } from '../src/bookings-app';
import { BookingsConfig } from '../src/config';
import { BookingsUnderTest, startBookingsUnderTest } from './bookings-under-test';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('bookings service', () => {
  let bookings: BookingsUnderTest;
  let app: INestApplication;
  let url: string;
  let config: BookingsConfig;
  let db: Pool;
  let broker: TcpProxy;
  let events: EventCapture;
  let coordinatorId: string;
  let photographerId: string;

  const request = (vendorId: string, fields: Record<string, unknown> = {}) => ({
    vendorId,
    serviceType: 'Wedding Coordination',
    coupleName: 'John & Jane',
    contactEmail: 'couple@email.com',
    eventDate: inDays(200),
    guestCount: 150,
    budgetRange: '50k-100k',
    ...fields,
  });
  const countRows = async (table: 'bookings' | 'outbox') =>
    Number((await db.query(`SELECT count(*) FROM ${table}`)).rows[0].count);

  beforeAll(async () => {
    // The broker is reached through a proxy, so that a test can cut it off.
    const amqp = new URL(testAmqpUrl());
    broker = await TcpProxy.start({ host: amqp.hostname, port: Number(amqp.port || 5672) });
    bookings = await startBookingsUnderTest('bookings', { amqpUrl: broker.url(testAmqpUrl()), publishTimeoutMs: 1000 });
    ({ app, url, config, db } = bookings);
    events = await EventCapture.start(config.bookingsExchange, BookingCreated.type);

    const coordinator = await requestJson('POST', `${url}/api/vendors`, {
      businessName: 'Ayos Events',
      businessType: 'Wedding Coordination',
      email: 'hello@ayos.ph',
      phone: '+63 917 000 0000',
    });
    const photographer = await requestJson('POST', `${url}/api/vendors`, {
      businessName: 'Liwanag Studio',
      businessType: 'Photography',
    });
    coordinatorId = coordinator.body.id;
    photographerId = photographer.body.id;
  });

  afterAll(async () => {
    await events?.stop();
    await bookings?.close();
    await broker?.close();
  });

  describe('vendors', () => {
    it('creates a vendor, tells whether it is a coordinator, and returns it by id', async () => {
      const created = await requestJson('POST', `${url}/api/vendors`, {
        businessName: 'Plano Weddings',
        businessType: 'Event Planning',
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ businessName: 'Plano Weddings', isCoordinator: true });
      const fetched = await requestJson('GET', `${url}/api/vendors/${created.body.id}`);
      expect(fetched).toMatchObject({ status: 200, body: { id: created.body.id, businessType: 'Event Planning' } });
    });

    it.each([
      [{ businessType: 'Catering' }, 'businessName'],
      [{ businessName: 'X', businessType: 'Catering', email: 'nope' }, 'email'],
      [{ businessName: 'X', businessType: 'Catering', owner: 'me' }, 'owner'],
    ])('rejects %j with 400 naming %s', async (body, field) => {
      const response = await requestJson('POST', `${url}/api/vendors`, body);
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body.message)).toContain(field);
    });

    it('answers 404 for an unknown vendor and 400 for a malformed id', async () => {
      expect((await requestJson('GET', `${url}/api/vendors/9b2f7c1e-8f55-4a55-9d59-4c9b9e0e7a11`)).status).toBe(404);
      expect((await requestJson('GET', `${url}/api/vendors/coord123`)).status).toBe(400);
    });
  });

  describe('POST /api/bookings/request', () => {
    it('books a coordinator: 201, status request, integration pending, and BookingCreated on the broker', async () => {
      const response = await requestJson(
        'POST',
        `${url}/api/bookings/request`,
        request(coordinatorId, { specialRequests: 'Need full planning', metadata: { source: 'web' } }),
      );
      expect(response.status).toBe(201);
      const pending = { status: 'pending', clientId: null, weddingId: null, completedAt: null, reason: null };
      // The marketplace's booking contract: { success, booking, coordinatorIntegration }.
      expect(response.body).toEqual({ success: true, booking: expect.any(Object), coordinatorIntegration: pending });
      expect(response.body.booking).toMatchObject({
        status: 'request',
        vendorId: coordinatorId,
        coupleName: 'John & Jane',
        guestCount: 150,
        coupleId: null,
        claimedCoupleId: null,
        coordinatorIntegration: pending,
      });
      const booking = response.body.booking;

      const message = await expectEventually(() => {
        const found = events.messages.find((m) => m.properties.correlationId === booking.id);
        expect(found).toBeDefined();
        return found!;
      });
      const event = parseEvent(BookingCreated, JSON.parse(message.content.toString()));
      expect(message.properties).toMatchObject({
        messageId: event.eventId,
        correlationId: booking.id,
        type: 'booking.created',
        contentType: 'application/json',
        deliveryMode: 2,
        headers: expect.objectContaining({ 'x-event-version': '1' }),
      });
      expect(message.fields.routingKey).toBe('booking.created');
      expect(event).toMatchObject({
        bookingId: booking.id,
        vendorId: coordinatorId,
        vendorBusinessName: 'Ayos Events',
        vendorBusinessType: 'Wedding Coordination',
        vendorEmail: 'hello@ayos.ph',
        vendorPhone: '+63 917 000 0000',
        coupleName: 'John & Jane',
        contactEmail: 'couple@email.com',
        guestCount: 150,
        budgetRange: '50k-100k',
        specialRequests: 'Need full planning',
        metadata: { source: 'web' },
      });
      await expectEventually(async () => {
        const { rows } = await db.query(`SELECT sent_at FROM outbox WHERE id = $1`, [event.eventId]);
        expect(rows[0].sent_at).not.toBeNull();
      });
    });

    it('books any other vendor as not_applicable and still announces the booking', async () => {
      const response = await requestJson('POST', `${url}/api/bookings/request`, request(photographerId));
      expect(response.status).toBe(201);
      expect(response.body.coordinatorIntegration).toMatchObject({ status: 'not_applicable' });
      expect(response.body.booking.coordinatorIntegration).toMatchObject({ status: 'not_applicable' });
      await expectEventually(() =>
        expect(events.messages.some((m) => m.properties.correlationId === response.body.booking.id)).toBe(true),
      );
    });

    it('accepts the snake_case twin of every field, alone or agreeing with the camelCase one', async () => {
      const body = {
        vendor_id: coordinatorId,
        vendorId: coordinatorId,
        couple_name: 'Ana & Ben',
        contact_email: 'ana.ben@example.ph',
        contact_phone: '0917 555 1234',
        event_date: inDays(300),
        eventDate: inDays(300),
        event_time: '15:30',
        event_location: 'Tagaytay',
        guest_count: 80,
        budget_range: '₱50,000 - ₱100,000',
        total_amount: 90000,
        special_requests: 'Garden',
        preferred_contact_method: 'phone',
        service_id: 'svc-1',
        service_type: 'Wedding Coordination',
        service_name: 'Full Coordination',
        contact_person: 'Ana',
        venue_details: 'Garden pavilion',
        event_end_time: '22:00',
        metadata: { referrer: 'fb' },
      };
      const response = await requestJson('POST', `${url}/api/bookings/request`, body);
      expect(response.status).toBe(201);
      expect(response.body.booking).toMatchObject({
        coupleName: 'Ana & Ben',
        contactPhone: '0917 555 1234',
        eventTime: '15:30',
        eventEndTime: '22:00',
        eventLocation: 'Tagaytay',
        guestCount: 80,
        totalAmount: 90000,
        serviceName: 'Full Coordination',
        venueDetails: 'Garden pavilion',
        metadata: { referrer: 'fb' },
      });
    });

    it('rejects twins that disagree', async () => {
      const response = await requestJson(
        'POST',
        `${url}/api/bookings/request`,
        request(coordinatorId, { guest_count: 90, event_date: inDays(201) }),
      );
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ success: false, statusCode: 400 });
      expect(response.body.message).toEqual(
        expect.arrayContaining(['eventDate and event_date disagree', 'guestCount and guest_count disagree']),
      );
    });

    it('falls back to the contact person for the couple name, and reads guest count 0 as unknown', async () => {
      const response = await requestJson(
        'POST',
        `${url}/api/bookings/request`,
        request(coordinatorId, { coupleName: undefined, contactPerson: 'Maria Santos', guestCount: 0 }),
      );
      expect(response.status).toBe(201);
      expect(response.body.booking).toMatchObject({ coupleName: 'Maria Santos', contactPerson: 'Maria Santos', guestCount: null });
    });

    it.each([
      ['no vendorId', { vendorId: undefined }, 'vendorId'],
      ['a vendorId that is not a UUID', { vendorId: 'coord123' }, 'vendorId'],
      ['an impossible date', { eventDate: '2027-02-30' }, 'eventDate'],
      ['a date in another format', { eventDate: '31/12/2027' }, 'eventDate'],
      ['a date in the past', { eventDate: '2020-01-01' }, 'eventDate'],
      ['a negative guest count', { guestCount: -5 }, 'guestCount'],
      ['a guest count that is not a number', { guestCount: 'many' }, 'guestCount'],
      ['an invalid email', { contactEmail: 'not-an-email' }, 'contactEmail'],
      ['an invalid phone', { contactPhone: 'call me' }, 'contactPhone'],
      ['no way to contact the couple', { contactEmail: undefined }, 'contactEmail'],
      ['no couple name nor contact person', { coupleName: undefined }, 'coupleName'],
      ['a field that is not part of the request', { isAdmin: true }, 'isAdmin'],
      ['a negative amount', { totalAmount: -1 }, 'totalAmount'],
      ['a time of day out of range', { eventTime: '25:00' }, 'eventTime'],
      ['metadata that is not an object', { metadata: 'x' }, 'metadata'],
      ['metadata that is too large', { metadata: { blob: 'x'.repeat(5000) } }, 'metadata'],
      ['an overlong couple name', { coupleName: 'x'.repeat(201) }, 'coupleName'],
    ])('rejects %s with 400 naming the field, and stores nothing', async (_case, fields, field) => {
      const [bookings, outbox] = [await countRows('bookings'), await countRows('outbox')];
      const response = await requestJson('POST', `${url}/api/bookings/request`, request(coordinatorId, fields));
      expect(response.status).toBe(400);
      expect(response.body.success).toBe(false);
      expect(JSON.stringify(response.body.message)).toContain(field);
      expect([await countRows('bookings'), await countRows('outbox')]).toEqual([bookings, outbox]);
    });

    it('rejects a body that is not JSON, or not an object, with 400', async () => {
      expect(await requestJson('POST', `${url}/api/bookings/request`, '{"vendorId":')).toMatchObject({
        status: 400,
        body: { success: false, statusCode: 400 },
      });
      expect((await requestJson('POST', `${url}/api/bookings/request`, '[1,2]')).status).toBe(400);
    });

    it('rejects an oversized body with 413', async () => {
      const response = await requestJson(
        'POST',
        `${url}/api/bookings/request`,
        request(coordinatorId, { specialRequests: 'x'.repeat(100_000) }),
      );
      expect(response).toMatchObject({ status: 413, body: { success: false, statusCode: 413 } });
    });

    it('answers 422 with a message for a vendor that does not exist', async () => {
      const response = await requestJson(
        'POST',
        `${url}/api/bookings/request`,
        request('9b2f7c1e-8f55-4a55-9d59-4c9b9e0e7a11'),
      );
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ success: false, message: expect.stringContaining('does not exist') });
    });

    it('books a vendor that did not exist a moment ago (vendors are cached, their absence is not)', async () => {
      const vendorId = randomUUID();
      const book = () => requestJson('POST', `${url}/api/bookings/request`, request(vendorId));
      expect((await book()).status).toBe(422);
      // As another instance of the service would create it: straight into the shared database.
      await db.query(`INSERT INTO vendor_profiles (id, business_name, business_type) VALUES ($1, 'Late Co', 'Event Planning')`, [vendorId]);
      const response = await book();
      expect(response.status).toBe(201);
      expect(response.body.booking.coordinatorIntegration).toEqual(expect.objectContaining({ status: 'pending' }));
    });
  });

  describe("who the couple is", () => {
    const book = async (token: string | undefined, fields: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
      requestJson('POST', `${url}/api/bookings/request`, request(coordinatorId, fields), {
        ...headers,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      });
    const read = async (id: string, token?: string) =>
      requestJson('GET', `${url}/api/bookings/${id}`, undefined, token ? { authorization: `Bearer ${token}` } : {});

    it('is the token’s subject: the booking is that couple’s, and the body may repeat it but not contradict it', async () => {
      const couple = randomUUID();
      const token = await mintToken(couple, { role: 'couple' });
      const booked = await book(token);
      expect(booked).toMatchObject({ status: 201, body: { success: true, booking: { coupleId: couple, claimedCoupleId: null } } });
      expect((await book(token, { coupleId: couple, couple_id: couple }, { 'x-user-id': couple })).status).toBe(201);
      const event = await expectEventually(() => {
        const found = events.bodies<BookingCreated>().find((e) => e.bookingId === booked.body.booking.id);
        expect(found).toBeDefined();
        return found!;
      });
      expect(event.coupleId).toBe(couple);

      // The frontend sends empty fields as null, twins included: that claims nobody.
      expect((await book(undefined, { coupleId: null, couple_id: null })).body.booking).toMatchObject({
        coupleId: null,
        claimedCoupleId: null,
      });

      const other = await book(token, { coupleId: randomUUID() });
      expect(other).toMatchObject({ status: 403, body: { success: false, message: expect.stringContaining('coupleId') } });
      const otherHeader = await book(token, {}, { 'x-user-id': '1-2025-007' });
      expect(otherHeader).toMatchObject({ status: 403, body: { message: expect.stringContaining('x-user-id') } });
    });

    it.each([
      ['coupleId in the body', { coupleId: '1-2025-007' }, {}],
      ['couple_id in the body', { couple_id: '1-2025-007' }, {}],
      ['the x-user-id header', {}, { 'x-user-id': '1-2025-007' }],
      ['coupleId and x-user-id, as the marketplace sends them', { coupleId: '1-2025-007' }, { 'x-user-id': '1-2025-007' }],
    ])('without a token, %s is kept as a claim that grants nothing', async (_case, fields, headers) => {
      const booked = await book(undefined, fields, headers);
      expect(booked.status).toBe(201);
      expect(booked.body.booking).toMatchObject({ coupleId: null, claimedCoupleId: '1-2025-007' });
      // Read as any booking made without a token: with its id alone, whoever asks.
      expect(await read(booked.body.booking.id)).toMatchObject({ status: 200, body: { success: true, booking: booked.body.booking } });
      const { rows } = await db.query(`SELECT couple_id, claimed_couple_id FROM bookings WHERE id = $1`, [booked.body.booking.id]);
      expect(rows).toEqual([{ couple_id: null, claimed_couple_id: '1-2025-007' }]);
      // The claim is not a couple's identity: it goes nowhere, not even into the event.
      const event = await expectEventually(() => {
        const found = events.bodies<BookingCreated>().find((e) => e.bookingId === booked.body.booking.id);
        expect(found).toBeDefined();
        return found!;
      });
      expect(event.coupleId).toBeNull();
      expect(JSON.stringify(event)).not.toContain('1-2025-007');
    });

    it('does not let a claim reach a couple’s own booking', async () => {
      const couple = '1-2025-042';
      const own = await book(await mintToken(couple, { role: 'couple' }));
      expect(own.body.booking.coupleId).toBe(couple);
      // Claiming to be that couple, by header or body, reads nothing of theirs.
      const response = await requestJson('GET', `${url}/api/bookings/${own.body.booking.id}`, undefined, { 'x-user-id': couple });
      expect(response).toMatchObject({ status: 404, body: { success: false } });
      expect(JSON.stringify(response.body)).not.toContain(couple);
    });

    it('shows a couple’s booking to that couple only', async () => {
      const couple = randomUUID();
      const booked = await book(await mintToken(couple, { role: 'couple' }));
      const id = booked.body.booking.id;
      expect(await read(id, await mintToken(couple, { role: 'couple' }))).toMatchObject({
        status: 200,
        body: { success: true, booking: { id, coupleId: couple } },
      });
      for (const stranger of [
        undefined,
        await mintToken(randomUUID(), { role: 'couple' }),
        await mintToken(couple, { role: 'coordinator' }),
      ]) {
        const response = await read(id, stranger);
        expect(response).toMatchObject({ status: 404, body: { success: false } });
        expect(JSON.stringify(response.body)).not.toContain(couple);
      }
      expect((await read(id, await mintToken(couple, { role: 'couple', expiresIn: '-1m' }))).status).toBe(401);
    });

    it.each([
      ['an expired token', async () => mintToken(randomUUID(), { role: 'couple', expiresIn: '-1m' }), {}, {}, 401],
      ['a token signed with another secret', async () => mintToken(randomUUID(), { role: 'couple', secret: 'y'.repeat(40) }), {}, {}, 401],
      ['a coordinator’s token', async () => mintToken(randomUUID(), { role: 'coordinator' }), {}, {}, 403],
      ['a subject too long to be a couple id', async () => mintToken('x'.repeat(65), { role: 'couple' }), {}, {}, 401],
      ['a claimed couple id with a space', async () => undefined, { coupleId: 'user 42' }, {}, 400],
      ['an x-user-id too long to be a couple id', async () => undefined, {}, { 'x-user-id': 'x'.repeat(65) }, 400],
    ])('refuses %s', async (_case, token, fields, headers, status) => {
      const before = await countRows('bookings');
      const response = await book(await token(), fields, headers);
      expect(response).toMatchObject({ status, body: { success: false } });
      expect(await countRows('bookings')).toBe(before);
    });
  });

  describe('what couples type', () => {
    it('is trimmed before validation; an email or phone of only whitespace is absent', async () => {
      const response = await requestJson(
        'POST',
        `${url}/api/bookings/request`,
        request(coordinatorId, {
          coupleName: '  Ana & Ben ',
          contactPerson: '\tAna ',
          contactEmail: ' Ana.Ben@Example.ph ',
          contact_email: 'Ana.Ben@Example.ph',
          contactPhone: ' ',
          eventLocation: ' Tagaytay\n',
          budgetRange: ' 50k-100k ',
        }),
      );
      expect(response.status).toBe(201);
      expect(response.body.booking).toMatchObject({
        coupleName: 'Ana & Ben',
        contactPerson: 'Ana',
        contactEmail: 'Ana.Ben@Example.ph',
        contactPhone: null,
        eventLocation: 'Tagaytay',
        budgetRange: '50k-100k',
      });
      const event = await expectEventually(() => {
        const found = events.bodies<BookingCreated>().find((e) => e.bookingId === response.body.booking.id);
        expect(found).toBeDefined();
        return found!;
      });
      expect(event).toMatchObject({ contactEmail: 'Ana.Ben@Example.ph', coupleName: 'Ana & Ben', contactPhone: null });
    });

    it.each([
      ['an email of only whitespace and no phone', { contactEmail: '   ' }, 'contactEmail'],
      ['a couple name of only whitespace and no contact person', { coupleName: ' \t ' }, 'coupleName'],
      ['an email with a space inside', { contactEmail: 'ana ben@example.ph' }, 'contactEmail'],
    ])('still refuses %s', async (_case, fields, field) => {
      const response = await requestJson('POST', `${url}/api/bookings/request`, request(coordinatorId, fields));
      expect(response).toMatchObject({ status: 400, body: { success: false } });
      expect(JSON.stringify(response.body.message)).toContain(field);
    });
  });

  describe('GET /api/bookings/:id', () => {
    it('returns the booking with its integration status, as the request answered it', async () => {
      const created = await requestJson('POST', `${url}/api/bookings/request`, request(coordinatorId));
      const fetched = await requestJson('GET', `${url}/api/bookings/${created.body.booking.id}`);
      expect(fetched.status).toBe(200);
      expect(fetched.body).toEqual({ success: true, booking: created.body.booking });
    });

    it('answers 404 for an unknown booking and 400 for a malformed id', async () => {
      expect(await requestJson('GET', `${url}/api/bookings/9b2f7c1e-8f55-4a55-9d59-4c9b9e0e7a11`)).toMatchObject({
        status: 404,
        body: { success: false, statusCode: 404 },
      });
      expect((await requestJson('GET', `${url}/api/bookings/booking123`)).status).toBe(400);
    });
  });

  describe('while the broker is unreachable', () => {
    it('still takes bookings, stays ready with the broker reported down, and publishes the backlog when it is back', async () => {
      expect((await requestJson('GET', `${url}/health/ready`)).body).toMatchObject({ status: 'ok', broker: 'up' });
      broker.cutOff();
      try {
        await expectEventually(async () =>
          expect(await requestJson('GET', `${url}/health/ready`)).toMatchObject({
            status: 200,
            body: { status: 'ok', broker: 'down', checks: { database: true, publisher: false, consumer: false } },
          }),
        );
        expect((await requestJson('GET', `${url}/health`)).body).toMatchObject({ status: 'ok', broker: 'down' });
        expect(await requestJson('GET', `${url}/health/live`)).toEqual({ status: 200, body: { status: 'ok' } });

        const response = await requestJson('POST', `${url}/api/bookings/request`, request(coordinatorId));
        expect(response.status).toBe(201);
        const { rows } = await db.query(`SELECT id, sent_at FROM outbox WHERE correlation_id = $1`, [response.body.booking.id]);
        expect(rows).toEqual([{ id: expect.any(String), sent_at: null }]);

        broker.restore();
        await expectEventually(
          () => expect(events.messages.some((m) => m.properties.correlationId === response.body.booking.id)).toBe(true),
          { timeoutMs: 30_000 },
        );
        await expectEventually(async () => {
          const after = await db.query(`SELECT sent_at FROM outbox WHERE id = $1`, [rows[0].id]);
          expect(after.rows[0].sent_at).not.toBeNull();
        });
        await expectEventually(async () =>
          expect((await requestJson('GET', `${url}/health/ready`)).body).toMatchObject({ broker: 'up' }),
        );
      } finally {
        broker.restore();
      }
    });
  });

  describe('events no queue is bound for', () => {
    it('are parked on the exchange’s .unrouted queue, not dropped', async () => {
      // A bookings service whose exchange nobody consumes yet (say, deployed before the coordinator).
      const alone = await startBookingsUnderTest('unrouted');
      const amqp = await connectToBroker(testAmqpUrl());
      try {
        const channel = await amqp.createChannel();
        const { body: vendor } = await requestJson('POST', `${alone.url}/api/vendors`, {
          businessName: 'Early Planner',
          businessType: 'Wedding Coordination',
        });
        const { booking } = (await requestJson('POST', `${alone.url}/api/bookings/request`, request(vendor.id))).body;
        // Sent means confirmed, and the broker confirms an unroutable message once its .unrouted queue holds it. Not
        // polled before: the service declares its topology after it starts, and a basic.get on a quorum queue whose
        // process is not up yet closes the connection (541 "noproc"), as a clean-clone run saw.
        await expectEventually(async () => {
          const { rows } = await alone.db.query(`SELECT sent_at FROM outbox WHERE correlation_id = $1`, [booking.id]);
          expect(rows[0]?.sent_at).toBeInstanceOf(Date);
        });
        const parked = await channel.get(unroutedQueueName(alone.config.bookingsExchange), { noAck: true });
        expect(parked).not.toBe(false);
        expect((parked as GetMessage).properties).toMatchObject({ correlationId: booking.id, type: BookingCreated.type });
      } finally {
        // Closed even when the broker closed the connection (the close then throws): a service left running keeps
        // Jest from exiting, and the error worth reading is the test's own.
        await amqp.close().catch(() => undefined);
        await alone.close();
      }
    });
  });

  describe('HTTP edges', () => {
    /** Another instance of the service on the same database and broker, with some settings changed. */
    const withService = async (overrides: Partial<BookingsConfig>, use: (url: string, app: INestApplication) => Promise<void>) => {
      // The limit's counts live in the database, shared by every instance: each test starts with this address unspent.
      await db.query(`DELETE FROM rate_limit_buckets`);
      const other = await startBookingsApp({ ...config, port: 0, ...overrides } as BookingsConfig, { logger: ['error'] });
      try {
        await use(await other.getUrl(), other);
      } finally {
        await other.close();
      }
    };

    it('keeps one rate-limit bucket per client address across every route, never /health, with a plain 429', async () => {
      await withService({ rateLimitPerMinute: 3 }, async (limitedUrl) => {
        const { body: booked } = await requestJson('POST', `${limitedUrl}/api/bookings/request`, request(coordinatorId));
        expect(booked.success).toBe(true);
        const statuses = [];
        for (let i = 0; i < 2; i++) statuses.push((await requestJson('GET', `${limitedUrl}/api/vendors/${coordinatorId}`)).status);
        expect(statuses).toEqual([200, 200]);

        // The fourth request of this address, on another route than the first three.
        const refused = await fetch(`${limitedUrl}/api/bookings/${booked.booking.id}`);
        expect(refused.status).toBe(429);
        expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
        const body = await refused.json();
        expect(body).toEqual({
          success: false,
          statusCode: 429,
          error: 'Too Many Requests',
          message: expect.stringMatching(/^too many requests from this address; try again in \d+ s$/),
        });
        expect((await requestJson('POST', `${limitedUrl}/api/bookings/request`, request(coordinatorId))).status).toBe(429);
        expect((await requestJson('GET', `${limitedUrl}/api/vendors/${coordinatorId}`)).status).toBe(429);
        for (const path of ['/health', '/api/health']) {
          for (let i = 0; i < 3; i++) expect((await requestJson('GET', `${limitedUrl}${path}`)).status).toBe(200);
        }
      });
    });

    const fromAddress = (limitedUrl: string, address: string) =>
      fetch(`${limitedUrl}/api/vendors/${coordinatorId}`, { headers: { 'x-forwarded-for': address } }).then((r) => r.status);

    it('without TRUST_PROXY, takes the connection’s address: X-Forwarded-For changes no bucket', async () => {
      await withService({ rateLimitPerMinute: 3 }, async (limitedUrl) => {
        for (let i = 0; i < 3; i++) expect(await fromAddress(limitedUrl, `203.0.113.${i + 1}`)).toBe(200);
        expect(await fromAddress(limitedUrl, '203.0.113.99')).toBe(429);
      });
    });

    it.each([['1'], ['loopback']])(
      'with TRUST_PROXY=%s, takes the client’s address as the proxy reports it: one bucket per client',
      async (trustProxy) => {
        await withService({ rateLimitPerMinute: 3, trustProxy }, async (limitedUrl) => {
          for (let i = 0; i < 3; i++) expect(await fromAddress(limitedUrl, '203.0.113.1')).toBe(200);
          expect(await fromAddress(limitedUrl, '203.0.113.1')).toBe(429);
          // Another couple behind the same proxy, and one who forged an address before the proxy added theirs.
          expect(await fromAddress(limitedUrl, '203.0.113.2')).toBe(200);
          expect(await fromAddress(limitedUrl, '203.0.113.1, 203.0.113.3')).toBe(200);
          expect(await fromAddress(limitedUrl, '198.51.100.7, 203.0.113.1')).toBe(429);
        });
      },
    );

    const preflight = (target: string, origin: string) =>
      fetch(target, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,x-user-id,authorization',
        },
      });

    it('answers a preflight from a local development origin, and grants another origin nothing', async () => {
      const granted = await preflight(`${url}/api/bookings/request`, 'http://localhost:5173');
      expect(granted.status).toBe(204);
      expect(granted.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
      expect(granted.headers.get('access-control-allow-methods')).toContain('POST');
      expect(granted.headers.get('access-control-allow-headers')?.toLowerCase().split(',')).toEqual(
        expect.arrayContaining(['content-type', 'authorization', 'x-user-id']),
      );
      expect(granted.headers.get('vary')).toContain('Origin');

      const refused = await preflight(`${url}/api/bookings/request`, 'https://evil.example');
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
      expect(refused.headers.get('access-control-allow-headers')).toBeNull();
      expect(refused.headers.get('vary')).toContain('Origin');
    });

    it('grants the answers themselves, errors included, so a browser can read success: false', async () => {
      const answer = await fetch(`${url}/api/bookings/request`, {
        method: 'POST',
        headers: { origin: 'http://127.0.0.1:8080', 'content-type': 'application/json' },
        body: JSON.stringify(request(coordinatorId, { contactEmail: 'nope' })),
      });
      expect(answer.status).toBe(400);
      expect(answer.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:8080');
      expect(((await answer.json()) as { success: boolean }).success).toBe(false);
    });

    it('allows exactly the origins of CORS_ORIGINS once it is set', async () => {
      await withService({ corsOrigins: ['https://weddingbazaarph.web.app'] }, async (otherUrl) => {
        const marketplace = await preflight(`${otherUrl}/api/bookings/request`, 'https://weddingbazaarph.web.app');
        expect(marketplace.headers.get('access-control-allow-origin')).toBe('https://weddingbazaarph.web.app');
        const local = await preflight(`${otherUrl}/api/bookings/request`, 'http://localhost:5173');
        expect(local.headers.get('access-control-allow-origin')).toBeNull();
      });
    });

    it('listens on HOST: 127.0.0.1 unless told otherwise, and every interface when told so', async () => {
      expect((app.getHttpServer().address() as AddressInfo).address).toBe('127.0.0.1');
      await withService({ host: '0.0.0.0' }, async (_url, everywhere) => {
        const address = everywhere.getHttpServer().address() as AddressInfo;
        expect(address.address).toBe('0.0.0.0');
        // What the start-up log says.
        expect(listeningUrl(address)).toBe(`http://0.0.0.0:${address.port}`);
      });
    });

    it('answers GET /api/health as GET /health', async () => {
      const [health, apiHealth] = [await requestJson('GET', `${url}/health`), await requestJson('GET', `${url}/api/health`)];
      expect(apiHealth).toEqual(health);
      expect(apiHealth.status).toBe(200);
    });

    it('judges "in the past" by the marketplace’s calendar, not UTC’s', async () => {
      // A zone whose date differs from UTC's right now (UTC+14 from 10:00 UTC, UTC−12 before 12:00 UTC).
      const utcToday = new Date().toISOString().slice(0, 10);
      const ahead = calendarDate(new Date(), 'Pacific/Kiritimati') !== utcToday;
      const timeZone = ahead ? 'Pacific/Kiritimati' : 'Etc/GMT+12';
      const localToday = calendarDate(new Date(), timeZone);
      expect(localToday).not.toBe(utcToday);
      await withService({ timeZone }, async (zonedUrl) => {
        const book = (eventDate: string) => requestJson('POST', `${zonedUrl}/api/bookings/request`, request(coordinatorId, { eventDate }));
        if (ahead) {
          // Already tomorrow there: UTC's today is that calendar's yesterday.
          const response = await book(utcToday);
          expect(response).toMatchObject({ status: 400, body: { message: ['eventDate is in the past'] } });
        } else {
          // Still yesterday there: that calendar's today is UTC's yesterday, and not in the past.
          expect((await book(localToday)).status).toBe(201);
        }
        expect((await book(localToday)).status).toBe(201);
      });
    });

    it('answers 503 with a message while its database is unreachable, and recovers', async () => {
      const server = new URL(config.databaseUrl);
      const database = await TcpProxy.start({ host: server.hostname, port: Number(server.port || 5432) });
      const cutOff = await startBookingsApp(
        { ...config, port: 0, databaseUrl: database.url(config.databaseUrl) } as BookingsConfig,
        { logger: false },
      );
      try {
        const cutUrl = await cutOff.getUrl();
        database.cutOff();
        const during = await requestJson('POST', `${cutUrl}/api/bookings/request`, request(coordinatorId));
        expect(during.status).toBe(503);
        expect(during.body.message).toContain('database is unavailable');
        expect((await requestJson('GET', `${cutUrl}/health`)).status).toBe(503);
        database.restore();
        await expectEventually(async () =>
          expect((await requestJson('POST', `${cutUrl}/api/bookings/request`, request(coordinatorId))).status).toBe(201),
        );
      } finally {
        database.restore();
        await cutOff.close();
        await database.close();
      }
    });

    it('serves its OpenAPI document, with the booking request schema from the validation rules', async () => {
      const { status, body } = await requestJson('GET', `${url}/docs/openapi.json`);
      expect(status).toBe(200);
      expect(Object.keys(body.paths)).toEqual(
        expect.arrayContaining(['/api/bookings/request', '/api/bookings/{id}', '/api/vendors/{id}', '/api/health']),
      );
      expect(body.components.schemas.CreateBookingDto.properties).toHaveProperty('eventDate');
      expect(body.components.schemas.CreateBookingDto.properties).toHaveProperty('guestCount');
      // The answers' shape, as the marketplace's client reads it.
      const created = body.paths['/api/bookings/request'].post.responses['201'].content['application/json'].schema;
      expect(created.required).toEqual(['success', 'booking', 'coordinatorIntegration']);
      expect(created.properties.coordinatorIntegration.properties.reason.enum).toEqual([
        'coordinator_unavailable',
        'invalid_booking',
        'internal_error',
      ]);
      const read = body.paths['/api/bookings/{id}'].get.responses['200'].content['application/json'].schema;
      expect(read.required).toEqual(['success', 'booking']);
      const refused = body.paths['/api/bookings/request'].post.responses['400'].content['application/json'].schema;
      expect(refused.properties.success.enum).toEqual([false]);
      expect(body.paths['/api/bookings/request'].post.parameters).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: 'x-user-id', in: 'header' })]),
      );
    });
  });
});
