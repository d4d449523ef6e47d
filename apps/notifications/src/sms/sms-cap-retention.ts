// The SMS cap's rows (sms_daily_sends) count one marketplace day: those of the days before yesterday go once their SMS
// is done — a retry counted yesterday (quiet hours, the retry schedule) still finds its row, and today's count is
// whole. Not a record (the SMS stays in the delivery log with its attempts), so no setting: always on.
import type { RetentionStep } from '@wedding/infrastructure';
import { FINAL_STATUSES_SQL } from '../delivery-log/notification-retention';

export function smsCapRetention({ timeZone }: { timeZone: string }): RetentionStep[] {
  return [
    {
      table: 'sms_daily_sends',
      action: 'deleted',
      days: 1,
      sql: `DELETE FROM sms_daily_sends WHERE notification_id = ANY (ARRAY(
              SELECT s.notification_id FROM sms_daily_sends s JOIN notifications n ON n.id = s.notification_id
               WHERE s.day < ((now() AT TIME ZONE $3) - make_interval(secs => $1))::date
                 AND n.status IN (${FINAL_STATUSES_SQL})
               ORDER BY s.day LIMIT $2 FOR UPDATE OF s SKIP LOCKED))`,
      params: [timeZone],
    },
  ];
}
