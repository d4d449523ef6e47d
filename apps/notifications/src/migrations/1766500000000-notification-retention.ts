import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention of the delivery log and the reminders (see delivery-log/notification-retention.ts,
 * reminders/reminder-retention.ts, sms/sms-cap-retention.ts). A notification done for PERSONAL_DATA_RETENTION_DAYS
 * loses its recipient (kept for a webhook: the endpoint's id), subject, payload and error text, and `scrubbed_at` says
 * when; so those columns may now be empty. Each sweep reads an index in the order it prunes, so that a batch costs
 * the rows it changes, not the table.
 */
export class NotificationRetention1766500000000 implements MigrationInterface {
  name = 'NotificationRetention1766500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notifications ADD COLUMN scrubbed_at timestamptz,
                     ALTER COLUMN recipient DROP NOT NULL, ALTER COLUMN subject DROP NOT NULL, ALTER COLUMN payload DROP NOT NULL`);
    // The same list of final statuses as the sweeps' (FINAL_STATUSES): a partial index is used only by a query whose
    // condition implies its own.
    await q.query(`CREATE INDEX notifications_unscrubbed_idx ON notifications (created_at)
                     WHERE scrubbed_at IS NULL AND status IN ('sent', 'failed', 'unknown', 'skipped')`);
    await q.query(`CREATE INDEX notifications_done_idx ON notifications (created_at) WHERE status IN ('sent', 'failed', 'unknown', 'skipped')`);
    await q.query(`CREATE INDEX sms_daily_sends_by_day_idx ON sms_daily_sends (day)`);
    await q.query(`CREATE INDEX reminders_done_idx ON reminders (due_date) WHERE status IN ('fired', 'cancelled')`);
    await q.query(`CREATE INDEX projected_weddings_date_idx ON projected_weddings (wedding_date)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of [
      'projected_weddings_date_idx',
      'reminders_done_idx',
      'sms_daily_sends_by_day_idx',
      'notifications_done_idx',
      'notifications_unscrubbed_idx',
    ]) {
      await q.query(`DROP INDEX ${index}`);
    }
    // A scrubbed row has nothing to put back: down refuses to run over one rather than invent a recipient.
    await q.query(`ALTER TABLE notifications DROP COLUMN scrubbed_at,
                     ALTER COLUMN recipient SET NOT NULL, ALTER COLUMN subject SET NOT NULL, ALTER COLUMN payload SET NOT NULL`);
  }
}
