import { QueryFailedError } from 'typeorm';
import { InvalidEventError } from '@wedding/contracts';
import { HandlerTimeoutError, PermanentError, stepAfterFailure } from './event-delivery';
import { consumerPrefetch } from './messaging.providers';

const topology = {
  exchange: 'bookings.events',
  queue: 'q',
  routingKeys: ['booking.created'],
  retryDelaysMs: [1000, 10_000, 60_000],
  queueType: 'quorum' as const,
};

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });
const queryFailed = (code: string, message = 'failed') => new QueryFailedError('INSERT …', [], withCode(code, message));
const handlerTimeout = new HandlerTimeoutError('the handler did not finish within 30000 ms');
const statementTimeout = queryFailed('57014', 'canceling statement due to statement timeout');
const waitForDatabase = { action: 'wait-for-database' };

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

  // Waiting for the database moves nothing up the ladder, on any rung, and never gives up; a failure that only looks
  // like the database's absence (it answers the probe) climbs the ladder as any other.
  it.each([
    ['a refused connection', 1, false, waitForDatabase, withCode('ECONNREFUSED')],
    ['a connection cut mid-transaction, on the last rung', 4, false, waitForDatabase, new Error('Connection terminated unexpectedly')],
    ['the pool’s connect timeout', 2, false, waitForDatabase, new Error('Connection terminated due to connection timeout')],
    ['the server shutting down', 3, false, waitForDatabase, queryFailed('57P01')],
    ['too many connections', 1, false, waitForDatabase, withCode('53300')],
    ['a handler timeout', 1, false, waitForDatabase, handlerTimeout],
    ['a handler timeout on the last rung', 4, false, waitForDatabase, handlerTimeout],
    ['a statement timeout', 2, false, waitForDatabase, statementTimeout],
    ['a refused connection, the database answering', 1, true, { action: 'retry', queue: 'q.retry-1s', attempt: 2 }, withCode('ECONNREFUSED')],
    ['a killed session, the database answering', 4, true, { action: 'give-up' }, new Error('Connection terminated unexpectedly')],
    ['a handler timeout, the database answering: slow work', 1, true, { action: 'retry', queue: 'q.retry-1s', attempt: 2 }, handlerTimeout],
    ['a statement timeout, the database answering', 4, true, { action: 'give-up' }, statementTimeout],
    // A probe that failed says nothing about a failure of another kind.
    ['a deadlock', 1, false, { action: 'retry', queue: 'q.retry-1s', attempt: 2 }, queryFailed('40P01')],
    ['a permanent failure', 1, false, { action: 'give-up' }, new PermanentError('no way to reach the couple')],
    ['a contract violation', 1, false, { action: 'give-up' }, new InvalidEventError('booking.created', ['bad'])],
  ])('%s (attempt %p, database answers: %p): %p', (_case, attempt, databaseAnswers, step, error) => {
    expect(stepAfterFailure(error, attempt, topology, { databaseAnswers })).toEqual(step);
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
