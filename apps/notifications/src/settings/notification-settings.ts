// A coordinator's notification settings as the API shows them; what applies when a coordinator has saved none.

export interface NotificationSettings {
  /** Email to the coordinator; `address` null: the address the marketplace has for the coordinator (from the event). */
  email: { enabled: boolean; address: string | null };
  /** The couple's confirmation that their request reached the coordinator (when the booking gave their email). */
  coupleConfirmation: { enabled: boolean };
  /**
   * SMS to the coordinator's own number (E.164). `enabled` is true only while the number is opted in: a STOP reply
   * turns it off. Off by default: an SMS needs a recorded opt-in.
   */
  sms: { enabled: boolean; phone: string | null };
}

export const DEFAULT_SETTINGS: NotificationSettings = {
  email: { enabled: true, address: null },
  coupleConfirmation: { enabled: true },
  sms: { enabled: false, phone: null },
};

/** The settings table's row (snake_case, as read with plain SQL). */
export interface NotificationSettingsRow {
  email_enabled: boolean;
  email_address: string | null;
  couple_confirmation_enabled: boolean;
  /** Read by the settings API only (the intake leaves SMS to its channel). */
  sms_enabled?: boolean;
  sms_phone?: string | null;
  /** sms_enabled, and the number's latest consent is an opt-in. */
  sms_opted_in?: boolean;
}

export function settingsFromRow(row: NotificationSettingsRow | undefined): NotificationSettings {
  if (!row) return DEFAULT_SETTINGS;
  return {
    email: { enabled: row.email_enabled, address: row.email_address },
    coupleConfirmation: { enabled: row.couple_confirmation_enabled },
    sms: { enabled: row.sms_opted_in === true, phone: row.sms_phone ?? null },
  };
}
