// The reminders' retention. A reminder's row is what keeps it from being sent twice (its id comes back whenever its
// milestone is projected again with the same due date), so it stays while its wedding can still be reminded of: a
// fired or cancelled reminder goes NOTIFICATION_RETENTION_DAYS after its wedding's day, a scheduled one never (the
// scheduler fires or cancels it). The projection of a wedding (the couple's name, the open milestones) is needed until
// the wedding's day: it goes PERSONAL_DATA_RETENTION_DAYS after it. A later revision of the wedding projects it again.
import type { RetentionStep } from '@wedding/infrastructure';

export interface ReminderRetentionSettings {
  personalDataRetentionDays: number;
  notificationRetentionDays: number;
  /** The marketplace's calendar, whose days weddings and milestones are on. */
  timeZone: string;
}

/** The last calendar day past the horizon: `$1` seconds before now, in the marketplace's calendar (`$3`). */
const CUTOFF = `((now() AT TIME ZONE $3) - make_interval(secs => $1))::date`;

export function reminderRetention(settings: ReminderRetentionSettings): RetentionStep[] {
  return [
    {
      table: 'reminders',
      action: 'deleted',
      days: settings.notificationRetentionDays,
      // A milestone is never due after its wedding, so a wedding past the cutoff has its reminders' due dates past it.
      sql: `DELETE FROM reminders WHERE id = ANY (ARRAY(
              SELECT r.id FROM reminders r
               WHERE r.status IN ('fired', 'cancelled') AND r.due_date < ${CUTOFF}
                 AND NOT EXISTS (SELECT 1 FROM projected_weddings w
                                  WHERE w.wedding_id = r.wedding_id AND w.wedding_date >= ${CUTOFF})
               ORDER BY r.due_date LIMIT $2 FOR UPDATE OF r SKIP LOCKED))`,
      params: [settings.timeZone],
    },
    {
      // Its open milestones go with it (ON DELETE CASCADE).
      table: 'projected_weddings',
      action: 'deleted',
      days: settings.personalDataRetentionDays,
      sql: `DELETE FROM projected_weddings WHERE wedding_id = ANY (ARRAY(
              SELECT wedding_id FROM projected_weddings WHERE wedding_date < ${CUTOFF}
               ORDER BY wedding_date LIMIT $2 FOR UPDATE SKIP LOCKED))`,
      params: [settings.timeZone],
    },
  ];
}
