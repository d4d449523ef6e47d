// What the notification service declares on RabbitMQ, in one place: it reads the coordinator's outcome events from a
// queue of its own (with the retry ladder and dead-letter queue) and publishes nothing. Read by the service, the
// tests, the fault suite and `npm run dead-letters`.
import { CoordinatorIntegrationFailed, CoordinatorWeddingCreated, CoordinatorWeddingUpdated } from '@wedding/contracts';
import { ServiceTopology } from '@wedding/messaging';
import { NotificationsConfig } from './config';

export const notificationsTopology = (config: NotificationsConfig): ServiceTopology => ({
  consumes: {
    exchange: config.coordinatorExchange,
    queue: config.notificationsQueue,
    routingKeys: [CoordinatorWeddingCreated.type, CoordinatorIntegrationFailed.type, CoordinatorWeddingUpdated.type],
    retryDelaysMs: config.consumerRetryDelaysMs,
    queueType: config.queueType,
  },
});
