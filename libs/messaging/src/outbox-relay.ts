// Moves outbox rows to RabbitMQ: woken after each commit, polling as a fallback, waiting while the broker is away.
import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EventPublisher } from './event-publisher';
import { OutboxRow, OutboxValues, PreparedEvent } from './outbox';

export interface OutboxRelayOptions {
  batchSize: number;
  /** How often unsent rows are looked for when nobody wakes the relay (rows of a crashed process, retries). */
  pollIntervalMs: number;
  maxBackoffMs: number;
  /** How long a relay owns the rows it took; past that, another relay (or its own restart) may send them. */
  claimSeconds: number;
  /**
   * The most rows this process holds in memory to publish itself after their commit (publishCommitted): waiting, or
   * being published. Beyond it, rows are left to the poll.
   */
  fastPathLimit: number;
}

/** A row as a claim holds it: the relay marks it only under the claim's token (see mark). */
interface Claim {
  id: string;
  claim_token: string;
}

type ClaimedRow = OutboxRow & Claim;

/**
 * How long the rows this process published itself (publishCommitted), once confirmed, wait to be marked sent together:
 * one UPDATE and one commit for all the bookings of that moment rather than one of each per booking (at 50 bookings/s,
 * the mark was a third of the relay's statements and of its commits). Far shorter than any claim (the claim, not the
 * mark, keeps other relays off the row); a crash before the mark republishes the rows once their claims lapse, and
 * consumers deduplicate by message id, as after any crash between confirm and mark.
 */
export const CONFIRMED_MARK_DELAY_MS = 100;

/**
 * What becomes of the rows of transactions that just committed: of those written claimed (claimForCommit), the relay
 * keeps as many as it has `room` for and frees the rest for the poll; any written unclaimed is the poll's already.
 */
export function admitCommitted(
  rows: OutboxValues[],
  room: number,
): { kept: OutboxValues[]; freed: OutboxValues[]; unclaimed: boolean } {
  const claimed = rows.filter((row) => row[8] !== null);
  const kept = claimed.slice(0, Math.max(0, room));
  return { kept, freed: claimed.slice(kept.length), unclaimed: claimed.length < rows.length };
}

