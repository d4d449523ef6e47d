import { acceptedOutcome, failureOutcome } from './smtp-outcome';

const smtpError = (fields: Record<string, unknown>) => Object.assign(new Error(String(fields.message ?? 'failed')), fields);

describe('failureOutcome', () => {
  it.each([
    ['451 greylisted', smtpError({ code: 'EENVELOPE', responseCode: 451, response: '451 4.7.1 Greylisted, try again later' }), 'retry', 451],
    ['421 closing', smtpError({ code: 'EPROTOCOL', responseCode: 421, response: '421 Service not available' }), 'retry', 421],
    ['452 mailbox full for now', smtpError({ code: 'EENVELOPE', responseCode: 452, response: '452 4.2.2 Mailbox full' }), 'retry', 452],
    ['550 no such user', smtpError({ code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 No such user' }), 'failed', 550],
    ['554 rejected at DATA', smtpError({ code: 'EMESSAGE', responseCode: 554, response: '554 5.7.1 Message rejected' }), 'failed', 554],
    ['535 to our login: our configuration, not the email', smtpError({ code: 'EAUTH', responseCode: 535, response: '535 5.7.8 Bad credentials' }), 'retry', 535],
    ['credentials missing', smtpError({ code: 'ENOAUTH', message: 'Missing credentials for "PLAIN"' }), 'retry', null],
    ['a code only in the text', smtpError({ code: 'EPROTOCOL', response: '553 5.1.3 Bad address syntax' }), 'failed', 553],
    ['connection refused', smtpError({ code: 'ECONNECTION', message: 'connect ECONNREFUSED 127.0.0.1:1025' }), 'retry', null],
    ['greeting never came', smtpError({ code: 'ETIMEDOUT', message: 'Greeting never received' }), 'retry', null],
    ['socket closed mid-conversation', smtpError({ code: 'ESOCKET', message: 'Connection closed unexpectedly' }), 'retry', null],
    ['DNS', smtpError({ code: 'EDNS', message: 'getaddrinfo ENOTFOUND smtp.example.test' }), 'retry', null],
    ['not even an Error', 'boom', 'retry', null],
  ])('%s → %s', (_case, error, kind, code) => {
    expect(failureOutcome(error)).toMatchObject({ kind, code });
  });

  it('keeps the server reply, or says what went wrong when there was none', () => {
    expect(failureOutcome(smtpError({ responseCode: 550, response: '550 5.1.1 No such user' })).reply).toBe('550 5.1.1 No such user');
    expect(failureOutcome(smtpError({ code: 'ECONNECTION', message: 'connect ECONNREFUSED' })).reply).toBe('ECONNECTION: connect ECONNREFUSED');
  });
});

describe('acceptedOutcome', () => {
  it('reads the code of the server answer', () => {
    expect(acceptedOutcome('250 2.0.0 Ok: queued as 1234')).toEqual({ kind: 'sent', code: 250, reply: '250 2.0.0 Ok: queued as 1234' });
    expect(acceptedOutcome(undefined)).toEqual({ kind: 'sent', code: null, reply: '' });
  });
});
