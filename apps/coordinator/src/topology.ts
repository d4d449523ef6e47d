// What the coordinator service declares on RabbitMQ, in one place: it reads BookingCreated from its queue (with the
// retry ladder and dead-letter queue) and publishes its outcomes to its exchange. Read by the service, the tests,
// the fault suite, the benchmark and `npm run dead-letters`.
import { BookingCreated, CoordinatorIntegrationFailed, CoordinatorWeddingCreated, CoordinatorWeddingUpdated } from '@wedding/contracts';
import { PublishedEvents, ServiceTopology } from '@wedding/messaging';
import { CoordinatorConfig } from './config';

export const coordinatorTopology = (config: CoordinatorConfig): ServiceTopology => ({
  publishes: config.coordinatorExchange,
  consumes: {
    exchange: config.bookingsExchange,
    queue: config.bookingCreatedQueue,
    routingKeys: [BookingCreated.type],
    retryDelaysMs: config.consumerRetryDelaysMs,
    queueType: config.queueType,
  },
});

/** What it publishes there, for its AsyncAPI document (/docs/asyncapi.json). */
export const coordinatorEvents = (config: CoordinatorConfig): PublishedEvents => ({
  service: 'coordinator',
  exchange: config.coordinatorExchange,
  events: [CoordinatorWeddingCreated, CoordinatorIntegrationFailed, CoordinatorWeddingUpdated],
});
