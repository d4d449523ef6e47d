// The idempotent consumer: a message id is recorded in the same transaction as the work it caused. This file is the
// inbox's one writer; message-tables.ts holds its DDL, message-retention.ts prunes it.
import { EntityManager } from 'typeorm';
import { noteDuplicate } from './delivery-scope';

/**
 * True the first time a message id is seen; false for a redelivery or a duplicate publish (and the delivery being
 * handled is then counted as a duplicate).
 */
export async function recordInboxMessage(em: EntityManager, messageId: string, type: string): Promise<boolean> {
  const rows: unknown[] = await em.query(
    `INSERT INTO inbox (message_id, type) VALUES ($1, $2) ON CONFLICT (message_id) DO NOTHING RETURNING message_id`,
    [messageId, type],
  );
  if (rows.length === 0) noteDuplicate(messageId);
  return rows.length === 1;
}

/**
 * A consumer's statement guarded by the inbox, in one round trip: `statement` (an INSERT, UPDATE or DELETE without
 * RETURNING) runs as part of a statement whose CTE `first_delivery` records the message id (parameters $1 and $2); it
 * should act only `WHERE EXISTS (SELECT 1 FROM first_delivery)`, so a redelivered message changes nothing. Its own
 * parameters start at $3. Answers whether this was the message's first delivery.
 */
export async function runOnFirstDelivery(
  em: EntityManager,
  { messageId, type }: { messageId: string; type: string },
  statement: string,
  parameters: unknown[],
): Promise<boolean> {
  const [{ first }]: { first: boolean }[] = await em.query(
    `WITH first_delivery AS (
       INSERT INTO inbox (message_id, type) VALUES ($1, $2) ON CONFLICT (message_id) DO NOTHING RETURNING message_id
     ), effect AS (
       ${statement}
     )
     SELECT EXISTS (SELECT 1 FROM first_delivery) AS first`,
    [messageId, type, ...parameters],
  );
  if (!first) noteDuplicate(messageId);
  return first;
}
