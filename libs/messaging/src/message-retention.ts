// The outbox's and the inbox's retention steps (their SQL lives with the lib that owns both tables): sent events and
// recorded message ids older than MESSAGE_RETENTION_DAYS are deleted by the service's retention sweep.
import type { RetentionStep } from '@wedding/infrastructure';

/**
 * An inbox row is what makes a redelivery harmless, so the retention must outlast any redelivery: the retry ladder
 * takes minutes, a dead letter replayed by hand may come days later (and the coordinator's unique booking id, the
 * notifications' unique key, still guard what they made).
 *
 * `outbox: false` for a service that only consumes (it has an inbox, no outbox).
 */
export function messageRetention({ days, outbox }: { days: number; outbox: boolean }): RetentionStep[] {
  const inbox: RetentionStep = {
    table: 'inbox',
    action: 'deleted',
    days,
    sql: `DELETE FROM inbox WHERE message_id = ANY (ARRAY(
            SELECT message_id FROM inbox WHERE received_at < now() - make_interval(secs => $1)
             ORDER BY received_at LIMIT $2 FOR UPDATE SKIP LOCKED))`,
  };
  if (!outbox) return [inbox];
  return [
    {
      table: 'outbox',
      action: 'deleted',
      days,
      sql: `DELETE FROM outbox WHERE id = ANY (ARRAY(
              SELECT id FROM outbox WHERE sent_at < now() - make_interval(secs => $1)
               ORDER BY sent_at LIMIT $2 FOR UPDATE SKIP LOCKED))`,
    },
    inbox,
  ];
}
