// The messaging parts every service wires the same way: its publisher and outbox relay, its consumer (a Nest
// transport of our own), the retention sweep, and what /health/ready asks of them.
import { INestApplication, Logger, Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Metrics, READINESS_CHECKS, ReadinessCheck, RetentionStep, RetentionSweep, ServiceSettings } from '@wedding/infrastructure';
import { AmqpEventServer } from './amqp-event-server';
import { BrokerConnection } from './broker-connection';
import { EventPublisher } from './event-publisher';
import { messageRetention } from './message-retention';
import { MessagingMetrics } from './messaging-metrics';
import { OutboxRelay } from './outbox-relay';
import { ServiceTopology } from './topology';

export interface MessagingOptions {
  topology: ServiceTopology;
  /** The coordinator cannot do its job without its consumer; the bookings service can (bookings wait in the outbox). */
  consumerRequiredForReadiness: boolean;
  /** The service's database pool: the consumer never takes the connections the HTTP API needs. */
  databasePoolSize: number;
  /** The retention steps of the service's own tables, swept with the outbox's and the inbox's. */
  retention?: RetentionStep[];
}

/** Connections of the pool a consumer leaves to the HTTP API (and the relay and the retention sweep). */
const RESERVED_CONNECTIONS = 2;

/** Prefetch bounds the handlers running at once, each holding a connection for its transaction. */
export function consumerPrefetch(requested: number, poolSize: number): number {
  return Math.max(1, Math.min(requested, poolSize - RESERVED_CONNECTIONS));
}

export function messagingProviders(config: ServiceSettings, options: MessagingOptions): Provider[] {
  const { topology } = options;
  const publishing: Provider[] = topology.publishes
    ? [
        {
          provide: EventPublisher,
          inject: [MessagingMetrics],
          useFactory: (metrics: MessagingMetrics) =>
            new EventPublisher(new BrokerConnection(config.amqpUrl, `publisher ${topology.publishes}`), {
              exchange: topology.publishes!,
              queueType: config.queueType,
              publishTimeoutMs: config.publishTimeoutMs,
              metrics,
            }),
        },
        {
          provide: OutboxRelay,
          inject: [DataSource, EventPublisher],
          useFactory: (dataSource: DataSource, publisher: EventPublisher) =>
            new OutboxRelay(dataSource, publisher, {
              batchSize: config.outboxBatchSize,
              pollIntervalMs: config.outboxPollIntervalMs,
              maxBackoffMs: 10_000,
              // A live relay holds its claim at most one publish timeout plus the mark; a dead one's rows wait this long.
              claimSeconds: Math.max(10, (3 * config.publishTimeoutMs) / 1000),
              fastPathLimit: config.outboxFastPathLimit,
            }),
        },
      ]
    : [];
  return [
    {
      provide: MessagingMetrics,
      inject: [Metrics, DataSource],
      useFactory: (metrics: Metrics, dataSource: DataSource) => {
        const messaging = new MessagingMetrics(metrics);
        if (topology.publishes) messaging.watchOutbox(metrics, dataSource);
        return messaging;
      },
    },
    ...publishing,
    {
      provide: RetentionSweep,
      inject: [DataSource, Metrics],
      useFactory: (dataSource: DataSource, metrics: Metrics) =>
        new RetentionSweep(dataSource, {
          steps: [...messageRetention({ days: config.messageRetentionDays, outbox: topology.publishes !== undefined }), ...(options.retention ?? [])],
          sweepIntervalMs: config.messageRetentionSweepIntervalMs,
          metrics,
        }),
    },
    {
      provide: AmqpEventServer,
      inject: [MessagingMetrics, DataSource],
      useFactory: (metrics: MessagingMetrics, dataSource: DataSource) => {
        const prefetch = consumerPrefetch(config.consumerPrefetch, options.databasePoolSize);
        if (prefetch < config.consumerPrefetch) {
          new Logger('Messaging').log({
            msg: `consumer prefetch capped at ${prefetch} so the HTTP API keeps ${RESERVED_CONNECTIONS} database connections`,
            requested: config.consumerPrefetch,
            poolSize: options.databasePoolSize,
          });
        }
        return new AmqpEventServer({
          amqpUrl: config.amqpUrl,
          topology: topology.consumes,
          prefetch,
          handlerTimeoutMs: config.consumerHandlerTimeoutMs,
          giveUpReportAttempts: config.giveUpReportAttempts,
          drainTimeoutMs: config.shutdownDrainTimeoutMs,
          probeDatabase: () => dataSource.query('SELECT 1'),
          databaseProbeIntervalMs: config.consumerDatabaseProbeIntervalMs,
          metrics,
        });
      },
    },
    {
      provide: READINESS_CHECKS,
      inject: [AmqpEventServer, { token: EventPublisher, optional: true }],
      useFactory: (consumer: AmqpEventServer, publisher?: EventPublisher): ReadinessCheck[] => [
        ...(publisher ? [{ name: 'publisher', broker: true, required: false, up: () => publisher.isConnected }] : []),
        {
          name: 'consumer',
          broker: true,
          required: options.consumerRequiredForReadiness,
          up: () => consumer.isConsuming,
          state: () => consumer.state,
        },
      ],
    },
  ];
}

/**
 * Attaches the service's consumer as a Nest microservice and starts it; returns at once, whether or not the broker
 * is there (the consumer connects in the background and keeps trying).
 */
export async function startConsumer(app: INestApplication): Promise<void> {
  app.connectMicroservice({ strategy: app.get(AmqpEventServer) });
  await app.startAllMicroservices();
}
