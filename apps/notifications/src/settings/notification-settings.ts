// A coordinator's notification settings as the API shows them; what applies when a coordinator has saved none.
import type { SmsSettingsView } from '../sms/sms-consent-state';

export interface NotificationSettings {
  /** Email to the coordinator; `address` null: the address the marketplace has for the coordinator (from the event). */
  email: { enabled: boolean; address: string | null };
  /** The couple's confirmation that their request reached the coordinator (when the booking gave their email). */
  coupleConfirmation: { enabled: boolean };
  /**
   * SMS to the coordinator's own number (E.164). `enabled` is true only while the number is opted in: confirmed by
   * its code or a YES reply, and not stopped by a STOP reply since. `state` says where it stands, and `confirmation`
   * how its code is doing. Off by default: an SMS needs a recorded opt-in.
   */
  sms: SmsSettingsView;
}

export const DEFAULT_SETTINGS: NotificationSettings = {
  email: { enabled: true, address: null },
  coupleConfirmation: { enabled: true },
  sms: { enabled: false, phone: null, state: 'off', since: null, confirmation: null },
};

/** The settings table's row (snake_case, as read with plain SQL). */
export interface NotificationSettingsRow {
  email_enabled: boolean;
  email_address: string | null;
  couple_confirmation_enabled: boolean;
}

/** `sms`: where the number stands (the settings API works it out; the intake leaves SMS to its channel). */
export function settingsFromRow(row: NotificationSettingsRow | undefined, sms: SmsSettingsView = DEFAULT_SETTINGS.sms): NotificationSettings {
  if (!row) return DEFAULT_SETTINGS;
  return {
    email: { enabled: row.email_enabled, address: row.email_address },
    coupleConfirmation: { enabled: row.couple_confirmation_enabled },
    sms,
  };
}
