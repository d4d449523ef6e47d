import { MigrationInterface, QueryRunner } from 'typeorm';
import { messageTables } from '@wedding/messaging';

/** The outcome of a coordinator booking's integration, heard from the coordinator service's events. */
export class TrackCoordinatorIntegration1764100000000 implements MigrationInterface {
  name = 'TrackCoordinatorIntegration1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE bookings
        ADD COLUMN coordinator_client_id uuid,
        ADD COLUMN coordinator_wedding_id uuid,
        ADD COLUMN coordinator_integration_completed_at timestamptz,
        ADD COLUMN coordinator_integration_reason text`);
    await messageTables.createInbox(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE inbox`);
    await q.query(`
      ALTER TABLE bookings
        DROP COLUMN coordinator_client_id,
        DROP COLUMN coordinator_wedding_id,
        DROP COLUMN coordinator_integration_completed_at,
        DROP COLUMN coordinator_integration_reason`);
  }
}
