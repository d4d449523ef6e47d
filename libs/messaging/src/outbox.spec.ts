import { isUUID } from 'class-validator';
import { derivedEventId } from './outbox';

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
