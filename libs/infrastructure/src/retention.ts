// A service's retention sweep: one mechanism for every table that must not grow without bound or keep personal data
// longer than it serves. Each table's owner registers its steps (its SQL stays with the code that owns the table); the
// sweep runs them in the background, in small batches, on every replica at once without harm.
import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { registerDecorator, ValidationArguments } from 'class-validator';
import { DataSource } from 'typeorm';
import type { Metrics } from './metrics';

export type RetentionAction = 'deleted' | 'scrubbed';

export interface RetentionStep {
  /** The table, as the log line and the metric name it. */
  table: string;
  /** `deleted`: rows go; `scrubbed`: their personal data goes, the rest of the row stays. */
  action: RetentionAction;
  /** The horizon in days (decimals allowed); 0 turns the step off. */
  days: number;
  /**
   * One batch: an UPDATE or DELETE of at most `$2` rows past the horizon (`$1`, in seconds before now), chosen with
   * `FOR UPDATE SKIP LOCKED` (several replicas, and the table's own writers, never wait for one another) in the order
   * of an index, and changed by key (`WHERE id = ANY (ARRAY(SELECT …))`: looked up by primary key, where an
   * `IN (SELECT …)` may be planned as a hash of the whole table), so that a batch costs what it changes. Its row count
   * is what the batch did; the sweep repeats it until a batch changes fewer than `$2`.
   */
  sql: string;
  /** `$3`, `$4`, … */
  params?: unknown[];
}

export interface RetentionOptions {
  steps: RetentionStep[];
  /** The mean time between sweeps; each wait is jittered (see sweepDelayMs). */
  sweepIntervalMs: number;
  /** Rows per batch: each batch is one short transaction. */
  batchSize?: number;
  metrics?: Metrics;
}

export interface SweepSummary {
  deleted: Record<string, number>;
  scrubbed: Record<string, number>;
  /** `table (action)` of the steps that failed this time (logged; tried again at the next sweep). */
  failed: string[];
}

/** setTimeout's longest wait: a longer one would fire at once. */
const LONGEST_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * The wait before a sweep: the interval ±20 %, and for the first one anywhere in the second half of the interval —
 * replicas started together (a deploy) do not sweep in step, and a service restarted in a loop does not sweep at every
 * start.
 */
export function sweepDelayMs(intervalMs: number, first: boolean, random: () => number = Math.random): number {
  const delay = first ? intervalMs * (0.5 + 0.5 * random()) : intervalMs * (0.8 + 0.4 * random());
  return Math.min(Math.round(delay), LONGEST_TIMEOUT_MS);
}

export class RetentionSweep implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Retention');
  private readonly counted;
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<unknown> | undefined;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: RetentionOptions,
  ) {
    this.counted = options.metrics?.counter('retention_rows_total', 'Rows the retention sweep deleted, or scrubbed of personal data, by table', [
      'table',
      'action',
    ]);
  }

  /** The steps that are on (a horizon of 0 days keeps everything). */
  get activeSteps(): RetentionStep[] {
    return this.options.steps.filter((step) => step.days > 0);
  }

  onApplicationBootstrap(): void {
    if (this.activeSteps.length > 0) this.schedule(true);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.sweeping;
  }

  /** Runs every step that is on, each to the end of what is past its horizon; answers what each did. */
  async sweep(): Promise<SweepSummary> {
    const summary: SweepSummary = { deleted: {}, scrubbed: {}, failed: [] };
    for (const step of this.activeSteps) {
      if (this.stopped) break;
      try {
        const rows = await this.inBatches(step);
        summary[step.action][step.table] = (summary[step.action][step.table] ?? 0) + rows;
        if (rows > 0) this.counted?.inc({ table: step.table, action: step.action }, rows);
      } catch (error) {
        // One table's trouble (a lock, a timeout) does not keep the others from their sweep.
        summary.failed.push(`${step.table} (${step.action})`);
        this.logger.warn({ msg: 'retention step failed; trying again at the next sweep', table: step.table, action: step.action, error: String(error) });
      }
    }
    const changed = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).filter(([, rows]) => rows > 0));
    const deleted = changed(summary.deleted);
    const scrubbed = changed(summary.scrubbed);
    if (Object.keys(deleted).length + Object.keys(scrubbed).length > 0) this.logger.log({ msg: 'retention sweep', deleted, scrubbed });
    return summary;
  }

  /** Outside any trace: the sweep's statements belong to no request. */
  private schedule(first: boolean): void {
    if (this.stopped) return;
    this.timer = context.with(ROOT_CONTEXT, () =>
      setTimeout(() => {
        this.sweeping = this.sweep().finally(() => {
          this.sweeping = undefined;
          this.schedule(false);
        });
      }, sweepDelayMs(this.options.sweepIntervalMs, first)),
    );
  }

  private async inBatches(step: RetentionStep): Promise<number> {
    const batchSize = this.options.batchSize ?? 500;
    const seconds = step.days * 86_400;
    let total = 0;
    for (;;) {
      // For an UPDATE or a DELETE, TypeORM answers [rows, affected count].
      const [, changed]: [unknown[], number] = await this.dataSource.query(step.sql, [seconds, batchSize, ...(step.params ?? [])]);
      total += changed;
      if (changed < batchSize || this.stopped) return total;
    }
  }
}

/**
 * A horizon in days that may not be longer than another setting's: personal data is scrubbed before its row is
 * deleted, never after. 0 turns a step off, and then there is nothing to compare.
 */
export function NotLongerThan(other: string, otherVariable: string): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'notLongerThan',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [other],
      options: {
        message: ({ value, object }: ValidationArguments) =>
          `${value} days is longer than ${otherVariable} (${(object as Record<string, unknown>)[other]} days): personal data is ` +
          `removed before the rows themselves, never after; make it shorter, or 0 to leave it until its row is deleted`,
      },
      validator: {
        validate: (value: unknown, { object }: ValidationArguments) => {
          const limit = (object as Record<string, unknown>)[other];
          return typeof value !== 'number' || typeof limit !== 'number' || value === 0 || limit === 0 || value <= limit;
        },
      },
    });
}
