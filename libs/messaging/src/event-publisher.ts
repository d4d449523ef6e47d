// Publishes outbox rows through Nest's RMQ client: topic exchange, persistent JSON, publisher confirms.
import { Logger } from '@nestjs/common';
import { RmqRecord } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { connectWithRetry } from './connect-with-retry';
import { assertEventExchange, eventExchangeArguments, VERSION_HEADER } from './event-delivery';
import { OutboxRow } from './outbox';
import { ObservedClientRMQ } from './rmq-transport';

/** Nest wraps events as `{pattern, data}`; downstream consumers get the bare event instead. */
class BareEventSerializer {
  serialize(packet: { data: RmqRecord }) {
    return { ...packet.data.data, options: packet.data.options };
  }
}

export interface EventPublisherOptions {
  url: string;
  exchange: string;
  /** A publish that the broker has not confirmed by then fails, so the row stays unsent. */
  publishTimeoutMs: number;
}

export class EventPublisher {
  private readonly logger = new Logger(EventPublisher.name);
  private readonly client: ObservedClientRMQ;
  private connected = false;

  constructor(private readonly options: EventPublisherOptions) {
    this.client = new ObservedClientRMQ({
      urls: [options.url],
      exchange: options.exchange,
      exchangeType: 'topic',
      // With `wildcards` Nest publishes to the exchange with the event type as routing key.
      wildcards: true,
      persistent: true,
      exchangeArguments: eventExchangeArguments(options.exchange),
      serializer: new BareEventSerializer(),
      socketOptions: { heartbeatIntervalInSeconds: 5, reconnectTimeInSeconds: 1 },
    });
    this.client.status.subscribe((status) => {
      if (status === 'connected') this.connected = true;
      if (status === 'disconnected') this.connected = false;
    });
  }

  get isConnected(): boolean {
    return this.connected;
  }

  /**
   * Declares the exchange with its alternate exchange (waiting for the broker), then connects the client; a broker
   * that goes away later is reconnected in the background while the relay backs off.
   */
  async connect(): Promise<void> {
    await connectWithRetry(this.options.url, (channel) => assertEventExchange(channel, this.options.exchange));
    try {
      await this.client.connect();
    } catch (error) {
      this.logger.warn({ msg: 'broker not reachable yet; will keep trying', error: String(error) });
    }
  }

  async publish(row: OutboxRow): Promise<void> {
    const record = new RmqRecord(row.payload, {
      messageId: row.id,
      correlationId: row.correlation_id ?? undefined,
      type: row.type,
      contentType: 'application/json',
      timestamp: Math.floor(new Date(row.created_at).getTime() / 1000),
      persistent: true,
      headers: { [VERSION_HEADER]: String(row.version) },
      // Read by amqp-connection-manager's ChannelWrapper, not sent to the broker.
      timeout: this.options.publishTimeoutMs,
    } as unknown as RmqRecord['options']);
    await lastValueFrom(this.client.emit(row.type, record), { defaultValue: undefined });
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
