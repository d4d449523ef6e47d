// A coordinator's notification settings as the API shows them; what applies when a coordinator has saved none.

export interface NotificationSettings {
  /** Email to the coordinator; `address` null: the address the marketplace has for the coordinator (from the event). */
  email: { enabled: boolean; address: string | null };
  /** The couple's confirmation that their request reached the coordinator (when the booking gave their email). */
  coupleConfirmation: { enabled: boolean };
}

export const DEFAULT_SETTINGS: NotificationSettings = {
  email: { enabled: true, address: null },
  coupleConfirmation: { enabled: true },
};

/** The settings table's row (snake_case, as read with plain SQL). */
export interface NotificationSettingsRow {
  email_enabled: boolean;
  email_address: string | null;
  couple_confirmation_enabled: boolean;
}

export function settingsFromRow(row: NotificationSettingsRow | undefined): NotificationSettings {
  if (!row) return DEFAULT_SETTINGS;
  return {
    email: { enabled: row.email_enabled, address: row.email_address },
    coupleConfirmation: { enabled: row.couple_confirmation_enabled },
  };
}
