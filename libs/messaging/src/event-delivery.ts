// Consumer side of RabbitMQ: the queue topology and the one place where a delivery is acked or nacked.
import { Logger } from '@nestjs/common';
import { CustomStrategy, RmqContext } from '@nestjs/microservices';
import type { Channel, ConfirmChannel, ConsumeMessage, MessageProperties } from 'amqplib';
import { EventContract, InvalidEventError, parseEvent } from '@wedding/contracts';
import { ObservedServerRMQ } from './rmq-transport';

export interface ConsumerTopology {
  /** Topic exchange the producer publishes to. */
  exchange: string;
  queue: string;
  routingKeys: string[];
  /** One retry queue per delay; a delivery that fails more often than there are delays is dead-lettered. */
  retryDelaysMs: number[];
}

export const retryQueueName = (queue: string, level: number) => `${queue}.retry-${level}`;
export const unroutedQueueName = (exchange: string) => `${exchange}.unrouted`;

/** Every queue assertConsumerTopology declares for a topology: the queue, its retry queues, its dead-letter queue. */
export const consumerQueueNames = ({ queue, retryDelaysMs }: ConsumerTopology): string[] => [
  queue,
  ...retryDelaysMs.map((_, index) => retryQueueName(queue, index + 1)),
  deadLetterQueueName(queue),
];

/**
 * Arguments of every event exchange: an alternate exchange that parks what no queue is bound for (RabbitMQ would
 * confirm such a message and drop it — e.g. a booking published before the coordinator ever declared its queue).
 * Producer and consumers declare the exchange with the same arguments, or RabbitMQ refuses the second declaration.
 */
export const eventExchangeArguments = (exchange: string) => ({ 'alternate-exchange': unroutedQueueName(exchange) });

/** The topic exchange with its alternate exchange and the durable queue that keeps unroutable messages. */
export async function assertEventExchange(channel: Channel, exchange: string): Promise<void> {
  const unrouted = unroutedQueueName(exchange);
  await channel.assertExchange(unrouted, 'fanout', { durable: true });
  await channel.assertQueue(unrouted, { durable: true });
  await channel.bindQueue(unrouted, unrouted, '');
  await channel.assertExchange(exchange, 'topic', { durable: true, arguments: eventExchangeArguments(exchange) });
}
export const deadLetterQueueName = (queue: string) => `${queue}.dead-letter`;

const ATTEMPT_HEADER = 'x-attempt';
export const VERSION_HEADER = 'x-event-version';

/**
 * Declares the exchange, the durable queue and its bindings, a TTL queue per retry delay that dead-letters back
 * into the queue (RabbitMQ 3.10 has no delayed-message exchange), and the dead-letter queue.
 */
