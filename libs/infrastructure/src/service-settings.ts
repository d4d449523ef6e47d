// The settings every service shares, beyond the HTTP ones: the broker and its topology's tunables, the outbox and
// the consumer, message retention and database timeouts. Each app's config class extends this one.
import { ArrayMaxSize, IsIn, IsInt, IsNumber, IsString, Matches, Max, Min } from 'class-validator';
import { Env, IsTimeZone } from './config';
import { HttpSettings } from './http-settings';

/** One URL, or the nodes of a cluster separated by commas. */
const AMQP_URLS = /^amqps?:\/\/[^\s,]+(,\s*amqps?:\/\/[^\s,]+)*$/;

export class ServiceSettings extends HttpSettings {
  @Env('AMQP_URL') @Matches(AMQP_URLS, { message: 'AMQP_URL must be amqp:// URLs separated by commas' })
  amqpUrl = 'amqp://guest:guest@127.0.0.1:5672';
  /** Quorum queues are RabbitMQ's recommendation for data safety; classic ones stay available. */
  @Env('QUEUE_TYPE') @IsIn(['quorum', 'classic']) queueType: 'quorum' | 'classic' = 'quorum';
  @Env('BOOKINGS_EXCHANGE') @IsString() bookingsExchange = 'bookings.events';
  @Env('COORDINATOR_EXCHANGE') @IsString() coordinatorExchange = 'coordinator.events';
  @Env('CONSUMER_PREFETCH') @IsInt() @Min(1) @Max(1000) consumerPrefetch = 10;
  /** One retry per delay; a delivery that fails once more is dead-lettered. */
  @Env('CONSUMER_RETRY_DELAYS_MS') @ArrayMaxSize(10) @IsInt({ each: true }) @Min(1, { each: true })
  consumerRetryDelaysMs: number[] = [1_000, 10_000, 60_000];
  @Env('CONSUMER_HANDLER_TIMEOUT_MS') @IsInt() @Min(100) consumerHandlerTimeoutMs = 30_000;
  /** While the consumer is paused for want of its database, how often it asks the database (SELECT 1) to resume. */
  @Env('CONSUMER_DATABASE_PROBE_INTERVAL_MS') @IsInt() @Min(100) @Max(60_000) consumerDatabaseProbeIntervalMs = 2000;
  @Env('GIVE_UP_REPORT_ATTEMPTS') @IsInt() @Min(1) @Max(100) giveUpReportAttempts = 5;
  @Env('SHUTDOWN_DRAIN_TIMEOUT_MS') @IsInt() @Min(0) shutdownDrainTimeoutMs = 10_000;
  @Env('OUTBOX_POLL_INTERVAL_MS') @IsInt() @Min(10) outboxPollIntervalMs = 1000;
  @Env('OUTBOX_BATCH_SIZE') @IsInt() @Min(1) outboxBatchSize = 100;
  /**
   * Rows a process holds in memory to publish itself right after their commit; beyond, they are left to the poll.
   * Two batches: a row held waits at most two publishes (each at most PUBLISH_TIMEOUT_MS), within its claim (three).
   */
  @Env('OUTBOX_FAST_PATH_LIMIT') @IsInt() @Min(0) outboxFastPathLimit = 200;
  @Env('PUBLISH_TIMEOUT_MS') @IsInt() @Min(100) publishTimeoutMs = 5000;
  /** Sent outbox rows and inbox rows older than this are deleted; 0 keeps them. */
  @Env('MESSAGE_RETENTION_DAYS') @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) messageRetentionDays = 7;
  @Env('MESSAGE_RETENTION_SWEEP_INTERVAL_MS') @IsInt() @Min(100) messageRetentionSweepIntervalMs = 600_000;
  /** The marketplace's calendar, for every service: "today", the booking date, quiet hours. */
  @Env('MARKETPLACE_TIME_ZONE', 'COORDINATOR_TIME_ZONE') @IsString() @IsTimeZone() timeZone = 'Asia/Manila';
  @Env('DATABASE_STATEMENT_TIMEOUT_MS') @IsInt() @Min(0) databaseStatementTimeoutMs = 10_000;
  @Env('DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS') @IsInt() @Min(0) databaseIdleInTransactionTimeoutMs = 30_000;
}
