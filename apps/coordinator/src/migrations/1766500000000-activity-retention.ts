import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention of the activity log (activity/activity-retention.ts): an entry older than PERSONAL_DATA_RETENTION_DAYS
 * has its description replaced and its metadata cut to ids, and `scrubbed_at` says when; one older than
 * ACTIVITY_RETENTION_DAYS is deleted. Each sweep reads an index in the order it prunes: a batch costs the rows it
 * changes, not the table (the dashboard's index leads with the coordinator).
 */
export class ActivityRetention1766500000000 implements MigrationInterface {
  name = 'ActivityRetention1766500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE coordinator_activity_log ADD COLUMN scrubbed_at timestamptz`);
    await q.query(`CREATE INDEX coordinator_activity_log_unscrubbed_idx ON coordinator_activity_log (created_at) WHERE scrubbed_at IS NULL`);
    await q.query(`CREATE INDEX coordinator_activity_log_created_idx ON coordinator_activity_log (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX coordinator_activity_log_created_idx`);
    await q.query(`DROP INDEX coordinator_activity_log_unscrubbed_idx`);
    await q.query(`ALTER TABLE coordinator_activity_log DROP COLUMN scrubbed_at`);
  }
}
