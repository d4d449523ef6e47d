import { ApiError, describeFailure } from './api-error';

describe('describeFailure', () => {
  it.each([
    [400, { statusCode: 400, message: ['email must be an email address', 'coupleName should not be empty'] },
      'Please check: Email must be an email address. CoupleName should not be empty.'],
    [400, { message: 'weddingDate is in the past' }, 'Please check: WeddingDate is in the past.'],
    [409, { message: 'a client with this email or phone already exists', existingClientId: 'x' },
      'A client with this email or phone already exists.'],
    [404, { message: 'wedding 1 not found' }, 'Wedding 1 not found.'],
    [404, 'Cannot GET', 'Not found: it does not exist, or it is not one of yours.'],
    [401, { message: 'token expired' }, 'Token expired.'],
    [401, null, 'You are signed out: your token is missing, invalid or has expired.'],
    [429, {}, 'Too many requests: wait a moment and try again.'],
    // A server error's own message is for the logs, not for the coordinator.
    [500, { message: 'Internal server error' }, 'The coordinator service failed on this request.'],
    [503, { message: 'the database is unavailable; try again shortly' }, 'The coordinator service is unavailable; try again shortly.'],
    [507, undefined, 'The coordinator service failed on this request.'],
    [418, undefined, 'The request failed (HTTP 418).'],
  ])('%i %j → %j', (status, body, expected) => {
    expect(describeFailure(status, body)).toBe(expected);
  });

  it('says when a limit of the API frees, as a time of day', () => {
    const body = { statusCode: 429, message: 'this notification was resent 3 times in the last hour, the most allowed; it can be resent again in 42 min', retryAt: '2030-06-14T10:42:00.000Z' };
    expect(describeFailure(429, body, 'notification service', (instant) => `<${instant}>`)).toBe(
      'This notification was resent 3 times in the last hour, the most allowed; it can be resent again in 42 min. You can try again at <2030-06-14T10:42:00.000Z>.',
    );
    // The HTTP rate limit says it in its own words, with no retryAt.
    expect(describeFailure(429, { message: 'too many requests from this address; try again in 12 s' })).toBe('Too many requests from this address; try again in 12 s.');
  });

  it.each([
    [502, 'The notification service cannot be reached.'],
    [500, 'The notification service failed on this request.'],
    [409, 'That conflicts with an existing record.'],
  ])('names the service that answered: %i → %j', (status, expected) => {
    expect(describeFailure(status, undefined, 'notification service')).toBe(expected);
  });
});

describe('ApiError', () => {
  it("carries the 409's existing client", () => {
    expect(new ApiError(409, 'x', { existingClientId: 'c-1' }).existingClientId).toBe('c-1');
    expect(new ApiError(409, 'x', { message: 'another client already has this email or phone' }).existingClientId).toBeUndefined();
    expect(new ApiError(500, 'x', null).existingClientId).toBeUndefined();
  });
});
