// Every change a coordinator should see on the dashboard, written in the transaction of the change itself.
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';

export type ActivityType =
  | 'client_created'
  | 'client_matched'
  | 'client_updated'
  | 'wedding_created'
  | 'wedding_updated'
  | 'milestone_completed'
  | 'milestone_reopened'
  | 'integration_failed';

export interface Activity {
  coordinatorId: string;
  weddingId: string | null;
  type: ActivityType;
  description: string;
  metadata: Record<string, unknown>;
}

/** All entries in one statement. */
export async function logActivity(em: EntityManager, entries: Activity[]): Promise<void> {
  await em.query(
    `INSERT INTO coordinator_activity_log (id, coordinator_id, wedding_id, activity_type, description, metadata)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::jsonb[])`,
    [
      entries.map(() => randomUUID()),
      entries.map((e) => e.coordinatorId),
      entries.map((e) => e.weddingId),
      entries.map((e) => e.type),
      entries.map((e) => e.description),
      entries.map((e) => JSON.stringify(e.metadata)),
    ],
  );
}
