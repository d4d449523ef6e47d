// Fires the reminders whose time has come, with PostgreSQL as the schedule: several instances share the table, each
// claiming due rows (by the Clock) with FOR UPDATE SKIP LOCKED and a lease, then firing each in a transaction of its
// own — re-checked against the projection, handed to every ReminderChannel and marked fired, all or nothing.
import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { DataSource } from 'typeorm';
import { inSpan, Metrics } from '@wedding/infrastructure';
import { Clock } from '../clock';
import { DueReminder, ReminderChannel } from './due-reminder';
import { REMINDED_STATUSES } from './milestone-projection';

export interface ReminderSchedulerOptions {
  pollIntervalMs: number;
  /** Reminders claimed at once. */
  batchSize: number;
  /** How long a claim lasts (real time, whatever the Clock says): past it, another instance may fire the reminder. */
  claimSeconds: number;
  metrics?: Metrics;
}

export interface FiringSummary {
  fired: number;
  /** Its milestone was completed, moved or removed (or its wedding ended) since it was scheduled. */
  cancelled: number;
  /** Another instance fired it meanwhile, or it was moved later. */
  skipped: number;
  failed: number;
}

type Outcome = keyof FiringSummary;

interface FiringRow {
  id: string;
  coordinator_id: string;
  wedding_id: string;
  milestone_id: string;
  kind: DueReminder['kind'];
  due_date: string;
  fire_at: Date;
  late: boolean;
  /** Null when the milestone is no longer open with this due date. */
  title: string | null;
  couple_name: string | null;
  wedding_date: string | null;
  status: string | null;
  /** A lead reminder whose milestone's due-day reminder is due too, or fired (the service was down meanwhile): that one goes alone. */
  superseded: boolean;
}

