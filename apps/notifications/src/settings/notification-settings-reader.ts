// The settings as the API answers them, in one statement: the saved row, and for its number the latest consent, the
// number's latest STOP/START/YES whoever it was for, and the open confirmation with its SMS — read in the caller's
// transaction (a PUT answers what it just saved).
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../clock';
import { NotificationsConfig } from '../config';
import { smsSettingsView } from '../sms/sms-consent-state';
import { DEFAULT_SETTINGS, NotificationSettings, settingsFromRow } from './notification-settings';

const SETTINGS = `
  SELECT s.email_enabled, s.email_address, s.couple_confirmation_enabled, s.sms_enabled, s.sms_phone,
         consent.opted_in AS consent_opted_in, consent.source AS consent_source, consent.recorded_at AS consent_at,
         reply.source AS reply_source, reply.recorded_at AS reply_at,
         c.requested_at, c.code_sent_at, c.expires_at, c.attempts, c.notification_id,
         n.status AS sms_status, n.due_at AS sms_due_at, n.last_error AS sms_last_error
    FROM notification_settings s
    LEFT JOIN LATERAL (SELECT opted_in, source, recorded_at FROM sms_consents
                        WHERE coordinator_id = s.coordinator_id AND phone = s.sms_phone ORDER BY id DESC LIMIT 1) consent ON true
    LEFT JOIN LATERAL (SELECT source, recorded_at FROM sms_consents
                        WHERE phone = s.sms_phone AND source IN ('inbound-stop', 'inbound-start', 'inbound-yes')
                        ORDER BY id DESC LIMIT 1) reply ON true
    LEFT JOIN sms_confirmations c ON c.coordinator_id = s.coordinator_id AND c.phone = s.sms_phone AND c.ended_at IS NULL
    LEFT JOIN notifications n ON n.id = c.notification_id
   WHERE s.coordinator_id = $1`;

@Injectable()
export class NotificationSettingsReader {
  constructor(
    private readonly config: NotificationsConfig,
    private readonly clock: Clock,
  ) {}

  async read(em: EntityManager, coordinatorId: string): Promise<NotificationSettings> {
    const [row] = await em.query(SETTINGS, [coordinatorId]);
    if (!row) return DEFAULT_SETTINGS;
    const sms = smsSettingsView(
      {
        smsEnabled: row.sms_enabled,
        phone: row.sms_phone,
        consent: row.consent_source ? { optedIn: row.consent_opted_in, source: row.consent_source, at: new Date(row.consent_at) } : null,
        lastReply: row.reply_source ? { source: row.reply_source, at: new Date(row.reply_at) } : null,
        confirmation: row.requested_at
          ? {
              requestedAt: new Date(row.requested_at),
              codeSentAt: row.code_sent_at ? new Date(row.code_sent_at) : null,
              expiresAt: row.expires_at ? new Date(row.expires_at) : null,
              attempts: row.attempts,
              sms: row.sms_status ? { status: row.sms_status, dueAt: new Date(row.sms_due_at), lastError: row.sms_last_error } : null,
            }
          : null,
      },
      this.clock.now(),
      this.config.smsConfirmationMaxAttempts,
    );
    return settingsFromRow(row, sms);
  }
}
