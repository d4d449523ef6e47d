import { isUUID } from 'class-validator';
import { BookingCreated, parseEvent } from '@wedding/contracts';
import { derivedEventId, prepareEvent, prepareEventFromValidatedInput } from './outbox';

describe('derivedEventId', () => {
  it('gives the same UUID for the same name, and another for another name', () => {
    const id = derivedEventId('gave-up:7d7f8a3e-4a57-4bd6-9a57-0a4c61f7c0de');
    expect(isUUID(id)).toBe(true);
    expect(id).toBe(derivedEventId('gave-up:7d7f8a3e-4a57-4bd6-9a57-0a4c61f7c0de'));
    expect(id).not.toBe(derivedEventId('gave-up:7d7f8a3e-4a57-4bd6-9a57-0a4c61f7c0df'));
  });

  it.each(['', 'a', 'gave-up:x', 'é'.repeat(100)])('lays out a version 5, RFC 4122 variant UUID for %p', (name) => {
    const id = derivedEventId(name);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('prepareEventFromValidatedInput', () => {
  const payload = {
    bookingId: '7d7f8a3e-4a57-4bd6-9a57-0a4c61f7c0de',
    vendorId: '0b0c2f3e-1111-4bd6-9a57-0a4c61f7c0de',
    vendorBusinessName: 'Ayos Weddings',
    vendorBusinessType: 'wedding_coordinator',
    coupleName: 'John & Jane',
    eventDate: '2030-06-15',
    contactEmail: 'jane@example.com',
    metadata: { source: 'marketplace' },
  };

  it('gives what prepareEvent gives for a valid payload: an instance of the contract, and the same row', () => {
    const options = { correlationId: payload.bookingId, eventId: '0f7d1c2e-2222-4bd6-9a57-0a4c61f7c0de' };
    const fast = prepareEventFromValidatedInput(BookingCreated, payload, options);
    const checked = prepareEvent(BookingCreated, payload, options);
    expect(fast.event).toBeInstanceOf(BookingCreated);
    const withoutTime = (row: unknown[]) => [...row.slice(0, 3), { ...JSON.parse(row[3] as string), occurredAt: 'x' }, ...row.slice(4)];
    expect(withoutTime(fast.row)).toEqual(withoutTime(checked.row));
    expect(parseEvent(BookingCreated, JSON.parse(fast.row[3]))).toEqual(fast.event);
  });
});
