export { addToOutbox, derivedEventId, prepareEvent } from './outbox';
export type { EventOptions, OutboxRow, PreparedEvent } from './outbox';
export { EventPublisher } from './event-publisher';
export type { EventPublisherOptions } from './event-publisher';
export { OutboxRelay } from './outbox-relay';
export type { OutboxRelayOptions } from './outbox-relay';
export { recordInboxMessage } from './inbox';
export {
  EventDelivery,
  assertConsumerTopology,
  consumerOptions,
  deadLetterQueueName,
  retryQueueName,
  VERSION_HEADER,
  assertEventExchange,
  unroutedQueueName,
  consumerQueueNames,
} from './event-delivery';
export type { ConsumerTopology, DeliveryMeta } from './event-delivery';
export { connectWithRetry } from './connect-with-retry';
export { ConsumerConnection, startConsumer } from './start-consumer';
export { listDeadLetters, replayDeadLetters } from './dead-letters';
export type { DeadLetter } from './dead-letters';
export { messagingProviders } from './messaging.providers';
export type { MessagingSettings } from './messaging.providers';
