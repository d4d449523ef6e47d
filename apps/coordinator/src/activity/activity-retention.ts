// The activity log's retention, beside its one writer (activity-log.ts). An entry's description and metadata quote the
// couple (their name, the failure's text, a wedding's old and new venue or budget): after PERSONAL_DATA_RETENTION_DAYS
// the description becomes its type's plain wording and the metadata keeps only ids, codes and the names of the fields
// a change touched — the coordinator's timeline still says what happened, linked to the client and wedding, whose own
// records hold the names. After ACTIVITY_RETENTION_DAYS the entry is deleted.
import type { RetentionStep } from '@wedding/infrastructure';
import type { ActivityType } from './activity-log';

/** What an entry says once it is scrubbed: its type's wording, nobody's name. */
export const SCRUBBED_DESCRIPTIONS: Record<ActivityType, string> = {
  client_created: 'Client added',
  client_matched: 'Booking matched an existing client',
  client_updated: 'Client updated',
  wedding_created: 'Wedding added',
  wedding_updated: 'Wedding updated',
  milestone_completed: 'Milestone completed',
  milestone_reopened: 'Milestone reopened',
  milestone_added: 'Milestone added',
  plan_changed: 'Plan fitted again',
  integration_failed: 'A booking could not be set up automatically',
  calendar_feed_rotated: 'Calendar feed address replaced',
  budget_set: 'Budget set',
  budget_changed: 'Budget changed',
};

/** For a type written before this list knew it. */
export const SCRUBBED_DESCRIPTION = 'Activity (details removed)';

/** Metadata that names nobody: ids, where it came from, a failure's category and attempts, the fields a change touched. */
export const KEPT_METADATA = ['bookingId', 'clientId', 'weddingId', 'milestoneId', 'source', 'reasonCode', 'attempts', 'fields', 'category'];

export function activityRetention(settings: { personalDataRetentionDays: number; activityRetentionDays: number }): RetentionStep[] {
  return [
    {
      table: 'coordinator_activity_log',
      action: 'scrubbed',
      days: settings.personalDataRetentionDays,
      // A wedding's update keeps which fields changed (`fields`), not their values (`changes`, `previous`).
      sql: `WITH chosen AS (
              SELECT id FROM coordinator_activity_log
               WHERE scrubbed_at IS NULL AND created_at < now() - make_interval(secs => $1)
               ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED
            )
            UPDATE coordinator_activity_log a
               SET description = COALESCE((SELECT d.text FROM unnest($3::text[], $4::text[]) AS d (type, text)
                                            WHERE d.type = a.activity_type), $5),
                   metadata = COALESCE((SELECT jsonb_object_agg(m.key, m.value) FROM jsonb_each(a.metadata) AS m
                                         WHERE m.key = ANY ($6::text[])), '{}'::jsonb)
                              || CASE WHEN jsonb_typeof(a.metadata -> 'changes') = 'object'
                                      THEN jsonb_build_object('fields', COALESCE((SELECT jsonb_agg(k ORDER BY k)
                                                                                   FROM jsonb_object_keys(a.metadata -> 'changes') AS k), '[]'))
                                      ELSE '{}'::jsonb END,
                   scrubbed_at = now()
             WHERE a.id = ANY (ARRAY(SELECT id FROM chosen))`,
      params: [Object.keys(SCRUBBED_DESCRIPTIONS), Object.values(SCRUBBED_DESCRIPTIONS), SCRUBBED_DESCRIPTION, KEPT_METADATA],
    },
    {
      table: 'coordinator_activity_log',
      action: 'deleted',
      days: settings.activityRetentionDays,
      sql: `DELETE FROM coordinator_activity_log WHERE id = ANY (ARRAY(
              SELECT id FROM coordinator_activity_log WHERE created_at < now() - make_interval(secs => $1)
               ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED))`,
    },
  ];
}
