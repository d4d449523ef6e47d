import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The notifications table becomes the queue of every channel: email, signed webhook deliveries and SMS. An SMS whose
 * outcome is unknown (a timeout after the provider may have sent it) is never sent again: `unknown`. A message the
 * coordinator's limits held back (the SMS spending guard) is `skipped`. Attempts record an HTTP status beside the SMTP
 * code, and an `unknown` outcome.
 */
export class NotificationChannels1765150000000 implements MigrationInterface {
  name = 'NotificationChannels1765150000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_channel_check,
                     ADD CONSTRAINT notifications_channel_check CHECK (channel IN ('email', 'webhook', 'sms'))`);
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_status_check,
                     ADD CONSTRAINT notifications_status_check
                       CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'unknown', 'skipped'))`);
    await q.query(`ALTER TABLE notification_attempts DROP CONSTRAINT notification_attempts_outcome_check,
                     ADD CONSTRAINT notification_attempts_outcome_check
                       CHECK (outcome IN ('sending', 'sent', 'deferred', 'rejected', 'interrupted', 'unknown'))`);
    await q.query(`ALTER TABLE notification_attempts ADD COLUMN http_status integer`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification_attempts DROP COLUMN http_status`);
    await q.query(`ALTER TABLE notification_attempts DROP CONSTRAINT notification_attempts_outcome_check,
                     ADD CONSTRAINT notification_attempts_outcome_check
                       CHECK (outcome IN ('sending', 'sent', 'deferred', 'rejected', 'interrupted'))`);
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_status_check,
                     ADD CONSTRAINT notifications_status_check CHECK (status IN ('pending', 'sending', 'sent', 'failed'))`);
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_channel_check,
                     ADD CONSTRAINT notifications_channel_check CHECK (channel IN ('email'))`);
  }
}
