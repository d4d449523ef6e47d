import type { CoordinatorIntegrationFailed, CoordinatorWeddingCreated } from '@wedding/contracts';
import { DEFAULT_SETTINGS, NotificationSettings } from '../settings/notification-settings';
import { planIntegrationFailed, planWeddingCreated } from './plan-notifications';

const wedding = (fields: Partial<CoordinatorWeddingCreated> = {}) =>
  ({ coordinatorEmail: 'hello@ayos.ph', contactEmail: 'jj@example.ph', ...fields }) as CoordinatorWeddingCreated;
const settings = (email: Partial<NotificationSettings['email']> = {}, couple = true): NotificationSettings => ({
  email: { ...DEFAULT_SETTINGS.email, ...email },
  coupleConfirmation: { enabled: couple },
  sms: DEFAULT_SETTINGS.sms,
});

describe('planWeddingCreated', () => {
  it.each([
    ['the defaults: coordinator and couple', wedding(), DEFAULT_SETTINGS, ['wedding-created → hello@ayos.ph', 'couple-confirmation → jj@example.ph']],
    ['the address of the settings wins', wedding(), settings({ address: 'desk@ayos.ph' }), ['wedding-created → desk@ayos.ph', 'couple-confirmation → jj@example.ph']],
    ['the settings give the only address', wedding({ coordinatorEmail: null }), settings({ address: 'desk@ayos.ph' }), ['wedding-created → desk@ayos.ph', 'couple-confirmation → jj@example.ph']],
    ['no address anywhere: none to the coordinator', wedding({ coordinatorEmail: undefined }), DEFAULT_SETTINGS, ['couple-confirmation → jj@example.ph']],
    ['coordinator email turned off', wedding(), settings({ enabled: false, address: 'desk@ayos.ph' }), ['couple-confirmation → jj@example.ph']],
    ['couple confirmation turned off', wedding(), settings({}, false), ['wedding-created → hello@ayos.ph']],
    ['a couple reached by phone only', wedding({ contactEmail: null }), DEFAULT_SETTINGS, ['wedding-created → hello@ayos.ph']],
    ['everything off', wedding(), settings({ enabled: false }, false), []],
  ])('%s', (_case, event, given, expected) => {
    expect(planWeddingCreated(event, given).map((p) => `${p.template} → ${p.recipient}`)).toEqual(expected);
    expect(planWeddingCreated(event, given).every((p) => p.channel === 'email')).toBe(true);
  });
});

describe('planIntegrationFailed', () => {
  const failed = (coordinatorEmail?: string | null) => ({ coordinatorEmail, contactEmail: 'jj@example.ph' }) as CoordinatorIntegrationFailed;
  it.each([
    ['to the coordinator only, never the couple', failed('hello@ayos.ph'), DEFAULT_SETTINGS, ['integration-failed → hello@ayos.ph']],
    ['to the address of the settings', failed('hello@ayos.ph'), settings({ address: 'desk@ayos.ph' }), ['integration-failed → desk@ayos.ph']],
    ['an event from before the field: the settings', failed(undefined), settings({ address: 'desk@ayos.ph' }), ['integration-failed → desk@ayos.ph']],
    ['no address', failed(null), DEFAULT_SETTINGS, []],
    ['email turned off', failed('hello@ayos.ph'), settings({ enabled: false }), []],
  ])('%s', (_case, event, given, expected) => {
    expect(planIntegrationFailed(event, given).map((p) => `${p.template} → ${p.recipient}`)).toEqual(expected);
  });
});
