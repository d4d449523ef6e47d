// A Nest transport of our own (Server + CustomTransportStrategy) for event consumers: one durable queue, manual acks,
// bounded prefetch, handlers found by the AMQP `type` property (@ConsumeEvent), every delivery settled by
// EventDelivery, a pause while the service's database is unavailable (basic.cancel, then basic.consume again on the
// same channel once it answers), and a drain on shutdown: stop consuming, let running handlers finish and ack, close.
import { applyDecorators, Catch, Logger, RpcExceptionFilter, UseFilters } from '@nestjs/common';
import { BaseRpcContext, CustomTransportStrategy, EventPattern, MessageHandler, Server } from '@nestjs/microservices';
import type { ConfirmChannel, ChannelModel, ConsumeMessage } from 'amqplib';
import { lastValueFrom, Observable, throwError } from 'rxjs';
import type { EventContract } from '@wedding/contracts';
import { BrokerConnection, KeptChannel } from './broker-connection';
import { DatabaseOutage } from './database-outage';
import { DeliveryHandlers, DeliveryMeta, DeliveryOptions, EventDelivery } from './event-delivery';
import { ConsumerTopology, declareConsumerTopology, TopologyDeclarer } from './topology';

const giveUpPattern = (type: string) => `${type}#give-up`;

/**
 * Nest's RPC exception layer logs a handler's error and replaces it with `{ status: 'error' }`; a consumer needs the
 * error itself (its class says whether a retry can help).
 */
@Catch()
class PassErrorsToTheTransport implements RpcExceptionFilter {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}

/** Handles the contract's events: `@Payload()` is the validated event, `@Ctx()` a DeliveryContext. */
export const ConsumeEvent = (contract: EventContract) =>
  applyDecorators(EventPattern(contract.type, { contract }), UseFilters(PassErrorsToTheTransport));

/**
 * Called once the contract's handler has failed on its last retry, or failed in a way no retry can fix, with
 * `{ event, reason, error }`; the delivery is then dead-lettered. A failure here is tried again a bounded number of
 * times.
 */
export const OnGiveUp = (contract: EventContract) =>
  applyDecorators(EventPattern(giveUpPattern(contract.type), { contract }), UseFilters(PassErrorsToTheTransport));

export interface GiveUp<T> {
  event: T;
  /** What the last attempt failed with, as text. */
  reason: string;
  /** The error itself, to classify. */
  error: unknown;
}

export class DeliveryContext extends BaseRpcContext<[DeliveryMeta]> {
  get meta(): DeliveryMeta {
    return this.getArgByIndex(0);
  }
}

export interface AmqpEventServerOptions extends DeliveryOptions {
  amqpUrl: string;
  topology: ConsumerTopology;
  prefetch: number;
  /** How long a shutdown waits for running handlers before closing anyway (their messages are then redelivered). */
  drainTimeoutMs: number;
  /** A cheap query on the service's own database (`SELECT 1`): while it fails after an outage, the consumer stays paused. */
  probeDatabase: () => Promise<unknown>;
  databaseProbeIntervalMs: number;
}

export type ConsumerState = 'consuming' | 'paused: database unavailable' | 'waiting for the broker' | 'stopped';

export class AmqpEventServer extends Server implements CustomTransportStrategy {
  protected override readonly logger = new Logger(AmqpEventServer.name);
  private readonly broker: BrokerConnection;
  private readonly delivery: EventDelivery;
  private channel: KeptChannel | undefined;
  private connection: ChannelModel | undefined;
  private consuming: { channel: ConfirmChannel; consumerTag: string } | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly outage: DatabaseOutage;
  /** Consuming and cancelling one after the other, never two at once. */
  private switching: Promise<void> = Promise.resolve();
  private closing = false;

  constructor(private readonly options: AmqpEventServerOptions) {
    super();
    this.broker = new BrokerConnection(options.amqpUrl, `consumer ${options.topology.queue}`);
    this.outage = new DatabaseOutage({
      queue: options.topology.queue,
      probe: options.probeDatabase,
      probeIntervalMs: options.databaseProbeIntervalMs,
    });
    this.outage.attach({
      pause: () => {
        options.metrics?.consumerPaused.set(1);
        this.follow();
      },
      resume: () => {
        options.metrics?.consumerPaused.set(0);
        this.follow();
      },
    });
    this.delivery = new EventDelivery(options.topology, options, { outage: this.outage }, () => this.declareTopology());
  }

  /** Up when the queue is being consumed. */
  get isConsuming(): boolean {
    return this.consuming !== undefined && this.channel?.current === this.consuming.channel;
  }

