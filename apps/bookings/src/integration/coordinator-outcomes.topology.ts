import { CoordinatorIntegrationFailed, CoordinatorWeddingCreated } from '@wedding/contracts';
import { ConsumerTopology } from '@wedding/messaging';
import { BookingsConfig } from '../config';

/** The coordinator's outcome events, on the bookings service's own queue. */
export const coordinatorOutcomesTopology = (config: BookingsConfig): ConsumerTopology => ({
  exchange: config.coordinatorExchange,
  queue: config.coordinatorOutcomesQueue,
  routingKeys: [CoordinatorWeddingCreated.type, CoordinatorIntegrationFailed.type],
  retryDelaysMs: config.consumerRetryDelaysMs,
});
