import { SmsConsentFacts, smsSettingsView } from './sms-consent-state';

const now = new Date('2030-06-14T02:00:00Z');
const at = (iso: string) => new Date(iso);
const phone = '+639171234567';
const base: SmsConsentFacts = { smsEnabled: true, phone, consent: null, lastReply: null, confirmation: null };
const requested = {
  requestedAt: at('2030-06-14T01:55:00Z'),
  codeSentAt: at('2030-06-14T01:55:01Z'),
  expiresAt: at('2030-06-14T02:10:01Z'),
  attempts: 0,
  sms: { status: 'sent', dueAt: at('2030-06-14T01:55:00Z'), lastError: null },
};

describe('smsSettingsView', () => {
  it.each<[string, Partial<SmsConsentFacts>, string, boolean, string | null]>([
    ['SMS off', { smsEnabled: false }, 'off', false, null],
    ['no number', { phone: null }, 'off', false, null],
    ['off, though opted in before', { smsEnabled: false, consent: { optedIn: true, source: 'confirmation-code', at: at('2030-06-01T00:00:00Z') } }, 'off', false, null],
    ['opted in by code', { consent: { optedIn: true, source: 'confirmation-code', at: at('2030-06-01T00:00:00Z') } }, 'opted-in', true, '2030-06-01T00:00:00.000Z'],
    ['opted in before confirmations existed', { consent: { optedIn: true, source: 'settings', at: at('2030-05-01T00:00:00Z') } }, 'opted-in', true, '2030-05-01T00:00:00.000Z'],
    ['opted back in by START', { consent: { optedIn: true, source: 'inbound-start', at: at('2030-06-02T00:00:00Z') }, lastReply: { source: 'inbound-start', at: at('2030-06-02T00:00:00Z') } }, 'opted-in', true, '2030-06-02T00:00:00.000Z'],
    ['stopped by its reply', { consent: { optedIn: false, source: 'inbound-stop', at: at('2030-06-03T00:00:00Z') }, lastReply: { source: 'inbound-stop', at: at('2030-06-03T00:00:00Z') } }, 'stopped', false, '2030-06-03T00:00:00.000Z'],
    // The STOP was for another coordinator's texts: the number asked for none, from anyone.
    ['stopped for another coordinator', { lastReply: { source: 'inbound-stop', at: at('2030-06-04T00:00:00Z') } }, 'stopped', false, '2030-06-04T00:00:00.000Z'],
    ['stopped, even with a code still open', { lastReply: { source: 'inbound-stop', at: at('2030-06-04T00:00:00Z') }, confirmation: requested }, 'stopped', false, '2030-06-04T00:00:00.000Z'],
    ['a STOP undone by START elsewhere, not confirmed here', { lastReply: { source: 'inbound-start', at: at('2030-06-05T00:00:00Z') } }, 'unconfirmed', false, null],
    ['turned off in the settings, then on again', { consent: { optedIn: false, source: 'settings', at: at('2030-06-05T00:00:00Z') }, confirmation: requested }, 'unconfirmed', false, '2030-06-14T01:55:00.000Z'],
    ['waiting for its code', { confirmation: requested }, 'unconfirmed', false, '2030-06-14T01:55:00.000Z'],
  ])('%s', (_case, facts, state, enabled, since) => {
    const view = smsSettingsView({ ...base, ...facts }, now, 5);
    expect([view.state, view.enabled, view.since]).toEqual([state, enabled, since]);
    expect(view.phone).toBe(facts.phone === undefined ? phone : facts.phone);
    if (state !== 'unconfirmed') expect(view.confirmation).toBeNull();
  });

  it.each<[string, Partial<NonNullable<SmsConsentFacts['confirmation']>>, string, number, string | null]>([
    ['texted, valid', {}, 'sent', 5, null],
    ['two wrong entries', { attempts: 2 }, 'sent', 3, null],
    ['used up', { attempts: 5 }, 'used-up', 0, null],
    ['expired', { expiresAt: at('2030-06-14T02:00:00Z') }, 'expired', 5, null],
    ['used up and expired', { attempts: 5, expiresAt: at('2030-06-14T01:00:00Z') }, 'used-up', 0, null],
    ['in the provider’s hands, unknown outcome: it may have arrived', { sms: { status: 'unknown', dueAt: now, lastError: 'outcome unknown' } }, 'sent', 5, null],
    ['held by the quiet hours', { codeSentAt: null, expiresAt: null, sms: { status: 'pending', dueAt: at('2030-06-14T23:00:00Z'), lastError: null } }, 'waiting-to-send', 5, null],
    ['to be tried again after a refused connection', { sms: { status: 'pending', dueAt: at('2030-06-14T02:00:30Z'), lastError: 'ECONNREFUSED' } }, 'waiting-to-send', 5, null],
    ['beyond the daily cap', { codeSentAt: null, expiresAt: null, sms: { status: 'skipped', dueAt: now, lastError: 'not sent: the daily SMS limit (SMS_MAX_PER_DAY = 3) was reached on 2030-06-14' } }, 'not-sent', 5, 'not sent: the daily SMS limit (SMS_MAX_PER_DAY = 3) was reached on 2030-06-14'],
    ['refused by the provider', { sms: { status: 'failed', dueAt: now, lastError: 'HTTP 400' } }, 'not-sent', 5, 'HTTP 400'],
    ['no SMS on the service', { codeSentAt: null, expiresAt: null, sms: null }, 'not-sent', 5, 'this service sends no SMS (SMS_PROVIDER_URL is not set)'],
  ])('a code %s', (_case, confirmation, status, attemptsLeft, problem) => {
    const view = smsSettingsView({ ...base, confirmation: { ...requested, ...confirmation } }, now, 5);
    expect(view.confirmation).toMatchObject({ status, attemptsLeft, problem, requestedAt: '2030-06-14T01:55:00.000Z' });
    expect(view.confirmation?.textAt).toBe(status === 'waiting-to-send' ? (confirmation.sms?.dueAt.toISOString() ?? null) : null);
  });
});
