// The one place where a delivery is settled: read against its contract, handled, then acked — or copied to the next
// retry queue, or to the dead-letter queue, or (the database being unavailable) back to its own queue unchanged, with
// the copy confirmed by the broker before the original is acked.
import { Logger } from '@nestjs/common';
import { context, SpanStatusCode } from '@opentelemetry/api';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import { EventContract, InvalidEventError, parseEvent } from '@wedding/contracts';
import { databaseFailure } from '@wedding/infrastructure';
import { DatabaseOutage } from './database-outage';
import { inDeliveryScope } from './delivery-scope';
import { VERSION_HEADER } from './event-publisher';
import { startConsumeSpan } from './message-tracing';
import { DeliveryOutcome, MessagingMetrics } from './messaging-metrics';
import { ConsumerTopology, deadLetterQueueName, retryQueueName } from './topology';

/**
 * A failure that no retry can fix (a booking with no way to reach the couple, say): the delivery goes straight to the
 * dead-letter queue. A contract violation (InvalidEventError) is one too.
 */
export class PermanentError extends Error {
  override name = 'PermanentError';
}

/** The handler ran longer than CONSUMER_HANDLER_TIMEOUT_MS: slow work, or a database that stopped answering. */
export class HandlerTimeoutError extends Error {
  override name = 'HandlerTimeoutError';
}

export const ATTEMPT_HEADER = 'x-attempt';
const REPORT_ATTEMPT_HEADER = 'x-report-attempt';

export interface DeliveryMeta {
  messageId: string | undefined;
  correlationId: string | undefined;
  /** 1 for the first delivery, 2 after the first retry, … */
  attempt: number;
}

export interface DeliveryHandlers<T> {
  contract: EventContract<T & object>;
  handle(event: T, meta: DeliveryMeta): Promise<void>;
  /**
   * After the last retry failed, or a failure no retry can fix: tell whoever waits for the outcome. The delivery is
   * then dead-lettered.
   */
  giveUp?(event: T, failure: { reason: string; error: unknown }, meta: DeliveryMeta): Promise<void>;
}

export interface DeliveryOptions {
  /** A handler still running after this is treated as failed (its transaction is cut by statement_timeout). */
  handlerTimeoutMs: number;
  /** How often a failing give-up report is tried (each after the longest retry delay) before the delivery is parked. */
  giveUpReportAttempts: number;
  metrics?: MessagingMetrics;
}

/** The service's database, as the consumer sees it: a failure for want of it pauses the consumer (see DatabaseOutage). */
export interface DeliveryDatabase {
  outage: DatabaseOutage;
}

/** How a delivery ended; undefined when its channel closed first (the broker redelivers it). */
type Settled = DeliveryOutcome | undefined;

export type FailureStep =
  | { action: 'retry'; queue: string; attempt: number }
  | { action: 'give-up' }
  | { action: 'wait-for-database' };

/**
 * A failure that may be the database's absence: a lost or refused connection and the like (see databaseFailure), or
 * a timeout (slow work, or a server that stopped answering?). The database is then asked (a probe) before deciding.
 */
export const mayBeDatabaseOutage = (error: unknown): boolean =>
  !isPermanent(error) && (error instanceof HandlerTimeoutError || databaseFailure(error) !== 'other');

/**
 * Whether an attempt failed for want of the database: it failed like that, and the database does not answer a probe
 * either. The probe keeps a failure that only looks like it (a session the server killed for idling in a transaction,
 * a refused connection to something else) on the ladder, where it ends, instead of pausing and resuming forever.
 */
export const failedForWantOfDatabase = (error: unknown, databaseAnswers: boolean): boolean =>
  mayBeDatabaseOutage(error) && !databaseAnswers;

/**
 * What follows a failed attempt of the handler: waiting for the database (the delivery goes back unchanged, not
 * counted as an attempt, and the consumer pauses) when that was the failure; else the next rung of the ladder, or the
 * give-up (reported, then parked) — at once for a failure no retry can fix. (A message that cannot even be read is
 * parked without a report.) `databaseAnswers`: the probe's answer, asked only when mayBeDatabaseOutage.
 */
