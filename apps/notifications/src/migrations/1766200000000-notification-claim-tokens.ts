import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each claim of a notification writes a fresh token to the row, and every later step of its sender (the SMS admit,
 * recording an outcome, giving the row back) changes the row only while it still carries that token: a sender that
 * stalled past its lease, and was overtaken by another instance, changes nothing and sends nothing. A row carries a
 * token only while it is claimed (`sending`); whatever ends a claim clears it.
 */
export class NotificationClaimTokens1766200000000 implements MigrationInterface {
  name = 'NotificationClaimTokens1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notifications ADD COLUMN claim_token uuid`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notifications DROP COLUMN claim_token`);
  }
}
