import { MigrationInterface, QueryRunner } from 'typeorm';

/** The retention sweep finds ended confirmation requests, oldest first, by this index (sms-confirmation-retention.ts). */
export class SmsConfirmationRetention1766520000000 implements MigrationInterface {
  name = 'SmsConfirmationRetention1766520000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX sms_confirmations_ended_idx ON sms_confirmations (ended_at) WHERE ended_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX sms_confirmations_ended_idx`);
  }
}
