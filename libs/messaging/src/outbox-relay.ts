// Moves outbox rows to RabbitMQ: woken after each commit, polling as a fallback, backing off while the broker is away.
import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventPublisher } from './event-publisher';
import { OutboxRow } from './outbox';

export interface OutboxRelayOptions {
  batchSize: number;
  /** How often unsent rows are looked for when nobody wakes the relay (rows of a crashed process, retries). */
  pollIntervalMs: number;
  maxBackoffMs: number;
  /** How long a relay owns the rows it took; past that, another relay (or its own restart) may send them. */
  claimSeconds: number;
}

export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private wokenWhileDraining = false;
  private backoffMs = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: EventPublisher,
    private readonly options: OutboxRelayOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.publisher.connect();
    this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
    await this.publisher.close();
  }

  start(): void {
    this.running = true;
    this.schedule(0);
  }

  /** Called after a transaction that wrote to the outbox has committed. */
  wake(): void {
    if (!this.running || this.backoffMs > 0) return;
    if (this.draining) this.wokenWhileDraining = true;
    else this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.draining;
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.drain(), delayMs);
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = (async () => {
      try {
        let published: number;
        do {
          this.wokenWhileDraining = false;
          published = await this.publishBatch();
        } while (this.running && (published === this.options.batchSize || this.wokenWhileDraining));
        this.backoffMs = 0;
      } catch (error) {
        this.backoffMs = Math.min(Math.max(this.backoffMs * 2, 250), this.options.maxBackoffMs);
        this.logger.warn({ msg: 'outbox relay failed; backing off', backoffMs: this.backoffMs, error: String(error) });
      }
    })();
    await this.draining;
    this.draining = undefined;
    if (this.running) this.schedule(this.backoffMs || this.options.pollIntervalMs);
  }

  /**
   * Claims a batch for a while (a lease: SKIP LOCKED and claimed_until let several relays share the table without a
   * transaction held open across the broker's confirms), publishes it with confirms, and marks what the broker
   * confirmed: two round trips per batch. A crash between confirm and mark republishes those rows once their claim
   * lapses, and consumers deduplicate by message id.
   */
  private async publishBatch(): Promise<number> {
    // For an UPDATE, TypeORM answers [rows, affected count].
    const [rows]: [OutboxRow[], number] = await this.dataSource.query(
      `UPDATE outbox SET claimed_until = now() + make_interval(secs => $2)
        WHERE id IN (SELECT id FROM outbox
                      WHERE sent_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
                      ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING id, type, version, payload, correlation_id, created_at`,
      [this.options.batchSize, this.options.claimSeconds],
    );
    if (rows.length === 0) return 0;
    rows.sort((a, b) => new Date(a.created_at).getTime() - new Date(b.created_at).getTime());
    const results = await Promise.allSettled(rows.map((row) => this.publisher.publish(row)));
    const confirmed = rows.filter((_, i) => results[i].status === 'fulfilled').map((row) => row.id);
    const unconfirmed = rows.filter((_, i) => results[i].status === 'rejected').map((row) => row.id);
    if (confirmed.length > 0) {
      await this.dataSource.query(`UPDATE outbox SET sent_at = now() WHERE id = ANY($1::uuid[])`, [confirmed]);
    }
    if (unconfirmed.length > 0) {
      // Free them for the next attempt rather than waiting out the claim.
      await this.dataSource.query(`UPDATE outbox SET claimed_until = NULL WHERE id = ANY($1::uuid[])`, [unconfirmed]);
      throw (results.find((result) => result.status === 'rejected') as PromiseRejectedResult).reason;
    }
    return confirmed.length;
  }
}
