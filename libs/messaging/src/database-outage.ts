// A consumer whose database is down takes no deliveries: the first delivery that fails for that reason pauses it, and
// a probe of the service's own database (SELECT 1) every CONSUMER_DATABASE_PROBE_INTERVAL_MS resumes it at its first
// answer — instead of every delivery climbing its retry ladder to the dead-letter queue meanwhile. One line when it
// pauses, one when it resumes; none per probe.
import { Logger } from '@nestjs/common';

export interface DatabaseOutageOptions {
  /** The queue whose consumer this is, for the log lines. */
  queue: string;
  /** A cheap query on the service's own pool; resolves when the database answers. */
  probe: () => Promise<unknown>;
  probeIntervalMs: number;
}

/** What the outage does to the consumer: basic.cancel and basic.consume again on the channel it keeps. */
export interface PausableConsumer {
  pause(): void;
  resume(): void;
}

/** A probe that has waited this many intervals is given up (it counts as failed) and another one is sent. */
const ABANDON_AFTER_INTERVALS = 10;

export class DatabaseOutage {
  private readonly logger = new Logger('DatabaseOutage');
  private since: number | undefined;
  private returned = 0;
  private timer: NodeJS.Timeout | undefined;
  /** One probe at a time: one that hangs (a server that does not answer) holds one pooled connection, not more. */
  private probing: { since: number; answer: Promise<boolean> } | undefined;
  private consumer: PausableConsumer | undefined;
  private stopped = false;

  constructor(private readonly options: DatabaseOutageOptions) {}

  /** The consumer to pause and resume (the transport attaches itself once it exists). */
  attach(consumer: PausableConsumer): void {
    this.consumer = consumer;
  }

  /** True from the first failure for want of the database until a probe answers. */
  get ongoing(): boolean {
    return this.since !== undefined;
  }

  /** A delivery went back to its queue, unhandled, for want of the database. */
  noteReturned(): void {
    this.returned++;
  }

  /**
   * Whether the database answers a probe within one probe interval: asked after a timeout, which by itself cannot
   * say whether the work was slow or the server is gone.
   */
  answers(): Promise<boolean> {
    return this.ongoing ? Promise.resolve(false) : this.probe();
  }

  /** Pauses the consumer, once, and probes until the database answers. */
  begin(error: unknown): void {
    if (this.ongoing || this.stopped) return;
    this.since = Date.now();
    this.returned = 0;
    this.logger.warn({
      msg: 'database unavailable; consumer paused until it answers again',
      queue: this.options.queue,
      probeIntervalMs: this.options.probeIntervalMs,
      error: error instanceof Error ? error.message : String(error),
    });
    this.consumer?.pause();
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), this.options.probeIntervalMs);
  }

  private async tick(): Promise<void> {
    if (!(await this.probe())) return this.schedule();
    if (this.stopped || this.since === undefined) return;
    this.logger.log({
      msg: 'database answers again; consumer resumed',
      queue: this.options.queue,
      pausedSeconds: Number(((Date.now() - this.since) / 1000).toFixed(1)),
      returnedDeliveries: this.returned,
    });
    this.since = undefined;
    this.consumer?.resume();
  }

  /**
   * True when the database answers within one interval. A probe still waiting for its answer is shared, not doubled,
   * until it has waited ABANDON_AFTER_INTERVALS intervals: a connection black-holed for good must not keep the
   * consumer paused for good.
   */
  private probe(): Promise<boolean> {
    if (this.probing && Date.now() - this.probing.since > ABANDON_AFTER_INTERVALS * this.options.probeIntervalMs) {
      this.probing = undefined;
    }
    if (!this.probing) {
      const probing = {
        since: Date.now(),
        answer: Promise.resolve()
          .then(() => this.options.probe())
          .then(
          () => true,
          () => false,
        ),
      };
      void probing.answer.finally(() => this.probing === probing && (this.probing = undefined));
      this.probing = probing;
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), this.options.probeIntervalMs)));
    return Promise.race([this.probing.answer, late]).finally(() => clearTimeout(timer));
  }
}
