// The one way this repository talks AMQP: a connection that reconnects on its own (amqp-connection-manager, trying
// each broker of a cluster in turn), and channels kept open on it whose set-up (declaring topology, consuming) is
// re-run on every new channel. Nothing here waits for the broker: a service starts without it and catches up.
import { Logger } from '@nestjs/common';
import { AmqpConnectionManager, connect as connectManager } from 'amqp-connection-manager';
import { connect, ConfirmChannel, ChannelModel } from 'amqplib';

/** `AMQP_URL` may list the nodes of a cluster, comma-separated; the connection tries them in turn. */
export const brokerUrls = (amqpUrl: string): string[] =>
  amqpUrl
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean);

/**
 * amqplib leaves Nagle's algorithm on: a small frame written while another is unacknowledged waits for the peer's
 * delayed ACK (40 ms on Linux) — the latency of a booking that arrives alone. Frames are small and latency matters.
 */
const SOCKET_OPTIONS = { noDelay: true };
const HEARTBEAT_SECONDS = 5;

export type ChannelSetup = (channel: ConfirmChannel, connection: ChannelModel) => Promise<void>;

export class BrokerConnection {
  private readonly logger: Logger;
  private readonly manager: AmqpConnectionManager;
  private readonly channels = new Set<KeptChannel>();
  private connection: ChannelModel | undefined;
  private failures = 0;

  constructor(amqpUrl: string, readonly name: string) {
    this.logger = new Logger(`RabbitMQ ${name}`);
    this.manager = connectManager(brokerUrls(amqpUrl), {
      heartbeatIntervalInSeconds: HEARTBEAT_SECONDS,
      reconnectTimeInSeconds: 1,
      connectionOptions: { ...SOCKET_OPTIONS, clientProperties: { connection_name: name } },
    });
    this.manager.on('connect', ({ connection }: { connection: ChannelModel }) => {
      this.connection = connection;
      if (this.failures > 0) this.logger.log({ msg: 'connected to the broker', afterFailures: this.failures });
      this.failures = 0;
      for (const channel of this.channels) channel.open(connection);
    });
    this.manager.on('disconnect', ({ err }: { err?: Error }) => {
      this.connection = undefined;
      this.logger.warn({ msg: 'disconnected from the broker; reconnecting', error: String(err) });
    });
    this.manager.on('connectFailed', ({ err }: { err: Error }) => {
      // Once, then every minute or so: a broker that stays away for an hour should not write 3,600 lines.
      if (this.failures++ % 60 === 0) {
        this.logger.warn({ msg: 'broker not reachable; retrying every second', attempts: this.failures, error: String(err) });
      }
    });
  }

  get isConnected(): boolean {
    return this.connection !== undefined;
  }

  /** A confirm channel kept open with `setup` run on each new one; see KeptChannel. */
  keepChannel(name: string, setup: ChannelSetup): KeptChannel {
    const channel = new KeptChannel(`${this.name} ${name}`, setup, () => this.connection);
    this.channels.add(channel);
    if (this.connection) channel.open(this.connection);
    return channel;
  }

  async close(): Promise<void> {
    for (const channel of this.channels) await channel.close();
    await this.manager.close();
  }
}

/**
 * A confirm channel that is re-opened, with its set-up, whenever it closes while its connection is up (a refused
 * declaration, a queue deleted under a consumer) — after a back-off, so a set-up that keeps failing is no hot loop.
 */
export class KeptChannel {
  private readonly logger: Logger;
  private channel: ConfirmChannel | undefined;
  private ready = false;
  private closed = false;
  private failures = 0;
  private retry: NodeJS.Timeout | undefined;
  private readonly readyListeners = new Set<() => void>();

  constructor(
    private readonly name: string,
    private readonly setup: ChannelSetup,
    private readonly currentConnection: () => ChannelModel | undefined,
  ) {
    this.logger = new Logger(`RabbitMQ ${name}`);
  }

  /** The channel once its set-up has completed; undefined while there is none. */
  get current(): ConfirmChannel | undefined {
    return this.ready ? this.channel : undefined;
  }

  onReady(listener: () => void): void {
    this.readyListeners.add(listener);
  }

  async open(connection: ChannelModel): Promise<void> {
    if (this.closed || this.channel) return;
    clearTimeout(this.retry);
    let channel: ConfirmChannel;
    try {
      channel = await connection.createConfirmChannel();
    } catch (error) {
      this.logger.warn({ msg: 'could not open a channel; waiting for the connection to recover', error: String(error) });
      return;
    }
    this.channel = channel;
    channel.on('error', () => undefined); // followed by 'close', handled there
    channel.on('close', () => this.lost(channel, connection));
    try {
      await this.setup(channel, connection);
    } catch (error) {
      this.logger.warn({ msg: 'channel set-up failed; retrying', error: String(error) });
      await channel.close().catch(() => undefined);
      this.lost(channel, connection);
      return;
    }
    if (this.channel !== channel) return;
    this.ready = true;
    this.failures = 0;
    for (const listener of this.readyListeners) listener();
  }

  /** Closes the channel and re-opens it with its set-up, e.g. after something it declared went missing. */
  async reopen(): Promise<void> {
    await this.channel?.close().catch(() => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    const channel = this.channel;
    this.channel = undefined;
    this.ready = false;
    await channel?.close().catch(() => undefined);
  }

  private lost(channel: ConfirmChannel, connection: ChannelModel): void {
    if (this.channel !== channel) return;
    this.channel = undefined;
    this.ready = false;
    if (this.closed) return;
    const delayMs = Math.min(250 * 2 ** this.failures++, 10_000);
    this.retry = setTimeout(() => {
      if (this.currentConnection() === connection) void this.open(connection);
    }, delayMs);
  }
}

/** A plain connection (tools, tests): the first broker of `AMQP_URL` that answers, with the services' socket options. */
export async function connectToBroker(amqpUrl: string): Promise<ChannelModel> {
  let lastError: unknown;
  for (const url of brokerUrls(amqpUrl)) {
    try {
      const connection = await connect(url, SOCKET_OPTIONS);
      connection.on('error', () => undefined); // followed by 'close'
      return connection;
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

/** A short-lived connection and confirm channel, closed when `work` ends (listing dead letters, deleting queues). */
export async function withBrokerChannel<T>(
  amqpUrl: string,
  work: (channel: ConfirmChannel, connection: ChannelModel) => Promise<T>,
): Promise<T> {
  const connection = await connectToBroker(amqpUrl);
  try {
    const channel = await connection.createConfirmChannel();
    const result = await work(channel, connection);
    // Before the connection: amqplib may write Connection.Close ahead of the channel's last frames (acks, nacks),
    // and the broker drops what comes after it.
    await channel.close().catch(() => undefined); // already closed by the broker: nothing left to flush
    return result;
  } finally {
    await connection.close().catch(() => undefined);
  }
}
