// The messaging parts every service wires the same way: its publisher and outbox relay, its consumer's delivery
// settling and connection state, and what /health asks of them.
import { Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BROKER_CONNECTIONS } from '@wedding/infrastructure';
import { ConsumerTopology, EventDelivery } from './event-delivery';
import { EventPublisher } from './event-publisher';
import { OutboxRelay } from './outbox-relay';
import { ConsumerConnection } from './start-consumer';

export interface MessagingSettings {
  amqpUrl: string;
  /** Where this service publishes its outbox. */
  exchange: string;
  publishTimeoutMs: number;
  outboxBatchSize: number;
  outboxPollIntervalMs: number;
  /** What this service consumes. */
  consumes: ConsumerTopology;
}

export function messagingProviders(settings: MessagingSettings): Provider[] {
  return [
    ConsumerConnection,
    { provide: EventDelivery, useValue: new EventDelivery(settings.consumes) },
    {
      provide: EventPublisher,
      useFactory: () =>
        new EventPublisher({
          url: settings.amqpUrl,
          exchange: settings.exchange,
          publishTimeoutMs: settings.publishTimeoutMs,
        }),
    },
    {
      provide: OutboxRelay,
      inject: [DataSource, EventPublisher],
      useFactory: (dataSource: DataSource, publisher: EventPublisher) =>
        new OutboxRelay(dataSource, publisher, {
          batchSize: settings.outboxBatchSize,
          pollIntervalMs: settings.outboxPollIntervalMs,
          maxBackoffMs: 10_000,
          // A live relay holds its claim at most one publish timeout plus the mark; a dead one's rows wait this long.
          claimSeconds: Math.max(10, (3 * settings.publishTimeoutMs) / 1000),
        }),
    },
    {
      provide: BROKER_CONNECTIONS,
      inject: [EventPublisher, ConsumerConnection],
      useFactory: (publisher: EventPublisher, consumer: ConsumerConnection) => () => ({
        publisher: publisher.isConnected,
        consumer: consumer.connected,
      }),
    },
  ];
}
