// Inspecting and replaying a dead-letter queue, after whatever made its messages fail has been fixed.
import type { GetMessage } from 'amqplib';
import { withBrokerChannel } from './broker-connection';

export interface DeadLetter {
  messageId: string | undefined;
  type: string | undefined;
  correlationId: string | undefined;
  attempts: number | undefined;
  reason: string | undefined;
  failedAt: string | undefined;
  originalQueue: string | undefined;
  body: string;
}

/** Our forwards say why in x-* headers; a message the broker dead-lettered itself (its delivery limit) in x-death. */
const describe = (message: GetMessage): DeadLetter => {
  const headers = message.properties.headers ?? {};
  const brokerReason = headers['x-first-death-reason'];
  return {
    messageId: message.properties.messageId,
    type: message.properties.type,
    correlationId: message.properties.correlationId,
    attempts: headers['x-attempt'],
    reason: headers['x-failure-reason'] ?? (brokerReason ? `dead-lettered by the broker: ${brokerReason}` : undefined),
    failedAt: headers['x-failed-at'],
    originalQueue: headers['x-original-queue'] ?? headers['x-first-death-queue'],
    body: message.content.toString('utf8'),
  };
};

/**
 * Takes up to `limit` messages off the queue without acking them, lets `decide` pick what to do with each, and puts
 * back everything it did not replay, in order. Replayed messages go to their original queue as a first attempt.
 */
async function visit(
  url: string,
  queue: string,
  limit: number,
  decide: (letter: DeadLetter) => boolean,
): Promise<{ seen: DeadLetter[]; replayed: DeadLetter[] }> {
  return withBrokerChannel(url, async (channel) => {
    await channel.checkQueue(queue);
    const seen: DeadLetter[] = [];
    const replayed: DeadLetter[] = [];
    const messages: GetMessage[] = [];
    for (let message = await channel.get(queue); message && messages.length < limit; ) {
      messages.push(message);
      if (messages.length < limit) message = await channel.get(queue);
    }
    for (const message of messages) {
      const letter = describe(message);
      seen.push(letter);
      if (!decide(letter) || !letter.originalQueue) continue;
      const {
        'x-attempt': _attempt,
        'x-failure-reason': _reason,
        'x-failed-at': _at,
        'x-original-queue': _queue,
        'x-report-attempt': _report,
        'x-forward-id': _forward,
        ...headers
      } = message.properties.headers ?? {};
      channel.sendToQueue(letter.originalQueue, message.content, {
        ...message.properties,
        persistent: true,
        headers: { ...headers, 'x-replayed-at': new Date().toISOString() },
      });
      await channel.waitForConfirms();
      channel.ack(message);
      replayed.push(letter);
    }
    // Everything not replayed goes back to the dead-letter queue.
    channel.nackAll(true);
    return { seen, replayed };
  });
}

export async function listDeadLetters(url: string, queue: string, limit = 100): Promise<DeadLetter[]> {
  return (await visit(url, queue, limit, () => false)).seen;
}

/** Replays the messages with these ids, or all of them when `messageIds` is 'all'. */
export async function replayDeadLetters(
  url: string,
  queue: string,
  messageIds: string[] | 'all',
  limit = 10_000,
): Promise<DeadLetter[]> {
  const chosen = (letter: DeadLetter) =>
    messageIds === 'all' || (letter.messageId !== undefined && messageIds.includes(letter.messageId));
  return (await visit(url, queue, limit, chosen)).replayed;
}
