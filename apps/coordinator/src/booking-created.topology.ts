import { BookingCreated } from '@wedding/contracts';
import { ConsumerTopology } from '@wedding/messaging';
import { CoordinatorConfig } from './config';

/** Where the coordinator reads BookingCreated from, and its retry and dead-letter queues. */
export const bookingCreatedTopology = (config: CoordinatorConfig): ConsumerTopology => ({
  exchange: config.bookingsExchange,
  queue: config.bookingCreatedQueue,
  routingKeys: [BookingCreated.type],
  retryDelaysMs: config.consumerRetryDelaysMs,
});
