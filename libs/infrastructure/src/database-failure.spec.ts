import { QueryFailedError } from 'typeorm';
import { databaseFailure, isDatabaseUnavailable } from './database-failure';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });
const queryFailed = (code: string, message = 'failed') => new QueryFailedError('INSERT …', [], withCode(code, message));

describe('databaseFailure', () => {
  it.each([
    // The server cannot be reached.
    ['connection refused (PostgreSQL stopped)', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'), 'unavailable'],
    ['connection reset', withCode('ECONNRESET', 'read ECONNRESET'), 'unavailable'],
    ['a connect that timed out in the kernel', withCode('ETIMEDOUT'), 'unavailable'],
    ['no route to the host', withCode('EHOSTUNREACH'), 'unavailable'],
    ['the host name gone (a stopped container)', withCode('ENOTFOUND', 'getaddrinfo ENOTFOUND db'), 'unavailable'],
    ['DNS not answering', withCode('EAI_AGAIN'), 'unavailable'],
    ['writing to a closed socket', withCode('EPIPE'), 'unavailable'],
    [
      'every address of localhost refusing (AggregateError without a code)',
      new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')], 'connect failed'),
      'unavailable',
    ],
    ['a connection cut mid-statement', new Error('Connection terminated unexpectedly'), 'unavailable'],
    [
      'the pool’s connect timeout',
      new Error('Connection terminated due to connection timeout', { cause: new Error('timeout expired') }),
      'unavailable',
    ],
    ['a client’s connect timeout', new Error('timeout expired'), 'unavailable'],
    ['no pooled connection in time', new Error('timeout exceeded when trying to connect'), 'unavailable'],
    ['a client broken earlier', new Error('Client has encountered a connection error and is not queryable'), 'unavailable'],
    ['a client closed earlier', new Error('Client was closed and is not queryable'), 'unavailable'],
    // PostgreSQL answering that it cannot serve.
    ['connection failure (08006)', queryFailed('08006'), 'unavailable'],
    ['connection does not exist (08003)', queryFailed('08003'), 'unavailable'],
    ['could not establish a connection (08001)', withCode('08001'), 'unavailable'],
    ['administrator shutdown (57P01)', queryFailed('57P01', 'terminating connection due to administrator command'), 'unavailable'],
    ['crash shutdown (57P02)', queryFailed('57P02'), 'unavailable'],
    ['still starting up (57P03)', withCode('57P03', 'the database system is starting up'), 'unavailable'],
    ['too many connections (53300)', withCode('53300', 'sorry, too many clients already'), 'unavailable'],
    ['a wrapped cause', new Error('integration failed', { cause: withCode('ECONNREFUSED') }), 'unavailable'],
    // No answer in time: the caller asks the database before calling it an outage.
    ['the statement timeout (57014)', queryFailed('57014', 'canceling statement due to statement timeout'), 'timeout'],
    ['node-postgres’s query timeout', new Error('Query read timeout'), 'timeout'],
    // The work itself went wrong: the retry ladder's business.
    ['a deadlock (40P01)', queryFailed('40P01'), 'other'],
    ['a serialization failure (40001)', queryFailed('40001'), 'other'],
    ['a full disk (53100)', queryFailed('53100'), 'other'],
    ['out of memory (53200)', queryFailed('53200'), 'other'],
    ['a unique violation (23505)', queryFailed('23505'), 'other'],
    ['a value too long (22001)', queryFailed('22001'), 'other'],
    ['a trigger raising an exception (P0001)', queryFailed('P0001', 'injected failure'), 'other'],
    ['a lock not available (55P03)', queryFailed('55P03'), 'other'],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')"), 'other'],
    ['a message merely mentioning a timeout', new Error('the venue had a timeout'), 'other'],
    ['a thrown string', 'Connection terminated', 'other'],
    ['nothing', undefined, 'other'],
    ['null', null, 'other'],
  ])('%s → %s', (_case, error, failure) => {
    expect(databaseFailure(error)).toBe(failure);
    expect(isDatabaseUnavailable(error)).toBe(failure === 'unavailable');
  });

  it('stops following causes that point back at themselves', () => {
    const looped: Error & { cause?: unknown } = new Error('looped');
    looped.cause = looped;
    expect(databaseFailure(looped)).toBe('other');
  });
});
