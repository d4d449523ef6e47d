// The idempotent consumer: a message id is recorded in the same transaction as the work it caused. This file is the
// inbox's one writer; message-tables.ts holds its DDL, message-retention.ts prunes it.
import { EntityManager } from 'typeorm';

/** True the first time a message id is seen; false for a redelivery or a duplicate publish. */
export async function recordInboxMessage(em: EntityManager, messageId: string, type: string): Promise<boolean> {
  const rows: unknown[] = await em.query(
    `INSERT INTO inbox (message_id, type) VALUES ($1, $2) ON CONFLICT (message_id) DO NOTHING RETURNING message_id`,
    [messageId, type],
  );
  return rows.length === 1;
}

/**
 * A consumer's statement guarded by the inbox, in one round trip: `statement` runs as part of a statement whose CTE
 * `first_delivery` records the message id (parameters $1 and $2); it should act only
 * `WHERE EXISTS (SELECT 1 FROM first_delivery)`, so a redelivered message changes nothing. Its own parameters start
 * at $3.
 */
export async function runOnFirstDelivery(
  em: EntityManager,
  { messageId, type }: { messageId: string; type: string },
  statement: string,
  parameters: unknown[],
): Promise<void> {
  await em.query(
    `WITH first_delivery AS (
       INSERT INTO inbox (message_id, type) VALUES ($1, $2) ON CONFLICT (message_id) DO NOTHING RETURNING message_id
     )
     ${statement}`,
    [messageId, type, ...parameters],
  );
}
