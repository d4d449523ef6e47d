import { MigrationInterface, QueryRunner } from 'typeorm';

/** Who the frontend says the couple is, without a token to vouch for it, kept apart from the verified couple_id. */
export class ClaimedCoupleId1764400000000 implements MigrationInterface {
  name = 'ClaimedCoupleId1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE bookings ADD COLUMN claimed_couple_id text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE bookings DROP COLUMN claimed_couple_id`);
  }
}