export function stepAfterFailure(
  error: unknown,
  attempt: number,
  { queue, retryDelaysMs }: ConsumerTopology,
  { databaseAnswers }: { databaseAnswers: boolean } = { databaseAnswers: true },
): FailureStep {
  if (failedForWantOfDatabase(error, databaseAnswers)) return { action: 'wait-for-database' };
  if (isPermanent(error)) return { action: 'give-up' };
  if (attempt <= retryDelaysMs.length) {
    return { action: 'retry', queue: retryQueueName(queue, retryDelaysMs[attempt - 1]), attempt: attempt + 1 };
  }
  return { action: 'give-up' };
}

export const isPermanent = (error: unknown) => error instanceof InvalidEventError || error instanceof PermanentError;

/** Reads a delivery against its contract: type, version and body; an InvalidEventError for anything else. */
export function readEvent<T extends object>(contract: EventContract<T>, message: ConsumeMessage): T {
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

export function deliveryMeta(message: ConsumeMessage): DeliveryMeta {
  return {
    messageId: message.properties.messageId,
    correlationId: message.properties.correlationId,
    attempt: Number(message.properties.headers?.[ATTEMPT_HEADER] ?? 1) || 1,
  };
}

/** Settles each delivery exactly once on the channel it came from; see settle(). */
export class EventDelivery {
  private readonly logger = new Logger(EventDelivery.name);
  private readonly returned = new Set<string>();
  private readonly closed = new WeakSet<ConfirmChannel>();

  constructor(
    private readonly topology: ConsumerTopology,
    private readonly options: DeliveryOptions,
    private readonly database: DeliveryDatabase,
    /** Declares the topology again, after a forward came back unroutable (a queue deleted under us). */
    private readonly redeclare: () => Promise<void>,
  ) {}

  /** For each consuming channel: notes the copies it returns (mandatory, no queue took them) and its closing. */
  watch(channel: ConfirmChannel): void {
    channel.on('return', (message: ConsumeMessage) => {
      const id = message.properties.headers?.['x-forward-id'];
      if (typeof id === 'string') this.returned.add(id);
    });
    channel.once('close', () => this.closed.add(channel));
  }

  /**
   * Ack after success; a failing handler goes to the next retry queue, then (after the give-up report) to the
   * dead-letter queue; a message that breaks the contract, or fails permanently, goes straight to the dead-letter
   * queue; one that failed for want of the database, or arrived while the consumer is paused for it, goes back to its
   * own queue as it came (see waitForDatabase). A crash before the copy is confirmed leaves the original unacked
   * (redelivered); after, a duplicate that the inbox absorbs — never a loss. All of it in a consumer span, child of
   * the producer's (the message's headers), and counted by outcome.
   */
  async settle<T>(channel: ConfirmChannel, message: ConsumeMessage, handlers: DeliveryHandlers<T> | undefined): Promise<void> {
    // Only our contracts' types as labels and span names: a poison message's type is anything at all.
    const type = handlers?.contract.type ?? 'unknown';
    const { span, context: traced } = startConsumeSpan(this.topology.queue, type, message);
    try {
      const outcome = await context.with(traced, () => this.settleIn(channel, message, handlers));
      if (outcome) {
        span.setAttribute('messaging.outcome', outcome);
        this.options.metrics?.consumed.inc({ type, outcome });
      }
      if (outcome === 'retry' || outcome === 'dead_letter' || outcome === 'returned') {
        span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
      }
    } finally {
      span.end();
    }
  }

  private async settleIn<T>(
    channel: ConfirmChannel,
    message: ConsumeMessage,
    handlers: DeliveryHandlers<T> | undefined,
  ): Promise<Settled> {
    const meta = deliveryMeta(message);
    // Prefetched before the pause took effect (basic.cancel leaves delivered messages with us): back, unhandled.
    if (this.database.outage.ongoing) return this.waitForDatabase(channel, message, meta, undefined);
    if (!handlers) {
      const error = new PermanentError(`no handler for events of type ${String(message.properties.type)}`);
      return this.forward(channel, message, deadLetterQueueName(this.topology.queue), meta.attempt, error);
    }
    let event: T;
    try {
      event = readEvent(handlers.contract, message) as T;
    } catch (error) {
      return this.forward(channel, message, deadLetterQueueName(this.topology.queue), meta.attempt, error);
    }

    const started = process.hrtime.bigint();
    let duplicate = false;
    try {
      ({ duplicate } = await inDeliveryScope(meta.messageId, () => this.withTimeout(handlers.handle(event, meta))));
    } catch (error) {
      const databaseAnswers = mayBeDatabaseOutage(error) ? await this.database.outage.answers() : true;
      const step = stepAfterFailure(error, meta.attempt, this.topology, { databaseAnswers });
      if (step.action === 'wait-for-database') return this.waitForDatabase(channel, message, meta, error);
      if (step.action === 'retry') return this.forward(channel, message, step.queue, step.attempt, error);
      if (step.action === 'give-up' && handlers.giveUp) return this.giveUp(channel, message, handlers, event, error, meta);
      return this.forward(channel, message, deadLetterQueueName(this.topology.queue), meta.attempt, error);
    } finally {
      this.options.metrics?.handlerDuration.observe({ type: handlers.contract.type }, Number(process.hrtime.bigint() - started) / 1e9);
    }
    if (!ack(channel, message, this.logger)) return undefined;
    const occurredAt = Date.parse((event as { occurredAt?: string }).occurredAt ?? '');
    if (!duplicate && Number.isFinite(occurredAt)) {
      this.options.metrics?.endToEndLatency.observe({ type: handlers.contract.type }, Math.max(0, Date.now() - occurredAt) / 1000);
    }
    return duplicate ? 'duplicate' : 'ack';
  }

  /**
   * Out of attempts: report it, then park the message for a person to look at. A report that fails (the database is
   * usually why both failed) is tried again after the longest delay, a bounded number of times; then the message is
   * parked anyway, with that reason, and an error is logged once.
   */
  private async giveUp<T>(
    channel: ConfirmChannel,
    message: ConsumeMessage,
    handlers: DeliveryHandlers<T>,
    event: T,
    error: unknown,
    meta: DeliveryMeta,
  ): Promise<Settled> {
    const deadLetters = deadLetterQueueName(this.topology.queue);
    try {
      await this.withTimeout(handlers.giveUp!(event, { reason: describe(error), error }, meta));
    } catch (reportError) {
      // The report needs the database too: without it, the delivery waits like any other (given up again later).
      const databaseAnswers = mayBeDatabaseOutage(reportError) ? await this.database.outage.answers() : true;
      if (failedForWantOfDatabase(reportError, databaseAnswers)) return this.waitForDatabase(channel, message, meta, reportError);
      const reportAttempt = Number(message.properties.headers?.[REPORT_ATTEMPT_HEADER] ?? 1) || 1;
      const delays = this.topology.retryDelaysMs;
      const again = delays.length > 0 && !isPermanent(reportError) && reportAttempt < this.options.giveUpReportAttempts;
      if (again) {
        this.logger.warn({ msg: 'could not report the give-up; trying again later', ...meta, reportAttempt, error: describe(reportError) });
        const queue = retryQueueName(this.topology.queue, Math.max(...delays));
        return this.forward(channel, message, queue, meta.attempt, reportError, { [REPORT_ATTEMPT_HEADER]: reportAttempt + 1 });
      }
      const reason = `${describe(error)}; the give-up could not be reported after ${reportAttempt} tries: ${describe(reportError)}`;
      this.logger.error({ msg: 'could not report the give-up; parking the delivery unreported', ...meta, error: reason });
      return this.forward(channel, message, deadLetters, meta.attempt, new Error(reason));
    }
    return this.forward(channel, message, deadLetters, meta.attempt, error);
  }

  /**
   * The database is unavailable: the consumer pauses (once), and the delivery goes back to its own queue with the
   * headers it came with — the same attempt, so this one does not count — as a copy confirmed by the broker before the
   * original is acked, like a retry. Not nack-with-requeue: on a quorum queue every requeue counts towards
   * `x-delivery-limit`, and an outage with its redeliveries (each resumption hands the queue's head to handlers that
   * may fail again) would push messages into the dead-letter queue that way. The copy is a new message to the broker,
   * and it waits at the queue's tail until the consumer resumes.
   */
  private waitForDatabase(channel: ConfirmChannel, message: ConsumeMessage, meta: DeliveryMeta, error: unknown): Promise<Settled> {
    if (error !== undefined) this.database.outage.begin(error);
    this.database.outage.noteReturned();
    const reason = error ?? new Error('consumer paused: the database is unavailable');
    return this.forward(channel, message, this.topology.queue, meta.attempt, reason);
  }

  /**
   * Copies the message to `queue` (mandatory, persistent) and acks the original once the broker confirmed the copy.
   * A copy that is refused, returned or unconfirmed is tried again with a growing delay while the channel lives; if
   * the channel closes first, the broker redelivers the original.
   */
  private async forward(
    channel: ConfirmChannel,
    message: ConsumeMessage,
    queue: string,
    attempt: number,
    error: unknown,
    extraHeaders: Record<string, unknown> = {},
  ): Promise<Settled> {
    const reason = describe(error);
    const meta = { messageId: message.properties.messageId, type: message.properties.type, attempt, queue, reason };
    const outcome: DeliveryOutcome =
      queue === deadLetterQueueName(this.topology.queue) ? 'dead_letter' : queue === this.topology.queue ? 'returned' : 'retry';
    // Returns are many while the database is away; the pause and the resumption have a line each (DatabaseOutage).
    if (outcome === 'returned') this.logger.debug({ msg: 'delivery returned to its queue', ...meta });
    else this.logger.warn({ msg: 'delivery failed; forwarding', ...meta });
    const headers = {
      ...message.properties.headers,
      ...extraHeaders,
      [ATTEMPT_HEADER]: attempt,
      'x-failure-reason': reason.slice(0, 1000),
      'x-failed-at': new Date().toISOString(),
      'x-original-queue': this.topology.queue,
    };
    for (let tries = 0; ; tries++) {
      const forwardId = `${message.properties.messageId ?? ''}:${Date.now()}:${tries}`;
      try {
        await this.publishConfirmed(channel, queue, message, { ...headers, 'x-forward-id': forwardId });
        if (!ack(channel, message, this.logger, meta)) return undefined;
        return outcome;
      } catch (publishError) {
        if (this.closed.has(channel)) {
          this.logger.warn({ msg: 'channel closed before the copy was confirmed; the broker redelivers', ...meta });
          return undefined;
        }
        const delayMs = Math.min(200 * 2 ** tries, 30_000);
        this.logger.error({ msg: 'could not forward delivery; trying again', ...meta, delayMs, error: String(publishError) });
        if (publishError instanceof UnroutableError) await this.redeclare().catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      } finally {
        this.returned.delete(forwardId);
      }
    }
  }

  private publishConfirmed(channel: ConfirmChannel, queue: string, message: ConsumeMessage, headers: Record<string, unknown>) {
    const forwardId = headers['x-forward-id'] as string;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no confirm from the broker')), 10_000);
      channel.publish(
        '',
        queue,
        message.content,
        { ...message.properties, persistent: true, mandatory: true, headers },
        (error) => {
          clearTimeout(timer);
          // The broker sends basic.return before the confirm of a mandatory message no queue took.
          if (error) reject(error);
          else if (this.returned.has(forwardId)) reject(new UnroutableError(queue));
          else resolve();
        },
      );
    });
  }

  private async withTimeout(work: Promise<void>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new HandlerTimeoutError(`the handler did not finish within ${this.options.handlerTimeoutMs} ms`)),
        this.options.handlerTimeoutMs,
      );
    });
    try {
      await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

class UnroutableError extends Error {
  constructor(queue: string) {
    super(`no queue ${queue} to take the copy`);
  }
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));


/** On a closed channel ack throws; the broker redelivers such a message, so log and carry on. Answers whether it acked. */
function ack(channel: ConfirmChannel, message: ConsumeMessage, logger: Logger, meta: object = {}): boolean {
  try {
    channel.ack(message);
    return true;
  } catch (error) {
    logger.warn({ msg: 'could not ack; the broker will redeliver', ...meta, error: String(error) });
    return false;
  }
}
