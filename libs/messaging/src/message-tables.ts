// The DDL of the outbox and the inbox, owned by the code that writes them (outbox.ts, inbox.ts). Each step is frozen
// once released, like a migration: each service's migrations call the steps in order, so no service copies the DDL.
import { QueryRunner } from 'typeorm';

export const messageTables = {
  /** Events waiting for the relay; the partial index keeps the relay's scan proportional to the backlog. */
  async createOutbox(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox (
        id             uuid PRIMARY KEY,
        type           text NOT NULL,
        version        integer NOT NULL,
        payload        jsonb NOT NULL,
        correlation_id text,
        created_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
        sent_at        timestamptz
      )`);
    await q.query(`CREATE INDEX outbox_unsent_idx ON outbox (created_at) WHERE sent_at IS NULL`);
  },

  /** The relay claims rows for a while instead of holding a transaction open while the broker confirms them. */
  async addOutboxClaims(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox ADD COLUMN claimed_until timestamptz`);
  },

  /** Message ids already processed (idempotent consumer), written in the same transaction as their effects. */
  async createInbox(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE inbox (
        message_id  uuid PRIMARY KEY,
        type        text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
  },

  /** What the retention sweep deletes by: sent outbox rows by their sending time, inbox rows by their arrival. */
  async indexForRetention(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX outbox_sent_idx ON outbox (sent_at) WHERE sent_at IS NOT NULL`);
    await q.query(`CREATE INDEX inbox_received_idx ON inbox (received_at)`);
  },

  /** indexForRetention for a service that only consumes (an inbox, no outbox); messageRetention() is told `outbox: false`. */
  async indexInboxForRetention(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX inbox_received_idx ON inbox (received_at)`);
  },

  /** The W3C trace context of the transaction that wrote each row, for the relay to publish the row in. */
  async addOutboxTraceContext(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox ADD COLUMN traceparent text, ADD COLUMN tracestate text`);
  },
};
