import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The integration's failure reason becomes a category the couple may see (INTEGRATION_FAILURE_REASONS, frozen here as
 * migrations are): a reason stored before held the coordinator's error text, which may quote SQL or a trigger.
 */
export class IntegrationReasonCodes1764500000000 implements MigrationInterface {
  name = 'IntegrationReasonCodes1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE bookings SET coordinator_integration_reason = 'internal_error'
        WHERE coordinator_integration_reason NOT IN ('coordinator_unavailable', 'invalid_booking', 'internal_error')`,
    );
  }

  async down(): Promise<void> {
    // The texts are gone; the categories stay.
  }
}