export class ReminderScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ReminderScheduler.name);
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  /** Runs one after the other: the poll's and those asked for (fireDue). */
  private current: Promise<unknown> = Promise.resolve();
  private readonly counted;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly channels: ReminderChannel[],
    private readonly options: ReminderSchedulerOptions,
  ) {
    this.counted = options.metrics?.counter('reminders_total', 'Milestone reminders by outcome (fired, cancelled) and lateness', [
      'outcome',
      'late',
    ]);
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.current.catch(() => undefined);
  }

  /** Fires every reminder due by the clock, after any run in progress; answers what became of them. */
  fireDue(): Promise<FiringSummary> {
    const run = this.current.catch(() => undefined).then(() => this.fireAllDue());
    this.current = run;
    return run;
  }

  /** In no trace: each reminder is fired in a span of its own. */
  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = context.with(ROOT_CONTEXT, () => setTimeout(() => void this.poll(), delayMs));
  }

  private async poll(): Promise<void> {
    try {
      await this.fireDue();
    } catch (error) {
      this.logger.warn({ msg: 'reminder scheduler failed; trying again at the next poll', error: String(error) });
    }
    if (this.running) this.schedule(this.options.pollIntervalMs);
  }

  private async fireAllDue(): Promise<FiringSummary> {
    const summary: FiringSummary = { fired: 0, cancelled: 0, skipped: 0, failed: 0 };
    for (;;) {
      const now = this.clock.now();
      const claimed = await this.claim(now);
      for (const id of claimed) summary[await this.fire(id, now)]++;
      if (claimed.length < this.options.batchSize || !this.running) return summary;
    }
  }

  private async claim(now: Date): Promise<string[]> {
    const [rows]: [{ id: string; fire_at: Date }[], number] = await this.dataSource.query(
      `UPDATE reminders SET claimed_until = now() + make_interval(secs => $3)
        WHERE id IN (SELECT id FROM reminders
                      WHERE status = 'scheduled' AND fire_at <= $1 AND (claimed_until IS NULL OR claimed_until < now())
                      ORDER BY fire_at LIMIT $2 FOR UPDATE SKIP LOCKED)
        RETURNING id, fire_at`,
      [now.toISOString(), this.options.batchSize, this.options.claimSeconds],
    );
    // RETURNING keeps no order: fired oldest first, as the subquery chose them.
    return rows.sort((a, b) => a.fire_at.getTime() - b.fire_at.getTime()).map((row) => row.id);
  }

  private async fire(id: string, now: Date): Promise<Outcome> {
    try {
      return await inSpan('fire reminder', { 'reminder.id': id }, () => this.fireIn(id, now));
    } catch (error) {
      // Its claim lapses and the next poll tries again; the channels' keys make a second firing send nothing twice.
      this.logger.error({ msg: 'could not fire a reminder', reminderId: id, error: String(error) });
      return 'failed';
    }
  }

  private async fireIn(id: string, now: Date): Promise<Outcome> {
    const done = await this.dataSource.transaction(async (em) => {
      // Locked and still scheduled: whoever fires it, fires it once.
      const [row]: FiringRow[] = await em.query(
        `SELECT r.id, r.coordinator_id, r.wedding_id, r.milestone_id, r.kind, to_char(r.due_date, 'YYYY-MM-DD') AS due_date,
                r.fire_at, r.late, m.title, w.couple_name, to_char(w.wedding_date, 'YYYY-MM-DD') AS wedding_date, w.status,
                r.kind = 'lead' AND EXISTS (SELECT 1 FROM reminders d
                                             WHERE d.milestone_id = r.milestone_id AND d.due_date = r.due_date
                                               AND d.kind = 'due-day' AND d.status IN ('scheduled', 'fired')
                                               AND d.fire_at <= $2) AS superseded
           FROM reminders r
           LEFT JOIN open_milestones m ON m.milestone_id = r.milestone_id AND m.due_date = r.due_date
           LEFT JOIN projected_weddings w ON w.wedding_id = m.wedding_id
          WHERE r.id = $1 AND r.status = 'scheduled' AND r.fire_at <= $2
            FOR UPDATE OF r`,
        [id, now.toISOString()],
      );
      if (!row) return { outcome: 'skipped' as const };
      // Checked again against the projection: the event that completed or moved it may have come after the claim.
      // A lead reminder fired only once its due day has come too would say "due in 3 days" on the day: the due-day one goes.
      if (row.title === null || !REMINDED_STATUSES.includes(row.status ?? '') || row.superseded) {
        await em.query(`UPDATE reminders SET status = 'cancelled', claimed_until = NULL, updated_at = now() WHERE id = $1`, [id]);
        return { outcome: 'cancelled' as const, row };
      }
      const reminder: DueReminder = {
        reminderId: row.id,
        coordinatorId: row.coordinator_id,
        weddingId: row.wedding_id,
        milestoneId: row.milestone_id,
        milestoneTitle: row.title,
        dueDate: row.due_date,
        weddingDate: row.wedding_date!,
        coupleName: row.couple_name!,
        kind: row.kind,
        late: row.late,
        scheduledFor: new Date(row.fire_at),
        firedAt: now,
      };
      const planned: Record<string, number> = {};
      for (const channel of this.channels) planned[channel.channel] = await channel.plan(em, reminder);
      await em.query(
        `UPDATE reminders SET status = 'fired', fired_at = $2, claimed_until = NULL, updated_at = now() WHERE id = $1`,
        [id, now.toISOString()],
      );
      return { outcome: 'fired' as const, row, planned };
    });
    if (done.planned) for (const channel of this.channels) if (done.planned[channel.channel] > 0) channel.wake();
    if (done.row) {
      this.counted?.inc({ outcome: done.outcome, late: String(done.row.late) });
      this.logger.log({
        msg:
          done.outcome === 'fired'
            ? 'reminder fired'
            : done.row.superseded
              ? 'reminder cancelled: its due-day reminder is due too'
              : 'reminder cancelled: its milestone changed',
        reminderId: id,
        weddingId: done.row.wedding_id,
        milestoneId: done.row.milestone_id,
        kind: done.row.kind,
        late: done.row.late,
        ...done.planned,
      });
    }
    return done.outcome;
  }
}
