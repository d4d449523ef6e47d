import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One calendar feed per coordinator: its id (the feed's secret is derived from it with CALENDAR_FEED_KEY) and the
 * SHA-256 of that secret, by which a calendar app's request is matched. Rotating replaces both.
 */
export class CalendarFeeds1764500000000 implements MigrationInterface {
  name = 'CalendarFeeds1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE coordinator_calendar_feeds (
         coordinator_id uuid PRIMARY KEY,
         feed_id uuid NOT NULL,
         secret_hash bytea NOT NULL UNIQUE,
         created_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE coordinator_calendar_feeds`);
  }
}
