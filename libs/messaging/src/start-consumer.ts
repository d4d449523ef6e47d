// Attaches a RabbitMQ consumer to a Nest app: declares its topology (waiting for the broker), connects Nest's RMQ
// server with manual acks, and keeps ConsumerConnection in step with the connection for /health.
import { INestApplication } from '@nestjs/common';
import { connectWithRetry } from './connect-with-retry';
import { assertConsumerTopology, ConsumerTopology, consumerOptions } from './event-delivery';

/** Provided by an app that consumes; read by its health check. */
export class ConsumerConnection {
  connected = false;
}

export async function startConsumer(
  app: INestApplication,
  { url, topology, prefetchCount }: { url: string; topology: ConsumerTopology; prefetchCount: number },
): Promise<void> {
  await connectWithRetry(url, (channel) => assertConsumerTopology(channel, topology));
  const consumer = app.connectMicroservice(consumerOptions(url, topology, prefetchCount));
  const connection = app.get(ConsumerConnection);
  consumer.status.subscribe((status) => {
    if (status === 'connected') connection.connected = true;
    if (status === 'disconnected') connection.connected = false;
  });
  await consumer.listen();
}
