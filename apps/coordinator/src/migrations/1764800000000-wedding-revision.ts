import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each wedding counts its changes: CoordinatorWeddingUpdated carries the count, so a consumer keeps the newest state
 * whatever order the events arrive in (timestamps are not monotonic across transactions). A wedding starts at 1.
 */
export class WeddingRevision1764800000000 implements MigrationInterface {
  name = 'WeddingRevision1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE coordinator_weddings ADD COLUMN revision integer NOT NULL DEFAULT 1`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE coordinator_weddings DROP COLUMN revision`);
  }
}