export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private wokenWhileDraining = false;
  private backoffMs = 0;
  /** Rows this process committed and publishes itself, waiting for the next flush (see publishCommitted). */
  private committed: ClaimedRow[] = [];
  /** How many rows the flush is publishing now, besides those waiting in `committed`. */
  private flushingRows = 0;
  private flushing: Promise<void> | undefined;
  /** Claims past the fast path's limit, to be freed for the poll (see release). */
  private unwanted: Claim[] = [];
  private releasing: Promise<void> | undefined;
  /** Rows of the fast path the broker confirmed, to be marked sent together (see CONFIRMED_MARK_DELAY_MS). */
  private confirmedUnmarked: Claim[] = [];
  private markTimer: NodeJS.Timeout | undefined;
  private marking: Promise<void> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: EventPublisher,
    private readonly options: OutboxRelayOptions,
  ) {
    // Rows written while the broker was away go out as soon as it is back, not at the next poll.
    publisher.onReady(() => {
      this.backoffMs = 0;
      this.wake();
    });
  }

  /** Never waits for the broker: the service takes bookings while it is away, and they wait here. */
  onApplicationBootstrap(): void {
    this.running = true;
    this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.draining;
    await this.flushing;
    await this.releasing;
    await this.markConfirmed();
  }

  /**
   * For a writer that publishes its event itself as soon as it has committed (publishCommitted): the row is written
   * already claimed by this process, so that no relay's poll takes it meanwhile; its lease counts from the commit (the
   * outbox's trigger, messageTables.fenceOutboxClaims). Were the process to die before the broker confirmed, the claim
   * lapses (claimSeconds) and the poll sends the row.
   * When this process would not publish it soon — it already holds fastPathLimit rows, or has no broker — the row is
   * written unclaimed instead, for the poll: cheaper than claiming it and freeing it again after the commit.
   */
  claimForCommit<T>(prepared: PreparedEvent<T>): PreparedEvent<T> {
    if (this.held >= this.options.fastPathLimit || !this.publisher.isConnected) return prepared;
    const row = [...prepared.row] as PreparedEvent<T>['row'];
    row[7] = this.options.claimSeconds;
    row[8] = randomUUID();
    return { ...prepared, row };
  }

  /**
   * Publishes events whose transaction has just committed, from memory: no claim to read back, no poll to wait for —
   * what a booking that arrives alone would otherwise wait on, twice. Events committed meanwhile go out together;
   * confirmed ones are marked sent, the others are released for the poll.
   * At most fastPathLimit rows are held so (a broker that is connected but slow, or a burst, would otherwise grow the
   * queue without end and eat the claims' leases while they wait): claimForCommit stops claiming at the limit, and the
   * rows of transactions that claimed before it was reached and commit after are freed for the poll at once.
   */
  publishCommitted(events: PreparedEvent<object>[]): void {
    const now = new Date();
    const { kept, freed, unclaimed } = admitCommitted(
      events.map(({ row }) => row),
      this.options.fastPathLimit - this.held,
    );
    for (const [id, type, version, payload, correlationId, traceparent, tracestate, , claimToken] of kept) {
      const row = { id, type, version, payload, correlation_id: correlationId, created_at: now, traceparent, tracestate };
      this.committed.push({ ...row, claim_token: claimToken! });
    }
    if (freed.length > 0) this.release(freed.map((row) => ({ id: row[0], claim_token: row[8]! })));
    else if (unclaimed) this.wake();
    // In no trace, like the poll: each row is published in its own context, and the flush outlives the request.
    if (this.committed.length > 0 && !this.flushing) {
      this.flushing = context.with(ROOT_CONTEXT, () => this.flush()).finally(() => (this.flushing = undefined));
    }
  }

  /** The rows this process holds to publish itself: waiting for the flush, or in the batch it is publishing. */
  private get held(): number {
    return this.committed.length + this.flushingRows;
  }

  private async flush(): Promise<void> {
    while (this.committed.length > 0) {
      const rows = this.committed.splice(0, this.options.batchSize);
      this.flushingRows = rows.length;
      try {
        const confirmed = this.publisher.isConnected ? await this.publisher.publishBatch(rows) : rows.map(() => false);
        if (confirmed.every((ok) => ok)) {
          this.markSoon(rows);
        } else {
          // What the broker did not confirm is freed for the poll at once.
          await this.mark(rows, confirmed);
          this.wake();
        }
      } catch (error) {
        this.logger.warn({ msg: 'could not publish committed events; the poll will', error: String(error) });
        // Their claims lapse then; the poll sends them.
      } finally {
        this.flushingRows = 0;
      }
    }
  }

  /** Marks confirmed rows sent within CONFIRMED_MARK_DELAY_MS, together with those confirmed meanwhile. */
  private markSoon(rows: Claim[]): void {
    for (const { id, claim_token } of rows) this.confirmedUnmarked.push({ id, claim_token });
    if (this.confirmedUnmarked.length >= this.options.batchSize) void this.markConfirmed();
    else this.markTimer ??= context.with(ROOT_CONTEXT, () => setTimeout(() => void this.markConfirmed(), CONFIRMED_MARK_DELAY_MS));
  }

  /** One statement for every confirmed row waiting; a failure leaves them to lapse, and the poll republishes them. */
  private async markConfirmed(): Promise<void> {
    clearTimeout(this.markTimer);
    this.markTimer = undefined;
    while (this.marking) await this.marking;
    if (this.confirmedUnmarked.length === 0) return;
    const rows = this.confirmedUnmarked.splice(0);
    this.marking = this.mark(rows, rows.map(() => true))
      .then(() => undefined)
      .catch((error) => {
        this.logger.warn({ msg: 'could not mark confirmed events sent; the poll will send them again', rows: rows.length, error: String(error) });
      })
      .finally(() => (this.marking = undefined));
    await this.marking;
  }

  /**
   * Frees claims this process will not publish itself, so that the poll may take them now rather than once their
   * lease has run out: one statement for all that came meanwhile, in the background (never on the writer's path), then
   * the poll is woken.
   */
  private release(claims: Claim[]): void {
    this.unwanted.push(...claims);
    if (this.releasing) return;
    this.releasing = context
      .with(ROOT_CONTEXT, async () => {
        while (this.unwanted.length > 0) {
          const released = this.unwanted.splice(0);
          try {
            await this.mark(released, released.map(() => false));
          } catch (error) {
            // Their claims lapse then; the poll sends them.
            this.logger.warn({ msg: 'could not free committed events past the fast path limit', rows: released.length, error: String(error) });
          }
          this.wake();
        }
      })
      .finally(() => (this.releasing = undefined));
  }

  /** Called after a transaction that wrote to the outbox has committed. */
  wake(): void {
    if (!this.running || this.backoffMs > 0) return;
    if (this.draining) this.wokenWhileDraining = true;
    else this.schedule(0);
  }

  /**
   * In no trace: wake() is called inside a request or a delivery, whose context a timer would inherit; each row is
   * published in its own (EventPublisher.publishBatch).
   */
  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = context.with(ROOT_CONTEXT, () => setTimeout(() => void this.drain(), delayMs));
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = (async () => {
      if (!this.publisher.isConnected) return; // onReady wakes us
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
    const [rows]: [ClaimedRow[], number] = await this.dataSource.query(
      `UPDATE outbox SET claimed_until = now() + make_interval(secs => $2), claim_token = $3
        WHERE id IN (SELECT id FROM outbox
                      WHERE sent_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
                      ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING id, type, version, payload::text AS payload, correlation_id, created_at, traceparent, tracestate,
                  claim_token`,
      [this.options.batchSize, this.options.claimSeconds, randomUUID()],
    );
    if (rows.length === 0) return 0;
    rows.sort((a, b) => new Date(a.created_at).getTime() - new Date(b.created_at).getTime());
    const confirmed = await this.publisher.publishBatch(rows);
    const sent = await this.mark(rows, confirmed);
    if (sent < rows.length) throw new Error(`the broker did not confirm ${rows.length - sent} of ${rows.length} events`);
    return sent;
  }

  /**
   * One round trip marks both: confirmed rows sent, the others free for the next attempt rather than waiting out
   * their claim. Only rows that still carry their claim's token change: a claim that lapsed meanwhile (a slow confirm,
   * a paused process) may have been taken by another relay, which is publishing the row now and marks it itself. The
   * row is that relay's to mark: freed here, a third relay would publish it again meanwhile. The one round trip stays
   * one. Answers how many the broker confirmed.
   */
  private async mark(claims: Claim[], confirmed: boolean[]): Promise<number> {
    const [, marked]: [unknown, number] = await this.dataSource.query(
      `UPDATE outbox SET sent_at = CASE WHEN claim.sent THEN now() END,
                         claimed_until = CASE WHEN claim.sent THEN outbox.claimed_until END
         FROM unnest($1::uuid[], $2::uuid[], $3::boolean[]) AS claim (id, token, sent)
        WHERE outbox.id = claim.id AND outbox.claim_token = claim.token`,
      [claims.map((c) => c.id), claims.map((c) => c.claim_token), claims.map((_, i) => confirmed[i] === true)],
    );
    if (marked < claims.length) {
      this.logger.warn({ msg: 'claims lapsed before they were marked; another relay has those rows', rows: claims.length - marked });
    }
    return confirmed.filter((ok) => ok).length;
  }
}
