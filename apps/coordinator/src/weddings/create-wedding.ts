// A wedding with its planned milestones, linked to its client: the same for a booking and for a coordinator's own
// entry, so both paths give the dashboard the same shape.
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { NO_OUTBOX_ROW, outboxInsertSql, PreparedEvent } from '@wedding/messaging';
import { ActivityType, announceActivity } from '../activity/activity-log';
import { FittedPlan } from '../planning/fit-plan';
import { WeddingType } from '../planning/plan-item';
import { columns, MilestoneRow, milestoneRow } from '../planning/replan-wedding';

export interface NewWedding {
  coordinatorId: string;
  clientId: string;
  /** Unique when set: a second wedding for the same booking is refused (createWedding answers null). */
  bookingId: string | null;
  coupleName: string;
  coupleEmail: string | null;
  couplePhone: string | null;
  weddingDate: string;
  venue: string | null;
  budget: number | null;
  guestCount: number | null;
  notes: string | null;
  /** The day planning starts (the booking date): no milestone falls due before it. */
  plannedOn: string;
  weddingType: { value: WeddingType; reason: string; source: 'inferred' | 'coordinator' };
  /** The template the plan came from; null for the shipped pack. */
  planTemplateId: string | null;
  /** Its milestones: the template fitted to the time left (planning/fit-plan.ts). */
  plan: FittedPlan;
}

/** An activity entry about the new wedding; its metadata gets the wedding's id. */
export interface WeddingActivity {
  type: ActivityType;
  description: string;
  metadata: Record<string, unknown>;
}

export interface CreatedWedding {
  id: string;
  milestones: MilestoneRow[];
}

/**
 * One statement (one round trip): the wedding, the client's link to it, its milestones, the activity entries (with
 * their notices to open dashboards) and, when `announce` is given, the event that announces the wedding (written to
 * the outbox).
 * Everything is keyed on the wedding the first CTE inserted, so when the booking already has a wedding (the unique
 * booking_id) nothing at all is written and the answer is null.
 */
export async function createWedding(
  em: EntityManager,
  wedding: NewWedding,
  activity: WeddingActivity[],
  announce?: (created: CreatedWedding) => PreparedEvent<object>,
): Promise<CreatedWedding | null> {
  const id = randomUUID();
  const milestones = wedding.plan.items.map((item) => ({ id: randomUUID(), ...milestoneRow(wedding.weddingDate, item) }));
  const progress = milestones.length === 0 ? 0 : Math.round((100 * milestones.filter((m) => m.completed).length) / milestones.length);
  // Without an event the outbox CTE inserts nothing (its SELECT is filtered out by the NULL id).
  const announcement = announce?.({ id, milestones }).row ?? NO_OUTBOX_ROW;
  const created: unknown[] = await em.query(
    `WITH wedding AS (
       INSERT INTO coordinator_weddings
              (id, coordinator_id, client_id, booking_id, couple_name, couple_email, couple_phone, wedding_date,
               venue, status, progress, budget, guest_count, notes, wedding_type, wedding_type_reason, wedding_type_source,
               plan_template_id, planned_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'planning', $33, $10, $11, $12, $34, $35, $36, $37, $38)
       ON CONFLICT (booking_id) DO NOTHING
       RETURNING id
     ), link AS (
       -- The client's current wedding, as in the seed; a client with a wedding is active.
       UPDATE coordinator_clients SET wedding_id = wedding.id, status = 'active', updated_at = now()
         FROM wedding WHERE coordinator_clients.id = $3
     ), milestones AS (
       INSERT INTO wedding_milestones (id, wedding_id, title, description, days_before, due_date, compressed, sort_order,
                                       key, source, category, legal, flag, completed, completed_at)
       SELECT m.id, wedding.id, m.title, m.description, m.days_before, m.due_date, m.compressed, m.sort_order,
              m.key, 'plan', m.category, m.legal, m.flag, m.completed, CASE WHEN m.completed THEN now() END
         FROM wedding,
              unnest($13::uuid[], $14::text[], $15::text[], $16::int[], $17::date[], $18::boolean[], $19::int[],
                     $39::text[], $40::text[], $41::boolean[], $42::text[], $43::boolean[])
                AS m (id, title, description, days_before, due_date, compressed, sort_order, key, category, legal, flag, completed)
     ), activity AS (
       INSERT INTO coordinator_activity_log (id, coordinator_id, wedding_id, activity_type, description, metadata)
       SELECT a.id, $2, wedding.id, a.type, a.description, a.metadata
         FROM wedding, unnest($20::uuid[], $21::text[], $22::text[], $23::jsonb[]) AS a (id, type, description, metadata)
       RETURNING coordinator_id, wedding_id, activity_type, metadata
     ), announcement AS (
       ${outboxInsertSql(24, 'wedding', '$24::uuid IS NOT NULL')}
     )
     SELECT id, (${announceActivity('activity')}) AS announced FROM wedding`,
    [
      id,
      wedding.coordinatorId,
      wedding.clientId,
      wedding.bookingId,
      wedding.coupleName,
      wedding.coupleEmail,
      wedding.couplePhone,
      wedding.weddingDate,
      wedding.venue?.trim() || 'TBD',
      wedding.budget,
      wedding.guestCount,
      wedding.notes,
      ...columns(milestones, ['id', 'title', 'description', 'daysBefore', 'dueDate', 'compressed', 'sortOrder']),
      activity.map(() => randomUUID()),
      activity.map((a) => a.type),
      activity.map((a) => a.description),
      activity.map((a) => JSON.stringify({ ...a.metadata, weddingId: id })),
      ...announcement,
      progress,
      wedding.weddingType.value,
      wedding.weddingType.reason,
      wedding.weddingType.source,
      wedding.planTemplateId,
      wedding.plannedOn,
      ...columns(milestones, ['key', 'category', 'legal', 'flag', 'completed']),
    ],
  );
  return created.length === 0 ? null : { id, milestones };
}
