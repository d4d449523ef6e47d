import { MigrationInterface, QueryRunner } from 'typeorm';
import { messageTables } from '@wedding/messaging';

/** Indexes for the background deletion of sent outbox rows and old inbox rows (MESSAGE_RETENTION_DAYS). */
export class MessageRetention1764600000000 implements MigrationInterface {
  name = 'MessageRetention1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await messageTables.indexForRetention(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX outbox_sent_idx`);
    await q.query(`DROP INDEX inbox_received_idx`);
  }
}
