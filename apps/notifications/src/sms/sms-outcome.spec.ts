import { answeredOutcome, retryAfterMs, unansweredOutcome } from './sms-outcome';

const fetchFailed = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) });

describe('answeredOutcome', () => {
  it.each([
    [200, 'sent'],
    [201, 'sent'],
    [429, 'retry'],
    [401, 'retry'],
    [403, 'retry'],
    [400, 'failed'],
    [404, 'failed'],
    [422, 'failed'],
    [500, 'unknown'],
    [502, 'unknown'],
    [503, 'unknown'],
    [504, 'unknown'],
    [302, 'unknown'],
  ])('HTTP %p → %p', (status, kind) => {
    expect(answeredOutcome(status, 'body')).toMatchObject({ kind, httpStatus: status, reply: 'body' });
  });

  it('keeps a 429 answer’s Retry-After', () => {
    expect(answeredOutcome(429, '', '30')).toEqual({ kind: 'retry', httpStatus: 429, reply: '', retryAfterMs: 30_000 });
  });
});

describe('unansweredOutcome', () => {
  it.each([
    ['connection refused', fetchFailed('ECONNREFUSED'), 'retry'],
    ['no such host', fetchFailed('ENOTFOUND'), 'retry'],
    ['DNS not answering', fetchFailed('EAI_AGAIN'), 'retry'],
    ['no route', fetchFailed('EHOSTUNREACH'), 'retry'],
    ['never connected within the timeout', fetchFailed('UND_ERR_CONNECT_TIMEOUT'), 'retry'],
    ['our timeout, after the request went out', new DOMException('The operation was aborted due to timeout', 'TimeoutError'), 'unknown'],
    ['aborted', new DOMException('This operation was aborted', 'AbortError'), 'unknown'],
    ['the connection cut mid-answer', fetchFailed('ECONNRESET'), 'unknown'],
    ['the socket closed by the other side', fetchFailed('UND_ERR_SOCKET'), 'unknown'],
    ['something else', new Error('boom'), 'unknown'],
  ])('%s → %p', (_case, error, kind) => {
    expect(unansweredOutcome(error)).toMatchObject({ kind, httpStatus: null });
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2030-06-15T10:00:00Z');
  it.each([
    ['120', 120_000],
    [' 5 ', 5_000],
    ['Sat, 15 Jun 2030 10:01:00 GMT', 60_000],
    ['Sat, 15 Jun 2030 09:00:00 GMT', 0],
    ['soon', undefined],
    ['', undefined],
    [null, undefined],
  ])('%p → %p', (header, expected) => {
    expect(retryAfterMs(header, now)).toBe(expected);
  });
});
