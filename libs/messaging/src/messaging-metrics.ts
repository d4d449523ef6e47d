// The messaging layer's figures, on the service's registry: how far behind the outbox is (computed when Prometheus
// scrapes, in one query on the partial index of unsent rows), what the relay published or failed to, and how each
// delivery was settled, how long its handler took and how long after its event occurred it was handled, and whether the
// consumer is paused for want of its database.
import { Logger } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { answerWithin, timedOut } from '@wedding/infrastructure';
import type { Metrics } from '@wedding/infrastructure';

export type DeliveryOutcome = 'ack' | 'retry' | 'dead_letter' | 'duplicate' | 'returned';

/** Handlers: a one-statement transaction to a slow retry. */
const HANDLER_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** From the event's occurredAt: milliseconds when all is well, minutes through a retry ladder or a broker outage. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

export class MessagingMetrics {
  private readonly logger = new Logger(MessagingMetrics.name);
  readonly published;
  readonly publishFailures;
  readonly consumed;
  readonly handlerDuration;
  readonly endToEndLatency;
  readonly consumerPaused: Gauge;

  constructor(metrics: Metrics) {
    this.published = metrics.counter('events_published_total', 'Events the outbox relay published, confirmed by the broker', ['type']);
    this.publishFailures = metrics.counter(
      'event_publish_failures_total',
      'Events the broker refused or did not confirm in time (the row stays unsent and is tried again)',
      ['type'],
    );
    this.consumed = metrics.counter('messages_consumed_total', 'Deliveries settled, by event type and outcome', ['type', 'outcome']);
    this.handlerDuration = metrics.histogram(
      'message_handler_duration_seconds',
      "Time in the event's handler (its transaction included), by event type",
      ['type'],
      HANDLER_BUCKETS,
    );
    this.endToEndLatency = metrics.histogram(
      'event_end_to_end_latency_seconds',
      "From the event's occurredAt (its producer's transaction) to its handling here, by event type",
      ['type'],
      LATENCY_BUCKETS,
    );
    this.consumerPaused =
      (metrics.registry.getSingleMetric('consumer_paused') as Gauge | undefined) ??
      new Gauge({
        name: 'consumer_paused',
        help: "1 while the service's event consumer is paused because its database is unavailable, else 0",
        registers: [metrics.registry],
      });
  }

  /** The outbox gauges, read from the database at each scrape. */
  watchOutbox(metrics: Metrics, dataSource: DataSource): void {
    let reading: Promise<{ pending: number; oldest: number } | undefined> | undefined;
    // Both gauges from one query, whichever Prometheus asks for first.
    // A scrape is answered within 2 s: a database that does not answer leaves the gauges unset, not /metrics hanging.
    const read = () =>
      (reading ??= answerWithin(
        dataSource.query(
          `SELECT count(*)::int AS pending,
                  COALESCE(EXTRACT(EPOCH FROM clock_timestamp() - min(created_at)), 0)::float8 AS oldest
             FROM outbox WHERE sent_at IS NULL`,
        ),
        2000,
      )
        .then((answer: { pending: number; oldest: number }[] | typeof timedOut) => {
          if (answer === timedOut) throw new Error('the database did not answer within 2 s');
          return answer[0];
        })
        .catch((error: unknown) => {
          this.logger.warn({ msg: 'could not read the outbox for /metrics', error: String(error) });
          return undefined;
        })
        .finally(() => setImmediate(() => (reading = undefined))));
    const gauge = (name: string, help: string, pick: (row: { pending: number; oldest: number }) => number) =>
      new Gauge({
        name,
        help,
        registers: [metrics.registry],
        async collect() {
          const row = await read();
          if (row) this.set(pick(row));
          else this.reset();
        },
      });
    gauge('outbox_pending_rows', 'Outbox rows not yet published', (row) => row.pending);
    gauge('outbox_oldest_unsent_age_seconds', 'Age of the oldest unpublished outbox row (0 when none)', (row) => row.oldest);
  }
}
