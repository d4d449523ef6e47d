export { addToOutbox, derivedEventId, NO_OUTBOX_ROW, outboxInsertSql, prepareEvent, prepareEventFromValidatedInput, writeToOutbox } from './outbox';
export type { EventOptions, OutboxRow, OutboxValues, PreparedEvent } from './outbox';
export { EventPublisher, VERSION_HEADER } from './event-publisher';
export { OutboxRelay } from './outbox-relay';
export { recordInboxMessage, runOnFirstDelivery } from './inbox';
export { messageTables } from './message-tables';
export { messageRetention } from './message-retention';
export { PermanentError, stepAfterFailure } from './event-delivery';
export type { DeliveryMeta } from './event-delivery';
export { AmqpEventServer, ConsumeEvent, DeliveryContext, OnGiveUp } from './amqp-event-server';
export type { GiveUp } from './amqp-event-server';
export {
  consumerQueueNames,
  deadLetterQueueName,
  declareEventExchange,
  formatDelay,
  retryQueueName,
  topologyNames,
  TopologyDeclarer,
  unroutedQueueName,
} from './topology';
export type { ConsumerTopology, QueueType, ServiceTopology } from './topology';
export { BrokerConnection, brokerUrls, connectToBroker, withBrokerChannel } from './broker-connection';
export { listDeadLetters, replayDeadLetters } from './dead-letters';
export type { DeadLetter } from './dead-letters';
export { consumerPrefetch, messagingProviders, startConsumer } from './messaging.providers';
export type { MessagingOptions } from './messaging.providers';
export { MessagingMetrics } from './messaging-metrics';
export type { DeliveryOutcome } from './messaging-metrics';
export { asyncApiDocument } from './asyncapi';
export type { PublishedEvents } from './asyncapi';
export { asyncApiPage, eventCatalogue } from './asyncapi-page';
