// One client per couple and coordinator, matched on normalized email or phone (never on the couple's name).
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { normalizePhone } from '@wedding/contracts';
import { PermanentError } from '@wedding/messaging';
import { normalizeEmail } from '../domain/contact';
import { ClientStatus } from './client.entity';

export interface ClientDetails {
  coordinatorId: string;
  coupleName: string;
  email: string | null;
  phone: string | null;
  budgetRange: string | null;
  notes: string | null;
  /** For a new client; a matched one keeps its own. Defaults to `lead`. */
  status?: ClientStatus;
}

export interface ClientMatch {
  id: string;
  created: boolean;
}

/**
 * An upsert rather than a read-then-write: the unique indexes on (coordinator_id, email_normalized) and
 * (coordinator_id, phone_normalized) decide between two transactions creating the same couple at once. The loser's
 * INSERT waits for the winner, then does nothing; the statement is run again and, in a fresh snapshot, matches it.
 */
export async function findOrCreateClient(em: EntityManager, client: ClientDetails): Promise<ClientMatch> {
  const email = normalizeEmail(client.email);
  const phone = normalizePhone(client.phone);
  // The contract requires one of the two; a value that normalizes to nothing can never be matched: no retry helps.
  if (!email && !phone) throw new PermanentError('a client needs an email or a phone number to be matched on');
  for (let attempt = 1; attempt <= 3; attempt++) {
    const rows: { id: string; created: boolean }[] = await em.query(
      `WITH existing AS (
         SELECT id FROM coordinator_clients
          WHERE coordinator_id = $1 AND (email_normalized = $2 OR phone_normalized = $3)
          ORDER BY created_at LIMIT 1
       ), inserted AS (
         INSERT INTO coordinator_clients
                (id, coordinator_id, couple_name, email, phone, email_normalized, phone_normalized, status,
                 budget_range, notes)
         SELECT $4, $1, $5, $6, $7, $2, $3, $10, $8, $9
          WHERE NOT EXISTS (SELECT 1 FROM existing)
         ON CONFLICT DO NOTHING
         RETURNING id
       )
       SELECT id, true AS created FROM inserted
       UNION ALL
       SELECT id, false AS created FROM existing`,
      [
        client.coordinatorId,
        email,
        phone,
        randomUUID(),
        client.coupleName,
        client.email?.trim() || null,
        client.phone?.trim() || null,
        client.budgetRange,
        client.notes,
        client.status ?? 'lead',
      ],
    );
    if (rows.length > 0) return rows[0];
  }
  throw new Error('could not find or create the client after 3 attempts');
}
