import { ApiError } from './api-error';
import {
  attemptAnswer,
  deliverySucceeded,
  describeAttempts,
  formatDuration,
  isWebhooksUnavailable,
  readAttempt,
  readDeliveryLogPage,
  readList,
  readNotificationDetails,
  readSettings,
  readSmsConsent,
  readWebhook,
  readWebhookDelivery,
  readWebhookSecret,
  describeEndpointState,
  describeSmsState,
  recipientLabel,
  settingsBody,
  smsCodeExpected,
  smsCodeRenewable,
  webhookBody,
  webhookDraftProblems,
} from './notifications';

describe('the delivery log', () => {
  it('reads a page as the service answers it', () => {
    const page = readDeliveryLogPage({
      items: [
        {
          id: 'n-1', channel: 'email', template: 'wedding-created', recipient: 'a@example.com', subject: 'New wedding: A & B',
          status: 'sent', attemptCount: 1, eventType: 'coordinator.wedding.created', weddingId: 'w-1', resendOf: null,
          nextAttemptAt: null, lastError: null, sentAt: '2030-01-01T10:00:01Z', createdAt: '2030-01-01T10:00:00Z',
        },
      ],
      page: 2, pageSize: 20, total: '21',
    });
    expect(page).toMatchObject({ page: 2, pageSize: 20, total: 21 });
    expect(page.items[0]).toMatchObject({ id: 'n-1', status: 'sent', attemptCount: 1, weddingId: 'w-1', subject: 'New wedding: A & B' });
  });

  it('keeps going on a missing or odd field', () => {
    expect(readDeliveryLogPage(null)).toEqual({ items: [], page: 1, pageSize: 20, total: 0 });
    const [item] = readDeliveryLogPage({ items: [{ id: 'x', attemptCount: 'three' }] }).items;
    expect(item).toMatchObject({ id: 'x', channel: 'email', status: 'unknown', attemptCount: 0, subject: null });
  });

  it.each([
    [{ attempt: 2, startedAt: 't', durationMs: 120, outcome: 'deferred', smtpCode: 451, reply: '451 greylisted' },
      { attempt: 2, startedAt: 't', durationMs: 120, outcome: 'deferred', code: 451, reply: '451 greylisted' }],
    // A webhook's or SMS provider's attempt: an HTTP status instead of an SMTP code.
    [{ attempt: 1, startedAt: 't', durationMs: null, outcome: 'sent', smtpCode: null, httpStatus: 200, reply: null },
      { attempt: 1, startedAt: 't', durationMs: null, outcome: 'sent', code: 200, reply: null }],
    [{}, { attempt: 4, startedAt: '', durationMs: null, outcome: 'unknown', code: null, reply: null }],
  ])('reads the attempt %j', (raw, expected) => {
    expect(readAttempt(raw, 3)).toEqual(expected);
  });

  it('reads a notification whose personal data the service removed: no recipient, no subject, when', () => {
    const [item] = readDeliveryLogPage({
      items: [{ id: 'n-2', channel: 'sms', template: 'sms-wedding-created', recipient: null, subject: null, status: 'sent', scrubbedAt: '2030-02-01T00:00:00Z' }],
    }).items;
    expect(item).toMatchObject({ recipient: '', subject: null, scrubbedAt: '2030-02-01T00:00:00Z' });
    expect(readDeliveryLogPage({ items: [{ id: 'n-3' }] }).items[0].scrubbedAt).toBeNull();
  });

  it.each([
    [{ recipient: 'a@example.com', scrubbedAt: null }, 'a@example.com'],
    // A webhook delivery keeps its endpoint's id.
    [{ recipient: '6f1c…', scrubbedAt: '2030-02-01T00:00:00Z' }, '6f1c…'],
    [{ recipient: '', scrubbedAt: '2030-02-01T00:00:00Z' }, 'removed'],
    [{ recipient: '', scrubbedAt: null }, '—'],
  ])('names the recipient of %j as %p', (notification, label) => {
    expect(recipientLabel(notification)).toBe(label);
  });

  it('reads a notification with its attempts', () => {
    const details = readNotificationDetails({ id: 'n', status: 'failed', attempts: [{ attempt: 1, outcome: 'rejected', smtpCode: 550 }] });
    expect(details.attempts).toEqual([expect.objectContaining({ attempt: 1, outcome: 'rejected', code: 550 })]);
    expect(readNotificationDetails({ id: 'n' }).attempts).toEqual([]);
  });

  it.each([
    [{ status: 'sent', attemptCount: 1 }, '1 attempt'],
    [{ status: 'failed', attemptCount: 7 }, '7 attempts'],
    [{ status: 'pending', attemptCount: 0 }, 'not tried yet'],
    [{ status: 'skipped', attemptCount: 0 }, 'not sent'],
  ])('%j says %j', (notification, words) => {
    expect(describeAttempts(notification)).toBe(words);
  });

  it.each([
    [{ code: 250, reply: '250 Message queued as X' }, '250 Message queued as X'],
    [{ code: 451, reply: '4.7.1 Greylisted' }, '451 4.7.1 Greylisted'],
    [{ code: 200, reply: null }, '200'],
    [{ code: null, reply: 'connect ECONNREFUSED 127.0.0.1:25' }, 'connect ECONNREFUSED 127.0.0.1:25'],
    [{ code: null, reply: null }, '—'],
  ])('the answer %j reads %j', (attempt, words) => {
    expect(attemptAnswer(attempt)).toBe(words);
  });

  it.each([
    [null, '—'],
    [0, '0 ms'],
    [999.6, '1000 ms'],
    [1000, '1.0 s'],
    [2449, '2.4 s'],
    [30_000, '30 s'],
  ])('formatDuration(%p) = %p', (ms, words) => {
    expect(formatDuration(ms)).toBe(words);
  });
});

