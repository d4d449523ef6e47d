// The bookings API through real HTTP, with its events checked on a real RabbitMQ and its rows in PostgreSQL.
import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { BookingCreated, parseEvent } from '@wedding/contracts';
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
      expect(response.body).toMatchObject({
        status: 'request',
        vendorId: coordinatorId,
        coupleName: 'John & Jane',
        guestCount: 150,
        coordinatorIntegration: { status: 'pending', clientId: null, weddingId: null, completedAt: null, reason: null },
      });

      const message = await expectEventually(() => {
        const found = events.messages.find((m) => m.properties.correlationId === response.body.id);
        expect(found).toBeDefined();
        return found!;
      });
      const event = parseEvent(BookingCreated, JSON.parse(message.content.toString()));
      expect(message.properties).toMatchObject({
        messageId: event.eventId,
        correlationId: response.body.id,
        type: 'booking.created',
        contentType: 'application/json',
        deliveryMode: 2,
        headers: expect.objectContaining({ 'x-event-version': '1' }),
      });
      expect(message.fields.routingKey).toBe('booking.created');
      expect(event).toMatchObject({
        bookingId: response.body.id,
        vendorId: coordinatorId,
        vendorBusinessName: 'Ayos Events',
        vendorBusinessType: 'Wedding Coordination',
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
      await expectEventually(() =>
        expect(events.messages.some((m) => m.properties.correlationId === response.body.id)).toBe(true),
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
      expect(response.body).toMatchObject({
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
      expect(response.body).toMatchObject({ coupleName: 'Maria Santos', contactPerson: 'Maria Santos', guestCount: null });
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
      expect(JSON.stringify(response.body.message)).toContain(field);
      expect([await countRows('bookings'), await countRows('outbox')]).toEqual([bookings, outbox]);
    });

    it('rejects a body that is not JSON, or not an object, with 400', async () => {
      expect((await requestJson('POST', `${url}/api/bookings/request`, '{"vendorId":')).status).toBe(400);
      expect((await requestJson('POST', `${url}/api/bookings/request`, '[1,2]')).status).toBe(400);
    });

    it('rejects an oversized body with 413', async () => {
      const response = await requestJson(
        'POST',
        `${url}/api/bookings/request`,
        request(coordinatorId, { specialRequests: 'x'.repeat(100_000) }),
      );
      expect(response.status).toBe(413);
    });

    it('answers 422 with a message for a vendor that does not exist', async () => {
      const response = await requestJson(
        'POST',
        `${url}/api/bookings/request`,
        request('9b2f7c1e-8f55-4a55-9d59-4c9b9e0e7a11'),
      );
      expect(response.status).toBe(422);
      expect(response.body.message).toContain('does not exist');
    });

    it('books a vendor that did not exist a moment ago (vendors are cached, their absence is not)', async () => {
      const vendorId = randomUUID();
      const book = () => requestJson('POST', `${url}/api/bookings/request`, request(vendorId));
      expect((await book()).status).toBe(422);
      // As another instance of the service would create it: straight into the shared database.
      await db.query(`INSERT INTO vendor_profiles (id, business_name, business_type) VALUES ($1, 'Late Co', 'Event Planning')`, [vendorId]);
      const response = await book();
      expect(response.status).toBe(201);
      expect(response.body.coordinatorIntegration).toEqual(expect.objectContaining({ status: 'pending' }));
    });
  });

  describe("a couple's token", () => {
    const book = async (token: string | undefined, fields: Record<string, unknown> = {}) =>
      requestJson('POST', `${url}/api/bookings/request`, request(coordinatorId, fields), token ? { authorization: `Bearer ${token}` } : {});

    it('sets the booking’s coupleId, which the body may repeat but not contradict', async () => {
      const couple = randomUUID();
      const token = await mintToken(couple, { role: 'couple' });
      const booked = await book(token);
      expect(booked).toMatchObject({ status: 201, body: { coupleId: couple } });
      expect((await book(token, { coupleId: couple, couple_id: couple })).status).toBe(201);
      const event = await expectEventually(() => {
        const found = events.bodies<BookingCreated>().find((e) => e.bookingId === booked.body.id);
        expect(found).toBeDefined();
        return found!;
      });
      expect(event.coupleId).toBe(couple);

      // The frontend sends empty fields as null, twins included: that claims nobody.
      expect((await book(undefined, { coupleId: null, couple_id: null })).body).toMatchObject({ coupleId: null });

      const other = await book(token, { coupleId: randomUUID() });
      expect(other.status).toBe(403);
      expect(other.body.message).toContain('coupleId');
    });

    it('shows a couple’s booking to that couple only', async () => {
      const couple = randomUUID();
      const booked = await book(await mintToken(couple, { role: 'couple' }));
      const read = async (token?: string) =>
        requestJson('GET', `${url}/api/bookings/${booked.body.id}`, undefined, token ? { authorization: `Bearer ${token}` } : {});
      expect(await read(await mintToken(couple, { role: 'couple' }))).toMatchObject({ status: 200, body: { id: booked.body.id, coupleId: couple } });
      for (const stranger of [
        undefined,
        await mintToken(randomUUID(), { role: 'couple' }),
        await mintToken(couple, { role: 'coordinator' }),
      ]) {
        const response = await read(stranger);
        expect(response.status).toBe(404);
        expect(JSON.stringify(response.body)).not.toContain(couple);
      }
      expect((await read(await mintToken(couple, { role: 'couple', expiresIn: '-1m' }))).status).toBe(401);
    });

    it.each([
      ['a coupleId without a token', async () => undefined, { coupleId: 'user-42' }, 401],
      ['an expired token', async () => mintToken(randomUUID(), { role: 'couple', expiresIn: '-1m' }), {}, 401],
      ['a token signed with another secret', async () => mintToken(randomUUID(), { role: 'couple', secret: 'y'.repeat(40) }), {}, 401],
      ['a coordinator’s token', async () => mintToken(randomUUID(), { role: 'coordinator' }), {}, 403],
      ['a subject too long to be a couple id', async () => mintToken('x'.repeat(65), { role: 'couple' }), {}, 401],
    ])('refuses %s', async (_case, token, fields, status) => {
      const before = await countRows('bookings');
      const response = await book(await token(), fields);
      expect(response.status).toBe(status);
      expect(await countRows('bookings')).toBe(before);
    });
  });

  describe('GET /api/bookings/:id', () => {
    it('returns the booking with its integration status', async () => {
      const created = await requestJson('POST', `${url}/api/bookings/request`, request(coordinatorId));
      const fetched = await requestJson('GET', `${url}/api/bookings/${created.body.id}`);
      expect(fetched.status).toBe(200);
      expect(fetched.body).toEqual(created.body);
    });

    it('answers 404 for an unknown booking and 400 for a malformed id', async () => {
      expect((await requestJson('GET', `${url}/api/bookings/9b2f7c1e-8f55-4a55-9d59-4c9b9e0e7a11`)).status).toBe(404);
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
        const { rows } = await db.query(`SELECT id, sent_at FROM outbox WHERE correlation_id = $1`, [response.body.id]);
        expect(rows).toEqual([{ id: expect.any(String), sent_at: null }]);

        broker.restore();
        await expectEventually(
          () => expect(events.messages.some((m) => m.properties.correlationId === response.body.id)).toBe(true),
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
        const { body: booking } = await requestJson('POST', `${alone.url}/api/bookings/request`, request(vendor.id));
        const parked = await expectEventually(async () => {
          const message = await channel.get(unroutedQueueName(alone.config.bookingsExchange), { noAck: true });
          expect(message).not.toBe(false);
          return message as GetMessage;
        });
        expect(parked.properties).toMatchObject({ correlationId: booking.id, type: BookingCreated.type });
      } finally {
        await amqp.close();
        await alone.close();
      }
    });
  });

  describe('HTTP edges', () => {
    it('limits requests per client address, but never /health', async () => {
      const limited = await startBookingsApp({ ...config, port: 0, rateLimitPerMinute: 3 } as BookingsConfig, { logger: ['error'] });
      try {
        const limitedUrl = await limited.getUrl();
        const statuses = [];
        for (let i = 0; i < 4; i++) statuses.push((await requestJson('GET', `${limitedUrl}/api/vendors/${coordinatorId}`)).status);
        expect(statuses).toEqual([200, 200, 200, 429]);
        for (let i = 0; i < 3; i++) expect((await requestJson('GET', `${limitedUrl}/health`)).status).toBe(200);
      } finally {
        await limited.close();
      }
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
      expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/api/bookings/request', '/api/vendors/{id}']));
      expect(body.components.schemas.CreateBookingDto.properties).toHaveProperty('eventDate');
      expect(body.components.schemas.CreateBookingDto.properties).toHaveProperty('guestCount');
    });
  });
});
