import { QueryFailedError } from 'typeorm';
import { InvalidEventError } from '@wedding/contracts';
import { integrationFailureReason } from './integration-failure';

const pgError = (code: string, message = 'failed') => Object.assign(new Error(message), { code });
const queryFailed = (code: string) => new QueryFailedError('INSERT …', [], pgError(code));

describe('integrationFailureReason', () => {
  it.each([
    ['a contract the integration would break', 'invalid_booking', new InvalidEventError('coordinator.wedding.created', ['x'])],
    ['a value too long for its column', 'invalid_booking', queryFailed('22001')],
    ['invalid input for a type', 'invalid_booking', queryFailed('22P02')],
    ['a check constraint', 'invalid_booking', queryFailed('23514')],
    ['the database refusing connections', 'coordinator_unavailable', pgError('ECONNREFUSED')],
    ['a connection cut mid-statement', 'coordinator_unavailable', new Error('Connection terminated unexpectedly')],
    ['a pool with no free connection', 'coordinator_unavailable', new Error('timeout exceeded when trying to connect')],
    ['the server shutting down', 'coordinator_unavailable', queryFailed('57P01')],
    ['a connection failure class', 'coordinator_unavailable', queryFailed('08006')],
    ['a serialization failure', 'coordinator_unavailable', queryFailed('40001')],
    ['a deadlock', 'coordinator_unavailable', queryFailed('40P01')],
    ['a statement timeout', 'coordinator_unavailable', queryFailed('57014')],
    ['a full disk', 'coordinator_unavailable', queryFailed('53100')],
    ['a trigger raising an exception', 'internal_error', queryFailed('P0001')],
    ['a unique violation', 'internal_error', queryFailed('23505')],
    ['a bug', 'internal_error', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['something that is not an error', 'internal_error', 'boom'],
    ['nothing', 'internal_error', undefined],
  ])('%s → %s', (_case, reason, error) => {
    expect(integrationFailureReason(error)).toBe(reason);
  });
});
