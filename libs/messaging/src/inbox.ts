// The idempotent consumer: a message id is recorded in the same transaction as the work it caused.
import { EntityManager } from 'typeorm';

/** True the first time a message id is seen; false for a redelivery or a duplicate publish. */
export async function recordInboxMessage(em: EntityManager, messageId: string, type: string): Promise<boolean> {
  const rows: unknown[] = await em.query(
    `INSERT INTO inbox (message_id, type) VALUES ($1, $2) ON CONFLICT (message_id) DO NOTHING RETURNING message_id`,
    [messageId, type],
  );
  return rows.length === 1;
}
