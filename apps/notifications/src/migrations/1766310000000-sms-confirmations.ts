import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A number saved in the settings is texted a confirmation code, and opted in only once the code is entered or the
 * number replies YES. Each request for a code is a row: who asked, for which number, what consent text they were
 * shown, the SMS that carries the code, the code's hash (minted when the SMS goes out, never kept in clear), its
 * expiry and the wrong entries so far, and how the request ended. One open request per coordinator. The consent
 * history records the two new ways in.
 */
export class SmsConfirmations1766310000000 implements MigrationInterface {
  name = 'SmsConfirmations1766310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sms_confirmations (
        id              uuid PRIMARY KEY,
        coordinator_id  uuid NOT NULL,
        phone           text NOT NULL,
        consent_text    text NOT NULL,
        requested_at    timestamptz NOT NULL,
        notification_id uuid UNIQUE REFERENCES notifications (id) ON DELETE SET NULL,
        code_hash       text,
        code_sent_at    timestamptz,
        expires_at      timestamptz,
        attempts        integer NOT NULL DEFAULT 0,
        ended_at        timestamptz,
        outcome         text CHECK (outcome IN ('confirmed-code', 'confirmed-reply', 'replaced', 'withdrawn', 'stopped')),
        CHECK ((ended_at IS NULL) = (outcome IS NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX sms_confirmations_open_idx ON sms_confirmations (coordinator_id) WHERE ended_at IS NULL`);
    // The limits: requests per coordinator per hour, per number per day.
    await q.query(`CREATE INDEX sms_confirmations_coordinator_idx ON sms_confirmations (coordinator_id, requested_at)`);
    await q.query(`CREATE INDEX sms_confirmations_phone_idx ON sms_confirmations (phone, requested_at)`);
    await q.query(`ALTER TABLE sms_consents DROP CONSTRAINT sms_consents_source_check,
                     ADD CONSTRAINT sms_consents_source_check
                       CHECK (source IN ('settings', 'couple-booking', 'inbound-stop', 'inbound-start', 'confirmation-code', 'inbound-yes'))`);
    // A STOP reply is recorded for every coordinator whose settings hold the number.
    await q.query(`CREATE INDEX notification_settings_sms_phone_idx ON notification_settings (sms_phone) WHERE sms_phone IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notification_settings_sms_phone_idx`);
    await q.query(`ALTER TABLE sms_consents DROP CONSTRAINT sms_consents_source_check,
                     ADD CONSTRAINT sms_consents_source_check
                       CHECK (source IN ('settings', 'couple-booking', 'inbound-stop', 'inbound-start'))`);
    await q.query(`DROP TABLE sms_confirmations`);
  }
}
