// Every setting of the coordinator service, with the default used for local runs (see README, "Configuration").
import { ArrayMaxSize, IsInt, IsString, IsUrl, Max, Min } from 'class-validator';
import { Env, HttpSettings, IsTimeZone } from '@wedding/infrastructure';

/** Also the HTTP edge's settings of HttpSettings (HOST, CORS_ORIGINS, TRUST_PROXY, JWT_*, RATE_LIMIT_PER_MINUTE). */
export class CoordinatorConfig extends HttpSettings {
  @Env('COORDINATOR_PORT') @IsInt() @Min(0) @Max(65535) port = 3002;
  @Env('COORDINATOR_DATABASE_URL') @IsString() databaseUrl = 'postgres://postgres@127.0.0.1:5432/coordinator';
  @Env('COORDINATOR_DATABASE_POOL_SIZE') @IsInt() @Min(1) databasePoolSize = 10;
  @Env('AMQP_URL') @IsUrl({ protocols: ['amqp', 'amqps'], require_tld: false }) amqpUrl =
    'amqp://guest:guest@127.0.0.1:5672';
  @Env('BOOKINGS_EXCHANGE') @IsString() bookingsExchange = 'bookings.events';
  @Env('COORDINATOR_EXCHANGE') @IsString() coordinatorExchange = 'coordinator.events';
  @Env('BOOKING_CREATED_QUEUE') @IsString() bookingCreatedQueue = 'coordinator.booking-created';
  @Env('CONSUMER_PREFETCH') @IsInt() @Min(1) @Max(1000) consumerPrefetch = 10;
  /** One retry per delay; a booking whose integration fails once more is dead-lettered. */
  @Env('CONSUMER_RETRY_DELAYS_MS') @ArrayMaxSize(10) @IsInt({ each: true }) @Min(1, { each: true })
  consumerRetryDelaysMs: number[] = [1_000, 10_000, 60_000];
  /** The marketplace's calendar, the bookings service's too: "the booking date" and "today" for milestone due dates. */
  @Env('MARKETPLACE_TIME_ZONE', 'COORDINATOR_TIME_ZONE') @IsString() @IsTimeZone() timeZone = 'Asia/Manila';
  @Env('OUTBOX_POLL_INTERVAL_MS') @IsInt() @Min(10) outboxPollIntervalMs = 1000;
  @Env('OUTBOX_BATCH_SIZE') @IsInt() @Min(1) outboxBatchSize = 100;
  @Env('PUBLISH_TIMEOUT_MS') @IsInt() @Min(100) publishTimeoutMs = 5000;
}
