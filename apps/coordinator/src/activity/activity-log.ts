// Every change a coordinator should see on the dashboard, written in the transaction of the change itself, and
// announced on a PostgreSQL channel so that open dashboards (on any instance) hear of it when that transaction commits.
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
  | 'milestone_added'
  | 'plan_changed'
  | 'integration_failed'
  | 'calendar_feed_rotated'
  | 'budget_set'
  | 'budget_changed';

export interface Activity {
  coordinatorId: string;
  weddingId: string | null;
  type: ActivityType;
  description: string;
  metadata: Record<string, unknown>;
}

/** The NOTIFY channel of committed activity entries (see ActivityListener). */
export const ACTIVITY_CHANNEL = 'coordinator_activity';

/** What is announced of each entry: ids and its type only, since any session of the database may LISTEN. */
export interface ActivityNotice {
  coordinatorId: string;
  type: ActivityType;
  weddingId: string | null;
  clientId: string | null;
}

/**
 * SQL announcing the rows a CTE returned from an INSERT into coordinator_activity_log (coordinator_id, wedding_id,
 * activity_type, metadata). pg_notify inside the transaction is delivered only if and when it commits, and well
 * under NOTIFY's 8000-byte limit.
 */
export const announceActivity = (cte: string) =>
  `SELECT count(pg_notify('${ACTIVITY_CHANNEL}', json_build_object(
            'coordinatorId', coordinator_id, 'type', activity_type,
            'weddingId', wedding_id, 'clientId', metadata->>'clientId')::text))
     FROM ${cte}`;

/** All entries in one statement, each announced on ACTIVITY_CHANNEL. */
export async function logActivity(em: EntityManager, entries: Activity[]): Promise<void> {
  await em.query(
    `WITH entries AS (
       INSERT INTO coordinator_activity_log (id, coordinator_id, wedding_id, activity_type, description, metadata)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::jsonb[])
       RETURNING coordinator_id, wedding_id, activity_type, metadata
     )
     ${announceActivity('entries')}`,
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
