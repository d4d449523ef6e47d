// Keeps the outbox and the inbox from growing without bound: sent events and recorded message ids older than the
// retention are deleted in small batches (short transactions, no long lock on either table), in the background.
import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface MessageRetentionOptions {
  /** Sent outbox rows and inbox rows older than this are deleted; 0 keeps them forever. */
  retentionDays: number;
  sweepIntervalMs: number;
  batchSize?: number;
  /** False for a service that only consumes (it has an inbox, no outbox). */
  outbox: boolean;
}

/**
 * An inbox row is what makes a redelivery harmless, so the retention must outlast any redelivery: the retry ladder
 * takes minutes, a dead letter replayed by hand may come days later (and the coordinator's unique booking id still
 * guards its weddings).
 */
export class MessageRetention implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MessageRetention.name);
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: MessageRetentionOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.retentionDays > 0) this.schedule();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.sweeping;
  }

  /** Deletes what is past the retention; answers how many rows of each table went. */
  async sweep(): Promise<{ outbox: number; inbox: number }> {
    const seconds = this.options.retentionDays * 86_400;
    const outbox = this.options.outbox
      ? await this.deleteInBatches(
          `DELETE FROM outbox WHERE id IN (
             SELECT id FROM outbox WHERE sent_at < now() - make_interval(secs => $1) LIMIT $2)`,
          seconds,
        )
      : 0;
    const inbox = await this.deleteInBatches(
      `DELETE FROM inbox WHERE message_id IN (
         SELECT message_id FROM inbox WHERE received_at < now() - make_interval(secs => $1) LIMIT $2)`,
      seconds,
    );
    if (outbox + inbox > 0) this.logger.log({ msg: 'pruned old messages', outbox, inbox });
    return { outbox, inbox };
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.sweeping = this.sweep()
        .then(() => undefined)
        .catch((error) => this.logger.warn({ msg: 'retention sweep failed; trying again later', error: String(error) }))
        .finally(() => {
          this.sweeping = undefined;
          this.schedule();
        });
    }, this.options.sweepIntervalMs);
  }

  private async deleteInBatches(sql: string, seconds: number): Promise<number> {
    const batchSize = this.options.batchSize ?? 500;
    let total = 0;
    for (;;) {
      // For a DELETE, TypeORM answers [rows, affected count].
      const [, deleted]: [unknown[], number] = await this.dataSource.query(sql, [seconds, batchSize]);
      total += deleted;
      if (deleted < batchSize || this.stopped) return total;
    }
  }
}
