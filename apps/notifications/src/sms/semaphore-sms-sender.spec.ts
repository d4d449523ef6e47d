import { semaphoreOutcome, summarizeReply } from './semaphore-sms-sender';

describe('semaphoreOutcome', () => {
  const queued = JSON.stringify([{ message_id: 1234567, recipient: '639171234567', message: 'Hi', status: 'Queued' }]);
  it.each([
    ['a queued message', 200, queued, { kind: 'sent', httpStatus: 200, reply: 'message_id 1234567 (Queued)' }],
    ['field errors with a 200', 200, '{"number":["The number format is invalid."]}', { kind: 'failed', httpStatus: 200 }],
    ['an answer that is not JSON', 200, 'OK', { kind: 'sent', httpStatus: 200, reply: 'OK' }],
    ['field errors with a 422', 422, '{"message":["The message field is required."]}', { kind: 'failed', httpStatus: 422 }],
    ['too many requests', 429, '{}', { kind: 'retry', httpStatus: 429 }],
    ['a server error', 500, 'oops', { kind: 'unknown', httpStatus: 500 }],
  ])('%s', (_case, status, body, expected) => {
    expect(semaphoreOutcome(status, body)).toMatchObject(expected);
  });
});

describe('summarizeReply', () => {
  it('keeps the ids and status of the queued messages, not the number or the text they echo', () => {
    const reply = summarizeReply(JSON.stringify([{ message_id: 7, recipient: '639171234567', message: 'secret', status: 'Pending' }]));
    expect(reply).toBe('message_id 7 (Pending)');
  });
});
