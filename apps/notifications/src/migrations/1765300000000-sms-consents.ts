import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SMS: the coordinator's number and switch in the settings; every opt-in and opt-out of a number, kept as history
 * (who, when, the text shown or received, from where); and the SMS counted against each coordinator's daily cap.
 */
export class SmsConsents1765300000000 implements MigrationInterface {
  name = 'SmsConsents1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification_settings ADD COLUMN sms_enabled boolean NOT NULL DEFAULT false,
                     ADD COLUMN sms_phone text`);
    // Never updated: the latest row of a (coordinator, number) is its consent now.
    await q.query(`
      CREATE TABLE sms_consents (
        id             bigserial PRIMARY KEY,
        coordinator_id uuid NOT NULL,
        phone          text NOT NULL,
        opted_in       boolean NOT NULL,
        source         text NOT NULL CHECK (source IN ('settings', 'couple-booking', 'inbound-stop', 'inbound-start')),
        consent_text   text NOT NULL,
        recorded_at    timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX sms_consents_current_idx ON sms_consents (coordinator_id, phone, id DESC)`);
    await q.query(`CREATE INDEX sms_consents_phone_idx ON sms_consents (phone)`);
    // One row per SMS the dispatcher let through, on the marketplace day it was first tried.
    await q.query(`
      CREATE TABLE sms_daily_sends (
        notification_id uuid PRIMARY KEY REFERENCES notifications (id) ON DELETE CASCADE,
        coordinator_id  uuid NOT NULL,
        day             date NOT NULL
      )`);
    await q.query(`CREATE INDEX sms_daily_sends_day_idx ON sms_daily_sends (coordinator_id, day)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sms_daily_sends`);
    await q.query(`DROP TABLE sms_consents`);
    await q.query(`ALTER TABLE notification_settings DROP COLUMN sms_phone, DROP COLUMN sms_enabled`);
  }
}
