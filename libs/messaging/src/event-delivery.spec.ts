import { InvalidEventError } from '@wedding/contracts';
import { PermanentError, stepAfterFailure } from './event-delivery';
import { consumerPrefetch } from './messaging.providers';

const topology = {
  exchange: 'bookings.events',
  queue: 'q',
  routingKeys: ['booking.created'],
  retryDelaysMs: [1000, 10_000, 60_000],
  queueType: 'quorum' as const,
};

describe('stepAfterFailure', () => {
  it.each([
    [new Error('deadlock detected'), 1, { action: 'retry', queue: 'q.retry-1s', attempt: 2 }],
    [new Error('deadlock detected'), 2, { action: 'retry', queue: 'q.retry-10s', attempt: 3 }],
    [new Error('deadlock detected'), 3, { action: 'retry', queue: 'q.retry-1m', attempt: 4 }],
    [new Error('deadlock detected'), 4, { action: 'give-up' }],
    [new PermanentError('no way to reach the couple'), 1, { action: 'give-up' }],
    [new InvalidEventError('booking.created', ['eventDate must be YYYY-MM-DD']), 1, { action: 'give-up' }],
    ['a thrown string', 1, { action: 'retry', queue: 'q.retry-1s', attempt: 2 }],
  ])('after %p on attempt %p: %p', (error, attempt, step) => {
    expect(stepAfterFailure(error, attempt, topology)).toEqual(step);
  });

  it('gives up after the first failure when there is no ladder', () => {
    expect(stepAfterFailure(new Error('x'), 1, { ...topology, retryDelaysMs: [] })).toEqual({ action: 'give-up' });
  });
});

describe('consumerPrefetch', () => {
  it.each([
    [10, 10, 8],
    [10, 20, 10],
    [1, 10, 1],
    [5, 2, 1],
    [50, 1, 1],
  ])('prefetch %p on a pool of %p: %p handlers at once', (requested, poolSize, prefetch) => {
    expect(consumerPrefetch(requested, poolSize)).toBe(prefetch);
  });
});
