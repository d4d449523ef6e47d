// CoordinatorWeddingUpdated: the wedding's schedule as it stands after a change made through the API, written to the
// outbox in the change's own transaction (claimed by this process, which publishes it once the transaction commits).
import { EntityManager } from 'typeorm';
import { CoordinatorWeddingUpdated, EventPayload, WeddingChange } from '@wedding/contracts';
import { OutboxRelay, PreparedEvent, prepareEvent, writeToOutbox } from '@wedding/messaging';

export type WeddingUpdate = PreparedEvent<CoordinatorWeddingUpdated>;

/** The event's payload; the wedding's id is its correlation id (a wedding entered by hand has no booking). */
export function weddingUpdated(relay: OutboxRelay, payload: EventPayload<CoordinatorWeddingUpdated>): WeddingUpdate {
  return relay.claimForCommit(prepareEvent(CoordinatorWeddingUpdated, payload, { correlationId: payload.weddingId }));
}

/**
 * Counts the wedding's revision up and announces what it now is. The caller holds the wedding's row lock (or its
 * UPDATE took it), so revisions follow the order of the commits.
 */
export async function announceWeddingChange(
  em: EntityManager,
  relay: OutboxRelay,
  weddingId: string,
  change: WeddingChange,
): Promise<WeddingUpdate> {
  // For an UPDATE, TypeORM answers [rows, affected count].
  const [[wedding]]: [WeddingRow[], number] = await em.query(
    `UPDATE coordinator_weddings SET revision = revision + 1 WHERE id = $1
     RETURNING coordinator_id, client_id, couple_name, to_char(wedding_date, 'YYYY-MM-DD') AS wedding_date, status, revision`,
    [weddingId],
  );
  const milestones: MilestoneRow[] = await em.query(
    `SELECT id, title, to_char(due_date, 'YYYY-MM-DD') AS due_date, completed
       FROM wedding_milestones WHERE wedding_id = $1 ORDER BY due_date, sort_order`,
    [weddingId],
  );
  const update = weddingUpdated(relay, {
    coordinatorId: wedding.coordinator_id,
    weddingId,
    clientId: wedding.client_id,
    revision: wedding.revision,
    change,
    coupleName: wedding.couple_name,
    weddingDate: wedding.wedding_date,
    status: wedding.status,
    milestones: milestones.map((m) => ({ id: m.id, title: m.title, dueDate: m.due_date, completed: m.completed })),
  });
  await writeToOutbox(em, update);
  return update;
}

interface WeddingRow {
  coordinator_id: string;
  client_id: string | null;
  couple_name: string;
  wedding_date: string;
  status: CoordinatorWeddingUpdated['status'];
  revision: number;
}

interface MilestoneRow {
  id: string;
  title: string;
  due_date: string;
  completed: boolean;
}
