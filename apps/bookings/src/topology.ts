// What the bookings service declares on RabbitMQ, in one place: it publishes BookingCreated to its exchange and
// hears the coordinator's outcomes on a queue of its own. Read by the service, the tests, the fault suite, the
// benchmark and `npm run dead-letters`.
import { BookingCreated, CoordinatorIntegrationFailed, CoordinatorWeddingCreated } from '@wedding/contracts';
import { PublishedEvents, ServiceTopology } from '@wedding/messaging';
import { BookingsConfig } from './config';

export const bookingsTopology = (config: BookingsConfig): ServiceTopology => ({
  publishes: config.bookingsExchange,
  consumes: {
    exchange: config.coordinatorExchange,
    queue: config.coordinatorOutcomesQueue,
    routingKeys: [CoordinatorWeddingCreated.type, CoordinatorIntegrationFailed.type],
    retryDelaysMs: config.consumerRetryDelaysMs,
    queueType: config.queueType,
  },
});

/** What it publishes there, for its AsyncAPI document (/docs/asyncapi.json). */
export const bookingsEvents = (config: BookingsConfig): PublishedEvents => ({
  service: 'bookings',
  exchange: config.bookingsExchange,
  events: [BookingCreated],
});
