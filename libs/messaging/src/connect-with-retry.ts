// Start-up work that needs the broker (declaring topology) waits for it instead of crashing the service.
import { Logger } from '@nestjs/common';
import { connect, Channel } from 'amqplib';

const PRECONDITION_FAILED = 406;
const NOT_FOUND = 404;
const ACCESS_REFUSED = 403;

export async function connectWithRetry<T>(
  url: string,
  work: (channel: Channel) => Promise<T>,
  { maxDelayMs = 5000, logger = new Logger('RabbitMQ') } = {},
): Promise<T> {
  for (let delayMs = 200; ; delayMs = Math.min(delayMs * 2, maxDelayMs)) {
    try {
      const connection = await connect(url);
      try {
        return await work(await connection.createChannel());
      } finally {
        await connection.close().catch(() => undefined);
      }
    } catch (error) {
      // The broker answered and refused (a queue or exchange declared with other arguments, say): retrying cannot help.
      const code = (error as { code?: number }).code;
      if (code === PRECONDITION_FAILED || code === NOT_FOUND || code === ACCESS_REFUSED) throw error;
      logger.warn({ msg: 'broker not reachable; retrying', delayMs, error: String(error) });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
