import { MigrationInterface, QueryRunner } from 'typeorm';
import { messageTables } from '@wedding/messaging';

/**
 * The notifications (one row per email to send, which is also the delivery queue), their attempts, the coordinators'
 * settings, and the inbox of events already expanded.
 */
export class CreateNotificationsSchema1765000000000 implements MigrationInterface {
  name = 'CreateNotificationsSchema1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notifications (
        id             uuid PRIMARY KEY,
        coordinator_id uuid NOT NULL,
        event_id       uuid NOT NULL,
        event_type     text NOT NULL,
        booking_id     uuid,
        wedding_id     uuid,
        channel        text NOT NULL CHECK (channel IN ('email')),
        recipient      text NOT NULL,
        template       text NOT NULL,
        subject        text NOT NULL,
        payload        jsonb NOT NULL,
        message_id     text NOT NULL UNIQUE,
        status         text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
        attempts       integer NOT NULL DEFAULT 0,
        due_at         timestamptz NOT NULL DEFAULT now(),
        claimed_until  timestamptz,
        last_error     text,
        sent_at        timestamptz,
        resend_of      uuid REFERENCES notifications (id),
        created_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at     timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    // Exactly once per (event, channel, recipient, template): a redelivered event inserts nothing. A resend is a
    // deliberate new row of its own.
    await q.query(`CREATE UNIQUE INDEX notifications_once_key ON notifications (event_id, channel, recipient, template)
                     WHERE resend_of IS NULL`);
    // The dispatchers' scan, proportional to what is waiting.
    await q.query(`CREATE INDEX notifications_due_idx ON notifications (due_at) WHERE status IN ('pending', 'sending')`);
    // The delivery log, newest first per coordinator.
    await q.query(`CREATE INDEX notifications_log_idx ON notifications (coordinator_id, created_at DESC, id)`);
    await q.query(`CREATE INDEX notifications_resend_idx ON notifications (resend_of) WHERE resend_of IS NOT NULL`);
    await q.query(`
      CREATE TABLE notification_attempts (
        notification_id uuid NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
        attempt         integer NOT NULL,
        started_at      timestamptz NOT NULL,
        duration_ms     integer,
        outcome         text NOT NULL CHECK (outcome IN ('sending', 'sent', 'deferred', 'rejected', 'interrupted')),
        smtp_code       integer,
        reply           text,
        PRIMARY KEY (notification_id, attempt)
      )`);
    await q.query(`
      CREATE TABLE notification_settings (
        coordinator_id               uuid PRIMARY KEY,
        email_enabled                boolean NOT NULL,
        email_address                text,
        couple_confirmation_enabled  boolean NOT NULL,
        updated_at                   timestamptz NOT NULL DEFAULT now()
      )`);
    await messageTables.createInbox(q);
    await messageTables.indexInboxForRetention(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE inbox`);
    await q.query(`DROP TABLE notification_settings`);
    await q.query(`DROP TABLE notification_attempts`);
    await q.query(`DROP TABLE notifications`);
  }
}
