// The RabbitMQ objects of a service — its event exchanges, its queue with the retry ladder and dead-letter queue —
// named and declared in one place. Queues are named after what makes them different (`…retry-10s`), so a changed
// setting declares new queues beside the old ones instead of re-declaring one with other arguments (a 406 that
// would stop the service); a queue that still differs from what we would declare is used as the broker holds it.
import { Logger } from '@nestjs/common';
import type { Channel, ChannelModel } from 'amqplib';

export type QueueType = 'quorum' | 'classic';

export interface ConsumerTopology {
  /** Topic exchange the producer publishes to. */
  exchange: string;
  queue: string;
  routingKeys: string[];
  /** One retry queue per delay; a delivery that fails more often than there are delays is dead-lettered. */
  retryDelaysMs: number[];
  queueType: QueueType;
}

/** Everything a service declares and, in tests and tools, deletes: what it publishes to and what it consumes. */
export interface ServiceTopology {
  /** The service's own event exchange, for its outbox; none for a service that only consumes. */
  publishes?: string;
  consumes: ConsumerTopology;
}

/**
 * A quorum queue dead-letters a message the broker redelivered this often (a handler that crashes the process every
 * time, say) instead of redelivering it forever; our own retries are new messages and do not count.
 */
export const QUORUM_DELIVERY_LIMIT = 20;

export const deadLetterQueueName = (queue: string) => `${queue}.dead-letter`;
export const unroutedQueueName = (exchange: string) => `${exchange}.unrouted`;
export const retryQueueName = (queue: string, delayMs: number) => `${queue}.retry-${formatDelay(delayMs)}`;

/** 500 → "500ms", 10000 → "10s", 60000 → "1m", 5400000 → "90m": the largest unit that divides the delay. */
export function formatDelay(delayMs: number): string {
  for (const [unit, ms] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    if (delayMs >= ms && delayMs % ms === 0) return `${delayMs / ms}${unit}`;
  }
  return `${delayMs}ms`;
}

/** Every queue declareConsumerTopology declares: the queue, its retry queues and its dead-letter queue. */
export const consumerQueueNames = ({ queue, retryDelaysMs }: ConsumerTopology): string[] => [
  queue,
  ...[...new Set(retryDelaysMs)].map((delayMs) => retryQueueName(queue, delayMs)),
  deadLetterQueueName(queue),
];

/** Every exchange and queue of a service, including each exchange's `.unrouted` pair. */
export function topologyNames({ publishes, consumes }: ServiceTopology): { exchanges: string[]; queues: string[] } {
  const exchanges = [...new Set([...(publishes ? [publishes] : []), consumes.exchange])];
  return {
    exchanges: [...exchanges, ...exchanges.map(unroutedQueueName)],
    queues: [...consumerQueueNames(consumes), ...exchanges.map(unroutedQueueName)],
  };
}

/**
 * Arguments of every event exchange: an alternate exchange that parks what no queue is bound for (RabbitMQ would
 * confirm such a message and drop it — e.g. a booking published before the coordinator ever declared its queue).
 */
const eventExchangeArguments = (exchange: string) => ({ 'alternate-exchange': unroutedQueueName(exchange) });

function queueArguments(type: QueueType, deadLetterTo?: string, extra: Record<string, unknown> = {}) {
  const args: Record<string, unknown> = { 'x-queue-type': type, ...extra };
  if (deadLetterTo) {
    args['x-dead-letter-exchange'] = '';
    args['x-dead-letter-routing-key'] = deadLetterTo;
    // A quorum queue dead-letters at most once unless told otherwise: a copy could be lost on the way.
    if (type === 'quorum') Object.assign(args, { 'x-dead-letter-strategy': 'at-least-once', 'x-overflow': 'reject-publish' });
  }
  return args;
}

/**
 * Declares queues and exchanges on channels of one connection. When the broker holds an object declared otherwise it
 * answers 406 and closes the channel: the object is then checked passively and used as it is, with a warning once,
 * so that no setting change can stop a service from starting.
 */
export class TopologyDeclarer {
  private channel: Channel | undefined;

  constructor(
    private readonly connection: ChannelModel,
    private readonly logger = new Logger('Topology'),
  ) {}

  async exchange(name: string, type: 'topic' | 'fanout', args: Record<string, unknown> = {}): Promise<void> {
    await this.declare(`exchange ${name}`, (c) => c.assertExchange(name, type, { durable: true, arguments: args }), (c) =>
      c.checkExchange(name),
    );
  }

  async queue(name: string, args: Record<string, unknown>): Promise<void> {
    await this.declare(`queue ${name}`, (c) => c.assertQueue(name, { durable: true, arguments: args }), (c) =>
      c.checkQueue(name),
    );
  }

  async bind(queue: string, exchange: string, routingKey: string): Promise<void> {
    await (await this.open()).bindQueue(queue, exchange, routingKey);
  }

  async close(): Promise<void> {
    await this.channel?.close().catch(() => undefined);
    this.channel = undefined;
  }

  private async open(): Promise<Channel> {
    if (!this.channel) {
      const channel = await this.connection.createChannel();
      channel.on('error', () => undefined); // a refused declaration closes the channel; handled below
      channel.on('close', () => this.channel === channel && (this.channel = undefined));
      this.channel = channel;
    }
    return this.channel;
  }

  private async declare(what: string, assert: (c: Channel) => Promise<unknown>, check: (c: Channel) => Promise<unknown>) {
    try {
      await assert(await this.open());
    } catch (error) {
      if ((error as { code?: number }).code !== PRECONDITION_FAILED) throw error;
      this.channel = undefined;
      await check(await this.open());
      this.logger.warn({
        msg: `${what} exists with other arguments; using it as the broker holds it`,
        detail: String((error as Error).message),
      });
    }
  }
}

const PRECONDITION_FAILED = 406;

/** The topic exchange with its alternate exchange and the durable queue that keeps unroutable messages. */
export async function declareEventExchange(declarer: TopologyDeclarer, exchange: string, queueType: QueueType): Promise<void> {
  const unrouted = unroutedQueueName(exchange);
  await declarer.exchange(unrouted, 'fanout');
  await declarer.queue(unrouted, queueArguments(queueType));
  await declarer.bind(unrouted, unrouted, '');
  await declarer.exchange(exchange, 'topic', eventExchangeArguments(exchange));
}

/**
 * The exchange, the queue and its bindings, a TTL queue per retry delay that dead-letters back into the queue
 * (RabbitMQ 3.10 has no delayed-message exchange), and the dead-letter queue.
 */
export async function declareConsumerTopology(declarer: TopologyDeclarer, topology: ConsumerTopology): Promise<void> {
  const { exchange, queue, queueType } = topology;
  await declareEventExchange(declarer, exchange, queueType);
  await declarer.queue(deadLetterQueueName(queue), queueArguments(queueType));
  // Messages the broker gives up on (the delivery limit) land in the dead-letter queue too.
  const limit = queueType === 'quorum' ? { 'x-delivery-limit': QUORUM_DELIVERY_LIMIT } : {};
  await declarer.queue(queue, queueArguments(queueType, deadLetterQueueName(queue), limit));
  for (const routingKey of topology.routingKeys) await declarer.bind(queue, exchange, routingKey);
  for (const delayMs of new Set(topology.retryDelaysMs)) {
    await declarer.queue(retryQueueName(queue, delayMs), queueArguments(queueType, queue, { 'x-message-ttl': delayMs }));
  }
}
