import { MigrationInterface, QueryRunner } from 'typeorm';

/** Each notification keeps the trace context of the delivery that planned it: its sends join the booking's trace. */
export class NotificationTraceContext1765100000000 implements MigrationInterface {
  name = 'NotificationTraceContext1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notifications ADD COLUMN traceparent text, ADD COLUMN tracestate text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notifications DROP COLUMN traceparent, DROP COLUMN tracestate`);
  }
}
