// The delivery log's retention: what a notification says about a person (its address or number, its rendered subject
// or text, its payload, the errors and replies that may echo them) goes after PERSONAL_DATA_RETENTION_DAYS; the
// non-personal skeleton (channel, template, status, attempts with their times and codes, ids) after
// NOTIFICATION_RETENTION_DAYS. Nothing that still matters goes: a notification still waiting or being sent (the row
// is the queue), the first of a resend while the resend is kept, an SMS the daily cap still counts.
import type { RetentionStep } from '@wedding/infrastructure';

/** The ends of a notification; only these are pruned (a status added later stays until it is listed here). */
export const FINAL_STATUSES = ['sent', 'failed', 'unknown', 'skipped'] as const;
/** FINAL_STATUSES as an SQL list. */
export const FINAL_STATUSES_SQL = FINAL_STATUSES.map((status) => `'${status}'`).join(', ');

export interface NotificationRetentionSettings {
  personalDataRetentionDays: number;
  notificationRetentionDays: number;
  /** The marketplace's calendar, whose days the SMS cap counts. */
  timeZone: string;
}

export function notificationRetention(settings: NotificationRetentionSettings): RetentionStep[] {
  return [
    {
      // A webhook delivery's recipient is its endpoint's id and its subject the event type: they stay. Its body (the
      // couple's name) goes with every other payload, and a receiver's or provider's reply with every attempt's.
      table: 'notifications',
      action: 'scrubbed',
      days: settings.personalDataRetentionDays,
      sql: `WITH chosen AS (
              SELECT id FROM notifications
               WHERE scrubbed_at IS NULL AND status IN (${FINAL_STATUSES_SQL}) AND created_at < now() - make_interval(secs => $1)
               ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED
            ), replies AS (
              UPDATE notification_attempts SET reply = NULL
               WHERE notification_id = ANY (ARRAY(SELECT id FROM chosen)) AND reply IS NOT NULL
            )
            UPDATE notifications n
               SET recipient = CASE WHEN n.channel = 'webhook' THEN n.recipient END,
                   subject = CASE WHEN n.channel = 'webhook' THEN n.subject END,
                   payload = NULL, last_error = NULL, scrubbed_at = now()
             WHERE n.id = ANY (ARRAY(SELECT id FROM chosen))`,
    },
    {
      // Their attempts and SMS cap rows go with them (ON DELETE CASCADE).
      table: 'notifications',
      action: 'deleted',
      days: settings.notificationRetentionDays,
      sql: `DELETE FROM notifications WHERE id = ANY (ARRAY(
              SELECT n.id FROM notifications n
               WHERE n.status IN (${FINAL_STATUSES_SQL}) AND n.created_at < now() - make_interval(secs => $1)
                 -- Resends refer to their first, and serialize on it: it goes after the last of them.
                 AND NOT EXISTS (SELECT 1 FROM notifications r WHERE r.resend_of = n.id)
                 -- What the daily SMS cap counts (yesterday's too: a retry across midnight finds its row counted).
                 AND NOT EXISTS (SELECT 1 FROM sms_daily_sends s
                                  WHERE s.notification_id = n.id AND s.day >= (now() AT TIME ZONE $3)::date - 1)
               ORDER BY n.created_at LIMIT $2 FOR UPDATE OF n SKIP LOCKED))`,
      params: [settings.timeZone],
    },
  ];
}
