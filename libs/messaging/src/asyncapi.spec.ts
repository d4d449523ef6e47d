import { Parser } from '@asyncapi/parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { randomUUID } from 'node:crypto';
import { BookingCreated, CoordinatorIntegrationFailed, CoordinatorWeddingCreated, CoordinatorWeddingUpdated } from '@wedding/contracts';
import { asyncApiDocument } from './asyncapi';
import { asyncApiPage } from './asyncapi-page';
import { prepareEvent } from './outbox';

const document = asyncApiDocument({
  title: 'Events',
  producers: [
    { service: 'bookings', exchange: 'bookings.events', events: [BookingCreated] },
    { service: 'coordinator', exchange: 'coordinator.events', events: [CoordinatorWeddingCreated, CoordinatorIntegrationFailed, CoordinatorWeddingUpdated] },
  ],
}) as any;

const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
ajv.addSchema({ components: document.components }, 'events.json');
const payloadOf = (name: string) => ajv.compile({ $ref: `events.json#/components/schemas/${name}` });

const booking = {
  bookingId: randomUUID(),
  vendorId: randomUUID(),
  vendorBusinessName: 'Ayos Events',
  vendorBusinessType: 'Wedding Coordination',
  coupleName: 'Mara & Leo',
  eventDate: '2031-02-14',
  contactEmail: 'mara@example.org',
  contactPhone: null,
  totalAmount: 150000.5,
  metadata: { source: 'marketplace' },
};

describe('the AsyncAPI document of the events', () => {
  it('is a valid AsyncAPI 3 document', async () => {
    const { diagnostics } = await new Parser().parse(JSON.stringify(document));
    expect(diagnostics.filter((d) => d.severity === 0).map((d) => `${d.path.join('.')}: ${d.message}`)).toEqual([]);
    expect(document.asyncapi).toBe('3.0.0');
  });

  it('has a channel per routing key on its exchange, and each message its version, message id and correlation id', () => {
    expect(document.channels.bookingCreated).toMatchObject({
      address: 'booking.created',
      bindings: { amqp: { is: 'routingKey', exchange: { name: 'bookings.events', type: 'topic' } } },
    });
    expect(document.components.messages.CoordinatorWeddingCreated).toMatchObject({
      name: 'coordinator.wedding.created',
      'x-event-version': 1,
      'x-message-id': { location: '$message.payload#/eventId' },
      correlationId: { location: '$message.payload#/bookingId' },
      headers: { properties: { 'x-event-version': { const: '1' } }, required: ['x-event-version'] },
    });
    expect(document.operations.coordinatorPublishesCoordinatorIntegrationFailed.action).toBe('send');
  });

  it.each([
    ['a booking with a null contact field', { ...booking }, true],
    ['a booking without the optional fields', { ...booking, contactPhone: undefined, totalAmount: undefined, metadata: undefined }, true],
  ])('accepts what the producer writes: %s', (_case, payload, valid) => {
    const { event } = prepareEvent(BookingCreated, payload as never, { correlationId: payload.bookingId });
    const validate = payloadOf('BookingCreated');
    expect(validate(JSON.parse(JSON.stringify(event)))).toBe(valid);
  });

  it.each([
    ['an amount with fractions of cents', { totalAmount: 1.005 }],
    ['a malformed email', { contactEmail: 'not an email' }],
    ['a date that is not a date', { eventDate: '14/02/2031' }],
    ['no booking id', { bookingId: undefined }],
  ])('refuses what the contract refuses: %s', (_case, change) => {
    const event = { eventId: randomUUID(), occurredAt: new Date().toISOString(), ...booking, ...change };
    expect(payloadOf('BookingCreated')(JSON.parse(JSON.stringify(event)))).toBe(false);
  });

  it('describes a wedding’s milestones through their own schema', () => {
    const { event } = prepareEvent(
      CoordinatorWeddingCreated,
      {
        coordinatorId: randomUUID(),
        bookingId: randomUUID(),
        clientId: randomUUID(),
        client: 'created',
        weddingId: randomUUID(),
        weddingDate: '2031-02-14',
        coupleName: 'Mara & Leo',
        contactEmail: 'mara@example.org',
        contactPhone: null,
        milestones: [{ id: randomUUID(), title: 'Venue Selection', dueDate: '2031-01-15', compressed: false }],
      },
      { correlationId: 'x' },
    );
    const validate = payloadOf('CoordinatorWeddingCreated');
    expect(validate(JSON.parse(JSON.stringify(event)))).toBe(true);
    expect(validate({ ...JSON.parse(JSON.stringify(event)), milestones: [{ title: 'no id' }] })).toBe(false);
  });

  it('describes a wedding’s update, correlated by the wedding (a wedding entered by hand has no booking)', () => {
    const weddingId = randomUUID();
    const { event } = prepareEvent(
      CoordinatorWeddingUpdated,
      {
        coordinatorId: randomUUID(),
        weddingId,
        clientId: null,
        revision: 2,
        change: 'milestone-completed',
        coupleName: 'Mara & Leo',
        weddingDate: '2031-02-14',
        status: 'planning',
        milestones: [{ id: randomUUID(), title: 'Venue Selection', dueDate: '2031-01-15', completed: true }],
      },
      { correlationId: weddingId },
    );
    const validate = payloadOf('CoordinatorWeddingUpdated');
    expect(validate(JSON.parse(JSON.stringify(event)))).toBe(true);
    expect(validate({ ...JSON.parse(JSON.stringify(event)), change: 'renamed' })).toBe(false);
    expect(validate({ ...JSON.parse(JSON.stringify(event)), revision: 0 })).toBe(false);
    expect(document.components.messages.CoordinatorWeddingUpdated).toMatchObject({
      name: 'coordinator.wedding.updated',
      correlationId: { location: '$message.payload#/weddingId' },
    });
    expect(document.components.messages.CoordinatorWeddingCreated.correlationId.location).toBe('$message.payload#/bookingId');
  });

  it('renders as one HTML page naming each event, its exchange and its fields', () => {
    const page = asyncApiPage(document);
    for (const text of ['BookingCreated v1', 'coordinator.events', 'coordinator.integration.failed', 'contactEmail', 'CoordinatorWeddingMilestone']) {
      expect(page).toContain(text);
    }
    expect(page).not.toMatch(/<script/i);
  });
});
