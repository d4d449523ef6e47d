import { MigrationInterface, QueryRunner } from 'typeorm';
import { messageTables } from '@wedding/messaging';

/** Each outbox row keeps the trace context of the transaction that wrote it (traceparent, tracestate). */
export class OutboxTraceContext1764700000000 implements MigrationInterface {
  name = 'OutboxTraceContext1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await messageTables.addOutboxTraceContext(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox DROP COLUMN traceparent, DROP COLUMN tracestate`);
  }
}
