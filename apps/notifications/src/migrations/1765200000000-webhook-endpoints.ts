import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The coordinators' webhook endpoints. Their deliveries are notifications rows (channel 'webhook', recipient = the
 * endpoint's id), so the delivery log, its attempts and the resend serve them too. A rotated secret is kept, and still
 * signs, until `previous_secret_expires_at`. `failing_since` is the first failure after the last success: an endpoint
 * that has failed since longer than WEBHOOK_DISABLE_AFTER_S is disabled.
 */
export class WebhookEndpoints1765200000000 implements MigrationInterface {
  name = 'WebhookEndpoints1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhook_endpoints (
        id                         uuid PRIMARY KEY,
        coordinator_id             uuid NOT NULL,
        url                        text NOT NULL,
        format                     text NOT NULL DEFAULT 'standard' CHECK (format IN ('standard', 'slack')),
        events                     text[] NOT NULL,
        description                text,
        enabled                    boolean NOT NULL DEFAULT true,
        disabled_reason            text,
        secret                     text NOT NULL,
        previous_secret            text,
        previous_secret_expires_at timestamptz,
        failing_since              timestamptz,
        created_at                 timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at                 timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX webhook_endpoints_coordinator_idx ON webhook_endpoints (coordinator_id, created_at)`);
    // The webhook dispatcher's scan: the due deliveries of each endpoint, and the ones in flight.
    await q.query(`CREATE INDEX notifications_webhook_due_idx ON notifications (recipient, due_at)
                     WHERE channel = 'webhook' AND status IN ('pending', 'sending')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notifications_webhook_due_idx`);
    await q.query(`DROP TABLE webhook_endpoints`);
  }
}