  /** For /health/ready's body. */
  get state(): ConsumerState {
    if (this.closing) return 'stopped';
    if (this.outage.ongoing) return 'paused: database unavailable';
    return this.isConsuming ? 'consuming' : 'waiting for the broker';
  }

  /** Returns at once: the topology is declared and the queue consumed as soon as the broker answers. */
  listen(callback: (...optionalParams: unknown[]) => void): void {
    this.channel = this.broker.keepChannel('consumer', async (channel, connection) => {
      this.connection = connection;
      await this.declareTopology();
      this.delivery.watch(channel);
      channel.once('close', () => this.consuming?.channel === channel && (this.consuming = undefined));
      await channel.prefetch(this.options.prefetch);
      // Paused: the channel is kept ready, and consumes once the database answers (follow()).
      if (!this.outage.ongoing) await this.consume(channel);
    });
    // A resumption while the channel was being set up finds no channel to consume on: it consumes once it is ready.
    this.channel.onReady(() => this.follow());
    callback();
  }

  async close(): Promise<void> {
    this.closing = true;
    this.outage.stop();
    await this.switching;
    const consuming = this.consuming;
    this.consuming = undefined;
    if (consuming) await consuming.channel.cancel(consuming.consumerTag).catch(() => undefined);
    const inFlight = this.inFlight.size;
    if (inFlight > 0) {
      let timer: NodeJS.Timeout | undefined;
      const drained = await Promise.race([
        Promise.allSettled([...this.inFlight]).then(() => true),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), this.options.drainTimeoutMs))),
      ]);
      clearTimeout(timer);
      this.logger.log({ msg: drained ? 'drained in-flight deliveries' : 'closing with deliveries still running', inFlight });
    }
    await this.broker.close();
  }

  /** On channels of their own: a refused declaration closes its channel, and must not close the consumer's. */
  private async declareTopology(): Promise<void> {
    if (!this.connection) return;
    const declarer = new TopologyDeclarer(this.connection);
    try {
      await declareConsumerTopology(declarer, this.options.topology);
    } finally {
      await declarer.close();
    }
  }

  private async consume(channel: ConfirmChannel): Promise<void> {
    const { consumerTag } = await channel.consume(this.options.topology.queue, (message) => this.receive(channel, message), {
      noAck: false,
    });
    this.consuming = { channel, consumerTag };
  }

  /**
   * Brings the consumer in line with the database: cancelled while it is unavailable (basic.cancel; the channel, the
   * connection and the prefetched deliveries stay, and EventDelivery sends those back to the queue), consuming again
   * on the kept channel once it answers. A consume that fails re-opens the channel, whose set-up consumes.
   */
  private follow(): void {
    this.switching = this.switching.then(async () => {
      if (this.closing) return;
      const channel = this.channel?.current;
      if (this.outage.ongoing) {
        const consuming = this.consuming;
        this.consuming = undefined;
        if (consuming) await consuming.channel.cancel(consuming.consumerTag).catch(() => undefined);
      } else if (channel && this.consuming?.channel !== channel) {
        await this.consume(channel).catch((error: unknown) => {
          this.logger.warn({ msg: 'could not consume again; re-opening the channel', error: String(error) });
          return this.channel?.reopen();
        });
      }
    });
  }

  on(): never {
    throw new Error('AmqpEventServer has no events to listen to');
  }

  unwrap<T>(): T {
    return this.broker as T;
  }

  private receive(channel: ConfirmChannel, message: ConsumeMessage | null): void {
    if (!message) {
      // The broker cancelled the consumer (its queue was deleted): declare it again and consume anew.
      this.logger.warn({ msg: 'consumer cancelled by the broker; declaring the queue again' });
      void this.channel?.reopen();
      return;
    }
    const settled = this.delivery
      .settle(channel, message, this.handlersFor(message.properties.type))
      .catch((error) => this.logger.error({ msg: 'delivery not settled', error: String(error) }))
      .finally(() => this.inFlight.delete(settled));
    this.inFlight.add(settled);
  }

  private handlersFor(type: unknown): DeliveryHandlers<object> | undefined {
    if (typeof type !== 'string') return undefined;
    const handler = this.getHandlerByPattern(type);
    if (!handler) return undefined;
    const giveUp = this.getHandlerByPattern(giveUpPattern(type));
    return {
      contract: (handler.extras as { contract: EventContract }).contract,
      handle: (event, meta) => this.invoke(handler, event, meta),
      giveUp: giveUp ? (event, failure, meta) => this.invoke(giveUp, { event, ...failure }, meta) : undefined,
    };
  }

  private async invoke(handler: MessageHandler, data: unknown, meta: DeliveryMeta): Promise<void> {
    await lastValueFrom(this.transformToObservable(await handler(data, new DeliveryContext([meta]))), {
      defaultValue: undefined,
    });
  }
}
