// What the notification service knows of each wedding's schedule — its open milestones, from CoordinatorWeddingCreated
// and CoordinatorWeddingUpdated, the newest revision winning whatever order they arrive in — and the reminders that
// schedule gives, moved or cancelled in the same transaction as the change that moves or cancels them.
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { calendarDate, CoordinatorWeddingCreated, CoordinatorWeddingUpdated } from '@wedding/contracts';
import { derivedEventId, recordInboxMessage } from '@wedding/messaging';
import { NotificationsConfig } from '../config';
import { Clock } from '../clock';
import { planReminders, ReminderKind } from './reminder-schedule';

/** A wedding's schedule as both events carry it. */
export interface ProjectedWedding {
  weddingId: string;
  coordinatorId: string;
  coupleName: string;
  weddingDate: string;
  status: string;
  revision: number;
  milestones: { id: string; title: string; dueDate: string; completed: boolean }[];
  /** The coordinator's address, when the event carries one (CoordinatorWeddingCreated does). */
  coordinatorEmail?: string | null;
}

/** Weddings whose milestones are reminded of; a completed or cancelled one has none. */
export const REMINDED_STATUSES = ['planning', 'confirmed'];

/** Stable for one (milestone, kind, due date): the idempotency key of every channel's message for it. */
export const reminderId = (milestoneId: string, kind: ReminderKind, dueDate: string) =>
  derivedEventId(`milestone-reminder:${milestoneId}:${kind}:${dueDate}`);

export type ProjectionOutcome = 'applied' | 'stale' | 'duplicate';

/** What a newer revision did to the wedding's reminders (for the log line of whoever projected it). */
export interface Rescheduled {
  scheduled: number;
  cancelled: number;
  late: number;
}

@Injectable()
export class MilestoneProjection {
  private readonly logger = new Logger(MilestoneProjection.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: NotificationsConfig,
    private readonly clock: Clock,
  ) {}

  /** In the intake's transaction (after its inbox record): a booked wedding's first revision, and the coordinator's address. */
  async weddingCreated(em: EntityManager, event: CoordinatorWeddingCreated): Promise<Rescheduled | undefined> {
    return this.project(em, {
      weddingId: event.weddingId,
      coordinatorId: event.coordinatorId,
      coupleName: event.coupleName,
      weddingDate: event.weddingDate,
      status: 'planning',
      // CoordinatorWeddingUpdated counts from here.
      revision: 1,
      milestones: event.milestones.map(({ id, title, dueDate }) => ({ id, title, dueDate, completed: false })),
      coordinatorEmail: event.coordinatorEmail ?? null,
    });
  }

  /** Its own transaction with its inbox record: a redelivered event changes nothing, an older one neither. */
  async weddingUpdated(event: CoordinatorWeddingUpdated): Promise<ProjectionOutcome> {
    let reminders: Rescheduled | undefined;
    const outcome = await this.dataSource.transaction(async (em): Promise<ProjectionOutcome> => {
      if (!(await recordInboxMessage(em, event.eventId, CoordinatorWeddingUpdated.type))) return 'duplicate';
      reminders = await this.project(em, {
        weddingId: event.weddingId,
        coordinatorId: event.coordinatorId,
        coupleName: event.coupleName,
        weddingDate: event.weddingDate,
        status: event.status,
        revision: event.revision,
        milestones: event.milestones,
      });
      return reminders ? 'applied' : 'stale';
    });
    this.logger.log({
      msg: 'wedding update projected',
      eventId: event.eventId,
      weddingId: event.weddingId,
      revision: event.revision,
      change: event.change,
      outcome,
      ...reminders,
    });
    return outcome;
  }

