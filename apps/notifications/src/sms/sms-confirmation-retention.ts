// A request for a confirmation code names a number and holds a code's hash: once it has ended (confirmed, replaced,
// withdrawn, stopped) it goes after PERSONAL_DATA_RETENTION_DAYS. The opt-in it led to stays in sms_consents, the
// record of each opt-in and opt-out; the limits on codes look back a day at most.
import type { RetentionStep } from '@wedding/infrastructure';

export function smsConfirmationRetention({ personalDataRetentionDays }: { personalDataRetentionDays: number }): RetentionStep[] {
  return [
    {
      table: 'sms_confirmations',
      action: 'deleted',
      days: personalDataRetentionDays,
      sql: `DELETE FROM sms_confirmations WHERE id = ANY (ARRAY(
              SELECT id FROM sms_confirmations WHERE ended_at < now() - make_interval(secs => $1)
               ORDER BY ended_at LIMIT $2 FOR UPDATE SKIP LOCKED))`,
    },
  ];
}
