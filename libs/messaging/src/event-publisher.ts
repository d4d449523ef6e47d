// Publishes outbox rows to the service's topic exchange: persistent JSON with the event's identity in AMQP properties,
// a whole batch written at once and its publisher confirms awaited together.
import { OnApplicationShutdown } from '@nestjs/common';
import { SpanStatusCode } from '@opentelemetry/api';
import { BrokerConnection, KeptChannel } from './broker-connection';
import { startPublishSpan } from './message-tracing';
import { MessagingMetrics } from './messaging-metrics';
import { OutboxRow } from './outbox';
import { declareEventExchange, QueueType, TopologyDeclarer } from './topology';

export const VERSION_HEADER = 'x-event-version';

export interface EventPublisherOptions {
  exchange: string;
  queueType: QueueType;
  /** A publish that the broker has not confirmed by then fails, so the row stays unsent. */
  publishTimeoutMs: number;
  metrics?: MessagingMetrics;
}

export class BrokerUnavailableError extends Error {
  constructor() {
    super('not connected to the broker');
  }
}

export class EventPublisher implements OnApplicationShutdown {
  private readonly channel: KeptChannel;

  constructor(
    private readonly broker: BrokerConnection,
    private readonly options: EventPublisherOptions,
  ) {
    this.channel = broker.keepChannel('publisher', async (_channel, connection) => {
      const declarer = new TopologyDeclarer(connection);
      try {
        await declareEventExchange(declarer, options.exchange, options.queueType);
      } finally {
        await declarer.close();
      }
    });
  }

  /** After the relay stopped (beforeApplicationShutdown). */
  async onApplicationShutdown(): Promise<void> {
    await this.broker.close();
  }

  get isConnected(): boolean {
    return this.channel.current !== undefined;
  }

  /** Called once the channel is ready again (after start-up or a reconnect): the relay has rows waiting. */
  onReady(listener: () => void): void {
    this.channel.onReady(listener);
  }

  /**
   * Publishes every row, then waits for the broker's confirms; answers, for each row in order, whether the broker
   * confirmed it within the publish timeout. Each row is published in its own trace context (a producer span whose
   * parent is the context stored with the row), carried on in the message's headers.
   */
  async publishBatch(rows: OutboxRow[]): Promise<boolean[]> {
    const channel = this.channel.current;
    if (!channel) throw new BrokerUnavailableError();
    const spans = rows.map((row) => startPublishSpan(this.options.exchange, row));
    const confirms = rows.map(
      (row, i) =>
        new Promise<boolean>((resolve) => {
          try {
            channel.publish(
              this.options.exchange,
              row.type,
              Buffer.from(row.payload),
              {
                persistent: true,
                messageId: row.id,
                correlationId: row.correlation_id ?? undefined,
                type: row.type,
                contentType: 'application/json',
                timestamp: Math.floor(new Date(row.created_at).getTime() / 1000),
                headers: { ...spans[i].headers, [VERSION_HEADER]: String(row.version) },
              },
              (error) => resolve(!error),
            );
          } catch {
            resolve(false); // the channel closed under us
          }
        }),
    );
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.options.publishTimeoutMs);
    });
    const settled: (boolean | 'pending')[] = rows.map(() => 'pending');
    confirms.forEach((confirm, i) => void confirm.then((ok) => (settled[i] = ok)));
    await Promise.race([Promise.all(confirms), timedOut]);
    clearTimeout(timer);
    const published = settled.map((state) => state === true);
    published.forEach((ok, i) => {
      const { span } = spans[i];
      if (ok) {
        this.options.metrics?.published.inc({ type: rows[i].type });
      } else {
        this.options.metrics?.publishFailures.inc({ type: rows[i].type });
        span.setStatus({ code: SpanStatusCode.ERROR, message: settled[i] === 'pending' ? 'no confirm in time' : 'refused' });
      }
      span.end();
    });
    return published;
  }
}