  /**
   * Replaces what is known of the wedding when this revision is newer, and reschedules its reminders as of the clock's
   * now; answers what that did to the reminders, or undefined when it was not newer. One statement (it runs in the intake of every booked wedding): each step is
   * keyed on the upsert's answer, so an older revision changes nothing at all, and the row lock of the upsert orders
   * concurrent events of one wedding.
   *
   * The reminders: new ones scheduled; one cancelled before (its milestone reopened, or moved back) scheduled again;
   * one already sent left alone (its id is derived from the milestone, kind and due date). A scheduled reminder whose
   * milestone is gone, completed or moved — or whose wedding is over or cancelled — is cancelled.
   */
  private async project(em: EntityManager, wedding: ProjectedWedding): Promise<Rescheduled | undefined> {
    const now = this.clock.now();
    const open = wedding.milestones.filter((m) => !m.completed);
    // A wedding already past (an old one edited) is not reminded of: its milestones would all be late.
    const reminded = REMINDED_STATUSES.includes(wedding.status) && wedding.weddingDate >= calendarDate(now, this.config.timeZone);
    const options = { leadDays: this.config.reminderLeadDays, timeZone: this.config.timeZone };
    const planned = reminded
      ? open.flatMap((m) =>
          planReminders(m.dueDate, now, options).map((r) => ({ ...r, id: reminderId(m.id, r.kind, m.dueDate), milestoneId: m.id, dueDate: m.dueDate })),
        )
      : [];
    const [outcome]: { applied: number; cancelled: number; scheduled: number }[] = await em.query(
      `WITH newer AS (
         INSERT INTO projected_weddings (wedding_id, coordinator_id, couple_name, wedding_date, status, revision)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (wedding_id) DO UPDATE
            SET couple_name = EXCLUDED.couple_name, wedding_date = EXCLUDED.wedding_date, status = EXCLUDED.status,
                revision = EXCLUDED.revision, updated_at = now()
          WHERE projected_weddings.revision < EXCLUDED.revision
         RETURNING wedding_id
       ), listed AS (
         SELECT * FROM unnest($7::uuid[], $8::text[], $9::date[]) AS m (id, title, due_date)
       ), gone AS (
         DELETE FROM open_milestones
          WHERE wedding_id = $1 AND milestone_id <> ALL ($7::uuid[]) AND EXISTS (SELECT 1 FROM newer)
       ), kept AS (
         INSERT INTO open_milestones (milestone_id, wedding_id, title, due_date)
         SELECT listed.id, newer.wedding_id, listed.title, listed.due_date FROM listed, newer
         ON CONFLICT (milestone_id) DO UPDATE SET title = EXCLUDED.title, due_date = EXCLUDED.due_date
       ), cancelled AS (
         UPDATE reminders SET status = 'cancelled', claimed_until = NULL, updated_at = now()
          WHERE wedding_id = $1 AND status = 'scheduled' AND id <> ALL ($10::uuid[]) AND EXISTS (SELECT 1 FROM newer)
            AND (NOT $11::boolean OR NOT EXISTS (SELECT 1 FROM listed
                                                  WHERE listed.id = reminders.milestone_id AND listed.due_date = reminders.due_date))
         RETURNING id
       ), scheduled AS (
         INSERT INTO reminders (id, coordinator_id, wedding_id, milestone_id, kind, due_date, moment, fire_at, late)
         SELECT r.id, $2, newer.wedding_id, r.milestone_id, r.kind, r.due_date, r.moment, r.fire_at, r.late
           FROM unnest($10::uuid[], $12::uuid[], $13::text[], $14::date[], $15::timestamptz[], $16::timestamptz[], $17::boolean[])
                  AS r (id, milestone_id, kind, due_date, moment, fire_at, late),
                newer
         ON CONFLICT (id) DO UPDATE
            SET status = 'scheduled', moment = EXCLUDED.moment, fire_at = EXCLUDED.fire_at, late = EXCLUDED.late,
                claimed_until = NULL, updated_at = now()
          WHERE reminders.status = 'cancelled'
         RETURNING id
       ), address AS (
         -- The latest the marketplace gave, whatever the revision: for the reminders of weddings entered by hand too.
         INSERT INTO coordinator_addresses (coordinator_id, email) SELECT $2, $18::text WHERE $18::text IS NOT NULL
         ON CONFLICT (coordinator_id) DO UPDATE SET email = EXCLUDED.email, updated_at = now()
       )
       SELECT (SELECT count(*) FROM newer)::int AS applied, (SELECT count(*) FROM cancelled)::int AS cancelled,
              (SELECT count(*) FROM scheduled)::int AS scheduled`,
      [
        wedding.weddingId,
        wedding.coordinatorId,
        wedding.coupleName,
        wedding.weddingDate,
        wedding.status,
        wedding.revision,
        open.map((m) => m.id),
        open.map((m) => m.title),
        open.map((m) => m.dueDate),
        planned.map((r) => r.id),
        reminded,
        planned.map((r) => r.milestoneId),
        planned.map((r) => r.kind),
        planned.map((r) => r.dueDate),
        planned.map((r) => r.moment.toISOString()),
        planned.map((r) => r.fireAt.toISOString()),
        planned.map((r) => r.late),
        wedding.coordinatorEmail ?? null,
      ],
    );
    if (outcome.applied === 0) return undefined;
    return { scheduled: outcome.scheduled, cancelled: outcome.cancelled, late: planned.filter((r) => r.late).length };
  }
}
