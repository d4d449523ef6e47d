// What the notification service knows of each wedding's schedule — its open milestones, from CoordinatorWeddingCreated
// and CoordinatorWeddingUpdated, the newest revision winning whatever order they arrive in — and the reminders that
// schedule gives, moved or cancelled in the same transaction as the change that moves or cancels them.
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { calendarDate, CoordinatorWeddingCreated, CoordinatorWeddingUpdated } from '@wedding/contracts';
import { derivedEventId, recordInboxMessage } from '@wedding/messaging';
import { NotificationsConfig } from '../config';
import { Clock } from './clock';
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
}

/** Weddings whose milestones are reminded of; a completed or cancelled one has none. */
export const REMINDED_STATUSES = ['planning', 'confirmed'];

/** Stable for one (milestone, kind, due date): the idempotency key of every channel's message for it. */
export const reminderId = (milestoneId: string, kind: ReminderKind, dueDate: string) =>
  derivedEventId(`milestone-reminder:${milestoneId}:${kind}:${dueDate}`);

export type ProjectionOutcome = 'applied' | 'stale' | 'duplicate';

@Injectable()
export class MilestoneProjection {
  private readonly logger = new Logger(MilestoneProjection.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: NotificationsConfig,
    private readonly clock: Clock,
  ) {}

  /** In the intake's transaction (after its inbox record): a booked wedding's first revision, and the coordinator's address. */
  async weddingCreated(em: EntityManager, event: CoordinatorWeddingCreated): Promise<void> {
    if (event.coordinatorEmail) {
      await em.query(
        `INSERT INTO coordinator_addresses (coordinator_id, email) VALUES ($1, $2)
         ON CONFLICT (coordinator_id) DO UPDATE SET email = EXCLUDED.email, updated_at = now()`,
        [event.coordinatorId, event.coordinatorEmail],
      );
    }
    await this.project(em, {
      weddingId: event.weddingId,
      coordinatorId: event.coordinatorId,
      coupleName: event.coupleName,
      weddingDate: event.weddingDate,
      status: 'planning',
      // CoordinatorWeddingUpdated counts from here.
      revision: 1,
      milestones: event.milestones.map(({ id, title, dueDate }) => ({ id, title, dueDate, completed: false })),
    });
  }

  /** Its own transaction with its inbox record: a redelivered event changes nothing, an older one neither. */
  async weddingUpdated(event: CoordinatorWeddingUpdated): Promise<ProjectionOutcome> {
    const outcome = await this.dataSource.transaction(async (em): Promise<ProjectionOutcome> => {
      if (!(await recordInboxMessage(em, event.eventId, CoordinatorWeddingUpdated.type))) return 'duplicate';
      const applied = await this.project(em, {
        weddingId: event.weddingId,
        coordinatorId: event.coordinatorId,
        coupleName: event.coupleName,
        weddingDate: event.weddingDate,
        status: event.status,
        revision: event.revision,
        milestones: event.milestones,
      });
      return applied ? 'applied' : 'stale';
    });
    this.logger.log({
      msg: 'wedding update projected',
      eventId: event.eventId,
      weddingId: event.weddingId,
      revision: event.revision,
      change: event.change,
      outcome,
    });
    return outcome;
  }

