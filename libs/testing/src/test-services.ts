// Each test file gets its own databases and its own exchange/queue name prefix on the shared servers.
import { randomBytes } from 'node:crypto';
import type { Channel, ConsumeMessage } from 'amqplib';
import { Client } from 'pg';
import {
  connectToBroker,
  declareEventExchange,
  ServiceTopology,
  TopologyDeclarer,
  topologyNames,
  withBrokerChannel,
} from '@wedding/messaging';

export function testDatabaseServerUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the e2e tests through Jest (global setup)');
  return url;
}

export function testAmqpUrl(): string {
  const url = process.env.TEST_AMQP_URL;
  if (!url) throw new Error('TEST_AMQP_URL is not set: run the e2e tests through Jest (global setup)');
  return url;
}

/** A short unique name part, safe in database, exchange and queue names. */
export function uniquePrefix(label: string): string {
  return `t_${label}_${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

/** The URL of a database of that name on the test server (the service creates it on start). */
export function databaseUrl(name: string): string {
  const url = new URL(testDatabaseServerUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabases(...urls: string[]): Promise<void> {
  const admin = new Client({ connectionString: databaseUrl('postgres') });
  await admin.connect();
  try {
    for (const url of urls) {
      const name = new URL(url).pathname.slice(1);
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
}

/** Deletes every exchange and queue of these services' topologies (see topologyNames); missing ones are fine. */
export async function deleteTopologies(...topologies: ServiceTopology[]): Promise<void> {
  await withBrokerChannel(testAmqpUrl(), async (channel) => {
    for (const topology of topologies) {
      const { exchanges, queues } = topologyNames(topology);
      for (const queue of queues) await channel.deleteQueue(queue);
      for (const exchange of exchanges) await channel.deleteExchange(exchange);
    }
  });
}

/** Collects the messages published to an exchange with a routing key, on an exclusive queue of its own. */
export class EventCapture {
  readonly messages: ConsumeMessage[] = [];

  private constructor(
    private readonly close: () => Promise<void>,
    readonly channel: Channel,
  ) {}

  static async start(exchange: string, routingKey: string): Promise<EventCapture> {
    const connection = await connectToBroker(testAmqpUrl());
    const declarer = new TopologyDeclarer(connection);
    await declareEventExchange(declarer, exchange, 'quorum');
    await declarer.close();
    const channel = await connection.createChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    await channel.bindQueue(queue, exchange, routingKey);
    const capture = new EventCapture(async () => {
      await connection.close().catch(() => undefined);
    }, channel);
    await channel.consume(queue, (message) => message && capture.messages.push(message), { noAck: true });
    return capture;
  }

  bodies<T = Record<string, unknown>>(): T[] {
    return this.messages.map((message) => JSON.parse(message.content.toString('utf8')) as T);
  }

  async stop(): Promise<void> {
    await this.close();
  }
}

/**
 * Runs the assertion until it passes or the time is up; rethrows its last failure. For asynchronous outcomes, in
 * place of sleeping.
 */
export async function expectEventually<T>(
  assertion: () => T | Promise<T>,
  { timeoutMs = 15_000, intervalMs = 50 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
