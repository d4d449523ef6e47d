import { MigrationInterface, QueryRunner } from 'typeorm';
import { messageTables } from '@wedding/messaging';

/** The relay claims rows for a while instead of holding a transaction open while the broker confirms them. */
export class OutboxClaims1764200000000 implements MigrationInterface {
  name = 'OutboxClaims1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await messageTables.addOutboxClaims(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox DROP COLUMN claimed_until`);
  }
}
