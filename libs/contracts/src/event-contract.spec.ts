import { randomUUID } from 'node:crypto';
import { BookingCreated } from './booking-created.event';
import { CoordinatorIntegrationFailed } from './coordinator-integration-failed.event';
import { CoordinatorWeddingCreated } from './coordinator-wedding-created.event';
import { InvalidEventError, parseEvent } from './event-contract';
import { toStorableText } from './storable-input';

const validBooking = () => ({
  eventId: randomUUID(),
  occurredAt: '2026-11-24T01:02:03.000Z',
  bookingId: randomUUID(),
  vendorId: randomUUID(),
  vendorBusinessName: 'Ayos Events',
  vendorBusinessType: 'Wedding Coordination',
  coupleName: 'John & Jane',
  contactEmail: 'john.jane@example.ph',
  eventDate: '2027-02-14',
  guestCount: 150,
  budgetRange: '50k-100k',
});

/** Objects `depth` levels deep below the field. */
function nest(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

describe('parseEvent', () => {
  it('returns an instance of the contract for a valid payload', () => {
    const event = parseEvent(BookingCreated, validBooking());
    expect(event).toBeInstanceOf(BookingCreated);
    expect(event.eventDate).toBe('2027-02-14');
  });

  it('accepts metadata nested 64 levels deep', () => {
    expect(parseEvent(BookingCreated, { ...validBooking(), metadata: nest(64) })).toBeInstanceOf(BookingCreated);
  });

  it('drops fields the contract does not know, so producers can add optional ones', () => {
    const event = parseEvent(BookingCreated, { ...validBooking(), addedLater: 'x' });
    expect(event).not.toHaveProperty('addedLater');
  });

  it.each([
    ['not an object', 'hello', 'payload must be a JSON object'],
    ['an array', [validBooking()], 'payload must be a JSON object'],
    ['null', null, 'payload must be a JSON object'],
    ['a missing bookingId', { ...validBooking(), bookingId: undefined }, 'bookingId'],
    ['an impossible date', { ...validBooking(), eventDate: '2025-02-30' }, 'eventDate'],
    ['a date with a time', { ...validBooking(), eventDate: '2027-02-14T10:00:00Z' }, 'eventDate'],
    ['a zero guest count', { ...validBooking(), guestCount: 0 }, 'guestCount'],
    ['a string amount', { ...validBooking(), totalAmount: '75000' }, 'totalAmount'],
    // validator's isEmail threw a URIError here: the consumer retried a message that can never pass.
    ['half a surrogate pair in an email', { ...validBooking(), contactEmail: 'a\ud800@example.com' }, 'contactEmail:'],
    ['NUL in a name', { ...validBooking(), coupleName: 'John\u0000' }, 'coupleName: must not contain NUL'],
    ['NUL in a metadata name', { ...validBooking(), metadata: { a: { 'x\u0000': 1 } } }, 'metadata.a: must not have'],
    ['a prototype member as a name', { ...validBooking(), metadata: { toString: 1 } }, 'metadata.toString: is not'],
    ['nesting 65 levels deep', { ...validBooking(), metadata: nest(65) }, 'metadata: must not be nested more than 64'],
    // The HTTP request's rules (booking-fields.ts), so that no event carries what no booking could.
    [
      'a phone that is no number, and no email',
      { ...validBooking(), contactEmail: null, contactPhone: 'call me' },
      'contactPhone: contactPhone must be a phone number',
    ],
    ['a phone of six digits', { ...validBooking(), contactPhone: '123-456' }, 'contactPhone: contactPhone must be a phone'],
    ['no way to reach the couple', { ...validBooking(), contactEmail: undefined }, 'contactEmail'],
    ['a time of day that is none', { ...validBooking(), eventTime: 'after lunch' }, 'eventTime: eventTime must be HH:MM'],
    ['an empty couple name', { ...validBooking(), coupleName: '' }, 'coupleName: coupleName should not be empty'],
    ['a couple id with a space', { ...validBooking(), coupleId: 'user 42' }, 'coupleId: coupleId must be 1 to 64'],
    ['metadata over 4 KiB', { ...validBooking(), metadata: { blob: 'x'.repeat(4100) } }, 'metadata: metadata must be at most'],
  ])('rejects %s', (_case, payload, mentions) => {
    expect(() => parseEvent(BookingCreated, payload)).toThrow(InvalidEventError);
    expect(() => parseEvent(BookingCreated, payload)).toThrow(mentions);
  });

  it('reads a CoordinatorIntegrationFailed with or without its reason code, and refuses an unknown code', () => {
    const failed = { eventId: randomUUID(), occurredAt: '2026-11-24T01:02:03.000Z', bookingId: randomUUID(), coordinatorId: randomUUID(), reason: 'x', attempts: 3 };
    expect(parseEvent(CoordinatorIntegrationFailed, failed).reasonCode).toBeUndefined();
    expect(parseEvent(CoordinatorIntegrationFailed, { ...failed, reasonCode: 'invalid_booking' }).reasonCode).toBe('invalid_booking');
    expect(() => parseEvent(CoordinatorIntegrationFailed, { ...failed, reasonCode: 'SQL said no' })).toThrow('reasonCode');
  });

  it('validates nested milestones', () => {
    const payload = {
      eventId: randomUUID(),
      occurredAt: '2026-11-24T01:02:03.000Z',
      coordinatorId: randomUUID(),
      bookingId: randomUUID(),
      clientId: randomUUID(),
      client: 'created',
      weddingId: randomUUID(),
      weddingDate: '2027-02-14',
      coupleName: 'John & Jane',
      milestones: [{ id: randomUUID(), title: 'Rehearsal', dueDate: 'tomorrow', compressed: false }],
    };
    expect(() => parseEvent(CoordinatorWeddingCreated, payload)).toThrow('milestones.0.dueDate');
  });

  // Fields added within version 1 for the notification service: events without them stay valid, bad values are not.
  const wedding = () => ({
    eventId: randomUUID(),
    occurredAt: '2026-11-24T01:02:03.000Z',
    coordinatorId: randomUUID(),
    bookingId: randomUUID(),
    clientId: randomUUID(),
    client: 'created',
    weddingId: randomUUID(),
    weddingDate: '2027-02-14',
    coupleName: 'John & Jane',
    contactEmail: 'john.jane@example.ph',
    milestones: [],
  });
  const failure = () => ({
    eventId: randomUUID(),
    occurredAt: '2026-11-24T01:02:03.000Z',
    bookingId: randomUUID(),
    coordinatorId: randomUUID(),
    reason: 'x',
    attempts: 3,
  });

  it.each([
    ['BookingCreated', BookingCreated, validBooking, { vendorEmail: 'hello@ayos.ph', vendorPhone: '+63 917 000 0000' }],
    [
      'CoordinatorWeddingCreated',
      CoordinatorWeddingCreated,
      wedding,
      {
        coordinatorBusinessName: 'Ayos Events',
        coordinatorEmail: 'hello@ayos.ph',
        coordinatorPhone: '+63 917 000 0000',
        venue: 'Manila Cathedral',
        guestCount: 150,
        budget: 75000,
        budgetRange: '50k-100k',
      },
    ],
    [
      'CoordinatorIntegrationFailed',
      CoordinatorIntegrationFailed,
      failure,
      { coordinatorEmail: 'hello@ayos.ph', coupleName: 'John & Jane', eventDate: '2027-02-14', contactPhone: '0917 123 4567' },
    ],
  ] as const)('reads a %s with and without the optional fields added for notifications', (_name, contract, make, added) => {
    expect(parseEvent(contract as never, make())).toBeDefined();
    expect(parseEvent(contract as never, { ...make(), ...added })).toMatchObject(added);
    expect(parseEvent(contract as never, { ...make(), ...Object.fromEntries(Object.keys(added).map((k) => [k, null])) })).toBeDefined();
  });

  it.each([
    [BookingCreated, validBooking, { vendorEmail: 'not an email' }, 'vendorEmail must be an email address'],
    [BookingCreated, validBooking, { vendorPhone: 'call me' }, 'vendorPhone must be a phone number'],
    [CoordinatorWeddingCreated, wedding, { coordinatorEmail: 'nope' }, 'coordinatorEmail must be an email address'],
    [CoordinatorWeddingCreated, wedding, { guestCount: 0 }, 'guestCount'],
    [CoordinatorWeddingCreated, wedding, { budget: -1 }, 'budget'],
    [CoordinatorIntegrationFailed, failure, { eventDate: '2027-02-30' }, 'eventDate'],
  ] as const)('refuses a bad optional field (%#)', (contract, make, bad, message) => {
    expect(() => parseEvent(contract as never, { ...make(), ...bad })).toThrow(message);
  });
});

describe('toStorableText', () => {
  it.each([
    ['short text', 'it failed', 10, 'it failed'],
    ['a cut that would split a pair', `${'x'.repeat(4)}😀y`, 5, `${'x'.repeat(4)}😀`],
    ['NUL', 'a\u0000b', 10, 'a\ufffdb'],
    ['half a pair', 'a\ud800b\udc00', 10, 'a\ufffdb\ufffd'],
    ['a whole pair', '👩‍❤️‍👨', 10, '👩‍❤️‍👨'],
  ])('%s', (_case, text, maxLength, expected) => {
    expect(toStorableText(text, maxLength)).toBe(expected);
  });

  it('gives text the contracts accept, at most maxLength code points long', () => {
    const reason = toStorableText(`${'x'.repeat(999)}😀 and more\u0000`, 1000);
    expect(Array.from(reason)).toHaveLength(1000);
    const payload = { eventId: randomUUID(), occurredAt: '2026-11-24T01:02:03.000Z', bookingId: randomUUID(), coordinatorId: randomUUID(), reason, attempts: 3 };
    expect(parseEvent(CoordinatorIntegrationFailed, payload).reason).toBe(reason);
  });
});