export async function assertConsumerTopology(channel: Channel, topology: ConsumerTopology): Promise<void> {
  const { exchange, queue } = topology;
  await assertEventExchange(channel, exchange);
  await channel.assertQueue(deadLetterQueueName(queue), { durable: true });
  // Messages Nest rejects on its own (no handler for their type) land in the dead-letter queue too.
  await channel.assertQueue(queue, {
    durable: true,
    arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': deadLetterQueueName(queue) },
  });
  for (const routingKey of topology.routingKeys) await channel.bindQueue(queue, exchange, routingKey);
  for (const [index, delayMs] of topology.retryDelaysMs.entries()) {
    await channel.assertQueue(retryQueueName(queue, index + 1), {
      durable: true,
      arguments: { 'x-message-ttl': delayMs, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': queue },
    });
  }
}

/** Options for Nest's RMQ server: manual acks, bounded prefetch, the event type (AMQP `type`) as the pattern. */
export function consumerOptions(url: string, topology: ConsumerTopology, prefetchCount: number): CustomStrategy {
  return {
    strategy: new ObservedServerRMQ({
      urls: [url],
      queue: topology.queue,
      noAssert: true,
      noAck: false,
      prefetchCount,
      socketOptions: { heartbeatIntervalInSeconds: 5, reconnectTimeInSeconds: 1 },
      deserializer: {
        deserialize: (data: unknown, properties?: MessageProperties) => ({
          pattern: typeof properties?.type === 'string' ? properties.type : '',
          data,
        }),
      },
    }),
  };
}

export interface DeliveryMeta {
  messageId: string | undefined;
  correlationId: string | undefined;
  attempt: number;
}

/**
 * Reads a delivery against its contract, runs the handler, and settles the delivery exactly once:
 * ack after success; a failing handler goes to the next retry queue, then to the dead-letter queue; a message
 * that breaks the contract goes straight to the dead-letter queue, and so does one whose handler throws
 * InvalidEventError (no retry can fix a contract violation), once its give-up is reported. Retry and dead-letter
 * copies are published with confirms before the original is acked, so a crash in between duplicates (the inbox
 * absorbs it) but never loses.
 */
export class EventDelivery {
  private readonly logger = new Logger(EventDelivery.name);

  constructor(private readonly topology: ConsumerTopology) {}

  async settle<T extends object>(
    context: RmqContext,
    contract: EventContract<T>,
    handle: (event: T, meta: DeliveryMeta) => Promise<void>,
    { onGiveUp }: { onGiveUp?: (event: T, reason: string, meta: DeliveryMeta, error: unknown) => Promise<void> } = {},
  ): Promise<void> {
    const message = context.getMessage() as ConsumeMessage;
    const channel = context.getChannelRef() as ConfirmChannel;
    const attempt = Number(message.properties.headers?.[ATTEMPT_HEADER] ?? 1) || 1;
    const meta: DeliveryMeta = {
      messageId: message.properties.messageId,
      correlationId: message.properties.correlationId,
      attempt,
    };

    let event: T;
    try {
      event = readEvent(contract, message);
    } catch (error) {
      return this.forward(channel, message, deadLetterQueueName(this.topology.queue), attempt, error);
    }

    try {
      await handle(event, meta);
    } catch (error) {
      if (attempt <= this.topology.retryDelaysMs.length && !(error instanceof InvalidEventError)) {
        return this.forward(channel, message, retryQueueName(this.topology.queue, attempt), attempt + 1, error);
      }
      // Out of attempts: tell whoever waits for the outcome, then park the message for a person to look at. If the
      // report itself fails (the database is usually why both failed), come back after the longest delay and try
      // again rather than park a booking that nobody was told about.
      try {
        await onGiveUp?.(event, describe(error), meta, error);
      } catch (giveUpError) {
        const levels = this.topology.retryDelaysMs.length;
        // A report its own contract refuses would be refused again on every retry: park the message instead.
        const retry = levels > 0 && !(giveUpError instanceof InvalidEventError);
        const msg = retry ? 'could not report the give-up; retrying later' : 'could not report the give-up; parking it';
        this.logger.error({ msg, ...meta, error: describe(giveUpError) });
        if (retry) return this.forward(channel, message, retryQueueName(this.topology.queue, levels), attempt, giveUpError);
      }
      return this.forward(channel, message, deadLetterQueueName(this.topology.queue), attempt, error);
    }
    settleSafely(() => channel.ack(message), this.logger, meta);
  }

  private async forward(
    channel: ConfirmChannel,
    message: ConsumeMessage,
    queue: string,
    attempt: number,
    error: unknown,
  ): Promise<void> {
    const reason = describe(error);
    const meta = { messageId: message.properties.messageId, type: message.properties.type, attempt, queue, reason };
    this.logger.warn({ msg: 'delivery failed; forwarding', ...meta });
    try {
      await new Promise<void>((resolve, reject) =>
        channel.sendToQueue(
          queue,
          message.content,
          {
            ...message.properties,
            persistent: true,
            headers: {
              ...message.properties.headers,
              [ATTEMPT_HEADER]: attempt,
              'x-failure-reason': reason.slice(0, 1000),
              'x-failed-at': new Date().toISOString(),
              'x-original-queue': this.topology.queue,
            },
          },
          (err) => (err ? reject(err) : resolve()),
        ),
      );
      settleSafely(() => channel.ack(message), this.logger, meta);
    } catch (publishError) {
      // Could not park it: hand it back to the broker rather than lose it.
      this.logger.error({ msg: 'could not forward delivery; requeueing', ...meta, error: String(publishError) });
      settleSafely(() => channel.nack(message, false, true), this.logger, meta);
    }
  }
}

function readEvent<T extends object>(contract: EventContract<T>, message: ConsumeMessage): T {
  const { type, headers } = message.properties;
  if (type !== contract.type) throw new InvalidEventError(contract.type, [`unexpected type ${String(type)}`]);
  const version = Number(headers?.[VERSION_HEADER]);
  if (version !== contract.version) {
    throw new InvalidEventError(contract.type, [`unsupported version ${String(headers?.[VERSION_HEADER])}`]);
  }
  let payload: unknown;
  try {
    payload = JSON.parse(message.content.toString('utf8'));
  } catch {
    throw new InvalidEventError(contract.type, ['body is not JSON']);
  }
  return parseEvent(contract, payload);
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** On a closed channel ack/nack throw; the broker redelivers such a message, so log and carry on. */
function settleSafely(settle: () => void, logger: Logger, meta: object): void {
  try {
    settle();
  } catch (error) {
    logger.warn({ msg: 'could not settle delivery; the broker will redeliver it', ...meta, error: String(error) });
  }
}