describe('the settings', () => {
  const before = { email: { enabled: true, address: null }, coupleConfirmation: { enabled: false } };

  it('reads the settings of a service without SMS, and sends no sms field back', () => {
    const settings = readSettings(before);
    expect(settings).toEqual(before);
    expect(settings.sms).toBeUndefined();
    expect(settingsBody(settings)).toEqual(before);
  });

  it('reads and sends the SMS part once the service has it', () => {
    const settings = readSettings({ ...before, sms: { enabled: true, phone: '+639171234567' } });
    expect(settings.sms).toEqual({ enabled: true, phone: '+639171234567' });
    expect(settingsBody(settings).sms).toEqual({ enabled: true, phone: '+639171234567' });
    expect(readSettings({ ...before, sms: {} }).sms).toEqual({ enabled: false, phone: null });
  });

  it('leaves an unchanged SMS part out, so that saving the email part records no new SMS consent', () => {
    const saved = readSettings({ ...before, sms: { enabled: true, phone: '+639171234567' } });
    expect(settingsBody({ ...saved, coupleConfirmation: { enabled: true } }, saved)).toEqual({
      email: { enabled: true, address: null },
      coupleConfirmation: { enabled: true },
    });
    expect(settingsBody({ ...saved, sms: { enabled: false, phone: '+639171234567' } }, saved).sms).toEqual({ enabled: false, phone: '+639171234567' });
    expect(settingsBody({ ...saved, sms: { enabled: true, phone: ' 0917 123 4567 ' } }, saved).sms).toEqual({ enabled: true, phone: '0917 123 4567' });
  });

  it('reads where the number stands, with the switch on in every state but off', () => {
    const confirmation = { status: 'sent', textAt: null, codeSentAt: '2030-06-14T02:00:00Z', expiresAt: '2030-06-14T02:15:00Z', attemptsLeft: '4', problem: null };
    expect(readSettings({ ...before, sms: { enabled: false, phone: '+639171234567', state: 'unconfirmed', since: 't', confirmation } }).sms).toEqual({
      enabled: true,
      phone: '+639171234567',
      state: 'unconfirmed',
      since: 't',
      confirmation: { ...confirmation, attemptsLeft: 4 },
    });
    expect(readSettings({ ...before, sms: { enabled: false, phone: '+639171234567', state: 'stopped', since: 't', confirmation: null } }).sms).toMatchObject({
      enabled: true,
      state: 'stopped',
      confirmation: null,
    });
    expect(readSettings({ ...before, sms: { enabled: false, phone: null, state: 'off' } }).sms).toMatchObject({ enabled: false, state: 'off' });
    // The state is words for the page only: never sent back.
    const saved = readSettings({ ...before, sms: { enabled: false, phone: '+639171234567', state: 'unconfirmed', since: 't', confirmation } });
    expect(settingsBody(saved).sms).toEqual({ enabled: true, phone: '+639171234567' });
    expect(settingsBody(saved, saved).sms).toBeUndefined();
  });

  const time = (instant: string) => `[${instant.slice(11, 16)}]`;
  const now = Date.parse('2030-06-14T02:05:00Z');
  const sms = (state: string, confirmation: Record<string, unknown> | null = null) => ({
    enabled: true,
    phone: '+639171234567',
    state: state as 'off',
    since: '2030-06-13T12:00:00Z',
    confirmation: confirmation && { status: 'sent', textAt: null, codeSentAt: '2030-06-14T02:00:00Z', expiresAt: '2030-06-14T02:15:00Z', attemptsLeft: 5, problem: null, ...confirmation },
  });
  it.each([
    [undefined, ''],
    [{ enabled: true, phone: '+639171234567' }, ''],
    [sms('off'), ''],
    [sms('opted-in'), 'Texts go to +639171234567: the number is confirmed.'],
    [sms('stopped'), 'Texts to +639171234567 are off: the number replied STOP on [12:00]. Saving these settings does not change that; texting START (or YES) from that phone turns them back on.'],
    [sms('unconfirmed'), '+639171234567 is not confirmed yet: send it a code to confirm it.'],
    [sms('unconfirmed', {}), 'We texted a code to +639171234567 at [02:00]. Enter it below by [02:15] (5 tries left), or reply YES to that text. Texts start once the number is confirmed.'],
    [sms('unconfirmed', { attemptsLeft: 1 }), 'We texted a code to +639171234567 at [02:00]. Enter it below by [02:15] (1 try left), or reply YES to that text. Texts start once the number is confirmed.'],
    [sms('unconfirmed', { status: 'waiting-to-send', codeSentAt: null, expiresAt: null, textAt: '2030-06-14T23:00:00Z' }),
      'A code will be texted to +639171234567 at [23:00], after the quiet hours. Texts start once you enter it (or the phone replies YES).'],
    [sms('unconfirmed', { status: 'waiting-to-send', codeSentAt: null, expiresAt: null, textAt: '2030-06-14T02:05:00Z' }),
      'A code is being texted to +639171234567. Texts start once you enter it (or the phone replies YES).'],
    [sms('unconfirmed', { status: 'expired' }), 'The code texted to +639171234567 has expired. Send a new one (or reply YES to that text).'],
    [sms('unconfirmed', { status: 'used-up', attemptsLeft: 0 }), 'The code texted to +639171234567 was entered wrong too many times. Send a new one.'],
    [sms('unconfirmed', { status: 'not-sent', problem: 'not sent: the daily SMS limit (SMS_MAX_PER_DAY = 50) was reached on 2030-06-14' }),
      'The code could not be texted to +639171234567 (not sent: the daily SMS limit (SMS_MAX_PER_DAY = 50) was reached on 2030-06-14). Send a new one later.'],
  ])('describes the number %j as %j', (state, words) => {
    expect(describeSmsState(state, time, now)).toBe(words);
  });

  it.each([
    [sms('unconfirmed', {}), true, true],
    [sms('unconfirmed', { status: 'waiting-to-send' }), false, false],
    [sms('unconfirmed', { status: 'expired' }), false, true],
    [sms('unconfirmed', { status: 'not-sent' }), false, true],
    [sms('unconfirmed'), false, true],
    [sms('opted-in'), false, false],
    [sms('stopped'), false, false],
  ])('%j: a code can be entered %p, a new one asked for %p', (state, expected, renewable) => {
    expect(smsCodeExpected(state)).toBe(expected);
    expect(smsCodeRenewable(state)).toBe(renewable);
  });

  it('reads the SMS consent text', () => {
    expect(readSmsConsent({ text: 'I agree to receive texts.' })).toBe('I agree to receive texts.');
    expect(readSmsConsent(undefined)).toBe('');
  });

  it.each([
    ['', null],
    ['   ', null],
    [' me@example.com ', 'me@example.com'],
  ])('sends the address %p as %p', (typed, sent) => {
    const body = settingsBody({ ...before, email: { enabled: true, address: typed }, sms: { enabled: true, phone: typed } });
    expect(body).toEqual({
      email: { enabled: true, address: sent },
      coupleConfirmation: { enabled: false },
      sms: { enabled: true, phone: sent },
    });
  });

  it('takes what is missing as on, as the service does before a coordinator saves anything', () => {
    expect(readSettings({})).toEqual({ email: { enabled: true, address: null }, coupleConfirmation: { enabled: true } });
  });
});

