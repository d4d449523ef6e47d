import { MigrationInterface, QueryRunner } from 'typeorm';
import { messageTables } from '@wedding/messaging';

/** Outbox claims carry a token the relay's mark checks, and a lease written with the row counts from the commit. */
export class OutboxClaimFencing1766100000000 implements MigrationInterface {
  name = 'OutboxClaimFencing1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await messageTables.fenceOutboxClaims(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER outbox_lease_from_commit ON outbox`);
    await q.query(`DROP FUNCTION outbox_lease_from_commit()`);
    await q.query(`ALTER TABLE outbox DROP COLUMN claim_token`);
  }
}