  /** Replaces what is known of the wedding when this revision is newer; answers whether it was. */
  private async project(em: EntityManager, wedding: ProjectedWedding): Promise<boolean> {
    // The row lock of the upsert orders concurrent events of one wedding; the older of two changes nothing.
    const newer: unknown[] = await em.query(
      `INSERT INTO projected_weddings (wedding_id, coordinator_id, couple_name, wedding_date, status, revision)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (wedding_id) DO UPDATE
          SET couple_name = EXCLUDED.couple_name, wedding_date = EXCLUDED.wedding_date, status = EXCLUDED.status,
              revision = EXCLUDED.revision, updated_at = now()
        WHERE projected_weddings.revision < EXCLUDED.revision
       RETURNING wedding_id`,
      [wedding.weddingId, wedding.coordinatorId, wedding.coupleName, wedding.weddingDate, wedding.status, wedding.revision],
    );
    if (newer.length === 0) return false;
    const open = wedding.milestones.filter((m) => !m.completed);
    // Two statements: a CTE's DELETE and the INSERT beside it would see the same rows, and the keys would collide.
    await em.query(`DELETE FROM open_milestones WHERE wedding_id = $1`, [wedding.weddingId]);
    await em.query(
      `INSERT INTO open_milestones (milestone_id, wedding_id, title, due_date)
       SELECT m.id, $1, m.title, m.due_date FROM unnest($2::uuid[], $3::text[], $4::date[]) AS m (id, title, due_date)`,
      [wedding.weddingId, open.map((m) => m.id), open.map((m) => m.title), open.map((m) => m.dueDate)],
    );
    await this.reschedule(em, wedding, open);
    return true;
  }

  /**
   * The reminders of the wedding's open milestones, as of the clock's now: new ones scheduled, one cancelled before
   * (its milestone reopened, or moved back) scheduled again, one already sent left alone. A scheduled reminder whose
   * milestone is gone, completed or moved — or whose wedding is over or cancelled — is cancelled.
   */
  private async reschedule(em: EntityManager, wedding: ProjectedWedding, open: ProjectedWedding['milestones']): Promise<void> {
    const now = this.clock.now();
    // A wedding already past (an old one edited) is not reminded of: its milestones would all be late.
    const reminded = REMINDED_STATUSES.includes(wedding.status) && wedding.weddingDate >= calendarDate(now, this.config.timeZone);
    const options = { leadDays: this.config.reminderLeadDays, timeZone: this.config.timeZone };
    const planned = reminded
      ? open.flatMap((m) =>
          planReminders(m.dueDate, now, options).map((r) => ({ ...r, id: reminderId(m.id, r.kind, m.dueDate), milestoneId: m.id, dueDate: m.dueDate })),
        )
      : [];
    const [, cancelled]: [unknown[], number] = await em.query(
      `UPDATE reminders SET status = 'cancelled', claimed_until = NULL, updated_at = now()
        WHERE wedding_id = $1 AND status = 'scheduled' AND NOT (id = ANY($2::uuid[]))
          AND (NOT $3::boolean OR NOT EXISTS (SELECT 1 FROM open_milestones m
                                               WHERE m.milestone_id = reminders.milestone_id AND m.due_date = reminders.due_date))`,
      [wedding.weddingId, planned.map((r) => r.id), reminded],
    );
    const scheduled: unknown[] = await em.query(
      `INSERT INTO reminders (id, coordinator_id, wedding_id, milestone_id, kind, due_date, moment, fire_at, late)
       SELECT r.id, $1, $2, r.milestone_id, r.kind, r.due_date, r.moment, r.fire_at, r.late
         FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::date[], $7::timestamptz[], $8::timestamptz[], $9::boolean[])
                AS r (id, milestone_id, kind, due_date, moment, fire_at, late)
       ON CONFLICT (id) DO UPDATE
          SET status = 'scheduled', moment = EXCLUDED.moment, fire_at = EXCLUDED.fire_at, late = EXCLUDED.late,
              claimed_until = NULL, updated_at = now()
        WHERE reminders.status = 'cancelled'
       RETURNING id`,
      [
        wedding.coordinatorId,
        wedding.weddingId,
        planned.map((r) => r.id),
        planned.map((r) => r.milestoneId),
        planned.map((r) => r.kind),
        planned.map((r) => r.dueDate),
        planned.map((r) => r.moment.toISOString()),
        planned.map((r) => r.fireAt.toISOString()),
        planned.map((r) => r.late),
      ],
    );
    this.logger.log({
      msg: 'reminders rescheduled',
      weddingId: wedding.weddingId,
      revision: wedding.revision,
      scheduled: scheduled.length,
      cancelled,
      late: planned.filter((r) => r.late).length,
    });
  }
}