describe('webhook endpoints', () => {
  it('reads an endpoint, with the names a field may go by', () => {
    expect(readWebhook({ id: 'e', url: 'https://x.test/h', events: ['coordinator.wedding.created'], enabled: false, format: 'slack' })).toEqual({
      id: 'e', url: 'https://x.test/h', events: ['coordinator.wedding.created'], enabled: false, description: null, format: 'slack',
      createdAt: null, disabledReason: null, waitingDeliveries: null,
    });
    expect(readWebhook({ id: 'e', url: 'u', eventTypes: ['a'], active: true })).toMatchObject({ events: ['a'], enabled: true });
    expect(readWebhook({ id: 'e', url: 'u' })).toMatchObject({ events: [], enabled: true });
  });

  it.each([
    [{ id: 'e', url: 'u', secret: 'whsec_1' }, 'whsec_1', 'e'],
    [{ endpoint: { id: 'e', url: 'u' }, secret: 'whsec_2' }, 'whsec_2', 'e'],
    [{ webhook: { id: 'e', url: 'u', signingSecret: 'whsec_3' } }, 'whsec_3', 'e'],
    [{ secret: 'whsec_4' }, 'whsec_4', undefined],
  ])('finds the secret in %j', (raw, secret, endpointId) => {
    const read = readWebhookSecret(raw);
    expect(read.secret).toBe(secret);
    expect(read.endpoint?.id).toBe(endpointId);
  });

  it.each([
    [{ enabled: true, disabledReason: null, waitingDeliveries: 0 }, 'on', ''],
    [{ enabled: false, disabledReason: null, waitingDeliveries: 0 }, 'paused', 'Paused: new events wait for it, and go out in order when you resume it.'],
    [{ enabled: false, disabledReason: null, waitingDeliveries: 1 }, 'paused', 'Paused: 1 call waits, and goes out in order when you resume it.'],
    [{ enabled: false, disabledReason: null, waitingDeliveries: 3 }, 'paused', 'Paused: 3 calls wait, and go out in order when you resume it.'],
    [{ enabled: false, disabledReason: 'the receiver answered 410 Gone', waitingDeliveries: 0 }, 'off',
      'Turned off by the service: the receiver answered 410 Gone. Resume it to send it new events.'],
  ])('an endpoint %j is %j: %j', (endpoint, badge, words) => {
    expect(describeEndpointState(endpoint)).toEqual({ badge, words });
  });

  it.each([
    [[{ id: 1 }], 1],
    [{ items: [{}, {}] }, 2],
    [{ deliveries: [{}] }, 1],
    [{ endpoints: [{}, {}, {}] }, 3],
    [{ nothing: true }, 0],
    ['nonsense', 0],
  ])('reads the list %j', (raw, length) => {
    expect(readList(raw)).toHaveLength(length);
  });

  it.each([
    [{ id: 'd', startedAt: 't', statusCode: 200, durationMs: 80, responseBody: 'ok' },
      { id: 'd', at: 't', eventType: null, statusCode: 200, durationMs: 80, outcome: null, response: 'ok' }],
    [{ createdAt: 't', httpStatus: 500, duration: 12, response: 'boom', eventType: 'coordinator.wedding.created' },
      { id: '0', at: 't', eventType: 'coordinator.wedding.created', statusCode: 500, durationMs: 12, outcome: null, response: 'boom' }],
    [{ id: 'd', status: 'failed', error: 'connect ECONNREFUSED' },
      { id: 'd', at: null, eventType: null, statusCode: null, durationMs: null, outcome: 'failed', response: 'connect ECONNREFUSED' }],
  ])('reads the delivery %j', (raw, expected) => {
    expect(readWebhookDelivery(raw, 0)).toEqual(expected);
  });

  it.each([
    [{ statusCode: 204, outcome: null }, true],
    [{ statusCode: 301, outcome: 'sent' }, false],
    [{ statusCode: 500, outcome: null }, false],
    [{ statusCode: null, outcome: 'sent' }, true],
    [{ statusCode: null, outcome: 'failed' }, false],
  ])('%j succeeded: %p', (delivery, succeeded) => {
    expect(deliverySucceeded(delivery)).toBe(succeeded);
  });

  it.each([
    [{ url: 'https://example.com/hook', events: ['coordinator.wedding.created'] }, []],
    [{ url: ' http://127.0.0.1:9000/h ', events: ['x'] }, []],
    [{ url: 'example.com/hook', events: ['x'] }, ['The address must be a web address (https://…).']],
    [{ url: 'ftp://example.com', events: [] }, ['The address must be a web address (https://…).', 'Choose at least one event.']],
  ])('the form %j has the problems %j', (fields, problems) => {
    expect(webhookDraftProblems({ description: '', format: '', ...fields })).toEqual(problems);
  });

  it('sends the optional fields only when given', () => {
    expect(webhookBody({ url: ' https://x.test ', events: ['a'], description: '  ', format: '' })).toEqual({ url: 'https://x.test', events: ['a'] });
    expect(webhookBody({ url: 'https://hooks.slack.com/services/T/B/X', events: ['a'], description: 'Team', format: 'slack' })).toEqual({
      url: 'https://hooks.slack.com/services/T/B/X', events: ['a'], description: 'Team', format: 'slack',
    });
  });

  it.each([
    [new ApiError(404, 'x', { message: 'Cannot GET /api/notifications/webhooks' }), true],
    // A service whose delivery log takes "webhooks" for a notification id.
    [new ApiError(400, 'x', { statusCode: 400, message: 'Validation failed (uuid is expected)' }), true],
    [new ApiError(400, 'x', { message: ['url must be a URL address'] }), false],
    [new ApiError(500, 'x', null), false],
    [new ApiError(0, 'x', null), false],
    [new Error('x'), false],
    [null, false],
  ])('%p means no webhooks API: %p', (error, unavailable) => {
    expect(isWebhooksUnavailable(error)).toBe(unavailable);
  });
});
